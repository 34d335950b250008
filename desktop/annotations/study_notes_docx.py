"""学习笔记 as a Word document in the form of a Chinese official document (GB/T 9704).

A4, 公文 margins (top 37 mm, bottom 35, left 28, right 26); the title in 小标宋 二号,
the body in 仿宋 三号 at a fixed 28 pt line spacing with a two-character first-line
indent, level headings in 黑体 / 楷体, page numbers ``— 1 —`` in 宋体 四号 (odd pages
right, even pages left, one character in from the edge).

Fonts are named as Word and WPS on Windows, UOS and Kylin know them; each is set on
all four font slots (ascii, hAnsi, eastAsia, cs) and every theme-font attribute is
removed from the styles, because Word lets a theme font win over an explicit name.
The font table records a substitute for each (``w:altName``) for machines that lack
the first choice.  No Word default blue headings, borders or italics are left.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from desktop.annotations.queries import DocumentGroup
from desktop.annotations.study_notes import Script, StudyNotes

__all__ = ["FONTS", "write_docx", "write_study_notes_docx"]

# role → (the name asked for, the substitute recorded in the font table)
FONTS: dict[str, tuple[str, str]] = {
    "title": ("方正小标宋简体", "华文中宋"),
    "heading1": ("黑体", "SimHei"),
    "heading2": ("楷体", "楷体_GB2312"),
    "body": ("仿宋", "仿宋_GB2312"),
    "page_number": ("宋体", "SimSun"),
}
LATIN_FONT = "Times New Roman"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_PITCH = Pt(28)
_BLACK = RGBColor(0, 0, 0)
_SECT_PR = qn("w:sectPr")
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _rfonts(rpr: Any, east_asian: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style: Any, role: str, size: Any, bold: bool = False) -> None:
    _rfonts(style.element.get_or_add_rPr(), FONTS[role][0])
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = _BLACK


def _run_font(run: Any, role: str, size: Any = None) -> None:
    _rfonts(run._r.get_or_add_rPr(), FONTS[role][0])
    if size is not None:
        run.font.size = size


def _paragraph_layout(style: Any, first_line_chars: int = 2, align: Any = None) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.left_indent = Pt(0)
    fmt.first_line_indent = BODY_SIZE * first_line_chars if first_line_chars else Pt(0)
    if align is not None:
        fmt.alignment = align
    # Also in characters, so Word/WPS keep two characters if the size changes.
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))


def _strip_theme(styles_element: Any) -> None:
    """Remove theme fonts everywhere, and theme colours and borders from the paragraph
    and character styles (Word's blue headings, the Title's rule)."""
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attribute in _THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)
    for style in styles_element.iter(qn("w:style")):
        if style.get(qn("w:type")) not in ("paragraph", "character"):
            continue
        for color in style.iter(qn("w:color")):
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(attribute), None)
            color.set(qn("w:val"), "000000")
        for border in list(style.iter(qn("w:pBdr"))):
            border.getparent().remove(border)


def _set_defaults(doc: Any) -> None:
    styles_element = doc.styles.element
    _strip_theme(styles_element)
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), FONTS["body"][0])
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_font_table(doc: Any) -> None:
    """Declare every font used, GB2312 charset, with its substitute as ``w:altName``."""
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    ns = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def w(tag: str) -> str:
        return f"{{{ns}}}{tag}"

    for font in list(root):
        if font.get(w("name")) in {name for name, _ in FONTS.values()}:
            root.remove(font)
    for name, substitute in FONTS.values():
        font = etree.SubElement(root, w("font"))
        font.set(w("name"), name)
        alt = etree.SubElement(font, w("altName"))
        alt.set(w("val"), substitute)
        charset = etree.SubElement(font, w("charset"))
        charset.set(w("val"), "86")
        family = etree.SubElement(font, w("family"))
        family.set(w("val"), "modern" if name in ("黑体",) else "roman")
        pitch = etree.SubElement(font, w("pitch"))
        pitch.set(w("val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_styles(doc: Any) -> tuple[str, str, str]:
    styles = doc.styles
    _set_defaults(doc)
    normal = styles["Normal"]
    _style_font(normal, "body", BODY_SIZE)
    _paragraph_layout(normal, 2, WD_ALIGN_PARAGRAPH.JUSTIFY)
    normal.paragraph_format.widow_control = True

    title = styles["Title"]
    _style_font(title, "title", TITLE_SIZE)
    _paragraph_layout(title, 0, WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE_PITCH

    for name, role in (("Heading 1", "heading1"), ("Heading 2", "heading2")):
        heading = styles[name]
        _style_font(heading, role, BODY_SIZE)
        _paragraph_layout(heading, 2, WD_ALIGN_PARAGRAPH.LEFT)
        heading.paragraph_format.keep_with_next = True

    quote = styles["Quote"]
    _style_font(quote, "body", BODY_SIZE)
    _paragraph_layout(quote, 2, WD_ALIGN_PARAGRAPH.JUSTIFY)

    source = styles.add_style("Notes Source", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = normal
    _style_font(source, "heading2", BODY_SIZE)
    _paragraph_layout(source, 0, WD_ALIGN_PARAGRAPH.RIGHT)

    reference = styles.add_style("Notes Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = normal
    _style_font(reference, "body", BODY_SIZE)
    _paragraph_layout(reference, 0, WD_ALIGN_PARAGRAPH.LEFT)
    reference.paragraph_format.left_indent = BODY_SIZE * 2
    reference.paragraph_format.first_line_indent = -BODY_SIZE * 2
    return quote.style_id, source.style_id, reference.style_id


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    # The page number's line sits about 7 mm below the type area (GB/T 9704 7.5).
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # 单页码居右空一字，双页码居左空一字.
        if align is WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = PAGE_NUMBER_SIZE
        else:
            fmt.left_indent = PAGE_NUMBER_SIZE
        _page_number(paragraph)


def _page_number(paragraph: Any) -> None:
    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _run_font(r, "page_number", PAGE_NUMBER_SIZE)
        return r

    run("— ")
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        r._r.append(element)
    run("1")
    end = run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    end._r.append(element)
    run(" —")


def _chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十; beyond 99 the Arabic number."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(n)


def _set_properties(doc: Any, notes: StudyNotes, author: str) -> None:
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = notes.title
    props.subject = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = notes.exported
    props.modified = notes.exported
    props.revision = 1


class _BodyBuffer:
    """Moves finished paragraphs out of the body and puts them back at the end.

    python-docx inserts each new paragraph before the body's section properties,
    searching the body's children for them: linear per paragraph, quadratic for a
    document of tens of thousands of paragraphs.  Keeping the body short while
    writing and splicing everything back once makes the export linear.
    """

    def __init__(self, body: Any) -> None:
        self.body = body
        self.finished: list[Any] = []

    def flush(self) -> None:
        for child in [c for c in self.body if c.tag != _SECT_PR]:
            self.body.remove(child)
            self.finished.append(child)

    def close(self) -> None:
        self.flush()
        anchor = self.body.find(_SECT_PR)
        for child in self.finished:
            if anchor is not None:
                anchor.addprevious(child)
            else:
                self.body.append(child)


def write_study_notes_docx(path: Path, notes: StudyNotes, author: str = "") -> None:
    """Write ``notes`` to ``path`` (atomically: a partial file never replaces it)."""
    doc = new_docx()
    quote_style, source_style, reference_style = _set_styles(doc)
    _page_setup(doc)
    _set_font_table(doc)
    _set_properties(doc, notes, author)

    buffer = _BodyBuffer(doc.element.body)
    doc.add_paragraph(notes.title, style="Title")
    summary = doc.add_paragraph()
    summary.paragraph_format.first_line_indent = Pt(0)
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_font(summary.add_run(notes.summary), "heading2")

    for number, document in enumerate(notes.documents, start=1):
        doc.add_heading(f"{_chinese_number(number)}、{document.title}", level=1)
        if document.facts:
            doc.add_paragraph(document.facts)
        for section in document.sections:
            doc.add_heading(section.heading, level=2)
            for item in section.items:
                quote = doc.add_paragraph(item.quote)
                # By style id: python-docx resolves a style object by scanning every
                # style, for each paragraph.
                quote._p.style = quote_style
                if item.article:
                    doc.add_paragraph(item.article)._p.style = source_style
                for label, text in item.meta:
                    paragraph = doc.add_paragraph()
                    _run_font(paragraph.add_run(label + "："), "heading1")
                    lines = text.split("\n")
                    for i, line in enumerate(lines):
                        body = paragraph.add_run(line)
                        if i < len(lines) - 1:
                            body.add_break()
            if section.source_line:
                doc.add_paragraph(section.source_line)._p.style = source_style
            buffer.flush()
    if notes.references:
        doc.add_heading(notes.references_heading, level=1)
        for n, entry in enumerate(notes.references, start=1):
            doc.add_paragraph(f"[{n}] {entry}")._p.style = reference_style
    buffer.close()
    partial = path.with_name(path.name + ".partial")
    packed = io.BytesIO()  # zipped in memory: a full disk then fails one plain write
    doc.save(packed)
    try:
        with open(partial, "wb") as handle:
            handle.write(packed.getbuffer())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing behind
        raise


def write_docx(
    path: Path,
    groups: Sequence[DocumentGroup],
    color_labels: Mapping[str, str],
    exported: datetime | None = None,
    script: Script = Script.ORIGINAL,
    author: str = "",
) -> None:
    """The annotation groups as study notes in ``path``."""
    write_study_notes_docx(path, StudyNotes(groups, color_labels, script, exported), author)
