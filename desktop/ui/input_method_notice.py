"""The notice, across the top of the window, that Chinese cannot be typed here, and what to do.

"Don't show again" holds for the situation it was given in (the problem and the input
methods seen running, kept in the settings): when that changes, the notice comes back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QToolButton

from desktop.input_method import ADVICE, NOTICE_CONTEXT, Choice, Problem
from desktop.settings import Settings
from desktop.ui.notice_bar import add_notice_bar, dock_notice_bar

__all__ = [
    "NOTICE_NAME",
    "input_method_notice_text",
    "notice_situation",
    "show_input_method_notice",
]

log = logging.getLogger(__name__)

NOTICE_NAME = "inputMethodNotice"


def input_method_notice_text(problem: Problem) -> str:
    return QCoreApplication.translate(NOTICE_CONTEXT, ADVICE[problem])


def notice_situation(choice: Choice) -> str:
    """What a "don't show again" applies to: the problem and what was seen running."""
    problem = choice.problem.value if choice.problem is not None else ""
    return f"{problem}:{','.join(sorted(choice.running))}"


def _never_text() -> str:
    return QCoreApplication.translate("InputMethodNotice", "Don't show again")


class _Notice(QToolBar):
    problem: Problem | None = None
    situation = ""
    settings: Settings | None = None
    never_action: QAction | None = None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.problem is not None:
            label = self.findChild(QLabel, NOTICE_NAME + "Text")
            if label is not None:
                label.setText(input_method_notice_text(self.problem))
            never = self.findChild(QToolButton, NOTICE_NAME + "Never")
            if never is not None:
                never.setText(_never_text())

    def never_again(self) -> None:
        if self.settings is not None and self.situation:
            self.settings.input_method_notice_dismissed = self.situation
            self.settings.sync()
            log.info("input-method notice: not shown again for %s", self.situation)
        self.hide()


def show_input_method_notice(
    window: QMainWindow,
    problem: Problem,
    *,
    situation: str = "",
    settings: Settings | None = None,
) -> QToolBar | None:
    """Show the notice (once per window; closing it hides it for this run), unless the
    user asked not to be told again in this ``situation`` (then None)."""
    if settings is not None and situation and settings.input_method_notice_dismissed == situation:
        log.info("input-method notice not shown (dismissed for %s)", situation)
        return None
    bar = window.findChild(_Notice, NOTICE_NAME)
    if bar is None:
        bar = _Notice(window)
        add_notice_bar(bar, NOTICE_NAME, "background: #e8f1fb; color: #1b3a5c;")
        never = QToolButton(bar)
        never.setObjectName(NOTICE_NAME + "Never")
        never.setText(_never_text())
        never.setAutoRaise(True)
        never.clicked.connect(bar.never_again)
        bar.never_action = bar.addWidget(never)
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
    bar.situation = situation
    bar.settings = settings
    if bar.never_action is not None:
        bar.never_action.setVisible(settings is not None and bool(situation))
    bar.show()
    return bar
