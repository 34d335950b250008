"""The seed capture and hand-authored Markdown become the documented outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.document import BlockKind, Document
from index.parsing import ParseError, heading_level, parse_capture, parse_markdown

from .conftest import MARKDOWN_DOC, SECOND_CAPTURE, SEED_FILE


def test_seed_metadata(seed_document: Document) -> None:
    doc = seed_document
    assert doc.id == "1d295d036ad38628"
    assert doc.title == "開啟新時代數字政府建設新篇章"
    assert doc.published == "2022-08-26T13:48"
    assert doc.source == "人民網"
    assert doc.author == "廣東省政府副省長 孫志洋"
    assert doc.editor == "于珊"
    assert doc.blocks[0].kind is BlockKind.TITLE
    assert doc.blocks[0].text == doc.title


def test_seed_outline_counts(seed_document: Document) -> None:
    headings = seed_document.headings()
    level1 = [b for b in headings if b.level == 1]
    level2 = [b for b in headings if b.level == 2]
    level3 = [b for b in headings if b.level == 3]
    assert [b.outline_title[:2] for b in level1] == ["一、", "二、", "三、"]
    assert len(level2) == 6
    assert all(b.section[0] == level1[1].outline_title for b in level2)
    assert len(level3) == 15

    def items_under(title_start: str) -> int:
        return sum(
            1 for b in level3 if any(part.startswith(title_start) for part in b.section[:-1])
        )

    assert items_under("(一)") == 3
    assert items_under("(二)") == 5
    assert items_under("三、") == 7
    assert level3[0].outline_title == "一是將堅持黨的全面領導作為數字政府建設的基本原則"
    assert level3[3].outline_title == "一是提升經濟調節能力"


def test_seed_byline_and_no_chrome(seed_document: Document) -> None:
    blocks = seed_document.blocks
    assert blocks[-1].kind is BlockKind.BYLINE
    assert blocks[-1].text == "(廣東省政府副省長 孫志洋)"
    body = "\n".join(b.text for b in blocks)
    for chrome in (
        "EN",
        "https://www.gov.cn/",
        "字號",
        "打印",
        "我要糾錯",
        "責任編輯",
        "掃一掃",
        "來源",
    ):
        assert chrome not in body, chrome


def test_inline_enumeration_is_not_an_outline_item(seed_document: Document) -> None:
    """(三) holds 一是…四是 inside one paragraph: body text, not level-3 items."""
    block = next(b for b in seed_document.blocks if b.text.startswith("網絡信息安全"))
    assert block.kind is BlockKind.PARAGRAPH
    assert block.section[-1].startswith("(三)")


def test_block_ids_survive_unrelated_edits(tmp_path: Path) -> None:
    original = SEED_FILE.read_text("utf-8")
    revised = original.replace(
        "一、深刻認識加強數字政府建設的重大意義\n",
        "一、深刻認識加強數字政府建設的重大意義\n\n新增的一段說明文字。\n",
    ).replace("夯實網絡安全基礎", "夯實網絡與數據安全基礎")
    before = parse_capture(original, "d")
    after = parse_capture(revised, "d")
    after_ids = {b.id for b in after.blocks}
    changed = [b for b in before.blocks if b.id not in after_ids]
    assert len(after.blocks) == len(before.blocks) + 1
    assert len(changed) == 1 and "夯實網絡安全基礎" in changed[0].text
    assert len({b.id for b in before.blocks}) == len(before.blocks)


def test_repeated_paragraphs_get_distinct_ids() -> None:
    text = "標題\n\n2020-01-01 來源: 測試\n\n同一段。\n\n同一段。\n"
    doc = parse_capture(text, "d")
    ids = [b.id for b in doc.blocks]
    assert len(set(ids)) == len(ids) == 3


def test_second_capture() -> None:
    doc = parse_capture(SECOND_CAPTURE, "gba")
    assert doc.title == "粵港澳大灣區發展規劃綱要解讀"
    assert doc.source == "新華社" and doc.editor == "李四" and doc.author == ""
    assert [(b.level, b.outline_title) for b in doc.headings()] == [
        (1, "一、總體要求"),
        (2, "(一)指導思想"),
        (3, "一是堅持創新驅動"),
        (3, "二是堅持協調發展"),
    ]


def test_markdown_front_matter_document() -> None:
    doc = parse_markdown(MARKDOWN_DOC, "fallback-id")
    assert doc.id == "md-notice"
    assert doc.title == "关于推进政务服务标准化的通知"
    assert doc.published == "2023-05-04"
    assert doc.source == "国务院办公厅"
    assert doc.author == "国务院办公厅 张三"
    assert [(b.level, b.outline_title) for b in doc.headings()] == [
        (1, "一、总体要求"),
        (2, "（一）统一标准"),
        (3, "一是统一事项清单"),
        (3, "二是规范办事指南"),
        (1, "二、保障措施"),
    ]
    assert doc.blocks[-1].kind is BlockKind.BYLINE


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、總體要求", 1),
        ("十二、附則", 1),
        ("(一)指導思想", 2),
        ("（十）其他", 2),
        ("三是提升能力。正文", 3),
        ("(廣東省政府副省長 孫志洋)", 0),
        ("一是" + "長" * 200, 3),
        ("一、" + "長" * 200, 0),
        ("是非分明", 0),
    ],
)
def test_heading_levels(text: str, level: int) -> None:
    assert heading_level(text) == level


def test_documents_without_title_or_body_are_rejected() -> None:
    with pytest.raises(ParseError):
        parse_capture("EN\nhttps://www.gov.cn/\n", "x")
    with pytest.raises(ParseError):
        parse_capture("只有標題\n", "x")
    with pytest.raises(ParseError):
        parse_markdown("---\ntitle: t\n---\n", "x")
    with pytest.raises(ParseError):
        parse_markdown("---\ntitle: t\n", "x")


def test_multi_document_corpus(multi_corpus: Path) -> None:
    corpus = load_corpus(multi_corpus)
    assert corpus.skipped == ()
    assert [d.id for d in corpus.documents] == ["1d295d036ad38628", "gba2019", "md-notice"]
    assert corpus.document("gba2019") is not None
    assert corpus.document("gba2019").path == "001_gba2019.txt"  # type: ignore[union-attr]
