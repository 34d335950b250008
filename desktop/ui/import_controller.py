"""The personal library in the window: File → Import…, drag and drop, the tree group, removal.

The window owns one :class:`PersonalLibraryController`.  It opens the personal library
in a worker thread at start, shows its documents under their own group of the library
tree, and makes library search run over the bundled and the personal index together.
An import reads the files in a worker, asks about each one on the GUI thread (details,
replace or skip), imports in a worker with a progress dialog and Cancel, then sums up.
After every change the personal searcher is reopened in the worker and swapped in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QProgressDialog

from desktop import paths
from desktop.models.roles import Role
from desktop.personal import (
    PersonalState,
    combined_searcher,
    open_personal_library,
    personal_state,
)
from desktop.ui import import_dialogs
from desktop.ui.import_dialogs import SKIP_CODE, AnnotationChoice, ReadFile, Review
from desktop.ui.import_workers import LibraryTask, Progress
from desktop.ui.progress import background_progress
from index.document import Document

if TYPE_CHECKING:
    from desktop.annotations import AnnotationStore
    from desktop.importing import PersonalLibrary
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportJob:
    path: Path
    overrides: dict[str, str] | None = None
    replace_doc_id: str | None = None


@dataclass
class ImportOutcome:
    """What became of every file the user asked to import."""

    total: int
    imported: list[tuple[Path, Document]] = field(default_factory=list)
    replaced: set[str] = field(default_factory=set)  # ids of documents imported over
    failed: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    not_attempted: list[Path] = field(default_factory=list)
    cancelled: bool = False
    state: PersonalState | None = None


@dataclass(frozen=True)
class RemoveOutcome:
    document: Document
    annotations: int
    deleted_annotations: bool
    state: PersonalState


def read_for_import(library: PersonalLibrary, path: Path) -> ReadFile:
    """Parse ``path`` and look for the same file, or one of the same name, in the library."""
    from desktop.importing import DocumentImportError

    try:
        draft = library.read(path)
    except DocumentImportError as exc:
        return ReadFile(path, reason=exc.reason)
    except Exception as exc:
        log.exception("reading %s failed", path)
        return ReadFile(path, reason=f"unexpected error: {type(exc).__name__}: {exc}")
    try:
        existing = library.find_same_file(path.read_bytes())
    except OSError as exc:
        return ReadFile(path, reason=str(exc.strerror or exc))
    same_name = tuple(
        doc
        for doc in library.documents_from_file_named(path.name)
        if existing is None or doc.id != existing.id
    )
    return ReadFile(path, draft, existing=existing, same_name=same_name)


def local_files(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class PersonalLibraryController(QObject):
    """Everything the window does with the personal library; see the module docstring."""

    state_changed = Signal()  # the personal documents or their searcher changed
    import_finished = Signal(object)  # ImportOutcome
    remove_finished = Signal(object)  # RemoveOutcome
    task_failed = Signal(str)

    def __init__(self, window: MainWindow, data_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir or paths.user_data_dir()
        self.library: PersonalLibrary | None = None
        self.state = PersonalState()
        self.task: LibraryTask | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._closing = False
        self.loaded = False  # the personal library has been read once and its searcher installed
        self._offered: list[Path] = []  # named on the command line before the library was open
        self.import_action = QAction(window)
        self.import_action.setObjectName("actionImport")
        self.import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.import_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.import_action.triggered.connect(lambda: self.choose_files())
        window.addAction(self.import_action)
        menu = window.file_menu
        if menu.actions():
            first = menu.actions()[0]
            menu.insertAction(first, self.import_action)
            menu.insertSeparator(first)
        else:
            menu.addAction(self.import_action)
        tree = window.library_panel.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._show_tree_menu)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.index_ready.connect(self._install_searcher)
        self.retranslate()
        if window.library is None:
            self.import_action.setEnabled(False)
        else:
            self._open()

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import documents…"))
        self.import_action.setToolTip(
            self.tr("Add your own .docx, .pdf, .txt, .md or .html files to My documents")
        )
        if self.state.documents:  # the group's name is translated text
            self._show_documents()

    def group_label(self) -> str:
        return self.tr("My documents")

    # -- window events: drops, language, closing -------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            if isinstance(event, QDropEvent) and local_files(event) and self.library is not None:
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    files = local_files(event)
                    # Not inside the drop handler: the dragging program waits for it.
                    QTimer.singleShot(0, lambda: self.import_paths(files))
                return True
        elif kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind == QEvent.Type.Close:
            self.shutdown()
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        """Let a running import finish its current file, then release the personal index."""
        self._closing = True
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        self._close_progress()
        service = self.window.search_service
        service.cancel_pending()
        service.wait_idle()
        if self.window.library is not None and self.window.library.searcher is not None:
            service.set_searcher(self.window.library.searcher)
        self.state.close()
        self.state = PersonalState()

    # -- background tasks ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None

    def _run(
        self,
        work: Callable[[Progress], object],
        done: Callable[[Any], None],
        label: str = "",
        on_failed: Callable[[str], None] | None = None,
    ) -> LibraryTask:
        task = LibraryTask(work, self)
        self.task = task

        def finished(result: object) -> None:
            self._end_task(task)
            if self._closing:
                state = getattr(result, "state", None)
                if isinstance(state, PersonalState):
                    state.close()
                return
            done(result)

        def failed(message: str) -> None:
            self._end_task(task)
            if not self._closing:
                (on_failed or self._show_failure)(message)

        task.succeeded.connect(finished)
        task.failed.connect(failed)
        if label:
            self.progress_dialog = background_progress(
                self.window, "importProgress", self.tr("Import"), label, task.cancel
            )
            task.progress.connect(self._on_progress)
        task.start()
        return task

    def _end_task(self, task: LibraryTask) -> None:
        task.wait()
        task.deleteLater()
        if self.task is task:
            self.task = None
        self._close_progress()

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_progress(self, done: int, total: int, name: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        if name and not dialog.wasCanceled():
            dialog.setLabelText(
                self.tr("%1 (%2 of %3)")
                .replace("%1", name)
                .replace("%2", str(min(done + 1, total)))
                .replace("%3", str(total))
            )

    def _show_failure(self, message: str) -> None:
        from desktop.ui.error_dialog import show_message

        show_message(
            self.window,
            self.tr("My documents"),
            self.tr("The personal library could not be changed: %1").replace("%1", message),
        )

    def _say(self, text: str, msecs: int = 6000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    # -- opening and showing the personal library ------------------------------------------
    def _open(self) -> None:
        data_dir = self.data_dir

        def work(_progress: Progress) -> object:
            return open_personal_library(data_dir)

        def done(result: tuple[PersonalLibrary, PersonalState]) -> None:
            self.library, state = result
            self._apply_state(state)
            self._restore_last_document()
            if self._offered:
                offered, self._offered = self._offered, []
                self.import_paths(offered)

        def failed(message: str) -> None:
            log.error("the personal library could not be opened: %s", message)
            self._say(self.tr("My documents could not be opened: %1").replace("%1", message), 15000)

        self._run(work, done, on_failed=failed)

    def _apply_state(self, state: PersonalState) -> None:
        """Show ``state``'s documents and search them; the previous searcher is closed."""
        service = self.window.search_service
        old = self.state
        # While the personal library is empty, search runs on the bundled index alone:
        # then nothing searches the personal searcher and a running search may go on.
        searched = bool(old.documents or state.documents)
        if searched:
            service.cancel_pending()
            service.wait_idle()  # nothing may still be searching the searcher about to close
        self.state = state
        if self.window.library is not None:
            self.window.library.personal = state.by_id
        self._install_searcher()
        old.close()
        if searched:
            self._show_documents()
            self._rerun_search()
        self.loaded = True
        self.state_changed.emit()

    def _restore_last_document(self) -> None:
        """Reopen a personal document read last time: it was unknown when the session began."""
        window = self.window
        doc_id, block_id = window.settings.last_document
        if doc_id not in self.state.by_id or window.library is None:
            return
        fallback = window.library.documents[0].id if window.library.documents else ""
        untouched = window.current is None or (
            window.current.id == fallback and not window.history.can_go_back
        )
        if untouched:
            window.open_document(doc_id, block_id, record=False)

    def _show_documents(self) -> None:
        window = self.window
        if window.library is None:
            return
        newest_first = list(reversed(self.state.documents))
        window.library_panel.set_personal_documents(newest_first, self.group_label())
        if window.current is not None:
            window.library_panel.show_position(window.current.id, window.current_heading_id())

    def _install_searcher(self) -> None:
        library = self.window.library
        if library is None or library.searcher is None:
            return  # the bundled index is not open yet; index_ready brings us back
        self.window.search_service.set_searcher(combined_searcher(library.searcher, self.state))

    def _rerun_search(self) -> None:
        panel = self.window.search_panel
        library = self.window.library
        if library is None or library.searcher is None or not panel.query_edit.text():
            return
        panel.search_requested.emit(panel.query_edit.text(), panel.this_document.isChecked())

    # -- importing -------------------------------------------------------------------------
    def file_filter(self) -> str:
        from desktop.importing import SUPPORTED_SUFFIXES

        patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
        return self.tr("Documents (%1)").replace("%1", patterns) + ";;" + self.tr("All files (*)")

    def choose_files(self) -> None:
        if not self._ready_to_change():
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self.window, self.tr("Import documents"), str(Path.home()), self.file_filter()
        )
        if names:
            self.import_paths([Path(name) for name in names])

    def _ready_to_change(self) -> bool:
        if self.library is None:
            self._say(self.tr("My documents are still being opened; try again in a moment."))
            return False
        if self.busy:
            self._say(self.tr("Another change to My documents is still running."))
            return False
        return True

    def offer_import(self, files: Sequence[Path]) -> None:
        """Files named on the command line (``Exec=policy-library %F``): the import dialog."""
        if self.library is None and self.window.library is not None:
            self._offered.extend(Path(p) for p in files)  # imported once the library is open
        else:
            self.import_paths(files)

    def import_paths(self, files: Sequence[Path]) -> None:
        """Read ``files``, ask about each, import them in the background."""
        if not files or not self._ready_to_change():
            return
        library = self.library
        assert library is not None
        paths_to_read = list(dict.fromkeys(Path(p) for p in files))

        def work(progress: Progress) -> object:
            read: list[ReadFile] = []
            for number, path in enumerate(paths_to_read):
                if not progress(number, len(paths_to_read), path.name):
                    return None
                read.append(read_for_import(library, path))
            progress(len(paths_to_read), len(paths_to_read), "")
            return read

        def done(read: list[ReadFile] | None) -> None:
            if read is None:
                self._say(self.tr("Import cancelled; nothing was changed."))
                return
            self._review(read)

        self._run(work, done, self.tr("Reading the files…"))

    def _review(self, read: list[ReadFile]) -> None:
        outcome = ImportOutcome(total=len(read))
        readable = [r for r in read if r.draft is not None]
        outcome.failed.extend((r.path, r.reason) for r in read if r.draft is None)
        review = Review.EACH
        if len(readable) > 1:
            review = import_dialogs.ask_review(self.window, len(readable))
            if review is Review.CANCEL:
                self._say(self.tr("Import cancelled; nothing was changed."))
                return
        jobs: list[ImportJob] = []
        for position, item in enumerate(readable, start=1):
            replace_id: str | None = None
            if item.existing is not None:
                if not import_dialogs.ask_replace(self.window, item.path, item.existing):
                    outcome.skipped.append(item.path)
                    continue
                replace_id = item.existing.id
            overrides: dict[str, str] | None = None
            if review is Review.EACH:
                dialog = import_dialogs.ImportMetadataDialog(
                    item, position, len(readable), self.window
                )
                code = dialog.exec()
                overrides = dialog.overrides()
                replace_id = dialog.replace_doc_id() or replace_id
                dialog.deleteLater()
                if code == SKIP_CODE:
                    outcome.skipped.append(item.path)
                    continue
                if code != QDialog.DialogCode.Accepted.value:
                    self._say(self.tr("Import cancelled; nothing was changed."))
                    return
            jobs.append(ImportJob(item.path, overrides, replace_id))
        if not jobs:
            self._finish_import(outcome)
            return
        self._import(jobs, outcome)

    def _import(self, jobs: list[ImportJob], outcome: ImportOutcome) -> None:
        from desktop.importing import AlreadyImportedError, DocumentImportError, LibraryError

        library = self.library
        assert library is not None
        store = self.shared_annotation_store()
        data_dir = self.data_dir

        def work(progress: Progress) -> object:
            for number, job in enumerate(jobs):
                if not progress(number, len(jobs), job.path.name):
                    outcome.cancelled = True
                    outcome.not_attempted.extend(j.path for j in jobs[number:])
                    break
                try:
                    doc = library.import_file(job.path, job.overrides, job.replace_doc_id)
                except AlreadyImportedError as exc:
                    reason = self.tr("already in your library as 《%1》").replace("%1", exc.title)
                    outcome.failed.append((job.path, reason))
                except DocumentImportError as exc:
                    outcome.failed.append((job.path, exc.reason))
                except LibraryError as exc:
                    outcome.failed.append((job.path, str(exc)))
                except Exception as exc:  # one file never ends the batch
                    log.exception("import of %s failed", job.path)
                    outcome.failed.append((job.path, f"{type(exc).__name__}: {exc}"))
                else:
                    outcome.imported.append((job.path, doc))
                    if job.replace_doc_id:
                        outcome.replaced.add(doc.id)
            else:
                progress(len(jobs), len(jobs), "")
            if outcome.imported:
                outcome.state = personal_state(library)
            if outcome.state is not None:
                # Annotations of a replaced document find their place in the new text, and
                # those kept from a removed one return when the same file comes back.
                update_annotations(store, data_dir, self._documents_after(outcome.state))
            return outcome

        self._run(work, self._finish_import, self.tr("Importing…"))

    def _finish_import(self, outcome: ImportOutcome) -> None:
        if outcome.state is not None:
            self._apply_state(outcome.state)
        if outcome.imported:
            self._annotations_changed()
        window = self.window
        if outcome.imported:
            current = window.current
            if current is not None and current.id in outcome.replaced:
                window.current = None  # show the new version of the open document
                window.open_document(current.id, record=False)
            else:
                window.open_document(outcome.imported[0][1].id)
        self._report(outcome)
        self.import_finished.emit(outcome)

    def _report(self, outcome: ImportOutcome) -> None:
        warnings = [
            (path, warning)
            for path, doc in outcome.imported
            for warning in doc.extra.get("warnings", "").splitlines()
            if warning
        ]
        plain = (
            outcome.total == 1
            and len(outcome.imported) == 1
            and not warnings
            and not outcome.failed
            and not outcome.cancelled
        )
        if plain:
            doc = outcome.imported[0][1]
            self._say(self.tr("Imported 《%1》 into My documents.").replace("%1", doc.title))
            return
        lines: list[str] = []
        for path, reason in outcome.failed:
            lines.append(
                self.tr("%1 — not imported: %2").replace("%1", path.name).replace("%2", reason)
            )
        for path, warning in warnings:
            lines.append(
                self.tr("%1 — imported; note: %2").replace("%1", path.name).replace("%2", warning)
            )
        for path in outcome.skipped:
            lines.append(self.tr("%1 — skipped").replace("%1", path.name))
        for path in outcome.not_attempted:
            lines.append(self.tr("%1 — not imported (cancelled)").replace("%1", path.name))
        box = QMessageBox(self.window)
        box.setObjectName("importSummary")
        box.setWindowTitle(self.tr("Import"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        failed = bool(outcome.failed)
        box.setIcon(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information)
        text = (
            self.tr("Imported %1 of %2 file(s).")
            .replace("%1", str(len(outcome.imported)))
            .replace("%2", str(outcome.total))
        )
        if outcome.cancelled:
            text += " " + self.tr("The import was cancelled; the other files were not touched.")
        if failed:
            text += " " + self.tr("Files that could not be imported changed nothing.")
        box.setText(text)
        if lines:
            box.setInformativeText("\n".join(lines))
        box.exec()
        self._say(text)

    # -- removing --------------------------------------------------------------------------
    def context_menu_for(self, doc_id: str) -> QMenu | None:
        """The library tree's menu for a personal document (None for bundled documents)."""
        doc = self.state.by_id.get(doc_id)
        if doc is None:
            return None
        menu = QMenu(self.window.library_panel.tree)
        remove = menu.addAction(self.tr("&Remove from my library…"))
        remove.setObjectName("actionRemoveFromLibrary")
        remove.triggered.connect(lambda: self.remove_document(doc_id))
        original = self.library.original_path(doc_id) if self.library is not None else None
        if original is not None:
            menu.addSeparator()
            where = menu.addAction(
                self.tr("Imported from: %1").replace(
                    "%1", doc.extra.get("original_name", original.name)
                )
            )
            where.setEnabled(False)
        return menu

    def _show_tree_menu(self, pos: QPoint) -> None:
        tree = self.window.library_panel.tree
        doc_id = tree.indexAt(pos).data(Role.DOC_ID)
        menu = self.context_menu_for(str(doc_id)) if doc_id else None
        if menu is not None:
            menu.exec(tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def shared_annotation_store(self) -> AnnotationStore | None:
        """The window's annotation store when it has one open (its writer is the only one)."""
        from desktop.annotations import AnnotationStore

        store = getattr(getattr(self.window, "annotations", None), "store", None)
        return store if isinstance(store, AnnotationStore) else None

    def _documents_after(self, state: PersonalState) -> dict[str, Document]:
        library = self.window.library
        found = {doc.id: doc for doc in library.documents} if library is not None else {}
        found.update(state.by_id)
        return found

    def _annotations_changed(self) -> None:
        """Show the annotations as the store now has them (re-anchored, detached, deleted)."""
        reload = getattr(getattr(self.window, "annotations", None), "reload", None)
        if callable(reload):
            reload()

    def annotation_count(self, doc_id: str) -> int:
        from desktop.importing import annotation_count

        store = self.shared_annotation_store()
        if store is not None:
            with store.reader() as reader:
                return len(reader.for_document(doc_id))
        return annotation_count(self.data_dir, doc_id)

    def remove_document(self, doc_id: str) -> None:
        doc = self.state.by_id.get(doc_id)
        if doc is None or not self._ready_to_change():
            return
        count = self.annotation_count(doc_id)
        choice = import_dialogs.ask_remove(self.window, doc, count)
        if choice is AnnotationChoice.CANCEL:
            return
        delete = choice is AnnotationChoice.DELETE and count > 0
        library = self.library
        assert library is not None
        store = self.shared_annotation_store()
        data_dir = self.data_dir

        def work(_progress: Progress) -> object:
            library.remove(doc_id)
            state = personal_state(library)
            update_annotations(
                store, data_dir, self._documents_after(state), doc_id if delete else None
            )
            return RemoveOutcome(doc, count, delete, state)

        self._run(work, self._finish_remove)

    def _finish_remove(self, outcome: RemoveOutcome) -> None:
        window = self.window
        removed = outcome.document
        self._apply_state(outcome.state)
        self._annotations_changed()
        if window.current is not None and window.current.id == removed.id:
            window.current = None
            if window.library is not None and window.library.documents:
                window.open_document(window.library.documents[0].id, record=False)
        if outcome.annotations == 0:
            text = self.tr("Removed 《%1》 from My documents.")
        elif outcome.deleted_annotations:
            text = self.tr("Removed 《%1》 from My documents and deleted its %2 note(s).")
        else:
            text = self.tr("Removed 《%1》 from My documents; its %2 note(s) were kept.")
        self._say(text.replace("%1", removed.title).replace("%2", str(outcome.annotations)))
        self.remove_finished.emit(outcome)


def update_annotations(
    store: AnnotationStore | None,
    data_dir: Path,
    documents: dict[str, Document],
    delete_doc_id: str | None = None,
) -> int:
    """Delete ``delete_doc_id``'s annotations, then re-anchor all against ``documents``.

    Goes through the window's store (its writer is the one writer) or, without one,
    opens the store briefly.  Annotations of a document no longer there become
    detached, not lost.  Returns how many annotations were deleted.
    """
    from desktop.annotations import AnnotationStore
    from desktop.annotations.store import DATABASE_NAME

    if store is None and not (data_dir / DATABASE_NAME).exists():
        return 0  # no annotations at all
    own = store is None
    active = AnnotationStore(data_dir, backup_at_start=False) if store is None else store
    try:
        ids: list[str] = []
        if delete_doc_id is not None:
            with active.reader() as reader:
                ids = [annotation.id for annotation in reader.for_document(delete_doc_id)]
            for annotation_id in ids:
                active.writer.delete(annotation_id).result()
        active.writer.reanchor(documents).result()
        return len(ids)
    finally:
        if own:
            active.close()
