"""Printing and PDF export of the open document, with a title/source header on every page."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from desktop import fonts
from desktop.text import display_text
from desktop.ui.rendering import render_document
from index.document import Document

log = logging.getLogger(__name__)

PRINT_POINT_SIZE = 12.0


def page_header(doc: Document, simplified: bool) -> str:
    parts = [f"《{doc.title}》", doc.source, doc.published[:10]]
    return display_text("  ".join(p for p in parts if p), simplified)


class PagedDocument:
    """``doc`` laid out in pages of ``page`` (device pixels of ``device``), header on each."""

    def __init__(self, device: QPaintDevice, page: QRectF, doc: Document, simplified: bool) -> None:
        self.page = page
        self.header = page_header(doc, simplified)
        self.header_font = fonts.reading_font(9.0)
        self.metrics = QFontMetricsF(self.header_font, device)
        self.header_height = self.metrics.height() * 2.2
        self.footer_height = self.metrics.height() * 2.0
        self.body = QTextDocument()
        self.body.documentLayout().setPaintDevice(device)
        self.body.setDocumentMargin(0)
        render_document(self.body, doc, simplified, fonts.reading_font(PRINT_POINT_SIZE))
        self.body_height = page.height() - self.header_height - self.footer_height
        self.body.setPageSize(QSizeF(page.width(), self.body_height))
        self.pages = max(1, self.body.pageCount())

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
        painter.translate(0, self.header_height - number * self.body_height)
        context = QAbstractTextDocumentLayout.PaintContext()
        clip = QRectF(0, number * self.body_height, width, self.body_height)
        context.clip = clip  # type: ignore[attr-defined]
        painter.setClipRect(clip)
        self.body.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(self.header_font)
        painter.drawText(
            QRectF(0, self.page.height() - self.footer_height, width, self.footer_height),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            f"{number + 1} / {self.pages}",
        )


def print_document(printer: QPrinter, doc: Document, simplified: bool) -> int:
    """Lay ``doc`` out on ``printer``'s pages; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        paged = PagedDocument(
            printer, QRectF(printer.pageRect(QPrinter.Unit.DevicePixel)), doc, simplified
        )
        for number in range(paged.pages):
            if number:
                printer.newPage()
            paged.paint_page(painter, number)
        return paged.pages
    finally:
        painter.end()


def export_pdf(path: Path, doc: Document, simplified: bool) -> int:
    """Write ``doc`` as an A4 PDF; returns the number of pages.

    QPdfWriter, not QPrinter: it needs no print system, so exporting never talks to a
    print server.
    """
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(doc.title)
    writer.setCreator("政策文库 Policy Library")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{path} could not be written")
    try:
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        paged = PagedDocument(writer, QRectF(0, 0, page.width(), page.height()), doc, simplified)
        for number in range(paged.pages):
            if number:
                writer.newPage()
            paged.paint_page(painter, number)
        return paged.pages
    finally:
        painter.end()
