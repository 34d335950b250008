"""A bar across the top of the window with one selectable, wrapping line of text: the shape
shared by the read-only banner and the input-method notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

__all__ = ["add_notice_bar", "dock_notice_bar"]


def add_notice_bar(bar: QToolBar, name: str, style: str) -> QLabel:
    """Set ``bar`` up as a fixed notice named ``name`` with a text label (``name + "Text"``)
    in ``style``; the caller adds any further widgets and then docks it with
    :func:`dock_notice_bar`."""
    bar.setObjectName(name)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    label = QLabel(bar)
    label.setObjectName(name + "Text")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"QLabel {{ {style} padding: 6px; }}")
    bar.addWidget(label)
    return label


def dock_notice_bar(window: QMainWindow, bar: QToolBar) -> None:
    """Put ``bar`` on its own row at the top of ``window``."""
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
