"""A bar across the top of the window with one selectable, wrapping line of text: the shape
shared by the read-only banner and the input-method notice.

A tool bar lays its widgets out at their size hints, and a word-wrapping label hints at
a narrow column; the text sits in a row that takes the bar's whole width instead, and
asks for the height its lines need at that width.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

__all__ = ["NoticeRow", "add_notice_bar", "dock_notice_bar"]


class NoticeRow(QWidget):
    """The notice's text across the whole bar, as tall as its lines at that width."""

    def __init__(self, bar: QToolBar) -> None:
        super().__init__(bar)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        self._height_for = (-1, -1)  # (width, height) last asked for

    def _needed_height(self, width: int) -> int:
        layout = self.layout()
        return layout.heightForWidth(width) if layout is not None else self.label.height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.width() if self.isVisible() and self.width() > 0 else hint.width()
        return QSize(hint.width(), max(self._needed_height(width), 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.label.fontMetrics().horizontalAdvance("M") * 8, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A new width may need more or fewer lines: the bar is laid out again.
        needed = self._needed_height(event.size().width())
        if (event.size().width(), needed) != self._height_for:
            self._height_for = (event.size().width(), needed)
            if needed != event.size().height():
                self.updateGeometry()


def add_notice_bar(bar: QToolBar, name: str, style: str) -> QLabel:
    """Set ``bar`` up as a fixed notice named ``name`` with a text label (``name + "Text"``)
    in ``style``; the caller adds any further widgets (they follow at the right-hand end)
    and then docks it with :func:`dock_notice_bar`."""
    bar.setObjectName(name)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    row = NoticeRow(bar)
    row.setObjectName(name + "Row")
    label = row.label
    label.setObjectName(name + "Text")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"QLabel {{ {style} padding: 6px; }}")
    bar.addWidget(row)
    return label


def dock_notice_bar(window: QMainWindow, bar: QToolBar) -> None:
    """Put ``bar`` on its own row at the top of ``window``."""
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
