"""The docks at the first start: the reading pane gets the room.

Without a saved layout Qt gives each dock what its contents ask for, and the search
and notes panels ask for more than half of a 1366-pixel screen.  At the first start
the side panels get a share of the window within sensible bounds instead.  Where two
side columns would leave the text less than :data:`READER_SHARE` of the window (125 %
or 150 % display scaling on a 1366×768 screen: 1093 or 911 logical pixels), search and
notes become tabs beside the library in one column.  After that the layout the reader
makes is saved and restored as it is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

__all__ = [
    "READER_SHARE",
    "apply_first_dock_widths",
    "first_dock_widths",
    "one_side_column",
]

LEFT_SHARE, LEFT_MIN, LEFT_MAX = 0.20, 200, 300  # library and outline
RIGHT_SHARE, RIGHT_MIN, RIGHT_MAX = 0.22, 220, 340  # search and notes
COLUMN_SHARE, COLUMN_MAX = 0.30, 360  # everything in one column
READER_SHARE = 0.55  # the least share of the window the text keeps at the first start
SEPARATORS = 12  # splitter handles and frames between the docks and the text


def first_dock_widths(window_width: int, right_minimum: int = 0) -> tuple[int, int]:
    """(left, right) dock widths for a window ``window_width`` pixels wide; the right
    one no narrower than ``right_minimum`` (what its panels need)."""
    left = int(min(LEFT_MAX, max(LEFT_MIN, window_width * LEFT_SHARE)))
    right = int(min(RIGHT_MAX, max(RIGHT_MIN, window_width * RIGHT_SHARE)))
    return left, max(right, right_minimum)


def one_side_column(window_width: int, right_minimum: int = 0) -> bool:
    """Would two side columns leave the text less than READER_SHARE of the window?"""
    left, right = first_dock_widths(window_width, right_minimum)
    return window_width - left - right - SEPARATORS < window_width * READER_SHARE


def column_width(window_width: int, minimum: int) -> int:
    return int(min(COLUMN_MAX, max(minimum, LEFT_MIN, window_width * COLUMN_SHARE)))


def apply_first_dock_widths(window: QMainWindow, left: QDockWidget, right: QDockWidget) -> None:
    """Size the left and right docks now and once more when the window has been laid
    out (a main window settles its docks on its first show); in a narrow window the
    right-hand docks join the left one as tabs, the library in front."""

    def apply() -> None:
        width = window.width()
        right_docks = [right, *window.tabifiedDockWidgets(right)]
        needed = max(dock.minimumSizeHint().width() for dock in right_docks)
        left_area = Qt.DockWidgetArea.LeftDockWidgetArea
        if window.dockWidgetArea(right) == left_area or one_side_column(width, needed):
            for dock in right_docks:
                if window.dockWidgetArea(dock) != left_area:
                    window.tabifyDockWidget(left, dock)
            left.raise_()
            window.resizeDocks([left], [column_width(width, needed)], Qt.Orientation.Horizontal)
            return
        widths = first_dock_widths(width, needed)
        window.resizeDocks([left, right], list(widths), Qt.Orientation.Horizontal)

    apply()
    QTimer.singleShot(0, apply)
