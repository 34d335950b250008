"""Work that waits for the window's first paint: the window shows before it is done."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

__all__ = ["after_first_paint", "has_painted", "run_steps"]

PAINTED = "firstPainted"  # the property a window has once painted (a step waited for it)


def has_painted(window: QWidget) -> bool:
    """Has ``window`` been painted while a step waited for its first paint?"""
    return bool(window.property(PAINTED))


def after_first_paint(window: QWidget, step: Callable[[], None], latest_ms: int = 1000) -> None:
    """Run ``step`` once, right after the window's first paint — or ``latest_ms`` after
    now when no paint comes (a window not shown); at the next turn of the event loop
    when the window has painted already."""
    if has_painted(window):
        QTimer.singleShot(0, step)
        return

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                window.setProperty(PAINTED, True)
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


def run_steps(
    owner: QObject, steps: Sequence[Callable[[], None]], done: Callable[[], None]
) -> None:
    """Run ``steps`` one per turn of the event loop, then ``done``: what the user does
    meanwhile (a key, a click) is handled between two steps.  Nothing more runs once
    ``owner`` is deleted."""
    pending = list(steps)

    def next_step() -> None:
        if not pending:
            done()
            return
        pending.pop(0)()
        QTimer.singleShot(0, owner, next_step)

    QTimer.singleShot(0, owner, next_step)
