"""The library search panel: query box, hit count, results grouped by document and section."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.roles import NodeKind, Role
from desktop.models.search_model import SearchModel
from index.search import SearchResult

DEBOUNCE_MS = 150


class SnippetDelegate(QStyledItemDelegate):
    """Paints hit snippets with their marks, and document rows with their hit count."""

    def _html(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        kind = index.data(Role.NODE_KIND)
        extra = index.data(Role.SNIPPET_HTML)
        if kind == NodeKind.HIT and extra:
            return str(extra)
        if kind == NodeKind.DOCUMENT:
            title = html.escape(str(index.data() or ""))
            return (
                f'<b>{title}</b> <span style="color:#6b6b6b">{html.escape(str(extra or ""))}</span>'
            )
        return None

    CACHE_SIZE = 400

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Laid-out snippets by (font, html): painting is then cheap when rows repaint.
        self._cache: dict[tuple[str, str], QTextDocument] = {}

    def _document(
        self, option: QStyleOptionViewItem, rich: str, width: float = -1
    ) -> QTextDocument:
        """``rich`` laid out in the row's font; wrapped at ``width`` when given."""
        font = option.font  # type: ignore[attr-defined]
        key = (font.key(), f"{width:.0f}:{rich}")
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            doc = QTextDocument()
            doc.setDefaultFont(font)
            doc.setDocumentMargin(2)
            doc.setHtml(rich)
            doc.setTextWidth(width)
            self._cache[key] = doc
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rich = self._html(index)
        if rich is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        # A hit's snippet wraps onto the row's two lines; other rows stay on one.
        wrap = rect.width() if index.data(Role.NODE_KIND) == NodeKind.HIT else -1
        doc = self._document(opt, rich, wrap)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            context.palette.setColor(  # type: ignore[attr-defined]
                QPalette.ColorRole.Text,
                opt.palette.color(QPalette.ColorRole.HighlightedText),  # type: ignore[attr-defined]
            )
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # Snippets are single lines whose plain text is the display text, so the plain
        # size fits; laying out rich text here would cost a document per row.
        base = super().sizeHint(option, index)
        if index.data(Role.NODE_KIND) == NodeKind.HIT:
            # Two lines: the snippet wraps, with its match on the first.
            lines = QFontMetrics(option.font).lineSpacing() * 2  # type: ignore[attr-defined]
            return QSize(base.width() + 16, max(base.height(), lines) + 6)
        return QSize(base.width() + 16, base.height() + 4)


class SearchPanel(QWidget):
    """Emits ``search_requested`` when typing pauses; ``hit_activated`` on Enter or click."""

    search_requested = Signal(str, bool)  # query, limit to the current document
    hit_activated = Signal(int)  # index into model.hits

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setClearButtonEnabled(True)
        self.this_document = QCheckBox(self)
        self.this_document.setObjectName("searchThisDocument")
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.model = SearchModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("searchResults")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)  # hit rows are two lines high
        self.tree.setItemDelegate(SnippetDelegate(self.tree))
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.this_document)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_search)
        self.query_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.query_edit.returnPressed.connect(self._on_return)
        self.this_document.toggled.connect(lambda _c: self._emit_search())
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.current_hit = -1
        self.retranslate()

    def retranslate(self) -> None:
        self.query_edit.setPlaceholderText(self.tr("Search the library (Ctrl+Shift+F)"))
        self.query_edit.setToolTip(
            self.tr(
                "Words separated by spaces must all occur in a paragraph.\n"
                "A OR B: either word.  -word: leave out paragraphs with it.\n"
                '"a phrase with spaces": exactly this text.\n'
                "Simplified and Traditional characters find each other."
            )
        )
        self.this_document.setText(self.tr("Only in this document"))
        self._update_status()

    def _emit_search(self) -> None:
        self._debounce.stop()
        self.search_requested.emit(self.query_edit.text(), self.this_document.isChecked())

    def flush(self) -> None:
        """Run a pending debounced search now."""
        if self._debounce.isActive():
            self._emit_search()

    def _on_return(self) -> None:
        if self._debounce.isActive():
            self._emit_search()
            return
        if self.model.hits:
            self.hit_activated.emit(max(self.current_hit, 0))

    def _on_activated(self, index: QModelIndex) -> None:
        hit_index = index.data(Role.HIT_INDEX)
        if hit_index is None:
            return
        self.select_hit(int(hit_index))
        self.hit_activated.emit(int(hit_index))

    def show_result(self, result: SearchResult | None, simplified: bool) -> None:
        self.model.set_result(result, simplified)
        self.current_hit = -1
        self.tree.expandAll()
        self._update_status()

    def show_error(self, message: str) -> None:
        self.status.setText(
            self.tr(
                "Search failed: %1. If this happens again, rebuild the search index (File menu)."
            ).replace("%1", message)
        )

    def _update_status(self) -> None:
        result = self.model.result
        if result is None:
            self.status.setText("")
            return
        if result.parsed.is_empty:
            self.status.setText(self.tr("Type words to search for."))
            return
        if result.total == 0:
            text = self.tr("No matches.")
        elif result.total > len(result.hits):
            text = self.tr("%1 matching paragraphs; the first %2 are shown.")
            text = text.replace("%1", str(result.total)).replace("%2", str(len(result.hits)))
        elif result.total == 1:
            text = self.tr("1 matching paragraph")
        else:
            text = self.tr("%1 matching paragraphs").replace("%1", str(result.total))
        notes = " ".join(result.parsed.notes)
        self.status.setText(f"{text} {notes}".strip())

    def select_hit(self, hit_index: int) -> None:
        item = self.model.hit_item(hit_index)
        if item is None:
            return
        self.current_hit = hit_index
        index = self.model.indexFromItem(item)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
