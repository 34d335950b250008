"""The library search panel: query box, hit count, results grouped by document and section."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.library_model import CATEGORY_ORDER
from desktop.models.roles import NodeKind, Role
from desktop.models.search_model import SearchModel
from index.facet_names import NO_CATEGORY, NO_YEAR, SortOrder

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter, QTextDocument
    from PySide6.QtWidgets import QStyleOptionViewItem

    from index.facets import FacetCounts, SearchOptions
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
            import html  # loaded with the first result shown, not to start

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
            from PySide6.QtGui import QTextDocument  # with the first result, not to start

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
        # Loaded with the first result painted, not to start.
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

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
        # Facets: narrow by category and year (with the matches of each), order, versions.
        self.category_box = QComboBox(self)
        self.category_box.setObjectName("searchCategory")
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("searchYear")
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("searchSort")
        self.sort_box.addItem("", SortOrder.RELEVANCE.value)
        self.sort_box.addItem("", SortOrder.DATE.value)
        self.all_versions = QCheckBox(self)
        self.all_versions.setObjectName("searchAllVersions")
        self._facets: FacetCounts | None = None
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
        facet_row = QHBoxLayout()
        facet_row.setContentsMargins(0, 0, 0, 0)
        # Sized to a few characters, not the longest entry: at 150 % scaling on a small
        # screen the panel must not take the reading pane's room (the lists show all).
        for combo in (self.category_box, self.year_box, self.sort_box):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
        facet_row.addWidget(self.category_box, 1)
        facet_row.addWidget(self.year_box, 1)
        facet_row.addWidget(self.sort_box, 1)
        layout.addLayout(facet_row)
        choice_row = QHBoxLayout()
        choice_row.setContentsMargins(0, 0, 0, 0)
        choice_row.addWidget(self.this_document)
        choice_row.addWidget(self.all_versions)
        choice_row.addStretch(1)
        layout.addLayout(choice_row)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_search)
        self.query_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.query_edit.returnPressed.connect(self._on_return)
        self.this_document.toggled.connect(lambda _c: self._emit_search())
        self.all_versions.toggled.connect(lambda _c: self._emit_search())
        for box in (self.category_box, self.year_box, self.sort_box):
            box.currentIndexChanged.connect(lambda _i: self._emit_search())
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
        self.all_versions.setText(self.tr("Include earlier versions"))
        self.all_versions.setToolTip(
            self.tr("Search earlier versions of laws too, not only the versions in force.")
        )
        self.sort_box.setItemText(0, self.tr("By relevance"))
        self.sort_box.setItemText(1, self.tr("Newest first"))
        self.sort_box.setToolTip(self.tr("Order of the results"))
        self.category_box.setToolTip(self.tr("Show only matches in documents of this category"))
        self.year_box.setToolTip(self.tr("Show only matches in documents of this year"))
        self._show_facets()
        self._update_status()

    def options(self) -> SearchOptions:
        """The facets chosen: categories, years, order and versions (counts asked)."""
        from index.facets import SearchOptions  # with the first search, not to paint

        category = self.category_box.currentData()
        year = self.year_box.currentData()
        return SearchOptions(
            categories=frozenset() if category is None else frozenset({str(category)}),
            years=frozenset() if year is None else frozenset({str(year)}),
            sort=SortOrder(self.sort_box.currentData() or SortOrder.RELEVANCE.value),
            all_versions=self.all_versions.isChecked(),
            facets=True,
        )

    def _show_facets(self) -> None:
        """The category and year lists with the matches of each (the chosen value stays
        listed, with 0, when the new query has none there)."""
        counts = self._facets
        _fill_facet(
            self.category_box,
            counts.categories if counts is not None else None,
            self.tr("All categories"),
            lambda value: self.tr("Other documents") if value == NO_CATEGORY else value,
            lambda value: (
                value == NO_CATEGORY,
                _CATEGORY_RANK.get(value, len(_CATEGORY_RANK)),
                value,
            ),
        )
        _fill_facet(
            self.year_box,
            counts.years if counts is not None else None,
            self.tr("All years"),
            lambda value: self.tr("No date") if value == NO_YEAR else value,
            lambda value: (value == NO_YEAR, -int(value) if value.isdigit() else 0, value),
        )

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
        shown = result is not None and not result.parsed.is_empty
        self._facets = result.facets if shown and result is not None else None
        self._show_facets()
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


_CATEGORY_RANK = {name: rank for rank, name in enumerate(CATEGORY_ORDER)}


def _fill_facet(
    box: QComboBox,
    counts: Mapping[str, int] | None,
    all_label: str,
    label_of: Callable[[str], str],
    order_key: Callable[[str], tuple[Any, ...]],
) -> None:
    """List "all" and each value of one facet, with its matches when ``counts`` are
    known, keeping the chosen value chosen.  The choice is kept without a new search."""
    chosen = box.currentData()
    values = set(counts or ())
    if chosen is not None:
        values.add(str(chosen))
    blocker = QSignalBlocker(box)
    try:
        box.clear()
        if counts is None:
            box.addItem(all_label, None)
        else:
            box.addItem(f"{all_label} ({sum(counts.values())})", None)
        for value in sorted(values, key=order_key):
            label = label_of(value)
            if counts is not None:
                label = f"{label} ({counts.get(value, 0)})"
            box.addItem(label, value)
            if chosen is not None and value == chosen:
                box.setCurrentIndex(box.count() - 1)
    finally:
        blocker.unblock()
