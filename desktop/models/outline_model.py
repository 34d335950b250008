"""The outline of one document: headings nested by level (一、/（一）/一是, or 编/章/节),
with a law's articles under the heading that contains them."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.models.roles import NodeKind, Role
from desktop.text import display_text
from index.document import Block, Document

ARTICLE_LEAD = 16  # characters of an article's text shown after its number


def outline_title(block: Block) -> str:
    """What the outline shows: a heading's title; an article's number and first words."""
    if block.is_heading:
        return block.outline_title or block.text
    label = block.article or block.outline_title
    rest = block.text[len(label) :].strip() if block.text.startswith(label) else block.text
    lead = rest[:ARTICLE_LEAD] + ("…" if len(rest) > ARTICLE_LEAD else "")
    return f"{label}  {lead}" if lead else label


def outline_items(doc: Document, simplified: bool) -> list[QStandardItem]:
    """Top-level outline items of ``doc``: headings (一、/（一）/一是, or 编/章/节) with the
    headings and articles inside them as children.  Items (项) are never entries."""
    roots: list[QStandardItem] = []
    stack: list[tuple[int, QStandardItem]] = []  # (depth, item)
    for block in doc.outline_entries():
        item = QStandardItem(display_text(outline_title(block), simplified))
        if block.is_heading:  # an article's line already shows its words
            item.setToolTip(display_text(block.text[:200], simplified))
        item.setData(doc.id, Role.DOC_ID)
        item.setData(block.id, Role.BLOCK_ID)
        item.setData(NodeKind.HEADING, Role.NODE_KIND)
        # An article sits under the innermost heading containing it.
        depth = max(1, len(block.section)) if block.is_heading else len(block.section) + 1
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].appendRow(item)
        else:
            roots.append(item)
        if block.is_heading:
            stack.append((depth, item))
    return roots


class OutlineModel(QStandardItemModel):
    """The current document's outline; ``index_for_block`` finds a heading's row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self._items: dict[str, QStandardItem] = {}

    def set_document(self, doc: Document | None, simplified: bool) -> None:
        self.clear()
        self._items.clear()
        self.document = doc
        if doc is None:
            return
        self.invisibleRootItem().appendRows(outline_items(doc, simplified))  # one insertion
        self._collect(self.invisibleRootItem())

    def _collect(self, parent: QStandardItem) -> None:
        for row in range(parent.rowCount()):
            child = parent.child(row)
            self._items[child.data(Role.BLOCK_ID)] = child
            self._collect(child)

    def item_for_block(self, block_id: str) -> QStandardItem | None:
        return self._items.get(block_id)
