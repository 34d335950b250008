"""The questions an import or a removal asks: metadata, replace or skip, what to do with notes."""

from __future__ import annotations

import enum
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.personal import ReadFile
from index.document import Document

if TYPE_CHECKING:
    pass

# The metadata fields the dialog lets the user edit, in the order shown.
EDITED_FIELDS = ("title", "source", "date", "author")
SKIP_CODE = 2  # ImportMetadataDialog.exec(): skip this file, go on with the next


class Review(enum.Enum):
    AS_READ = "as-read"
    EACH = "each"
    CANCEL = "cancel"


class AnnotationChoice(enum.Enum):
    KEEP = "keep"
    DELETE = "delete"
    CANCEL = "cancel"


class ImportMetadataDialog(QDialog):
    """Title, source, date and author of one file, prefilled from what was read; editable.

    ``exec()`` returns Accepted (import), :data:`SKIP_CODE` (skip this file; only when
    several files are imported) or Rejected (cancel the whole import).
    """

    def __init__(
        self,
        read: ReadFile,
        position: int = 1,
        count: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert read.draft is not None
        self.setObjectName("importMetadataDialog")
        self.setWindowTitle(self.tr("Import a document"))
        self.setMinimumWidth(520)
        self.read = read
        layout = QVBoxLayout(self)
        heading = self.tr("File: %1").replace("%1", read.path.name)
        if count > 1:
            heading += "  " + self.tr("(%1 of %2)").replace("%1", str(position)).replace(
                "%2", str(count)
            )
        file_label = QLabel(heading, self)
        file_label.setObjectName("importFileLabel")
        file_label.setTextFormat(Qt.TextFormat.PlainText)
        file_label.setToolTip(str(read.path))
        layout.addWidget(file_label)
        form = QFormLayout()
        labels = {
            "title": self.tr("&Title:"),
            "source": self.tr("&Source:"),
            "date": self.tr("&Date:"),
            "author": self.tr("&Author:"),
        }
        values = read.draft.metadata()
        self.edits: dict[str, QLineEdit] = {}
        for name in EDITED_FIELDS:
            edit = QLineEdit(values.get(name, ""), self)
            edit.setObjectName(f"import_{name}")
            edit.setCursorPosition(0)
            form.addRow(labels[name], edit)
            self.edits[name] = edit
        self.edits["date"].setPlaceholderText(self.tr("e.g. 2024-03-05"))
        self.replace_combo: QComboBox | None = None
        if read.same_name:
            combo = QComboBox(self)
            combo.setObjectName("importReplaceChoice")
            combo.addItem(self.tr("Add as a new document"), "")
            for doc in read.same_name:
                combo.addItem(
                    self.tr("Replace 《%1》 (its notes stay with it)").replace("%1", doc.title),
                    doc.id,
                )
            form.addRow(self.tr("&Import as:"), combo)
            self.replace_combo = combo
        layout.addLayout(form)
        self.warnings_label = QLabel(self)
        self.warnings_label.setObjectName("importWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.RichText)
        if read.draft.warnings:
            from desktop.refusals import translate_reason
            from desktop.translators import shared

            language = shared().language
            items = "".join(
                f"<li>{html.escape(translate_reason(w, language))}</li>"
                for w in read.draft.warnings
            )
            self.warnings_label.setText(
                "<b>" + html.escape(self.tr("Please note:")) + f"</b><ul>{items}</ul>"
            )
        else:
            self.warnings_label.hide()
        layout.addWidget(self.warnings_label)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importAcceptButton")
        self.import_button.setDefault(True)
        if count > 1:
            skip = QPushButton(self.tr("S&kip this file"), self)
            skip.setObjectName("importSkipButton")
            buttons.addButton(skip, QDialogButtonBox.ButtonRole.ActionRole)
            skip.clicked.connect(lambda: self.done(SKIP_CODE))
        cancel = buttons.addButton(
            self.tr("Cancel the import") if count > 1 else self.tr("Cancel"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        cancel.setObjectName("importCancelButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edits["title"].textChanged.connect(self._update_button)
        self._update_button()

    def _update_button(self) -> None:
        self.import_button.setEnabled(bool(self.edits["title"].text().strip()))

    def overrides(self) -> dict[str, str]:
        """The values as edited, for ``import_file(metadata_overrides=…)``."""
        return {name: edit.text() for name, edit in self.edits.items()}

    def replace_doc_id(self) -> str | None:
        if self.replace_combo is None:
            return None
        return str(self.replace_combo.currentData() or "") or None


def _question(parent: QWidget | None, title: str, text: str, informative: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    return box


def _button(box: QMessageBox, name: str, text: str, role: QMessageBox.ButtonRole) -> QPushButton:
    button = box.addButton(text, role)
    button.setObjectName(name)
    return button


def ask_review(parent: QWidget | None, count: int) -> Review:
    """Several files: take the details as read from each file, or look at each one?"""
    box = _question(
        parent,
        QCoreApplication.translate("ImportQuestions", "Import documents"),
        QCoreApplication.translate(
            "ImportQuestions", "%1 files are ready to import. Check the details of each one?"
        ).replace("%1", str(count)),
        QCoreApplication.translate(
            "ImportQuestions",
            "Title, source, date and author are taken from each file; "
            "you can also review and edit them file by file.",
        ),
    )
    as_read = _button(
        box,
        "useAsReadButton",
        QCoreApplication.translate("ImportQuestions", "&Use the details as read"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    each = _button(
        box,
        "editEachButton",
        QCoreApplication.translate("ImportQuestions", "&Edit each"),
        QMessageBox.ButtonRole.ActionRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(as_read)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is as_read:
        return Review.AS_READ
    if clicked is each:
        return Review.EACH
    return Review.CANCEL


def ask_replace(parent: QWidget | None, path: Path, existing: Document) -> bool:
    """The same file is already in the library: replace the stored document (True) or skip it."""
    box = _question(
        parent,
        QCoreApplication.translate("ImportQuestions", "Already in your library"),
        QCoreApplication.translate("ImportQuestions", "%1 is already in your library as 《%2》.")
        .replace("%1", path.name)
        .replace("%2", existing.title),
        QCoreApplication.translate(
            "ImportQuestions",
            "Replacing it imports the file again with the details you give; "
            "its notes and highlights stay with it.",
        ),
    )
    replace = _button(
        box,
        "replaceButton",
        QCoreApplication.translate("ImportQuestions", "&Replace the existing document"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    skip = _button(
        box,
        "skipButton",
        QCoreApplication.translate("ImportQuestions", "&Skip this file"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(skip)
    box.setEscapeButton(skip)
    box.exec()
    return box.clickedButton() is replace


class ImportQuestions(QObject):
    """The counted messages of these questions (the class names their translation
    context, as Qt Linguist sees it; its ``tr`` takes the count's plural forms)."""

    def keep_or_delete(self, annotations: int) -> str:
        return self.tr(
            "It has %n note(s), highlight(s) or bookmark(s). Keep them (they stay listed "
            "with your notes, detached from the text, and find their place again if you "
            "import the document again) or delete them?",
            "",
            annotations,
        )


def ask_remove(parent: QWidget | None, doc: Document, annotations: int) -> AnnotationChoice:
    """Confirm a removal; with annotations, say what becomes of them (never silently dropped)."""
    title = QCoreApplication.translate("ImportQuestions", "Remove from my library")
    text = QCoreApplication.translate(
        "ImportQuestions", "Remove 《%1》 from your library?"
    ).replace("%1", doc.title)
    note = QCoreApplication.translate(
        "ImportQuestions",
        "The library's copy of the file is deleted; the file you imported it from is not touched.",
    )
    if annotations == 0:
        box = _question(parent, title, text, note)
        remove = _button(
            box,
            "removeButton",
            QCoreApplication.translate("ImportQuestions", "&Remove"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return AnnotationChoice.KEEP if box.clickedButton() is remove else AnnotationChoice.CANCEL
    box = _question(
        parent,
        title,
        text,
        ImportQuestions().keep_or_delete(annotations) + "\n\n" + note,
    )
    keep = _button(
        box,
        "keepAnnotationsButton",
        QCoreApplication.translate("ImportQuestions", "Remove, &keep the notes"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    delete = _button(
        box,
        "deleteAnnotationsButton",
        QCoreApplication.translate("ImportQuestions", "Remove and &delete the notes"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return AnnotationChoice.KEEP
    if clicked is delete:
        return AnnotationChoice.DELETE
    return AnnotationChoice.CANCEL
