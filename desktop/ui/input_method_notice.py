"""The notice, across the top of the window, that Chinese cannot be typed here, and what to do."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QToolButton

from desktop.input_method import ADVICE, NOTICE_CONTEXT, Problem
from desktop.ui.notice_bar import add_notice_bar, dock_notice_bar

__all__ = ["NOTICE_NAME", "input_method_notice_text", "show_input_method_notice"]

NOTICE_NAME = "inputMethodNotice"


def input_method_notice_text(problem: Problem) -> str:
    return QCoreApplication.translate(NOTICE_CONTEXT, ADVICE[problem])


class _Notice(QToolBar):
    problem: Problem | None = None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.problem is not None:
            label = self.findChild(QLabel, NOTICE_NAME + "Text")
            if label is not None:
                label.setText(input_method_notice_text(self.problem))


def show_input_method_notice(window: QMainWindow, problem: Problem) -> QToolBar:
    """Show the notice (once per window; closing it hides it for this run)."""
    bar = window.findChild(_Notice, NOTICE_NAME)
    if bar is None:
        bar = _Notice(window)
        add_notice_bar(bar, NOTICE_NAME, "background: #e8f1fb; color: #1b3a5c;")
        close = QToolButton(bar)
        close.setObjectName(NOTICE_NAME + "Close")
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(QCoreApplication.translate("InputMethodNotice", "Hide this notice"))
        close.clicked.connect(bar.hide)
        bar.addWidget(close)
        dock_notice_bar(window, bar)
    text = bar.findChild(QLabel, NOTICE_NAME + "Text")
    assert text is not None
    text.setText(input_method_notice_text(problem))
    bar.problem = problem
    bar.show()
    return bar
