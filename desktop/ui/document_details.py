"""Edit a personal document's title, source, date and author after it was imported.

Only the details change (the text is not read again, so notes stay on their words and
nothing else reverts): the title block, the index and the library tree show the new
values, and the change is all or nothing like an import.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.import_dialogs import EDITED_FIELDS
from index.document import Document

__all__ = ["DocumentDetailsDialog", "current_details"]


def current_details(doc: Document) -> dict[str, str]:
    """The values the dialog starts from (the keys of ``EDITED_FIELDS``)."""
    return {
        "title": doc.title,
        "source": doc.source,
        "date": doc.published[:10],
        "author": doc.author,
    }


class DocumentDetailsDialog(QDialog):
    def __init__(self, parent: QWidget | None, doc: Document) -> None:
        super().__init__(parent)
        self.setObjectName("documentDetailsDialog")
        self.setWindowTitle(self.tr("Document details"))
        self.setMinimumWidth(480)
        labels = {
            "title": self.tr("&Title:"),
            "source": self.tr("&Source:"),
            "date": self.tr("&Date:"),
            "author": self.tr("&Author:"),
        }
        values = current_details(doc)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name in EDITED_FIELDS:
            edit = QLineEdit(values.get(name, ""), self)
            edit.setObjectName(f"details_{name}")
            edit.setCursorPosition(0)
            form.addRow(labels[name], edit)
            self.edits[name] = edit
        self.edits["date"].setPlaceholderText(self.tr("e.g. 2024-03-05"))
        self.edits["author"].setPlaceholderText(self.tr("blank if none"))
        hint = QLabel(self.tr("Your notes on this document are kept."), self)
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.edits["title"].textChanged.connect(self._update_button)
        self.edits["title"].setFocus()
        self.edits["title"].selectAll()
        self._update_button()

    def _update_button(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(self.edits["title"].text().strip()))

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}
