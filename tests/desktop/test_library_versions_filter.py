"""A filter that matches earlier versions lists them under their newest version's
历史版本 row without reading any document, at any library size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from desktop.catalog import IndexCatalog
from desktop.models.roles import NodeKind, Role
from desktop.ui.library_panel import LibraryPanel
from index.catalog import Catalog, write_catalog
from index.document import Block, BlockKind, Document, make_block_ids

VERSIONS = 3  # per document: the first under an older name


def _document(number: int) -> Document:
    group, version = divmod(number, VERSIONS)
    name = f"{'暂行' if version == 0 else ''}数据管理办法{group}号"
    texts = [("heading", f"第{k}章 总则{group}") for k in range(1, 3)]
    texts.append(("paragraph", "正文"))
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text, level=1 if kind == "heading" else 0,
              outline_title=text if kind == "heading" else "",
              section=(text,) if kind == "heading" else ())
        for i, (kind, text) in zip(ids, texts, strict=True)
    )  # fmt: skip
    return Document(
        id=f"doc{number:05d}",
        title=name,
        blocks=blocks,
        category=("部门规章", "公安部"),
        version_date=f"20{10 + version}-01-01",
        version_group=f"group{group}",
        current=version == VERSIONS - 1,
    )


class CountingCatalog(Catalog):
    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir)
        self.reads = 0

    def _read_record(self, entry: Any) -> dict[str, Any]:
        self.reads += 1
        return super()._read_record(entry)


@pytest.fixture(scope="module", params=[300, 3000])
def catalog_dir(request: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"versions-{request.param}")
    write_catalog(folder, [_document(n) for n in range(request.param)])
    return folder


def _children(model: Any, index: Any) -> list[Any]:
    return [model.index(r, 0, index) for r in range(model.rowCount(index))]


def _documents_shown(model: Any) -> list[Any]:
    """Every document row the tree lists, earlier versions included (not headings)."""
    found, stack = [], _children(model, QModelIndex())
    while stack:
        index = stack.pop()
        kind = index.data(Role.NODE_KIND)
        if kind == NodeKind.DOCUMENT:
            found.append(index)
        if kind != NodeKind.HEADING:
            stack.extend(_children(model, index))
    return found


def test_old_names_are_found_under_history_without_reading(qtbot: Any, catalog_dir: Path) -> None:
    catalog = CountingCatalog(catalog_dir)
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_entries(IndexCatalog(catalog).entries(), simplified=True)
    model = panel.model
    groups = len(catalog.documents) // VERSIONS
    with qtbot.waitSignal(panel.filter_applied, timeout=20000):
        panel.filter_edit.setText("暂行")
    assert catalog.reads == 0  # no document nor outline read to list what matched
    # Every newest version is listed for its earlier name, with only that version under
    # its history row (also once a row is opened and its outline read).
    listed = _documents_shown(model)
    old = [i for i in listed if i.parent().data(Role.NODE_KIND) == NodeKind.HISTORY]
    assert len(old) == groups == len(listed) - groups
    assert all("暂行" in str(i.data()) for i in old)
    newest = {str(i.parent().parent().data(Role.DOC_ID)) for i in old}
    assert len(newest) == groups
    for doc_id in sorted(newest)[:5]:
        holder = model.index_for(doc_id)
        kinds = [c.data(Role.NODE_KIND) for c in _children(model, holder)]
        assert kinds == [NodeKind.HISTORY]
    # Cleared, a newest version shows its history (both earlier versions) and its outline.
    with qtbot.waitSignal(panel.filter_applied, timeout=20000):
        panel.filter_edit.clear()
    doc_id = sorted(newest)[0]
    holder = model.index_for(doc_id)
    rows = _children(model, holder)
    assert [r.data(Role.NODE_KIND) for r in rows] == [
        NodeKind.HISTORY,
        NodeKind.HEADING,
        NodeKind.HEADING,
    ]
    assert len(_children(model, rows[0])) == VERSIONS - 1
