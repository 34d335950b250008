"""Builders of the fixture files the import tests read (each test makes its own)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

REPO = Path(__file__).resolve().parents[2]
CJK_FONT = REPO / "resources" / "fonts" / "PolicyLibSerifSC-Regular.otf"
SEED_FILE = REPO / "resources" / "corpus" / "000_1d295d036ad38628.txt"

NOTICE_TITLE = "关于推进政务数据共享的通知"
NOTICE_BODY = [
    "各省、自治区、直辖市人民政府，国务院各部委：",
    "一、总体要求",
    "坚持以人民为中心，推进政务数据有序共享，提升政务服务效能。",
    "（一）统一标准",
    "一是统一数据目录。各地区要在2025年底前完成目录编制。",
    "二、保障措施",
    "加强组织领导，落实工作责任。",
    "国务院办公厅",
    "2024年3月5日",
]


def write_docx(
    path: Path,
    *,
    title: str = NOTICE_TITLE,
    body: list[str] | None = None,
    core_title: str | None = None,
    styled_headings: bool = True,
    author: str = "",
) -> Path:
    """A Word file: the title in the Title style, 一、 as Heading 1, （一） as Heading 2."""
    document = docx.Document()
    if core_title is not None:
        document.core_properties.title = core_title
    document.core_properties.author = author
    document.add_paragraph(title, style="Title")
    for text in NOTICE_BODY if body is None else body:
        if styled_headings and text[:2] in ("一、", "二、"):
            document.add_paragraph(text, style="Heading 1")
        elif styled_headings and text.startswith("（"):
            document.add_paragraph(text, style="Heading 2")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_docx_with_chinese_style_names(path: Path) -> Path:
    """Headings in styles named 标题 1 / 标题 2 (as a Chinese Word template names them)."""
    document = docx.Document()
    for level in (1, 2):
        style = document.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
    document.add_paragraph("工作要点")
    document.add_paragraph("坚持稳中求进", style="标题 1")
    document.add_paragraph("做好经济工作要坚持稳中求进工作总基调。")
    document.add_paragraph("扩大内需", style="标题 2")
    document.add_paragraph("着力扩大国内需求。")
    document.save(str(path))
    return path


def docx_bytes(tmp: Path) -> bytes:
    return write_docx(tmp / "valid.docx").read_bytes()


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def nested_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as inner:
        inner.writestr("word/document.xml", b"<x/>" * 10)
    return buffer.getvalue()


def write_pdf(path: Path, pages: list[list[str]], *, title: str = "", password: str = "") -> Path:
    """A PDF with real CJK text written by Qt's QPdfWriter; an empty page list has no text.

    Needs a Qt application object (the ``qapp`` fixture).
    """
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPdfWriter

    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
    assert font_id >= 0, "the bundled CJK font did not load"
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    if title:
        writer.setTitle(title)
    painter = QPainter(writer)
    painter.setFont(QFont(family, 12))
    for number, lines in enumerate(pages):
        if number:
            writer.newPage()
        for row, line in enumerate(lines):
            painter.drawText(50, 60 + row * 22, line)
    painter.end()
    if password:
        import pypdf

        reader = pypdf.PdfReader(str(path))
        out = pypdf.PdfWriter(clone_from=reader)
        out.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
        with path.open("wb") as fh:
            out.write(fh)
    return path
