"""新旧对照 alignment, article input and law citations (Qt-free)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.article_ref import parse_article_input
from desktop.citation import law_citation
from index.compare import Article, Change, align_articles, articles_of, compare_documents
from index.corpus import load_document
from index.document import Block, BlockKind, Document, make_block_ids
from index.numerals import article_label

LAWS = Path(__file__).resolve().parents[2] / "resources" / "corpus"

TEXTS = [
    "为了保守国家秘密，维护国家安全和利益，制定本法。",
    "国家秘密是关系国家安全和利益，依照法定程序确定的事项。",
    "国家秘密受法律保护。一切国家机关和武装力量都有保密的义务。",
    "保守国家秘密的工作，实行积极防范、突出重点、依法管理的方针。",
    "国家保密行政管理部门主管全国的保密工作。",
    "国家机关和涉及国家秘密的单位管理本机关和本单位的保密工作。",
]


def _articles(texts: list[str]) -> list[Article]:
    return [
        Article(article_label(n), (n, 0), f"b{n}", text) for n, text in enumerate(texts, start=1)
    ]


def test_identical_versions_align_one_to_one() -> None:
    rows = align_articles(_articles(TEXTS), _articles(TEXTS))
    assert [row.change for row in rows] == [Change.SAME] * len(TEXTS)


def test_inserted_article_is_added_and_later_ones_pair_despite_renumbering() -> None:
    new_texts = [*TEXTS[:2], "坚持中国共产党对保守国家秘密工作的领导。", *TEXTS[2:]]
    rows = align_articles(_articles(TEXTS), _articles(new_texts))
    assert [row.change for row in rows].count(Change.ADDED) == 1
    added = next(row for row in rows if row.change is Change.ADDED)
    assert added.new is not None and added.new.label == "第三条"
    third = next(row for row in rows if row.old is not None and row.old.label == "第三条")
    assert third.new is not None and third.new.label == "第四条"  # renumbered, still paired
    assert third.change is Change.SAME


def test_removed_and_changed_articles_with_marked_words() -> None:
    changed = TEXTS[4].replace("主管全国", "依法主管全国")
    new_texts = [TEXTS[0], TEXTS[1], TEXTS[3], changed, TEXTS[5]]
    rows = align_articles(_articles(TEXTS), _articles(new_texts))
    removed = [row for row in rows if row.change is Change.REMOVED]
    assert len(removed) == 1 and removed[0].old is not None and removed[0].old.label == "第三条"
    row = next(row for row in rows if row.change is Change.CHANGED)
    assert row.new is not None and row.old is not None
    assert [row.new.text[s:e] for s, e in row.new_marks] == ["依法"]
    assert row.old_marks == ()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(TEXTS))), max_size=8),
    st.lists(st.sampled_from(range(len(TEXTS))), max_size=8),
)
def test_alignment_keeps_every_article_once_and_in_order(old: list[int], new: list[int]) -> None:
    a = _articles([TEXTS[i] for i in old])
    b = _articles([TEXTS[i] for i in new])
    rows = align_articles(a, b)
    assert [r.old for r in rows if r.old is not None] == a
    assert [r.new for r in rows if r.new is not None] == b
    for row in rows:
        if row.old is not None and row.new is not None:
            assert row.similarity >= 0.35


def test_state_secrets_law_2010_against_2024() -> None:
    old = load_document(LAWS / "laws" / "行政法" / "保守国家秘密法(2010-04-29).md", LAWS)
    new = load_document(LAWS / "laws" / "行政法" / "保守国家秘密法(2024-02-27).md", LAWS)
    assert len(articles_of(old)) == 53 and len(articles_of(new)) == 65
    rows = compare_documents(old, new)
    changes = [row.change for row in rows]
    assert changes.count(Change.ADDED) >= 12  # 65 − 53 at least
    assert Change.SAME in changes and Change.CHANGED in changes
    # 第一条 is still the purpose clause, changed in its wording.
    first = rows[0]
    assert first.old is not None and first.new is not None
    assert first.old.label == first.new.label == "第一条"


def test_article_input() -> None:
    for typed in ("21", "二十一", "第二十一条", "第21条", "２１", " 第 二十一 条 "):
        assert parse_article_input(typed) == (21, 0), typed
    assert parse_article_input("第二十一条之一") == (21, 1)
    for typed in ("", "abc", "第条", "0", "-3", "第二十一款", "x" * 100):
        assert parse_article_input(typed) is None, typed


def _law() -> Document:
    texts = [
        ("article", "第一条 为了规范数据处理活动，制定本法。"),
        ("article", "第二条 在中华人民共和国境内开展数据处理活动，适用本法。"),
        ("paragraph", "在境外开展数据处理活动，损害国家安全的，依法追究法律责任。"),
    ]
    ids = make_block_ids(texts)
    numbers = [(1, 1), (2, 1), (2, 2)]
    blocks = tuple(
        Block(i, BlockKind(kind), text, article_no=no, article=article_label(no), clause=clause)
        for i, (kind, text), (no, clause) in zip(ids, texts, numbers, strict=True)
    )
    return Document("d", "中华人民共和国数据安全法", blocks, version_date="2021-06-10")


def test_law_citation() -> None:
    doc = _law()
    one, two, two_b = doc.blocks
    assert law_citation(doc, one) == "《中华人民共和国数据安全法》第一条"  # one 款: none named
    assert law_citation(doc, two) == "《中华人民共和国数据安全法》第二条第一款"
    assert law_citation(doc, two_b) == "《中华人民共和国数据安全法》第二条第二款"
    assert law_citation(doc, two, two_b) == "《中华人民共和国数据安全法》第二条"
    assert law_citation(doc, one, two_b) == "《中华人民共和国数据安全法》第一条至第二条"
    from dataclasses import replace

    old = replace(doc, current=False)
    assert law_citation(old, one) == "《中华人民共和国数据安全法》（2021年6月10日版本）第一条"
