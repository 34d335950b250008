"""学习笔记: annotations grouped by document and section, with citations, as Markdown.

The Word export (:mod:`desktop.annotations.study_notes_docx`) walks the same groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from desktop.annotations.model import Annotation, AnnotationKind
from desktop.annotations.queries import DocumentGroup, SectionGroup

__all__ = [
    "DETACHED_HEADING",
    "NOTES_TITLE",
    "SECTION_SEPARATOR",
    "citation",
    "render_markdown",
    "section_heading",
]

NOTES_TITLE = "学习笔记"
DETACHED_HEADING = "未能定位的批注（原文已修改或删除）"
PREAMBLE_HEADING = "正文前"
SECTION_SEPARATOR = " › "
LABEL_NOTE = "批注"
LABEL_TAGS = "标签"
LABEL_COLOR = "颜色"
LABEL_BOOKMARK = "书签"
LABEL_SOURCE = "来源"
LABEL_DATE = "日期"


def section_heading(section: SectionGroup) -> str:
    if section.detached:
        return DETACHED_HEADING
    return SECTION_SEPARATOR.join(section.path) if section.path else PREAMBLE_HEADING


def citation(group: DocumentGroup, section: SectionGroup) -> str:
    """（《title》，source，date，section path）"""
    parts = [f"《{group.title}》"]
    if group.document is not None:
        if group.document.source:
            parts.append(group.document.source)
        if group.document.published:
            parts.append(group.document.published[:10])
    if section.path and not section.detached:
        parts.append(SECTION_SEPARATOR.join(section.path))
    return "（" + "，".join(parts) + "）"


def document_facts(group: DocumentGroup) -> str:
    """The line under a document's heading: its source and date, or "" when unknown."""
    if group.document is None:
        return ""
    facts = []
    if group.document.source:
        facts.append(f"{LABEL_SOURCE}：{group.document.source}")
    if group.document.published:
        facts.append(f"{LABEL_DATE}：{group.document.published[:10]}")
    return "　".join(facts)


def annotation_meta(annotation: Annotation, color_labels: Mapping[str, str]) -> list[str]:
    """The label lines under a quote: bookmark name, colour, note, tags."""
    lines = []
    if annotation.kind is AnnotationKind.BOOKMARK:
        lines.append(f"{LABEL_BOOKMARK}：{annotation.name}")
    elif annotation.color:
        lines.append(f"{LABEL_COLOR}：{color_labels.get(annotation.color, annotation.color)}")
    if annotation.note.strip():
        lines.append(f"{LABEL_NOTE}：{annotation.note.strip()}")
    if annotation.tags:
        lines.append(f"{LABEL_TAGS}：" + "、".join(annotation.tags))
    return lines


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("#", "\\#")


def render_markdown(
    groups: Sequence[DocumentGroup],
    color_labels: Mapping[str, str],
    exported: datetime | None = None,
) -> str:
    moment = exported or datetime.now().astimezone()
    total = sum(g.count for g in groups)
    out = [f"# {NOTES_TITLE}", "", f"导出时间：{moment:%Y-%m-%d %H:%M}　共 {total} 条", ""]
    for group in groups:
        out += [f"## 《{_md_escape(group.title)}》", ""]
        facts = document_facts(group)
        if facts:
            out += [facts, ""]
        for section in group.sections:
            out += [f"### {_md_escape(section_heading(section))}", ""]
            for annotation in section.annotations:
                quote = annotation.exact.replace("\n", " ")
                out.append(f"> {_md_escape(quote)}")
                out.append(">")
                out.append(f"> —— {_md_escape(citation(group, section))}")
                out.append("")
                for line in annotation_meta(annotation, color_labels):
                    head, _, rest = line.partition("：")
                    body = _md_escape(rest).replace("\n", "  \n")
                    out.append(f"**{head}**：{body}  ")
                out += ["", "---", ""]
    while out and out[-1] in ("", "---"):
        out.pop()
    return "\n".join(out) + "\n"
