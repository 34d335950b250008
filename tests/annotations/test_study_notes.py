"""学习笔记 exports: Markdown and Word, grouped by document and section, with citations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest

from desktop.annotations import (
    AnnotationFilter,
    AnnotationStore,
    ExportFormat,
    export_annotations,
    new_bookmark,
    new_highlight,
)

from .conftest import PARAGRAPHS, block_with, make_document

CITATION = (
    "（《关于加强数字政府建设的示范文件》，示范办公厅，2024-03-15，"
    "二、重点任务 › （一）推进数据共享）"
)


@pytest.fixture
def filled(store: AnnotationStore, document) -> AnnotationStore:
    def add(needle: str, **kwargs) -> None:
        block_id, start, end = block_with(document, needle)
        store.writer.add(new_highlight(document, block_id, start, end, **kwargs)).result()

    add("打破信息孤岛", color="blue", note="第一行\n第二行", tags=["数据", "重点"])
    add("一网通办", color="yellow", tags=["目标"])
    add("告知承诺制", color="pink")
    store.writer.add(new_bookmark(document, document.headings()[1].id, "任务部分")).result()
    store.writer.set_color_label("blue", "疑问").result()
    return store


def test_markdown_notes(tmp_path: Path, filled, documents):
    out = tmp_path / "notes.md"
    with filled.reader() as reader:
        assert export_annotations(reader, out, ExportFormat.MARKDOWN, documents) == 4
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 学习笔记")
    assert "## 《关于加强数字政府建设的示范文件》" in text
    assert "### 一、总体要求" in text
    assert "### 二、重点任务 › （一）推进数据共享" in text
    assert "> 打破信息孤岛" in text
    assert CITATION in text
    assert "**颜色**：疑问" in text  # the user's label, not the key
    assert "**批注**：第一行  \n第二行" in text
    assert "**标签**：数据、重点" in text
    assert "**书签**：任务部分" in text
    # Reading order: the 一网通办 quote (section 一) comes before 打破信息孤岛 (section 二).
    assert text.index("> 一网通办") < text.index("> 打破信息孤岛") < text.index("> 告知承诺制")


def test_docx_notes(tmp_path: Path, filled, documents):
    out = tmp_path / "notes.docx"
    with filled.reader() as reader:
        assert export_annotations(reader, out, ExportFormat.DOCX, documents) == 4
    paragraphs = [
        (p.style.name if p.style else "", p.text) for p in docx.Document(str(out)).paragraphs
    ]
    texts = [t for _, t in paragraphs]
    assert paragraphs[0] == ("Title", "学习笔记")
    assert ("Heading 1", "《关于加强数字政府建设的示范文件》") in paragraphs
    assert ("Heading 2", "二、重点任务 › （一）推进数据共享") in paragraphs
    assert ("Quote", "打破信息孤岛") in paragraphs
    quote_at = texts.index("打破信息孤岛")
    assert texts[quote_at + 1] == "—— " + CITATION
    assert texts[quote_at + 2] == "颜色：疑问"
    assert texts[quote_at + 3] == "批注：第一行\n第二行"
    assert texts[quote_at + 4] == "标签：数据、重点"


def test_filters_apply_to_exports(tmp_path: Path, filled, documents):
    out = tmp_path / "notes.md"
    with filled.reader() as reader:
        n = export_annotations(
            reader,
            out,
            ExportFormat.MARKDOWN,
            documents,
            AnnotationFilter(tags=frozenset({"目标"})),
        )
        assert n == 1
        assert "一网通办" in out.read_text(encoding="utf-8")
        assert "打破信息孤岛" not in out.read_text(encoding="utf-8")
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        assert (
            export_annotations(
                reader, out, ExportFormat.DOCX, documents, AnnotationFilter(since=tomorrow)
            )
            == 0
        )
        pink = AnnotationFilter(colors=frozenset({"pink"}))
        assert export_annotations(reader, out, ExportFormat.MARKDOWN, documents, pink) == 1


def test_detached_annotations_are_exported_with_their_quote(tmp_path: Path, filled):
    revised = make_document([p for p in PARAGRAPHS if "打破信息孤岛" not in p])
    out = tmp_path / "notes.md"
    with filled.reader() as reader:
        export_annotations(reader, out, ExportFormat.MARKDOWN, {revised.id: revised})
    text = out.read_text(encoding="utf-8")
    detached_part = text[text.index("### 未能定位的批注") :]
    assert "> 打破信息孤岛" in detached_part
    assert "**批注**：第一行" in detached_part
