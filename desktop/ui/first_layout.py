"""The docks' widths at the first start: the reading pane gets the room.

Without a saved layout Qt gives each dock what its contents ask for, and the search
and notes panels ask for more than half of a 1366-pixel screen.  At the first start
the side panels get a share of the window within sensible bounds instead; after that
the layout the reader makes is saved and restored as it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

__all__ = ["apply_first_dock_widths", "first_dock_widths"]

LEFT_SHARE, LEFT_MIN, LEFT_MAX = 0.20, 200, 300  # library and outline
RIGHT_SHARE, RIGHT_MIN, RIGHT_MAX = 0.22, 220, 340  # search and notes


def first_dock_widths(window_width: int) -> tuple[int, int]:
    """(left, right) dock widths for a window ``window_width`` pixels wide."""
    left = int(min(LEFT_MAX, max(LEFT_MIN, window_width * LEFT_SHARE)))
    right = int(min(RIGHT_MAX, max(RIGHT_MIN, window_width * RIGHT_SHARE)))
    return left, right


def apply_first_dock_widths(window: QMainWindow, left: QDockWidget, right: QDockWidget) -> None:
    """Size the left and right docks now and once more when the window has been laid
    out (a main window settles its docks on its first show)."""

    def apply() -> None:
        widths = first_dock_widths(window.width())
        window.resizeDocks([left, right], list(widths), Qt.Orientation.Horizontal)

    apply()
    QTimer.singleShot(0, apply)
