"""The empty search and notes docks say what they are for and which keys fill them."""

from __future__ import annotations

from typing import Any

from tests.desktop.reader_selection import select

WAIT = 10000


def test_empty_docks_show_a_hint_until_they_have_rows(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window(language="zh_CN")
    window.search_dock.show()
    window.search_dock.raise_()
    search_hint, notes_hint = window.hints
    qtbot.waitUntil(search_hint.label.isVisible, timeout=WAIT)
    assert "F3" in search_hint.label.text() and "检索" in search_hint.label.text()
    # Inside the results area, readable (not cut to nothing).
    area = window.search_panel.tree.viewport().rect()
    assert area.contains(search_hint.label.geometry().center())
    assert search_hint.label.height() > search_hint.label.fontMetrics().height()
    # A search fills the list: the hint goes; clearing the query brings it back.
    search(window, "数字政府")
    assert not search_hint.label.isVisible()
    window.search_panel.query_edit.clear()
    window.search_panel.show_result(None, window.simplified)
    qtbot.waitUntil(search_hint.label.isVisible, timeout=WAIT)

    # The notes dock: a hint while there are no notes, none once there is one.
    window.annotations.dock.show()
    window.annotations.dock.raise_()
    qtbot.waitUntil(notes_hint.label.isVisible, timeout=WAIT)
    assert "Ctrl+1" in notes_hint.label.text() and "Ctrl+Shift+N" in notes_hint.label.text()
    select(window, 3, 0, 4)
    with qtbot.waitSignal(window.annotations.panel.shown, timeout=WAIT):
        window.annotations.highlight_selection("yellow")
    qtbot.waitUntil(lambda: not notes_hint.label.isVisible(), timeout=WAIT)


def test_the_hints_follow_the_interface_language(qtbot: Any, make_window: Any) -> None:
    window = make_window(language="en")
    search_hint, _notes = window.hints
    window.search_dock.show()
    qtbot.waitUntil(search_hint.label.isVisible, timeout=WAIT)
    assert search_hint.label.text().startswith("Search every document")
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: search_hint.label.text().startswith("一次检索全部文档"), timeout=WAIT)
