"""What the window knows about the library before any document is opened (Qt-free).

The library tree, its filter and the status line work from :class:`LibraryEntry` rows:
title, category, department, version date, the outline, and the filter keys.  They come
from a :class:`CatalogSource` — the catalog prepared when the index was built, or (for a
personal library or a corpus without one) documents already in memory — so opening the
window costs the same whatever the library's size; a document's text is read only when
it is opened.
"""

from __future__ import annotations

import functools
import logging
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

from desktop.pinyin import Readings
from index.catalog import Catalog, CatalogRows, StoredRows, category_parts
from index.folding import fold_text

if TYPE_CHECKING:  # documents' and records' classes load with the first one read, after the paint
    from index.catalog_entries import CatalogEntry
    from index.document import Document

log = logging.getLogger(__name__)

_Key = TypeVar("_Key", str, tuple[str, str])

__all__ = [
    "CatalogSource",
    "DocumentsCatalog",
    "IndexCatalog",
    "LibraryEntry",
    "OutlineEntry",
    "entry_for_document",
    "mark_current_versions",
]


@dataclass(slots=True)
class OutlineEntry:
    """One line of a document's outline: a heading (编/章/节, 一、…) or an article."""

    block_id: str
    title: str
    depth: int  # 1 for the outermost level
    kind: str = "heading"  # "part" | "chapter" | "section" | "article" | "heading"
    folded: str = ""
    pinyin: str | Readings | None = None  # computed when first needed

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


@dataclass(slots=True)
class LibraryEntry:
    doc_id: str
    title: str
    category: str = ""  # 宪法 / 法律 / 行政法规 / 部门规章 …; empty for articles of the press
    department: str = ""  # the legal department or issuing department, when there is one
    source: str = ""
    published: str = ""  # ISO date: the version date of a law, the publication date otherwise
    effective: str = ""
    path: str = ""
    outline: Sequence[OutlineEntry] = ()
    # Reads the outline when it is first needed (a build-time catalog keeps outlines
    # with each document's stored text); None once it is in ``outline``.
    outline_loader: Callable[[], Sequence[OutlineEntry]] | None = None
    current: bool = True  # the newest version of its title
    folded: str = ""
    pinyin: str | Readings | None = None  # "full\x1finitials" from a catalog, or readings
    version_group: str = ""  # shared by the versions of one document
    extra: dict[str, str] = field(default_factory=dict)
    library: str = ""  # "pack:<id>" for a document of an installed pack
    _tree_headings: tuple[int, ...] | None = None

    @property
    def outline_loaded(self) -> bool:
        return self.outline_loader is None

    def load_outline(self) -> None:
        loader = self.outline_loader
        if loader is None:
            return
        try:
            self.outline = list(loader())
        except Exception:  # a damaged record shows no outline; opening it says why
            log.exception("the outline of %s cannot be read", self.doc_id)
            self.outline = []
        self.outline_loader = None
        self._tree_headings = None

    @property
    def tree_headings(self) -> tuple[int, ...]:
        """Positions in ``outline`` of the entries the library tree shows: every level
        above the article (a law's articles are listed in the outline pane).  Empty
        until the outline is loaded: a filter never reads documents."""
        if self.outline_loader is not None:
            return ()
        if self._tree_headings is None:
            self._tree_headings = tuple(
                i for i, item in enumerate(self.outline) if not item.is_article
            )
        return self._tree_headings

    @property
    def year(self) -> str:
        return self.published[:4] if len(self.published) >= 4 else ""

    @property
    def version_key(self) -> str:
        """Entries with equal keys are versions of one document."""
        return self.version_group or self.doc_id


class CatalogSource(Protocol):
    """Where the window's library list comes from."""

    def entries(self) -> Sequence[LibraryEntry]: ...


def _outline(doc: Document) -> list[OutlineEntry]:
    out = []
    for block in doc.outline_entries():
        if block.is_heading:
            title = block.outline_title or block.text
            depth, kind = max(1, len(block.section)), block.kind.value
        else:
            title = block.outline_title or block.article
            depth, kind = len(block.section) + 1, "article"
        out.append(OutlineEntry(block.id, title, depth, kind, folded=_fold_key(title)))
    return out


def _fold_key(text: str) -> str:
    return fold_text(text).replace(" ", "")


def entry_for_document(doc: Document) -> LibraryEntry:
    category, department = _category(doc.category)
    return LibraryEntry(
        doc_id=doc.id,
        title=doc.display_title,
        category=category,
        department=department,
        source=doc.source,
        published=doc.date,
        effective=doc.effective_date,
        path=doc.path,
        outline=_outline(doc),
        current=doc.current,
        folded=_fold_key(doc.display_title),
        version_group=doc.version_group if category else "",
    )


def _category(path: Sequence[str]) -> tuple[str, str]:
    """(category, department) from a category path such as ("部门规章", "公安部")."""
    if not path:
        return "", ""
    return path[0], " › ".join(path[1:])


def _catalog_outline(catalog: Catalog, doc_id: str) -> list[OutlineEntry]:
    return [
        OutlineEntry(
            row.block_id,
            row.title,
            row.level,
            "article" if row.kind == "article" else row.kind,
            folded=_fold_key(row.title),
        )
        for row in catalog.outline(doc_id)
    ]


def entry_for_catalog(catalog: Catalog, item: CatalogEntry) -> LibraryEntry:
    category, department = _category(item.category)
    folded, full, initials = item.keys
    return LibraryEntry(
        doc_id=item.id,
        title=item.display_title,
        category=category,
        department=department,
        source=item.source,
        published=item.date,
        effective=item.effective_date,
        path=item.path,
        outline_loader=functools.partial(_catalog_outline, catalog, item.id),
        current=item.current,
        folded=folded,
        pinyin=f"{full}\x1f{initials}",
        version_group=item.version_group if category else "",
    )


class RowEntries(Sequence[LibraryEntry]):
    """The library list of a catalog with rows (catalog.rows): an entry is made when it
    is first asked for, from the columns; no document's record is decoded.  What the
    tree needs to group and sort documents it reads from the columns, making nothing."""

    def __init__(self, catalog: Catalog, rows: CatalogRows) -> None:
        self._catalog = catalog
        self._rows = rows
        self._made: list[LibraryEntry | None] = [None] * rows.documents
        self._cells: dict[int, tuple[str, ...]] = {}  # read ahead, not made yet
        self._lock = threading.Lock()
        self.made = 0  # entries made so far (tests check what start-up makes)

    def __len__(self) -> int:
        return self._rows.documents

    @overload
    def __getitem__(self, index: int) -> LibraryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LibraryEntry]: ...

    def __getitem__(self, index: int | slice) -> LibraryEntry | list[LibraryEntry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        entry = self._made[index]
        if entry is None:
            with self._lock:  # one entry per row, whichever thread asks first
                entry = self._made[index]
                if entry is None:
                    entry = self._made[index] = self._make(index)
                    self.made += 1
        return entry

    def prefetch(self, rows: Sequence[int]) -> None:
        """Read the cells of ``rows`` at once (the tree is about to list them)."""
        wanted = [row for row in rows if self._made[row] is None and row not in self._cells]
        if wanted:
            self._cells.update(zip(wanted, self._rows.row_cells(wanted), strict=True))

    def _make(self, row: int) -> LibraryEntry:
        cells = self._cells.pop(row, None)
        if cells is None:
            cells = self._rows.row_cells((row,))[0]
        (
            doc_id,
            title,
            subtitle,
            category_cell,
            source,
            date,
            effective,
            path,
            current,
            version_group,
            folded,
            pinyin,
            initials,
        ) = cells
        category, department = _category(category_parts(category_cell))
        return LibraryEntry(
            doc_id=doc_id,
            title=f"{title}·{subtitle}" if subtitle else title,
            category=category,
            department=department,
            source=source,
            published=date,
            effective=effective,
            path=path,
            outline_loader=functools.partial(_catalog_outline, self._catalog, doc_id),
            current=bool(current),
            folded=folded,
            pinyin=f"{pinyin}\x1f{initials}",
            version_group=version_group if category else "",
        )

    def doc_ids(self) -> list[str]:
        return self._rows.column("id")

    def group_keys(self) -> Iterator[tuple[int, str, str, str, str, bool, str]]:
        """Per document: (row, category, department, source, year, current, version
        group) — the same values its entry has, read from the columns."""
        column = self._rows.column
        split: dict[str, tuple[str, str]] = {}
        for row, (cell, source, date, current, group) in enumerate(
            zip(
                column("category"),
                column("source"),
                column("date"),
                column("current"),
                column("version_group"),
                strict=True,
            )
        ):
            parts = split.get(cell)
            if parts is None:
                parts = split[cell] = _category(category_parts(cell))
            category, department = parts
            year = date[:4] if len(date) >= 4 else ""
            yield (
                row,
                category,
                department,
                source,
                year,
                bool(current),
                (group if category else ""),
            )

    def group_rows(self) -> list[tuple[str, str, bool, Sequence[int]]]:
        """The current documents' rows by group, as the tree lists them: ``(group,
        sub-group, law, rows)`` — category and department for laws, source and year for
        other documents.  As the build stored them when it did (nothing is read per
        document; a group's rows are read when it is opened); else worked out with
        built-in functions over the columns (filter, number each distinct key, sort by
        number), so no code of the program runs per document."""
        out: list[tuple[str, str, bool, Sequence[int]]] = []
        stored = self._rows.tree_groups()
        if stored is not None:
            for key, sub, law, members in stored:
                if law:
                    category, department = _category(category_parts(key))
                    out.append((category, department, True, members))
                else:
                    out.append((key, sub, False, members))
            return out
        column = self._rows.column
        current = column("current")  # "1" or ""
        rows = list(compress(range(len(current)), current))
        for cell, members_of in _by_key(list(compress(column("category"), current)), rows):
            if cell:
                category, department = _category(category_parts(cell))
                out.append((category, department, True, members_of))
                continue
            sources, dates = column("source"), column("date")
            years = map(str.__getitem__, map(dates.__getitem__, members_of), repeat(slice(4)))
            keys = list(zip(map(sources.__getitem__, members_of), years, strict=True))
            for (source, year), held in _by_key(keys, members_of):
                out.append((source, year if len(year) >= 4 else "", False, held))
        return out

    def sort_rows(self, rows: Sequence[int], law: bool) -> list[int]:
        """``rows`` in listing order, reversed (taken from the end): laws by title,
        other documents by date, as :func:`listing_key` orders entries."""
        if isinstance(rows, StoredRows):  # a group the build listed: in that order
            return list(rows)
        column = self._rows.column
        titles, subtitles, ids = column("title"), column("subtitle"), column("id")

        def title(row: int) -> str:
            sub = subtitles[row]
            return f"{titles[row]}·{sub}" if sub else titles[row]

        if law:
            return sorted(rows, key=lambda r: (title(r), ids[r]), reverse=True)
        dates = column("date")
        return sorted(rows, key=lambda r: (dates[r], title(r)), reverse=True)


def _by_key(keys: list[_Key], rows: list[int]) -> list[tuple[_Key, list[int]]]:
    """The rows of each distinct key (``keys[i]`` is ``rows[i]``'s), in the order of the
    keys' first rows; ascending rows within each.  One step of Python per distinct key."""
    number = {key: n for n, key in enumerate(dict.fromkeys(keys))}
    numbers = list(map(number.__getitem__, keys))
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    ordered = list(map(numbers.__getitem__, order))
    out: list[tuple[_Key, list[int]]] = []
    start = 0
    for key, n in number.items():
        end = bisect_right(ordered, n, start)
        out.append((key, list(map(rows.__getitem__, order[start:end]))))
        start = end
    return out


def listing_key(entry: LibraryEntry, law: bool) -> tuple[str, str]:
    """How a group lists its documents: laws by title, other documents by date."""
    return (entry.title, entry.doc_id) if law else (entry.published, entry.title)


def entries_from_rows(catalog: Catalog, rows: CatalogRows) -> RowEntries:
    """The library list from the catalog's columns: no document's record is decoded."""
    return RowEntries(catalog, rows)


class IndexCatalog:
    """The catalog an index build wrote: the library list without reading documents."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._entries: Sequence[LibraryEntry] | None = None

    def entries(self) -> Sequence[LibraryEntry]:
        if self._entries is None:
            rows = self.catalog.rows()
            if rows is not None:
                self._entries = entries_from_rows(self.catalog, rows)
            else:
                self._entries = [entry_for_catalog(self.catalog, e) for e in self.catalog.documents]
        return self._entries


def mark_current_versions(entries: Iterable[LibraryEntry]) -> None:
    """The newest entry of each version key is current, the others are history."""
    newest: dict[str, LibraryEntry] = {}
    for entry in entries:
        entry.current = False
        best = newest.get(entry.version_key)
        if best is None or (entry.published, entry.doc_id) > (best.published, best.doc_id):
            newest[entry.version_key] = entry
    for entry in newest.values():
        entry.current = True


class DocumentsCatalog:
    """A catalog of documents already parsed (a personal library, or a corpus without a
    build-time catalog)."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._entries = [entry_for_document(doc) for doc in documents]

    def entries(self) -> Sequence[LibraryEntry]:
        return self._entries
