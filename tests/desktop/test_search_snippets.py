"""Search results show the match: at the default dock width every hit row's mark is on screen.

Measured on the pixels of the result list, as a reader sees it: each hit row must contain
the mark's colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QColor

from desktop.models.roles import NodeKind, Role
from desktop.models.search_model import MARK_STYLE

MARK = QColor(MARK_STYLE.split("background-color:")[1].split(";")[0].strip())


def _mark_pixels(image: Any, top: int, bottom: int, width: int) -> int:
    count = 0
    for y in range(max(0, top), min(image.height(), bottom), 2):
        for x in range(0, min(image.width(), width), 2):
            if QColor(image.pixel(x, y)) == MARK:
                count += 1
    return count


@pytest.mark.parametrize("query", ["一网通办", "治理能", "數據共享"])
def test_every_hit_row_shows_its_mark(
    qtbot: Any, make_window: Callable[..., Any], search: Callable[[Any, str], Any], query: str
) -> None:
    window = make_window()
    result = search(window, query)
    assert result.total > 0
    tree = window.search_panel.tree
    tree.expandAll()
    qtbot.wait(50)
    image = tree.viewport().grab().toImage()
    model = tree.model()
    rows = 0
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
        if index.data(Role.NODE_KIND) != NodeKind.HIT:
            continue
        rect = tree.visualRect(index)
        if rect.bottom() < 0 or rect.top() > tree.viewport().height():
            continue  # scrolled out of view
        rows += 1
        # At least a whole character's worth of mark (about 8×8 pixels at 2-pixel steps).
        assert _mark_pixels(image, rect.top(), rect.bottom(), tree.viewport().width()) > 16, (
            query,
            index.data(),
        )
    assert rows >= 1
