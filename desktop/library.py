"""The open library: corpus and index, resolved the same way by the window and the self-check.

Qt-free.  Which index is used is decided by :func:`index.session.choose_index`, the
same rule ``python -m index search`` follows.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from index.corpus import Corpus, load_corpus
from index.document import Document
from index.search import IndexSearcher, open_searcher
from index.session import IndexChoice, choose_index

__all__ = ["IndexChoice", "Library", "choose_index"]

log = logging.getLogger(__name__)


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
