"""The small interfaces the window gives its controllers (notes, My documents).

A controller gets these parts, not the window: it adds its actions to the menus,
opens documents through the navigator, reads the library through its one owner and
runs background work through the one runner.  It never imports the window, and the
window never reaches into a controller's widgets: they talk by signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from desktop.searchable import SearchableLibrary
from desktop.settings import Settings
from desktop.ui.library_panel import LibraryPanel
from desktop.ui.reader_view import ReaderView
from desktop.workers import BackgroundTasks
from index.document import Document

__all__ = ["Menus", "Navigator", "WindowParts"]


class Navigator(Protocol):
    """Opening documents, as the reader sees it."""

    @property
    def current_document(self) -> Document | None: ...

    def open_document(self, doc_id: str, block_id: str = "", record: bool = True) -> bool: ...

    def show_new_version(self, doc_id: str) -> None:
        """``doc_id`` was replaced: show its new text if it is the open document."""

    def document_removed(self, doc_id: str) -> None:
        """``doc_id`` is gone: if it was open, show another document."""

    def open_if_untouched(self, doc_id: str, block_id: str) -> None:
        """Open ``doc_id`` unless the reader has moved on since the start."""

    def current_heading_id(self) -> str: ...


@dataclass(frozen=True)
class Menus:
    """The menus a controller may add to, and the anchors it adds before."""

    file: QMenu
    edit: QMenu
    view: QMenu
    quit_action: QAction  # the File menu's last entry
    language_menu: QMenu  # a controller's own menu goes before it
    notes: QMenu  # the Notes menu, there (empty) from the first paint


@dataclass(frozen=True)
class WindowParts:
    host: QMainWindow  # parent of dialogs, docks and actions
    reader: ReaderView
    menus: Menus
    navigator: Navigator
    library: SearchableLibrary
    tasks: BackgroundTasks
    settings: Settings
    library_panel: LibraryPanel
    search_dock: QDockWidget
    notes_dock: QDockWidget  # empty until the notes panel is built, after the first paint

    def status(self, text: str, msecs: int = 4000) -> None:
        self.host.statusBar().showMessage(text, msecs)
