"""The notice bars across the top of the window (read-only banner, input-method notice)
use the window's width for their text, and show all of it, in a wide or narrow window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QToolBar

from desktop.input_method import Problem
from desktop.ui.input_method_notice import NOTICE_NAME, show_input_method_notice
from desktop.ui.read_only_banner import BANNER_NAME, show_read_only_banner

REASON = (
    "另一个政策文库程序正在使用数据文件夹 /home/user/.local/share/政策文库；"
    "关闭它之后重新启动本程序，即可再次写入笔记。"
)


def _show(window: Any, which: str) -> QLabel:
    if which == BANNER_NAME:
        show_read_only_banner(window, REASON)
    else:
        show_input_method_notice(window, next(iter(Problem)))
    bar = window.findChild(QToolBar, which)
    assert bar is not None
    label = bar.findChild(QLabel, which + "Text")
    assert label is not None
    return label


@pytest.mark.parametrize("which", [BANNER_NAME, NOTICE_NAME])
def test_notice_text_spans_the_window(qtbot: Any, make_window: Any, which: str) -> None:
    window = make_window(wait_index=False, language="zh_CN")
    label = _show(window, which)
    for width in (1200, 900, 640):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        qtbot.wait(20)
        # Most of the window's width, not a narrow column at the left ...
        assert label.width() >= window.width() * 0.8, (width, label.width())
        # ... and tall enough for every line the text takes at that width.
        assert label.height() >= label.heightForWidth(label.width()), width
        assert label.geometry().right() <= window.width()
