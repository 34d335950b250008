"""The non-modal, cancellable progress dialog of long background work (rebuild, import)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


def background_progress(
    parent: QWidget, name: str, title: str, label: str, on_cancel: Callable[[], None]
) -> QProgressDialog:
    """Shown at once and kept open until closed: the reader can go on reading meanwhile."""
    dialog = QProgressDialog(label, QCoreApplication.translate("Progress", "Cancel"), 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(on_cancel)
    dialog.show()
    return dialog
