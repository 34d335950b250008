"""The 文库包 (library packs) manager: what is installed, installing from a file or a
drop, and removing.

Every step that reads a pack or changes the packs folder runs through the window's
background runner (:class:`~desktop.workers.BackgroundTasks`, lane ``library``); the
dialog shows what a pack holds and what an update changes before anything is
installed, and reports the documents added, changed and removed after.  When packs
change it calls ``on_changed`` (the window reopens the packs' searchers, and the
searchable library says ``changed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.packs import PackChange, PackService
from desktop.ui.packs_action import add_pack_manager_action
from desktop.workers import BackgroundTasks, TaskContext
from index.packs.errors import PackError
from index.packs.install import PackInfo, PackPreview

if TYPE_CHECKING:
    pass

__all__ = ["PackManagerDialog", "add_pack_manager_action"]

log = logging.getLogger(__name__)

PACK_SUFFIX = ".plpack"


class PackManagerDialog(QDialog):
    """See the module docstring."""

    def __init__(
        self,
        service: PackService,
        tasks: BackgroundTasks,
        on_changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("packManager")
        self.service = service
        self.tasks = tasks
        self.on_changed = on_changed
        self.packs: list[PackInfo] = []
        self.setAcceptDrops(True)
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, 7, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(140)
        layout.addWidget(self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.install_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.buttons.addButton(self.install_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.install_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.refresh()

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Library packs"))
        self.hint.setText(
            self.tr(
                "Library packs add signed collections of documents. Install one from a file "
                "or drop it here; only packs signed by a trusted publisher are accepted."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Id"),
                self.tr("Title"),
                self.tr("Version"),
                self.tr("Publisher"),
                self.tr("Date"),
                self.tr("Documents"),
                self.tr("Installed for"),
            ]
        )
        self.install_button.setText(self.tr("&Install from file…"))
        self.remove_button.setText(self.tr("&Remove"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def scope_text(self, scope: str) -> str:
        return self.tr("this machine") if scope == "machine" else self.tr("this user")

    def error_text(self, error: PackError) -> str:
        texts = {
            "missing": self.tr("The pack file was not found."),
            "damaged": self.tr("The file is not a library pack, or it is truncated or damaged."),
            "layout": self.tr("The pack's contents are not laid out as a pack must be."),
            "limits": self.tr("The pack is larger than this program accepts."),
            "unsigned": self.tr("The pack is not signed."),
            "untrusted": self.tr("The pack is not signed by a trusted publisher key."),
            "tampered": self.tr("The pack has been changed after it was signed."),
            "newer_format": self.tr("The pack was made for a newer version of this program."),
            "metadata": self.tr("The pack's description is invalid."),
            "id_clash": self.tr(
                "A pack with this id from a different publisher is already installed."
            ),
            "doc_clash": self.tr(
                "A document in the pack has the same id as one already in the library or "
                "in another installed pack."
            ),
            "busy": self.tr(
                "Another program is installing or removing a library pack; try again when "
                "it has finished."
            ),
            "parse": self.tr("Some documents in the pack cannot be read."),
            "index": self.tr("The pack's index cannot be used."),
            "not_installed": self.tr("No pack with this id is installed."),
            "storage": self.tr("The pack folder cannot be written."),
            "unreadable": self.tr(
                "The pack file cannot be read: its disk reported an error or was removed."
            ),
        }
        text = texts.get(error.code, self.tr("The pack cannot be used."))
        from desktop.translators import shared

        detail = error.detail_in(shared().language)
        return f"{text}\n({detail})" if detail else text

    # -- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.tasks.run(lambda _ctx: self.service.installed(), self._show_packs, self._failed)

    def _show_packs(self, packs: list[PackInfo]) -> None:
        self.packs = packs
        self.table.setRowCount(len(packs))
        for row, info in enumerate(packs):
            values = [
                info.id,
                info.title,
                info.version,
                info.publisher,
                info.date,
                str(info.documents),
                self.scope_text(info.scope)
                + (
                    " " + self.tr("(not used: another installed pack takes its place)")
                    if info.shadowed
                    else ""
                ),
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected_pack(self) -> PackInfo | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.packs[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        info = self.selected_pack()
        self.remove_button.setEnabled(info is not None and info.scope == self.service.scope)

    # -- installing ------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Install a library pack"),
            "",
            self.tr("Library packs (*%1);;All files (*)").replace("%1", PACK_SUFFIX),
        )
        if name:
            self.install_file(Path(name))

    def install_file(self, path: Path) -> None:
        """Check ``path``, show what it holds and changes, and install it if confirmed."""

        def work(_ctx: TaskContext) -> PackPreview | PackError:
            try:
                return self.service.preview(path)
            except PackError as exc:
                return exc

        self.tasks.run(work, lambda result: self._confirm(path, result), self._failed)

    def describe(self, preview: PackPreview) -> str:
        info = preview.info
        lines = [
            self.tr("%1 — version %2, %3 documents, published by %4 on %5")
            .replace("%1", f"{info.title} ({info.id})")
            .replace("%2", info.version)
            .replace("%3", str(info.documents))
            .replace("%4", info.publisher)
            .replace("%5", info.date)
        ]
        if preview.previous is not None:
            lines.append(
                self.tr("Replaces the installed version %1.").replace(
                    "%1", preview.previous.version
                )
            )
        lines += self._change_lines(preview.info, preview.previous, preview.changes)
        return "\n".join(lines)

    def _change_lines(self, info: PackInfo, previous: PackInfo | None, changes: Any) -> list[str]:
        titles = {doc_id: title for doc_id, title, _ in info.contents}
        if previous is not None:
            for doc_id, title, _ in previous.contents:
                titles.setdefault(doc_id, title)
        lines = []
        for label, ids in (
            (self.tr("Added: %1"), changes.added),
            (self.tr("Changed: %1"), changes.changed),
            (self.tr("Removed: %1"), changes.removed),
        ):
            if ids:
                lines.append(label.replace("%1", "、".join(titles.get(i, i) for i in ids)))
        return lines

    def _confirm(self, path: Path, result: PackPreview | PackError) -> None:
        if isinstance(result, PackError):
            self._refused(result)
            return
        if not self.confirm(
            self.tr("Install library pack"),
            self.describe(result) + "\n\n" + self.tr("Install this pack?"),
        ):
            return

        def work(_ctx: TaskContext) -> PackChange | PackError:
            try:
                return self.service.install(path)
            except PackError as exc:
                return exc

        self.install_button.setEnabled(False)
        self.tasks.run(work, self._installed, self._failed)

    def _installed(self, result: PackChange | PackError) -> None:
        self.install_button.setEnabled(True)
        if isinstance(result, PackError):
            self._refused(result)
            return
        report = result.report
        assert report is not None
        lines = [
            self.tr("Installed %1 version %2.")
            .replace("%1", f"{report.info.title} ({report.info.id})")
            .replace("%2", report.info.version)
        ]
        lines += self._change_lines(report.info, report.previous, report.changes)
        if result.notes_reanchored:
            lines.append(self.tr("%n note(s) re-anchored.", "", result.notes_reanchored))
        self.details.setPlainText("\n".join(lines))
        self._changed()

    # -- removing --------------------------------------------------------------------------
    def remove_selected(self) -> None:
        info = self.selected_pack()
        if info is None:
            return
        if not self.confirm(
            self.tr("Remove library pack"),
            self.tr(
                "Remove %1? Its documents leave the library; notes on them are kept, detached."
            ).replace("%1", f"{info.title} ({info.id})"),
        ):
            return

        def work(_ctx: TaskContext) -> PackChange | PackError:
            try:
                return self.service.remove(info.id)
            except PackError as exc:
                return exc

        self.tasks.run(work, self._removed, self._failed)

    def _removed(self, result: PackChange | PackError) -> None:
        if isinstance(result, PackError):
            self._refused(result)
            return
        assert result.removed is not None
        self.details.setPlainText(
            self.tr("Removed %1.").replace("%1", f"{result.removed.title} ({result.removed.id})")
        )
        self._changed()

    # -- common ----------------------------------------------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def warn(self, title: str, text: str) -> None:
        QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self).exec()

    def _changed(self) -> None:
        self.refresh()
        if self.on_changed is not None:
            self.on_changed()

    def _refused(self, error: PackError) -> None:
        text = self.error_text(error)
        self.details.setPlainText(text)
        self.warn(self.tr("Library pack refused"), text)

    def _failed(self, message: str) -> None:
        self.install_button.setEnabled(True)
        self.details.setPlainText(message)
        self.warn(self.tr("Library packs"), message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime is not None and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime else []
        if files:
            event.acceptProposedAction()
            self.install_file(files[0])
