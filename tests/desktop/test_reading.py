"""Driving the window as a reader: open, outline, library search, find, navigation."""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from desktop.models.roles import NodeKind, Role
from index.folding import simplify_text
from tests.desktop.reader_selection import select

SEED_TITLE = "開啟新時代數字政府建設新篇章"


def _marked_texts(window: Any) -> list[str]:
    """The text under every search mark in the reading view, as the reader sees it."""
    reader = window.reader
    out = []
    for index, start, end in reader.search_marks:
        out.append(reader.toPlainText()[0:0] + reader.placed[index].block.text[start:end])
    return out


def _visible_top(window: Any) -> str:
    return window.reader.top_block_id()


def test_seed_document_opens_with_title_metadata_and_outline(make_window: Any) -> None:
    window = make_window()
    assert window.current is not None and window.current.title == SEED_TITLE
    text = window.reader.toPlainText()
    assert text.startswith(SEED_TITLE)
    assert "人民網" in text.splitlines()[1] and "2022-08-26" in text.splitlines()[1]
    assert SEED_TITLE in window.windowTitle()
    # Outline: three level-1 headings, (一)…(六) under 二、, 一是… under (一).
    model = window.outline_model
    tops = [model.item(row).text() for row in range(model.rowCount())]
    assert [t[:2] for t in tops] == ["一、", "二、", "三、"]
    second = model.item(1)
    assert [second.child(r).text()[:3] for r in range(second.rowCount())] == [
        "(一)",
        "(二)",
        "(三)",
        "(四)",
        "(五)",
        "(六)",
    ]
    assert second.child(0).child(0).text().startswith("一是")


def test_outline_click_scrolls_there_and_outline_follows_reading(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    tree = window.outline_tree
    model = window.outline_model
    target = model.item(2)  # 三、全面貫徹落實…
    index = model.indexFromItem(target)
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _visible_top(window) == target.data(Role.BLOCK_ID)
    assert window.reader.verticalScrollBar().value() > 0
    # Scrolling back to the first heading by hand: the outline selection follows.
    first_heading = model.item(0).data(Role.BLOCK_ID)
    window.reader.verticalScrollBar().setValue(window.reader.block_top(first_heading))
    qtbot.waitUntil(lambda: tree.currentIndex().data(Role.BLOCK_ID) == first_heading, timeout=3000)


def test_library_tree_groups_by_source_and_year_and_filters_by_pinyin(
    qtbot: Any, make_window: Any, type_text: Any
) -> None:
    window = make_window()
    panel = window.library_panel
    model = panel.model
    groups = [model.index(r, 0) for r in range(model.rowCount())]
    # Laws by category in the order of the legal system, then articles by source.
    assert [g.data() for g in groups[:4]] == ["宪法", "法律", "行政法规", "部门规章"]
    source = next(g for g in groups if g.data() == "人民網")
    assert source.data(Role.NODE_KIND) == NodeKind.SOURCE
    year = model.index(0, 0, source)
    assert year.data() == "2022"
    assert model.index(0, 0, year).data() == SEED_TITLE
    for typed in ("szzf", "shuzizhengfu", "数字政府", "數字政府"):
        panel.filter_edit.clear()
        type_text(panel.filter_edit, typed)
        qtbot.waitUntil(lambda: not panel.filtering)
        assert SEED_TITLE in panel.visible_titles(), typed
    panel.filter_edit.clear()
    qtbot.keyClicks(
        panel.filter_edit, "jjtj"
    )  # 經濟調節: only that outline entry and its ancestors
    qtbot.waitUntil(lambda: not panel.filtering)
    visible = panel.visible_titles()
    assert any(t.startswith("一是提升經濟調節能力") for t in visible)
    assert not any(t.startswith("二是提升市場監管能力") for t in visible)
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "qqqxzz")
    qtbot.waitUntil(lambda: not panel.filtering)
    assert panel.visible_titles() == []


def test_search_in_simplified_marks_traditional_text_and_f3_steps(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    result = search(window, "数字政府")
    assert result.total == 28
    panel = window.search_panel
    assert "28" in panel.status.text()
    # Grouped: document → section → hit, the snippet marks the Traditional text.
    doc_row = panel.model.item(0)
    assert doc_row.data(Role.NODE_KIND) == NodeKind.DOCUMENT and doc_row.text() == SEED_TITLE
    first_hit_item = panel.model.hit_item(0)
    assert "數字政府</span>" in first_hit_item.data(Role.SNIPPET_HTML)
    # Every occurrence in the open document is marked, on the Traditional text.
    marked = _marked_texts(window)
    assert len(marked) >= 28 and set(marked) == {"數字政府"}
    # Enter opens the first hit; F3 / Shift+F3 walk the occurrences in reading order.
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    assert panel.current_hit == 0
    hits = panel.model.hits
    assert [h.order for h in hits] == sorted(h.order for h in hits)
    for _ in hits[0].spans[1:]:  # the first paragraph's other occurrences first
        qtbot.keyClick(window, Qt.Key.Key_F3)
        assert panel.current_hit == 0
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert panel.current_hit == 1
    current = window.reader.current_mark
    assert current is not None
    assert window.reader.placed[current[0]].block.id == hits[1].block_id
    assert current[1:] == hits[1].spans[0]
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert panel.current_hit == 0
    assert window.reader.current_mark[1:] == hits[0].spans[-1]
    # A hit far down the document scrolls the view to it.
    last = len(hits) - 1
    window.open_hit(last)
    index = window.reader.block_index(hits[last].block_id)
    cursor_rect = window.reader.cursorRect(window.reader._cursor_for(window.reader.current_mark))
    assert window.reader.viewport().rect().contains(cursor_rect.center()), index


def test_search_results_narrowed_to_document_and_query_errors_are_plain(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    result = search(window, "政務 -數字")
    assert result.total > 0
    assert all("數字" not in hit.text for hit in window.search_panel.model.hits)
    with qtbot.waitSignal(window.search_shown, timeout=5000) as blocker:
        window.search_panel.this_document.setChecked(True)
    narrowed = blocker.args[0]
    here = window.current.id
    assert narrowed.total > 0 and all(hit.doc_id == here for hit in narrowed.hits)
    assert narrowed.total == sum(1 for hit in result.hits if hit.doc_id == here)
    result = search(window, "沒有這個詞語組合")
    assert result.total == 0
    assert window.search_panel.status.text() == "No matches."
    assert window.reader.search_marks == []


def test_find_in_document_counts_steps_and_closes(
    qtbot: Any, make_window: Any, type_text: Any
) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    type_text(bar.edit, "数据")  # Simplified typed, Traditional 數據 in the text
    total = sum(p.block.text.count("數據") for p in window.reader.placed)
    assert total > 3
    assert bar.count.text() == f"1/{total}"
    assert len(window.reader.find_marks) == total
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"3/{total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"2/{total}"
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert bar.count.text() == f"3/{total}"
    current = window.reader.current_mark
    assert window.reader.placed[current[0]].block.text[current[1] : current[2]] == "數據"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reader.find_marks == []
    bar.open_bar("zzzz")
    window._refresh_find()
    assert bar.count.text() == "No matches"


def test_back_and_forward_across_jumps(qtbot: Any, make_window: Any, search: Any) -> None:
    window = make_window()
    assert not window.back_action.isEnabled()
    start = _visible_top(window)
    search(window, "粵省事")
    window.open_hit(0)
    jumped = _visible_top(window)
    assert jumped != start
    window.reader.setFocus()  # as after reading: the keys go to the reading view
    qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert _visible_top(window) == start
    assert window.forward_action.isEnabled()
    qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert _visible_top(window) == jumped
    # The mouse's back button works over the reading view too.
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.BackButton, pos=QPoint(50, 50))
    assert _visible_top(window) == start
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.ForwardButton, pos=QPoint(50, 50))
    assert _visible_top(window) == jumped


def test_copy_with_citation(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    heading = window.outline_model.item(1).child(0)  # (一)加強領導…
    window.open_document(window.current.id, heading.data(Role.BLOCK_ID))
    index = window.reader.block_index(heading.data(Role.BLOCK_ID)) + 1
    placed = window.reader.placed[index]
    select(window, index, 0, 8)
    window.copy_citation_action.trigger()
    copied = QGuiApplication.clipboard().text()
    first, second = copied.split("\n")
    assert first == placed.block.text[:8]
    assert second.startswith(f"——《{SEED_TITLE}》，人民網，2022-08-26，")
    assert "(一)加強領導" in second


def test_clicking_a_hit_opens_it_and_shortcuts_reach_search_and_print(
    qtbot: Any, make_window: Any, search: Any, dialogs: list[Any]
) -> None:
    window = make_window()
    window.reader.setFocus()
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.search_panel.query_edit.hasFocus()
    search(window, "粵政易")
    panel = window.search_panel
    item = panel.model.hit_item(0)
    index = panel.model.indexFromItem(item)
    panel.tree.scrollTo(index)
    qtbot.mouseClick(
        panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=panel.tree.visualRect(index).center()
    )
    assert (
        window.reader.top_block_id() == panel.model.hits[0].block_id or window.reader.current_mark
    )
    current = window.reader.current_mark
    assert current is not None
    assert window.reader.placed[current[0]].block.text[current[1] : current[2]] == "粵政易"
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert any(d.kind == "QPrintDialog" for d in dialogs)


def test_stale_search_results_are_dropped(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    service = window.search_service
    real = window.library.searcher
    release = threading.Event()
    entered = threading.Event()

    class HeldSearcher:
        """Holds the first query in the worker until a newer one has been asked for."""

        def search(self, query: str, **kwargs: Any) -> Any:
            if query == "數":
                entered.set()
                release.wait(10)
            return real.search(query, **kwargs)

    service.set_searcher(HeldSearcher())
    shown: list[Any] = []
    service.finished.connect(lambda _id, result: shown.append(result))
    service.search("數")
    qtbot.waitUntil(entered.is_set)  # the worker is inside the first search
    latest = service.search("數字政府")
    release.set()
    with qtbot.waitSignal(service.finished, timeout=10000) as blocker:
        pass
    assert blocker.args[0] == latest
    # Results reach the GUI thread in the order the one worker sent them: the late
    # result for "數" was handled (and dropped) before the latest one arrived.
    assert [r.query for r in shown] == ["數字政府"]


def test_network_guard_notices_a_socket(no_network: Any) -> None:
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.close()
    assert no_network.violations
    no_network.violations.clear()  # this one was on purpose


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=12), cut=st.integers(min_value=0, max_value=2000))
def test_find_bar_takes_any_input(make_window: Any, typed: str, cut: int) -> None:
    window = getattr(test_find_bar_takes_any_input, "window", None)
    if window is None or not window.isVisible():
        window = make_window()
        test_find_bar_takes_any_input.window = window  # type: ignore[attr-defined]
    window.open_find()
    window.find_bar.edit.setText(typed)
    label = window.find_bar.count.text()
    total = len(window.find_matches)
    if not typed:
        assert label == ""
    elif total == 0:
        assert label == "No matches"
    else:
        assert label == f"{window.find_index + 1}/{total}"
    # Any piece of the document, typed in Simplified, is found at least once.
    text = window.reader.placed[cut % len(window.reader.placed)].block.text
    piece = simplify_text(text[cut % len(text) :][:4]).strip()
    window.find_bar.edit.setText(piece)
    if piece:
        assert window.find_matches, piece
