"""Reading laws in the window: go to article (Ctrl+G), cross-reference links with a
preview on hover, and 新旧对照 of a law's versions."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from desktop.text import display_text
from desktop.ui.compare_view import CompareWindow, Version
from desktop.ui.go_to_article import GoToArticleBar
from desktop.ui.window_part import WindowPart
from index.document import Block, Document
from index.numerals import article_label

log = logging.getLogger(__name__)

PREVIEW_CHARS = 400


def article_text(doc: Document, block_id: str, limit: int = PREVIEW_CHARS) -> str:
    """The text of the article holding ``block_id`` from that block on (its 款 and 项),
    or the block's own text outside articles."""
    blocks = doc.blocks
    start = next((i for i, b in enumerate(blocks) if b.id == block_id), None)
    if start is None:
        return ""
    first: Block = blocks[start]
    lines = [first.text]
    if first.article_no:
        key = (first.article_no, first.article_sub)
        for block in blocks[start + 1 :]:
            if (block.article_no, block.article_sub) != key or block.is_heading:
                break
            lines.append(block.text)
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit] + "…"


class RefPreview(QLabel):
    """The article a link leads to, shown beside the pointer."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.area = parent
        self.setObjectName("referencePreview")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(8)
        self.setStyleSheet("#referencePreview { background: #fffdf3; border: 1px solid #c9b458; }")
        self.setMaximumWidth(460)
        self.hide()

    def show_text(self, text: str, at: QPoint) -> None:
        self.setText(text)
        parent = self.area
        self.setFixedWidth(min(460, max(240, parent.width() // 2)))
        self.adjustSize()
        x = min(max(0, at.x() + 12), max(0, parent.width() - self.width()))
        y = at.y() + 18
        if y + self.height() > parent.height():
            y = max(0, at.y() - self.height() - 8)
        self.move(x, y)
        self.show()
        self.raise_()


class LawReading(WindowPart):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.reader = window.reader
        self.bar = GoToArticleBar(window.centralWidget())
        self.bar.hide()
        window.centralWidget().layout().addWidget(self.bar)
        self.preview = RefPreview(self.reader.viewport())
        self.compare_window: CompareWindow | None = None

        self.go_action = QAction(window)
        self.go_action.setObjectName("actionGoToArticle")
        self.go_action.setShortcut(QKeySequence("Ctrl+G"))
        self.go_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.go_action.triggered.connect(self.open_bar)
        window.addAction(self.go_action)
        self.compare_action = QAction(window)
        self.compare_action.setObjectName("actionCompareVersions")
        self.compare_action.triggered.connect(self.compare_versions)
        window.addAction(self.compare_action)
        window.go_menu.addSeparator()
        window.go_menu.addAction(self.go_action)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.compare_action)

        self.bar.go_requested.connect(self.go_to_article)
        self.bar.closed.connect(self.reader.setFocus)
        self.reader.anchorClicked.connect(self.follow_link)
        self.reader.highlighted.connect(self._on_hover)
        window.document_opened.connect(lambda _doc_id: self._update_actions())
        self.follow_language()
        self._update_actions()

    def retranslate(self) -> None:
        self.go_action.setText(self.tr("Go to &Article…"))
        self.compare_action.setText(self.tr("Compare &Versions (新旧对照)…"))
        self.compare_action.setToolTip(
            self.tr("Two versions of this law side by side, aligned article by article")
        )
        self.bar.retranslate()
        if self.compare_window is not None:
            self.compare_window.retranslate()

    # -- go to article ---------------------------------------------------------------------
    def open_bar(self) -> None:
        if self.window.current is not None:
            self.bar.open_bar()

    def go_to_article(self, number: int, sub: int) -> None:
        doc: Document | None = self.window.current
        if doc is None:
            return
        block = doc.article(number, sub)
        if block is None:
            self.bar.show_problem(
                self.tr("This document has no %1.").replace("%1", article_label(number, sub))
            )
            return
        self.window.open_document(doc.id, block.id)
        self.bar.close_bar()

    # -- cross-references ------------------------------------------------------------------
    def follow_link(self, url: QUrl) -> None:
        self.preview.hide()
        target = self.reader.link_target(url)
        if target is None:
            return
        doc_id, block_id = target
        self.window.open_document(doc_id, block_id)

    def preview_text(self, url: QUrl | str) -> str:
        target = self.reader.link_target(url)
        if target is None:
            return ""
        doc_id, block_id = target
        current: Document | None = self.window.current
        library = self.window.library
        if current is not None and doc_id == current.id:
            doc: Document | None = current
        else:
            doc = library.document(doc_id) if library is not None else None
        if doc is None:
            return ""
        text = article_text(doc, block_id)
        if doc is not current:
            text = f"《{doc.display_title}》\n{text}"
        return display_text(text, self.window.simplified)

    def _on_hover(self, url: QUrl) -> None:
        if url.isEmpty():
            self.preview.hide()
            return
        text = self.preview_text(url)
        if not text:
            self.preview.hide()
            return
        at = self.reader.viewport().mapFromGlobal(QCursor.pos())
        self.preview.show_text(text, at)

    # -- versions --------------------------------------------------------------------------
    def versions(self) -> list[Version]:
        """The versions of the current document, newest first: (document id, date)."""
        doc: Document | None = self.window.current
        library = self.window.library
        if doc is None or library is None or not doc.version_group:
            return []
        catalog = getattr(library, "catalog", None)
        if catalog is not None:
            return [(e.id, e.date) for e in catalog.versions(doc.id)]
        same = [d for d in library.documents if d.version_group == doc.version_group]
        same.sort(key=lambda d: (d.date, d.id), reverse=True)
        return [(d.id, d.date) for d in same]

    def _update_actions(self) -> None:
        self.compare_action.setEnabled(len(self.versions()) > 1)
        self.go_action.setEnabled(self.window.current is not None)

    def compare_versions(self) -> CompareWindow | None:
        versions = self.versions()
        if len(versions) < 2:
            self.window.statusBar().showMessage(
                self.tr("This document has only one version in the library."), 5000
            )
            return None
        if self.compare_window is not None:
            self.compare_window.close()
            self.compare_window.deleteLater()
        library = self.window.library
        self.compare_window = CompareWindow(
            versions, library.document, self.window.simplified, self.window
        )
        self.compare_window.show()
        return self.compare_window
