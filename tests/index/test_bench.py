"""The benchmark's small run, and the query plan against brute force on a generated corpus.

Correctness only: timings are what ``python -m index bench`` prints, never asserted here.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from index.bench.runner import run_bench
from index.bench.synthetic import corpus_dir_for
from index.corpus import load_corpus
from index.folding import fold_text, simplify_text
from index.search import IndexSearcher

pytestmark = pytest.mark.slow

DOCS = 200


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("bench")
    return run_bench(DOCS, 200, root=root), root


@pytest.fixture(scope="module")
def generated(bench: tuple[dict[str, Any], Path]) -> tuple[Path, list[str], list[str]]:
    """(index folder, original block texts, folded block texts) in block order."""
    _, root = bench
    corpus_dir = corpus_dir_for(root, DOCS)
    corpus = load_corpus(corpus_dir)
    originals = [block.text for doc in corpus.documents for block in doc.blocks]
    return root / f"index-{corpus_dir.name}", originals, [fold_text(t) for t in originals]


def test_small_bench_has_full_recall_and_precision(bench: tuple[dict[str, Any], Path]) -> None:
    report, _ = bench
    assert report["docs"] == DOCS and report["queries"] == 200
    assert report["chars"] > DOCS * 5000  # about 8,000 characters per document
    for key in ("text_bytes", "build_s", "open_ms", "peak_rss_mb"):
        assert report[key] is not None
    for name in ("project", "scan", "fts5"):
        row = report["engines"][name]
        assert {"index_bytes", "p50_ms", "p95_ms", "max_ms", "recall", "precision"} <= set(row)
        assert "unanswered" in row
    project = report["engines"]["project"]
    # The query's own CPU time never exceeds its wall time.
    assert 0 < project["cpu_p50_ms"] <= project["max_ms"]
    assert project["cpu_max_ms"] <= project["max_ms"] * 1.01 + 0.01
    assert (project["recall"], project["precision"]) == (1.0, 1.0)
    assert project["wrong_totals"] == project["wrong_top_hits"] == 0
    assert report["engines"]["scan"]["recall"] == 1.0
    fts5 = report["engines"]["fts5"]
    assert fts5["unanswered"] > 0 and fts5["recall"] < 1.0 and fts5["precision"] == 1.0


def _sample(rng: random.Random, texts: list[str], length: int) -> str:
    while True:
        text = rng.choice(texts)
        if len(text) >= length:
            start = rng.randrange(len(text) - length + 1)
            sample = text[start : start + length]
            if not any(ch.isspace() or ch in '"“”' for ch in sample) and sample[0] != "-":
                return sample


def _oracle(folded: list[str], clauses: list[list[str]], excluded: list[str]) -> set[int]:
    want = [[fold_text(t) for t in clause] for clause in clauses]
    drop = [fold_text(t) for t in excluded]
    return {
        i
        for i, text in enumerate(folded)
        if not any(t in text for t in drop) and all(any(t in text for t in c) for c in want)
    }


def test_query_plan_matches_brute_force(generated: tuple[Path, list[str], list[str]]) -> None:
    """Random multi-term, OR, exclusion and phrase queries vs a scan of the folded blocks."""
    index_dir, originals, folded = generated
    rng = random.Random(606)
    with IndexSearcher(index_dir) as searcher:
        for round_ in range(80):
            a, b, c = (_sample(rng, originals, rng.randint(1, 5)) for _ in range(3))
            if round_ % 2:
                a, b = simplify_text(a), simplify_text(b)
            phrase = _sample(rng, originals, rng.randint(3, 9)).replace('"', "")
            cases = [
                (f"{a} {b}", [[a], [b]], []),
                (f"{a} -{b}", [[a]], [b]),
                (f"{a} OR {b} -{c}", [[a, b]], [c]),
                (f"{a} {b} {c}", [[a], [b], [c]], []),
                (f'"{phrase}"', [[phrase]], []),
                (f'{a} -"{phrase}"', [[a]], [phrase]),
            ]
            for query, clauses, excluded in cases:
                expected = _oracle(folded, clauses, excluded)
                assert set(searcher.match_docnums(query)) == expected, query
                result = searcher.search(query, limit=None if len(expected) < 500 else 20)
                assert result.total == len(expected), query
                found = {hit.order for hit in result.hits}
                assert found <= expected and len(found) == min(len(expected), len(result.hits))
                assert len(result.hits) == (len(expected) if len(expected) < 500 else 20)


def test_top_hits_are_the_head_of_the_full_ranking(
    generated: tuple[Path, list[str], list[str]],
) -> None:
    """Frequent one-gram terms are ranked from precomputed lists: same order as in full."""
    index_dir, originals, _ = generated
    rng = random.Random(7)
    singles = sorted({fold_text(_sample(rng, originals, 1)) for _ in range(12)})
    doubles = sorted({fold_text(_sample(rng, originals, 2)) for _ in range(12)})
    with IndexSearcher(index_dir) as searcher:
        doc_id = searcher.search("的", limit=1).hits[0].doc_id
        for term in [*singles, *doubles]:
            for query in (term, f"{term} -的", f"{term} -{singles[0]}"):
                full = searcher.search(query, limit=None)
                for limit in (1, 20):
                    top = searcher.search(query, limit=limit)
                    assert top.total == full.total, query
                    assert [h.order for h in top.hits] == [h.order for h in full.hits[:limit]]
            filtered = searcher.search(term, limit=None, doc_id=doc_id)
            assert {h.order for h in filtered.hits} == {
                h.order for h in searcher.search(term, limit=None).hits if h.doc_id == doc_id
            }
        hits = searcher.search("的", limit=None).hits
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        for first, second in itertools.pairwise(hits):
            if first.score == second.score:
                assert first.order < second.order  # ties in block order
