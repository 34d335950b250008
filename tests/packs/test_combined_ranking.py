"""Searching several libraries as one ranks them with one set of statistics and one
reference block length, so each index's precomputed best blocks give the combined
ranking as they stand; the lists of an index built before (ranked at its own mean block
length) are used only when they provably give that same ranking.  Both are checked
against ranking every match."""

from __future__ import annotations

import heapq
import json
import random
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.bench.packs import full_ranking
from index.ranking import (
    K1,
    REFERENCE_LENGTH,
    TOP_K,
    TOP_WIDE_DF,
    may_reach,
    term_weight,
    weight_bound,
)
from index.schema import MANIFEST_NAME
from index.search import CombinedSearcher, IndexSearcher, Ranking
from index.store import build_index
from index.writer import BulkGramWriter


@pytest.mark.parametrize("own", [20.0, 45.5, 80.0])
@pytest.mark.parametrize("other", [10.0, 44.0, 46.0, 200.0])
def test_the_weight_bound_holds_for_every_block(own: float, other: float) -> None:
    rng = random.Random(f"{own}-{other}")
    for _ in range(2000):
        weight = rng.choice([1, 2, 3, 6, 9]) * rng.randint(1, 4)
        length = rng.randint(1, 400)
        at_own = term_weight(weight, length, own)
        at_other = term_weight(weight, length, other)
        assert at_other <= weight_bound(at_own, own, other) * (1 + 1e-12)
        assert weight_bound(at_own, own, other) < K1 + 1.0
    # Not a loose bound: some block comes close to it.
    assert (
        max(
            term_weight(w, n, other) / weight_bound(term_weight(w, n, own), own, other)
            for w in (1, 3, 9)
            for n in range(1, 20_000, 7)
        )
        > 0.99
    )


ALPHABET = "政策法规条例办法通知意见决定公告规划方案制度管理服务保障监督检查"


def _library(folder: Path, rng: random.Random, paragraphs: int, longest: int) -> Path:
    """Documents of many paragraphs over a small alphabet, so that its characters and
    many of its pairs are frequent enough to get precomputed best blocks."""
    folder.mkdir(parents=True)
    for number in range(2):
        body = "\n\n".join(
            "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, longest)))
            for _ in range(paragraphs)
        )
        (folder / f"doc{number}.md").write_text(
            f"---\ntitle: 文件{folder.name}{number}\ndate: 2025-01-0{number + 1}\n---\n\n{body}\n"
        )
    return folder


def build_older(source: Path, target: Path) -> None:
    """An index as the build before the reference length made it: top lists ranked at
    the index's own mean block length, no ``tops_length`` in its manifest."""

    def at_own_mean(self: Any, ids: Any, weights: Any, keep: int) -> Any:
        lengths = self._block_lengths
        mean = sum(lengths) / len(lengths)
        scored = [-term_weight(w, lengths[d], mean) for d, w in zip(ids, weights, strict=True)]
        best = heapq.nsmallest(keep, zip(scored, ids, strict=True))
        return array("I", [docnum for _, docnum in best])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BulkGramWriter, "_top", at_own_mean)
        build_index(source, target, strict=True)
    manifest = json.loads((target / MANIFEST_NAME).read_text("utf-8"))
    del manifest["tops_length"]
    (target / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three libraries of unequal size and mean block length."""
    root = tmp_path_factory.mktemp("combined")
    rng = random.Random(20261202)
    return [
        _library(root / f"source{number}", rng, paragraphs, longest)
        for number, (paragraphs, longest) in enumerate(((260, 40), (200, 90), (150, 160)))
    ]


def _built(sources: list[Path], root: Path, older: bool) -> list[tuple[str, Path]]:
    out = []
    for number, source in enumerate(sources):
        target = root / f"index{number}"
        if older:
            build_older(source, target)
        else:
            build_index(source, target, strict=True)
        out.append((f"pack:p{number}", target))
    return out


@pytest.fixture(scope="module")
def current_libraries(
    sources: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, Path]]:
    """The three libraries built as now."""
    return _built(sources, tmp_path_factory.mktemp("current"), older=False)


@pytest.fixture(scope="module")
def older_libraries(
    sources: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, Path]]:
    """The three libraries built as before the reference length."""
    return _built(sources, tmp_path_factory.mktemp("older"), older=True)


@pytest.fixture(params=["current", "older"])
def libraries(request: pytest.FixtureRequest) -> list[tuple[str, Path]]:
    libraries: list[tuple[str, Path]] = request.getfixturevalue(f"{request.param}_libraries")
    return libraries


@pytest.fixture
def searchers(libraries: list[tuple[str, Path]]) -> Iterator[list[tuple[str, IndexSearcher]]]:
    opened = [(label, IndexSearcher(path)) for label, path in libraries]
    yield opened
    for _, searcher in opened:
        searcher.close()


def _frequent_queries(searchers: list[tuple[str, IndexSearcher]]) -> list[str]:
    """Every term frequent enough to have precomputed best blocks in some index."""
    grams: set[str] = set()
    for _, searcher in searchers:
        searcher.prepare()
        grams.update(searcher._texts._tops_index)
    return sorted(gram for gram in grams if gram.strip() == gram and '"' not in gram)


def _key(hits: Any) -> list[tuple[str, int]]:
    return [(hit.library, hit.order) for hit in hits]


def test_combined_top_hits_equal_the_ranking_of_every_match(
    searchers: list[tuple[str, IndexSearcher]], monkeypatch: pytest.MonkeyPatch
) -> None:
    used = 0
    original = IndexSearcher._top_list

    def counted(self: IndexSearcher, *args: Any, **kwargs: Any) -> Any:
        nonlocal used
        found = original(self, *args, **kwargs)
        used += found is not None
        return found

    monkeypatch.setattr(IndexSearcher, "_top_list", counted)
    means = {round(s._texts.mean_length, 6) for _, s in searchers}
    assert len(means) == 3 and REFERENCE_LENGTH not in means
    queries = _frequent_queries(searchers)
    assert len(queries) >= 20
    assert sum(searcher.block_count for _, searcher in searchers) < TOP_WIDE_DF
    queries += [f"{q} -{p}" for q, p in zip(queries[:10], queries[10:20], strict=True)]
    for order in (searchers, searchers[::-1]):
        combined = CombinedSearcher(order)
        for query in queries:
            every = full_ranking(combined, query, TOP_K + 50)
            total = combined.search(query, limit=None).total
            for limit in (20, TOP_K + 50):
                fast = combined.search(query, limit=limit)
                assert fast.total == total, query
                assert _key(fast.hits) == every[:limit], (query, limit)
    assert used > 20  # the lists were used, not only the full ranking


def test_a_library_ranks_its_blocks_alike_alone_and_with_others(
    searchers: list[tuple[str, IndexSearcher]],
) -> None:
    """A block's score no longer depends on which libraries are searched with it: the
    hits of one term from one library come in the same order, with the same scores
    but for the shared idf."""
    combined = CombinedSearcher(searchers)
    for query in _frequent_queries(searchers)[:30]:
        together = combined.search(query, limit=None).hits
        for label, searcher in searchers:
            alone = searcher.search(query, limit=None).hits
            mine = [hit for hit in together if hit.library == label]
            assert [hit.order for hit in mine] == [hit.order for hit in alone], query
            ratios = {round(a.score / b.score, 9) for a, b in zip(mine, alone, strict=True)}
            assert len(ratios) <= 1, query


def test_lists_shorter_than_the_limit_answer_when_the_others_fill_it(
    current_libraries: list[tuple[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Top 150 from three libraries with lists of 100: a library whose whole list is
    not needed answers from it; one whose list runs out is ranked in full."""
    partial: list[bool] = []
    original = IndexSearcher.rank

    def recorded(self: IndexSearcher, *args: Any, **kwargs: Any) -> Ranking:
        ranking = original(self, *args, **kwargs)
        partial.append(ranking.partial)
        return ranking

    monkeypatch.setattr(IndexSearcher, "rank", recorded)
    opened = [(label, IndexSearcher(path)) for label, path in current_libraries]
    try:
        combined = CombinedSearcher(opened)
        for query in _frequent_queries(opened)[:40]:
            fast = combined.search(query, limit=TOP_K + 50)
            assert _key(fast.hits) == full_ranking(combined, query, TOP_K + 50), query
        assert any(partial)
    finally:
        for _, searcher in opened:
            searcher.close()


@pytest.mark.parametrize("older", [False, True])
def test_a_block_the_list_left_out_that_ranks_first_at_the_reference_length(
    tmp_path: Path, older: bool
) -> None:
    """An index of short blocks (a small mean) built before listed its short matches
    first; at the reference length its long blocks full of the term rank above them —
    and the combined search must find them.  Built now, the list has them."""
    wide = tmp_path / "wide"
    wide.mkdir()
    (wide / "long.md").write_text(
        "---\ntitle: 长文\ndate: 2025-01-01\n---\n\n"
        + "\n\n".join("规划方案制度管理服务保障监督检查" * 8 for _ in range(40))
        + "\n"
    )
    narrow = tmp_path / "narrow"
    narrow.mkdir()
    short = [f"政{ALPHABET[n % 7 + 3]}" for n in range(300)]
    long = ["政策" * 30 + "法规" * 120 for _ in range(5)]
    (narrow / "short.md").write_text(
        "---\ntitle: 短文\ndate: 2025-01-02\n---\n\n"
        + "\n\n".join(short[:150] + long + short[150:])
    )
    build_index(wide, tmp_path / "index-wide", strict=True)
    (build_older if older else build_index)(narrow, tmp_path / "index-narrow")
    searchers = [
        ("pack:wide", IndexSearcher(tmp_path / "index-wide")),
        ("pack:narrow", IndexSearcher(tmp_path / "index-narrow")),
    ]
    try:
        narrow_searcher = searchers[1][1]
        listed = list(narrow_searcher._texts.top("政") or ())
        assert listed and len(listed) < 300
        long_listed = [
            docnum for docnum in listed if narrow_searcher._texts.get(docnum).startswith("政策")
        ]
        assert len(long_listed) == (0 if older else 5)
        combined = CombinedSearcher(searchers)
        fast = combined.search("政", limit=20)
        assert _key(fast.hits) == full_ranking(combined, "政", 20)
        assert fast.hits[0].text.startswith("政策政策")  # a long block
        assert fast.total == combined.search("政", limit=None).total == 305
    finally:
        for _, searcher in searchers:
            searcher.close()


def test_may_reach_never_misses_a_block_that_could_reach_the_last_place() -> None:
    """Against trying every whole count and length (the oracle)."""
    rng = random.Random(11)
    agreed = 0
    for _ in range(300):
        own, other = rng.uniform(5, 90), rng.uniform(5, 90)
        longest = rng.randint(1, 40)
        pairs = [(w, n) for w in range(1, 400) for n in range(1, longest + 1)]
        w, n = rng.choice(pairs[:4000])
        ceiling = term_weight(w, n, own)
        target = term_weight(rng.randint(1, 12), rng.randint(1, longest), other)
        skip = {rng.choice(pairs) for _ in range(3)}
        brute = any(
            term_weight(w, n, own) <= ceiling and term_weight(w, n, other) >= target
            for w, n in pairs
            if (w, n) not in skip
        )
        answer = may_reach(ceiling, own, other, target, longest, skip)
        assert answer or not brute, (own, other, ceiling, target, longest)
        agreed += answer == brute
    assert agreed >= 290  # "yes" only errs on the side of rounding
