"""``python -m index bench --packs N``: search over N installed packs, measured.

A synthetic corpus of ``--docs`` documents is dealt round-robin into N packs, each
pack's index built as ``python -m index pack build`` builds it and laid out as an
installed pack (``<data>/packs/<id>/index``).  Then, as the reader searches them:

* opening: every pack's searcher opened (:func:`index.session.open_packs`), first
  time and the median of five (each pack laid out as installing leaves it: every byte
  checked once, its verified state recorded, see :mod:`index.packs.verified`);
* read-ahead: what the window reads in its search lane before the first query
  (:meth:`index.search.CombinedSearcher.prepare`);
* search: each query through the combined searcher over all packs, top 20 and top 500:
  wall and processor time per query (p50, p95, max; processor time is what the search
  itself costs on a busy machine), and the slowest queries;
* correctness against a scan of every block's folded text (the oracle): recall and
  precision of the full match sets, totals and top hits of the timed answers; and each
  timed ranking against ranking every match of every pack (``wrong_rankings``: answers
  whose hits are not the best of all, in order).

The corpus and the packs are kept in the benchmark cache (:func:`index.paths.bench_cache_dir`)
and reused by the next run; a pack whose top lists were ranked at another length than
:data:`index.ranking.REFERENCE_LENGTH` (built by earlier code) is built again, and one built
before the originals' files (:class:`index.sidecar.OriginalsWriter`) gets them from its
catalog (:func:`add_originals`: the files a build writes), so that the benchmark measures
what a pack built now does.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index import paths
from index.bench.runner import (
    LIMIT,
    _document_expectations,
    _document_index,
    _latency,
    _peak_rss_kb,
    _run_scan,
    make_queries,
    scan_matches,
)
from index.bench.synthetic import DEFAULT_SEED, ensure_corpus
from index.catalog import Catalog
from index.corpus import corpus_files, load_corpus
from index.folding import fold_text
from index.integrity import INTEGRITY_KEY, describe_files
from index.manifest import file_sizes, write_manifest
from index.packs.verified import record_verified_state, recorded_state_matches
from index.query import parse_query
from index.ranking import REFERENCE_LENGTH
from index.search import CombinedSearcher, IndexSearcher, SearchResult
from index.session import PACK_LIBRARY_PREFIX, open_packs
from index.sidecar import ORIGINAL_OFFSETS_NAME, ORIGINALS_NAME, FoldedTexts, OriginalsWriter
from index.store import build_index, check_index, read_manifest

__all__ = [
    "WIDE_LIMIT",
    "add_originals",
    "format_packs_report",
    "full_ranking",
    "run_packs_bench",
]

# The second timed run: a long result list (the window shows more as the reader scrolls).
WIDE_LIMIT = 500
SLOWEST = 5
# Block tests (blocks x queries) up to which the oracle tests every block in turn.
SCAN_LIMIT = 2_000_000


def run_packs_bench(
    packs: int,
    docs: int,
    queries: int = 200,
    *,
    seed: int = DEFAULT_SEED,
    root: Path | None = None,
    progress: Callable[[str], None] | None = None,
    oracle: bool = True,
) -> dict[str, Any]:
    """``oracle=False``: no scan, so no recall figures (the queries are drawn from the
    first pack's texts): the timings alone, for libraries whose scan takes minutes.
    ``root``: where the corpus and the packs are kept (default: the benchmark cache)."""

    def say(message: str) -> None:
        if progress is not None:
            progress(message)

    if root is None:
        root = paths.bench_cache_dir()

    say(f"corpus of {docs} documents in {packs} packs")
    corpus_dir = ensure_corpus(root, docs, seed)
    work = root / f"packs-{corpus_dir.name}-p{packs}"
    data = work / "data"
    files = corpus_files(corpus_dir)
    build_s = 0.0
    labels: list[str] = []
    for number in range(packs):
        pack_id = f"bench{number:03d}"
        labels.append(PACK_LIBRARY_PREFIX + pack_id)
        source = work / "corpus" / pack_id
        index_dir = data / "packs" / pack_id / "index"
        if not check_index(index_dir, source).ok or not _current_tops(index_dir):
            shutil.rmtree(source, ignore_errors=True)
            source.mkdir(parents=True)
            for path in files[number::packs]:
                shutil.copyfile(path, source / path.name)
            say(f"building pack {number + 1}/{packs}")
            started = time.perf_counter()
            build_index(source, index_dir, strict=True)
            build_s += time.perf_counter() - started
        if not (index_dir / ORIGINALS_NAME).is_file():
            say(f"adding the originals' files to pack {number + 1}/{packs}")
            add_originals(index_dir)
        if not recorded_state_matches(index_dir.parent):
            # As installing does: every byte checked, then the verified state recorded.
            if not check_index(index_dir, full=True).ok:
                raise RuntimeError(f"the index of {pack_id} does not pass its full check")
            record_verified_state(index_dir.parent)

    # The oracle: every pack's blocks scanned, per pack in block order.
    expected_by_pack: list[list[set[int]]] = []
    if not oracle:
        return _timings_only(packs, docs, queries, seed, work, data, labels, build_s, say)
    originals_all: list[str] = []
    folded_all: list[str] = []
    corpora = []
    folded_by_pack: list[list[str]] = []
    for number in range(packs):
        corpus = load_corpus(work / "corpus" / f"bench{number:03d}")
        corpora.append(corpus)
        originals = [block.text for doc in corpus.documents for block in doc.blocks]
        originals_all += originals
        folded_by_pack.append([fold_text(text) for text in originals])
        folded_all += folded_by_pack[-1]
    query_list = make_queries(originals_all, folded_all, queries, seed)
    del folded_all
    parsed = [parse_query(q) for q in query_list]
    say("scan (the oracle)")
    for corpus, folded in zip(corpora, folded_by_pack, strict=True):
        old: set[int] = set()
        at = 0
        for doc in corpus.documents:
            if not doc.current:
                old.update(range(at, at + len(doc.blocks)))
            at += len(doc.blocks)
        # Each block tested in turn (as the single-index benchmark does) for a few
        # thousand blocks; every term's blocks found in the joined texts beyond.
        if len(folded) * len(parsed) <= SCAN_LIMIT:
            _, expected = _run_scan(folded, parsed)
        else:
            expected = scan_matches(folded, parsed)
        documents = _document_index(corpus)
        expected = [
            (want - old) | _document_expectations(corpus, folded, query, documents)
            for want, query in zip(expected, query_list, strict=True)
        ]
        expected_by_pack.append(expected)
    del corpora, folded_by_pack

    say("opening the packs")
    searchers, open_times = _open_five_times(data)
    combined = CombinedSearcher(searchers)
    prepare_s = _prepare(combined)
    wrong_totals = 0
    foreign_hits = 0
    wrong_rankings = 0
    found: list[set[tuple[int, int]]] = []
    wanted: list[set[tuple[int, int]]] = []
    label_number = {label: number for number, label in enumerate(labels)}
    try:
        say("searching")
        timed = _timed(combined, query_list)
        say("checking against the scan and the full ranking")
        for index, query in enumerate(query_list):
            want = {
                (number, order)
                for number, expected in enumerate(expected_by_pack)
                for order in expected[index]
            }
            result = timed.results[index]
            wrong_totals += result.total != len(want)
            foreign_hits += sum(
                (label_number[hit.library], hit.order) not in want for hit in result.hits
            )
            foreign_hits += len(result.hits) != min(LIMIT, len(want))
            best = full_ranking(combined, query, WIDE_LIMIT)
            for limit, answer in ((LIMIT, result), (WIDE_LIMIT, timed.wide_results[index])):
                wrong_rankings += [(hit.library, hit.order) for hit in answer.hits] != best[:limit]
            found.append(
                {
                    (number, docnum)
                    for number, (_, searcher) in enumerate(searchers)
                    for docnum in searcher.match_docnums(query)
                }
            )
            wanted.append(want)
    finally:
        for _, searcher in searchers:
            searcher.close()
    return {
        "packs": packs,
        "docs": docs,
        "blocks": len(originals_all),
        "queries": len(query_list),
        "build_s": round(build_s, 2) if build_s else None,
        "open_first_ms": round(open_times[0] * 1000, 2),
        "open_median_ms": round(statistics.median(open_times) * 1000, 2),
        "prepare_ms": round(prepare_s * 1000, 2),
        **timed.report(),
        **_pair_accuracy(found, wanted),
        "wrong_totals": wrong_totals,
        "wrong_top_hits": foreign_hits,
        "wrong_rankings": wrong_rankings,
        "peak_rss_mb": round(_peak_rss_kb() / 1024, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def add_originals(index_dir: Path) -> None:
    """Write a built index's originals' files from its catalog's texts (the files its
    build would write now) and describe them in its manifest."""
    catalog = Catalog(index_dir)
    texts = FoldedTexts(index_dir)
    writer = OriginalsWriter(index_dir)
    try:
        docnum = 0
        for entry in catalog.documents:
            for original in catalog.texts(entry.id):
                writer.add(original, texts.get(docnum))
                docnum += 1
        if docnum != texts.count:
            raise ValueError(f"the catalog of {index_dir} does not match its folded texts")
        writer.close()
    except BaseException:
        writer.discard()
        for name in (ORIGINALS_NAME, ORIGINAL_OFFSETS_NAME):
            (index_dir / name).unlink(missing_ok=True)
        raise
    finally:
        texts.close()
    manifest = read_manifest(index_dir)
    manifest["files"] = file_sizes(index_dir)
    manifest[INTEGRITY_KEY] = describe_files(index_dir)
    write_manifest(index_dir, manifest)


def _current_tops(index_dir: Path) -> bool:
    """Whether the index's top lists were ranked at the reference length (as this code
    builds them), so that the benchmark measures what a pack built now does."""
    try:
        return read_manifest(index_dir).get("tops_length") == REFERENCE_LENGTH
    except (OSError, ValueError):
        return False


def full_ranking(combined: CombinedSearcher, query: str, count: int) -> list[tuple[str, int]]:
    """The best ``count`` blocks of all the libraries as ``(library, order)``, from
    ranking every match of every library (no precomputed lists): what a combined search
    must answer."""
    statistics = combined.statistics(query)
    ranked: list[tuple[tuple[float, int, int], str]] = []
    for number, (label, searcher) in enumerate(combined.searchers):
        ranking = searcher.rank(query, None, statistics=statistics)
        if ranking.hits is not None:
            ranked.extend(((-hit.score, number, hit.order), label) for hit in ranking.hits)
        else:
            ranked.extend(((key, number, docnum), label) for key, docnum in ranking.keys)
    ranked.sort()
    return [(label, order) for (_, _, order), label in ranked[:count]]


class _Timed:
    """Each query searched for the top :data:`LIMIT` and then the top :data:`WIDE_LIMIT`,
    with wall and processor time."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.results: list[SearchResult] = []
        self.wide_results: list[SearchResult] = []
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.wide_wall: list[float] = []
        self.wide_cpu: list[float] = []

    def report(self) -> dict[str, Any]:
        slowest = sorted(range(len(self.cpu)), key=lambda i: self.cpu[i], reverse=True)
        return {
            **_latency(self.wall),
            **{f"cpu_{key}": value for key, value in _latency(self.cpu).items()},
            **{f"wide_{key}": value for key, value in _latency(self.wide_wall).items()},
            **{f"wide_cpu_{key}": value for key, value in _latency(self.wide_cpu).items()},
            "slowest": [
                {
                    "query": self.queries[i],
                    "cpu_ms": round(self.cpu[i] * 1000, 2),
                    "wall_ms": round(self.wall[i] * 1000, 2),
                    "total": self.results[i].total,
                }
                for i in slowest[:SLOWEST]
            ],
        }


def _timed(combined: CombinedSearcher, query_list: list[str]) -> _Timed:
    timed = _Timed()
    clock, cpu_clock = time.perf_counter, time.process_time
    for limit, results, wall, cpu in (
        (LIMIT, timed.results, timed.wall, timed.cpu),
        (WIDE_LIMIT, timed.wide_results, timed.wide_wall, timed.wide_cpu),
    ):
        for query in query_list:
            started, cpu_started = clock(), cpu_clock()
            results.append(combined.search(query, limit=limit))
            cpu.append(cpu_clock() - cpu_started)
            wall.append(clock() - started)
    timed.queries = list(query_list)
    return timed


def _open_five_times(data: Path) -> tuple[list[tuple[str, IndexSearcher]], list[float]]:
    """Open the installed packs five times (timed); the last opening's searchers stay open."""
    open_times: list[float] = []
    for _ in range(5):
        started = time.perf_counter()
        searchers, notes = open_packs(data)
        open_times.append(time.perf_counter() - started)
        if notes:
            raise RuntimeError("; ".join(notes))
        if len(open_times) < 5:
            for _, searcher in searchers:
                searcher.close()
    return searchers, open_times


def _prepare(combined: CombinedSearcher) -> float:
    """What the window does in the search lane once the packs are open (timed)."""
    started = time.perf_counter()
    combined.prepare()
    return time.perf_counter() - started


def _timings_only(
    packs: int,
    docs: int,
    queries: int,
    seed: int,
    work: Path,
    data: Path,
    labels: list[str],
    build_s: float,
    say: Callable[[str], None],
) -> dict[str, Any]:
    first = load_corpus(work / "corpus" / "bench000")
    originals = [block.text for doc in first.documents for block in doc.blocks]
    query_list = make_queries(originals, [fold_text(t) for t in originals], queries, seed)
    del first, originals
    say("opening the packs")
    searchers, open_times = _open_five_times(data)
    combined = CombinedSearcher(searchers)
    prepare_s = _prepare(combined)
    say("searching")
    blocks = sum(searcher.block_count for _, searcher in searchers)
    try:
        timed = _timed(combined, query_list)
    finally:
        for _, searcher in searchers:
            searcher.close()
    return {
        "packs": packs,
        "docs": docs,
        "blocks": blocks,
        "queries": len(query_list),
        "build_s": round(build_s, 2) if build_s else None,
        "open_first_ms": round(open_times[0] * 1000, 2),
        "open_median_ms": round(statistics.median(open_times) * 1000, 2),
        "prepare_ms": round(prepare_s * 1000, 2),
        **timed.report(),
        "recall": None,
        "precision": None,
        "wrong_totals": None,
        "wrong_top_hits": None,
        "wrong_rankings": None,
        "peak_rss_mb": round(_peak_rss_kb() / 1024, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def _pair_accuracy(
    found: list[set[tuple[int, int]]], expected: list[set[tuple[int, int]]]
) -> dict[str, float]:
    hit = sum(len(f & e) for f, e in zip(found, expected, strict=True))
    returned = sum(len(f) for f in found)
    wanted = sum(len(e) for e in expected)
    return {
        "recall": round(hit / wanted, 6) if wanted else 1.0,
        "precision": round(hit / returned, 6) if returned else 1.0,
    }


def format_packs_report(report: dict[str, Any]) -> str:
    def line(title: str, prefix: str) -> str:
        return (
            f"{title}: wall p50 {report[prefix + 'p50_ms']} ms, p95 {report[prefix + 'p95_ms']} "
            f"ms, max {report[prefix + 'max_ms']} ms; processor p50 "
            f"{report[prefix + 'cpu_p50_ms']} ms, p95 {report[prefix + 'cpu_p95_ms']} ms, "
            f"max {report[prefix + 'cpu_max_ms']} ms"
        )

    slowest = [
        f"  {item['cpu_ms']} ms processor, {item['wall_ms']} ms wall, "
        f"{item['total']} matches: {item['query']}"
        for item in report["slowest"]
    ]
    return "\n".join(
        [
            f"{report['packs']} packs, {report['docs']} documents, {report['blocks']} blocks, "
            f"{report['queries']} queries (load {report['load_avg']})",
            f"build (all packs): {report['build_s']} s" if report["build_s"] else "build: reused",
            f"open all packs: first {report['open_first_ms']} ms, "
            f"median of 5 {report['open_median_ms']} ms; then read ahead in the background "
            f"(as the window does before the first search) {report['prepare_ms']} ms",
            line(f"search (top {LIMIT})", ""),
            line(f"search (top {WIDE_LIMIT})", "wide_"),
            f"slowest (top {LIMIT}, by processor time):",
            *slowest,
            f"recall {report['recall']}, precision {report['precision']}, "
            f"wrong totals {report['wrong_totals']}, wrong top hits {report['wrong_top_hits']}, "
            f"wrong rankings {report['wrong_rankings']}"
            if report["recall"] is not None
            else "recall: not checked (--no-oracle)",
            f"peak RSS {report['peak_rss_mb']} MB",
        ]
    )
