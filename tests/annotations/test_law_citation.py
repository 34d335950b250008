"""Quotes from a law are cited by article, 款 and 项, as lawyers cite them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore, ExportFormat, export_annotations, new_highlight
from desktop.annotations.law_citation import article_location
from index.parsing import parse_markdown

from .conftest import block_with

LAW = """# 中华人民共和国示范安全法

2021年6月10日 通过

## 第一章 总则

第一条 为了规范数据处理活动，制定本法。

第二条 在中华人民共和国境内开展数据处理活动，适用本法。

在中华人民共和国境外开展数据处理活动，依法追究法律责任。

## 第二章 制度

第二十一条 国家建立数据分类分级保护制度。

关系国家安全的数据属于国家核心数据，实行更加严格的管理制度。

各地区应当确定重要数据具体目录，并履行下列义务：

（一）建立健全全流程数据安全管理制度；

（二）组织开展数据安全教育培训。
"""


@pytest.fixture
def law():
    return parse_markdown(LAW, "law")


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("为了规范数据处理活动", "第一条"),  # one 款: the article alone
        ("在中华人民共和国境内", "第二条第一款"),
        ("在中华人民共和国境外", "第二条第二款"),
        ("国家建立数据分类分级保护制度", "第二十一条第一款"),
        ("关系国家安全的数据", "第二十一条第二款"),
        ("组织开展数据安全教育培训", "第二十一条第三款第（二）项"),
        ("2021年6月10日", ""),  # not in an article
    ],
)
def test_article_location(law, needle: str, expected: str):
    block_id, _, _ = block_with(law, needle)
    assert article_location(law, block_id) == expected


def test_study_notes_cite_the_article(tmp_path: Path, store: AnnotationStore, law):
    block_id, start, end = block_with(law, "关系国家安全的数据")
    store.writer.add(new_highlight(law, block_id, start, end, color="yellow")).result()
    out = tmp_path / "notes.md"
    with store.reader() as reader:
        export_annotations(reader, out, ExportFormat.MARKDOWN, {law.id: law})
    text = out.read_text("utf-8")
    assert "——《中华人民共和国示范安全法》第二十一条第二款" in text
