"""The benchmark's oracle for large libraries (every term's blocks found in the joined
texts) finds what testing every block in turn finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index.bench.runner import _run_scan, scan_matches
from index.query import parse_query

_CHARS = st.sampled_from([*"保障措施数字政府ab1，。\x00", " ", "-", "OR", '"'])
_TEXTS = st.lists(
    st.text(st.sampled_from([*"保障措施数字政府ab1，。\x00 "]), max_size=10), max_size=12
)
_QUERIES = st.lists(st.lists(_CHARS, max_size=8).map("".join), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(texts=_TEXTS, queries=_QUERIES)
def test_joined_scan_finds_what_the_block_scan_finds(texts: list[str], queries: list[str]) -> None:
    parsed = [parse_query(query) for query in queries]
    assert scan_matches(texts, parsed) == _run_scan(texts, parsed)[1]


def test_an_occurrence_never_spans_two_blocks() -> None:
    parsed = [parse_query(query) for query in ("障措", "保障 措施", "保障 -措施", "措施 OR 数字")]
    found = scan_matches(["数字保障", "措施", "保障措施"], parsed)
    assert found == [{2}, {2}, {0}, {0, 1, 2}]
