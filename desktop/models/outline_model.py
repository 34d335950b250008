"""The outline of one document: headings nested by level (一、 / （一） / 一是)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.models.roles import NodeKind, Role
from desktop.text import display_text
from index.document import Document


def outline_items(doc: Document, simplified: bool) -> list[QStandardItem]:
    """Top-level outline items of ``doc``; a heading's children are the headings inside it."""
    roots: list[QStandardItem] = []
    stack: list[tuple[int, QStandardItem]] = []  # (depth, item)
    for block in doc.headings():
        title = block.outline_title or block.text
        item = QStandardItem(display_text(title, simplified))
        item.setEditable(False)
        item.setToolTip(display_text(block.text[:200], simplified))
        item.setData(doc.id, Role.DOC_ID)
        item.setData(block.id, Role.BLOCK_ID)
        item.setData(NodeKind.HEADING, Role.NODE_KIND)
        depth = max(1, len(block.section))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].appendRow(item)
        else:
            roots.append(item)
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
        for item in outline_items(doc, simplified):
            self.appendRow(item)
        self._collect(self.invisibleRootItem())

    def _collect(self, parent: QStandardItem) -> None:
        for row in range(parent.rowCount()):
            child = parent.child(row)
            self._items[child.data(Role.BLOCK_ID)] = child
            self._collect(child)

    def item_for_block(self, block_id: str) -> QStandardItem | None:
        return self._items.get(block_id)
