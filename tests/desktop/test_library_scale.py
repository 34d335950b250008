"""The library window at scale: start and filter cost the same work whatever the size.

A generated library of a few thousand documents is written as a real build-time catalog;
the tests count work (documents read, rows made, texts compared per slice), never time.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from desktop.catalog import IndexCatalog
from desktop.library_filter import FilterJob, matches_filter, normalise_filter
from desktop.models.library_model import LibraryModel
from desktop.models.roles import NodeKind, Role
from desktop.ui.library_panel import (
    EXPANDED_ROWS,
    FILTER_EXPANDED_ROWS,
    PLAN_PER_SLICE,
    ROWS_PER_SLICE,
    SLICE_WORK,
    LibraryPanel,
)
from index.catalog import Catalog, write_catalog
from index.document import Block, BlockKind, Document, make_block_ids

WORDS = tuple(
    [
        "数据",
        "安全",
        "个人",
        "信息",
        "保护",
        "行政",
        "许可",
        "监督",
        "管理",
        "网络",
        "银行",
        "条例",
        "规定",
        "办法",
        "实施",
    ]
)
CATEGORIES = (("法律", "行政法"), ("法律", "经济法"), ("行政法规",), ("部门规章", "公安部"))


def _document(rng: random.Random, number: int) -> Document:
    title = "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))) + f"{number}号"
    texts = [("heading", f"第{k}章 " + rng.choice(WORDS)) for k in range(1, 4)]
    texts.append(("paragraph", "正文" + rng.choice(WORDS)))
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text, level=1 if kind == "heading" else 0,
              outline_title=text if kind == "heading" else "",
              section=(text,) if kind == "heading" else ())
        for i, (kind, text) in zip(ids, texts, strict=True)
    )  # fmt: skip
    return Document(
        id=f"doc{number:05d}",
        title=title,
        blocks=blocks,
        category=CATEGORIES[number % len(CATEGORIES)],
        version_date=f"20{10 + number % 15}-01-01",
        version_group=f"doc{number:05d}",
    )


@cache
def _catalog_dir(root: Path, size: int) -> Path:
    folder = root / f"catalog-{size}"
    folder.mkdir()
    rng = random.Random(size)
    write_catalog(folder, [_document(rng, n) for n in range(size)])
    return folder


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("scale")
    return {size: _catalog_dir(root, size) for size in (600, 4800)}


class CountingCatalog(Catalog):
    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self.reads = 0

    def _read_record(self, entry: Any) -> dict[str, Any]:
        self.reads += 1
        return super()._read_record(entry)


def _open_panel(qtbot: Any, folder: Path) -> tuple[LibraryPanel, CountingCatalog]:
    catalog = CountingCatalog(folder)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    panel.set_entries(IndexCatalog(catalog).entries(), simplified=True)
    return panel, catalog


def _start_work(qtbot: Any, folder: Path) -> tuple[int, int, int]:
    panel, catalog = _open_panel(qtbot, folder)
    rows_at_start = panel.model.nodes_built
    first_slice = panel.model.nodes_built
    panel._preload_slice()
    first_slice = panel.model.nodes_built - first_slice
    return catalog.reads, rows_at_start, first_slice


def test_start_reads_no_document_and_makes_the_same_rows_at_any_size(
    qtbot: Any, catalogs: dict[int, Path]
) -> None:
    small = _start_work(qtbot, catalogs[600])
    large = _start_work(qtbot, catalogs[4800])
    assert small[0] == large[0] == 0  # no document (nor outline) read to show the library
    # Only the groups are made at start, and the documents of groups opened within a
    # fixed budget of rows; the rest follow in slices of a fixed size.
    bound = len(CATEGORIES) * 2 + EXPANDED_ROWS
    assert small[1] <= bound and large[1] <= bound
    assert 0 < large[2] <= ROWS_PER_SLICE and 0 < small[2] <= ROWS_PER_SLICE


def test_library_tree_groups_by_category_and_department(
    qtbot: Any, catalogs: dict[int, Path]
) -> None:
    panel, _catalog = _open_panel(qtbot, catalogs[600])
    model = panel.model
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top == ["法律", "行政法规", "部门规章"]  # in the order of the legal system
    law = model.index(0, 0)
    assert [model.index(r, 0, law).data() for r in range(model.rowCount(law))] == [
        "经济法",
        "行政法",
    ]
    rules = model.index(2, 0)
    department = model.index(0, 0, rules)
    assert department.data() == "公安部"
    assert department.data(Role.NODE_KIND) == NodeKind.DEPARTMENT
    assert model.rowCount(department) == 150


def _filter(qtbot: Any, panel: LibraryPanel, text: str) -> None:
    with qtbot.waitSignal(panel.filter_applied, timeout=20000):
        panel.filter_edit.setText(text)


@pytest.mark.parametrize("size", [600, 4800])
def test_filter_works_in_bounded_slices_and_matches_the_oracle(
    qtbot: Any, catalogs: dict[int, Path], size: int
) -> None:
    panel, catalog = _open_panel(qtbot, catalogs[size])
    entries = panel.model.entries
    original = panel._start
    jobs: list[FilterJob] = []

    def spy(needle: str) -> None:
        original(needle)
        if panel._job is not None:
            jobs.append(panel._job)

    panel._start = spy  # type: ignore[method-assign]
    for typed in ("数据", "shuju", "sj", "yinhang", "xkgd"):
        jobs.clear()
        _filter(qtbot, panel, typed)
        needle = normalise_filter(typed)
        expected = {e.doc_id for e in entries if matches_filter(e.title, needle)}
        shown = set()
        for group in range(panel.model.rowCount()):
            stack = [panel.model.index(group, 0)]
            while stack:
                index = stack.pop()
                if index.data(Role.NODE_KIND) == NodeKind.DOCUMENT:
                    shown.add(index.data(Role.DOC_ID))
                    continue
                stack.extend(
                    panel.model.index(r, 0, index) for r in range(panel.model.rowCount(index))
                )
        assert shown == expected, typed
        assert expected, typed  # the generated titles contain every one of these
        # However large the library, one slice compares a bounded number of texts.
        assert all(job.max_slice_work <= SLICE_WORK + 8 for job in jobs)
        panel.filter_edit.clear()
    assert catalog.reads == 0  # filtering reads no document


def test_typing_on_narrows_the_previous_result(qtbot: Any, catalogs: dict[int, Path]) -> None:
    panel, _catalog = _open_panel(qtbot, catalogs[4800])
    _filter(qtbot, panel, "数据")
    first = panel._last
    assert first is not None and first.complete
    before = panel.filter_work
    _filter(qtbot, panel, "数据安全")
    narrowed = panel.filter_work - before
    # Only what "数据" matched (titles and their headings) is looked at again.
    candidates = sum(1 + len(m.headings) for m in first.matches.values())
    assert narrowed <= candidates < len(panel.model.entries)
    assert panel._last is not None
    assert set(panel._last.matches) <= set(first.matches)


@pytest.mark.parametrize("size", [600, 4800])
def test_a_result_matching_most_of_the_library_is_shown_in_bounded_slices(
    qtbot: Any, catalogs: dict[int, Path], size: int
) -> None:
    panel, catalog = _open_panel(qtbot, catalogs[size])
    model = panel.model
    slices: list[tuple[str, int]] = []  # (needle the tree shows, rows made) at each slice
    original = panel._run_slice

    def spy() -> None:
        built = model.nodes_built
        original()
        slices.append((model.filter_text, model.nodes_built - built))

    panel._run_slice = spy  # type: ignore[method-assign]
    panel._timer.timeout.disconnect()
    panel._timer.timeout.connect(panel._run_slice)
    # geren, guanli, guiding, xingzheng, yinhang (every reading of 行 has a g): most titles
    _filter(qtbot, panel, "g")
    needle = normalise_filter("g")
    result = FilterJob(model.entries, needle).run_to_end()
    matched = [model.entries[p] for p, m in result.matches.items() if m.title]
    assert len(matched) > size // 2
    # Every match is placed in the tree and every listed row collected, never more than
    # the bound in one slice, and the tree changes once, at the end (never half a result).
    assert 0 < panel.most_placed_in_a_slice <= PLAN_PER_SLICE
    assert all(shown == "" for shown, _rows in slices[:-1]) and slices[-1][0] == needle
    if size > 2 * PLAN_PER_SLICE:
        assert len(slices) >= len(matched) // PLAN_PER_SLICE
    # The tree lays out the rows of the groups opened for the result: a few screens,
    # whatever the library's size and however many documents matched.
    assert _open_rows(panel) <= FILTER_EXPANDED_ROWS + 2 * len(CATEGORIES)
    # The same rows as the result shown all at once.
    shown = [(i.data(Role.DOC_ID), i.parent().data()) for i in _all_documents(model)]
    assert sorted(shown) == sorted((e.doc_id, e.department or e.category) for e in matched)
    at_once = LibraryModel()
    at_once.set_entries(model.entries, simplified=True)
    at_once.apply_filter(result)
    assert sorted(shown) == sorted(
        (i.data(Role.DOC_ID), i.parent().data()) for i in _all_documents(at_once)
    )
    assert catalog.reads == 0


def _open_rows(panel: LibraryPanel) -> int:
    """Rows the tree shows (inside expanded rows only): what it lays out."""
    model, tree, count = panel.model, panel.tree, 0
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            count += 1
            index = model.index(row, 0, parent)
            if tree.isExpanded(index):
                stack.append(index)
    return count


def _all_documents(model: Any) -> list[Any]:
    found, stack = [], [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        if index.data(Role.NODE_KIND) == NodeKind.DOCUMENT:
            found.append(index)
            continue
        stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    return found
