"""The open library: corpus and index, resolved the same way by the window and the self-check.

Qt-free.  Index resolution: the bundled index if it is usable and matches the bundled
corpus, else a usable index in the per-user folder, else the caller rebuilds into the
per-user folder (the install folder may be read-only).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.corpus import Corpus, load_corpus
from index.document import Document
from index.search import IndexSearcher, open_searcher
from index.store import IndexState, IndexStatus, check_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexChoice:
    """Where the index to use lives, or why none is usable (``path`` is then the rebuild target)."""

    path: Path
    status: IndexStatus
    bundled_status: IndexStatus

    @property
    def usable(self) -> bool:
        return self.status.ok


def choose_index(corpus_dir: Path, bundled_dir: Path, user_dir: Path) -> IndexChoice:
    bundled = check_index(bundled_dir, corpus_dir)
    if bundled.ok:
        return IndexChoice(bundled_dir, bundled, bundled)
    log.info("bundled index not usable (%s): %s", bundled.state, bundled.message)
    user = check_index(user_dir, corpus_dir)
    if user.ok:
        return IndexChoice(user_dir, user, bundled)
    log.info("per-user index not usable (%s): %s", user.state, user.message)
    # Report the more telling of the two problems: a damaged index beats a missing one.
    status = bundled if bundled.state is not IndexState.MISSING else user
    return IndexChoice(user_dir, status, bundled)


class Library:
    """The loaded corpus and an open searcher (or none until an index is usable)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.searcher: IndexSearcher | None = None
        self._by_id = {doc.id: doc for doc in corpus.documents}
        # Documents of the personal library (desktop.personal), found by id as well.
        self.personal: Mapping[str, Document] = {}

    @classmethod
    def load(cls, corpus_dir: Path) -> Library:
        """Raises FileNotFoundError when the corpus folder is missing."""
        return cls(load_corpus(corpus_dir))

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.corpus.documents

    def document(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id) or self.personal.get(doc_id)

    def open_index(self, index_dir: Path) -> None:
        self.close_index()
        self.searcher = open_searcher(index_dir)
        log.info("opened index %s (%d blocks)", index_dir, self.searcher.block_count)

    def close_index(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None
