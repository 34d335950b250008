"""File → Library packs…: the menu entry, made with the window; the manager dialog and
the pack machinery behind it are loaded when the entry is first chosen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from desktop.workers import BackgroundTasks
from index.document import Document

if TYPE_CHECKING:
    from desktop.annotations import AnnotationStore

__all__ = ["add_pack_manager_action"]


def add_pack_manager_action(
    host: QMainWindow,
    menu: Any,
    tasks: BackgroundTasks,
    data_dir: Path,
    on_changed: Callable[[], None],
    store: AnnotationStore | None = None,
    other_documents: Callable[[], Mapping[str, Document]] | None = None,
) -> QAction:
    """File → Library packs…: opens the manager (installing for the current user; notes
    are re-anchored through the window's notes ``store``, the one writer)."""
    action = QAction(host)
    action.setObjectName("actionLibraryPacks")
    action.setText(QCoreApplication.translate("PackManagerDialog", "Library pac&ks…"))

    def open_manager() -> None:
        from desktop.packs import PackService
        from desktop.ui.packs_dialog import PackManagerDialog

        service = PackService(data_dir, store=store, other_documents=other_documents)
        dialog = PackManagerDialog(service, tasks, on_changed, host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    action.triggered.connect(open_manager)
    host.addAction(action)
    menu.addAction(action)
    return action
