"""Work that waits for the window's first paint: the window shows before it is done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def after_first_paint(window: QWidget, step: Callable[[], None], latest_ms: int = 1000) -> None:
    """Run ``step`` once, right after the window's first paint — or ``latest_ms`` after
    now when no paint comes (a window not shown)."""

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.run)
            return False

        def run(self) -> None:
            if self.done:
                return
            self.done = True
            window.removeEventFilter(self)
            step()

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(latest_ms, watcher.run)
