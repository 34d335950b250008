"""Work that waits for the window's first paint: the window shows before it is done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

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
    probe = window.findChild(_PaintProbe, _PROBE_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if not isinstance(probe, _PaintProbe):
        probe = _PaintProbe(window)
    probe.add(step, latest_ms)


_PROBE_NAME = "firstPaintProbe"


class _PaintProbe(QWidget):
    """A transparent pixel in the window's corner that tells when the window is first
    painted (it is painted in the same pass), then goes.

    It is watched through its own paint rather than through an event filter on the
    window: a filter written in Python is handed every event the window gets while it
    is built and shown, and the first event handed to Python has PySide make the Python
    classes of every kind of event (some 50, with their enums) before the first paint."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(_PROBE_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(0, 0, 1, 1)
        self._window = window
        self._steps: list[Callable[[], None]] = []
        self._painted = False
        if window.isVisible():
            self.show()

    def add(self, step: Callable[[], None], latest_ms: int) -> None:
        self._steps.append(step)
        # Tied to the window: nothing runs once it is gone.
        QTimer.singleShot(latest_ms, self._window, lambda: self._run(step))

    def paintEvent(self, _event: QPaintEvent) -> None:  # draws nothing
        if self._painted:
            return
        self._painted = True
        self._window.setProperty(PAINTED, True)
        if not _painted:
            QTimer.singleShot(0, _run_painted)
        # The latest first, as a window's event filters were asked (the last installed
        # first); a window's before those of the widgets in it (it is painted first).
        _painted.append((_depth(self._window), self._window, self._steps[::-1]))
        self._steps = []
        self.deleteLater()

    def _run(self, step: Callable[[], None]) -> None:
        """``step`` now (no paint came in time), unless it has run."""
        for at, waiting in enumerate(self._steps):
            if waiting is step:
                del self._steps[at]
                step()
                return


# Steps of windows painted in the pass just done: (how deep the window is, the window,
# its steps).
_painted: list[tuple[int, QWidget, list[Callable[[], None]]]] = []


def _depth(widget: QWidget) -> int:
    depth = 0
    parent = widget.parentWidget()
    while parent is not None:
        depth += 1
        parent = parent.parentWidget()
    return depth


def _run_painted() -> None:
    ready = sorted(_painted, key=lambda item: item[0])
    _painted.clear()
    for _, window, steps in ready:
        if not shiboken6.isValid(window):
            continue  # closed and deleted meanwhile: nothing of it is left to do
        for step in steps:
            step()


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
