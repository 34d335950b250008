"""A plain error dialog: what happened in one sentence, the technical details expandable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import paths


class ErrorDialog(QMessageBox):
    def __init__(self, exc: BaseException, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setText(self.tr("Something went wrong. Your documents and settings are not affected."))
        self.setInformativeText(
            self.tr("%1\n\nThe details were written to the log in %2.")
            .replace("%1", f"{type(exc).__name__}: {exc}")
            .replace("%2", str(paths.log_dir()))
        )
        self.setDetailedText(details)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


def show_message(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A warning the user must read (missing corpus, damaged index)."""
    box = QMessageBox(parent)
    box.setObjectName("warningDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.exec()
