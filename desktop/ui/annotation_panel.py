"""The annotations panel: every note of the library, filtered and searched off the GUI thread.

Queries run in a one-thread pool (each task with its own read-only connection);
every request carries an id and a result that is no longer the latest is dropped.
The worker also builds the display tree, so the GUI thread only swaps it in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.annotations import (
    Annotation,
    AnnotationFilter,
    AnnotationKind,
    AnnotationReader,
    group_by_document,
)
from desktop.models.annotation_model import (
    AnnotationNode,
    AnnotationTreeModel,
    NodeKind,
    TreeLabels,
    build_tree,
)
from desktop.models.roles import Role
from desktop.text import display_text
from desktop.ui.annotation_dialogs import fill_color_combo
from desktop.ui.document_combo import DocumentCombo
from desktop.workers import LatestRequestService
from index.document import Document

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
EXPAND_ALL_LIMIT = 2000  # more rows than this: expand documents only, sections on demand


@dataclass(frozen=True)
class PanelRequest:
    request_id: int
    where: AnnotationFilter
    simplified: bool
    labels: TreeLabels


@dataclass(frozen=True)
class PanelResult:
    request_id: int
    root: AnnotationNode
    count: int
    tags: list[tuple[str, int]]
    colors: dict[str, str]


class AnnotationQueryService(LatestRequestService):
    """Runs panel queries in a worker; ``finished`` reports only the latest request."""

    lane = "notes-panel"

    finished = Signal(object)  # PanelResult
    failed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        documents: Callable[[], Mapping[str, Document]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.documents = documents

    def query(self, where: AnnotationFilter, simplified: bool, labels: TreeLabels) -> int:
        return self.request(
            lambda request_id: self._run(PanelRequest(request_id, where, simplified, labels))
        )

    def _run(self, request: PanelRequest) -> PanelResult:
        """In the worker: read the notes and build the tree to show."""
        with AnnotationReader(self.db_path) as reader:
            annotations = reader.query(request.where)
            tags = reader.tags()
            colors = reader.color_labels()
        groups = group_by_document(annotations, self.documents())
        root = build_tree(groups, request.simplified, request.labels, colors)
        return PanelResult(request.request_id, root, len(annotations), tags, colors)

    def on_result(self, request_id: int, result: object) -> None:
        self.finished.emit(result)

    def on_failure(self, request_id: int, message: str) -> None:
        self.failed.emit(message)


class AnnotationPanel(QWidget):
    """Search box, filters and the grouped tree; ``activated`` when a row is chosen."""

    activated = Signal(object)  # Annotation
    edit_requested = Signal(object)  # Annotation
    delete_requested = Signal(object)  # Annotation
    shown = Signal(int)  # number of annotations now listed

    DATE_RANGES = ("", "today", "week", "month", "year")

    def __init__(self, service: AnnotationQueryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.service = service
        self.simplified = False
        self.current_doc_id = ""
        self.documents: Callable[[], Mapping[str, Document]] = service.documents
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("annotationSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.color_combo = QComboBox(self)
        self.color_combo.setObjectName("annotationColorFilter")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("annotationTagFilter")
        self.doc_combo = DocumentCombo(self)
        self.doc_combo.setObjectName("annotationDocumentFilter")
        # Sized to a short title, not the longest of a thousand: the panel must not
        # squeeze the reading pane (the list shows the whole titles).
        self.date_combo = QComboBox(self)
        self.date_combo.setObjectName("annotationDateFilter")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("annotationKindFilter")
        # The filters in a row fit a narrow panel too (150 % scaling on a small screen).
        for combo in (
            self.color_combo,
            self.tag_combo,
            self.doc_combo,
            self.date_combo,
            self.kind_combo,
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8 if combo is self.doc_combo else 4)
        self.status = QLabel(self)
        self.status.setObjectName("annotationStatus")
        self.model = AnnotationTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("annotationTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(self.tree.contextMenuPolicy().CustomContextMenu)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.color_combo, 0, 0)
        grid.addWidget(self.tag_combo, 0, 1)
        grid.addWidget(self.kind_combo, 0, 2)
        grid.addWidget(self.doc_combo, 1, 0, 1, 2)
        grid.addWidget(self.date_combo, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_edit)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        self._labels: dict[str, str] = {}
        self._tags: list[tuple[str, int]] = []
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (
            self.color_combo,
            self.tag_combo,
            self.doc_combo,
            self.date_combo,
            self.kind_combo,
        ):
            combo.activated.connect(lambda _i: self.refresh())
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.installEventFilter(self)
        service.finished.connect(self._on_result)
        service.failed.connect(lambda message: self.status.setText(message))
        self.retranslate()

    # -- filters ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(self.tr("Search notes and highlighted text"))
        self._fill_static_combos()
        self._fill_documents()

    def _fill_static_combos(self) -> None:
        date_texts = (
            self.tr("Any time"),
            self.tr("Today"),
            self.tr("Past 7 days"),
            self.tr("Past 30 days"),
            self.tr("Past year"),
        )
        kinds = (
            ("", self.tr("All kinds")),
            (AnnotationKind.HIGHLIGHT.value, self.tr("Highlights")),
            (AnnotationKind.NOTE.value, self.tr("Notes")),
            (AnnotationKind.BOOKMARK.value, self.tr("Bookmarks")),
        )
        for combo, items in (
            (self.date_combo, list(zip(date_texts, self.DATE_RANGES, strict=True))),
            (self.kind_combo, [(text, key) for key, text in kinds]),
        ):
            current = combo.currentData()
            combo.clear()
            for text, key in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.set_color_labels(self._labels)
        self._fill_tags(self._tags)

    def set_color_labels(self, labels: Mapping[str, str]) -> None:
        self._labels = dict(labels)
        current = self.color_combo.currentData()
        fill_color_combo(self.color_combo, labels, self.tr("All colours"))
        self.color_combo.setCurrentIndex(max(0, self.color_combo.findData(current)))

    def _fill_tags(self, tags: list[tuple[str, int]]) -> None:
        self._tags = tags
        current = self.tag_combo.currentData()
        self.tag_combo.clear()
        self.tag_combo.addItem(self.tr("All tags"), "")
        for tag, count in tags:
            self.tag_combo.addItem(f"{tag} ({count})", tag)
        index = self.tag_combo.findData(current)
        if current and index < 0:  # keep a chosen tag even when no note has it any more
            self.tag_combo.addItem(f"{current} (0)", current)
            index = self.tag_combo.count() - 1
        self.tag_combo.setCurrentIndex(max(0, index))

    def _fill_documents(self) -> None:
        """The documents are listed when the box is opened (a large library would
        otherwise fill it at every start and every script change)."""
        fixed = [(self.tr("All documents"), ""), (self.tr("Current document"), "@current")]
        self.doc_combo.set_items(fixed, self._document_items, self._document_title)

    def _document_title(self, doc_id: str) -> str:
        documents = self.documents()
        # A library read from its catalog knows titles without reading documents.
        title_of = getattr(documents, "title", None)
        if callable(title_of):
            title = str(title_of(doc_id))
        else:
            doc = documents.get(doc_id)
            title = doc.title if doc is not None else doc_id
        return display_text(title, self.simplified)

    def _document_items(self) -> Iterator[tuple[str, str]]:
        documents = self.documents()
        title_of = getattr(documents, "title", None)
        for doc_id in documents:
            title = title_of(doc_id) if callable(title_of) else documents[doc_id].title
            yield display_text(title, self.simplified), doc_id

    def set_simplified(self, simplified: bool) -> None:
        if simplified != self.simplified:
            self.simplified = simplified
            self._fill_documents()
            self.refresh()

    def set_current_document(self, doc_id: str) -> None:
        self.current_doc_id = doc_id
        if self.doc_combo.currentData() == "@current":
            self.refresh()

    def select(self, *, color: str = "", tag: str = "", doc_id: str = "", kind: str = "") -> None:
        """Set filters as a user would pick them (used by menus and tests)."""
        for combo, value in (
            (self.color_combo, color),
            (self.tag_combo, tag),
            (self.doc_combo, doc_id),
            (self.kind_combo, kind),
        ):
            if combo is self.doc_combo:
                index = self.doc_combo.find_document(value)
            else:
                index = combo.findData(value)
            if index < 0 and combo is self.tag_combo and value:
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(0, index))
        self.refresh()

    def current_filter(self) -> AnnotationFilter:
        color = str(self.color_combo.currentData() or "")
        tag = str(self.tag_combo.currentData() or "")
        doc = str(self.doc_combo.currentData() or "")
        if doc == "@current":
            doc = self.current_doc_id or "\0"  # no document open: nothing matches
        kind = str(self.kind_combo.currentData() or "")
        since = None
        span = str(self.date_combo.currentData() or "")
        if span:
            now = datetime.now().astimezone()
            midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
            since = {
                "today": midnight,
                "week": midnight - timedelta(days=6),
                "month": midnight - timedelta(days=29),
                "year": midnight - timedelta(days=364),
            }[span]
        return AnnotationFilter(
            colors=frozenset({color}) if color else frozenset(),
            tags=frozenset({tag}) if tag else frozenset(),
            doc_ids=frozenset({doc}) if doc else frozenset(),
            kinds=frozenset({AnnotationKind(kind)}) if kind else frozenset(),
            since=since,
            text=self.search_edit.text(),
        )

    def tree_labels(self) -> TreeLabels:
        return TreeLabels(
            beginning=self.tr("(Beginning)"),
            detached=self.tr("Detached — text not found in this version"),
            bookmark=self.tr("Bookmark: %1"),
            missing_document=self.tr("(no longer in the library)"),
        )

    # -- results ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self._debounce.stop()
        self.service.query(self.current_filter(), self.simplified, self.tree_labels())

    def _on_result(self, result: PanelResult) -> None:
        self.model.set_root(result.root)
        if result.count <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self._fill_tags(result.tags)
        # Colour labels come from the controller, which sets them once their change is
        # committed; a query that started earlier must not put the old labels back.
        where = replace(self.current_filter(), text="")
        filtered = where != AnnotationFilter() or bool(self.search_edit.text().strip())
        text = (
            self.tr("%1 matching").replace("%1", str(result.count))
            if filtered
            else self.tr("%1 in the library").replace("%1", str(result.count))
        )
        self.status.setText(text)
        self.shown.emit(result.count)

    def annotation_rows(self) -> list[Annotation]:
        """The annotations now listed, in tree order."""
        return self.model.root.annotations()

    def index_of(self, annotation_id: str) -> QModelIndex:
        for d, doc_node in enumerate(self.model.root.children):
            doc_index = self.model.index(d, 0)
            for s, section in enumerate(doc_node.children):
                section_index = self.model.index(s, 0, doc_index)
                for r, node in enumerate(section.children):
                    if node.annotation is not None and node.annotation.id == annotation_id:
                        return self.model.index(r, 0, section_index)
        return QModelIndex()

    def _annotation_at(self, index: QModelIndex) -> Annotation | None:
        if not index.isValid() or index.data(Role.NODE_KIND) != NodeKind.ANNOTATION:
            return None
        return self.model.node(index).annotation

    def _on_activated(self, index: QModelIndex) -> None:
        annotation = self._annotation_at(index)
        if annotation is not None:
            self.activated.emit(annotation)

    def _context_menu(self, pos: QPoint) -> None:
        annotation = self._annotation_at(self.tree.indexAt(pos))
        if annotation is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Go to"), lambda: self.activated.emit(annotation))
        edit_text = (
            self.tr("Rename…")
            if annotation.kind is AnnotationKind.BOOKMARK
            else self.tr("Edit note and tags…")
        )
        menu.addAction(edit_text, lambda: self.edit_requested.emit(annotation))
        menu.addAction(self.tr("Delete"), lambda: self.delete_requested.emit(annotation))
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QKeyEvent

            if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete:
                annotation = self._annotation_at(self.tree.currentIndex())
                if annotation is not None:
                    self.delete_requested.emit(annotation)
                    return True
        return super().eventFilter(watched, event)
