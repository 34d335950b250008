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


def render_document(
    qdoc: QTextDocument,
    doc: Document,
    simplified: bool,
    font: QFont,
    device: QPaintDevice | None = None,
) -> list[PlacedBlock]:
    """Replace ``qdoc``'s content with ``doc``; returns where each corpus block starts.

    Indents and spacing are measured in ``device``'s metrics (the printer's or PDF's
    resolution when ``qdoc`` is laid out for it), else the screen's.
    """
    qdoc.clear()
    qdoc.setDefaultFont(font)
    metrics = QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)
    em = metrics.horizontalAdvance("中")
    cursor = QTextCursor(qdoc)
    cursor.beginEditBlock()
    placed: list[PlacedBlock] = []
    body = _char_format(font)
    first = True

    def new_block(fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        nonlocal first
        if first:
            cursor.setBlockFormat(fmt)
            cursor.setBlockCharFormat(char_fmt)
            first = False
        else:
            cursor.insertBlock(fmt, char_fmt)

    def header(title: str | None) -> None:
        if title is not None:
            new_block(
                _block_format(
                    Qt.AlignmentFlag.AlignHCenter, top=em * 0.5, bottom=em * 0.4, line_height=140
                ),
                _char_format(font, 1.6, bold=True),
            )
            cursor.insertText(display_text(title, simplified))
        meta = metadata_line(doc)
        if meta:
            new_block(
                _block_format(Qt.AlignmentFlag.AlignHCenter, bottom=em * 1.0, line_height=130),
                _char_format(font, 0.8, color=META_COLOR),
            )
            cursor.insertText(display_text(meta, simplified))

    title_seen = any(b.kind is BlockKind.TITLE for b in doc.blocks)
    if not title_seen:
        # A document without a title block still shows its title and metadata on top.
        header(doc.title)
    for block in doc.blocks:
        text = display_text(block.text, simplified)
        if block.kind is BlockKind.TITLE:
            fmt = _block_format(
                Qt.AlignmentFlag.AlignHCenter, top=em * 0.5, bottom=em * 0.4, line_height=140
            )
            char_fmt = _char_format(font, 1.6, bold=True)
        elif block.kind is BlockKind.HEADING and block.level == 1:
            fmt = _block_format(
                Qt.AlignmentFlag.AlignLeft, indent=2 * em * 1.15, top=em * 0.9, bottom=em * 0.3
            )
            char_fmt = _char_format(font, 1.15, bold=True)
        elif block.kind is BlockKind.HEADING and block.level == 2:
            fmt = _block_format(
                Qt.AlignmentFlag.AlignLeft, indent=2 * em * 1.05, top=em * 0.5, bottom=em * 0.2
            )
            char_fmt = _char_format(font, 1.05, bold=True)
        elif block.kind is BlockKind.BYLINE:
            fmt = _block_format(Qt.AlignmentFlag.AlignRight, top=em * 0.6)
            char_fmt = body
        else:
            fmt = _block_format(indent=2 * em, bottom=em * 0.35)
            char_fmt = body
        fmt.setProperty(QTextFormat.Property.UserProperty, block.id)
        new_block(fmt, char_fmt)
        start = cursor.position()
        lead = display_text(block.outline_title, simplified) if block.level == 3 else ""
        if lead and text.startswith(lead):
            # 一是…: the lead phrase is the outline entry, set in bold within the paragraph.
            cursor.insertText(lead, _char_format(font, bold=True))
            cursor.insertText(text[len(lead) :], body)
        else:
            cursor.insertText(text, char_fmt)
        placed.append(PlacedBlock(block, start, utf16_len(text)))
        if block.kind is BlockKind.TITLE and title_seen:
            title_seen = False  # metadata once, under the first title
            header(None)
    cursor.endEditBlock()
    return placed
