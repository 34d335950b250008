"""The outline of one document: headings nested by level (一、/（一）/一是, or 编/章/节),
with a law's articles under the heading that contains them.

A custom item model over plain Python rows: opening a law of a thousand articles makes
no Qt object per article (the view asks for the rows it shows) and a row's text is made
when it is first shown.  Rows answer the calls the window and its tests make of them
(``text``, ``child``, ``rowCount``, ``data``), as the items of a standard model do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.models.roles import NodeKind, Role
from desktop.text import display_text

if TYPE_CHECKING:  # documents' classes load with the first document read, after the paint
    from index.document import Block, Document

ARTICLE_LEAD = 16  # characters of an article's text shown after its number
TOOLTIP_CHARS = 200

AnyIndex = QModelIndex | QPersistentModelIndex


def outline_title(block: Block) -> str:
    """What the outline shows: a heading's title; an article's number and first words."""
    if block.is_heading:
        return block.outline_title or block.text
    label = block.article or block.outline_title
    rest = block.text[len(label) :].strip() if block.text.startswith(label) else block.text
    lead = rest[:ARTICLE_LEAD] + ("…" if len(rest) > ARTICLE_LEAD else "")
    return f"{label}  {lead}" if lead else label


class OutlineItem:
    """One row of the outline (a heading or an article)."""

    __slots__ = ("_text", "block", "children", "doc_id", "parent", "row", "simplified")

    def __init__(
        self, block: Block | None, doc_id: str, parent: OutlineItem | None, simplified: bool
    ) -> None:
        self.block = block
        self.doc_id = doc_id
        self.parent = parent
        self.simplified = simplified
        self.children: list[OutlineItem] = []
        self.row = 0
        self._text: str | None = None

    def text(self) -> str:
        if self._text is None:
            block = self.block
            self._text = display_text(outline_title(block), self.simplified) if block else ""
        return self._text

    def tooltip(self) -> str | None:
        block = self.block
        if block is None or not block.is_heading:  # an article's line shows its words
            return None
        return display_text(block.text[:TOOLTIP_CHARS], self.simplified)

    def child(self, row: int, column: int = 0) -> OutlineItem | None:
        return self.children[row] if column == 0 and 0 <= row < len(self.children) else None

    def rowCount(self) -> int:
        return len(self.children)

    def hasChildren(self) -> bool:
        return bool(self.children)

    def data(self, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text()
        if role == Role.BLOCK_ID:
            return self.block.id if self.block is not None else None
        if role == Role.DOC_ID:
            return self.doc_id or None
        if role == Role.NODE_KIND:
            return NodeKind.HEADING
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip()
        return None


def outline_items(doc: Document, simplified: bool, root: OutlineItem) -> list[OutlineItem]:
    """Every outline entry of ``doc`` under ``root``: headings (一、/（一）/一是, or
    编/章/节) with the headings and articles inside them as children.  Items (项) are
    never entries.  Returns them in document order."""
    made: list[OutlineItem] = []
    stack: list[tuple[int, OutlineItem]] = []  # (depth, item)
    for block in doc.outline_entries():
        # An article sits under the innermost heading containing it.
        depth = max(1, len(block.section)) if block.is_heading else len(block.section) + 1
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else root
        item = OutlineItem(block, doc.id, parent, simplified)
        item.row = len(parent.children)
        parent.children.append(item)
        made.append(item)
        if block.is_heading:
            stack.append((depth, item))
    return made


class OutlineModel(QAbstractItemModel):
    """The current document's outline; ``item_for_block`` finds a heading's row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self._root = OutlineItem(None, "", None, False)
        self._items: dict[str, OutlineItem] = {}

    def set_document(self, doc: Document | None, simplified: bool) -> None:
        self.beginResetModel()
        self._let_go()
        self.document = doc
        self._root = OutlineItem(None, "", None, simplified)
        self._items = {}
        if doc is not None:
            made = outline_items(doc, simplified, self._root)
            self._items = {item.block.id: item for item in made if item.block is not None}
        self.endResetModel()

    def _let_go(self) -> None:
        """Unlink the rows being replaced (each points at its parent and its children):
        freed at once by reference counting, they never wait for the collector, and
        rows the collector no longer looks at (desktop.collector) are not kept."""
        stack = [self._root]
        while stack:
            item = stack.pop()
            stack.extend(item.children)
            item.children = []
            item.parent = None

    # -- the calls made of a standard model --------------------------------------------------
    def item(self, row: int, column: int = 0) -> OutlineItem | None:
        return self._root.child(row, column)

    def invisibleRootItem(self) -> OutlineItem:
        return self._root

    def item_for_block(self, block_id: str) -> OutlineItem | None:
        return self._items.get(block_id)

    def indexFromItem(self, item: OutlineItem | None) -> QModelIndex:
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.row, 0, item)

    def itemFromIndex(self, index: AnyIndex) -> OutlineItem | None:
        return self._node(index) if index.isValid() else None

    def expandable_indexes(self) -> list[QModelIndex]:
        """The rows with rows beneath them (headings), each before its own, in order."""
        out: list[QModelIndex] = []
        stack = list(reversed(self._root.children))
        while stack:
            item = stack.pop()
            if item.children:
                out.append(self.createIndex(item.row, 0, item))
                stack.extend(reversed(item.children))
        return out

    # -- QAbstractItemModel ----------------------------------------------------------------
    def _node(self, index: AnyIndex) -> OutlineItem:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, OutlineItem)
        return node

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return bool(self._node(parent).children)

    # No flags(): QAbstractItemModel's own (enabled and selectable) are the outline's,
    # asked for from C++ without a call into Python for each row laid out.

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._node(index).data(role)
