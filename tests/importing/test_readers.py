"""Each format becomes the same document model: title, outline levels, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.importing import DocumentImportError, ImportDraft, read_file
from tests.importing.files import (
    NOTICE_BODY,
    NOTICE_TITLE,
    SEED_FILE,
    write_docx,
    write_docx_with_chinese_style_names,
    write_pdf,
)


def outline(draft: ImportDraft) -> list[tuple[int, str]]:
    return [(lvl, text) for lvl, text in zip(draft.levels, draft.paragraphs, strict=True) if lvl]


def test_docx_title_style_headings_and_closing(inbox: Path) -> None:
    draft = read_file(write_docx(inbox / "notice.docx", author="王五"))
    assert draft.title == NOTICE_TITLE
    assert list(draft.paragraphs) == NOTICE_BODY
    assert outline(draft) == [
        (1, "一、总体要求"),
        (2, "（一）统一标准"),
        (3, "一是统一数据目录。各地区要在2025年底前完成目录编制。"),
        (1, "二、保障措施"),
    ]
    assert draft.metadata() | {"url": ""} == {
        "title": NOTICE_TITLE,
        "source": "国务院办公厅",
        "date": "2024-03-05",
        "author": "王五",
        "editor": "",
        "url": "",
    }


def test_docx_numbering_without_heading_styles(inbox: Path) -> None:
    draft = read_file(write_docx(inbox / "plain.docx", styled_headings=False))
    assert [lvl for lvl, _ in outline(draft)] == [1, 2, 3, 1]


def test_docx_title_property_wins_and_first_paragraph_stays(inbox: Path) -> None:
    path = write_docx(inbox / "t.docx", core_title="文件属性中的标题")
    draft = read_file(path)
    assert draft.title == "文件属性中的标题"
    assert draft.paragraphs[0] == NOTICE_TITLE  # not lost: it is not the title


def test_docx_chinese_style_names(inbox: Path) -> None:
    draft = read_file(write_docx_with_chinese_style_names(inbox / "cn.docx"))
    assert draft.title == "工作要点"
    assert outline(draft) == [(1, "坚持稳中求进"), (2, "扩大内需")]


def test_pdf_text_outline_and_pages_without_text(qapp: object, inbox: Path) -> None:
    pages = [[NOTICE_TITLE, *NOTICE_BODY[:5]], [], ["- 3 -", *NOTICE_BODY[5:]]]
    draft = read_file(write_pdf(inbox / "notice.pdf", pages, title=NOTICE_TITLE))
    assert draft.title == NOTICE_TITLE
    assert list(draft.paragraphs) == NOTICE_BODY
    assert [lvl for lvl, _ in outline(draft)] == [1, 2, 3, 1]
    assert draft.extra["pages_without_text"] == "2"
    assert any("page 2" in warning for warning in draft.warnings)
    assert draft.published == "2024-03-05"


def test_pdf_wrapped_lines_become_one_paragraph(qapp: object, inbox: Path) -> None:
    long = "推进政务数据共享是提升治理能力的重要举措" * 2
    lines = [NOTICE_TITLE, long, long, "各地区要抓好落实。", "一、总体要求"]
    draft = read_file(write_pdf(inbox / "wrap.pdf", [lines]))
    assert draft.paragraphs[0] == long + long + "各地区要抓好落实。"
    assert draft.paragraphs[1] == "一、总体要求"


def test_seed_capture_keeps_its_metadata(inbox: Path) -> None:
    draft = read_file(SEED_FILE)
    assert draft.file_format == "capture"
    assert draft.title == "開啟新時代數字政府建設新篇章"
    assert draft.source == "人民網"
    assert draft.published.startswith("2022-08-26")
    assert draft.editor


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_txt_encodings(inbox: Path, encoding: str) -> None:
    text = "關於加強數據安全管理的通知\n一、總體要求\n堅持統籌發展和安全，健全數據安全制度。\n"
    if encoding == "gb18030":
        text = "关于加强数据安全管理的通知\n一、总体要求\n坚持统筹发展和安全，健全数据安全制度。\n"
    path = inbox / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    draft = read_file(path)
    assert draft.title == text.splitlines()[0]
    assert draft.paragraphs == tuple(text.splitlines()[1:])
    assert draft.levels == (1, 0)


def test_markdown_with_and_without_front_matter(inbox: Path) -> None:
    with_meta = inbox / "a.md"
    with_meta.write_text(
        "---\ntitle: 工作方案\ndate: 2024/5/6\nsource: 办公厅\n---\n\n## 一、目标\n\n正文。\n",
        "utf-8",
    )
    draft = read_file(with_meta)
    assert (draft.title, draft.published, draft.source) == ("工作方案", "2024-05-06", "办公厅")
    assert outline(draft) == [(1, "一、目标")]

    bare = inbox / "b.md"
    bare.write_text("工作方案\n\n一、目标\n\n**正文**内容。\n", "utf-8")
    draft = read_file(bare)
    assert draft.title == "工作方案"
    assert draft.paragraphs == ("一、目标", "正文内容。")


def test_html_is_text_only_and_sanitised(inbox: Path) -> None:
    page = inbox / "page.html"
    page.write_text(
        """<!doctype html><html><head><title>站点 - 通知</title>
        <meta name="ArticleTitle" content="关于开展检查的通知">
        <meta name="PubDate" content="2024-01-02 09:30">
        <meta name="ContentSource" content="国务院办公厅">
        <script>alert("x"); document.write("注入文字")</script>
        <style>p { color: red } .隐藏 {}</style></head>
        <body><nav>首页 | 政策</nav>
        <h1>关于开展检查的通知</h1>
        <p onclick="steal()">各有关单位：</p>
        <iframe src="http://example.invalid/"><p>框架文字</p></iframe>
        <h2>一、检查内容</h2><p>重点检查
        落实情况<img src="http://example.invalid/t.png" onerror="x()">。</p>
        <h3>（一）范围</h3><p>全部单位。<object data="x.swf">对象文字</object></p>
        <form><input value="表单文字"><button>提交</button></form>
        <!-- 注释文字 -->
        </body></html>""",
        "utf-8",
    )
    draft = read_file(page)
    assert draft.title == "关于开展检查的通知"
    assert draft.paragraphs == (
        "各有关单位：",
        "一、检查内容",
        "重点检查落实情况。",
        "（一）范围",
        "全部单位。",
    )
    assert draft.levels == (0, 1, 0, 2, 0)
    assert (draft.published, draft.source) == ("2024-01-02T09:30", "国务院办公厅")
    text = " ".join(draft.paragraphs)
    for leaked in ("注入", "alert", "color", "框架", "对象", "表单", "提交", "注释", "首页"):
        assert leaked not in text
    assert draft.warnings


def test_unsupported_type_is_named(inbox: Path) -> None:
    path = inbox / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DocumentImportError, match=r"unsupported file type \.xlsx"):
        read_file(path)
