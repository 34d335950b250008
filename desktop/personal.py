"""The personal library beside the bundled corpus: opening it, and searching both as one.

Qt-free.  Everything here may take a while (opening can rebuild the personal index,
an import parses and indexes files), so the window calls it from worker threads and
hands the GUI thread a :class:`PersonalState`: an immutable picture of the library's
documents and a searcher opened on its index at that moment.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.document import Document
from index.search import CombinedSearcher, IndexSearcher, open_searcher
from index.session import BUNDLED_LIBRARY, PERSONAL_LIBRARY, combine_searchers

if TYPE_CHECKING:  # the import readers pull in python-docx and pypdf: not at start-up
    from desktop.importing import PersonalLibrary

__all__ = [
    "BUNDLED_LIBRARY",
    "PERSONAL_LIBRARY",
    "PersonalState",
    "combined_searcher",
    "open_personal_library",
    "personal_state",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonalState:
    """The personal library's documents (oldest import first) and a searcher over them."""

    documents: tuple[Document, ...] = ()
    searcher: IndexSearcher | None = None
    by_id: Mapping[str, Document] = field(default_factory=dict)

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


def personal_state(library: PersonalLibrary) -> PersonalState:
    """Take a picture of ``library`` and open a searcher on its index (call off the GUI thread)."""
    documents = tuple(library.documents())
    searcher: IndexSearcher | None = None
    try:
        searcher = open_searcher(library.index_dir)
    except Exception:  # the documents stay readable; only their search is missing
        log.exception("the personal index %s could not be opened", library.index_dir)
    return PersonalState(documents, searcher, {doc.id: doc for doc in documents})


def open_personal_library(data_dir: Path | None = None) -> tuple[PersonalLibrary, PersonalState]:
    """Open (create, recover) the personal library and take its first picture."""
    from desktop.importing import PersonalLibrary

    library = PersonalLibrary.open(data_dir)
    return library, personal_state(library)


def combined_searcher(
    bundled: IndexSearcher | None, personal: PersonalState | None
) -> IndexSearcher | CombinedSearcher | None:
    """What library search runs on: the bundled index alone while the personal one is empty."""
    if personal is None or personal.searcher is None or not personal.documents:
        return combine_searchers(bundled)
    return combine_searchers(bundled, [(PERSONAL_LIBRARY, personal.searcher)])
