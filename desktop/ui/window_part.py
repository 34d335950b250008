"""A piece of the main window (menu actions, a bar, a controller) that names itself again
when the interface language changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject

__all__ = ["WindowPart"]


class WindowPart(QObject):
    """Owned by ``window``; ``retranslate()`` runs whenever the window's language changes,
    once :meth:`follow_language` has been called (at the end of the subclass's set-up)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def follow_language(self) -> None:
        self.retranslate()
        self.window.installEventFilter(self)

    def retranslate(self) -> None:
        """Set every visible text again in the current language."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)
