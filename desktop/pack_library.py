"""The installed library packs as the window and the notes read them (Qt-free).

Each pack is a library of its own: its index (searched with the others, see
:mod:`index.session`), its documents — read from the catalog its index build wrote, one
document when it is looked up, like the bundled library's — and its rows in the library
tree, grouped under the pack's title.  :class:`PackDocuments` finds a document of any
installed pack by id, and says which pack holds it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.catalog import DocumentsCatalog, IndexCatalog, LibraryEntry
from desktop.library import StoredDocuments
from index.catalog import Catalog, CatalogError
from index.corpus import load_corpus
from index.document import Document

if TYPE_CHECKING:  # the search engine loads after the window's first paint
    from index.search import IndexSearcher
    from index.session import InstalledPack

__all__ = [
    "OpenPack",
    "PackDocuments",
    "installed_pack_documents",
    "open_installed_packs",
    "pack_documents",
]

log = logging.getLogger(__name__)


def pack_documents(pack: InstalledPack) -> tuple[Mapping[str, Document], Catalog | None]:
    """A pack's documents by id: from its index's catalog (each read when looked up),
    else parsed from its ``documents`` folder (an index built without a catalog)."""
    if Catalog.exists(pack.index_dir):
        try:
            catalog = Catalog(pack.index_dir)
            catalog.documents  # noqa: B018 - read now, so a damaged catalog fails here
            return StoredDocuments(catalog), catalog
        except (CatalogError, OSError, ValueError, KeyError) as exc:
            log.warning("catalog of pack %s unusable (%s); reading its documents", pack.label, exc)
    from index.packs.archive import DOCUMENTS_DIR  # packs' own modules load when one is there

    corpus = load_corpus(pack.folder / DOCUMENTS_DIR)
    return {doc.id: doc for doc in corpus.documents}, None


@dataclass
class OpenPack:
    """One installed pack opened for the window: searcher, documents and tree rows."""

    pack: InstalledPack
    searcher: IndexSearcher | None
    documents: Mapping[str, Document]
    catalog: Catalog | None = None
    _entries: list[LibraryEntry] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.pack.label

    @property
    def title(self) -> str:
        return self.pack.title

    def entries(self) -> Sequence[LibraryEntry]:
        """The pack's rows for the library tree, marked with the pack's label; their
        version groups are the pack's own (a pack's law never lists a bundled one's
        versions as its own)."""
        if self._entries is None:
            if self.catalog is not None:
                rows = IndexCatalog(self.catalog).entries()
            else:
                rows = DocumentsCatalog(list(self.documents.values())).entries()
            self._entries = list(rows)  # made for this pack: marked in place
            for row in self._entries:
                row.library = self.label
                if row.version_group:
                    row.version_group = f"{self.label}\x1f{row.version_group}"
        return self._entries

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None


def open_installed_packs(data_dir: Path) -> tuple[list[OpenPack], list[str]]:
    """Every usable installed pack with its searcher, and a note for each one left out."""
    from index.session import open_pack_libraries

    opened, notes = open_pack_libraries(data_dir)
    packs: list[OpenPack] = []
    for pack, searcher in opened:
        try:
            documents, catalog = pack_documents(pack)
        except Exception as exc:  # a pack never hides the rest of the library
            searcher.close()
            notes.append(f"{pack.label} left out: {type(exc).__name__}: {exc}")
            continue
        packs.append(OpenPack(pack, searcher, documents, catalog))
    return packs, notes


class PackDocuments(Mapping[str, Document]):
    """The documents of several packs by id (each read when looked up)."""

    def __init__(self, packs: Sequence[OpenPack] = ()) -> None:
        self.packs = list(packs)

    def pack_of(self, doc_id: str) -> OpenPack | None:
        return next((pack for pack in self.packs if doc_id in pack.documents), None)

    def __getitem__(self, key: str) -> Document:
        pack = self.pack_of(key)
        if pack is None:
            raise KeyError(key)
        return pack.documents[key]

    def get(self, key: str, default: Document | None = None) -> Document | None:  # type: ignore[override]
        pack = self.pack_of(key)
        if pack is None:
            return default
        found = pack.documents.get(key)
        return found if found is not None else default

    def __contains__(self, key: object) -> bool:
        return any(key in pack.documents for pack in self.packs)

    def __iter__(self) -> Iterator[str]:
        for pack in self.packs:
            yield from pack.documents

    def __len__(self) -> int:
        return sum(len(pack.documents) for pack in self.packs)

    def title(self, doc_id: str) -> str:
        pack = self.pack_of(doc_id)
        if pack is None:
            raise KeyError(doc_id)
        title_of = getattr(pack.documents, "title", None)
        return str(title_of(doc_id)) if callable(title_of) else pack.documents[doc_id].title


def installed_pack_documents(data_dir: Path | None) -> PackDocuments:
    """The documents of every installed pack as they are on disk now (no searcher is
    opened): what notes are re-anchored against after a pack changed."""
    from index.session import installed_pack_folders

    packs: list[OpenPack] = []
    for pack in installed_pack_folders(data_dir):
        documents, catalog = pack_documents(pack)  # unreadable: raises, notes stay as they are
        packs.append(OpenPack(pack, None, documents, catalog))
    return PackDocuments(packs)
