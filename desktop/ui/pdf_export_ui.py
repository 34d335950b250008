"""File › Export as PDF and File › Print: the open document, with its highlights and
notes if asked, in the original script or Simplified.

The same drawing as ``policy-library export-pdf`` (:func:`desktop.ui.printing.export_pdf`),
run by the window's one background runner so a long law never freezes the window.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from desktop.export_pdf_cli import document_notes
from desktop.refusals import translate_reason
from desktop.text import display_text
from desktop.translators import shared as shared_translators
from desktop.ui.error_dialog import show_message
from desktop.workers import BackgroundTasks, ProgressText, Task, TaskContext
from index.document import Document

__all__ = ["OutputOptions", "PdfExport", "PdfExportDialog"]

log = logging.getLogger(__name__)


class OutputOptions(QWidget):
    """What goes on paper or into the PDF: the notes or not, and the script."""

    def __init__(self, parent: QWidget | None, simplified: bool, has_notes: bool) -> None:
        super().__init__(parent)
        self.setObjectName("outputOptions")
        self.notes_check = QCheckBox(self.tr("With my &highlights and notes"), self)
        self.notes_check.setObjectName("withNotes")
        self.notes_check.setChecked(has_notes)
        self.script_combo = QComboBox(self)
        self.script_combo.setObjectName("outputScript")
        self.script_combo.addItem(self.tr("As in the document"), False)
        self.script_combo.addItem(self.tr("Simplified Chinese (简)"), True)
        self.script_combo.setCurrentIndex(1 if simplified else 0)
        form = QFormLayout(self)
        form.addRow(self.notes_check)
        form.addRow(self.tr("&Script:"), self.script_combo)
        self.setWindowTitle(self.tr("Notes and script"))  # the print dialog's tab

    @property
    def with_notes(self) -> bool:
        return self.notes_check.isChecked()

    @property
    def simplified(self) -> bool:
        return bool(self.script_combo.currentData())


class PdfExportDialog(QDialog):
    """Asks for the :class:`OutputOptions` of a PDF."""

    def __init__(self, parent: QWidget | None, simplified: bool, has_notes: bool) -> None:
        super().__init__(parent)
        self.setObjectName("pdfExportDialog")
        self.setWindowTitle(self.tr("Export as PDF"))
        self.options = OutputOptions(self, simplified, has_notes)
        self.notes_check = self.options.notes_check
        self.script_combo = self.options.script_combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.options)
        layout.addWidget(buttons)

    @property
    def with_notes(self) -> bool:
        return self.options.with_notes

    @property
    def simplified(self) -> bool:
        return self.options.simplified


class PdfExport(QObject):
    """Asks, then writes the PDF in the ``files`` lane; says how it went."""

    written = Signal(object, int)  # path, pages
    failed = Signal(str)

    def __init__(
        self,
        window: QWidget,
        tasks: BackgroundTasks,
        notes_database: Callable[[], Path | None],
        status: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self._notes_database = notes_database
        self._status = status
        self.task: Task | None = None

    def ask(self, doc: Document, simplified: bool) -> None:
        database = self._notes_database()
        dialog = PdfExportDialog(self.window, simplified, database is not None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        title = display_text(doc.title, dialog.simplified)
        suggested = str(Path.home() / f"{_file_name(title)}.pdf")
        name, _filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        self.start(path, doc, dialog.simplified, database if dialog.with_notes else None)

    def start(
        self, path: Path, doc: Document, simplified: bool, notes_database: Path | None
    ) -> Task:
        # The page layout code loads when first used (start-up does not need it).
        from desktop.ui.printing import export_pdf

        def work(_context: TaskContext) -> int | Exception:
            try:
                notes = document_notes(notes_database, doc) if notes_database is not None else []
                return export_pdf(path, doc, simplified, notes)
            except (OSError, sqlite3.Error) as exc:  # said to the user as it stands
                log.warning("PDF export to %s failed: %s", path, exc)
                return exc

        def done(result: int | Exception) -> None:
            self.task = None
            if isinstance(result, Exception):
                self._fail(path, str(result))
                return
            self._status(
                self.tr("Saved %1 (%n page(s)).", "", result).replace("%1", str(path)),
                8000,
            )
            self.written.emit(path, result)

        self._status(self.tr("Writing %1…").replace("%1", path.name), 0)
        self.task = self.tasks.run(
            work,
            done,
            lambda message: self._fail(path, message),
            lane="files",
            progress=ProgressText("pdfProgress", self.tr("Export as PDF"), path.name),
        )
        return self.task

    def print_document(self, doc: Document, simplified: bool) -> int:
        """File › Print: the print dialog with the notes-and-script options as a tab."""
        database = self._notes_database()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(display_text(doc.title, simplified))
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(self.tr("Print"))
        options = OutputOptions(dialog, simplified, database is not None)
        dialog.setOptionTabs([options])
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return 0
        try:
            notes = []
            if options.with_notes and database is not None:
                notes = document_notes(database, doc)
            printer.setDocName(display_text(doc.title, options.simplified))
            from desktop.ui.printing import print_document

            return print_document(printer, doc, options.simplified, notes)
        except (OSError, sqlite3.Error) as exc:
            reason = translate_reason(str(exc), shared_translators().language)
            show_message(self.window, self.tr("Printing failed"), reason)
            return 0

    def _fail(self, path: Path, reason: str) -> None:
        self.task = None
        self._status("", 0)
        reason = translate_reason(reason, shared_translators().language)
        message = self.tr("The PDF could not be written: %1").replace("%1", reason)
        self.failed.emit(message)
        show_message(self.window, self.tr("Export failed"), message)


def _file_name(title: str) -> str:
    """A title as a file name: no path separators or characters Windows refuses."""
    cleaned = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in title).strip()
    return cleaned[:80] or "document"
