"""The personal library in the window: File → Import…, drag and drop, the tree group, removal.

The window owns one :class:`PersonalLibraryController`.  It opens the personal library
in the background at start and shows its documents under their own group of the
library tree; the searchable library (:mod:`desktop.searchable`) searches them with the
rest.  An import reads the files in the background, asks about each one on the GUI
thread (details, replace or skip), then has :class:`~desktop.personal.PersonalLibraryService`
import them — and re-anchor the notes — in the background with progress and Cancel,
then sums up.  After every change the new picture of the library goes to the
searchable library, which says ``changed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from desktop import paths
from desktop.models.roles import Role
from desktop.personal import (
    ImportJob,
    ImportOutcome,
    PersonalLibraryService,
    PersonalState,
    ReadFile,
    RemoveOutcome,
    open_personal_library,
    read_for_import,
)
from desktop.refusals import translate_reason
from desktop.translators import shared as shared_translators
from desktop.ui import import_dialogs
from desktop.ui.document_details import DocumentDetailsDialog
from desktop.ui.first_paint import after_first_paint
from desktop.ui.import_dialogs import SKIP_CODE, AnnotationChoice, Review
from desktop.ui.window_parts import WindowParts
from desktop.workers import ProgressText, Task, TaskContext

if TYPE_CHECKING:
    from desktop.annotations import AnnotationStore
    from desktop.importing import PersonalLibrary

__all__ = ["ImportOutcome", "PersonalLibraryController", "RemoveOutcome", "read_for_import"]

log = logging.getLogger(__name__)


def local_files(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class PersonalLibraryController(QObject):
    """Everything the window does with the personal library; see the module docstring."""

    state_changed = Signal()  # the personal documents changed
    notes_changed = Signal()  # notes were re-anchored, detached or deleted
    import_finished = Signal(object)  # ImportOutcome
    remove_finished = Signal(object)  # RemoveOutcome
    details_saved = Signal(object)  # the Document with its new title, source, date, author
    task_failed = Signal(str)

    def __init__(
        self,
        parts: WindowParts,
        notes_store: AnnotationStore | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parts.host)
        self.parts = parts
        self.host = parts.host
        self.notes_store = notes_store
        self.data_dir = data_dir or paths.user_data_dir()
        self.library: PersonalLibrary | None = None
        self.service: PersonalLibraryService | None = None
        self.task: Task | None = None
        self.loaded = False  # the personal library has been read once and its searcher installed
        # Named on the command line (or by a second launch) before the library was open
        # or while another change ran: imported when it is open and free.
        self._offered: list[Path] = []
        self.import_action = QAction(self.host)
        self.import_action.setObjectName("actionImport")
        self.import_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.import_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.import_action.triggered.connect(lambda: self.choose_files())
        self.host.addAction(self.import_action)
        menu = parts.menus.file
        if menu.actions():
            first = menu.actions()[0]
            menu.insertAction(first, self.import_action)
            menu.insertSeparator(first)
        else:
            menu.addAction(self.import_action)
        tree = parts.library_panel.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._show_tree_menu)
        self.host.setAcceptDrops(True)
        self.host.installEventFilter(self)
        self.retranslate()
        if parts.library.library is None:
            self.import_action.setEnabled(False)
        else:  # read in the background once the window has painted
            after_first_paint(self.host, self._open)

    @property
    def state(self) -> PersonalState:
        return self.parts.library.personal

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        if self.library is not None:  # a document read again from its original follows it
            self.library.language = shared_translators().language
        self.import_action.setText(self.tr("&Import documents…"))
        self.import_action.setToolTip(
            self.tr("Add your own .docx, .pdf, .txt, .md or .html files to My documents")
        )
        if self.state.documents:  # the group's name is translated text
            self._show_documents()

    def group_label(self) -> str:
        return self.tr("My documents")

    # -- window events: drops, language ----------------------------------------------------
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
        return super().eventFilter(watched, event)

    # -- background tasks ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None

    def _run(
        self,
        work: Callable[[TaskContext], object],
        done: Callable[[Any], None],
        label: str = "",
        on_failed: Callable[[str], None] | None = None,
    ) -> Task:
        def finished(result: object) -> None:
            self.task = None
            done(result)
            self._import_offered()

        def failed(message: str) -> None:
            self.task = None
            (on_failed or self._show_failure)(message)
            self._import_offered()

        progress = ProgressText("importProgress", self.tr("Import"), label) if label else None
        self.task = self.parts.tasks.run(
            work, finished, failed, lane="library", progress=progress, discard=_release
        )
        return self.task

    def _file_label(self, name: str, done: int, total: int) -> str:
        if not name:
            return ""
        return (
            self.tr("%1 (%2 of %3)")
            .replace("%1", name)
            .replace("%2", str(min(done + 1, total)))
            .replace("%3", str(total))
        )

    def _show_failure(self, message: str) -> None:
        from desktop.ui.error_dialog import show_message

        show_message(
            self.host,
            self.tr("My documents"),
            self.tr("The personal library could not be changed: %1").replace("%1", message),
        )

    def _say(self, text: str, msecs: int = 6000) -> None:
        self.parts.status(text, msecs)

    # -- opening and showing the personal library ------------------------------------------
    def _open(self) -> None:
        data_dir = self.data_dir
        owner = self.parts.library
        # Looked up lazily: a library opened from its catalog reads a document when asked.
        bundled = owner.documents_by_id() if owner.library is not None else {}

        language = shared_translators().language  # of a text read again from its original

        def work(_context: TaskContext) -> object:
            return open_personal_library(data_dir, language)

        def done(result: tuple[PersonalLibrary, PersonalState]) -> None:
            self.library, state = result
            self.service = PersonalLibraryService(
                self.library, data_dir, lambda: bundled, self.notes_store
            )
            self._apply_state(state)
            self.parts.navigator.open_if_untouched(*self.parts.settings.last_document)
            if self._offered:
                offered, self._offered = self._offered, []
                self.import_paths(offered)

        def failed(message: str) -> None:
            log.error("the personal library could not be opened: %s", message)
            self._say(self.tr("My documents could not be opened: %1").replace("%1", message), 15000)

        self._run(work, done, on_failed=failed)

    def folder_writable(self, state: PersonalState) -> None:
        """The personal library turned writable; ``state`` shows what is in it now (another
        process may have imported documents meanwhile)."""
        self.parts.library.set_personal(state)
        self._show_documents()
        self.state_changed.emit()

    def _apply_state(self, state: PersonalState) -> None:
        """Hand ``state`` to the searchable library; show its documents."""
        shown = bool(self.state.documents or state.documents)
        self.parts.library.set_personal(state)
        if shown:
            self._show_documents()
        self.loaded = True
        self.state_changed.emit()

    def _show_documents(self) -> None:
        if self.parts.library.library is None:
            return
        newest_first = list(reversed(self.state.documents))
        panel = self.parts.library_panel
        panel.set_personal_documents(newest_first, self.group_label())
        current = self.parts.navigator.current_document
        if current is not None:
            panel.show_position(current.id, self.parts.navigator.current_heading_id())

    # -- importing -------------------------------------------------------------------------
    def file_filter(self) -> str:
        from desktop.importing import SUPPORTED_SUFFIXES
        from desktop.importing.readers import CONVERT_FIRST_SUFFIXES

        # The formats to convert first are offered too: choosing one says how.
        suffixes = sorted({*SUPPORTED_SUFFIXES, *CONVERT_FIRST_SUFFIXES})
        patterns = " ".join(f"*{suffix}" for suffix in suffixes)
        return self.tr("Documents (%1)").replace("%1", patterns) + ";;" + self.tr("All files (*)")

    def choose_files(self) -> None:
        if not self._ready_to_change():
            return
        names, _filter = QFileDialog.getOpenFileNames(
            self.host, self.tr("Import documents"), str(Path.home()), self.file_filter()
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
        if (self.library is None and self.parts.library.library is not None) or self.busy:
            self._offered.extend(Path(p) for p in files)  # see _import_offered
        else:
            self.import_paths(files)

    def _import_offered(self) -> None:
        """The files offered while the library was not open or busy, now that it is free."""
        if self._offered and self.library is not None and not self.busy:
            offered, self._offered = self._offered, []
            self.import_paths(offered)

    def import_paths(self, files: Sequence[Path]) -> None:
        """Read ``files``, ask about each, import them in the background."""
        if not files or not self._ready_to_change():
            return
        library = self.library
        assert library is not None
        paths_to_read = list(dict.fromkeys(Path(p) for p in files))
        language = shared_translators().language  # of the words a reader adds to the text

        def work(context: TaskContext) -> object:
            read: list[ReadFile] = []
            total = len(paths_to_read)
            for number, path in enumerate(paths_to_read):
                if not context.progress(number, total, self._file_label(path.name, number, total)):
                    return None
                read.append(read_for_import(library, path, language))
            context.progress(total, total)
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
            review = import_dialogs.ask_review(self.host, len(readable))
            if review is Review.CANCEL:
                self._say(self.tr("Import cancelled; nothing was changed."))
                return
        jobs: list[ImportJob] = []
        for position, item in enumerate(readable, start=1):
            replace_id: str | None = None
            if item.existing is not None:
                if not import_dialogs.ask_replace(self.host, item.path, item.existing):
                    outcome.skipped.append(item.path)
                    continue
                replace_id = item.existing.id
            overrides: dict[str, str] | None = None
            if review is Review.EACH:
                dialog = import_dialogs.ImportMetadataDialog(
                    item, position, len(readable), self.host
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
        service = self.service
        assert service is not None
        language = shared_translators().language

        def work(context: TaskContext) -> object:
            def progress(done: int, total: int, name: str) -> bool:
                return context.progress(done, total, self._file_label(name, done, total))

            def already(title: str) -> str:
                return self.tr("already in your library as 《%1》").replace("%1", title)

            done = service.import_files(jobs, progress, already_reason=already, language=language)
            # Files the user skipped or that could not be read are counted too.
            done.total = outcome.total
            done.failed[:0] = outcome.failed
            done.skipped[:0] = outcome.skipped
            return done

        self._run(work, self._finish_import, self.tr("Importing…"))

    def _finish_import(self, outcome: ImportOutcome) -> None:
        if outcome.state is not None:
            self._apply_state(outcome.state)
        if outcome.imported:
            self.notes_changed.emit()
            navigator = self.parts.navigator
            current = navigator.current_document
            if current is not None and current.id in outcome.replaced:
                navigator.show_new_version(current.id)
            else:
                navigator.open_document(outcome.imported[0][1].id)
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
                self.tr("%1 — not imported: %2")
                .replace("%1", path.name)
                .replace("%2", translate_reason(reason, shared_translators().language))
            )
        for path, warning in warnings:
            lines.append(
                self.tr("%1 — imported; note: %2").replace("%1", path.name).replace("%2", warning)
            )
        for path in outcome.skipped:
            lines.append(self.tr("%1 — skipped").replace("%1", path.name))
        for path in outcome.not_attempted:
            lines.append(self.tr("%1 — not imported (cancelled)").replace("%1", path.name))
        box = QMessageBox(self.host)
        box.setObjectName("importSummary")
        box.setWindowTitle(self.tr("Import"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        failed = bool(outcome.failed)
        box.setIcon(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information)
        text = self.tr("Imported %1 of %n file(s).", "", outcome.total).replace(
            "%1", str(len(outcome.imported))
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
        menu = QMenu(self.parts.library_panel.tree)
        details = menu.addAction(self.tr("Edit &details (title, source, date, author)…"))
        details.setObjectName("actionEditDocumentDetails")
        details.triggered.connect(lambda: self.edit_details(doc_id))
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
        tree = self.parts.library_panel.tree
        doc_id = tree.indexAt(pos).data(Role.DOC_ID)
        menu = self.context_menu_for(str(doc_id)) if doc_id else None
        if menu is not None:
            menu.exec(tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def edit_details(self, doc_id: str) -> None:
        """Change a personal document's title, source, date or author: only the details
        change (the text is not read again; notes stay on their words)."""
        doc = self.state.by_id.get(doc_id)
        if doc is None or not self._ready_to_change():
            return
        dialog = DocumentDetailsDialog(self.host, doc)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted.value
        values = dialog.values()
        dialog.deleteLater()
        if not accepted:
            return
        service = self.service
        assert service is not None

        def work(_context: TaskContext) -> object:
            return service.edit_details(doc_id, values)

        self._run(work, self._finish_details)

    def _finish_details(self, outcome: ImportOutcome) -> None:
        if outcome.state is not None:
            self._apply_state(outcome.state)
        if not outcome.imported:
            reason = outcome.failed[0][1] if outcome.failed else ""
            self._show_failure(translate_reason(reason, shared_translators().language))
            return
        doc = outcome.imported[0][1]
        self.notes_changed.emit()
        self.parts.navigator.show_new_version(doc.id)
        self._say(self.tr("Saved the details of 《%1》.").replace("%1", doc.title))
        self.details_saved.emit(doc)

    def annotation_count(self, doc_id: str) -> int:
        if self.service is None:
            return 0
        return self.service.annotation_count(doc_id)

    def remove_document(self, doc_id: str) -> None:
        doc = self.state.by_id.get(doc_id)
        if doc is None or not self._ready_to_change():
            return
        count = self.annotation_count(doc_id)
        choice = import_dialogs.ask_remove(self.host, doc, count)
        if choice is AnnotationChoice.CANCEL:
            return
        delete = choice is AnnotationChoice.DELETE and count > 0
        service = self.service
        assert service is not None

        def work(_context: TaskContext) -> object:
            from desktop.importing import LibraryError

            try:
                return service.remove(doc_id, delete)
            except LibraryError as exc:  # said why (nothing was changed), in English
                return exc

        self._run(work, self._finish_remove)

    def _finish_remove(self, outcome: RemoveOutcome | Exception) -> None:
        if isinstance(outcome, Exception):
            self._show_failure(translate_reason(str(outcome), shared_translators().language))
            return
        removed = outcome.document
        self._apply_state(outcome.state)
        self.notes_changed.emit()
        self.parts.navigator.document_removed(removed.id)
        if outcome.annotations == 0:
            text = self.tr("Removed 《%1》 from My documents.")
        elif outcome.deleted_annotations:
            text = self.tr(
                "Removed 《%1》 from My documents and deleted its %n note(s).",
                "",
                outcome.annotations,
            )
        else:
            text = self.tr(
                "Removed 《%1》 from My documents; its %n note(s) were kept.",
                "",
                outcome.annotations,
            )
        self._say(text.replace("%1", removed.title))
        self.remove_finished.emit(outcome)


def _release(result: object) -> None:
    """A result nobody will see (the window closed): close the searcher it holds."""
    state = result[1] if isinstance(result, tuple) else getattr(result, "state", None)
    if isinstance(state, PersonalState):
        state.close()
