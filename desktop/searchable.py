"""The one owner of "the searchable library" in the window.

It holds the bundled library (corpus and index), the installed packs (searcher,
documents and library rows, :mod:`desktop.pack_library`), the personal library's
picture (:class:`~desktop.personal_state.PersonalState`) and the searcher
made of them, and it alone hands that searcher to the search worker.  Every change —
an index opened or rebuilt, an import or removal — ends in one ``changed`` signal;
views and controllers listen to it instead of poking each other.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.catalog import LibraryEntry
from desktop.library import LayeredDocuments, Library
from desktop.personal_state import PersonalState
from desktop.workers import SearchService, TaskContext
from index.library_names import PACK_LIBRARY_PREFIX, PERSONAL_LIBRARY

if TYPE_CHECKING:  # the search engine, the packs' code, documents' classes: after the paint
    from desktop.pack_library import OpenPack
    from index.document import Document
    from index.search import CombinedSearcher, IndexSearcher

__all__ = ["SearchableLibrary"]

log = logging.getLogger(__name__)


class SearchableLibrary(QObject):
    """See the module docstring.  Lives on the GUI thread."""

    changed = Signal()  # documents or searchers changed

    def __init__(
        self,
        library: Library | None,
        search: SearchService,
        data_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.search = search
        self.data_dir = data_dir
        self.personal = PersonalState()
        self.packs: list[OpenPack] = []
        # No pack is open before the packs' code loads (after the window's first paint).
        self.pack_documents: Mapping[str, Document] = {}
        self.packs_generation = 0  # changes whenever the installed packs are reopened
        self.notes: list[str] = []  # packs left out, and why
        self.libraries: frozenset[str] | None = None  # search only these (None: all)
        self._packs_pending: object | None = None  # the packs opening now in the background

    # -- what there is ---------------------------------------------------------------------
    @property
    def bundled_searcher(self) -> IndexSearcher | None:
        return self.library.searcher if self.library is not None else None

    @property
    def searcher(self) -> IndexSearcher | CombinedSearcher | None:
        """What library search runs on: the bundled index alone while nothing else is
        there; narrowed to :attr:`libraries` when a choice of libraries is made."""
        from index.search import CombinedSearcher
        from index.session import combine_searchers, only_libraries

        others: list[tuple[str, IndexSearcher]] = [
            (pack.label, pack.searcher) for pack in self.packs if pack.searcher is not None
        ]
        if self.personal.searcher is not None and self.personal.documents:
            others.append((PERSONAL_LIBRARY, self.personal.searcher))
        combined = combine_searchers(self.bundled_searcher, others)
        if self.libraries is None or combined is None:
            return combined
        # A narrowed search that leaves nothing searches nothing (an empty combination).
        return only_libraries(combined, self.libraries) or CombinedSearcher([])

    def set_libraries(self, libraries: frozenset[str] | None) -> None:
        """Search only the libraries named (``bundled``, ``personal``, ``pack:<id>``), or all."""
        if libraries == self.libraries:
            return
        self.libraries = libraries
        if self.searchable:
            self.search.set_searcher(self.searcher)
        self.changed.emit()

    def library_titles(self) -> dict[str, str]:
        """The installed packs' titles by library label (``pack:<id>``)."""
        return {pack.label: pack.title for pack in self.packs}

    def pack_groups(self) -> list[tuple[str, str, Sequence[LibraryEntry]]]:
        """``(label, title, rows)`` of every open pack, for the library tree."""
        return [(pack.label, pack.title, pack.entries()) for pack in self.packs]

    @property
    def searchable(self) -> bool:
        return self.bundled_searcher is not None

    def document(self, doc_id: str) -> Document | None:
        return self.library.document(doc_id) if self.library is not None else None

    def documents_by_id(self) -> Mapping[str, Document]:
        """Every document a note may belong to: personal, bundled and the packs' (a
        library opened from its catalog reads each document when it is looked up)."""
        return LayeredDocuments(_CurrentPackDocuments(self), self.documents_outside_packs())

    def documents_outside_packs(self) -> Mapping[str, Document]:
        """The personal and bundled documents (what notes are re-anchored against
        beside the packs as they are on disk, after a pack changed)."""
        bundled = self.library.document_map() if self.library else {}
        return LayeredDocuments(dict(self.personal.by_id), bundled)

    @property
    def personal_documents(self) -> Sequence[Document]:
        return self.personal.documents

    # -- changes ---------------------------------------------------------------------------
    def open_bundled(self, index_dir: Path) -> None:
        """Open the bundled index (raises if it cannot be read), then the installed packs
        in the background (``changed`` again once they are searched and listed)."""
        assert self.library is not None
        self._quiesce()
        self.library.open_index(index_dir)
        self._close_packs()
        self._install()
        self._open_packs()

    def reload_packs(self) -> None:
        """Reopen the installed packs (one was installed, updated or removed), in the
        background; the packs open now stay searched until the new ones are ready."""
        if self.library is None or self.library.searcher is None or self.data_dir is None:
            return
        self._open_packs()

    @property
    def packs_opening(self) -> bool:
        """Are the installed packs being opened (their documents not listed yet)?"""
        return self._packs_pending is not None

    def close_bundled(self) -> None:
        """Stop searching and release the bundled index (before it is rebuilt)."""
        self._packs_pending = None  # packs still opening are closed when they arrive
        self._quiesce()
        self.search.set_searcher(None)
        if self.library is not None:
            self.library.close_index()
        self._close_packs()
        self.changed.emit()

    def set_personal(self, state: PersonalState) -> None:
        """Search and show ``state``; the previous picture's searcher is closed."""
        old = self.personal
        # While the personal library is empty search runs on the bundled index alone:
        # nothing searches the personal searcher, and a running search may go on.
        visible = bool(old.documents or state.documents)
        if visible:
            self._quiesce()
        self.personal = state
        if self.library is not None:
            self.library.personal = state.by_id
        if visible:
            self._install()
        else:
            self.search.set_searcher(self.searcher)
        old.close()

    def close(self) -> None:
        """Release every searcher (the window is closing; background work has ended)."""
        self._packs_pending = None
        self.search.set_searcher(None)
        self._close_packs()
        self.personal.close()
        self.personal = PersonalState()
        if self.library is not None:
            self.library.close_index()

    # -- internals -------------------------------------------------------------------------
    def _quiesce(self) -> None:
        """No search may still run on a searcher about to close."""
        self.search.cancel_pending()
        self.search.wait_idle()

    def _install(self) -> None:
        self.search.set_searcher(self.searcher)
        self.changed.emit()

    def _open_packs(self) -> None:
        """Open the installed packs in the ``packs`` lane (checks, catalogs and tree rows
        are read there, never on the GUI thread); the newest opening alone is used."""
        if self.data_dir is None:
            return
        data_dir = self.data_dir
        request = object()
        self._packs_pending = request
        from desktop.pack_library import open_installed_packs

        def work(_context: TaskContext) -> tuple[list[OpenPack], list[str]]:
            packs, notes = open_installed_packs(data_dir)
            for pack in packs:
                pack.entries()  # the library tree's rows, read here too
            return packs, notes

        def done(result: tuple[list[OpenPack], list[str]]) -> None:
            packs, notes = result
            if self._packs_pending is not request or not self.searchable:
                _close_all(result)  # superseded, or the bundled index went away
                return
            self._packs_pending = None
            self._quiesce()
            self._close_packs()
            self.packs, self.notes = packs, notes
            for note in notes:
                log.warning("%s", note)
            self._set_pack_documents()
            self._install()

        def failed(message: str) -> None:
            if self._packs_pending is request:
                self._packs_pending = None
            log.error("the installed packs could not be opened: %s", message)

        self.search.tasks.run(work, done, failed, lane="packs", discard=_close_all)

    def _set_pack_documents(self) -> None:
        from desktop.pack_library import PackDocuments

        self.pack_documents = PackDocuments(self.packs)
        if self.library is not None:
            self.library.packs = self.pack_documents
        self.packs_generation += 1
        if self.libraries is not None:  # a pack chosen and since removed: search all
            known = {pack.label for pack in self.packs}
            gone = [label for label in self.libraries if label not in known]
            if any(label.startswith(PACK_LIBRARY_PREFIX) for label in gone):
                self.libraries = None

    def _close_packs(self) -> None:
        had = bool(self.packs)
        for pack in self.packs:
            pack.close()
        self.packs = []
        self.notes = []
        if had:
            self._set_pack_documents()


def _close_all(opened: tuple[list[OpenPack], list[str]]) -> None:
    for pack in opened[0]:
        pack.close()


class _CurrentPackDocuments(Mapping[str, "Document"]):
    """The packs' documents as the library has them when looked up (a mapping kept by a
    controller never reads from a pack that has since been updated or removed)."""

    def __init__(self, owner: SearchableLibrary) -> None:
        self._owner = owner

    def __getitem__(self, key: str) -> Document:
        return self._owner.pack_documents[key]

    def get(self, key: str, default: Document | None = None) -> Document | None:  # type: ignore[override]
        return self._owner.pack_documents.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._owner.pack_documents

    def __iter__(self) -> Iterator[str]:
        return iter(self._owner.pack_documents)

    def __len__(self) -> int:
        return len(self._owner.pack_documents)

    def title(self, doc_id: str) -> str:
        documents = self._owner.pack_documents
        if doc_id not in documents:
            raise KeyError(doc_id)
        title_of = getattr(documents, "title", None)
        return str(title_of(doc_id)) if callable(title_of) else documents[doc_id].title
