"""Printing and PDF export of a document: a title header on every page, optional marks.

Two things make the output right at any resolution and searchable afterwards:

* the text is laid out with the output device's font metrics, so the two-character
  first-line indent is two characters of the printed font (at 300 dpi a screen-measured
  indent comes out a third as wide);
* the fonts are ones whose glyphs map back to the ideographs.  Qt writes a PDF's
  text layer (ToUnicode) from each glyph's lowest code point in the font's cmap, and
  fonts such as Noto Serif CJK map the Kangxi and supplementary radicals (U+2F00 ⼀,
  U+2E80 ⺀ …) to the same glyphs as 一 人 民 — so copied or searched text would read
  ⼀⽹通办.  Families that map any radical are left out of the print font list; the
  bundled subset (no radicals in its cmap) then supplies those characters.  A rare
  character only a radical-mapping system font has still comes from that font, so the
  written file's ToUnicode maps are repaired too (:mod:`desktop.pdf_text_layer`).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from desktop import fonts
from desktop.annotations.model import Annotation, AnnotationKind
from desktop.pdf_text_layer import KANGXI_TWINS, repair_text_layer
from desktop.text import display_text, utf16_offset
from desktop.ui.rendering import PlacedBlock, render_document
from index.document import Document

__all__ = [
    "NOTES_HEADING",
    "PRINT_POINT_SIZE",
    "PagedDocument",
    "export_pdf",
    "page_header",
    "print_document",
    "print_families",
]

log = logging.getLogger(__name__)

PRINT_POINT_SIZE = 12.0
NOTES_HEADING = "批注"
# Print-friendly (lighter) versions of the reading view's highlight colours.
MARK_COLORS = {
    "yellow": "#fff59d",
    "green": "#dcedc8",
    "blue": "#bbdefb",
    "pink": "#f8bbd0",
    "purple": "#e1d5f0",
}
_RADICALS = [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]


@functools.cache
def maps_radicals(family: str) -> bool:
    """True if the family's font maps a CJK or Kangxi radical code point to a glyph."""
    raw = QRawFont.fromFont(QFont(family))
    return raw.isValid() and any(raw.supportsCharacter(cp) for cp in _RADICALS)


@functools.cache
def radical_twins() -> dict[int, str]:
    """Radical code point → the ideograph whose glyph a CJK font draws for it.

    Kangxi radicals by their Unicode decomposition; the radicals supplement (no
    decomposition for most) by glyph identity in each installed Chinese font.
    """
    table = dict(KANGXI_TWINS)
    ideographs = "".join(chr(cp) for cp in range(0x4E00, 0xA000))
    writing_systems = (
        QFontDatabase.WritingSystem.SimplifiedChinese,
        QFontDatabase.WritingSystem.TraditionalChinese,
    )
    families = {f for ws in writing_systems for f in QFontDatabase.families(ws)}
    for family in sorted(families):
        if not maps_radicals(family):
            continue
        raw = QRawFont.fromFont(QFont(family))
        by_glyph: dict[int, str] = {}
        for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs), strict=True):
            if glyph:
                by_glyph.setdefault(glyph, ch)
        for cp in _RADICALS:
            if cp in table or not raw.supportsCharacter(cp):
                continue
            glyph = raw.glyphIndexesForString(chr(cp))[0]
            if glyph in by_glyph:
                table[cp] = by_glyph[glyph]
    return table


def print_families() -> list[str]:
    """The reading families whose PDF text layer round-trips (see the module notes)."""
    families = fonts.reading_families()
    safe = [f for f in families if not maps_radicals(f)]
    if not safe:
        log.warning("every print font maps radicals; PDF text may hold ⼀-like characters")
        return families
    return safe


def print_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(print_families())
    font.setPointSizeF(point_size)
    return font


def page_header(doc: Document, simplified: bool) -> str:
    parts = [f"《{doc.title}》", doc.source, doc.published[:10]]
    return display_text("  ".join(p for p in parts if p), simplified)


def _painted(notes: Sequence[Annotation], placed: dict[str, int]) -> list[Annotation]:
    shown = [
        a
        for a in notes
        if not a.deleted
        and not a.is_detached
        and a.kind is not AnnotationKind.BOOKMARK
        and a.block_id in placed
        and a.end > a.start
    ]
    return sorted(shown, key=lambda a: (placed[a.block_id], a.start, a.end, a.created))


class PagedDocument:
    """``doc`` laid out in pages of ``page`` (device pixels of ``device``), header on each.

    With ``notes``, highlights are marked in their colour, each one with a note gets a
    superscript number, and the notes follow the text under 批注, numbered alike.
    """

    def __init__(
        self,
        device: QPaintDevice,
        page: QRectF,
        doc: Document,
        simplified: bool,
        notes: Sequence[Annotation] = (),
    ) -> None:
        self.page = page
        self.simplified = simplified
        self.header = page_header(doc, simplified)
        self.header_font = print_font(9.0)
        self.metrics = QFontMetricsF(self.header_font, device)
        self.header_height = self.metrics.height() * 2.2
        self.footer_height = self.metrics.height() * 2.0
        self.body = QTextDocument()
        self.body.documentLayout().setPaintDevice(device)
        self.body.setDocumentMargin(0)
        self.font = print_font(PRINT_POINT_SIZE)
        placed = render_document(self.body, doc, simplified, self.font, device=device)
        self.numbered: list[Annotation] = []
        if notes:
            self._mark(placed, notes, device)
        self.body_height = page.height() - self.header_height - self.footer_height
        # One long page laid out, cut into pages here between lines: Qt's own pagination
        # stretches the line before each page break to the next page, and a line drawn
        # and clipped away would still enter the PDF's text layer (copied twice).
        self.body.setTextWidth(page.width())
        self.page_tops = self._paginate()
        self.pages = len(self.page_tops)

    def _lines(self) -> list[tuple[float, float]]:
        """(top, bottom) of every laid-out line, in document coordinates, in order."""
        layout = self.body.documentLayout()
        lines: list[tuple[float, float]] = []
        block = self.body.begin()
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            text_layout = block.layout()
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                lines.append((top + line.y(), top + line.y() + line.height()))
            block = block.next()
        return sorted(lines)

    def _paginate(self) -> list[float]:
        """Where each page starts: at the first line that would not fit on the one before."""
        tops = [0.0]
        for top, bottom in self._lines():
            if bottom > tops[-1] + self.body_height and top > tops[-1]:
                tops.append(top)
        return tops

    def _page_span(self, number: int) -> tuple[float, float]:
        start = self.page_tops[number]
        end = (
            self.page_tops[number + 1]
            if number + 1 < len(self.page_tops)
            else start + self.body_height
        )
        return start, end

    def _mark(
        self, placed: list[PlacedBlock], notes: Sequence[Annotation], device: QPaintDevice
    ) -> None:
        index = {p.block.id: i for i, p in enumerate(placed)}
        painted = _painted(notes, index)
        self.numbered = [a for a in painted if a.note.strip()]
        numbers = {a.id: n for n, a in enumerate(self.numbered, start=1)}

        def position(a: Annotation, offset: int) -> int:
            block = placed[index[a.block_id]]
            return block.start + utf16_offset(block.block.text, offset)

        for a in painted:
            cursor = QTextCursor(self.body)
            cursor.setPosition(position(a, a.start))
            cursor.setPosition(position(a, a.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(MARK_COLORS.get(a.color, MARK_COLORS["yellow"])))
            cursor.mergeCharFormat(fmt)
        superscript = QTextCharFormat()
        superscript.setFont(self.font)
        superscript.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        # From the end backwards, so that inserting a number moves no later position.
        for a in sorted(self.numbered, key=lambda a: position(a, a.end), reverse=True):
            cursor = QTextCursor(self.body)
            cursor.setPosition(position(a, a.end))
            cursor.insertText(f"[{numbers[a.id]}]", superscript)
        if not self.numbered:
            return
        em = QFontMetricsF(self.font, device).horizontalAdvance("中")
        cursor = QTextCursor(self.body)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        heading = QTextBlockFormat()
        heading.setTopMargin(em * 1.5)
        heading.setBottomMargin(em * 0.5)
        bold = QTextCharFormat()
        bold_font = QFont(self.font)
        bold_font.setBold(True)
        bold.setFont(bold_font)
        plain = QTextCharFormat()
        plain.setFont(self.font)
        cursor.insertBlock(heading, bold)
        cursor.insertText(display_text(NOTES_HEADING, self.simplified), bold)
        for n, a in enumerate(self.numbered, start=1):
            item = QTextBlockFormat()
            item.setLeftMargin(em * 2)
            item.setTextIndent(-em * 2)
            item.setBottomMargin(em * 0.3)
            cursor.insertBlock(item, plain)
            quote = display_text(a.exact.replace("\n", " "), self.simplified)
            cursor.insertText(f"[{n}] “{quote}”　", plain)
            cursor.insertText(a.note.strip().replace("\n", " "), plain)

    def paint_page(self, painter: QPainter, number: int) -> None:
        """Paint page ``number`` (0-based) with its top-left at the painter's origin."""
        width = self.page.width()
        painter.setFont(self.header_font)
        painter.drawText(
            QRectF(0, 0, width, self.metrics.height() * 1.5),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.metrics.elidedText(self.header, Qt.TextElideMode.ElideRight, width),
        )
        line_y = int(self.metrics.height() * 1.6)
        painter.drawLine(0, line_y, int(width), line_y)
        painter.save()
        start, end = self._page_span(number)
        painter.translate(0, self.header_height - start)
        painter.setClipRect(QRectF(0, start, width, self.body_height))
        # Line by line: only the lines whose top is on this page.  (Qt's own draw calls
        # also draw lines just outside their clip rectangle: clipped away on paper, but
        # still in the PDF's text layer, so copied text came out twice.)
        block = self.body.begin()
        while block.isValid():
            text_layout = block.layout()
            origin = text_layout.position()
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                if start - 0.5 <= origin.y() + line.y() < end - 0.5:
                    line.draw(painter, origin)
            block = block.next()
        painter.restore()
        painter.setFont(self.header_font)
        painter.drawText(
            QRectF(0, self.page.height() - self.footer_height, width, self.footer_height),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            f"{number + 1} / {self.pages}",
        )


def print_document(
    printer: QPrinter, doc: Document, simplified: bool, notes: Sequence[Annotation] = ()
) -> int:
    """Lay ``doc`` out on ``printer``'s pages; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        paged = PagedDocument(
            printer, QRectF(printer.pageRect(QPrinter.Unit.DevicePixel)), doc, simplified, notes
        )
        for number in range(paged.pages):
            if number:
                printer.newPage()
            paged.paint_page(painter, number)
        return paged.pages
    finally:
        painter.end()


def export_pdf(
    path: Path, doc: Document, simplified: bool, notes: Sequence[Annotation] = ()
) -> int:
    """Write ``doc`` as an A4 PDF; returns the number of pages.

    QPdfWriter, not QPrinter: it needs no print system, so exporting never talks to a
    print server.  The file is written beside ``path`` and moved over it when complete.
    """
    partial = path.with_name(path.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(display_text(doc.title, simplified))
    writer.setCreator("政策文库 Policy Library")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path} could not be written")
    try:
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        paged = PagedDocument(
            writer, QRectF(0, 0, page.width(), page.height()), doc, simplified, notes
        )
        for number in range(paged.pages):
            if number:
                writer.newPage()
            paged.paint_page(painter, number)
    except BaseException:
        painter.end()
        partial.unlink(missing_ok=True)
        raise
    if not painter.end():
        partial.unlink(missing_ok=True)
        raise OSError(f"{path} could not be written")
    del writer  # closes the file
    repair_text_layer(partial, radical_twins())
    os.replace(partial, path)
    return paged.pages
