"""The library catalog: what the window needs without parsing the corpus.

Written by the index build beside the Whoosh index (see :func:`write_catalog`):

* ``catalog.json``: one entry per document — id, title, subtitle, path (and paths of
  identical copies), category, dates, events, version group and whether it is the
  current version, block count, pinyin keys of its display title (folded text, full
  pinyin, initials) and where its stored form lies in the pack;
* ``documents.pack``: per document, its blocks' texts (one zlib stream), and its blocks'
  structure and outline (JSON), which sit with other documents' in xz-compressed chunks
  of about :data:`PACK_CHUNK_BYTES` (a third smaller than a zlib stream each; the last
  chunks read stay decoded).  A search hit inflates only its document's texts, with
  zlib's speed (xz would make the first hit on a document several times slower);
  opening a document inflates its texts and one small chunk.  The Whoosh index of a
  built library stores no text: the pack is where the original texts live.  (Catalog
  version 2, a zlib stream for each structure too, is still read: installed packs were
  built with it.)

:class:`Catalog` loads ``catalog.json`` on first use (about a millisecond per hundred
documents) and a document's blocks only when :meth:`Catalog.read_document` asks for
them.  Nothing here imports Qt or parses corpus files.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import lzma
import os
import sys
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from index.folding import fold_text
from index.index_files import parse_json

if TYPE_CHECKING:  # loaded with the first document or record written or read
    from index.catalog_entries import CatalogEntry, OutlineEntry
    from index.document import Block, BlockKind, Document, LawEvent

__all__ = [
    "CATALOG_NAME",
    "CATALOG_VERSION",
    "PACK_NAME",
    "ROWS_NAME",
    "ROW_COLUMNS",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "CatalogRows",
    "OutlineEntry",
    "StoredRows",
    "category_parts",
    "outline_of",
    "title_keys",
    "write_catalog",
]

CATALOG_NAME = "catalog.json"
PACK_NAME = "documents.pack"
# Per block (document number of a built index): how many blocks back its article's
# first block is (0: it is one, or it is not in an article).  Unsigned 16-bit.
ARTICLE_HEADS_NAME = "articles.u16"
# Blocks of documents that are not the current version of their group, and for each
# gram with a precomputed top list how many of them contain it (see index.search).
VERSIONS_NAME = "versions.json"
CATALOG_VERSION = 3
READABLE_VERSIONS = (2, 3)
# Uncompressed bytes of structure per pack chunk: larger chunks compress better and cost
# more to inflate when a document is opened (64 KB: under a millisecond; see the README).
PACK_CHUNK_BYTES = 64 * 1024
_CHUNK_FILTERS = [
    {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME, "dict_size": 1 << 20}
]
# Decoded chunks kept per catalog (a chunk holds one or more documents).
CHUNKS_KEPT = 8
# What the window needs of every document at start, column by column, and where each
# document's record lies in catalog.json: the library opens without decoding them all.
ROWS_NAME = "catalog.rows"
ROWS_MAGIC = b"POLICY-LIBRARY-ROWS 1\n"
ROW_COLUMNS = (
    "id",
    "title",
    "subtitle",
    "category",
    "source",
    "date",
    "effective_date",
    "path",
    "current",
    "version_group",
    "folded",
    "pinyin",
    "initials",
)
_CELL_END = "\x00"  # ends every cell of a column
_PART_SEPARATOR = "\x1e"  # between the parts of a category path


class CatalogError(ValueError):
    """The catalog files are missing, damaged or of another version."""


def __getattr__(name: str) -> Any:
    """:class:`CatalogEntry` and :class:`OutlineEntry`, from :mod:`index.catalog_entries`
    (loaded when first asked for)."""
    if name in ("CatalogEntry", "OutlineEntry"):
        from index import catalog_entries

        return getattr(catalog_entries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _pinyin() -> Any:
    import pypinyin  # local import: its phrase tables load in ~0.15 s

    return pypinyin


def title_keys(text: str) -> tuple[str, str, str]:
    """(folded text without spaces, full pinyin, pinyin initials) for a library filter."""
    folded = fold_text(text).replace(" ", "")
    syllables = _pinyin().lazy_pinyin(folded, errors="default")
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum()).lower()
    return folded, full, initials


def outline_of(doc: Document) -> list[OutlineEntry]:
    """Headings nested by depth, with the articles under them (level = depth)."""
    from index.catalog_entries import OutlineEntry

    article = _document_classes().BlockKind.ARTICLE
    out = []
    for block in doc.blocks:
        if block.is_heading:
            out.append(
                OutlineEntry(
                    max(1, len(block.section)),
                    block.kind.value,
                    block.outline_title or block.text,
                    block.id,
                )
            )
        elif block.kind is article:
            out.append(
                OutlineEntry(
                    len(block.section) + 1,
                    "article",
                    block.outline_title or block.article,
                    block.id,
                )
            )
    return out


# -- stored form -------------------------------------------------------------------------


def _block_record(block: Block) -> list[Any]:
    record: list[Any] = [block.id, block.kind.value, block.level]
    extra: dict[str, Any] = {}
    if block.outline_title:
        extra["o"] = block.outline_title
    if block.section:
        extra["s"] = list(block.section)
    if block.article_no:
        extra["a"] = [block.article_no, block.article_sub, block.article, block.clause]
    if block.refs:
        extra["r"] = [
            [
                r.start,
                r.end,
                r.text,
                r.doc_title,
                r.article_no,
                r.article_sub,
                r.clause,
                r.doc_id,
                r.block_id,
            ]
            for r in block.refs
        ]
    if extra:
        record.append(extra)
    return record


_NO_ARTICLE = (0, 0, "", 0)


_BLOCK_FIELDS = (
    "id",
    "kind",
    "text",
    "level",
    "outline_title",
    "section",
    "article_no",
    "article_sub",
    "article",
    "clause",
    "refs",
)


@functools.cache
def _document_classes() -> Any:
    """:mod:`index.document`, loaded when a document is first written, read or its record
    decoded: the library is listed from catalog.rows without it, and defining its classes
    takes milliseconds of the start before the window's first paint."""
    from index import document

    if tuple(f.name for f in dataclasses.fields(document.Block)) != _BLOCK_FIELDS:
        raise ImportError(  # pragma: no cover
            "index.catalog decodes blocks field by field: Block's fields changed"
        )
    return document


@functools.cache
def _kind_of_value() -> dict[str, BlockKind]:
    return {kind.value: kind for kind in _document_classes().BlockKind}


def _blocks_from_records(records: list[list[Any]], texts: Sequence[str]) -> tuple[Block, ...]:
    """A document's blocks from their records and texts. Opening a document waits for
    this: each field is stored through its slot rather than through the frozen class's
    __init__ (half the time for a long law), and blocks of one outline path share its
    tuple."""
    classes = _document_classes()
    block_class, block_kind, cross_reference = (
        classes.Block,
        classes.BlockKind,
        classes.CrossReference,
    )
    (
        set_id,
        set_kind,
        set_text,
        set_level,
        set_outline_title,
        set_section,
        set_article_no,
        set_article_sub,
        set_article,
        set_clause,
        set_refs,
    ) = (getattr(block_class, name).__set__ for name in _BLOCK_FIELDS)
    kinds, new, no_article = _kind_of_value(), object.__new__, _NO_ARTICLE
    sections: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per outline path
    blocks = []
    for record, text in zip(records, texts, strict=True):
        value = record[1]
        block = new(block_class)
        set_id(block, record[0])
        set_kind(block, kinds.get(value) or block_kind(value))
        set_text(block, text)
        set_level(block, record[2])
        if len(record) > 3:
            extra: dict[str, Any] = record[3]
            article = extra.get("a") or no_article
            section = extra.get("s")
            refs = extra.get("r")
            set_outline_title(block, extra.get("o", ""))
            if section:
                path = tuple(section)
                set_section(block, sections.setdefault(path, path))
            else:
                set_section(block, ())
            set_article_no(block, article[0])
            set_article_sub(block, article[1])
            set_article(block, article[2])
            set_clause(block, article[3])
            set_refs(block, tuple(cross_reference(*r) for r in refs) if refs else ())
        else:
            set_outline_title(block, "")
            set_section(block, ())
            set_article_no(block, 0)
            set_article_sub(block, 0)
            set_article(block, "")
            set_clause(block, 0)
            set_refs(block, ())
        blocks.append(block)
    return tuple(blocks)


# Between two block texts in a document's text chunk (never inside a block's text:
# parsers split paragraphs at line breaks and this is a record separator).
_TEXT_SEPARATOR = "\x1e"


def _entry_record(doc: Document, pack: tuple[int, ...]) -> dict[str, Any]:
    article = _document_classes().BlockKind.ARTICLE
    return {
        "id": doc.id,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "path": doc.path,
        "copies": list(doc.copies),
        "category": list(doc.category),
        "version_date": doc.version_date,
        "effective_date": doc.effective_date,
        "published": doc.published,
        "source": doc.source,
        "author": doc.author,
        "editor": doc.editor,
        "url": doc.url,
        "events": [[e.date, e.action, e.body, e.order_no, e.text] for e in doc.events],
        "version_group": doc.version_group,
        "current": doc.current,
        "blocks": len(doc.blocks),
        "articles": sum(1 for b in doc.blocks if b.kind is article),
        "keys": list(title_keys(doc.display_title)),
        "pack": list(pack),
    }


def article_heads(documents: Iterable[Document]) -> array[int]:
    """Per block in corpus order: how many blocks back its article's first block is."""
    article = _document_classes().BlockKind.ARTICLE
    heads = array("H")
    for doc in documents:
        head = -1
        for offset, block in enumerate(doc.blocks):
            if block.kind is article:
                head = offset
                heads.append(0)
            elif block.article_no and head >= 0 and offset - head < 0xFFFF:
                heads.append(offset - head)
            else:
                head = -1 if not block.article_no else head
                heads.append(0)
    return heads


def noncurrent_ranges(documents: Iterable[Document]) -> list[tuple[int, int]]:
    """``(first document number, block count)`` of every document that is not current."""
    out = []
    start = 0
    for doc in documents:
        if not doc.current:
            out.append((start, len(doc.blocks)))
        start += len(doc.blocks)
    return out


def write_versions(
    folder: Path, ranges: Sequence[tuple[int, int]], gram_df: dict[str, int]
) -> None:
    (folder / VERSIONS_NAME).write_text(
        json.dumps(
            {"noncurrent": [list(r) for r in ranges], "top_gram_df": gram_df},
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        ),
        "utf-8",
    )


def write_catalog(folder: Path, documents: Iterable[Document]) -> dict[str, Any]:
    """Write ``catalog.json``, ``documents.pack`` and ``articles.u16`` into ``folder``;
    returns a manifest entry.  ``documents`` is read once, in order (it may be a stream)."""
    heads = array("H")
    entries: list[dict[str, Any]] = []
    offset = 0
    pack_tmp = folder / (PACK_NAME + ".tmp")
    with pack_tmp.open("wb") as pack:
        chunk = bytearray()
        # entries of the documents whose structure is in the chunk being filled, with
        # where the rest is (the documents themselves are not kept: they may be a stream)
        waiting: list[tuple[dict[str, Any], int, int, int, int]] = []

        def write(data: bytes) -> int:
            nonlocal offset
            at = offset
            pack.write(data)
            offset += len(data)
            return at

        def flush() -> None:
            if not waiting:
                return
            data = lzma.compress(bytes(chunk), format=lzma.FORMAT_XZ, filters=_CHUNK_FILTERS)
            at = write(data)
            for entry, start, structure, texts_at, texts in waiting:
                entry["pack"] = [at, len(data), start, structure, texts_at, texts]
                entries.append(entry)
            chunk.clear()
            waiting.clear()

        for doc in documents:
            heads.extend(article_heads((doc,)))
            record = {
                "blocks": [_block_record(b) for b in doc.blocks],
                "outline": [[e.level, e.kind, e.title, e.block_id] for e in outline_of(doc)],
            }
            structure = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
            texts = zlib.compress(_TEXT_SEPARATOR.join(b.text for b in doc.blocks).encode(), 6)
            entry = _entry_record(doc, ())
            waiting.append((entry, len(chunk), len(structure), write(texts), len(texts)))
            chunk += structure
            if len(chunk) >= PACK_CHUNK_BYTES:
                flush()
        flush()
    if sys.byteorder != "little":  # pragma: no cover - the file is little-endian
        heads.byteswap()
    (folder / ARTICLE_HEADS_NAME).write_bytes(heads.tobytes())
    catalog_tmp = folder / (CATALOG_NAME + ".tmp")
    rows_tmp = folder / (ROWS_NAME + ".tmp")
    catalog_bytes, spans = _catalog_json(entries)
    catalog_tmp.write_bytes(catalog_bytes)
    rows = _rows_file(entries, spans, len(catalog_bytes))
    if rows is not None:
        rows_tmp.write_bytes(rows)
    os.replace(pack_tmp, folder / PACK_NAME)
    os.replace(catalog_tmp, folder / CATALOG_NAME)
    if rows is not None:
        os.replace(rows_tmp, folder / ROWS_NAME)
    else:  # a value the table cannot hold: the catalog is read whole
        (folder / ROWS_NAME).unlink(missing_ok=True)
    return {"version": CATALOG_VERSION, "documents": len(entries), "pack_bytes": offset}


def _catalog_json(entries: list[dict[str, Any]]) -> tuple[bytes, list[tuple[int, int]]]:
    """catalog.json with one record a line, and where each record's bytes lie."""
    out = bytearray(b'{"version":%d,"documents":[\n' % CATALOG_VERSION)
    spans = []
    for number, entry in enumerate(entries):
        if number:
            out += b",\n"
        record = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        spans.append((len(out), len(record)))
        out += record
    out += b"\n]}"
    return bytes(out), spans


def _row_cells(entry: dict[str, Any]) -> tuple[str, ...]:
    folded, full, initials = entry["keys"]
    return (
        entry["id"],
        entry["title"],
        entry["subtitle"],
        _PART_SEPARATOR.join(entry["category"]),
        entry["source"],
        entry["version_date"] or entry["published"][:10],
        entry["effective_date"],
        entry["path"],
        "1" if entry["current"] else "",
        entry["version_group"],
        folded,
        full,
        initials,
    )


def _rows_file(
    entries: list[dict[str, Any]], spans: list[tuple[int, int]], catalog_size: int
) -> bytes | None:
    """catalog.rows: a header line, then each column's cells (each ended by NUL) and the
    records' (offset, length) in catalog.json as little-endian uint64 pairs.  After them,
    named in the header under ``by_row`` and ``tree`` (a reader that knows only the
    columns skips them): every row's cells together (so one document's are read alone),
    and the library tree's groups of current documents with their rows in listing
    order — what the window lists first is read without reading the columns."""
    cells = [_row_cells(entry) for entry in entries]
    if any(_CELL_END in cell for row in cells for cell in row):
        return None
    # A category part holding the separator could not be split back.
    if any(_PART_SEPARATOR in part for entry in entries for part in entry["category"]):
        return None
    body = bytearray()
    columns: dict[str, list[int]] = {}
    for number, name in enumerate(ROW_COLUMNS):
        data = "".join(row[number] + _CELL_END for row in cells).encode()
        columns[name] = [len(body), len(data)]
        body += data
    offsets = array("Q", [value for span in spans for value in span])
    records = [len(body), len(offsets) * offsets.itemsize]
    body += _little_endian(offsets)
    by_row = [("".join(cell + _CELL_END for cell in row)).encode() for row in cells]
    cells_at = len(body)
    for data in by_row:
        body += data
    starts = _little_endian(array("Q", [0, *accumulate(map(len, by_row))]))
    by_row_header = {"cells": [cells_at, len(body) - cells_at], "starts": [len(body), len(starts)]}
    body += starts
    groups, members = _tree_groups(cells)
    data = _little_endian(array("I", members))
    tree = {"groups": groups, "rows": [len(body), len(data)]}
    body += data
    header = {
        "catalog_version": CATALOG_VERSION,
        "documents": len(entries),
        "catalog_bytes": catalog_size,
        "columns": columns,
        "records": records,
        "by_row": by_row_header,
        "tree": tree,
    }
    return ROWS_MAGIC + json.dumps(header).encode() + b"\n" + bytes(body)


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder != "little":  # pragma: no cover - the file is little-endian
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


_COLUMN = {name: number for number, name in enumerate(ROW_COLUMNS)}


def _tree_groups(cells: list[tuple[str, ...]]) -> tuple[list[list[Any]], list[int]]:
    """The library tree's groups of current documents, ``[key, sub-key, law, count]``
    each — a law's category cell (sub-key empty), or another document's source and year
    — in the order of their first documents; and their rows, one group after another,
    each group's in listing order reversed (the tree takes them from the end): laws by
    display title then id, other documents by date then display title."""
    category, source, date, current, title, subtitle, doc_id = (
        _COLUMN[name]
        for name in ("category", "source", "date", "current", "title", "subtitle", "id")
    )
    held: dict[tuple[str, str, bool], list[int]] = {}
    for row, cell in enumerate(cells):
        if not cell[current]:
            continue
        if cell[category]:
            key = (cell[category], "", True)
        else:
            year = cell[date][:4]
            key = (cell[source], year if len(year) >= 4 else "", False)
        held.setdefault(key, []).append(row)

    def display(row: int) -> str:
        cell = cells[row]
        return f"{cell[title]}·{cell[subtitle]}" if cell[subtitle] else cell[title]

    groups: list[list[Any]] = []
    members: list[int] = []
    for (group, sub, law), rows in held.items():
        if law:
            rows.sort(key=lambda r: (display(r), cells[r][doc_id]), reverse=True)
        else:
            rows.sort(key=lambda r: (cells[r][date], display(r)), reverse=True)
        groups.append([group, sub, int(law), len(rows)])
        members.extend(rows)
    return groups, members


# The header and what follows it read at once when a rows file is opened: most headers
# fit (a library of 10,000 laws in 50 groups: 6 KB).
_HEAD_BYTES = 64 * 1024


class CatalogRows:
    """catalog.rows, opened by reading its header: a column, the records' offsets, a
    row's cells or a group's rows are read from the file when first asked for.

    A file written since rows are stored together and the tree's groups with them
    gives a document's cells (:meth:`row_cells`) and the groups (:meth:`tree_groups`)
    without reading any column; an older one reads the columns asked for, whole."""

    def __init__(self, path: Path) -> None:
        self._path = path
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            while b"\n" not in head[len(ROWS_MAGIC) :]:
                more = fh.read(_HEAD_BYTES)
                if not more:
                    raise ValueError("the rows file's header is cut short")
                head += more
            self._size = os.fstat(fh.fileno()).st_size
        if not head.startswith(ROWS_MAGIC):
            raise ValueError("not a rows file")
        end = head.index(b"\n", len(ROWS_MAGIC))
        header = parse_json(head[len(ROWS_MAGIC) : end])
        self._base = end + 1
        body = self._size - self._base
        self.documents = int(header["documents"])
        self.catalog_bytes = int(header["catalog_bytes"])
        self.catalog_version = int(header["catalog_version"])
        self._spans: dict[str, tuple[int, int]] = {
            name: _span(span, body) for name, span in header["columns"].items()
        }
        if set(self._spans) != set(ROW_COLUMNS):
            raise ValueError("the rows file has other columns")
        self._records = _span(header["records"], body)
        if self._records[1] != 16 * self.documents:
            raise ValueError("the rows file's records do not match its documents")
        self._offsets: array[int] | None = None
        self._columns: dict[str, list[str]] = {}
        self._by_row: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._starts: array[int] | None = None
        self._tree: list[tuple[str, str, bool, int, int]] | None = None
        self.cells_decoded = 0  # cells made into text so far (tests count start-up work)
        by_row, tree = header.get("by_row"), header.get("tree")
        if by_row is None or tree is None:
            return
        starts = _span(by_row["starts"], body)
        if starts[1] != 8 * (self.documents + 1):
            raise ValueError("the rows file's rows do not match its documents")
        self._by_row = (_span(by_row["cells"], body), starts)
        at, members = 0, _span(tree["rows"], body)
        groups = []
        for key, sub, law, count in tree["groups"]:
            groups.append((str(key), str(sub), bool(law), members[0] + 4 * at, int(count)))
            at += int(count)
        if 4 * at != members[1]:
            raise ValueError("the rows file's groups do not match their rows")
        self._tree = groups

    def _read(self, start: int, length: int) -> bytes:
        """``length`` bytes from ``start`` in the body (ValueError if the file changed)."""
        with self._path.open("rb", buffering=0) as fh:
            if os.fstat(fh.fileno()).st_size != self._size:
                raise ValueError("the rows file changed while it was read")
            fh.seek(self._base + start)
            data = fh.read(length)
        if len(data) != length:
            raise ValueError("the rows file is cut short")
        return data

    def column(self, name: str) -> list[str]:
        cells = self._columns.get(name)
        if cells is None:
            cells = self._read(*self._spans[name]).decode().split(_CELL_END)
            cells.pop()  # after the last cell's end
            if len(cells) != self.documents:
                raise ValueError(f"the rows file's column {name} is damaged")
            self._columns[name] = cells
            self.cells_decoded += self.documents
        return cells

    def row_cells(self, rows: Sequence[int]) -> list[tuple[str, ...]]:
        """The cells of each of ``rows`` (in :data:`ROW_COLUMNS` order): read row by row
        from the file when it keeps them together, else from the columns, whole."""
        if self._by_row is None:
            columns = [self.column(name) for name in ROW_COLUMNS]
            return [tuple(column[row] for column in columns) for row in rows]
        (cells_at, cells_length), starts_span = self._by_row
        starts = self._starts
        if starts is None:  # 8 bytes a document: read whole, then one read per row
            starts = array("Q")
            starts.frombytes(self._read(*starts_span))
            if sys.byteorder != "little":  # pragma: no cover
                starts.byteswap()
            self._starts = starts
        out = []
        with self._path.open("rb", buffering=0) as fh:
            if os.fstat(fh.fileno()).st_size != self._size:
                raise ValueError("the rows file changed while it was read")
            for row in rows:
                if not 0 <= row < self.documents:
                    raise IndexError(row)
                start, end = starts[row], starts[row + 1]
                if not start <= end <= cells_length:
                    raise ValueError("the rows file's rows are damaged")
                fh.seek(self._base + cells_at + start)
                data = fh.read(end - start)
                if len(data) != end - start:
                    raise ValueError("the rows file is cut short")
                cells = data.decode().split(_CELL_END)
                cells.pop()
                if len(cells) != len(ROW_COLUMNS):
                    raise ValueError("the rows file's rows are damaged")
                out.append(tuple(cells))
        self.cells_decoded += len(ROW_COLUMNS) * len(out)
        return out

    def tree_groups(self) -> list[tuple[str, str, bool, StoredRows]] | None:
        """The tree's groups of current documents as the build worked them out: ``(key,
        sub-key, law, rows)`` — a law's category cell (sub-key empty), or another
        document's source and year; rows in listing order, reversed (read when first
        used).  None for an older file."""
        if self._tree is None:
            return None
        return [
            (key, sub, law, StoredRows(self, at, count)) for key, sub, law, at, count in self._tree
        ]

    def numbers(self, start: int, count: int) -> array[int]:
        """``count`` little-endian uint32 from ``start`` in the body."""
        numbers = array("I")
        numbers.frombytes(self._read(start, 4 * count))
        if sys.byteorder != "little":  # pragma: no cover
            numbers.byteswap()
        if any(row >= self.documents for row in numbers):
            raise ValueError("the rows file's groups are damaged")
        return numbers

    def record_span(self, row: int) -> tuple[int, int]:
        if self._offsets is None:
            offsets = array("Q")
            offsets.frombytes(self._read(*self._records))
            if sys.byteorder != "little":  # pragma: no cover
                offsets.byteswap()
            self._offsets = offsets
        return self._offsets[2 * row], self._offsets[2 * row + 1]


def _span(value: Sequence[int], body: int) -> tuple[int, int]:
    start, length = int(value[0]), int(value[1])
    if start < 0 or length < 0 or start + length > body:
        raise ValueError("the rows file is cut short")
    return start, length


class StoredRows(Sequence[int]):
    """A group's rows as the build listed them (in listing order, reversed), read from
    the rows file when first used: its length is known without reading them."""

    def __init__(self, rows: CatalogRows, start: int, count: int) -> None:
        self._source = rows
        self._start = start
        self._count = count
        self._rows: array[int] | None = None

    def _loaded(self) -> array[int]:
        if self._rows is None:
            self._rows = self._source.numbers(self._start, self._count)
        return self._rows

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...

    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        return self._loaded()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._loaded())


def category_parts(cell: str) -> tuple[str, ...]:
    """A category path from its cell of catalog.rows."""
    return tuple(cell.split(_PART_SEPARATOR)) if cell else ()


_NO_EXTRAS = ("", "")


def _extras_of(raw: dict[str, Any]) -> tuple[str, str]:
    editor, url = raw.get("editor", ""), raw.get("url", "")
    return _NO_EXTRAS if not editor and not url else (editor, url)


def _law_events(records: list[list[str]]) -> tuple[LawEvent, ...]:
    law_event = _document_classes().LawEvent
    return tuple(law_event(*e) for e in records)


@functools.cache
def _catalog_entry() -> type[CatalogEntry]:
    from index.catalog_entries import CatalogEntry

    return CatalogEntry


def _entry_from_record(raw: dict[str, Any]) -> CatalogEntry:
    return _catalog_entry()(
        id=raw["id"],
        title=raw["title"],
        subtitle=raw["subtitle"],
        path=raw["path"],
        copies=tuple(raw["copies"]),
        category=tuple(raw["category"]),
        version_date=raw["version_date"],
        effective_date=raw["effective_date"],
        published=raw["published"],
        source=raw["source"],
        author=raw["author"],
        events=_law_events(raw["events"]),
        version_group=raw["version_group"],
        current=raw["current"],
        blocks=raw["blocks"],
        articles=raw["articles"],
        keys=tuple(raw["keys"]),
        pack=tuple(raw["pack"]),
    )


class Catalog:
    """The catalog of one index folder, read lazily; safe to share between threads.

    With a ``catalog.rows`` beside it, opening the catalog reads the columns the window
    lists and decodes a document's record only when that document is asked for; without
    one (an older build), catalog.json is decoded whole on first use."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._entries: tuple[CatalogEntry, ...] | None = None
        self._by_id: dict[str, CatalogEntry] = {}
        # What a document's record holds beyond its entry (editor, url): the decoded
        # records themselves are not kept (about ten containers each, which the
        # collector would go through again and again for as long as the window runs).
        self._extras: dict[str, tuple[str, str]] = {}
        self._rows: CatalogRows | None = None
        self._rows_read = False
        self._row_of: dict[str, int] | None = None
        self._row_entries: dict[int, CatalogEntry] = {}
        self.records_decoded = 0  # documents' records decoded (tests count start-up work)
        self._chunks: OrderedDict[int, bytes] = OrderedDict()  # offset → inflated chunk

    @staticmethod
    def exists(index_dir: Path) -> bool:
        return (index_dir / CATALOG_NAME).is_file() and (index_dir / PACK_NAME).is_file()

    def rows(self) -> CatalogRows | None:
        """The catalog's columns, or None when the build wrote none (or they do not
        belong to this catalog.json)."""
        with self._lock:
            if not self._rows_read:
                self._rows_read = True
                self._rows = self._read_rows()
            return self._rows

    def _read_rows(self) -> CatalogRows | None:
        try:
            rows = CatalogRows(self.index_dir / ROWS_NAME)
            size = (self.index_dir / CATALOG_NAME).stat().st_size
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CatalogError(f"the library catalog cannot be read: {exc}") from None
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise CatalogError(f"the library catalog cannot be read: {exc}") from None
        # Columns written with another catalog.json (or of another version) are not
        # used: the catalog is then read whole, and says what is wrong with it.
        if rows.catalog_bytes != size or rows.catalog_version not in READABLE_VERSIONS:
            return None
        return rows

    def ids(self) -> list[str]:
        """Every document's id in corpus order (raises CatalogError when unreadable)."""
        rows = self.rows()
        if rows is not None:
            try:
                return rows.column("id")
            except (ValueError, UnicodeDecodeError) as exc:
                raise CatalogError(f"the library catalog cannot be read: {exc}") from None
        return [entry.id for entry in self._load()]

    def count(self) -> int:
        """How many documents the catalog lists (from the rows' header when there are:
        nothing decoded)."""
        rows = self.rows()
        return rows.documents if rows is not None else len(self._load())

    def _row(self, doc_id: str) -> int | None:
        with self._lock:
            if self._row_of is None:
                ids = self.ids()
                self._row_of = dict(zip(ids, range(len(ids)), strict=True))
            return self._row_of.get(doc_id)

    def _entry_at(self, row: int) -> CatalogEntry:
        with self._lock:
            entry = self._row_entries.get(row)
            if entry is not None:
                return entry
            rows = self.rows()
            assert rows is not None
            start, length = rows.record_span(row)
            try:
                with (self.index_dir / CATALOG_NAME).open("rb") as fh:
                    fh.seek(start)
                    raw = parse_json(fh.read(length))
                entry = _entry_from_record(raw)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CatalogError(f"the library catalog cannot be read: {exc}") from None
            self.records_decoded += 1
            self._row_entries[row] = entry
            self._extras[entry.id] = _extras_of(raw)
            self._by_id[entry.id] = entry
            return entry

    def _load(self) -> tuple[CatalogEntry, ...]:
        with self._lock:
            if self._entries is None and self.rows() is not None:
                self._load_by_record()
            if self._entries is None:
                try:
                    data = parse_json((self.index_dir / CATALOG_NAME).read_bytes())
                except (OSError, ValueError) as exc:
                    raise CatalogError(f"the library catalog cannot be read: {exc}") from None
                if not isinstance(data, dict) or data.get("version") not in READABLE_VERSIONS:
                    raise CatalogError(
                        "the library catalog is of another version; rebuild the index"
                    )
                entries = []
                for raw in data["documents"]:
                    known = self._by_id.get(raw["id"])
                    entries.append(known if known is not None else _entry_from_record(raw))
                    self._extras[raw["id"]] = _extras_of(raw)
                self.records_decoded += len(entries)
                self._entries = tuple(entries)
                self._by_id = {entry.id: entry for entry in entries}
            return self._entries

    def _load_by_record(self) -> None:
        """Every record decoded one at a time, where the rows say each lies: a single
        json.loads of a large catalog holds the interpreter throughout (a third of a
        second at 10,000 documents, and the GUI thread waits for it); between records
        other threads run."""
        rows = self.rows()
        assert rows is not None
        try:
            data = (self.index_dir / CATALOG_NAME).read_bytes()
            entries = []
            for row in range(rows.documents):
                entry = self._row_entries.get(row)
                if entry is None:
                    start, length = rows.record_span(row)
                    raw = parse_json(data[start : start + length])
                    entry = _entry_from_record(raw)
                    self._extras[entry.id] = _extras_of(raw)
                    self._row_entries[row] = entry
                    self.records_decoded += 1
                entries.append(entry)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CatalogError(f"the library catalog cannot be read: {exc}") from None
        self._entries = tuple(entries)
        self._by_id = {entry.id: entry for entry in entries}

    @property
    def documents(self) -> tuple[CatalogEntry, ...]:
        """Every document in corpus order (every record decoded: for whole-library work)."""
        return self._load()

    def entry(self, doc_id: str) -> CatalogEntry | None:
        with self._lock:
            known = self._by_id.get(doc_id)
            if known is not None:
                return known
            if self._entries is None and self.rows() is not None:
                row = self._row(doc_id)
                return None if row is None else self._entry_at(row)
        self._load()
        return self._by_id.get(doc_id)

    def display_title(self, doc_id: str) -> str | None:
        """A document's title as the library lists it (from the columns when there are:
        no record decoded), or None for an unknown id."""
        rows = self.rows() if self._entries is None else None
        if rows is not None:
            row = self._row(doc_id)
            if row is None:
                return None
            title, subtitle = rows.column("title")[row], rows.column("subtitle")[row]
            return f"{title}·{subtitle}" if subtitle else title
        entry = self.entry(doc_id)
        return entry.display_title if entry is not None else None

    def versions(self, doc_id: str) -> list[CatalogEntry]:
        """Every version of ``doc_id``'s document, newest first (itself included)."""
        entry = self.entry(doc_id)
        if entry is None:
            return []
        rows = self.rows() if self._entries is None else None
        if rows is not None:
            groups = rows.column("version_group")
            same = [
                self._entry_at(row)
                for row, group in enumerate(groups)
                if group == entry.version_group
            ]
        else:
            same = [e for e in self.documents if e.version_group == entry.version_group]
        return sorted(same, key=lambda e: (e.date, e.id), reverse=True)

    def find_title(self, title: str) -> list[CatalogEntry]:
        """Current documents whose title (folded) is ``title`` or ends with it (数据安全法)."""
        wanted = fold_text(title).replace(" ", "")
        rows = self.rows() if self._entries is None else None
        if rows is not None:
            found = zip(
                rows.column("current"), rows.column("folded"), rows.column("title"), strict=True
            )
            return [
                self._entry_at(row)
                for row, (current, folded, plain) in enumerate(found)
                if current and (folded == wanted or fold_text(plain).endswith(wanted))
            ]
        return [
            e
            for e in self.documents
            if e.current and (e.keys[0] == wanted or fold_text(e.title).endswith(wanted))
        ]

    def _read(self, entry: CatalogEntry, texts: bool) -> bytes:
        if len(entry.pack) == 3:  # catalog version 2
            return self._read_zlib_record(entry, texts)
        chunk_offset, chunk_length, start, structure, texts_at, texts_length = entry.pack
        if texts:
            return self._read_zlib(entry, texts_at, texts_length)
        try:
            chunk = self._chunk(chunk_offset, chunk_length)
        except (OSError, lzma.LZMAError, EOFError) as exc:
            raise CatalogError(f"the stored form of {entry.id} cannot be read: {exc}") from None
        data = chunk[start : start + structure]
        if len(data) != structure:
            raise CatalogError(f"the stored form of {entry.id} is cut short")
        return data

    def _chunk(self, offset: int, length: int) -> bytes:
        with self._lock:
            found = self._chunks.get(offset)
            if found is not None:
                self._chunks.move_to_end(offset)
                return found
        with (self.index_dir / PACK_NAME).open("rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
        if len(data) != length:
            raise EOFError("the pack is cut short")
        decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        # Bounded: a chunk holds PACK_CHUNK_BYTES plus at most one document (20 MB).
        chunk = decompressor.decompress(data, max_length=64 * 1024 * 1024)
        if not decompressor.eof:
            raise EOFError("a chunk of the pack is cut short or too large")
        with self._lock:
            self._chunks[offset] = chunk
            while len(self._chunks) > CHUNKS_KEPT:
                self._chunks.popitem(last=False)
        return chunk

    def _read_zlib_record(self, entry: CatalogEntry, texts: bool) -> bytes:
        offset, structure, text = entry.pack
        start, length = (offset + structure, text) if texts else (offset, structure)
        return self._read_zlib(entry, start, length)

    def _read_zlib(self, entry: CatalogEntry, start: int, length: int) -> bytes:
        try:
            with (self.index_dir / PACK_NAME).open("rb") as fh:
                fh.seek(start)
                data = fh.read(length)
            return zlib.decompress(data)
        except (OSError, zlib.error) as exc:
            raise CatalogError(f"the stored text of {entry.id} cannot be read: {exc}") from None

    def _read_record(self, entry: CatalogEntry) -> dict[str, Any]:
        try:
            return dict(parse_json(self._read(entry, texts=False)))
        except ValueError as exc:
            raise CatalogError(f"the stored form of {entry.id} cannot be read: {exc}") from None

    # Search hits show blocks' texts, which live compressed per document: inflating a
    # long law is the largest part of a result's cost, so read documents stay decoded.
    # The bound is shared by all catalogs; the whole bundled library (1,069 documents)
    # fits in it, at about 22 MB.
    @functools.lru_cache(maxsize=2048)  # noqa: B019 - per catalog
    def texts(self, doc_id: str) -> tuple[str, ...]:
        """The original texts of a document's blocks, in order."""
        entry = self.entry(doc_id)
        if entry is None:
            raise KeyError(doc_id)
        texts = tuple(self._read(entry, texts=True).decode().split(_TEXT_SEPARATOR))
        if len(texts) != entry.blocks:
            raise CatalogError(f"the stored text of {doc_id} does not match its blocks")
        return texts

    def outline(self, doc_id: str) -> list[OutlineEntry]:
        entry = self.entry(doc_id)
        if entry is None:
            raise KeyError(doc_id)
        from index.catalog_entries import OutlineEntry

        return [OutlineEntry(*row) for row in self._read_record(entry)["outline"]]

    def outline_json(self, doc_id: str) -> dict[str, Any]:
        """What ``python -m index outline DOC_ID --json`` prints (KeyError if unknown)."""
        entry = self.entry(doc_id)
        if entry is None:
            raise KeyError(doc_id)
        return {
            **entry.metadata_json(),
            "versions": [
                {"doc_id": e.id, "version_date": e.version_date or None, "current": e.current}
                for e in self.versions(doc_id)
            ],
            "outline": [row.to_json() for row in self.outline(doc_id)],
        }

    def read_document(self, doc_id: str) -> Document:
        """The document with its blocks, from its stored form (no corpus file is read)."""
        entry = self.entry(doc_id)
        if entry is None:
            raise KeyError(doc_id)
        editor, url = self._extras.get(doc_id, _NO_EXTRAS)
        records = self._read_record(entry)["blocks"]
        blocks = _blocks_from_records(records, self.texts(doc_id))
        document: type[Document] = _document_classes().Document
        return document(
            id=entry.id,
            title=entry.title,
            blocks=blocks,
            published=entry.published,
            source=entry.source,
            author=entry.author,
            editor=editor,
            url=url,
            path=entry.path,
            subtitle=entry.subtitle,
            category=entry.category,
            version_date=entry.version_date,
            effective_date=entry.effective_date,
            events=entry.events,
            version_group=entry.version_group,
            current=entry.current,
            copies=entry.copies,
        )


def entries_by_category(
    entries: Sequence[CatalogEntry],
) -> dict[tuple[str, ...], list[CatalogEntry]]:
    """Entries grouped by category path, each group sorted by title then date (newest first)."""
    groups: dict[tuple[str, ...], list[CatalogEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    for group in groups.values():
        group.sort(key=lambda e: (e.display_title, _neg_date(e.date)))
    return groups


def _neg_date(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date)
