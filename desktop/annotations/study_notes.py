"""学习笔记: annotations grouped by document and section, with citations, as Markdown.

The Word export (:mod:`desktop.annotations.study_notes_docx`) walks the same groups
through :class:`StudyNotes`, so both files say the same thing in the same script:

* every text (titles, quotes, notes, labels) is in the script the reader chose;
* each section names its source once, after its quotes (``——《title》［n］``), and the
  document is listed once under 参考文献 at the end, GB/T 7714-2015 style (顺序编码制:
  numbered in order of first citation);
* a quote from an article of a law also names the article (``——《title》第二十一条第一款``);
* a bookmark's quote (the opening of its paragraph) is cut at a sentence or word
  boundary and ends with ``…`` when it is not the whole paragraph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.annotations.law_citation import article_location
from desktop.annotations.model import Annotation, AnnotationKind
from desktop.annotations.queries import DocumentGroup, SectionGroup
from index.document import Document

__all__ = [
    "DETACHED_HEADING",
    "NOTES_TITLE",
    "REFERENCES_HEADING",
    "SECTION_SEPARATOR",
    "Script",
    "StudyNotes",
    "convert_script",
    "excerpt",
    "reference_entry",
    "render_markdown",
]

NOTES_TITLE = "学习笔记"
DETACHED_HEADING = "未能定位的批注（原文已修改或删除）"
PREAMBLE_HEADING = "正文前"
REFERENCES_HEADING = "参考文献"
SECTION_SEPARATOR = " › "
LABEL_NOTE = "批注"
LABEL_TAGS = "标签"
LABEL_COLOR = "颜色"
LABEL_BOOKMARK = "书签"
LABEL_SOURCE = "来源"
LABEL_DATE = "日期"
LABEL_EXPORTED = "导出时间"

# A bookmark quote longer than this is cut (characters; about two lines of 三号 on A4).
EXCERPT_CHARS = 56
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，、：,:）)》」』”"
# Runs that must not be split: Latin words, numbers (with their decimal point / comma).
_UNBREAKABLE = re.compile(r"[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A.,%·\-]+")


class Script(StrEnum):
    """The script of an export's text: as in the documents, Simplified or Traditional."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"


@functools.cache
def _to_traditional() -> object:
    import opencc  # local import: loads its dictionaries on first use only

    return opencc.OpenCC("s2t")


def convert_script(text: str, script: Script) -> str:
    """``text`` in ``script``: the original, Simplified (the reader's 简 view, character by
    character) or Traditional (OpenCC s2t, phrase-aware: 发 → 發 or 髮 by context)."""
    if script is Script.SIMPLIFIED:
        from index.folding import simplify_text

        return simplify_text(text)
    if script is Script.TRADITIONAL:
        return str(_to_traditional().convert(text))  # type: ignore[attr-defined]
    return text


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The opening of ``text``, at most ``limit`` characters plus ``…`` when cut.

    Cut after the last sentence end within the limit if that keeps at least half of
    it, else after the last clause mark, else before a character that does not split
    a Latin word or a number.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(m) for m in _SENTENCE_END)
    if cut + 1 >= limit // 2:
        return head[: cut + 1] + "…"
    cut = max(head.rfind(m) for m in _CLAUSE_END)
    if cut + 1 >= limit // 2:  # the clause mark gives way to the ellipsis
        keep = head[: cut + 1] if head[cut] in "）)》」』”" else head[:cut]
        return keep + "…"
    cut = limit
    for run in _UNBREAKABLE.finditer(text):
        if run.start() < cut < run.end():
            cut = run.start()
            break
    if cut < limit // 2:  # one very long word: cut it rather than lose the quote
        cut = limit
    return text[:cut].rstrip(" ，、,") + "…"


def _date(value: str) -> str:
    return value[:10]


def reference_entry(document: Document | None, title: str, accessed: datetime) -> str:
    """The document as a GB/T 7714-2015 reference, without its ``[n]`` number.

    Online documents: ``责任者. 题名[EB/OL]. (发布日期)[引用日期]. URL.``;
    others: ``责任者. 题名[Z]. 出版者, 发布日期.`` (missing parts are left out).
    """
    if document is None:
        return f"{title}[Z]."
    responsible = document.author or document.source
    parts = [f"{responsible}. " if responsible else ""]
    if document.url:
        parts.append(f"{title}[EB/OL]. ")
        published = f"({_date(document.published)})" if document.published else ""
        parts.append(f"{published}[{accessed:%Y-%m-%d}]. {document.url}.")
    else:
        parts.append(f"{title}[Z]")
        publisher = document.source if document.source and document.source != responsible else ""
        place = ", ".join(p for p in (publisher, _date(document.published)) if p)
        parts.append(f". {place}." if place else ".")
    return "".join(parts)


@dataclass(frozen=True)
class NoteItem:
    """One annotation as the study notes show it (already in the export's script)."""

    quote: str
    meta: tuple[tuple[str, str], ...]  # (label, text) lines: bookmark, colour, note, tags
    is_bookmark: bool
    article: str = ""  # ——《title》第X条第Y款 when the quote is in an article of a law


@dataclass(frozen=True)
class NoteSection:
    heading: str
    items: tuple[NoteItem, ...]
    source_line: str  # ——《title》［n］ ; "" for detached notes (no place to cite)


@dataclass(frozen=True)
class NoteDocument:
    title: str  # 《title》
    facts: str  # 来源：…　日期：…  or ""
    reference_number: int
    sections: tuple[NoteSection, ...]


class StudyNotes:
    """The groups, in the export's script, with citations and the references list."""

    def __init__(
        self,
        groups: Sequence[DocumentGroup],
        color_labels: Mapping[str, str],
        script: Script = Script.ORIGINAL,
        exported: datetime | None = None,
    ) -> None:
        self.script = script
        self.exported = exported or datetime.now().astimezone()
        self.total = sum(g.count for g in groups)
        self.documents: list[NoteDocument] = []
        self.references: list[str] = []
        for number, group in enumerate(groups, start=1):
            self.references.append(
                self.text(reference_entry(group.document, group.title, self.exported))
            )
            sections = tuple(
                self._section(group, section, number, color_labels) for section in group.sections
            )
            self.documents.append(
                NoteDocument(
                    title=self.text(f"《{group.title}》"),
                    facts=self.text(_document_facts(group)),
                    reference_number=number,
                    sections=sections,
                )
            )

    def text(self, value: str) -> str:
        return convert_script(value, self.script)

    @property
    def title(self) -> str:
        return self.text(NOTES_TITLE)

    @property
    def summary(self) -> str:
        return self.text(f"{LABEL_EXPORTED}：{self.exported:%Y-%m-%d %H:%M}　共 {self.total} 条")

    @property
    def references_heading(self) -> str:
        return self.text(REFERENCES_HEADING)

    def _section(
        self,
        group: DocumentGroup,
        section: SectionGroup,
        number: int,
        color_labels: Mapping[str, str],
    ) -> NoteSection:
        items = tuple(self._item(group, a, color_labels) for a in section.annotations)
        if section.detached:
            return NoteSection(self.text(DETACHED_HEADING), items, "")
        heading = SECTION_SEPARATOR.join(section.path) if section.path else PREAMBLE_HEADING
        # The heading above says where in the document; the number points into 参考文献.
        return NoteSection(self.text(heading), items, self.text(f"——《{group.title}》［{number}］"))

    def _item(
        self, group: DocumentGroup, annotation: Annotation, color_labels: Mapping[str, str]
    ) -> NoteItem:
        is_bookmark = annotation.kind is AnnotationKind.BOOKMARK
        quote = annotation.exact
        if is_bookmark:
            block = group.document.block(annotation.block_id) if group.document else None
            quote = excerpt(block.text if block is not None else annotation.exact)
        meta = [
            (self.text(label), self.text(value))
            for label, value in _annotation_meta(annotation, color_labels)
        ]
        article = ""
        if group.document is not None and not annotation.is_detached:
            location = article_location(group.document, annotation.block_id)
            if location:
                article = self.text(f"——《{group.title}》{location}")
        return NoteItem(self.text(quote), tuple(meta), is_bookmark, article)


def _document_facts(group: DocumentGroup) -> str:
    """The line under a document's heading: its source and date, or "" when unknown."""
    if group.document is None:
        return ""
    facts = []
    if group.document.source:
        facts.append(f"{LABEL_SOURCE}：{group.document.source}")
    if group.document.published:
        facts.append(f"{LABEL_DATE}：{_date(group.document.published)}")
    return "　".join(facts)


def _annotation_meta(
    annotation: Annotation, color_labels: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The label lines under a quote: bookmark name, colour, note, tags."""
    lines = []
    if annotation.kind is AnnotationKind.BOOKMARK:
        lines.append((LABEL_BOOKMARK, annotation.name))
    elif annotation.color:
        lines.append((LABEL_COLOR, color_labels.get(annotation.color, annotation.color)))
    if annotation.note.strip():
        lines.append((LABEL_NOTE, annotation.note.strip()))
    if annotation.tags:
        lines.append((LABEL_TAGS, "、".join(annotation.tags)))
    return lines


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("#", "\\#")


def render_markdown(notes: StudyNotes) -> str:
    out = [f"# {notes.title}", "", notes.summary, ""]
    for document in notes.documents:
        out += [f"## {_md_escape(document.title)}", ""]
        if document.facts:
            out += [document.facts, ""]
        for section in document.sections:
            out += [f"### {_md_escape(section.heading)}", ""]
            for item in section.items:
                out.append(f"> {_md_escape(item.quote.replace(chr(10), ' '))}")
                out.append("")
                if item.article:
                    out += [_md_escape(item.article), ""]
                for label, text in item.meta:
                    body = _md_escape(text).replace("\n", "  \n")
                    out.append(f"**{label}**：{body}  ")
                if item.meta:
                    out.append("")
            if section.source_line:
                out += [_md_escape(section.source_line), ""]
            out += ["---", ""]
    while out and out[-1] in ("", "---"):
        out.pop()
    if notes.references:
        out += ["", f"## {notes.references_heading}", ""]
        out += [f"[{n}] {_md_escape(entry)}  " for n, entry in enumerate(notes.references, 1)]
    return "\n".join(out) + "\n"
