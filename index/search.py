"""Searching the index: a query string → the exact total and ranked hits with spans.

Plan (see :mod:`index.analysis` for the gram index):

* a term of one or two characters (no space) is one gram: its posting list is exactly
  the set of blocks that contain it;
* any other term takes its candidates from the intersection of the posting lists of
  its rarest grams (bigrams never span a space); a bigram too rare to be a term of
  its own is looked up through its bucket term (:func:`index.analysis.bucket_term`),
  which only gives candidates;
* clauses (ORs of terms) are intersected and exclusions subtracted as sets of
  document numbers, rarest first; once the candidates are few, the remaining clauses
  are not read from the index but checked on the candidates;
* whenever a term was not answered exactly by its grams, every candidate is verified
  against the block's folded text (:mod:`index.sidecar`) with the whole query, so the
  result is exactly the set of blocks where the query holds as substrings after
  folding, and the total is its size.  A query of terms alone (no alternatives or
  exclusions) is verified by counting each term in all candidates at once
  (:meth:`index.sidecar.FoldedTexts.counts`, no Python step per block), and the counts
  are kept for the ranking;
* the set is ranked by BM25 over exact term counts (:mod:`index.ranking`), titles and
  headings boosted; equal scores go in block order.  A lone term of one frequent gram
  is ranked from the gram's precomputed best blocks, and its total is the gram's
  document frequency, so neither its posting list nor its texts are read.

Whoosh's highlighter is not used: spans are found by plain substring search in the
folded text, whose offsets are the original text's offsets.
"""

from __future__ import annotations

import functools
import heapq
import logging
import operator
import sys
import threading
from array import array
from collections.abc import Callable, Container, Iterable, Sequence, Sized
from dataclasses import dataclass, replace
from itertools import accumulate, compress, repeat
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import EmptyReader, TermNotFound

from index.analysis import bucket_term, gram_runs, gram_terms
from index.article_query import DocumentQuery, document_names, interpret
from index.catalog import ARTICLE_HEADS_NAME, VERSIONS_NAME, Catalog
from index.facets import DocumentFacets, FacetCounts, SearchOptions, SortOrder, date_number
from index.folding import fold_text
from index.index_files import IndexFileDamaged, parse_json
from index.numerals import article_label, parse_article_label
from index.query import ParsedQuery, QueryTerm, parse_query
from index.ranking import (
    REFERENCE_LENGTH,
    block_weight,
    idf,
    may_reach,
    term_weight,
    weight_bound,
)
from index.sidecar import FoldedTexts, shifted
from index.store import INDEX_NAME, KINDS, read_manifest, unpack_block_id
from index.terms import TermTable

__all__ = [
    "DEFAULT_LIMIT",
    "CombinedSearcher",
    "IndexSearcher",
    "Ranking",
    "RankingStatistics",
    "SearchHit",
    "SearchResult",
    "find_spans",
    "open_searcher",
]

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
# A block that opens with the article label the query asks for (第二十一条) ranks first.
ARTICLE_LEAD_BONUS = 1000.0
_TIE = 1e-9
# Verifying one candidate against its folded text costs about as much as reading this
# many postings: below that ratio the remaining clauses are checked, not read.
_VERIFY_COST = 12
# Blocks from which counting in their bytes (after the terms table is asked whether
# that is exact) is worth it (see IndexSearcher._aligned).
_ALIGNED_FROM = 256


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
    article: str = ""  # 第二十一条 when the block lies in an article
    clause: int = 0  # its 款 (1-based) when in an article
    doc_category: tuple[str, ...] = ()
    doc_date: str = ""  # the version date (ISO), else the publication date
    current: bool = True  # the current version of its document

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
            "article": self.article or None,
            "doc_category": "/".join(self.doc_category) or None,
            "doc_date": self.doc_date or None,
            "current": self.current,
            **({"library": self.library} if self.library else {}),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    parsed: ParsedQuery
    total: int
    hits: tuple[SearchHit, ...]
    # Matches per category and year, when the search asked for them (SearchOptions.facets).
    facets: FacetCounts | None = None

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


@dataclass(frozen=True)
class RankingStatistics:
    """What scores depend on besides the block itself (see :mod:`index.ranking`)."""

    blocks: int
    frequencies: dict[str, int]  # folded term → blocks it is estimated to occur in


@dataclass(frozen=True)
class Ranking:
    """One index's answer to a query before its hits are made (:meth:`IndexSearcher.rank`).

    ``keys`` are ``(-score, document number)``, best first: the best ``limit`` blocks,
    or (``partial``) only the best of a precomputed list that is shorter than the limit:
    every block of the index that is not in ``keys`` then ranks after ``keys[-1]``.
    ``hits`` are made already when the answer is not a plain ranking (a named document,
    filters or date order); ``keys`` are then empty."""

    parsed: ParsedQuery
    total: int
    keys: tuple[tuple[float, int], ...] = ()
    hits: tuple[SearchHit, ...] | None = None
    facets: FacetCounts | None = None
    partial: bool = False


# Every searcher of a combined search parses the query again: parsed once.
_parse = functools.lru_cache(maxsize=256)(parse_query)


@dataclass(frozen=True)
class _Plan:
    """How one term is looked up."""

    term: QueryTerm
    grams: tuple[str, ...]  # index terms of its distinct grams, rarest first (or buckets)
    dfs: tuple[int, ...]  # their document frequencies
    exact: bool  # its one gram's posting list is exactly its match set

    @property
    def key(self) -> str | None:
        return self.grams[0] if self.grams else None

    @property
    def estimate(self) -> int:
        return self.dfs[0] if self.dfs else -1


@dataclass(frozen=True)
class _Measured:
    """Blocks a query verified (``found``, as a set and in ``order``), their lengths
    and how often each term occurs in them, in that order."""

    found: set[int]
    order: list[int]
    lengths: list[int]
    counts: dict[str, list[int]]


class _Holds:
    """The blocks whose folded text contains ``term``, as a container."""

    def __init__(self, texts: FoldedTexts, term: str) -> None:
        self._texts = texts
        self._term = term

    def __contains__(self, docnum: object) -> bool:
        return isinstance(docnum, int) and self._term in self._texts.get(docnum)


def _needles(parsed: ParsedQuery) -> list[str] | None:
    """The distinct terms a block must all hold when the query is only that (no
    alternatives, no exclusions), else None."""
    if parsed.excluded or any(len(clause) != 1 for clause in parsed.clauses):
        return None
    return list(dict.fromkeys(clause[0].folded for clause in parsed.clauses))


def _matcher(parsed: ParsedQuery) -> Callable[[str], bool]:
    """A test of one folded text against the whole query (fast for the common shapes)."""
    excluded = [term.folded for term in parsed.excluded]
    clauses = [[term.folded for term in clause] for clause in parsed.clauses]
    if not excluded and all(len(clause) == 1 for clause in clauses):
        needles = [clause[0] for clause in clauses]
        if len(needles) == 1:
            needle = needles[0]
            return lambda text: needle in text
        return lambda text: all(needle in text for needle in needles)

    def test(text: str) -> bool:
        if any(term in text for term in excluded):
            return False
        return all(any(term in text for term in clause) for clause in clauses)

    return test


def _versions(data: Any, blocks: int) -> tuple[frozenset[int], dict[str, int]]:
    """``versions.json`` read: the block numbers of non-current versions and the top-list
    grams' counts in them (ValueError unless it has the shape the build writes)."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    ranges, counts = data.get("noncurrent"), data.get("top_gram_df")
    if not isinstance(ranges, list) or not isinstance(counts, dict):
        raise ValueError("no noncurrent list or top_gram_df object")
    old: set[int] = set()
    for pair in ranges:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(type(n) is int for n in pair)
            and pair[0] >= 0
            and 0 <= pair[1] <= blocks - pair[0]
        ):
            raise ValueError(f"a range of blocks out of the index: {str(pair)[:40]}")
        old.update(range(pair[0], pair[0] + pair[1]))
    if not all(type(n) is int and n >= 0 for n in counts.values()):
        raise ValueError("a gram count is not a whole number")
    return frozenset(old), dict(counts)


class IndexSearcher:
    """A read-only searcher over one index directory.  Safe to share between threads."""

    def __init__(self, index_dir: Path, catalog: Catalog | None = None) -> None:
        """``catalog``: the catalog of ``index_dir`` when the caller has read it already."""
        self.index_dir = index_dir
        self._index = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, readonly=True)
        self._searcher = self._index.searcher()
        self._texts = FoldedTexts(index_dir)
        manifest = read_manifest(index_dir)
        self._buckets = int(manifest.get("gram_buckets") or 0)
        # The block length the top lists were ranked at; an index built before the
        # reference length ranked them at its own mean block length.
        tops_length = manifest.get("tops_length")
        self._tops_length = (
            float(tops_length)
            if isinstance(tops_length, int | float) and tops_length > 0
            else self._texts.mean_length
        )
        self._plans: dict[QueryTerm, _Plan] = {}
        self._infos: dict[str, list[tuple[int, Any, Any]]] = {}
        self._lock = threading.Lock()
        reader = self._searcher.reader()
        # An index with no segment (a personal library before its first import) reads
        # as an EmptyReader: it has no terms to look up, and needs none.
        self._leaves: list[tuple[Any, int]] = [
            (leaf, offset)
            for leaf, offset in reader.leaf_readers()
            if not isinstance(leaf, EmptyReader)
        ]
        # Each segment's terms table, mapped (see index.terms), when it can be.
        self._term_tables = [TermTable.open(leaf._terms) for leaf, _ in self._leaves]
        self._gram_format = self._index.schema["text"].format
        self._all = int(reader.doc_count_all())
        if self._texts.count != self._all:
            self._close()
            raise ValueError(f"the folded texts of {index_dir} do not match its index")
        deleted: set[int] = set()
        for leaf, offset in self._leaves:
            if leaf.has_deletions():
                deleted.update(
                    offset + docnum
                    for docnum in range(leaf.doc_count_all())
                    if leaf.is_deleted(docnum)
                )
        self._deleted = frozenset(deleted)
        if catalog is None or catalog.index_dir != index_dir:
            catalog = Catalog(index_dir) if Catalog.exists(index_dir) else None
        self._catalog = catalog
        self._verified: dict[int, str] = {}  # folded texts verified by the current query
        # The blocks the current query verified, with their lengths and term counts:
        # the ranking that follows needs no second look at their texts.
        self._measured: _Measured | None = None
        self._versions: tuple[frozenset[int], dict[str, int]] | None = None
        self._heads: array[int] | None = None
        self._names: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None = None
        self._starts: dict[str, int] | None = None
        self._document_ids: dict[int, str] | None = None
        self._facets: DocumentFacets | None = None

    @property
    def catalog(self) -> Catalog | None:
        """The library catalog built with the index (None for a personal library)."""
        return self._catalog

    def prepare(self) -> None:
        """Read now what the first query would read (versions, article heads, document
        names): a program calls this in the background once the index is open, so the
        first search the user types is as quick as the next ones."""
        self._texts.prepare()
        fold_text("")  # the folding tables (also what the first note is stored with)
        self._version_filter()
        self._article_heads()
        self._document_names(all_versions=False)
        self._document_at()
        if self._all:
            with self._lock:  # the first hit's read opens the stored fields' column
                self._searcher.stored_fields(0)

    # -- versions, articles, documents ---------------------------------------------------

    def _version_filter(self) -> tuple[frozenset[int], dict[str, int]]:
        """Document numbers of blocks of non-current versions, and per top-list gram how
        many of them contain it."""
        if self._versions is None:
            path = self.index_dir / VERSIONS_NAME
            if path.is_file():
                try:
                    self._versions = _versions(parse_json(path.read_bytes()), self._all)
                except (OSError, ValueError) as exc:  # old versions never shown as current
                    log.error("%s: %s", path, exc)
                    raise IndexFileDamaged(VERSIONS_NAME) from None
            else:
                self._versions = (frozenset(), {})
        return self._versions

    def _article_heads(self) -> array[int]:
        if self._heads is None:
            heads = array("H")
            path = self.index_dir / ARTICLE_HEADS_NAME
            if path.is_file():
                heads.frombytes(path.read_bytes())
                if sys.byteorder != "little":  # pragma: no cover
                    heads.byteswap()
            if len(heads) != self._all:
                heads = array("H", bytes(2 * self._all))
            self._heads = heads
        return self._heads

    def _document_starts(self) -> dict[str, int]:
        """The document number of each catalogued document's first block."""
        if self._starts is None:
            starts: dict[str, int] = {}
            at = 0
            if self._catalog is not None:
                for entry in self._catalog.documents:
                    starts[entry.id] = at
                    at += entry.blocks
            self._starts = starts if at == self._all else {}
        return self._starts

    def _document_at(self) -> dict[int, str]:
        """The id of the catalogued document whose first block is each document number."""
        if self._document_ids is None:
            self._document_ids = {at: doc_id for doc_id, at in self._document_starts().items()}
        return self._document_ids

    def _document_facets(self) -> DocumentFacets:
        if self._facets is None:
            starts = self._document_starts()
            documents = []
            if self._catalog is not None and starts:
                documents = [
                    (starts[entry.id], entry.category, entry.date)
                    for entry in self._catalog.documents
                ]
            self._facets = DocumentFacets(self._all, documents)
        return self._facets

    def _document_names(self, all_versions: bool) -> dict[str, tuple[str, ...]]:
        """Folded document name → ids (current versions only unless ``all_versions``)."""
        if self._catalog is None or not self._document_starts():
            return {}
        if self._names is None:
            every: dict[str, list[str]] = {}
            current: dict[str, list[str]] = {}
            for entry in self._catalog.documents:
                for name in document_names(entry.title) | document_names(entry.display_title):
                    every.setdefault(name, []).append(entry.id)
                    if entry.current:
                        current.setdefault(name, []).append(entry.id)
            self._names = (
                {name: tuple(ids) for name, ids in every.items()},
                {name: tuple(ids) for name, ids in current.items()},
            )
        return self._names[0] if all_versions else self._names[1]

    @functools.lru_cache(maxsize=64)  # noqa: B019 - per searcher
    def _article_docnums(self, doc_id: str, number: int, sub: int) -> tuple[int, ...]:
        """Document numbers of an article's blocks (the article block first)."""
        if self._catalog is None:
            return ()
        start = self._document_starts().get(doc_id)
        if start is None:
            return ()
        doc = self._catalog.read_document(doc_id)
        out: list[int] = []
        for offset, block in enumerate(doc.blocks):
            if block.article_no == number and block.article_sub == sub:
                if block.kind.value == "article" and out:
                    break  # a second article with that number (quoted in an amendment)
                out.append(start + offset)
        return tuple(out)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        self._searcher.close()
        self._texts.close()
        for table in self._term_tables:
            if table is not None:
                table.close()
        self._term_tables = []

    def __enter__(self) -> IndexSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def block_count(self) -> int:
        return int(self._searcher.doc_count())

    def search(
        self,
        query: str,
        limit: int | None = DEFAULT_LIMIT,
        doc_id: str | None = None,
        *,
        statistics: RankingStatistics | None = None,
        all_versions: bool = False,
        options: SearchOptions | None = None,
    ) -> SearchResult:
        """Total and ranked hits; ``statistics`` (see :class:`CombinedSearcher`) replaces
        this index's own term frequencies in the scores.

        ``options`` narrow the search to categories and years, order it by date and
        ask for the counts per category and year (:mod:`index.facets`); the total is
        then the number of matches that pass the filters.

        Only current versions of documents are searched unless ``all_versions``.  A
        query that names a document (``数据安全法第二十一条``, ``个人信息保护法 同意``) is
        answered at document level: the named article first, then the blocks of the
        named document that match the rest of the query, then the blocks that match
        the query as typed (see :mod:`index.article_query`)."""
        ranking = self.rank(
            query,
            limit,
            doc_id,
            statistics=statistics,
            all_versions=all_versions,
            options=options,
        )
        return self.result(query, ranking)

    def rank(
        self,
        query: str,
        limit: int | None = DEFAULT_LIMIT,
        doc_id: str | None = None,
        *,
        statistics: RankingStatistics | None = None,
        all_versions: bool = False,
        options: SearchOptions | None = None,
        partial: bool = False,
    ) -> Ranking:
        """What :meth:`search` answers, with the hits not made yet: a combined search
        ranks the keys of every library first and makes hits only for the best of all.

        ``partial``: a precomputed list of best blocks shorter than ``limit`` may answer
        (see :attr:`Ranking.partial`); the caller asks again without when it needs more."""
        parsed = _parse(query)
        if options is not None:
            all_versions = all_versions or options.all_versions
        if parsed.is_empty:
            return Ranking(parsed, 0, facets=FacetCounts() if options else None)
        with self._lock:
            try:
                named = None
                if doc_id is None:
                    named = interpret(query, self._document_names(all_versions))
                if options is not None and not options.is_plain:
                    made = self._search_faceted(
                        query, parsed, named, limit, doc_id, statistics, all_versions, options
                    )
                    return Ranking(parsed, made.total, hits=made.hits, facets=made.facets)
                if named is not None:
                    made = self._search_named(query, parsed, named, limit, statistics, all_versions)
                    return Ranking(parsed, made.total, hits=made.hits)
                total, keys, short = self._rank(
                    parsed, limit, doc_id, statistics, all_versions, partial=partial
                )
                return Ranking(parsed, total, tuple(keys), partial=short)
            finally:
                self._verified = {}
                self._measured = None

    def result(
        self, query: str, ranking: Ranking, keys: Sequence[tuple[float, int]] | None = None
    ) -> SearchResult:
        """The search result of ``ranking`` with hits for ``keys`` (default: all its keys)."""
        hits = ranking.hits
        if hits is None:
            hits = self.hits(ranking.parsed, ranking.keys if keys is None else keys)
        return SearchResult(query, ranking.parsed, ranking.total, hits, ranking.facets)

    def hits(self, parsed: ParsedQuery, keys: Iterable[tuple[float, int]]) -> tuple[SearchHit, ...]:
        """The hits of ranking keys (``(-score, document number)``) of ``parsed``."""
        terms = tuple(term.folded for term in parsed.positive_terms)
        with self._lock:
            return tuple(self._hits(list(keys), terms))

    def _search_named(
        self,
        query: str,
        parsed: ParsedQuery,
        named: DocumentQuery,
        limit: int | None,
        statistics: RankingStatistics | None,
        all_versions: bool,
    ) -> SearchResult:
        terms = tuple(term.folded for term in parsed.positive_terms)
        first, within = self._named_blocks(named, statistics)
        literal = self._search(query, parsed, limit, None, statistics, all_versions)
        literal_all = self._match(parsed, None, all_versions) if literal.total else set()
        seen: set[int] = set()
        ordered: list[int] = []
        for docnum in (*first, *within):
            if docnum not in seen:
                seen.add(docnum)
                ordered.append(docnum)
        total = len(seen | literal_all)
        hits = self._named_first(ordered, literal.hits, limit, terms)
        return SearchResult(query, parsed, total, tuple(hits))

    def _named_first(
        self,
        ordered: list[int],
        literal: tuple[SearchHit, ...],
        limit: int | None,
        terms: tuple[str, ...],
    ) -> list[SearchHit]:
        """The named blocks (``ordered``, no repeats) ranked above the literal hits."""
        seen = set(ordered)
        top = max((hit.score for hit in literal), default=0.0)
        named = ordered if limit is None else ordered[:limit]
        hits = self._hits(
            [(-(top + len(ordered) - rank), docnum) for rank, docnum in enumerate(named)], terms
        )
        for hit in literal:
            if limit is not None and len(hits) >= limit:
                break
            if hit.order not in seen:
                hits.append(hit)
        return hits

    def _search_faceted(
        self,
        query: str,
        parsed: ParsedQuery,
        named: DocumentQuery | None,
        limit: int | None,
        doc_id: str | None,
        statistics: RankingStatistics | None,
        all_versions: bool,
        options: SearchOptions,
    ) -> SearchResult:
        """The search with filters, counts or date order: the whole match set is found
        (as :meth:`match_docnums` finds it), counted, narrowed, then ranked."""
        facets = self._document_facets()
        terms = tuple(term.folded for term in parsed.positive_terms)
        ordered: list[int] = []
        if named is not None:
            first, within = self._named_blocks(named, statistics)
            ordered = list(dict.fromkeys((*first, *within)))
        # Matched last: the texts it verified are kept for the ranking below.
        matched = self._match(parsed, doc_id, all_versions)
        found = matched.union(ordered)
        counts = facets.counts(found, options) if options.facets else None
        admitted = facets.admitted(found, options) if options.narrows else found
        if not admitted:
            return SearchResult(query, parsed, 0, (), counts)
        if options.sort is SortOrder.DATE:
            weights = self._weights(parsed, statistics)
            keys = self._scores(facets.date_order(admitted, limit), weights)
            hits = self._hits(keys, terms)
        else:
            literal = self._search(
                query, parsed, limit, doc_id, statistics, all_versions, matched & admitted
            )
            named_admitted = [docnum for docnum in ordered if docnum in admitted]
            hits = self._named_first(named_admitted, literal.hits, limit, terms)
        return SearchResult(query, parsed, len(admitted), tuple(hits), counts)

    def _named_blocks(
        self, named: DocumentQuery, statistics: RankingStatistics | None
    ) -> tuple[list[int], list[int]]:
        """The named article's blocks (or the title blocks of the named documents when
        the query holds nothing else), and the named documents' blocks that match the
        rest of the query, best first."""
        first: list[int] = []
        if named.article is not None:
            for doc_id in named.doc_ids:
                docnums = self._article_docnums(doc_id, named.article.number, named.article.sub)
                if named.article.clause and docnums:
                    clause = [d for d in docnums if self._clause_of(d) == named.article.clause]
                    docnums = (*clause[:1], *(d for d in docnums if d not in clause[:1]))
                first.extend(docnums)
        within: list[int] = []
        rest = _parse(named.rest)
        if not rest.is_empty:
            weights = self._weights(rest, statistics)
            for doc_id in named.doc_ids:
                matched = self._match(rest, doc_id, True)
                scored = self._articles_first(self._scores(matched, weights))
                within.extend(docnum for _, docnum in sorted(scored))
        elif named.article is None:
            starts = self._document_starts()
            first.extend(starts[d] for d in named.doc_ids if d in starts)
        return first, within

    def _clause_of(self, docnum: int) -> int:
        block = self._searcher.stored_fields(docnum)["block"]
        return int(block[7]) if len(block) > 7 else 0

    def statistics(self, query: str) -> RankingStatistics:
        """This index's statistics for ranking ``query``."""
        parsed = _parse(query)
        with self._lock:
            frequencies = {}
            for term in parsed.positive_terms:
                plan = self._plan(term)
                frequencies[term.folded] = plan.dfs[0] if plan.dfs else self._all
        return RankingStatistics(self._all, frequencies)

    def match_docnums(
        self, query: str, doc_id: str | None = None, *, all_versions: bool = False
    ) -> frozenset[int]:
        """The document numbers of every matching block, without ranking.

        In an index made by :func:`index.store.build_index` a block's document number
        is its position in corpus order (the ``order`` of its hits).
        """
        parsed = _parse(query)
        if parsed.is_empty:
            return frozenset()
        with self._lock:
            try:
                found = self._match(parsed, doc_id, all_versions)
                named = None
                if doc_id is None:
                    named = interpret(query, self._document_names(all_versions))
                if named is not None:
                    first, within = self._named_blocks(named, None)
                    found.update(first, within)
                return frozenset(found)
            finally:
                self._verified = {}
                self._measured = None

    # -- postings ---------------------------------------------------------------------

    def _gram_infos(self, gram: str) -> list[tuple[int, Any, Any]]:
        """Where each segment keeps a gram's postings: ``(offset, terms reader, term
        info)``.  Kept, so that the plan and the postings of a query look a gram up in
        the terms table once (each look-up is several reads of the file)."""
        infos = self._infos.get(gram)
        if infos is None:
            if len(self._infos) >= 4096:
                self._infos.clear()
            infos = []
            key = gram.encode("utf-8")
            for (leaf, offset), table in zip(self._leaves, self._term_tables, strict=True):
                terms = leaf._terms
                if table is not None:
                    info = table.term_info("text", key)
                    if info is not None:
                        infos.append((offset, terms, info))
                    continue
                try:
                    infos.append((offset, terms, terms.term_info("text", key)))
                except (KeyError, TermNotFound):
                    continue
            self._infos[gram] = infos
        return infos

    def _gram_postings(self, gram: str) -> list[int]:
        """Every document number in a gram's posting list (deleted ones included)."""
        out: list[int] = []
        for offset, terms, info in self._gram_infos(gram):
            matcher = terms._codec.postings_reader(terms._postfile, info, self._gram_format)
            self._read_all(matcher, offset, out)
        return out

    @staticmethod
    def _read_all(matcher: Any, offset: int, out: list[int]) -> None:
        if isinstance(matcher, W3LeafMatcher):
            # Whole blocks at a time: Whoosh's per-posting iteration is far slower.
            while matcher.is_active():
                if matcher._data is None:
                    matcher._read_data()
                ids = accumulate(matcher._data[0])
                out.extend(ids if not offset else (offset + i for i in ids))
                matcher._next_block()
        else:
            out.extend(offset + i for i in matcher.all_ids())

    def _postings(self, field: str, text: str) -> list[int]:
        """Every document number in a posting list (deleted ones included), ascending."""
        if field == "text":
            return self._gram_postings(text)
        out: list[int] = []
        for leaf, offset in self._leaves:
            try:
                matcher = leaf.postings(field, text)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            self._read_all(matcher, offset, out)
        return out

    def _plan(self, term: QueryTerm) -> _Plan:
        """How ``term`` is looked up (kept: a query asks for it several times, and the
        next keystroke's query mostly has the same terms)."""
        plan = self._plans.get(term)
        if plan is None:
            if len(self._plans) >= 512:
                self._plans.clear()
            plan = self._plans[term] = self._new_plan(term)
        return plan

    def _new_plan(self, term: QueryTerm) -> _Plan:
        runs = gram_runs(term.folded)
        grams: dict[str, None] = {}
        for run in runs:
            grams.update(dict.fromkeys(gram_terms(run)))
        ranked: set[tuple[int, str]] = set()
        exact = len(runs) == 1 and runs[0] == term.folded and len(term.folded) <= 2
        for gram in grams:
            df = self._gram_frequency(gram)
            if df == 0 and len(gram) == 2 and self._buckets:
                # A rare bigram: its blocks are among its bucket's, to be verified.
                gram = bucket_term(gram, self._buckets)
                df = self._gram_frequency(gram)
                exact = False
            ranked.add((df, gram))
        ordered = sorted(ranked)
        return _Plan(term, tuple(g for _, g in ordered), tuple(df for df, _ in ordered), exact)

    def _gram_frequency(self, gram: str) -> int:
        """How many blocks a gram's posting list holds (deleted ones included)."""
        return sum(int(info.doc_frequency()) for _, _, info in self._gram_infos(gram))

    def _term_set(self, plan: _Plan) -> set[int] | None:
        """Candidates for one term (exact when ``plan.exact``); None means every block."""
        if not plan.grams:
            return None
        if plan.dfs[0] == 0:
            return set()
        found = set(self._postings("text", plan.grams[0]))
        for gram, df in zip(plan.grams[1:3], plan.dfs[1:3], strict=False):
            if df > 8 * len(found):
                break
            found.intersection_update(self._postings("text", gram))
        return found

    def _match(
        self, parsed: ParsedQuery, doc_id: str | None, all_versions: bool = False
    ) -> set[int]:
        clauses = [[self._plan(term) for term in clause] for clause in parsed.clauses]
        excluded = [self._plan(term) for term in parsed.excluded]
        everything = self._all

        def estimate(clause: list[_Plan]) -> int:
            if any(p.estimate < 0 for p in clause):
                return everything
            return min(everything, sum(p.estimate for p in clause))

        candidates: set[int] | None = None
        if doc_id is not None:
            candidates = set(self._postings("doc_id", doc_id))
        verify = False
        for clause in sorted(clauses, key=estimate):
            if candidates is not None and len(candidates) * _VERIFY_COST < estimate(clause):
                verify = True
                continue
            union: set[int] | None = set()
            for plan in clause:
                verify |= not plan.exact
                found = self._term_set(plan)
                if found is None:
                    union = None
                    break
                assert union is not None
                union |= found
            if union is None:
                continue
            candidates = union if candidates is None else candidates & union
            if not candidates:
                return set()
        if candidates is None:
            candidates = set(range(everything))
        # The blocks that may hold an excluded term its grams do not answer exactly:
        # when nothing else is to be checked, only they are checked against the text.
        doubtful: set[int] = set()
        for plan in excluded:
            if len(candidates) * _VERIFY_COST < plan.estimate:
                verify = True  # reading its postings costs more than checking them all
            elif plan.exact:
                candidates.difference_update(self._postings("text", plan.grams[0]))
            elif not verify:
                maybe = self._term_set(plan)
                if maybe is None:
                    verify = True
                else:
                    doubtful.update(candidates.intersection(maybe))
        candidates.difference_update(self._deleted)
        if not all_versions:
            candidates.difference_update(self._version_filter()[0])
        needles = _needles(parsed) if verify else None
        if needles:
            return self._holding(list(candidates), needles)
        if verify or doubtful:
            checked = candidates if verify else candidates & doubtful
            test = _matcher(parsed)
            get = self._texts.get
            # Kept for the ranking that follows (under the same lock): no second decode.
            verified = self._verified = {}
            for docnum in checked:
                text = get(docnum)
                if test(text):
                    verified[docnum] = text
            if verify:
                return set(verified)
            candidates.difference_update(checked)
            candidates.update(verified)
        return candidates

    def _holding(self, docnums: list[int], needles: list[str]) -> set[int]:
        """The blocks of ``docnums`` whose folded text holds every one of ``needles``;
        their lengths and counts are kept for ranking them (:meth:`_scores`)."""
        lengths, counts = self._texts.counts(docnums, needles, self._aligned(needles, docnums))
        keep = counts[0] if len(counts) == 1 else list(map(min, *counts))
        order = list(compress(docnums, keep))
        found = set(order)
        self._measured = _Measured(
            found,
            order,
            list(compress(lengths, keep)),
            {
                needle: list(compress(each, keep))
                for needle, each in zip(needles, counts, strict=True)
            },
        )
        return found

    def _aligned(self, terms: list[str], docnums: Sized) -> set[str]:
        """The terms whose UTF-16 bytes occur in this index's texts only where the term
        does: a character of their :func:`index.sidecar.shifted` string occurs in no
        block (every character but whitespace is a gram of the index).  Asked only
        when ``docnums`` are many: a look-up in the terms table costs more than
        decoding a few hundred texts."""
        out: set[str] = set()
        if len(docnums) < _ALIGNED_FROM:
            return out
        for term in terms:
            inner = shifted(term)
            if inner is not None and any(
                not char.isspace() and self._gram_frequency(char) == 0 for char in inner
            ):
                out.add(term)
        return out

    def _measure(
        self, docnums: Iterable[int], terms: list[str]
    ) -> tuple[list[int], list[int], list[list[int]]]:
        """``docnums`` in some order, their lengths and each term's counts in them (as
        the verification that found them counted them, when it did)."""
        measured = self._measured
        if (
            measured is not None
            and docnums is measured.found
            and len(measured.found) == len(measured.order)
            and all(term in measured.counts for term in terms)
        ):
            return measured.order, measured.lengths, [measured.counts[t] for t in terms]
        order = list(docnums)
        if len(self._verified) >= len(order):
            # Texts the verification decoded already (a query with alternatives or
            # exclusions): counted in them.
            texts = [text for text in map(self._verified.get, order) if text is not None]
            if len(texts) == len(order):
                lengths, _ = self._texts.counts(order, ())
                return order, lengths, [list(map(str.count, texts, repeat(t))) for t in terms]
        lengths, counts = self._texts.counts(order, terms, self._aligned(terms, order))
        return order, lengths, counts

    # -- ranking ----------------------------------------------------------------------

    def _weights(
        self, parsed: ParsedQuery, statistics: RankingStatistics | None
    ) -> list[tuple[str, float]]:
        """Each distinct positive term with its idf (from its rarest gram's frequency)."""
        weights: dict[str, float] = {}
        blocks = max(statistics.blocks if statistics else self._all, 1)
        for term in parsed.positive_terms:
            if term.folded not in weights:
                if statistics is not None and term.folded in statistics.frequencies:
                    df = statistics.frequencies[term.folded]
                else:
                    plan = self._plan(term)
                    df = plan.dfs[0] if plan.dfs else blocks
                weights[term.folded] = idf(df, blocks)
        return list(weights.items())

    def _scores(
        self,
        docnums: Iterable[int],
        weights: list[tuple[str, float]],
        leads: tuple[str, ...] = (),
    ) -> list[tuple[float, int]]:
        """``(-score, docnum)`` for each block: sorting them gives the ranking.

        ``leads``: article labels the query asks for; a block opening with one (the
        article itself) gets :data:`ARTICLE_LEAD_BONUS` on top of its score.

        A score depends on the blocks' (boosted count, length) pairs alone, which are
        few: each pair is scored once, and the blocks' counts, lengths and scores are
        gathered in C loops (the same arithmetic in the same order as one block at a
        time, so the same floats)."""
        if leads:
            return self._scores_one_by_one(docnums, weights, leads)
        if not weights:
            return [(-0.0, docnum) for docnum in docnums]
        docnums, lengths, counts = self._measure(docnums, [term for term, _ in weights])
        if not docnums:
            return []
        boosts = list(map(self._texts.boosts.__getitem__, docnums))
        weight = block_weight
        total: list[float] | None = None
        for (_term, term_idf), each in zip(weights, counts, strict=True):
            pairs = list(zip(map(operator.mul, each, boosts), lengths, strict=True))
            table = {
                pair: term_idf * weight(pair[0], pair[1]) if pair[0] else 0.0 for pair in set(pairs)
            }
            part = list(map(table.__getitem__, pairs))
            total = part if total is None else list(map(operator.add, total, part))
        assert total is not None
        return list(zip(map(operator.neg, total), docnums, strict=True))

    def _scores_one_by_one(
        self,
        docnums: Iterable[int],
        weights: list[tuple[str, float]],
        leads: tuple[str, ...] = (),
    ) -> list[tuple[float, int]]:
        """:meth:`_scores` from each block's text in turn (with article labels)."""
        texts = self._texts
        text_of, offsets, boosts = texts.get, texts.offsets, texts.boosts
        verified = self._verified.get
        weight = block_weight
        out: list[tuple[float, int]] = []
        for docnum in docnums:
            text = verified(docnum) or text_of(docnum)
            length = (offsets[docnum + 1] - offsets[docnum]) >> 1
            boost = boosts[docnum]
            score = 0.0
            for term, term_idf in weights:
                count = text.count(term)
                if count:
                    score += term_idf * weight(count * boost, length)
            if leads and text.startswith(leads):
                score += ARTICLE_LEAD_BONUS
            out.append((-score, docnum))
        return out

    def _articles_first(
        self, keys: list[tuple[float, int]], matched: Container[int] | None = None
    ) -> list[tuple[float, int]]:
        """``keys`` re-ranked so that an article's block (when it matched) ranks above
        every matched block inside it (its 款, 项, 目): a list item never outranks the
        article it belongs to.  ``keys`` are all the matches, or (with ``matched``)
        the best of them — an article scoring higher than one of those is among them."""
        heads = self._article_heads()
        best = {docnum: key for key, docnum in keys}
        for key, docnum in keys:
            back = heads[docnum]
            if back:
                head = docnum - back
                if (head in best or (matched is not None and head in matched)) and best.get(
                    head, key
                ) > key - _TIE:
                    best[head] = key - _TIE
        return sorted((key, docnum) for docnum, key in best.items())

    def _top_list(
        self,
        parsed: ParsedQuery,
        limit: int | None,
        allowed: set[int] | None,
        excluded: frozenset[int] = frozenset(),
        partial: bool = False,
    ) -> tuple[list[int], bool] | None:
        """The ranking of a one-term query from its gram's precomputed best blocks, and
        whether it is partial (``partial`` allows it): the list's best blocks that pass
        the filters, fewer than ``limit``, every other block ranking after the last.

        The lists of an index built before the reference length were ranked at its
        mean block length: they are ranked again, and used only when their best blocks
        provably outrank every block outside them."""
        if limit is None or len(parsed.clauses) != 1 or len(parsed.clauses[0]) != 1:
            return None
        plan = self._plan(parsed.clauses[0][0])
        if not plan.exact or not plan.grams or plan.grams[0] != plan.term.folded:
            return None
        top = self._texts.top(plan.grams[0])
        if top is None:
            return None
        if self._tops_length != REFERENCE_LENGTH:
            if limit > len(top):
                return None
            found = self._top_list_at(plan.term.folded, top, limit, allowed, excluded)
            return None if found is None else (found, False)
        if allowed is None and not excluded:
            found = list(top[:limit])
        else:
            found = [
                docnum
                for docnum in top
                if (allowed is None or docnum in allowed) and docnum not in excluded
            ][:limit]
        if len(found) == limit:
            return found, False
        # Fewer than asked: blocks outside the list may come next.
        return (found, True) if partial and found else None

    def _top_list_at(
        self,
        term: str,
        top: memoryview,
        limit: int,
        allowed: set[int] | None,
        excluded: frozenset[int],
    ) -> list[int] | None:
        """:meth:`_top_list` from a list ranked at another block length (``own``).

        Every block outside the list weighs at most the list's lightest block at
        ``own``; :func:`index.ranking.weight_bound` says the most such a block can weigh
        at the reference length.  If the ``limit``-th best listed block weighs more than
        that, the list's best are the best of all (one term: its idf is the same for
        all); else :func:`index.ranking.may_reach` looks at the whole numbers counts
        and lengths are."""
        texts = self._texts
        own = self._tops_length
        mean = REFERENCE_LENGTH
        verified = self._verified
        lightest = float("inf")
        listed: set[tuple[int, int]] = set()
        keys: list[tuple[float, int]] = []
        for docnum in top:
            text = verified.get(docnum) or texts.get(docnum)
            weight = text.count(term) * texts.boosts[docnum]
            length = texts.length(docnum)
            listed.add((weight, length))
            lightest = min(lightest, term_weight(weight, length, own))
            if (allowed is None or docnum in allowed) and docnum not in excluded:
                keys.append((-block_weight(weight, length), docnum))
        if len(keys) < limit:
            return None
        best = heapq.nsmallest(limit, keys)
        last = -best[-1][0]
        if last > weight_bound(lightest, own, mean) * (1.0 + 1e-9):
            return [docnum for _, docnum in best]
        # Close lengths, a list ending in equal weights: whether any other (count,
        # length) a block of this index can have could reach the last place (a block of
        # a listed (count, length) weighs what the listed one does and comes after it).
        if may_reach(lightest, own, mean, last, texts.longest, listed):
            return None
        return [docnum for _, docnum in best]

    def _search(
        self,
        query: str,
        parsed: ParsedQuery,
        limit: int | None,
        doc_id: str | None,
        statistics: RankingStatistics | None,
        all_versions: bool = False,
        matched: set[int] | None = None,
    ) -> SearchResult:
        """``matched``: the blocks to rank, when already found."""
        total, keys, _ = self._rank(parsed, limit, doc_id, statistics, all_versions, matched)
        terms = tuple(term.folded for term in parsed.positive_terms)
        return SearchResult(query, parsed, total, tuple(self._hits(keys, terms)))

    def _rank(
        self,
        parsed: ParsedQuery,
        limit: int | None,
        doc_id: str | None,
        statistics: RankingStatistics | None,
        all_versions: bool = False,
        matched: set[int] | None = None,
        *,
        partial: bool = False,
    ) -> tuple[int, list[tuple[float, int]], bool]:
        """The total, the best ``limit`` ranking keys and whether they are partial (see
        :meth:`_top_list`); ``matched``: the blocks to rank, when already found."""
        weights = self._weights(parsed, statistics)
        leads = tuple(
            term.folded
            for term in parsed.positive_terms
            if parse_article_label(term.folded) is not None
        )
        old, old_df = self._version_filter() if not all_versions else (frozenset(), {})
        # The top lists rank by term counts alone (not by article labels).
        tops = not leads
        simple = tops and (
            len(parsed.clauses) == 1
            and len(parsed.clauses[0]) == 1
            and not parsed.excluded
            and doc_id is None
            and not self._deleted
            and matched is None
        )
        if simple:
            plan = self._plan(parsed.clauses[0][0])
            # A gram with a top list has its count in old versions in ``old_df``.
            listed = self._top_list(parsed, limit, None, old, partial) if plan.exact else None
            if listed is not None:
                # An article whose 款 made the top list ranks just above it (its text
                # holds the term when it is matched: it is current and not deleted).
                total = plan.dfs[0] - old_df.get(plan.term.folded, 0) if old else plan.dfs[0]
                holds = _Holds(self._texts, plan.term.folded)
                return self._listed(total, listed, weights, holds, limit)
        if matched is None:
            matched = self._match(parsed, doc_id, all_versions)
        if not matched:
            return 0, [], False
        listed = self._top_list(parsed, limit, matched, partial=partial) if tops else None
        if listed is not None:
            return self._listed(len(matched), listed, weights, matched, limit)
        if limit is None:
            keys = sorted(self._articles_first(self._scores(matched, weights, leads)))
        else:
            best = heapq.nsmallest(limit, self._scores(matched, weights, leads))
            keys = self._articles_first(best, matched)[:limit]
        return len(matched), keys, False

    def _listed(
        self,
        total: int,
        listed: tuple[list[int], bool],
        weights: list[tuple[str, float]],
        matched: Container[int],
        limit: int | None,
    ) -> tuple[int, list[tuple[float, int]], bool]:
        """What :meth:`_rank` answers from a top list (see :meth:`_top_list`): its blocks
        scored, articles first among ``matched``, and whether the answer is partial."""
        keys = self._articles_first(self._scores(listed[0], weights), matched)[:limit]
        return total, keys, listed[1] and len(keys) < (limit or 0)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - headings, per searcher
    def _heading(self, docnum: int) -> str:
        """A heading's outline title."""
        fields = self._searcher.stored_fields(docnum)
        return str(fields.get("outline") or fields.get("text") or self._original(docnum))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - title blocks, per searcher
    def _document(self, docnum: int) -> tuple[str, str]:
        """The document id and title of the document whose title block is ``docnum``:
        from the catalog when it places its documents (the title a built library's title
        block stores, or holds as its text, is its document's), else from the block."""
        doc_id = self._document_at().get(docnum)
        entry = self._catalog.entry(doc_id) if doc_id is not None and self._catalog else None
        if entry is not None:
            return entry.id, entry.title
        fields = self._searcher.stored_fields(docnum)
        doc_id = str(fields["doc_id"])
        title = fields.get("doc_title") or fields.get("text")
        if title is None and self._catalog is not None:
            entry = self._catalog.entry(doc_id)
            title = entry.title if entry else ""
        return doc_id, str(title or "")

    def _original(self, docnum: int) -> str:
        """A block's original text (a built library stores none in Whoosh): from how it
        differs from its folded text, else (an index built before that was kept) from
        its document's texts in the catalog, found by the document's first block."""
        text = self._texts.original(docnum)
        if text is not None:
            return text
        starts = self._document_starts()
        assert self._catalog is not None
        block = self._searcher.stored_fields(docnum)["block"]
        doc_id, _ = self._document(docnum - block[4][0])
        return self._catalog.texts(doc_id)[docnum - starts[doc_id]]

    def _hits(self, keys: Sequence[tuple[float, int]], terms: tuple[str, ...]) -> list[SearchHit]:
        return [self._hit(key, terms) for key in keys]

    def _hit(self, key: tuple[float, int], terms: tuple[str, ...]) -> SearchHit:
        score, docnum = key
        fields = self._searcher.stored_fields(docnum)
        block_id, kind, level, order, nav, *article = fields["block"]
        doc_id, doc_title = self._document(docnum - nav[0])
        folded = self._texts.get(docnum)
        text = fields.get("text")
        if text is None:
            text = self._texts.original(docnum, folded)
        if text is None:
            assert self._catalog is not None
            text = self._catalog.texts(doc_id)[docnum - self._document_starts()[doc_id]]
        entry = self._catalog.entry(doc_id) if self._catalog is not None else None
        if "section" in fields:
            section = tuple(fields["section"])
        else:
            section = tuple(self._heading(docnum - back) for back in nav[1:])
        return SearchHit(
            doc_id=doc_id,
            doc_title=doc_title,
            block_id=unpack_block_id(block_id),
            kind=KINDS[kind],
            level=level,
            section=section,
            text=text,
            spans=tuple(find_spans(text, terms, folded)),
            score=-score if score else 0.0,
            order=order,
            article=article_label(article[0], article[1]) if article else "",
            clause=article[2] if article else 0,
            doc_category=entry.category if entry else (),
            doc_date=entry.date if entry else "",
            current=entry.current if entry else True,
        )


class CombinedSearcher:
    """Searches several indexes as one library; each hit says which one it came from.

    Every index scores with the same statistics: block and term counts summed over
    all the libraries, and block lengths against the one reference length
    (:data:`index.ranking.REFERENCE_LENGTH`), so each index's precomputed best blocks
    stay usable.  So equal matches score equally, and equal scores keep the order in
    which the libraries were given, then document order.  Each index ranks its best
    blocks first; hits are made only for the best of all.
    """

    def __init__(self, searchers: Sequence[tuple[str, IndexSearcher]]) -> None:
        self.searchers = list(searchers)

    def prepare(self) -> None:
        for _label, searcher in self.searchers:
            searcher.prepare()

    def statistics(self, query: str) -> RankingStatistics | None:
        """The statistics every library ranks ``query`` with (None: nothing to rank)."""
        if not self.searchers or _parse(query).is_empty:
            return None
        each = [searcher.statistics(query) for _, searcher in self.searchers]
        frequencies: dict[str, int] = {}
        for stats in each:
            for term, df in stats.frequencies.items():
                frequencies[term] = frequencies.get(term, 0) + df
        return RankingStatistics(sum(stats.blocks for stats in each), frequencies)

    def search(
        self,
        query: str,
        limit: int | None = DEFAULT_LIMIT,
        doc_id: str | None = None,
        *,
        all_versions: bool = False,
        options: SearchOptions | None = None,
    ) -> SearchResult:
        parsed = _parse(query)
        by_date = options is not None and options.sort is SortOrder.DATE
        statistics = self.statistics(query)

        def rank(searcher: IndexSearcher, partial: bool) -> Ranking:
            return searcher.rank(
                query,
                limit,
                doc_id,
                statistics=statistics,
                all_versions=all_versions,
                options=options,
                partial=partial,
            )

        rankings = [rank(searcher, True) for _, searcher in self.searchers]
        while True:
            best = self._merged(rankings, limit, by_date)
            # A library that answered from a list shorter than the limit, all of
            # which made the best: blocks outside its list may too — rank it in full.
            last = best[-1][:3] if best else None
            short = [
                number
                for number, ranking in enumerate(rankings)
                if ranking.partial
                and last is not None
                and (ranking.keys[-1][0], number, ranking.keys[-1][1]) <= last
            ]
            if not short:
                break
            for number in short:
                rankings[number] = rank(self.searchers[number][1], False)
        hits: list[SearchHit | None] = [item[3] for item in best]
        for number, (_label, searcher) in enumerate(self.searchers):
            places = [at for at, item in enumerate(best) if item[1] == number]
            if places and rankings[number].hits is None:
                made = searcher.hits(parsed, [(best[at][0], best[at][2]) for at in places])
                for at, hit in zip(places, made, strict=True):
                    hits[at] = hit
        labelled = tuple(
            replace(hit, library=self.searchers[item[1]][0])
            for hit, item in zip(hits, best, strict=True)
            if hit is not None
        )
        counts = [ranking.facets for ranking in rankings if ranking.facets is not None]
        facets = FacetCounts.merged(counts) if options is not None and options.facets else None
        total = sum(ranking.total for ranking in rankings)
        return SearchResult(query, parsed, total, labelled, facets)

    @staticmethod
    def _merged(
        rankings: Sequence[Ranking], limit: int | None, by_date: bool
    ) -> list[tuple[float, int, int, SearchHit | None]]:
        """The best ``limit`` of all: ``(key, library number, order, hit if made)``."""
        ranked: list[tuple[float, int, int, SearchHit | None]] = []
        for number, ranking in enumerate(rankings):
            if ranking.hits is None:
                ranked.extend((key, number, docnum, None) for key, docnum in ranking.keys)
            else:
                ranked.extend(
                    (-date_number(hit.doc_date) if by_date else -hit.score, number, hit.order, hit)
                    for hit in ranking.hits
                )
        if limit is None:
            ranked.sort(key=lambda item: item[:3])
            return ranked
        return heapq.nsmallest(limit, ranked, key=lambda item: item[:3])


def open_searcher(index_dir: Path, catalog: Catalog | None = None) -> IndexSearcher:
    return IndexSearcher(index_dir, catalog)
