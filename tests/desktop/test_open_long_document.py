"""Opening a long law while a search is shown: the reader shows it before the whole of it
is laid out, and the search marks follow the layout until every occurrence is marked."""

from __future__ import annotations

from typing import Any

from index.search import find_spans

CRIMINAL_LAW = "laws/刑法/刑法"


def _oracle(doc: Any, terms: Any) -> list[tuple[int, int, int]]:
    """Every span of the search terms in the document, block by block."""
    return [(i, s, e) for i, b in enumerate(doc.blocks) for s, e in find_spans(b.text, terms)]


def test_open_with_a_search_lays_out_and_marks_in_slices(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    result = search(window, "犯罪")
    assert result.total > 0
    assert window.open_document(CRIMINAL_LAW)
    doc, reader = window.current, window.reader
    # Opening laid out the beginning only, and marked what it laid out.
    assert not reader.complete and len(reader.placed) < len(doc.blocks) / 4
    oracle = _oracle(doc, result.terms)
    assert reader.search_marks == [m for m in oracle if m[0] < len(reader.placed)]
    assert any(m[0] >= len(reader.placed) for m in oracle)  # more to come
    qtbot.waitUntil(lambda: reader.complete, timeout=20000)
    # Once laid out, every occurrence is marked and shown, each over the searched words.
    assert reader.search_marks == oracle
    assert len(reader.extraSelections()) == len(oracle)
    shown = reader.toPlainText()
    for index, start, end in oracle[:: max(1, len(oracle) // 25)]:
        placed = reader.placed[index]
        assert shown[placed.start + start : placed.start + end] == "犯罪"
    # A new search replaces the marks; clearing it removes them.
    result = search(window, "罚金")
    assert reader.search_marks == _oracle(doc, result.terms)
    search(window, "沒有這個詞語組合")
    assert reader.search_marks == [] and reader.extraSelections() == []


def test_going_to_a_hit_far_down_marks_it_at_once(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    assert window.current is not None and window.current.id != CRIMINAL_LAW
    result = search(window, "没收财产")
    last = max(
        (i for i, hit in enumerate(window.search_panel.model.hits) if hit.doc_id == CRIMINAL_LAW),
        default=None,
    )
    assert last is not None
    window.open_hit(last)
    reader = window.reader
    hit = window.search_panel.model.hits[last]
    index = reader.block_index(hit.block_id)
    assert index is not None
    # The hit's block is laid out and its words are marked, whatever is still to come.
    marked = [m for m in reader.search_marks if m[0] == index]
    assert marked and marked == [
        (index, s, e) for s, e in find_spans(reader.placed[index].block.text, result.terms)
    ]
    assert reader.current_mark is not None and reader.current_mark[0] == index


def test_long_outline_is_whole_but_opens_within_a_budget(qtbot: Any, make_window: Any) -> None:
    from desktop.models.roles import Role
    from desktop.ui.main_window import OUTLINE_EXPANDED_ROWS

    window = make_window()
    assert window.open_document(CRIMINAL_LAW)
    doc, model, tree = window.current, window.outline_model, window.outline_tree
    rows, shown = [], 0
    stack = [(model.index(r, 0), True) for r in range(model.rowCount())]
    while stack:
        index, visible = stack.pop()
        rows.append(index.data(Role.BLOCK_ID))
        shown += visible
        open_ = visible and tree.isExpanded(index)
        stack.extend((model.index(r, 0, index), open_) for r in range(model.rowCount(index)))
    # Every heading and article is in the outline; only a bounded number of rows is open.
    assert sorted(rows) == sorted(b.id for b in doc.outline_entries())
    assert model.rowCount() < shown <= model.rowCount() + OUTLINE_EXPANDED_ROWS < len(rows)
    # Reading on to the last article opens the outline there and selects it.
    last = doc.outline_entries()[-1]
    window.reader.scroll_to_block(last.id)
    qtbot.waitUntil(lambda: tree.currentIndex().data(Role.BLOCK_ID) == last.id, timeout=5000)
    parent = tree.currentIndex().parent()
    while parent.isValid():
        assert tree.isExpanded(parent)
        parent = parent.parent()
    assert tree.visualRect(tree.currentIndex()).isValid()  # listed, not hidden
