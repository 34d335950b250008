"""An article label typed in any numerals (第21条, 第２１条, 第二十一條, 第21条之1) finds
what the label as laws write it (第二十一条) finds, with the same marks and order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.query import parse_query
from index.search import IndexSearcher, SearchResult
from index.store import build_index

PIPL = "laws/行政法/个人信息保护法(2021-08-20)"
DATA_LAW = "laws/行政法/数据安全法(2021-06-10)"
CRIMINAL_LAW = "laws/刑法/刑法"


@pytest.fixture(scope="module")
def searcher(built_index: Path) -> Iterator[IndexSearcher]:
    with IndexSearcher(built_index) as opened:
        yield opened


def _seen(result: SearchResult) -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
    """What a user sees of each hit: its document, its block and the marked spans."""
    return [(hit.doc_id, hit.block_id, hit.spans) for hit in result.hits]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("第21条", "第二十一条"),
        ("第２１条", "第二十一条"),
        ("第二十一條", "第二十一条"),
        ("第13条", "第十三条"),
        ("第134条之1", "第一百三十四条之一"),
        ("第134条之一", "第一百三十四条之一"),
        ("第一百三十四条之1", "第一百三十四条之一"),
    ],
)
def test_an_article_label_in_any_numerals_finds_what_the_written_label_finds(
    searcher: IndexSearcher, typed: str, written: str
) -> None:
    want = searcher.search(written, limit=None)
    got = searcher.search(typed, limit=None)
    assert want.total > 0
    assert got.total == want.total
    assert _seen(got) == _seen(want)
    # The marks cover the label as the text writes it.
    for hit in got.hits[:20]:
        assert hit.spans, hit.text
        assert all(hit.text[start:end] == written for start, end in hit.spans)
    # The ranked top (a cut list, not the whole set) is the same too.
    assert _seen(searcher.search(typed)) == _seen(searcher.search(written))


def test_the_article_itself_ranks_first(searcher: IndexSearcher) -> None:
    result = searcher.search("第134条之1")
    assert result.hits[0].text.startswith("第一百三十四条之一")
    assert result.hits[0].doc_id == CRIMINAL_LAW


def test_an_article_label_excludes_in_any_numerals(searcher: IndexSearcher) -> None:
    written = searcher.search("个人信息 -第二十一条", limit=None)
    typed = searcher.search("个人信息 -第21条", limit=None)
    assert typed.total == written.total > 0
    assert _seen(typed) == _seen(written)


@pytest.mark.parametrize(
    ("query", "doc_id", "article"),
    [
        ("个人信息保护法 第13条", PIPL, "第十三条"),
        ("个人信息保护法第十三条", PIPL, "第十三条"),
        ("数据安全法第二十一条", DATA_LAW, "第二十一条"),
        ("数据安全法 21条", DATA_LAW, "第二十一条"),
        ("数据安全法 第21条", DATA_LAW, "第二十一条"),
    ],
)
def test_a_named_law_and_article_put_that_article_first(
    searcher: IndexSearcher, query: str, doc_id: str, article: str
) -> None:
    first = searcher.search(query).hits[0]
    assert (first.doc_id, first.article) == (doc_id, article)
    assert first.text.startswith(article)


def test_a_text_that_writes_arabic_numerals_is_still_found(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rule.md").write_text(
        "---\ntitle: 执勤规范\ndate: 2018-01-25\n---\n\n依照第89条的规定处理。\n\n"
        "第八十九条 执勤民警应当着制式服装。\n",
        "utf-8",
    )
    build_index(corpus, tmp_path / "index")
    with IndexSearcher(tmp_path / "index") as searcher:
        texts = {hit.text for hit in searcher.search("第89条", limit=None).hits}
    assert texts == {"依照第89条的规定处理。", "第八十九条 执勤民警应当着制式服装。"}


def test_other_numbers_stay_literal() -> None:
    for typed in ("21条", "第21条x", "2021"):
        (clause,) = parse_query(typed).clauses
        assert [term.folded for term in clause] == [typed]
