"""Annotations in the window: highlights in the reading view, the panel, menus, export/import.

Every change goes through the store's single writer and is shown only when its
future reports the commit (handed to the GUI thread by the window's background tasks,
:mod:`desktop.workers`).  The current document's annotations are kept in memory; after
a commit only the touched paragraphs are repainted.  Panel queries and file
export/import run in the background (lanes ``notes-panel`` and ``files``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QToolTip

from desktop import paths
from desktop.annotations import (
    COLOR_KEYS,
    DEFAULT_COLOR_LABELS,
    Annotation,
    AnnotationKind,
    AnnotationReader,
    AnnotationStore,
    ExchangeError,
    ExportFormat,
    ImportReport,
    RecoveryReport,
    SelectionError,
    UndoConflict,
    UnknownAnnotation,
    export_annotations,
    import_annotations_file,
    new_bookmark,
    new_highlight,
)
from desktop.annotations.study_notes import Script
from desktop.refusals import translate_reason
from desktop.text import codepoint_offset, display_text
from desktop.translators import shared as shared_translators
from desktop.ui.annotation_dialogs import (
    AnnotationDialog,
    ColorLabelsDialog,
    ExportDialog,
    color_icon,
)
from desktop.ui.annotation_panel import AnnotationPanel, AnnotationQueryService
from desktop.ui.annotation_render import is_painted, paint_all, paint_block, position_in_block
from desktop.ui.error_dialog import show_message
from desktop.ui.first_paint import after_first_paint
from desktop.ui.window_parts import WindowParts
from desktop.workers import TaskContext
from index.document import Document

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60_000
BACKUP_IDLE_SECONDS = 120.0
FLASH_MS = 1500
PANEL_REFRESH_MS = 80

Range = tuple[int, int, int, bool]  # block index, start, end (code points), clipped


@dataclass(frozen=True)
class OpenedStore:
    """The notes database as opened for the window: the store and its reader, or why not."""

    store: AnnotationStore | None
    reader: AnnotationReader | None
    problem: str = ""


def open_store() -> OpenedStore:
    """Open the notes database in the user data folder (the window does this in a step
    of its own, before it builds the notes panel)."""
    try:
        store = AnnotationStore(paths.user_data_dir())
        return OpenedStore(store, store.reader())
    except Exception as exc:
        log.exception("the annotation store could not be opened")
        return OpenedStore(None, None, _reason_text(exc, f"{type(exc).__name__}: {exc}"))


class AnnotationUi(QObject):
    """Owns the annotation store for the window's lifetime."""

    committed = Signal(object)  # list[Annotation] now stored and shown
    painted = Signal()  # highlights of the current document repainted
    jumped = Signal(object)  # Annotation
    exported = Signal(object, int)  # Path, count
    imported = Signal(object)  # ImportReport
    failed = Signal(str)  # a write or file operation failed (the message shown)

    def __init__(self, parts: WindowParts, opened: OpenedStore | None = None) -> None:
        super().__init__(parts.host)
        self.parts = parts
        self.window = window = parts.host
        self.reader = parts.reader
        opened = opened or open_store()
        self.store: AnnotationStore | None = opened.store
        self.gui_reader: AnnotationReader | None = opened.reader
        self.problem = opened.problem
        self.tasks = parts.tasks
        self.labels: dict[str, str] = dict(DEFAULT_COLOR_LABELS)
        self.cache: dict[str, Annotation] = {}
        self.cache_doc_id = ""
        self.last_color = "yellow"
        self.action_started: float | None = None
        self.last_latency_ms: float | None = None
        self._closed = False
        if self.gui_reader is not None:
            self.labels = self.gui_reader.color_labels()
        db_path = self.store.read_path if self.store is not None else Path()
        self.service = AnnotationQueryService(db_path, self.documents, self)
        self.panel = AnnotationPanel(self.service, window)
        self.panel.set_color_labels(self.labels)
        self.dock = parts.notes_dock  # placed by the window before its first paint
        self.dock.setWidget(self.panel)
        self._panel_timer = QTimer(self)
        self._panel_timer.setSingleShot(True)
        self._panel_timer.setInterval(PANEL_REFRESH_MS)
        self._panel_timer.timeout.connect(self.panel.refresh)
        self._create_actions()
        self._create_menus()
        self._connect()
        self.retranslate()
        enabled = self.store is not None and not self.store.read_only
        for action in self.all_actions:
            action.setEnabled(enabled)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.backup_if_idle)
        if self.store is not None:
            self.backup_timer.start()
            # Notes are matched to the documents' current text once the window has painted.
            after_first_paint(self.window, self._reanchor_at_start)
        QTimer.singleShot(0, self._tell_about_problems)

    # -- set-up ----------------------------------------------------------------------------
    def documents(self) -> Mapping[str, Document]:
        """Every document a note may belong to (bundled and the user's imported ones)."""
        return self.parts.library.documents_by_id()

    def _action(self, name: str, keys: list[str], slot: Callable[[], Any]) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        self.window.addAction(action)
        return action

    def _highlighter(self, color: str) -> Callable[[], bool]:
        return lambda: self.highlight_selection(color)

    def _create_actions(self) -> None:
        self.color_actions: dict[str, QAction] = {}
        for n, key in enumerate(COLOR_KEYS, start=1):
            action = self._action(f"actionHighlight_{key}", [f"Ctrl+{n}"], self._highlighter(key))
            action.setIcon(color_icon(key))
            self.color_actions[key] = action
        self.note_action = self._action("actionNote", ["Ctrl+Shift+N"], self.note_at_cursor)
        self.delete_action = self._action("actionDeleteAnnotation", [], self.delete_at_cursor)
        self.bookmark_action = self._action("actionBookmark", ["Ctrl+D"], self.add_bookmark)
        self.undo_action = self._action("actionUndoAnnotation", ["Ctrl+Z"], self.undo)
        self.redo_action = self._action(
            "actionRedoAnnotation", ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo
        )
        self.labels_action = self._action("actionColorLabels", [], self.edit_color_labels)
        self.export_action = self._action("actionExportNotes", [], self.export_notes)
        self.import_action = self._action("actionImportNotes", [], self.import_notes)
        self.panel_action = self.dock.toggleViewAction()
        self.panel_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.all_actions = [
            *self.color_actions.values(),
            self.note_action,
            self.delete_action,
            self.bookmark_action,
            self.undo_action,
            self.redo_action,
            self.labels_action,
            self.export_action,
            self.import_action,
        ]

    def _create_menus(self) -> None:
        menus = self.parts.menus
        menus.file.insertActions(menus.quit_action, [self.export_action, self.import_action])
        menus.file.insertSeparator(menus.quit_action)
        first = menus.edit.actions()[0] if menus.edit.actions() else None
        menus.edit.insertActions(first, [self.undo_action, self.redo_action])  # type: ignore[arg-type]
        menus.edit.insertSeparator(first)  # type: ignore[arg-type]
        self.menu = menus.notes
        self.highlight_menu = self.menu.addMenu("")
        self.highlight_menu.addActions(list(self.color_actions.values()))
        self.menu.addActions([self.note_action, self.delete_action, self.bookmark_action])
        self.menu.addSeparator()
        self.menu.addActions([self.labels_action, self.panel_action])
        menus.view.addAction(self.panel_action)

    def _connect(self) -> None:
        self.reader.rendered.connect(self._on_rendered)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._context_menu)
        # Kept: while the window is torn down the reader may be gone before this filter.
        self._viewport = self.reader.viewport()
        self._viewport.installEventFilter(self)
        self.window.installEventFilter(self)
        self.panel.activated.connect(self.jump_to)
        self.panel.edit_requested.connect(self.edit_annotation)
        self.panel.delete_requested.connect(lambda a: self.delete_annotation(a.id))

    def retranslate(self) -> None:
        self.dock.setWindowTitle(self.tr("Notes"))
        self.menu.setTitle(self.tr("&Notes"))
        self.highlight_menu.setTitle(self.tr("&Highlight selection"))
        self._label_color_actions()
        texts = {
            self.note_action: self.tr("Add or edit &note…"),
            self.delete_action: self.tr("&Delete highlight"),
            self.bookmark_action: self.tr("&Bookmark this paragraph"),
            self.undo_action: self.tr("&Undo note change"),
            self.redo_action: self.tr("Re&do note change"),
            self.labels_action: self.tr("&Colour labels…"),
            self.export_action: self.tr("&Export notes…"),
            self.import_action: self.tr("I&mport notes…"),
            self.panel_action: self.tr("Notes &panel"),
        }
        for action, text in texts.items():
            action.setText(text)
        self.panel.retranslate()

    def _label_color_actions(self) -> None:
        # "&1 重点": the digit is the mnemonic (Ctrl+digit the shortcut); a label's own
        # "&" is shown, not taken for one.
        for n, (key, action) in enumerate(self.color_actions.items(), start=1):
            label = (self.labels.get(key) or key).replace("&", "&&")
            action.setText(f"&{n} {label}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif isinstance(event, QHelpEvent) and watched is self._viewport:
            position = self.reader.cursorForPosition(event.pos()).position()
            tip = self.tooltip_at(position)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.reader.viewport())
                return True
            QToolTip.hideText()
        return super().eventFilter(watched, event)

    def _tell_about_problems(self) -> None:
        if self.store is not None and self.store.read_only_reason is not None:
            from desktop.translators import shared
            from desktop.ui.read_only_banner import read_only_reason_text, show_read_only_banner

            reason = self.store.read_only_reason
            show_read_only_banner(self.window, read_only_reason_text(reason, shared().language))
        if self.problem:
            show_message(
                self.window,
                self.tr("Notes unavailable"),
                self.tr(
                    "The notes database could not be opened, so highlights and notes are "
                    "unavailable in this session. Nothing was deleted.\n%1"
                ).replace("%1", self.problem),
            )
        elif self.store is not None and self.store.recovery is not None:
            show_message(self.window, self.tr("Notes restored from a backup"), self.recovery_text())

    def folder_writable(self) -> None:
        """The store turned writable (another process let the data folder go): notes can
        be changed from now on; the notes are read again from where they now live."""
        assert self.store is not None
        if self.gui_reader is not None:
            self.gui_reader.close()
        self.gui_reader = self.store.reader()
        self.service.db_path = self.store.read_path
        self.labels = self.gui_reader.color_labels()
        self.panel.set_color_labels(self.labels)
        self._label_color_actions()
        for action in self.all_actions:
            action.setEnabled(True)
        self._reanchor_at_start()
        self.reload()
        if self.store.recovery is not None:
            show_message(self.window, self.tr("Notes restored from a backup"), self.recovery_text())

    def show_read_only_state(self) -> None:
        """The banner while the store is read-only (with the current reason), none after."""
        from desktop.translators import shared
        from desktop.ui.read_only_banner import (
            hide_read_only_banner,
            read_only_reason_text,
            show_read_only_banner,
        )

        reason = self.store.read_only_reason if self.store is not None else None
        if reason is None:
            hide_read_only_banner(self.window)
        else:
            show_read_only_banner(self.window, read_only_reason_text(reason, shared().language))

    def recovery_text(self) -> str:
        report: RecoveryReport | None = self.store.recovery if self.store is not None else None
        if report is None:
            return ""
        text = self.tr(
            "The notes database was damaged. The damaged file was kept, unchanged, at:\n%1"
        ).replace("%1", str(report.damaged_path))
        if report.restored_from is None or report.backup_taken is None:
            text += "\n\n" + self.tr(
                "No good backup was found, so the notes start empty. "
                "Your administrator may be able to recover the damaged file."
            )
        else:
            text += "\n\n" + self.tr(
                "The backup of %1 was restored. Highlights and notes made or changed "
                "after that time may be missing."
            ).replace("%1", f"{report.backup_taken:%Y-%m-%d %H:%M}")
        return text

    # -- the store's answers -----------------------------------------------------------------
    def _submit(
        self,
        future: Future[Any],
        on_done: Callable[[Any], None],
        what: str,
    ) -> None:
        def finished(done: Future[Any]) -> None:
            if self._closed:
                return
            try:
                result = done.result()
            except UndoConflict:
                self._status(self.tr("That change was edited since; it cannot be undone."))
                self.failed.emit("conflict")
                return
            except UnknownAnnotation:
                self._status(self.tr("That note no longer exists."))
                self.failed.emit("unknown")
                return
            except Exception as exc:
                log.exception("annotation write failed: %s", what)
                message = self.tr("The note could not be saved: %1").replace(
                    "%1", _reason_text(exc, str(exc))
                )
                self._status(message)
                self.failed.emit(message)
                return
            on_done(result)

        self.tasks.watch(future, finished)

    def _status(self, text: str, ms: int = 4000) -> None:
        self.parts.status(text, ms)

    def _apply(self, records: list[Annotation], message: str = "") -> None:
        """Records the writer committed: update the view, then say so."""
        touched: set[str] = set()
        for record in records:
            if record.doc_id != self.cache_doc_id:
                continue
            old = self.cache.pop(record.id, None)
            if old is not None:
                touched.add(old.block_id)
            if not record.deleted:
                self.cache[record.id] = record
                touched.add(record.block_id)
        self._repaint_blocks(touched)
        if message:
            self._status(message)
        self._panel_timer.start()
        self.committed.emit(records)

    def _repaint_blocks(self, block_ids: set[str]) -> None:
        by_block = self._by_block()
        for block_id in block_ids:
            index = self.reader.block_index(block_id)
            if index is not None:
                paint_block(self.reader, index, by_block.get(block_id, []))
        self._painted()

    def _painted(self) -> None:
        if self.action_started is not None:
            self.last_latency_ms = (time.perf_counter() - self.action_started) * 1000
            self.action_started = None
        self.painted.emit()

    def _by_block(self) -> dict[str, list[Annotation]]:
        by_block: dict[str, list[Annotation]] = {}
        for annotation in self.cache.values():
            by_block.setdefault(annotation.block_id, []).append(annotation)
        return by_block

    def _load_current(self) -> None:
        doc = self.reader.document_model
        self.cache_doc_id = doc.id if doc is not None else ""
        self.cache = {}
        if doc is not None and self.gui_reader is not None:
            self.cache = {a.id: a for a in self.gui_reader.for_document(doc.id)}

    def _on_rendered(self) -> None:
        doc = self.reader.document_model
        if (doc.id if doc is not None else "") != self.cache_doc_id:
            self._load_current()
        paint_all(self.reader, self._by_block())
        self.panel.set_simplified(self.reader.simplified)
        self._painted()

    def reload(self) -> None:
        """Read the current document's annotations again (after import or re-anchoring)."""
        self._load_current()
        if self.reader.document_model is not None:
            # A full re-render clears old formats; the rendered hook paints again.
            self.reader.rerender(self.reader.simplified, self.reader.zoom)
        self.panel.refresh()

    def _reanchor_at_start(self) -> None:
        if self._closed:  # the window closed before its turn came
            return
        assert self.store is not None
        documents = self.documents()
        if not documents:
            self.panel.refresh()
            return

        def done(changed: int) -> None:
            if changed:
                log.info("%d annotation(s) re-anchored against the current documents", changed)
                self.reload()
            else:
                self.panel.refresh()

        self._submit(self.store.writer.reanchor(documents), done, "reanchor")

    def backup_if_idle(self) -> None:
        if self.store is None or self._closed:
            return
        self._submit(
            self.store.writer.backup_if_idle(BACKUP_IDLE_SECONDS), lambda _p: None, "backup"
        )

    # -- selection -------------------------------------------------------------------------
    def selected_range(self) -> Range | str:
        """The selection as a range within one paragraph, or why it cannot be annotated."""
        reader = self.reader
        cursor = reader.textCursor()
        if not cursor.hasSelection() or not reader.placed or reader.document_model is None:
            return self.tr("Select some text in the document first.")
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        index = reader.block_index_at(first)
        if index is None:
            return self.tr("Select some text in the document first.")
        placed = reader.placed[index]
        if first >= placed.start + placed.length:
            index += 1  # starts in a line between paragraphs (title, metadata): next one
        if first < placed.start:
            index = 0
        if index >= len(reader.placed) or reader.placed[index].start >= last:
            return self.tr("This part of the page cannot be annotated; select paragraph text.")
        placed = reader.placed[index]
        text = placed.block.text
        rel_start = max(0, first - placed.start)
        rel_end = last - placed.start
        clipped = rel_end > placed.length
        start = codepoint_offset(text, rel_start)
        end = codepoint_offset(text, min(rel_end, placed.length))
        if start >= end:
            return self.tr("Select some text in the document first.")
        return index, start, end, clipped

    def annotations_at(self, qt_position: int) -> list[Annotation]:
        """Highlights of the current document covering a Qt position, newest first."""
        where = position_in_block(self.reader, qt_position)
        if where is None:
            return []
        index, offset = where
        block_id = self.reader.placed[index].block.id
        found = [
            a
            for a in self.cache.values()
            if a.block_id == block_id and is_painted(a) and a.start <= offset < a.end
        ]
        return sorted(found, key=lambda a: a.created, reverse=True)

    def tooltip_at(self, qt_position: int) -> str:
        parts = []
        for annotation in self.annotations_at(qt_position):
            label = self.labels.get(annotation.color, "")
            lines = [f"【{label}】" if label else ""]
            if annotation.note.strip():
                lines.append(annotation.note.strip())
            if annotation.tags:
                lines.append(" ".join(f"#{t}" for t in annotation.tags))
            parts.append("\n".join(line for line in lines if line))
        return "\n\n".join(p for p in parts if p)

    def _annotation_under_cursor(self) -> Annotation | None:
        cursor = self.reader.textCursor()
        position = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        found = self.annotations_at(position)
        return found[0] if found else None

    # -- user actions ----------------------------------------------------------------------
    def highlight_selection(
        self, color: str, note: str = "", tags: list[str] | None = None
    ) -> bool:
        """Highlight the selected text; shown once the store has committed it."""
        if self.store is None:
            return False
        doc = self.reader.document_model
        chosen = self.selected_range()
        if isinstance(chosen, str) or doc is None:
            self._status(chosen if isinstance(chosen, str) else "")
            return False
        index, start, end, clipped = chosen
        block = self.reader.placed[index].block
        self.last_color = color
        same = [
            a
            for a in self.cache.values()
            if a.block_id == block.id and (a.start, a.end) == (start, end) and is_painted(a)
        ]
        self.action_started = time.perf_counter()
        message = (
            self.tr("Highlighted within the first paragraph only: a note belongs to one paragraph.")
            if clipped
            else self.tr("Highlight saved.")
        )
        if same and not note and not tags:
            self._submit(
                self.store.writer.update(same[0].id, color=color),
                lambda a: self._apply([a], message),
                "recolour",
            )
            return True
        try:
            annotation = new_highlight(
                doc, block.id, start, end, color=color, note=note, tags=tags or ()
            )
        except SelectionError as exc:
            self._status(str(exc))
            return False
        self._submit(self.store.writer.add(annotation), lambda a: self._apply([a], message), "add")
        return True

    def note_at_cursor(self) -> None:
        """A note on the selection (a new highlight), or edit the highlight under the cursor."""
        existing = self._annotation_under_cursor()
        chosen = self.selected_range()
        if existing is not None and (isinstance(chosen, str) or self._covers(existing, chosen)):
            self.edit_annotation(existing)
            return
        if isinstance(chosen, str):
            self._status(chosen)
            return
        index, start, end, _clipped = chosen
        quote = display_text(
            self.reader.placed[index].block.text[start:end], self.reader.simplified
        )
        dialog = AnnotationDialog(self.window, quote, self.labels, color=self.last_color)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.highlight_selection(dialog.color, note=dialog.note, tags=dialog.tags)

    def _covers(self, annotation: Annotation, chosen: Range) -> bool:
        index, start, end, _ = chosen
        return (
            self.reader.placed[index].block.id == annotation.block_id
            and annotation.start <= start
            and end <= annotation.end
        )

    def edit_annotation(self, annotation: Annotation) -> None:
        if self.store is None:
            return
        current = self.cache.get(annotation.id, annotation)
        quote = display_text(current.exact, self.reader.simplified)
        if current.kind is AnnotationKind.BOOKMARK:
            dialog = AnnotationDialog(self.window, quote, self.labels, name=current.name)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            future = self.store.writer.update(current.id, name=dialog.name)
        else:
            dialog = AnnotationDialog(
                self.window,
                quote,
                self.labels,
                color=current.color,
                note=current.note,
                tags=current.tags,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            future = self.store.writer.update(
                current.id, color=dialog.color, note=dialog.note, tags=dialog.tags
            )
        self.action_started = time.perf_counter()
        self._submit(future, lambda a: self._apply([a], self.tr("Note saved.")), "edit")

    def delete_at_cursor(self) -> None:
        existing = self._annotation_under_cursor()
        if existing is None:
            self._status(self.tr("There is no highlight here."))
            return
        self.delete_annotation(existing.id)

    def delete_annotation(self, annotation_id: str) -> None:
        if self.store is None:
            return
        self.action_started = time.perf_counter()
        self._submit(
            self.store.writer.delete(annotation_id),
            lambda a: self._apply([a], self.tr("Deleted. Undo with Ctrl+Z.")),
            "delete",
        )

    def add_bookmark(self, name: str = "") -> bool:
        doc = self.reader.document_model
        if self.store is None or doc is None or not self.reader.placed:
            return False
        chosen = self.selected_range()
        block_id = (
            self.reader.placed[chosen[0]].block.id
            if not isinstance(chosen, str)
            else self.reader.top_block_id()
        )
        try:
            bookmark = new_bookmark(doc, block_id, name)
        except SelectionError as exc:
            self._status(str(exc))
            return False

        def done(saved: Annotation) -> None:
            self._apply(
                [saved],
                self.tr("Bookmark added: %1 (rename it in the Notes panel).").replace(
                    "%1", display_text(saved.name, self.reader.simplified)
                ),
            )

        self._submit(self.store.writer.add(bookmark), done, "bookmark")
        return True

    def undo(self) -> None:
        if self.store is not None:
            self.action_started = time.perf_counter()
            self._submit(self.store.writer.undo(), lambda r: self._undone(r, True), "undo")

    def redo(self) -> None:
        if self.store is not None:
            self.action_started = time.perf_counter()
            self._submit(self.store.writer.redo(), lambda r: self._undone(r, False), "redo")

    def _undone(self, records: list[Annotation] | None, undo: bool) -> None:
        if records is None:
            self.action_started = None
            self._status(self.tr("Nothing to undo.") if undo else self.tr("Nothing to redo."))
            return
        self._apply(records, self.tr("Undone.") if undo else self.tr("Redone."))

    def edit_color_labels(self) -> None:
        if self.store is None:
            return
        dialog = ColorLabelsDialog(self.window, self.labels)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.set_color_labels(dialog.labels())

    def set_color_labels(self, labels: dict[str, str]) -> None:
        if self.store is None:
            return
        for key, label in labels.items():
            if label and label != self.labels.get(key):
                self._submit(
                    self.store.writer.set_color_label(key, label),
                    lambda _none: self._labels_saved(),
                    "color label",
                )

    def _labels_saved(self) -> None:
        if self.gui_reader is not None:
            self.labels = self.gui_reader.color_labels()
        self._label_color_actions()
        self.panel.set_color_labels(self.labels)
        self._panel_timer.start()
        self._status(self.tr("Colour labels saved."))
        self.committed.emit([])

    # -- jumping ---------------------------------------------------------------------------
    def jump_to(self, annotation: Annotation) -> bool:
        detached = annotation.is_detached
        if not self.parts.navigator.open_document(
            annotation.doc_id, "" if detached else annotation.block_id
        ):
            return False
        current = self.cache.get(annotation.id, annotation)
        index = self.reader.block_index(current.block_id)
        if current.is_detached or index is None:
            self._status(
                self.tr(
                    "This note's text was not found in the current version of the document; "
                    "its quote and note are kept in the Notes panel."
                ),
                8000,
            )
            self.jumped.emit(current)
            return True
        mark = (index, current.start, current.end)
        self.reader.ensure_mark_visible(mark)
        self.reader.set_current_mark(mark)

        def unflash() -> None:
            if self.reader.current_mark == mark:
                self.reader.set_current_mark(None)

        QTimer.singleShot(FLASH_MS, unflash)
        self.jumped.emit(current)
        return True

    # -- context menu ----------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu_at(pos)
        menu.popup(self.reader.viewport().mapToGlobal(pos))

    def context_menu_at(self, pos: QPoint) -> QMenu:
        """The reading view's menu at ``pos`` (viewport coordinates)."""
        bars = (self.reader.horizontalScrollBar(), self.reader.verticalScrollBar())
        menu = self.reader.createStandardContextMenu(pos + QPoint(bars[0].value(), bars[1].value()))
        for action in menu.actions():
            # Qt offers "Copy link location" everywhere, greyed out away from a link.
            if action.objectName() == "link-copy" and not action.isEnabled():
                menu.removeAction(action)
        citation = self.window.findChild(QAction, "actionCopyCitation")
        if citation is not None and self.reader.textCursor().hasSelection():
            actions = menu.actions()
            names = [a.objectName() for a in actions]
            place = names.index("edit-copy") + 1 if "edit-copy" in names else len(actions)
            if place < len(actions):
                menu.insertAction(actions[place], citation)  # right after Copy
            else:
                menu.addAction(citation)
        menu.addSeparator()
        under = self.annotations_at(self.reader.cursorForPosition(pos).position())
        if self.reader.textCursor().hasSelection():
            menu.addMenu(self.highlight_menu)
            menu.addAction(self.note_action)
        if under:
            target = under[0]
            menu.addAction(self.tr("Edit note and tags…"), lambda: self.edit_annotation(target))
            menu.addAction(self.tr("Delete highlight"), lambda: self.delete_annotation(target.id))
        menu.addAction(self.bookmark_action)
        return menu

    # -- files -----------------------------------------------------------------------------
    def export_notes(self) -> None:
        if self.store is None:
            return
        tags = [t for t, _n in self.gui_reader.tags()] if self.gui_reader is not None else []
        reading = Script.SIMPLIFIED if self.reader.simplified else Script.ORIGINAL
        dialog = ExportDialog(self.window, self.labels, tags, reading)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.export_format
        filters = {
            ExportFormat.DOCX: self.tr("Word documents (*.docx)"),
            ExportFormat.MARKDOWN: self.tr("Markdown files (*.md)"),
            ExportFormat.JSON: self.tr("Notes exchange files (*.json)"),
        }
        stem = self.tr("Study notes")
        suggested = Path.home() / f"{stem}.{fmt.value}"
        name, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export notes"), str(suggested), filters[fmt]
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{fmt.value}":
            path = path.with_name(path.name + f".{fmt.value}")
        self.start_export(path, fmt, dialog.where(), dialog.script)

    def start_export(
        self, path: Path, fmt: ExportFormat, where: Any = None, script: Script | None = None
    ) -> None:
        """Write the file in a worker thread; report when done."""
        assert self.store is not None
        db_path, documents = self.store.path, self.documents()
        if script is None:  # study notes in the script the reader is reading in
            script = Script.SIMPLIFIED if self.reader.simplified else Script.ORIGINAL

        def job(_context: TaskContext) -> int:
            with AnnotationReader(db_path) as reader:
                return export_annotations(reader, path, fmt, documents, where, script=script)

        self._status(self.tr("Exporting notes…"), 0)

        def failed(reason: str) -> None:
            self._status("")
            message = self.tr("The notes could not be exported: %1").replace("%1", reason)
            self.failed.emit(message)
            show_message(self.window, self.tr("Export failed"), message)

        def done(count: int) -> None:
            self._status(
                self.tr("Exported %n note(s) to %1.", "", count).replace("%1", str(path)),
                8000,
            )
            self.exported.emit(path, count)

        self.tasks.run(job, done, failed, lane="files")

    def import_notes(self) -> None:
        if self.store is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import notes"),
            str(Path.home()),
            self.tr("Notes exchange files (*.json)"),
        )
        if name:
            self.start_import(Path(name))

    def start_import(self, path: Path) -> None:
        """Back up, then merge the file (validated and merged off the GUI thread)."""
        assert self.store is not None
        writer, documents = self.store.writer, self.documents()

        def job(_context: TaskContext) -> ImportReport | str:
            writer.backup().result()
            try:
                return import_annotations_file(writer, path, documents).result()
            except ExchangeError as exc:  # the file's fault: said as it is
                return str(exc)

        self._status(self.tr("Importing notes…"), 0)
        self.tasks.run(
            job,
            lambda result: self._imported(result, path),
            lambda reason: self._import_failed(path, reason),
            lane="files",
        )

    def _imported(self, report: ImportReport | str, path: Path) -> None:
        if isinstance(report, str):
            self._import_failed(path, report)
            return
        self._status(self.tr("Notes imported."), 5000)
        self.reload()
        box = QMessageBox(self.window)
        box.setObjectName("importReport")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Notes imported"))
        box.setText(self.tr("Imported %1.").replace("%1", path.name))
        box.setInformativeText(
            self.tr(
                "Added: %1\nUpdated: %2\nUnchanged: %3\nDetached (text not found): %4\n"
                "Deletions received: %5\n\nA backup was taken before the import."
            )
            .replace("%1", str(report.added))
            .replace("%2", str(report.updated))
            .replace("%3", str(report.unchanged))
            .replace("%4", str(report.detached))
            .replace("%5", str(report.deleted))
        )
        self.imported.emit(report)
        box.exec()

    def _import_failed(self, path: Path, reason: str) -> None:
        self._status("")
        message = self.tr("%1 was not imported; your notes are unchanged.\n\n%2")
        reason = translate_reason(reason, shared_translators().language)
        message = message.replace("%1", path.name).replace("%2", reason)
        self.failed.emit(message)
        show_message(self.window, self.tr("Import failed"), message)

    # -- closing ---------------------------------------------------------------------------
    def close(self) -> None:
        """Finish writes and close the store (called when the window closes)."""
        if self._closed:
            return
        self._closed = True
        self.backup_timer.stop()
        self._panel_timer.stop()
        # The window's background tasks have ended (its close rule); no query is running.
        self.service.cancel_pending()
        if self.gui_reader is not None:
            self.gui_reader.close()
        if self.store is not None:
            self.store.close()


def _reason_text(exc: BaseException, otherwise: str) -> str:
    """A storage failure in the interface language; anything else as type and text."""
    from desktop.translators import shared
    from desktop.ui.read_only_banner import read_only_reason_text

    if callable(getattr(exc, "message", None)):
        return read_only_reason_text(exc, shared().language)
    return otherwise
