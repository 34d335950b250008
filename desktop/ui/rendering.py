"""Laying out a Document into a QTextDocument for reading and printing.

Text goes in through ``QTextCursor.insertText`` only, so corpus text is never
interpreted as markup.  Each corpus block becomes one text block whose start
position is recorded, which is how marks, scrolling and the outline find their place.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from desktop.text import display_text, utf16_len
from index.document import Block, BlockKind, Document

BASE_POINT_SIZE = 14.0
LINE_HEIGHT_PERCENT = 175.0
META_COLOR = QColor("#5f6368")


@dataclass(frozen=True)
class PlacedBlock:
    """A corpus block and where its text starts in the QTextDocument (UTF-16 units)."""

    block: Block
    start: int
    length: int  # UTF-16 units


def metadata_line(doc: Document) -> str:
    parts = [doc.source, doc.published.replace("T", " "), doc.author]
    return "    ".join(p for p in parts if p)


def _char_format(
    font: QFont, scale: float = 1.0, bold: bool = False, color: QColor | None = None
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * scale)
    scaled.setBold(bold)
    fmt.setFont(scaled, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
    if color is not None:
        fmt.setForeground(color)
    return fmt


def _block_format(
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignJustify,
    indent: float = 0.0,
    top: float = 0.0,
    bottom: float = 0.0,
    line_height: float = LINE_HEIGHT_PERCENT,
) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setAlignment(align)
    fmt.setTextIndent(indent)
    fmt.setTopMargin(top)
    fmt.setBottomMargin(bottom)
    fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return fmt


LINK_COLOR = QColor("#1a5fb4")
LINK_SCHEME = "ref"


def link_href(number: int) -> str:
    return f"{LINK_SCHEME}:{number}"


def _link_format(base: QTextCharFormat, href: str) -> QTextCharFormat:
    fmt = QTextCharFormat(base)
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setForeground(LINK_COLOR)
    fmt.setFontUnderline(True)
    return fmt


def render_document(
    qdoc: QTextDocument,
    doc: Document,
    simplified: bool,
    font: QFont,
    links: list[tuple[str, str]] | None = None,
    device: QPaintDevice | None = None,
) -> list[PlacedBlock]:
    """Replace ``qdoc``'s content with ``doc``; returns where each corpus block starts.

    With ``links``, a law's cross-references that lead somewhere become links whose
    href is ``ref:N``, N the position of ``(document id, block id)`` appended to it.
    Indents and spacing are measured in ``device``'s metrics (the printer's or PDF's
    resolution when ``qdoc`` is laid out for it), else the screen's."""
    renderer = Renderer(qdoc, doc, simplified, font, links, device)
    renderer.step(len(doc.blocks))
    return renderer.placed


class Renderer:
    """Lays ``doc`` out into ``qdoc`` a number of blocks at a time (:meth:`step`), so a
    long document shows its first page at once and the rest follows between events."""

    def __init__(
        self,
        qdoc: QTextDocument,
        doc: Document,
        simplified: bool,
        font: QFont,
        links: list[tuple[str, str]] | None = None,
        device: QPaintDevice | None = None,
    ) -> None:
        self.qdoc, self.doc, self.simplified, self.font = qdoc, doc, simplified, font
        self.links = links
        self.placed: list[PlacedBlock] = []
        self.next = 0  # the next block of doc.blocks to lay out
        if not qdoc.isEmpty():  # a fresh document keeps the frame margins set on it
            qdoc.clear()
        qdoc.setDefaultFont(font)
        metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
        em = self.em = metrics.horizontalAdvance("中")
        self.cursor = QTextCursor(qdoc)
        self.first = True
        self.body = _char_format(font)
        self.bold = _char_format(font, bold=True)
        centred_title = _block_format(
            Qt.AlignmentFlag.AlignHCenter, top=em * 0.5, bottom=em * 0.4, line_height=140
        )
        self.formats: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {
            "title": (centred_title, _char_format(font, 1.6, bold=True)),
            "heading1": (
                _block_format(
                    Qt.AlignmentFlag.AlignLeft, indent=2 * em * 1.15, top=em * 0.9, bottom=em * 0.3
                ),
                _char_format(font, 1.15, bold=True),
            ),
            "heading2": (
                _block_format(
                    Qt.AlignmentFlag.AlignLeft, indent=2 * em * 1.05, top=em * 0.5, bottom=em * 0.2
                ),
                _char_format(font, 1.05, bold=True),
            ),
            # 编/分编/章 and 节 of a legal text: centred, as they are printed.
            "part": (
                _block_format(Qt.AlignmentFlag.AlignHCenter, top=em * 1.0, bottom=em * 0.4),
                _char_format(font, 1.15, bold=True),
            ),
            "section": (
                _block_format(Qt.AlignmentFlag.AlignHCenter, top=em * 0.6, bottom=em * 0.3),
                _char_format(font, 1.05, bold=True),
            ),
            "byline": (_block_format(Qt.AlignmentFlag.AlignRight, top=em * 0.6), self.body),
            "body": (_block_format(indent=2 * em, bottom=em * 0.35), self.body),
        }
        self.title_seen = any(b.kind is BlockKind.TITLE for b in doc.blocks)
        if not self.title_seen:
            # A document without a title block still shows its title and metadata on top.
            self._header(doc.title)

    @property
    def done(self) -> bool:
        return self.next >= len(self.doc.blocks)

    def _new_block(self, fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        if self.first:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(char_fmt)
            self.first = False
        else:
            self.cursor.insertBlock(fmt, char_fmt)

    def _header(self, title: str | None) -> None:
        em, font = self.em, self.font
        if title is not None:
            self._new_block(*self.formats["title"])
            self.cursor.insertText(display_text(title, self.simplified))
        meta = metadata_line(self.doc)
        if meta:
            self._new_block(
                _block_format(Qt.AlignmentFlag.AlignHCenter, bottom=em * 1.0, line_height=130),
                _char_format(font, 0.8, color=META_COLOR),
            )
            self.cursor.insertText(display_text(meta, self.simplified))

    def _style(self, block: Block) -> str:
        kind = block.kind
        if kind is BlockKind.TITLE:
            return "title"
        if kind is BlockKind.HEADING:
            return {1: "heading1", 2: "heading2"}.get(block.level, "body")
        if kind in (BlockKind.PART, BlockKind.SUBPART, BlockKind.CHAPTER):
            return "part"
        if kind is BlockKind.SECTION:
            return "section"
        if kind is BlockKind.BYLINE:
            return "byline"
        return "body"

    def step(self, count: int) -> bool:
        """Lay out up to ``count`` more blocks; True when the document is complete."""
        cursor = self.cursor
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        blocks = self.doc.blocks
        stop = min(len(blocks), self.next + max(1, count))
        for block in blocks[self.next : stop]:
            self._place(block)
        self.next = stop
        cursor.endEditBlock()
        return self.done

    def _place(self, block: Block) -> None:
        cursor, simplified, links = self.cursor, self.simplified, self.links
        text = display_text(block.text, simplified)
        fmt, char_fmt = self.formats[self._style(block)]
        fmt = QTextBlockFormat(fmt)
        fmt.setProperty(QTextFormat.Property.UserProperty, block.id)
        self._new_block(fmt, char_fmt)
        start = cursor.position()
        if block.level == 3 and block.kind is BlockKind.HEADING:
            lead = display_text(block.outline_title, simplified)
        elif block.kind is BlockKind.ARTICLE:
            lead = display_text(block.article, simplified)  # 第二十一条 in bold
        else:
            lead = ""
        refs = [r for r in block.refs if r.block_id] if links is not None else []
        done = 0
        if lead and text.startswith(lead):
            # 一是… / 第X条: the outline entry, set in bold within the paragraph.
            cursor.insertText(lead, self.bold)
            done = len(lead)
        if refs and links is not None:
            for ref in sorted(refs, key=lambda r: r.start):
                if ref.start < done or ref.end > len(text):
                    continue
                cursor.insertText(text[done : ref.start], char_fmt)
                links.append((ref.doc_id or self.doc.id, ref.block_id))
                href = link_href(len(links) - 1)
                cursor.insertText(text[ref.start : ref.end], _link_format(char_fmt, href))
                done = ref.end
        cursor.insertText(text[done:], char_fmt)
        self.placed.append(PlacedBlock(block, start, utf16_len(text)))
        if block.kind is BlockKind.TITLE and self.title_seen:
            self.title_seen = False  # metadata once, under the first title
            self._header(None)
