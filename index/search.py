"""Searching the index: a query string → the total count and ranked hits with spans.

Plan: each term becomes a Whoosh query over the gram index (see
:mod:`index.analysis`).  A term made of one run of unit characters is answered
exactly by the index; a term with punctuation or spaces inside is looked up by its
runs and then verified against the block's folded text, as are excluded terms of
that kind.  Whoosh's highlighter is not used: spans are found by plain substring
search in the folded text, whose offsets are the original text's offsets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.query import And, Every, Or, Phrase, Query, Term

from index.analysis import gram_terms, unit_runs
from index.folding import fold_text
from index.query import ParsedQuery, QueryTerm, parse_query
from index.store import INDEX_NAME

__all__ = [
    "DEFAULT_LIMIT",
    "IndexSearcher",
    "SearchHit",
    "SearchResult",
    "find_spans",
    "open_searcher",
]

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
_FIELDS = ("text", "head")


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    doc_title: str
    block_id: str
    kind: str
    level: int
    section: tuple[str, ...]
    text: str
    spans: tuple[tuple[int, int], ...]
    score: float
    order: int
    library: str = ""  # which library the hit comes from, when several are searched

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "block_id": self.block_id,
            "kind": self.kind,
            "level": self.level,
            "section": list(self.section),
            "text": self.text,
            "spans": [list(span) for span in self.spans],
            "score": round(self.score, 6),
            **({"library": self.library} if self.library else {}),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    parsed: ParsedQuery
    total: int
    hits: tuple[SearchHit, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Folded positive terms, for marking matches elsewhere (e.g. the reading view)."""
        return tuple(term.folded for term in self.parsed.positive_terms)


def find_spans(
    text: str, folded_terms: tuple[str, ...] | list[str], folded: str | None = None
) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of each term in ``text`` (after folding), sorted."""
    haystack = fold_text(text) if folded is None else folded
    spans: set[tuple[int, int]] = set()
    for term in folded_terms:
        if not term:
            continue
        start = haystack.find(term)
        while start >= 0:
            spans.add((start, start + len(term)))
            start = haystack.find(term, start + len(term))
    return sorted(spans)


def _field_query(field: str, runs: list[str]) -> Query:
    parts: list[Query] = []
    for run in runs:
        grams = gram_terms(run)
        parts.append(Term(field, grams[0]) if len(grams) == 1 else Phrase(field, grams))
    return parts[0] if len(parts) == 1 else And(parts)


def _term_query(term: QueryTerm) -> tuple[Query, bool]:
    """The Whoosh query for a term, and whether the index alone answers it exactly."""
    runs = unit_runs(term.folded)
    if not runs:
        return Every(), False
    exact = len(runs) == 1 and runs[0] == term.folded
    return Or([_field_query(field, runs) for field in _FIELDS]), exact


def _matches(folded: str, parsed: ParsedQuery) -> bool:
    if any(term.folded in folded for term in parsed.excluded):
        return False
    return all(any(term.folded in folded for term in clause) for clause in parsed.clauses)


class IndexSearcher:
    """A read-only searcher over one index directory.  Safe to share between threads."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._index = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, readonly=True)
        self._searcher = self._index.searcher()
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def __enter__(self) -> IndexSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def block_count(self) -> int:
        return int(self._searcher.doc_count())

    def search(
        self, query: str, limit: int | None = DEFAULT_LIMIT, doc_id: str | None = None
    ) -> SearchResult:
        parsed = parse_query(query)
        if parsed.is_empty:
            return SearchResult(query, parsed, 0, ())
        with self._lock:
            return self._search(query, parsed, limit, doc_id)

    def _search(
        self, query: str, parsed: ParsedQuery, limit: int | None, doc_id: str | None
    ) -> SearchResult:
        verify = False
        clause_queries: list[Query] = []
        for clause in parsed.clauses:
            alternatives = []
            for term in clause:
                q, exact = _term_query(term)
                verify |= not exact
                alternatives.append(q)
            clause_queries.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
        whoosh_query: Query = clause_queries[0] if len(clause_queries) == 1 else And(clause_queries)
        exact_exclusions = []
        for term in parsed.excluded:
            q, exact = _term_query(term)
            if exact:
                exact_exclusions.append(q)
            else:
                verify = True
        # Excluded through ``mask`` (a docnum set), not AndNot: Whoosh's AndNotMatcher
        # misses an excluded document when the excluded term's first posting comes
        # before the first positive one.
        mask = Or(exact_exclusions) if exact_exclusions else None
        doc_filter = Term("doc_id", doc_id) if doc_id is not None else None
        terms = tuple(term.folded for term in parsed.positive_terms)

        if not verify:
            results = self._searcher.search(whoosh_query, limit=limit, filter=doc_filter, mask=mask)
            total = len(results)
            hits = [self._hit(hit, terms, None) for hit in results]
        else:
            results = self._searcher.search(whoosh_query, limit=None, filter=doc_filter, mask=mask)
            total = 0
            hits = []
            for hit in results:
                folded = fold_text(hit["text"])
                if not _matches(folded, parsed):
                    continue
                total += 1
                if limit is None or len(hits) < limit:
                    hits.append(self._hit(hit, terms, folded))
        hits.sort(key=lambda h: (-h.score, h.order))
        return SearchResult(query, parsed, total, tuple(hits))

    @staticmethod
    def _hit(hit: Any, terms: tuple[str, ...], folded: str | None) -> SearchHit:
        fields = hit.fields()
        text = fields["text"]
        block_id = fields["block_id"].split("/", 1)[1]
        return SearchHit(
            doc_id=fields["doc_id"],
            doc_title=fields["doc_title"],
            block_id=block_id,
            kind=fields["kind"],
            level=int(fields.get("level") or 0),
            section=tuple(fields.get("section") or ()),
            text=text,
            spans=tuple(find_spans(text, terms, folded)),
            score=float(hit.score or 0.0),
            order=int(fields["order"]),
        )


class CombinedSearcher:
    """Searches several indexes as one library; each hit says which one it came from.

    Scores come from each index's own statistics; equal scores keep the order in
    which the libraries were given, then document order.
    """

    def __init__(self, searchers: Sequence[tuple[str, IndexSearcher]]) -> None:
        self.searchers = list(searchers)

    def search(
        self, query: str, limit: int | None = DEFAULT_LIMIT, doc_id: str | None = None
    ) -> SearchResult:
        parsed = parse_query(query)
        total = 0
        ranked: list[tuple[float, int, int, SearchHit]] = []
        for rank, (label, searcher) in enumerate(self.searchers):
            result = searcher.search(query, limit=limit, doc_id=doc_id)
            total += result.total
            ranked.extend(
                (-hit.score, rank, hit.order, replace(hit, library=label)) for hit in result.hits
            )
        ranked.sort(key=lambda item: item[:3])
        hits = [item[3] for item in ranked]
        if limit is not None:
            hits = hits[:limit]
        return SearchResult(query, parsed, total, tuple(hits))


def open_searcher(index_dir: Path) -> IndexSearcher:
    return IndexSearcher(index_dir)
