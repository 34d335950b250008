"""``python -m index bench``: this project's search against a scan and SQLite FTS5.

One run generates (or reuses) a synthetic corpus of ``--docs`` documents, builds the
index (timed), draws one query set from the corpus and runs it through three engines:

* ``project``: :class:`index.search.IndexSearcher`, top 20 hits with spans and the
  exact total, in a subprocess of its own so its peak RSS is its own;
* ``scan``: Python ``in`` over every folded block text held in memory (the set of
  matching blocks and its size, no ranking): the correctness oracle;
* ``fts5``: SQLite FTS5 with the trigram tokenizer over the same folded texts (the
  total and the top 20 by its ``rank``).  It cannot answer a query with a term shorter
  than three characters: those are counted as ``unanswered``, return nothing for its
  recall, and are left out of its latencies.

Recall and precision are against the oracle, summed over all queries (micro-averaged).
With ``--corpus DIR`` the run measures a real corpus folder instead: the search runs as
the reader's does, over current versions only, and the oracle and FTS5's results leave
the blocks of earlier versions out too; a query that names a document (see
:mod:`index.article_query`) also expects the blocks the document-level match adds
(``named_queries`` counts them).
The query set (deterministic): substrings of 1-8 characters drawn from random blocks,
half as written (Traditional) and half converted to Simplified; two- and three-term
AND queries of substrings of one block; a term with an exclusion; and strings absent
from the corpus.  Substrings holding whitespace, quotes or a leading ``-`` (query
syntax) or no unit character are drawn again.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from index.analysis import unit_runs
from index.bench.synthetic import DEFAULT_SEED, ensure_corpus
from index.corpus import load_corpus
from index.folding import fold_text, simplify_text
from index.query import ParsedQuery, parse_query
from index.search import IndexSearcher, _matcher
from index.store import build_index, check_index

__all__ = ["DEFAULT_ROOT", "make_queries", "run_bench", "scan_matches"]

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "build" / "bench"
LIMIT = 20


def _substring(rng: random.Random, texts: Sequence[str], length: int) -> str:
    while True:
        text = rng.choice(texts)
        if len(text) < length:
            continue
        start = rng.randrange(len(text) - length + 1)
        sample = text[start : start + length]
        if any(ch.isspace() or ch in '"“”' for ch in sample) or sample.startswith("-"):
            continue
        if not unit_runs(fold_text(sample)) or sample == "OR":
            continue
        return sample


def _same_block_terms(rng: random.Random, texts: Sequence[str], count: int) -> list[str]:
    while True:
        text = rng.choice(texts)
        if len(text) < 12:
            continue
        terms = [_substring(rng, [text], rng.randint(2, 4)) for _ in range(count)]
        if len({fold_text(t) for t in terms}) == count:
            return terms


def make_queries(
    originals: Sequence[str], folded: Sequence[str], count: int, seed: int
) -> list[str]:
    """The benchmark's query set, drawn from the blocks' original texts."""
    rng = random.Random(f"queries:{seed}")
    queries: list[str] = []
    for i in range(count):
        slot = i % 20
        if slot < 12:  # single substrings, lengths 1-8, Traditional and Simplified
            sample = _substring(rng, originals, 1 + (i // 2) % 8)
            queries.append(simplify_text(sample) if i % 2 else sample)
        elif slot < 15:
            queries.append(" ".join(_same_block_terms(rng, originals, 2)))
        elif slot < 17:
            queries.append(" ".join(simplify_text(t) for t in _same_block_terms(rng, originals, 3)))
        elif slot < 19:
            keep = _substring(rng, originals, rng.randint(2, 3))
            drop = _substring(rng, originals, rng.randint(1, 3))
            queries.append(f"{keep} -{drop}")
        else:
            while True:
                absent = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(4))
                if not any(fold_text(absent) in text for text in folded):
                    queries.append(absent)
                    break
    return queries


def _percentile(values: Sequence[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _latency(values: Sequence[float]) -> dict[str, float | None]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 3)

    return {
        "p50_ms": ms(_percentile(values, 0.50)),
        "p95_ms": ms(_percentile(values, 0.95)),
        "max_ms": ms(max(values) if values else None),
    }


def _accuracy(found: Sequence[set[int]], expected: Sequence[set[int]]) -> dict[str, float]:
    hit = sum(len(f & e) for f, e in zip(found, expected, strict=True))
    returned = sum(len(f) for f in found)
    wanted = sum(len(e) for e in expected)
    return {
        "recall": round(hit / wanted, 6) if wanted else 1.0,
        "precision": round(hit / returned, 6) if returned else 1.0,
    }


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# -- the engines -------------------------------------------------------------------


def _run_scan(
    folded: Sequence[str], parsed: Sequence[ParsedQuery]
) -> tuple[list[float], list[set[int]]]:
    times: list[float] = []
    results: list[set[int]] = []
    for query in parsed:
        started = time.perf_counter()
        if query.is_empty:
            found: set[int] = set()
        else:
            test = _matcher(query)
            found = {i for i, text in enumerate(folded) if test(text)}
        times.append(time.perf_counter() - started)
        results.append(found)
    return times, results


def scan_matches(folded: Sequence[str], parsed: Sequence[ParsedQuery]) -> list[set[int]]:
    """What :func:`_run_scan` finds, for libraries too big to test block by block: the
    folded texts joined into one string, each term's blocks found by :meth:`str.find`
    (one step per block that holds it: the search goes on at the next block), and each
    query's clauses combined as sets — every clause holds one of its terms, no
    excluded term occurs.  The texts are joined by a character no term holds, so no
    occurrence spans two blocks."""
    terms = {term.folded for query in parsed for term in (*query.positive_terms, *query.excluded)}
    separator = next(
        chr(code) for code in range(0x110000) if not any(chr(code) in term for term in terms)
    )
    whole = separator.join(folded)
    starts = list(accumulate((len(text) + 1 for text in folded), initial=0))
    cache: dict[str, frozenset[int]] = {}

    def holding(term: str) -> frozenset[int]:
        found = cache.get(term)
        if found is None:
            if not term:
                found = frozenset(range(len(folded)))
            else:
                blocks: list[int] = []
                at = whole.find(term)
                while at >= 0:
                    block = bisect_right(starts, at) - 1
                    blocks.append(block)
                    at = whole.find(term, starts[block + 1])
                found = frozenset(blocks)
            cache[term] = found
        return found

    results: list[set[int]] = []
    for query in parsed:
        matched: set[int] | None = None
        for clause in query.clauses:
            union = set().union(*(holding(term.folded) for term in clause))
            matched = union if matched is None else matched & union
        matched = matched or set()
        for term in query.excluded:
            matched -= holding(term.folded)
        results.append(matched)
    return results


def _fts5_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts5_query(query: ParsedQuery) -> str | None:
    """The FTS5 MATCH string, or None if a term is too short for trigrams."""
    terms = [*query.positive_terms, *query.excluded]
    if query.is_empty or any(len(term.folded) < 3 for term in terms):
        return None
    clauses = [
        "(" + " OR ".join(_fts5_phrase(term.folded) for term in clause) + ")"
        for clause in query.clauses
    ]
    expression = " AND ".join(clauses)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts5_phrase(term.folded)}"
    return expression


def _run_fts5(
    db_path: Path, folded: Sequence[str], parsed: Sequence[ParsedQuery]
) -> dict[str, Any]:
    if db_path.exists():
        db_path.unlink()
    started = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE blocks USING fts5(body, tokenize='trigram')")
    db.executemany(
        "INSERT INTO blocks(rowid, body) VALUES (?, ?)",
        ((i + 1, text) for i, text in enumerate(folded)),
    )
    db.commit()
    db.execute("INSERT INTO blocks(blocks) VALUES ('optimize')")
    db.commit()
    build_s = time.perf_counter() - started
    times: list[float] = []
    results: list[set[int]] = []
    unanswered = 0
    for query in parsed:
        expression = _fts5_query(query)
        if expression is None:
            unanswered += 1
            results.append(set())
            continue
        started = time.perf_counter()
        (total,) = db.execute(
            "SELECT count(*) FROM blocks WHERE blocks MATCH ?", (expression,)
        ).fetchone()
        top = db.execute(
            "SELECT rowid, body FROM blocks WHERE blocks MATCH ? ORDER BY rank LIMIT ?",
            (expression, LIMIT),
        ).fetchall()
        times.append(time.perf_counter() - started)
        del total, top
        rows = db.execute("SELECT rowid FROM blocks WHERE blocks MATCH ?", (expression,))
        results.append({rowid - 1 for (rowid,) in rows})
    db.close()
    return {
        "times": times,
        "results": results,
        "unanswered": unanswered,
        "build_s": build_s,
        "index_bytes": db_path.stat().st_size,
    }


def _run_project(index_dir: Path, queries: Sequence[str]) -> dict[str, Any]:
    """Times the project's search in a subprocess (open, each query, peak RSS)."""
    with tempfile.TemporaryDirectory() as tmp:
        request = Path(tmp) / "queries.json"
        answer = Path(tmp) / "answer.json"
        request.write_text(json.dumps(list(queries), ensure_ascii=False), "utf-8")
        subprocess.run(
            [sys.executable, "-m", "index.bench.runner", str(index_dir), str(request), str(answer)],
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        result: dict[str, Any] = json.loads(answer.read_text("utf-8"))
        return result


def _peak_rss_kb() -> int:
    """This process's peak resident set since it started (exec), in KiB.

    ``ru_maxrss`` would not do: Linux carries it over from the forked parent's image
    across exec, so it would report the benchmark parent's memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _worker(index_dir: Path, request: Path, answer: Path) -> None:
    queries = json.loads(request.read_text("utf-8"))
    started = time.perf_counter()
    searcher = IndexSearcher(index_dir)
    open_s = time.perf_counter() - started
    times: list[float] = []
    cpu_times: list[float] = []  # the query's own CPU: what the wall time is under no load
    answers: list[tuple[int, list[int]]] = []
    with searcher:
        for query in queries:
            started = time.perf_counter()
            cpu = time.thread_time()
            result = searcher.search(query, limit=LIMIT)
            cpu_times.append(time.thread_time() - cpu)
            times.append(time.perf_counter() - started)
            answers.append((result.total, [hit.order for hit in result.hits]))
    peak_kb = _peak_rss_kb()
    answer.write_text(
        json.dumps(
            {
                "open_s": open_s,
                "times": times,
                "cpu_times": cpu_times,
                "answers": answers,
                "peak_kb": peak_kb,
            }
        ),
        "utf-8",
    )


# Names of current documents → ids, each document's first block, documents by id.
_Documents = tuple[dict[str, tuple[str, ...]], dict[str, int], dict[str, Any]]


def _document_index(corpus: Any) -> _Documents:
    """The corpus's current documents by name, each document's first block, and the
    documents by id (for :func:`_document_expectations`)."""
    from index.article_query import document_names

    names: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    at = 0
    by_id = {}
    for doc in corpus.documents:
        starts[doc.id] = at
        by_id[doc.id] = doc
        at += len(doc.blocks)
        if doc.current:
            for name in document_names(doc.title) | document_names(doc.display_title):
                names.setdefault(name, []).append(doc.id)
    return {k: tuple(v) for k, v in names.items()}, starts, by_id


def _document_expectations(
    corpus: Any,
    folded: Sequence[str],
    query: str,
    documents: _Documents | None = None,
) -> set[int]:
    """Blocks a query that names a document adds to the substring matches (the oracle's
    side of :mod:`index.article_query`): the named article's blocks (from the parsed
    corpus), else the document's title block, and the blocks of the named document
    that hold the rest of the query (by scan).  ``documents``: the corpus's
    :func:`_document_index`, when the caller asks about many queries."""
    from index.article_query import interpret

    names, starts, by_id = _document_index(corpus) if documents is None else documents
    named = interpret(query, names)
    if named is None:
        return set()
    extra: set[int] = set()
    rest = parse_query(named.rest)
    for doc_id in named.doc_ids:
        doc = by_id[doc_id]
        start = starts[doc_id]
        if named.article is not None:
            wanted = (named.article.number, named.article.sub)
            seen_article = False
            for offset, block in enumerate(doc.blocks):
                if (block.article_no, block.article_sub) == wanted:
                    if block.kind.value == "article" and seen_article:
                        break  # the same number again, quoted in an amendment
                    seen_article = True
                    extra.add(start + offset)
        if not rest.is_empty:
            test = _matcher(rest)
            extra.update(
                start + offset for offset in range(len(doc.blocks)) if test(folded[start + offset])
            )
        elif named.article is None:
            extra.add(start)
    return extra


def run_bench(
    docs: int,
    queries: int = 200,
    *,
    seed: int = DEFAULT_SEED,
    root: Path = DEFAULT_ROOT,
    reuse_index: bool = False,
    progress: Callable[[str], None] | None = None,
    corpus_dir: Path | None = None,
) -> dict[str, Any]:
    """Run the benchmark; returns the report (see the module docstring).

    ``corpus_dir``: a real corpus folder to measure instead of a synthetic corpus of
    ``docs`` documents.  The search runs as the reader's does, over current versions
    only; the oracle leaves the blocks of earlier versions out too."""

    def say(message: str) -> None:
        if progress is not None:
            progress(message)

    if corpus_dir is None:
        say(f"corpus of {docs} documents")
        corpus_dir = ensure_corpus(root, docs, seed)
        index_dir = root / f"index-{corpus_dir.name}"
        strict = True
    else:
        corpus_dir = corpus_dir.resolve()
        say(f"corpus {corpus_dir}")
        root.mkdir(parents=True, exist_ok=True)
        tag = hashlib.sha1(str(corpus_dir).encode()).hexdigest()[:8]
        index_dir = root / f"index-{corpus_dir.name}-{tag}"
        strict = False
    build_s: float | None = None
    build_cpu_s: float | None = None
    if not (reuse_index and check_index(index_dir, corpus_dir).ok):
        say("building the index")
        started = time.perf_counter()
        cpu = time.process_time()
        build_index(corpus_dir, index_dir, strict=strict)
        build_s = time.perf_counter() - started
        build_cpu_s = time.process_time() - cpu
    corpus = load_corpus(corpus_dir)
    docs = len(corpus.documents)
    originals = [block.text for doc in corpus.documents for block in doc.blocks]
    old: set[int] = set()
    at = 0
    for doc in corpus.documents:
        if not doc.current:
            old.update(range(at, at + len(doc.blocks)))
        at += len(doc.blocks)
    folded = [fold_text(text) for text in originals]
    query_list = make_queries(originals, folded, queries, seed)
    parsed = [parse_query(q) for q in query_list]

    say("scan")
    scan_times, expected = _run_scan(folded, parsed)
    named_queries = 0
    for index, query in enumerate(query_list):
        expected[index] -= old
        extra = _document_expectations(corpus, folded, query)
        if extra:
            named_queries += 1
            expected[index] |= extra
    del corpus
    say("project")
    project = _run_project(index_dir, query_list)
    # Correctness on the full match sets (not timed), and the timed answers' totals
    # and hits against the oracle.
    found: list[set[int]] = []
    wrong_totals = 0
    foreign_hits = 0
    with IndexSearcher(index_dir) as searcher:
        for query, want, (total, orders) in zip(
            query_list, expected, project["answers"], strict=True
        ):
            found.append(set(searcher.match_docnums(query)))
            wrong_totals += total != len(want)
            foreign_hits += sum(order not in want for order in orders)
            foreign_hits += len(orders) != min(LIMIT, len(want))
    say("fts5")
    fts5 = _run_fts5(root / f"fts5-{corpus_dir.name}.db", folded, parsed)
    # FTS5 holds every version; what it finds in earlier ones is not a current match.
    fts5["results"] = [found - old for found in fts5["results"]]

    load = os.getloadavg()
    report: dict[str, Any] = {
        "docs": docs,
        "queries": len(query_list),
        "chars": sum(len(text) for text in originals),
        "text_bytes": sum(len(text.encode("utf-8")) for text in originals),
        "blocks": len(originals),
        "build_s": None if build_s is None else round(build_s, 2),
        "build_cpu_s": None if build_cpu_s is None else round(build_cpu_s, 2),
        "named_queries": named_queries,
        "open_ms": round(project["open_s"] * 1000, 2),
        "peak_rss_mb": round(project["peak_kb"] / 1024, 1),
        "load_avg": [round(x, 2) for x in load],
        "engines": {
            "project": {
                "index_bytes": _folder_bytes(index_dir),
                **_latency(project["times"]),
                **{f"cpu_{key}": value for key, value in _latency(project["cpu_times"]).items()},
                **_accuracy(found, expected),
                "unanswered": 0,
                "wrong_totals": wrong_totals,
                "wrong_top_hits": foreign_hits,
            },
            "scan": {
                "index_bytes": None,
                **_latency(scan_times),
                **_accuracy(expected, expected),
                "unanswered": 0,
            },
            "fts5": {
                "index_bytes": fts5["index_bytes"],
                **_latency(fts5["times"]),
                **_accuracy(fts5["results"], expected),
                "unanswered": fts5["unanswered"],
                "build_s": round(fts5["build_s"], 2),
            },
        },
    }
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['docs']} documents, {report['blocks']} blocks, {report['chars']} characters "
        f"({report['text_bytes']} bytes UTF-8), {report['queries']} queries",
        f"build {report['build_s']} s, open {report['open_ms']} ms, "
        f"peak RSS while searching {report['peak_rss_mb']} MB, load {report['load_avg']}",
        f"{'engine':8} {'index MB':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'recall':>7} {'precision':>9} {'unanswered':>10}",
    ]
    for name, row in report["engines"].items():
        size = "-" if row["index_bytes"] is None else f"{row['index_bytes'] / 1e6:.1f}"
        lines.append(
            f"{name:8} {size:>9} {row['p50_ms']!s:>8} {row['p95_ms']!s:>8} "
            f"{row['max_ms']!s:>8} {row['recall']:>7} {row['precision']:>9} "
            f"{row['unanswered']:>10}"
        )
    project = report["engines"]["project"]
    lines.append(
        f"project CPU per query (its own thread): p50 {project['cpu_p50_ms']} ms, "
        f"p95 {project['cpu_p95_ms']} ms, max {project['cpu_max_ms']} ms"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    _worker(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
