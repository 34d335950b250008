"""学习笔记 as a Word document (python-docx), for reports written in Word."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from desktop.annotations.queries import DocumentGroup
from desktop.annotations.study_notes import (
    NOTES_TITLE,
    annotation_meta,
    citation,
    document_facts,
    section_heading,
)

__all__ = ["write_docx"]

_BODY_FONT = "宋体"
_HEADING_FONT = "黑体"
_CITATION_GREY = RGBColor(0x59, 0x59, 0x59)
_SECT_PR = qn("w:sectPr")


def _set_east_asian_font(style: object, name: str) -> None:
    element = style.element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


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


def write_docx(
    path: Path,
    groups: Sequence[DocumentGroup],
    color_labels: Mapping[str, str],
    exported: datetime | None = None,
) -> None:
    """Write the study notes to ``path`` (atomically: a partial file never replaces it)."""
    moment = exported or datetime.now().astimezone()
    doc = new_docx()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    _set_east_asian_font(normal, _BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_east_asian_font(styles[name], _HEADING_FONT)
    quote_style = styles["Quote"]
    _set_east_asian_font(quote_style, "楷体")
    quote_style_id = quote_style.style_id

    buffer = _BodyBuffer(doc.element.body)
    doc.add_heading(NOTES_TITLE, level=0)
    total = sum(g.count for g in groups)
    summary = doc.add_paragraph(f"导出时间：{moment:%Y-%m-%d %H:%M}　共 {total} 条")
    summary.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for group in groups:
        doc.add_heading(f"《{group.title}》", level=1)
        facts = document_facts(group)
        if facts:
            doc.add_paragraph(facts)
        for section in group.sections:
            doc.add_heading(section_heading(section), level=2)
            for annotation in section.annotations:
                quote = doc.add_paragraph(annotation.exact)
                # By style id: python-docx resolves a style object by scanning every
                # style, for each paragraph.
                quote._p.style = quote_style_id
                cite = doc.add_paragraph()
                cite.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = cite.add_run("—— " + citation(group, section))
                run.font.size = Pt(10)
                run.font.color.rgb = _CITATION_GREY
                for line in annotation_meta(annotation, color_labels):
                    head, _, rest = line.partition("：")
                    paragraph = doc.add_paragraph()
                    paragraph.add_run(head + "：").bold = True
                    lines = rest.split("\n")
                    for i, text in enumerate(lines):
                        body = paragraph.add_run(text)
                        if i < len(lines) - 1:
                            body.add_break()
                buffer.flush()
    buffer.close()
    partial = path.with_name(path.name + ".partial")
    try:
        doc.save(str(partial))
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing behind
        raise
