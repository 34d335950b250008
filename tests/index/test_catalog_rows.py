"""catalog.rows: the library's columns, read without decoding every document's record.

The oracle is catalog.json decoded whole (the way a catalog without rows is read)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from index.catalog import CATALOG_NAME, ROWS_NAME, Catalog, write_catalog
from index.document import Block, BlockKind, Document, LawEvent, make_block_ids


def _document(number: int, category: tuple[str, ...], **extra: object) -> Document:
    texts = [("heading", "第一章 总则"), ("article", f"第一条 正文{number}")]
    ids = make_block_ids(texts)
    blocks = tuple(
        Block(i, BlockKind(kind), text) for i, (kind, text) in zip(ids, texts, strict=True)
    )
    return Document(
        id=f"法/文件{number}",
        title=f"數據安全条例{number % 3}",
        blocks=blocks,
        category=category,
        version_date=f"20{10 + number}-01-0{1 + number % 9}",
        version_group=f"數據安全条例{number % 3}",
        current=number >= 3,
        **extra,  # type: ignore[arg-type]
    )


def _library() -> list[Document]:
    return [
        _document(0, ("法律", "行政法")),
        _document(1, ()),
        _document(2, ("部门规章", "公安部", "治安")),
        _document(
            3,
            ("行政法规",),
            subtitle="附件",
            events=(LawEvent("2013-01-01", "通过", "第1次会议", "", "通过"),),
        ),
        _document(4, ("法律", "行政法"), source="新华社", effective_date="2015-01-01"),
    ]


def _whole(folder: Path) -> Catalog:
    """The oracle: catalog.json decoded in one piece (a copy without its rows)."""
    whole = folder / "whole"
    whole.mkdir(exist_ok=True)
    (whole / CATALOG_NAME).write_bytes((folder / CATALOG_NAME).read_bytes())
    for name in os.listdir(folder):
        if name not in (CATALOG_NAME, ROWS_NAME, "whole"):
            (whole / name).write_bytes((folder / name).read_bytes())
    catalog = Catalog(whole)
    assert catalog.rows() is None
    return catalog


def test_every_record_decoded_one_by_one_as_the_whole_catalog_is(tmp_path: Path) -> None:
    """With rows, reading every document decodes the records one at a time (other
    threads run between them): the same entries as catalog.json decoded whole, each
    record decoded once, whichever were decoded before."""
    write_catalog(tmp_path, _library())
    by_record = Catalog(tmp_path)
    early = by_record.entry(_library()[2].id)
    assert by_record.records_decoded == 1
    assert by_record.documents == _whole(tmp_path).documents
    assert by_record.records_decoded == len(_library())
    assert by_record.entry(_library()[2].id) is early
    for doc in _library():
        assert by_record.read_document(doc.id) == _whole(tmp_path).read_document(doc.id)


def test_rows_list_every_document_as_the_whole_catalog_does(tmp_path: Path) -> None:
    write_catalog(tmp_path, _library())
    assert (tmp_path / ROWS_NAME).is_file()
    whole = json.loads((tmp_path / CATALOG_NAME).read_text("utf-8"))  # still plain JSON
    assert [d["id"] for d in whole["documents"]] == [d.id for d in _library()]
    lazy = Catalog(tmp_path)
    rows = lazy.rows()
    assert rows is not None
    expected = _whole(tmp_path).documents
    assert lazy.ids() == [e.id for e in expected]
    assert [lazy.display_title(e.id) for e in expected] == [e.display_title for e in expected]
    assert lazy.display_title("法/文件99") is None
    assert lazy.records_decoded == 0  # the ids, titles and columns decode no record
    for entry in reversed(expected):
        assert lazy.entry(entry.id) == entry
    assert lazy.records_decoded == len(expected)
    assert lazy.entry("法/文件99") is None
    assert rows.column("title") == [e.title for e in expected]
    assert rows.column("date") == [e.date for e in expected]
    assert [bool(c) for c in rows.column("current")] == [e.current for e in expected]


def test_versions_and_titles_found_from_the_rows_as_from_the_whole_catalog(
    tmp_path: Path,
) -> None:
    write_catalog(tmp_path, _library())
    lazy, oracle = Catalog(tmp_path), _whole(tmp_path)
    oracle.documents  # noqa: B018 - the whole catalog decoded: the old way
    for doc in _library():
        assert lazy.versions(doc.id) == oracle.versions(doc.id)
    for title in ("数据安全条例1", "安全条例0", "无此标题"):
        assert lazy.find_title(title) == oracle.find_title(title)
    doc_id = _library()[3].id
    assert lazy.read_document(doc_id) == oracle.read_document(doc_id)


def test_rows_of_another_catalog_are_not_used(tmp_path: Path) -> None:
    """A catalog.json replaced without its rows (another build, a copy by hand) is read
    whole: the rows never list documents the catalog does not hold."""
    write_catalog(tmp_path, _library())
    rows = (tmp_path / ROWS_NAME).read_bytes()
    write_catalog(tmp_path, _library()[:2])
    (tmp_path / ROWS_NAME).write_bytes(rows)
    catalog = Catalog(tmp_path)
    assert catalog.rows() is None
    assert catalog.ids() == [d.id for d in _library()[:2]]


def test_catalog_without_rows_is_read_whole(tmp_path: Path) -> None:
    write_catalog(tmp_path, _library())
    os.remove(tmp_path / ROWS_NAME)
    catalog = Catalog(tmp_path)
    assert catalog.rows() is None
    assert catalog.ids() == [d.id for d in _library()]
    assert catalog.entry(_library()[2].id) is not None


def test_a_value_the_rows_cannot_hold_leaves_them_out(tmp_path: Path) -> None:
    library = _library()
    library.append(_document(5, ("法律", "行政\x1e法")))
    write_catalog(tmp_path, library)
    assert not (tmp_path / ROWS_NAME).exists()
    assert Catalog(tmp_path).entry(library[-1].id) is not None


def test_a_catalog_read_whole_leaves_no_decoded_records_for_the_collector(
    tmp_path: Path,
) -> None:
    """What a catalog keeps after reading every record is its entries, not the decoded
    JSON (a dict and several lists per document that every full pass of the collector
    would go through for as long as the program runs); editor and url still come back."""
    import dataclasses
    import gc

    library = [
        dataclasses.replace(doc, id=f"{doc.id}-{n}", editor="编辑部", url="https://example.org/")
        for n in range(40)
        for doc in _library()
    ]
    write_catalog(tmp_path, library)
    catalog = Catalog(tmp_path)
    gc.collect()
    before = len(gc.get_objects())
    assert len(catalog.documents) == len(library)
    gc.collect()
    kept = len(gc.get_objects()) - before
    assert kept <= 2 * len(library)  # an entry (and its history lines), little else
    read = catalog.read_document(library[7].id)
    assert (read.editor, read.url) == ("编辑部", "https://example.org/")


def first_rows_format(folder: Path) -> None:
    """Rewrite ``folder``'s catalog.rows as the first rows format was written (columns
    and records only), as in indexes and packs built before."""
    from index.catalog import ROWS_MAGIC

    data = (folder / ROWS_NAME).read_bytes()
    end = data.index(b"\n", len(ROWS_MAGIC))
    header = json.loads(data[len(ROWS_MAGIC) : end])
    body = data[end + 1 :]
    assert "by_row" in header and "tree" in header
    del header["by_row"], header["tree"]
    start, length = header["records"]
    first = ROWS_MAGIC + json.dumps(header).encode() + b"\n" + body[: start + length]
    (folder / ROWS_NAME).write_bytes(first)


def _first_format_columns(data: bytes) -> tuple[dict[str, list[str]], int]:
    """How a program that knows the first rows format reads a rows file: its columns,
    and how many records it locates (the same steps as that program's reader)."""
    from index.catalog import ROWS_MAGIC

    assert data.startswith(ROWS_MAGIC)
    end = data.index(b"\n", len(ROWS_MAGIC))
    header = json.loads(data[len(ROWS_MAGIC) : end])
    body = memoryview(data)[end + 1 :]
    columns = {}
    for name, (start, length) in header["columns"].items():
        cells = bytes(body[start : start + length]).decode().split("\x00")
        cells.pop()
        assert len(cells) == header["documents"]
        columns[name] = cells
    start, length = header["records"]
    return columns, len(body[start : start + length]) // 16


def test_rows_written_now_are_read_by_programs_that_know_the_first_format(
    tmp_path: Path,
) -> None:
    """Installed programs read indexes and packs built now: the columns and records are
    where the first format had them; what was added lies after them."""
    write_catalog(tmp_path, _library())
    columns, records = _first_format_columns((tmp_path / ROWS_NAME).read_bytes())
    rows = Catalog(tmp_path).rows()
    assert rows is not None
    assert columns == {name: rows.column(name) for name in columns}
    assert records == len(_library())
    assert columns["title"] == [d.title for d in _library()]


def test_a_documents_cells_are_read_alone_as_its_columns_hold_them(tmp_path: Path) -> None:
    from index.catalog import ROW_COLUMNS

    library = _library()  # laws, one without a category, one with a subtitle
    write_catalog(tmp_path, library)
    rows = Catalog(tmp_path).rows()
    assert rows is not None
    picked = [4, 0, 2]
    cells = rows.row_cells(picked)
    assert rows.cells_decoded == len(picked) * len(ROW_COLUMNS)  # no column read
    oracle = Catalog(tmp_path).rows()
    assert oracle is not None
    columns = [oracle.column(name) for name in ROW_COLUMNS]
    assert cells == [tuple(column[row] for column in columns) for row in picked]
    # A file of the first format gives the same cells, from its columns.
    first_rows_format(tmp_path)
    older = Catalog(tmp_path).rows()
    assert older is not None and older.tree_groups() is None
    assert older.row_cells(picked) == cells


def test_a_rows_file_cut_short_is_not_used(tmp_path: Path) -> None:
    """A damaged rows file says so when the catalog is opened (the window then lists the
    library from the corpus), not when a row is first listed."""
    import pytest

    from index.catalog import CatalogError

    write_catalog(tmp_path, _library())
    data = (tmp_path / ROWS_NAME).read_bytes()
    (tmp_path / ROWS_NAME).write_bytes(data[:-10])
    with pytest.raises(CatalogError):
        Catalog(tmp_path).rows()
