"""Searching several libraries as one ranks them with one set of statistics; the
precomputed best blocks of each index (ranked with its own mean block length) are used
only when they provably give that same ranking — checked against ranking every match."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.ranking import K1, TOP_K, TOP_WIDE_DF, may_reach, term_weight, weight_bound
from index.search import CombinedSearcher, IndexSearcher
from index.store import build_index


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


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Path]]:
    """Three indexes of unequal size and mean block length."""
    root = tmp_path_factory.mktemp("combined")
    rng = random.Random(20261202)
    out = []
    for number, (paragraphs, longest) in enumerate(((260, 40), (200, 90), (150, 160))):
        source = _library(root / f"source{number}", rng, paragraphs, longest)
        build_index(source, root / f"index{number}", strict=True)
        out.append((f"pack:p{number}", root / f"index{number}"))
    return out


def _frequent_queries(searchers: list[tuple[str, IndexSearcher]]) -> list[str]:
    """Every term frequent enough to have precomputed best blocks in some index."""
    grams: set[str] = set()
    for _, searcher in searchers:
        searcher.prepare()
        grams.update(searcher._texts._tops_index)
    return sorted(gram for gram in grams if gram.strip() == gram and '"' not in gram)


def test_combined_top_hits_equal_the_ranking_of_every_match(
    libraries: list[tuple[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    searchers = [(label, IndexSearcher(path)) for label, path in libraries]
    used = 0
    original = IndexSearcher._top_list_at

    def counted(self: IndexSearcher, *args: object, **kwargs: object) -> list[int] | None:
        nonlocal used
        found = original(self, *args, **kwargs)  # type: ignore[arg-type]
        used += found is not None
        return found

    monkeypatch.setattr(IndexSearcher, "_top_list_at", counted)
    try:
        means = {round(s._texts.mean_length, 6) for _, s in searchers}
        assert len(means) == 3  # the lists really were ranked with other means
        queries = _frequent_queries(searchers)
        assert len(queries) >= 20
        assert sum(searcher.block_count for _, searcher in searchers) < TOP_WIDE_DF
        queries += [f"{q} -{p}" for q, p in zip(queries[:10], queries[10:20], strict=True)]
        for order in (searchers, searchers[::-1]):
            combined = CombinedSearcher(order)
            for query in queries:
                fast = combined.search(query, limit=20)
                # More than any precomputed list holds here: every match is ranked.
                every = combined.search(query, limit=TOP_K + 1)
                assert fast.total == every.total, query
                key = [(h.library, h.order, round(h.score, 9)) for h in fast.hits]
                assert key == [(h.library, h.order, round(h.score, 9)) for h in every.hits[:20]], (
                    query
                )
        assert used > 20  # the lists were used, not only the full ranking
    finally:
        for _, searcher in searchers:
            searcher.close()


def test_a_block_the_list_left_out_that_ranks_first_at_the_shared_mean(tmp_path: Path) -> None:
    """An index of short blocks (a small mean) lists its short matches first; at the
    larger mean of the library searched with it, its long blocks full of the term
    rank above them — and the combined search must find them."""
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
    build_index(narrow, tmp_path / "index-narrow", strict=True)
    searchers = [
        ("pack:wide", IndexSearcher(tmp_path / "index-wide")),
        ("pack:narrow", IndexSearcher(tmp_path / "index-narrow")),
    ]
    try:
        narrow_searcher = searchers[1][1]
        listed = set(narrow_searcher._texts.top("政") or ())
        assert listed and len(listed) < 300  # a list, and the long blocks are not in it
        combined = CombinedSearcher(searchers)
        fast = combined.search("政", limit=20)
        every = combined.search("政", limit=TOP_K + 1)
        assert [(h.library, h.order) for h in fast.hits] == [
            (h.library, h.order) for h in every.hits[:20]
        ]
        assert fast.hits[0].text.startswith("政策政策")  # a long block, outside the list
        assert fast.total == every.total == 305
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
