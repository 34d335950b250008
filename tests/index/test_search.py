"""Search finds exactly what the reader types, ranked, with every occurrence marked."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.folding import fold_text, simplify_text
from index.search import IndexSearcher


@pytest.fixture(scope="module")
def oracle(multi_corpus: Path) -> dict[tuple[str, str], str]:
    """Brute force: (doc id, block id) → folded block text."""
    corpus = load_corpus(multi_corpus)
    return {(d.id, b.id): fold_text(b.text) for d in corpus.documents for b in d.blocks}


def _found(searcher: IndexSearcher, query: str) -> set[tuple[str, str]]:
    result = searcher.search(query, limit=None)
    found = {(h.doc_id, h.block_id) for h in result.hits}
    assert result.total == len(result.hits) == len(found)
    return found


def _mixed(text: str) -> str:
    simple = simplify_text(text)
    return "".join(a if i % 2 else b for i, (a, b) in enumerate(zip(text, simple, strict=True)))


@pytest.fixture(scope="module")
def originals(multi_corpus: Path) -> dict[tuple[str, str], str]:
    corpus = load_corpus(multi_corpus)
    return {(d.id, b.id): b.text for d in corpus.documents for b in d.blocks}


@pytest.mark.slow  # every substring of every block: about ten seconds
def test_recall_and_precision_of_substrings(
    searcher: IndexSearcher,
    oracle: dict[tuple[str, str], str],
    originals: dict[tuple[str, str], str],
) -> None:
    """2,400 substrings of lengths 1-8, each in original, Simplified and mixed form."""
    rng = random.Random(20261126)
    keys = sorted(originals)
    checked = 0
    lengths = set()
    differing_forms = 0
    while checked < 2400:
        key = rng.choice(keys)
        original = originals[key]
        length = rng.randint(1, 8)
        if len(original) < length:
            continue
        start = rng.randrange(len(original) - length + 1)
        sample = original[start : start + length]
        if " " in sample or any(q in sample for q in '"“”') or sample.startswith("-"):
            continue  # spaces, quotes and a leading '-' are query syntax: tested on their own
        for form in (sample, simplify_text(sample), _mixed(sample)):
            differing_forms += form != sample
            expected = {k for k, text in oracle.items() if fold_text(form) in text}
            assert key in expected
            assert _found(searcher, form) == expected, form
        lengths.add(length)
        checked += 1
    assert lengths == set(range(1, 9))
    assert differing_forms > 1000  # the Simplified and mixed forms really differ


def _oracle_query(
    oracle: dict[tuple[str, str], str], clauses: list[list[str]], excluded: list[str]
) -> set[tuple[str, str]]:
    result = set()
    for key, text in oracle.items():
        if any(fold_text(t) in text for t in excluded):
            continue
        if all(any(fold_text(t) in text for t in clause) for clause in clauses):
            result.add(key)
    return result


@pytest.mark.slow
def test_multi_term_and_exclusion_queries(
    searcher: IndexSearcher, oracle: dict[tuple[str, str], str]
) -> None:
    rng = random.Random(7)
    words = [
        "数字",
        "政府",
        "治理",
        "建設",
        "粵",
        "2035",
        "能力",
        "服務",
        "指導意見",
        "安全",
        "灣區",
        "(一)",
        "12345+N",
        "2.0",
        "，",
        "、",
    ]
    for _ in range(300):
        a, b, c = rng.sample(words, 3)
        cases = [
            (f"{a} {b}", [[a], [b]], []),
            (f"{a} -{b}", [[a]], [b]),
            (f"{a} OR {b}", [[a, b]], []),
            (f"{a} {b} OR {c}", [[a], [b, c]], []),
            (f"{a} {b} -{c}", [[a], [b]], [c]),
        ]
        for query, clauses, excluded in cases:
            assert _found(searcher, query) == _oracle_query(oracle, clauses, excluded), query


def test_simplified_query_marks_traditional_text(searcher: IndexSearcher) -> None:
    result = searcher.search("数字政府", limit=50)
    assert result.total >= 20
    for hit in result.hits:
        assert hit.spans
        for start, end in hit.spans:
            assert hit.text[start:end] in ("數字政府", "数字政府")
        assert len(hit.spans) == hit.text.count("數字政府") + hit.text.count("数字政府")


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("治理能", "治理能"),
        ("字政", "字政"),
        ("粤", "粵"),
        ("2035", "2035"),
        ("12345+N", "12345+N"),
        ("１２３４５＋Ｎ", "12345+N"),
        ("2.0", "2.0"),
        ("C++", "C++"),
        ("(一)", "(一)"),
        ("（一）", "(一)"),
        ('"办什么、怎么办"', "办什么、怎么办"),
        ("“十四五”", "十四五"),
        ("产研", "産研"),
    ],
)
def test_literal_queries(searcher: IndexSearcher, query: str, marked: str) -> None:
    result = searcher.search(query, limit=None)
    assert result.total > 0, query
    assert any(hit.text[s:e] == marked for hit in result.hits for s, e in hit.spans)


def test_two_point_zero_is_not_twenty(searcher: IndexSearcher) -> None:
    # "2.0" is literal: "20" and "2,0" are not matches.
    for hit in searcher.search("2.0", limit=None).hits:
        assert "2.0" in hit.text


def test_titles_and_headings_rank_above_body(searcher: IndexSearcher) -> None:
    hits = searcher.search("灣區", limit=None).hits
    kinds = [h.kind for h in hits]
    assert kinds[0] == "title"
    result = searcher.search("總體要求", limit=None)
    assert result.hits[0].kind == "heading"


def test_ranking_is_deterministic(searcher: IndexSearcher) -> None:
    first = [(h.block_id, h.score) for h in searcher.search("数字", limit=None).hits]
    second = [(h.block_id, h.score) for h in searcher.search("数字", limit=None).hits]
    assert first == second
    scores = [s for _, s in first]
    assert scores == sorted(scores, reverse=True)


def test_limit_keeps_total(searcher: IndexSearcher) -> None:
    full = searcher.search("数字", limit=None)
    top = searcher.search("数字", limit=5)
    assert top.total == full.total > 5
    assert [h.block_id for h in top.hits] == [h.block_id for h in full.hits[:5]]


def test_filter_by_document(searcher: IndexSearcher) -> None:
    result = searcher.search("堅持", limit=None, doc_id="gba2019")
    assert result.total == 2
    assert {h.doc_id for h in result.hits} == {"gba2019"}
    assert searcher.search("堅持", limit=None).total > 2


def test_hit_fields(searcher: IndexSearcher) -> None:
    hit = searcher.search("经济调节", limit=1).hits[0]
    assert hit.doc_id == "1d295d036ad38628"
    assert hit.doc_title == "開啟新時代數字政府建設新篇章"
    assert hit.kind == "heading" and hit.level == 3
    assert hit.section[-1] == "一是提升經濟調節能力"
    assert hit.section[0].startswith("二、")


def test_nothing_found_and_empty_queries(searcher: IndexSearcher) -> None:
    assert searcher.search("量子计算机", limit=None).total == 0
    for query in ("", "   ", '""', "-数字", "OR", "-"):
        result = searcher.search(query, limit=None)
        assert result.total == len(result.hits)


def test_control_characters_never_meet_bucket_terms(searcher: IndexSearcher) -> None:
    # Rare bigrams share bucket terms in a built index; a typed control character
    # followed by hex digits must not be taken for one of them.
    for query in ("\x00a", "\x001", "\x00ff", "\x0000001"):
        assert searcher.search(query, limit=None).total == 0
