"""Any query string returns hits or none, never an exception; spans are always right."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.folding import fold_text
from index.query import MAX_QUERY_CHARS, parse_query
from index.search import IndexSearcher

_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "-",
        "OR",
        " ",
        "  ",
        "(",
        ")",
        "（一）",
        "+",
        "*",
        "?",
        "\\",
        "\x00",
        "\x07",
        "\n",
        "数字",
        "數字",
        "政府",
        "治理",
        "粵",
        "2035",
        "2.0",
        "C++",
        "12345+N",
        "AND",
        "NOT",
        "~",
        ":",
        "。",
        "，",
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(_PIECES, max_size=12).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=20).map(" ".join),
)


def _check(searcher: IndexSearcher, query: str) -> None:
    result = searcher.search(query, limit=25)
    assert result.total >= len(result.hits)
    terms = set(result.terms)
    for hit in result.hits:
        assert hit.spans, "every hit shows where it matched"
        for start, end in hit.spans:
            assert 0 <= start < end <= len(hit.text)
            assert fold_text(hit.text[start:end]) in terms


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_QUERIES)
def test_any_query_is_answered(searcher: IndexSearcher, query: str) -> None:
    _check(searcher, query)


def test_huge_and_odd_queries(searcher: IndexSearcher) -> None:
    for query in (
        "数" * 10_000,
        "政府 " * 5_000,
        '"' * 999,
        "-" * 50,
        "OR OR OR",
        "数字 OR",
        "OR 数字",
        "-数字 -政府",
        '"数字 政府',
        "“数字政府",
        "\x00\x01\x02",
        "\u200b\ufeff",
        "𠀀𪚥😀",
    ):
        _check(searcher, query)


def test_long_queries_are_cut_with_a_note() -> None:
    parsed = parse_query("数" * (MAX_QUERY_CHARS + 10))
    assert parsed.notes
    assert len(parsed.clauses[0][0].folded) == MAX_QUERY_CHARS


def test_query_language() -> None:
    parsed = parse_query('数字 政府 OR 政务 -安全 "治理 能力" “十四五” 12345+N')
    assert [[t.folded for t in c] for c in parsed.clauses] == [
        ["数字"],
        ["政府", "政务"],
        ["治理 能力"],
        ["十四五"],
        ["12345+n"],
    ]
    assert [t.folded for t in parsed.excluded] == ["安全"]
    assert parse_query("OR").clauses[0][0].folded == "or"
    assert parse_query("-").clauses[0][0].folded == "-"
    assert parse_query('-"数字 政府"').excluded[0].folded == "数字 政府"
    assert parse_query('"unclosed phrase').clauses[0][0].folded == "unclosed phrase"


def test_a_query_with_lone_surrogates_is_answered(searcher: IndexSearcher) -> None:
    """Undecodable bytes of a command line reach the search as lone surrogates: they
    stand for an unknown character, which no text holds, and are no error."""
    for query in ("\ud800", "数\udfff字", "\udced\udca0\udc80 政府", "政府 OR \udcff"):
        _check(searcher, query)
    assert searcher.search("政府 OR \udcff", limit=5).total == searcher.search("政府").total
    assert searcher.search("数\udfff字").total == 0
