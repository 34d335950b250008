"""Search facets on the sample library: counts per category and year, narrowing, date order.

The oracle is the unnarrowed search with no limit: every matching block with the
category and date its hit reports.  Counts, narrowed lists and totals must agree with
it exactly, in one library and in several searched as one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.facets import NO_CATEGORY, FacetCounts, SearchOptions, SortOrder, date_number
from index.search import CombinedSearcher, IndexSearcher, SearchHit
from index.session import BUNDLED_LIBRARY, PACK_LIBRARY_PREFIX

QUERIES = ("国家", "数据", "个人信息 处理", "保密 OR 秘密", "国家 -安全", "数据安全法 第二十一条")


@pytest.fixture(scope="module")
def searcher(built_index: Path) -> Iterator[IndexSearcher]:
    with IndexSearcher(built_index) as opened:
        yield opened


def _category(hit: SearchHit) -> str:
    return hit.doc_category[0] if hit.doc_category else NO_CATEGORY


def _every_hit(searcher: IndexSearcher, query: str, all_versions: bool = False) -> list[SearchHit]:
    result = searcher.search(query, limit=None, all_versions=all_versions)
    assert len(result.hits) == result.total
    return list(result.hits)


def _key(hit: SearchHit) -> tuple[str, str]:
    return hit.doc_id, hit.block_id


@pytest.mark.parametrize("all_versions", [False, True])
@pytest.mark.parametrize("query", QUERIES)
def test_counts_per_category_and_year_are_exact(
    searcher: IndexSearcher, query: str, all_versions: bool
) -> None:
    every = _every_hit(searcher, query, all_versions)
    assert every, query
    result = searcher.search(
        query, limit=20, options=SearchOptions(facets=True, all_versions=all_versions)
    )
    assert result.total == len(every)
    assert result.facets is not None
    assert dict(result.facets.categories) == Counter(_category(hit) for hit in every)
    assert dict(result.facets.years) == Counter(hit.doc_date[:4] for hit in every)


def test_the_sample_library_counts_laws_and_regulations_apart(searcher: IndexSearcher) -> None:
    result = searcher.search("国家", options=SearchOptions(facets=True))
    assert result.facets is not None
    # The categories as the catalog has them, each with its matches.
    assert {"法律", "宪法", "行政法规", "部门规章", NO_CATEGORY} <= set(result.facets.categories)
    assert sum(result.facets.categories.values()) == result.total
    assert sum(result.facets.years.values()) == result.total


@pytest.mark.parametrize("query", QUERIES)
def test_narrowing_to_a_category_keeps_exactly_its_matches_in_order(
    searcher: IndexSearcher, query: str
) -> None:
    every = _every_hit(searcher, query)
    for category in sorted({_category(hit) for hit in every}):
        wanted = [_key(hit) for hit in every if _category(hit) == category]
        options = SearchOptions(categories=frozenset({category}), facets=True)
        narrowed = searcher.search(query, limit=None, options=options)
        assert narrowed.total == len(wanted)
        assert [_key(hit) for hit in narrowed.hits] == wanted
        top = searcher.search(query, limit=5, options=options)
        assert [_key(hit) for hit in top.hits] == wanted[:5]
        # The counts of the other facet follow the narrowing; its own do not.
        assert top.facets is not None
        assert sum(top.facets.years.values()) == len(wanted)
        assert sum(top.facets.categories.values()) == len(every)


def test_narrowing_by_year_and_category_together(searcher: IndexSearcher) -> None:
    every = _every_hit(searcher, "国家")
    wanted = [_key(hit) for hit in every if _category(hit) == "法律" and hit.doc_date[:4] == "2021"]
    assert wanted
    options = SearchOptions(categories=frozenset({"法律"}), years=frozenset({"2021"}), facets=True)
    result = searcher.search("国家", limit=None, options=options)
    assert [_key(hit) for hit in result.hits] == wanted
    assert result.total == len(wanted)
    assert result.facets is not None
    assert result.facets.categories["法律"] == len(wanted)
    assert result.facets.years["2021"] == len(wanted)


def test_a_filter_nothing_passes_finds_nothing_but_still_counts(searcher: IndexSearcher) -> None:
    options = SearchOptions(years=frozenset({"1900"}), facets=True)
    result = searcher.search("国家", options=options)
    assert result.total == 0 and result.hits == ()
    assert result.facets is not None and result.facets.years["2018"] > 0


def test_date_order_puts_newest_documents_first_each_in_reading_order(
    searcher: IndexSearcher,
) -> None:
    every = _every_hit(searcher, "国家", all_versions=True)
    options = SearchOptions(sort=SortOrder.DATE, all_versions=True)
    result = searcher.search("国家", limit=None, options=options)
    assert result.total == len(every)
    assert {_key(hit) for hit in result.hits} == {_key(hit) for hit in every}
    dates = [date_number(hit.doc_date) for hit in result.hits]
    assert dates == sorted(dates, reverse=True)
    assert result.hits[0].doc_id.endswith("保守国家秘密法(2024-02-27)")
    for before, after in zip(result.hits, result.hits[1:], strict=False):
        if before.doc_id == after.doc_id:
            assert before.order < after.order
    top = searcher.search("国家", limit=7, options=options)
    assert [_key(hit) for hit in top.hits] == [_key(hit) for hit in result.hits[:7]]


def test_current_versions_only_by_default(searcher: IndexSearcher) -> None:
    old = "laws/行政法/保守国家秘密法(2010-04-29)"
    current = searcher.search("国家秘密", limit=None, options=SearchOptions(facets=True))
    every = searcher.search(
        "国家秘密", limit=None, options=SearchOptions(facets=True, all_versions=True)
    )
    assert not any(hit.doc_id == old for hit in current.hits)
    assert any(hit.doc_id == old for hit in every.hits)
    assert current.facets is not None and every.facets is not None
    assert "2010" not in current.facets.years
    assert every.facets.years["2010"] == sum(1 for hit in every.hits if hit.doc_id == old)


def test_a_named_article_stays_first_within_its_category(searcher: IndexSearcher) -> None:
    options = SearchOptions(categories=frozenset({"法律"}), facets=True)
    result = searcher.search("数据安全法 第二十一条", options=options)
    assert result.hits[0].article == "第二十一条"
    assert result.hits[0].doc_id == "laws/行政法/数据安全法(2021-06-10)"
    other = SearchOptions(categories=frozenset({"行政法规"}))
    assert searcher.search("数据安全法 第二十一条", options=other).total == 0


def test_libraries_searched_as_one_add_up_their_counts(built_index: Path) -> None:
    with IndexSearcher(built_index) as first, IndexSearcher(built_index) as second:
        alone = first.search("国家", options=SearchOptions(facets=True))
        combined = CombinedSearcher([(BUNDLED_LIBRARY, first), (PACK_LIBRARY_PREFIX + "x", second)])
        both = combined.search("国家", options=SearchOptions(facets=True))
        assert alone.facets is not None and both.facets is not None
        assert both.total == 2 * alone.total
        assert both.facets == FacetCounts.merged([alone.facets, alone.facets])
        narrowed = combined.search(
            "国家", limit=None, options=SearchOptions(categories=frozenset({"行政法规"}))
        )
        assert {hit.library for hit in narrowed.hits} == {
            BUNDLED_LIBRARY,
            PACK_LIBRARY_PREFIX + "x",
        }
        assert all(_category(hit) == "行政法规" for hit in narrowed.hits)
        by_date = combined.search("国家", limit=50, options=SearchOptions(sort=SortOrder.DATE))
        dates = [date_number(hit.doc_date) for hit in by_date.hits]
        assert dates == sorted(dates, reverse=True)


def test_plain_searches_are_unchanged_by_empty_options(searcher: IndexSearcher) -> None:
    for query in QUERIES:
        plain = searcher.search(query)
        with_options = searcher.search(query, options=SearchOptions())
        assert [_key(hit) for hit in with_options.hits] == [_key(hit) for hit in plain.hits]
        assert with_options.total == plain.total


def test_a_personal_library_counts_as_other_documents_with_no_date(
    built_index: Path, tmp_path: Path
) -> None:
    from index.facets import NO_YEAR
    from index.parsing import parse_markdown
    from index.session import PERSONAL_LIBRARY
    from index.store import update_index

    personal_dir = tmp_path / "personal"
    mine = parse_markdown(
        "---\ntitle: 学习笔记\ndate: 2023-05-04\n---\n\n国家安全的学习笔记。\n\n国家与社会。\n",
        "mine",
    )
    update_index(personal_dir, add=[mine])
    with IndexSearcher(built_index) as bundled, IndexSearcher(personal_dir) as personal:
        alone = bundled.search("国家", options=SearchOptions(facets=True))
        combined = CombinedSearcher([(BUNDLED_LIBRARY, bundled), (PERSONAL_LIBRARY, personal)])
        both = combined.search("国家", options=SearchOptions(facets=True))
        assert alone.facets is not None and both.facets is not None
        assert both.total == alone.total + 2
        assert both.facets.categories[NO_CATEGORY] == alone.facets.categories[NO_CATEGORY] + 2
        assert both.facets.years[NO_YEAR] == alone.facets.years.get(NO_YEAR, 0) + 2
        laws = combined.search(
            "国家", limit=None, options=SearchOptions(categories=frozenset({"法律"}))
        )
        assert PERSONAL_LIBRARY not in {hit.library for hit in laws.hits}
        other = combined.search(
            "国家", limit=None, options=SearchOptions(categories=frozenset({NO_CATEGORY}))
        )
        assert sum(hit.library == PERSONAL_LIBRARY for hit in other.hits) == 2
