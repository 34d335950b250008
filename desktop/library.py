"""The open library: corpus and index, resolved the same way by the window and the self-check.

Qt-free.  Which index is used is decided by :func:`index.session.choose_index`, the
same rule ``python -m index search`` follows.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.catalog import DocumentsCatalog, IndexCatalog, LibraryEntry
from index import paths
from index.catalog import Catalog, CatalogError
from index.corpus import Corpus, corpus_exists, load_corpus
from index.index_files import read_manifest

if TYPE_CHECKING:  # the search engine and documents' classes load after the first paint
    from index.corpus_notes import SkippedFile
    from index.document import Document
    from index.search import IndexSearcher
    from index.session import IndexChoice, choose_index

__all__ = [
    "IndexChoice",
    "Library",
    "bundled_documents",
    "choose_index",
    "library_documents",
    "open_library",
]

log = logging.getLogger(__name__)


def __getattr__(name: str) -> Any:
    """``IndexChoice`` and ``choose_index`` from :mod:`index.session`, loaded when asked
    for: that module loads the search engine, which the window leaves until after its
    first paint."""
    if name in ("IndexChoice", "choose_index"):
        from index import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_library(corpus_dir: Path, choice: IndexChoice) -> Library:
    """From the chosen index's catalog when it has one, else by reading the corpus
    (FileNotFoundError when the corpus folder is missing and there is no catalog)."""
    return open_library_listed_by(corpus_dir, choice.path if choice.usable else None)


def likely_index_dir(bundled_dir: Path, user_dir: Path) -> Path | None:
    """The index folder :func:`~index.session.choose_index` picks when both are intact —
    the bundled one, else the per-user one — judged by their catalogs alone, without
    loading the search engine.  The window lists the library from it before the check."""
    for folder in (bundled_dir, user_dir):
        if Catalog.exists(folder):
            return folder
    return None


def open_library_listed_by(corpus_dir: Path, index_dir: Path | None) -> Library:
    """From the catalog of ``index_dir`` when there is one, else by reading the corpus."""
    if not corpus_exists(corpus_dir):
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    if index_dir is not None and Catalog.exists(index_dir):
        try:
            return Library.from_catalog(corpus_dir, index_dir)
        except (CatalogError, OSError, ValueError, KeyError) as exc:
            log.warning("the catalog of %s cannot be used (%s); reading the corpus", index_dir, exc)
    return Library.load(corpus_dir)


class Library:
    """The loaded corpus and an open searcher (or none until an index is usable).

    Opened from an index's build-time catalog (:meth:`from_catalog`), the library lists
    its documents without reading them; a document's text is read when it is asked for.
    """

    def __init__(self, corpus: Corpus, catalog: Catalog | None = None) -> None:
        self.corpus = corpus
        self.searcher: IndexSearcher | None = None
        self.catalog = catalog
        # The ids are read when first needed (right after the first paint), not to list
        # the library.
        self._stored = StoredDocuments(catalog, ids_now=False) if catalog is not None else None
        self._by_id = {doc.id: doc for doc in corpus.documents}
        # Documents of the personal library (desktop.personal) and of the installed
        # packs (desktop.pack_library), found by id as well.
        self.personal: Mapping[str, Document] = {}
        self.packs: Mapping[str, Document] = {}

    @classmethod
    def load(cls, corpus_dir: Path) -> Library:
        """Raises FileNotFoundError when the corpus folder is missing."""
        return cls(load_corpus(corpus_dir))

    @classmethod
    def from_catalog(cls, corpus_dir: Path, index_dir: Path) -> Library:
        """The library as the index at ``index_dir`` lists it (CatalogError if it cannot)."""
        catalog = Catalog(index_dir)
        # Read now, so a damaged catalog fails here: its rows' header and where their
        # parts lie (the documents' cells are decoded as they are listed), or without
        # rows the whole catalog.
        if catalog.rows() is None:
            catalog.ids()
        return cls(Corpus(corpus_dir, (), _skipped_in(index_dir)), catalog)

    @property
    def documents(self) -> Sequence[Document]:
        if self._stored is not None:
            return StoredDocumentList(self._stored)
        return self.corpus.documents

    def entries(self) -> Sequence[LibraryEntry]:
        """The library list for the window (no document is read)."""
        if self.catalog is not None:
            if self._entries is None:
                self._entries = IndexCatalog(self.catalog).entries()
            return self._entries
        return DocumentsCatalog(self.corpus.documents).entries()

    _entries: Sequence[LibraryEntry] | None = None
    generation = 0  # changes when the library list does (a rebuilt index)

    def document_map(self) -> Mapping[str, Document]:
        """Every document by id, each read when it is looked up."""
        return self._stored if self._stored is not None else self._by_id

    def document(self, doc_id: str) -> Document | None:
        if self._stored is not None and doc_id in self._stored:
            return self._stored.get(doc_id)
        return self._by_id.get(doc_id) or self.packs.get(doc_id) or self.personal.get(doc_id)

    def read_corpus_instead(self) -> None:
        """List the library from the corpus: the catalog it was listed from belongs to an
        index the start-up check found unusable."""
        self.close_index()
        self.corpus = load_corpus(self.corpus.root)
        self.catalog = None
        self._stored = None
        self._entries = None
        self._by_id = {doc.id: doc for doc in self.corpus.documents}
        self.generation += 1

    def open_index(self, index_dir: Path) -> None:
        self.close_index()
        rebuilt = self.catalog is not None and self.catalog.index_dir != index_dir
        if rebuilt and Catalog.exists(index_dir):  # list what the new index holds
            self.catalog = Catalog(index_dir)
            self._stored = StoredDocuments(self.catalog)
            self._entries = None
            self.corpus = Corpus(self.corpus.root, (), _skipped_in(index_dir))
            self.generation += 1
        # The catalog the window has read already serves the searcher too.
        same = (
            self.catalog
            if self.catalog is not None and self.catalog.index_dir == index_dir
            else None
        )
        from index.search import open_searcher

        self.searcher = open_searcher(index_dir, same)
        log.info("opened index %s (%d blocks)", index_dir, self.searcher.block_count)

    def close_index(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None


def library_documents(corpus_dir: Path, data_dir: Path | None = None) -> Mapping[str, Document]:
    """The documents of the bundled library and the installed packs by id, for the
    command-line tools: each read from its index's catalog when first looked up, or,
    with no such index, parsed from the corpus (FileNotFoundError when the corpus folder
    is missing)."""
    from desktop.pack_library import installed_pack_documents

    packs = installed_pack_documents(data_dir)
    bundled = bundled_documents(corpus_dir, data_dir)
    return LayeredDocuments(packs, bundled) if len(packs.packs) else bundled


def bundled_documents(corpus_dir: Path, data_dir: Path | None) -> Mapping[str, Document]:
    """The bundled library's documents alone (see :func:`library_documents`)."""
    from index.session import choose_index

    choice = choose_index(corpus_dir, paths.bundled_index_dir(), paths.user_index_dir(data_dir))
    if choice.usable and Catalog.exists(choice.path):
        try:
            return StoredDocuments(Catalog(choice.path), keep=64)
        except (CatalogError, OSError) as exc:
            log.warning("catalog of %s not readable (%s); reading the corpus", choice.path, exc)
    return {doc.id: doc for doc in load_corpus(corpus_dir).documents}


def _skipped_in(index_dir: Path) -> tuple[SkippedFile, ...]:
    """The files the build of ``index_dir`` could not read, as its manifest lists them."""
    return tuple(_skipped(line) for line in read_manifest(index_dir).get("skipped", []))


def _skipped(line: str) -> SkippedFile:
    from index.corpus_notes import SkippedFile

    path, _sep, reason = str(line).partition(": ")
    return SkippedFile(Path(path), reason)


class StoredDocuments(Mapping[str, "Document"]):
    """The documents of a catalog by id, in library order; each is read from the
    index's stored form when first asked for, and the last few read are kept."""

    KEEP = 8

    def __init__(self, catalog: Catalog, keep: int = KEEP, ids_now: bool = True) -> None:
        """``ids_now``: read the documents' ids now (which then stay known if the
        catalog's folder goes, as an updated pack's does), else when first needed."""
        self._catalog = catalog
        self._keep = keep
        self._ids: list[str] | None = None
        self._known: set[str] = set()
        self._recent: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.RLock()
        self.reads = 0  # documents read so far (tests check start-up reads none)
        if ids_now:
            self.ids  # noqa: B018 - read them, which fills the set

    @property
    def ids(self) -> list[str]:
        """Every document's id in library order."""
        ids = self._ids
        if ids is None:
            with self._lock:
                ids = self._ids
                if ids is None:
                    ids = self._catalog.ids()
                    self._known = set(ids)
                    self._ids = ids
        return ids

    def __len__(self) -> int:
        return len(self._ids) if self._ids is not None else self._catalog.count()

    def title(self, doc_id: str) -> str:
        """A document's title, from the catalog (nothing is read)."""
        title = self._catalog.display_title(doc_id)
        return title if title is not None else self[doc_id].title

    def __contains__(self, key: object) -> bool:
        if self._ids is None:
            self.ids  # noqa: B018 - read them, which fills the set
        return key in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __getitem__(self, key: str) -> Document:
        if key not in self:
            raise KeyError(key)
        with self._lock:  # the annotation writer looks documents up from its thread
            return self._lookup(key)

    def _lookup(self, key: str) -> Document:
        doc = self._recent.get(key)
        if doc is None:
            doc = self._catalog.read_document(key)
            self.reads += 1
            self._recent[key] = doc
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        return doc

    def get(self, key: str, default: Document | None = None) -> Document | None:  # type: ignore[override]
        try:
            return self[key]
        except (KeyError, CatalogError):
            return default


class StoredDocumentList(Sequence["Document"]):
    """The same documents as a list in library order (read one by one as visited)."""

    def __init__(self, stored: StoredDocuments) -> None:
        self._stored = stored

    def __len__(self) -> int:
        return len(self._stored)

    def __getitem__(self, index: int) -> Document:  # type: ignore[override]
        return self._stored[self._stored.ids[index]]


class LayeredDocuments(Mapping[str, "Document"]):
    """Documents looked up in ``first`` (the user's), then in ``second`` (the library's,
    read when looked up); iterating gives ids only."""

    def __init__(self, first: Mapping[str, Document], second: Mapping[str, Document]) -> None:
        self._first, self._second = first, second

    def __getitem__(self, key: str) -> Document:
        found = self._first.get(key)
        return found if found is not None else self._second[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._first
        yield from (k for k in self._second if k not in self._first)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def title(self, doc_id: str) -> str:
        found = self._first.get(doc_id)
        if found is not None:
            return found.title
        title_of = getattr(self._second, "title", None)
        return str(title_of(doc_id)) if callable(title_of) else self._second[doc_id].title
