"""The search panel's facets on the sample library: what a user sees when narrowing the
results by category or year, ordering them by date and searching earlier versions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox

from desktop.models.roles import Role
from index.search import IndexSearcher, SearchHit

SECRETS_2010 = "laws/行政法/保守国家秘密法(2010-04-29)"
SECRETS_2024 = "laws/行政法/保守国家秘密法(2024-02-27)"
REGULATION = "laws/行政法规/不动产登记暂行条例(2019-03-24)"


def _every_hit(index_dir: Path, query: str, all_versions: bool = False) -> list[SearchHit]:
    """The oracle: every match of the unnarrowed search, from the engine without a window."""
    with IndexSearcher(index_dir) as searcher:
        return list(searcher.search(query, limit=None, all_versions=all_versions).hits)


def _entries(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def _choose(qtbot: Any, window: Any, box: QComboBox, value: str | None) -> Any:
    """Pick a value as a user does; returns the result shown for it."""
    index = next(i for i in range(box.count()) if box.itemData(i) == value)
    with qtbot.waitSignal(window.search_shown, timeout=10000) as blocker:
        box.setCurrentIndex(index)
    return blocker.args[0]


def _shown_documents(window: Any) -> list[str]:
    model = window.search_panel.model
    return [model.item(row).data(Role.DOC_ID) for row in range(model.rowCount())]


def test_category_list_counts_the_matches_and_narrows_the_results(
    qtbot: Any, make_window: Any, search: Any, app_paths: Path
) -> None:
    window = make_window()
    panel = window.search_panel
    every = _every_hit(app_paths, "国家")
    per_category = Counter(hit.doc_category[0] if hit.doc_category else "" for hit in every)
    search(window, "国家")
    entries = _entries(panel.category_box)
    # "All" first with every match, then the categories in the order of the legal system.
    assert entries[0] == f"All categories ({len(every)})"
    assert entries[1:] == [
        f"宪法 ({per_category['宪法']})",
        f"法律 ({per_category['法律']})",
        f"行政法规 ({per_category['行政法规']})",
        f"部门规章 ({per_category['部门规章']})",
        f"Other documents ({per_category['']})",
    ]
    result = _choose(qtbot, window, panel.category_box, "行政法规")
    assert result.total == per_category["行政法规"] == 7
    assert _shown_documents(window) == [REGULATION]
    assert panel.status.text() == "7 matching paragraphs"
    assert panel.category_box.currentText() == "行政法规 (7)"
    # The year list now counts within the category: only the regulation's year.
    assert _entries(panel.year_box) == ["All years (7)", "2019 (7)"]
    # A new query keeps the chosen category and counts again.
    result = search(window, "登记")
    assert {hit.doc_id for hit in result.hits} == {REGULATION}
    assert panel.category_box.currentData() == "行政法规"
    # Back to all categories: every match again.
    result = _choose(qtbot, window, panel.category_box, None)
    assert result.total == len(_every_hit(app_paths, "登记"))


def test_year_list_counts_and_narrows(
    qtbot: Any, make_window: Any, search: Any, app_paths: Path
) -> None:
    window = make_window()
    panel = window.search_panel
    every = _every_hit(app_paths, "数据")
    per_year = Counter(hit.doc_date[:4] for hit in every)
    search(window, "数据")
    entries = _entries(panel.year_box)
    assert entries[0] == f"All years ({len(every)})"
    # Newest year first, each with its matches.
    assert entries[1:] == [f"{year} ({per_year[year]})" for year in sorted(per_year, reverse=True)]
    result = _choose(qtbot, window, panel.year_box, "2021")
    assert result.total == per_year["2021"]
    shown = {hit.doc_id for hit in panel.model.hits}
    assert shown == {hit.doc_id for hit in every if hit.doc_date.startswith("2021")}
    assert panel.status.text() == f"{per_year['2021']} matching paragraphs"


def test_newest_first_orders_documents_by_date(
    qtbot: Any, make_window: Any, search: Any, app_paths: Path
) -> None:
    window = make_window()
    panel = window.search_panel
    first = search(window, "国家")
    assert panel.sort_box.currentText() == "By relevance"
    by_date = _choose(qtbot, window, panel.sort_box, "date")
    assert panel.sort_box.currentText() == "Newest first"
    assert by_date.total == first.total
    documents = _shown_documents(window)
    with IndexSearcher(app_paths) as searcher:
        catalog = searcher.catalog
        assert catalog is not None
        dates = [entry.date for doc_id in documents if (entry := catalog.entry(doc_id))]
    assert documents[0] == SECRETS_2024
    assert dates == sorted(dates, reverse=True)
    # Relevance again: the order the search had before.
    again = _choose(qtbot, window, panel.sort_box, "relevance")
    assert [hit.block_id for hit in again.hits] == [hit.block_id for hit in first.hits]


def test_earlier_versions_are_searched_only_when_asked(
    qtbot: Any, make_window: Any, search: Any, app_paths: Path
) -> None:
    window = make_window()
    panel = window.search_panel
    assert not panel.all_versions.isChecked()  # current versions by default
    search(window, "国家秘密")
    assert SECRETS_2024 in _shown_documents(window)
    assert SECRETS_2010 not in _shown_documents(window)
    assert not any(entry.startswith("2010") for entry in _entries(panel.year_box))
    with qtbot.waitSignal(window.search_shown, timeout=10000) as blocker:
        panel.all_versions.setChecked(True)
    result = blocker.args[0]
    assert result.total == len(_every_hit(app_paths, "国家秘密", all_versions=True))
    documents = _shown_documents(window)
    assert SECRETS_2010 in documents
    old_rows = sum(1 for hit in result.hits if hit.doc_id == SECRETS_2010)
    assert f"2010 ({old_rows})" in _entries(panel.year_box)
    # The earlier version says what it is.
    row = documents.index(SECRETS_2010)
    tag = panel.model.item(row).data(Role.SNIPPET_HTML)
    assert tag.startswith("[earlier version 2010-04-29]")
    assert (
        not panel.model.item(documents.index(SECRETS_2024))
        .data(Role.SNIPPET_HTML)
        .startswith("[earlier")
    )


def test_facets_in_chinese(qtbot: Any, make_window: Any, search: Any) -> None:
    window = make_window(language="zh_CN")
    panel = window.search_panel
    search(window, "国家")
    assert panel.category_box.itemText(0).startswith("全部类别 (")
    assert panel.year_box.itemText(0).startswith("全部年份 (")
    assert panel.sort_box.itemText(1) == "按日期（新的在前）"
    assert panel.all_versions.text() == "含历史版本"
    assert any(text.startswith("其他文献 (") for text in _entries(panel.category_box))
