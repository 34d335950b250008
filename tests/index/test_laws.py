"""Legal texts parsed by their own structure, on the real files shipped with the library."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.catalog import Catalog, outline_of
from index.corpus import corpus_files, load_corpus, load_document
from index.crossrefs import link_references
from index.document import HEADING_KINDS, BlockKind, Document
from index.laws import category_for, looks_like_law, parse_events, parse_law
from index.numerals import NUMERAL_CHARS
from index.parsing import parse_capture
from index.store import build_index

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"
LAWS = CORPUS / "laws"


def law(relative: str) -> Document:
    return load_document(LAWS / relative, CORPUS)


def kinds(doc: Document) -> Counter[BlockKind]:
    return Counter(block.kind for block in doc.blocks)


def test_data_security_law_has_7_chapters_and_55_articles() -> None:
    doc = law("行政法/数据安全法(2021-06-10).md")
    assert doc.title == "中华人民共和国数据安全法"
    assert doc.id == "laws/行政法/数据安全法(2021-06-10)"
    assert kinds(doc)[BlockKind.CHAPTER] == 7
    assert [b.article_no for b in doc.articles()] == list(range(1, 56))
    assert doc.category == ("法律", "行政法")
    assert doc.version_date == "2021-06-10"
    assert doc.effective_date == "2021-09-01"  # 本法自2021年9月1日起施行
    (event,) = doc.events
    assert (event.date, event.action) == ("2021-06-10", "通过")
    assert "第二十九次会议" in event.body
    # The irregular spaces of `第一章 总  则` are gone from the heading.
    assert doc.headings()[0].text == "第一章 总则"
    # 第二条 has two 款: the second is a paragraph of article 2, clause 2.
    second = [b for b in doc.blocks if b.article_no == 2]
    assert [(b.kind, b.clause, b.article) for b in second] == [
        (BlockKind.ARTICLE, 1, "第二条"),
        (BlockKind.PARAGRAPH, 2, "第二条"),
    ]
    assert all(b.section == ("第一章 总则",) for b in second)


def test_personal_information_law_chapters_sections_articles_and_items() -> None:
    doc = law("行政法/个人信息保护法(2021-08-20).md")
    assert kinds(doc)[BlockKind.CHAPTER] == 8
    sections = [b for b in doc.blocks if b.kind is BlockKind.SECTION]
    assert len(sections) == 3
    assert {b.section[0] for b in sections} == {"第二章 个人信息处理规则"}
    assert len(doc.articles()) == 74
    # No （一） item is a heading: they are items of their article.
    assert not any(re.match(r"^[（(][一二三四五六七八九十]+[）)]", b.text) for b in doc.headings())
    article_13 = [b for b in doc.blocks if b.article_no == 13]
    assert [b.kind for b in article_13].count(BlockKind.ITEM) == 7
    last = article_13[-1]
    assert (last.kind, last.clause) == (BlockKind.PARAGRAPH, 2)
    assert last.text.startswith("依照本法其他有关规定")
    assert all(b.clause == 1 for b in article_13 if b.kind is BlockKind.ITEM)


def test_criminal_law_has_parts_chapters_sections_and_added_articles() -> None:
    doc = law("刑法/刑法.md")
    counts = kinds(doc)
    assert counts[BlockKind.PART] == 2
    assert counts[BlockKind.CHAPTER] >= 15
    assert counts[BlockKind.SECTION] >= 20
    section = next(b for b in doc.blocks if b.kind is BlockKind.SECTION)
    assert section.section == ("第一编 总则", "第二章 犯罪", "第一节 犯罪和刑事责任")
    assert section.level == 3
    added = doc.article(17, 1)
    assert added is not None and added.article == "第十七条之一"
    assert added.section[:2] == ("第一编 总则", "第二章 犯罪")
    # A file without a date in its name takes the latest dated event as its version.
    assert doc.version_date == max(e.date for e in doc.events if e.action != "施行")


def test_civil_code_books_are_documents_of_one_code() -> None:
    book = law("民法典/人格权编.md")
    general = law("民法典/总则.md")
    assert (book.title, book.subtitle) == ("中华人民共和国民法典", "人格权编")
    assert book.display_title == "中华人民共和国民法典·人格权编"
    assert book.category == ("法律", "民法典")
    # Two books are not versions of each other.
    assert book.version_group != general.version_group
    article = book.article(990)
    assert article is not None
    clause_2 = [b for b in book.blocks if b.article_no == 990 and b.clause == 2]
    assert clause_2 and clause_2[0].text.startswith("除前款规定的人格权外")


def test_events_carry_body_and_order_number() -> None:
    doc = law("行政法规/政府信息公开条例(2019-04-03).md")
    actions = [(e.date, e.action, e.order_no) for e in doc.events]
    assert actions == [
        ("2007-04-05", "公布", "中华人民共和国国务院令第492号"),
        ("2019-04-03", "修订", "中华人民共和国国务院令第711号"),
        ("2019-05-15", "施行", ""),
    ]
    assert doc.effective_date == "2019-05-15"
    assert doc.category == ("行政法规",)


def test_history_lines_broken_over_lines_are_joined() -> None:
    events, other = parse_events(
        [
            "1982年11月19日 第五届全国人民代表大会常务委员会第二十五次会议通过",
            "1991年6月29日 第七届全国人民代表大会常务委员会第二十次会议"
            "《关于修改<中华人民共和国文物保护法>第三十条",
            "第三十一条的决定》第一次修正",
            "1987年4月1日 国务院发布",
            "发布之日施行",
        ]
    )
    assert [e.action for e in events] == ["通过", "修正", "发布", "施行"]
    assert "第三十一条的决定》" in events[1].text
    assert events[3].date == "1987-04-01"
    assert other == []


COMMENTED = """# 示例管理条例

2020年1月2日 国务院令第1号公布

<!-- INFO END -->

## 第一章  总  则

第一条 为了示例，制定本条例。<!-- 编者注 -->

<!-- FORCE BREAK -->

<!-- 多行
注释 -->

第二条 有下列情形之一的，依照本条例第一条处理：

（一）甲；

（二）乙：

1.子目一；

2.子目二。

前款规定的情形，依照前款处理。

第二条之一 新增的条文。
"""


def test_comments_never_reach_a_block_and_items_stay_in_their_article() -> None:
    assert looks_like_law(COMMENTED)
    doc = parse_law(COMMENTED, "x", "行政法规/x.md", category=("行政法规",))
    text = "\n".join(b.text for b in doc.blocks)
    assert "<!--" not in text and "INFO END" not in text and "注释" not in text
    assert "编者注" not in text and "FORCE BREAK" not in text
    assert [(b.kind.value, b.article, b.clause) for b in doc.blocks[1:]] == [
        ("chapter", "", 0),
        ("article", "第一条", 1),
        ("article", "第二条", 1),
        ("item", "第二条", 1),
        ("item", "第二条", 1),
        ("subitem", "第二条", 1),
        ("subitem", "第二条", 1),
        ("paragraph", "第二条", 2),
        ("article", "第二条之一", 1),
    ]
    assert doc.events[0].order_no == "国务院令第1号"
    linked = link_references([doc])[0]
    refs = {ref.text: ref for block in linked.blocks for ref in block.refs}
    first = linked.article(1)
    assert first is not None
    assert refs["本条例第一条"].block_id == first.id
    # 前款 in the second 款 of article 2 is its first 款: the article block.
    assert refs["前款"].block_id == linked.article(2).id  # type: ignore[union-attr]
    assert [(e.kind, e.title, e.level) for e in outline_of(linked)] == [
        ("chapter", "第一章 总则", 1),
        ("article", "第一条", 2),
        ("article", "第二条", 2),
        ("article", "第二条之一", 2),
    ]


def test_gov_cn_captures_are_not_taken_for_laws(seed_document: Document) -> None:
    text = (CORPUS / "000_1d295d036ad38628.txt").read_text("utf-8")
    assert not looks_like_law(text)
    assert seed_document.category == () and seed_document.current
    assert parse_capture(text, "x").blocks == seed_document.blocks


def test_categories_from_folders() -> None:
    assert category_for(("laws", "行政法")) == ("法律", "行政法")
    assert category_for(("宪法",)) == ("宪法",)
    assert category_for(("laws", "部门规章", "公安部")) == ("部门规章", "公安部")
    assert category_for(("行政法规",)) == ("行政法规",)
    assert category_for(("我的文件", "2024")) == ("我的文件", "2024")
    assert category_for(()) == ()


def test_cross_references_resolve_inside_the_document_and_to_other_laws() -> None:
    names = [
        "行政法/数据安全法(2021-06-10).md",
        "行政法/网络安全法(2016-11-07).md",
        "行政法/保守国家秘密法(2024-02-27).md",
    ]
    docs = link_references([law(name) for name in names])
    data = docs[0]
    article_45 = data.article(45)
    assert article_45 is not None
    targets = {ref.text: ref.block_id for ref in article_45.refs}
    assert targets["本法第二十七条"] == data.article(27).id  # type: ignore[union-attr]
    assert targets["第二十九条"] == data.article(29).id  # type: ignore[union-attr]
    article_31 = data.article(31)
    assert article_31 is not None
    (other,) = [ref for ref in article_31.refs if ref.doc_title]
    assert other.doc_title == "中华人民共和国网络安全法"
    assert other.doc_id == docs[1].id
    assert other.block_id == docs[1].blocks[0].id
    assert article_31.text[other.start : other.end] == "《中华人民共和国网络安全法》"


# -- the whole library ----------------------------------------------------------------

_ARTICLE_LINE = re.compile(rf"^第[{NUMERAL_CHARS}]+条(?:之[{NUMERAL_CHARS}]+)?(?=\s|$)")
_ITEM_LINE = re.compile(rf"^[（(][{NUMERAL_CHARS}]+[）)]")


@pytest.fixture(scope="module")
def library() -> list[Document]:
    return list(load_corpus(LAWS).documents)


@pytest.mark.slow
def test_every_file_parses_with_its_articles_and_no_comment(library: list[Document]) -> None:
    files = corpus_files(LAWS)
    assert len(files) == 1071
    loaded = {doc.path: doc for doc in library}
    for doc in library:
        for copy in doc.copies:
            loaded[copy] = doc
    assert len(loaded) == 1071  # three identical copies are one document with two paths
    for path in files:
        rel = path.relative_to(LAWS).as_posix()
        doc = loaded[rel]
        body = path.read_text("utf-8").split("<!-- INFO END -->", 1)[-1]
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        lines = [line.strip() for line in body.splitlines()]
        article_lines = [line for line in lines if _ARTICLE_LINE.match(line)]
        articles = [b.text for b in doc.articles()]
        assert articles == article_lines, rel
        for block in doc.blocks:
            assert "<!--" not in block.text and "-->" not in block.text, rel
            if block.kind in HEADING_KINDS:
                assert not _ITEM_LINE.match(block.text), (rel, block.text)
        assert doc.title and doc.category, rel


@pytest.mark.slow
def test_versions_copies_and_namesakes(library: list[Document]) -> None:
    by_path = {doc.path: doc for doc in library}
    old = by_path["行政法/保守国家秘密法(2010-04-29).md"]
    new = by_path["行政法/保守国家秘密法(2024-02-27).md"]
    assert old.version_group == new.version_group
    assert (old.current, new.current) == (False, True)
    # 广告法 in two folders differs: both kept, with their own ids.
    ads = [doc for doc in library if doc.path.endswith("广告法(2021-04-29).md")]
    assert len(ads) == 2 and len({doc.id for doc in ads}) == 2
    # 居民身份证法 is byte-identical in two folders: one document, both paths.
    (card,) = [doc for doc in library if "居民身份证法(2011-10-29)" in doc.path]
    assert len(card.copies) == 1 and card.copies[0] != card.path


@pytest.mark.slow
def test_catalog_reads_documents_back_without_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    for name in ("行政法/数据安全法(2021-06-10).md", "刑法/刑法.md"):
        target = corpus / "laws" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((LAWS / name).read_bytes())
    built = build_index(corpus, tmp_path / "ix")
    original = load_corpus(corpus).documents
    for path in corpus.rglob("*.md"):
        path.unlink()  # the catalog needs no corpus file
    catalog = Catalog(built.out_dir)
    assert [e.id for e in catalog.documents] == [d.id for d in original]
    for doc in original:
        assert catalog.read_document(doc.id) == doc
        assert catalog.outline(doc.id) == outline_of(doc)
    entry = catalog.entry("laws/行政法/数据安全法(2021-06-10)")
    assert entry is not None
    assert entry.keys == (
        "中华人民共和国数据安全法",
        "zhonghuarenmingongheguoshujuanquanfa",
        "zhrmghgsjaqf",
    )


@given(
    st.lists(
        st.sampled_from(
            [
                "# 标题",
                "# 副标题",
                "<!-- INFO END -->",
                "<!--",
                "-->",
                "2020年1月2日 通过",
                "发布之日施行",
                "## 第一章  总  则",
                "### 第一节 一般规定",
                "第一条 内容。",
                "第二条之一",
                "（一）项；",
                "1.目；",
                "一、标题",
                "正文段落。",
                "《中华人民共和国数据安全法》第二十一条",
                "前款",
                "",
            ]
        ),
        max_size=25,
    )
)
def test_any_arrangement_of_law_lines_parses_or_says_why(lines: list[str]) -> None:
    from index.parsing import ParseError

    try:
        doc = parse_law("\n".join(lines), "x", "x.md")
    except ParseError as exc:
        assert str(exc)
        return
    assert doc.blocks[0].kind is BlockKind.TITLE
    assert len({b.id for b in doc.blocks}) == len(doc.blocks)
    assert all("<!--" not in b.text for b in doc.blocks)  # a stray --> is text
    link_references([doc])
