"""The banner that says the program runs read-only, and why (across the top of the window)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from desktop.ui.notice_bar import add_notice_bar, dock_notice_bar

__all__ = ["hide_read_only_banner", "read_only_reason_text", "show_read_only_banner"]

BANNER_NAME = "readOnlyBanner"


def read_only_reason_text(reason: BaseException, language: str) -> str:
    """The core's own message for a storage failure or a busy folder, in ``language``."""
    message = getattr(reason, "message", None)
    if callable(message):
        return str(message(language))
    return str(reason)


def show_read_only_banner(window: QMainWindow, reason: str) -> QToolBar:
    """Show (or update) the banner: reading and search work, notes cannot be changed."""
    bar = window.findChild(QToolBar, BANNER_NAME)
    if bar is None:
        bar = QToolBar(window)
        add_notice_bar(bar, BANNER_NAME, "background: #fff4ce; color: #5c4400;")
        dock_notice_bar(window, bar)
    text_label = bar.findChild(QLabel, BANNER_NAME + "Text")
    assert text_label is not None
    head = QCoreApplication.translate(
        "ReadOnlyBanner",
        "Read-only: documents can be read and searched; notes are shown but cannot be "
        "changed, and nothing can be imported.",
    )
    text_label.setText(f"{head}\n{reason}")
    bar.show()
    return bar


def hide_read_only_banner(window: QMainWindow) -> None:
    """Take the banner away (the program may write its data folder again)."""
    bar = window.findChild(QToolBar, BANNER_NAME)
    if bar is not None:
        window.removeToolBarBreak(bar)
        window.removeToolBar(bar)
        bar.deleteLater()
