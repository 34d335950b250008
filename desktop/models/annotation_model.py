"""The annotations panel's tree: document → outline section → annotation.

The tree is built from :func:`desktop.annotations.group_by_document` in plain Python
(:func:`build_tree`), so a worker thread can build it for a large store; the Qt model
only swaps in the finished tree, which costs the GUI thread nothing per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop.annotations import Annotation, AnnotationKind, DocumentGroup
from desktop.models.roles import Role
from desktop.text import display_text

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 20

# Background colours of the five highlight keys, in the reading view and the panel.
HIGHLIGHT_COLORS: dict[str, str] = {
    "yellow": "#fff176",
    "green": "#c5e1a5",
    "blue": "#90caf9",
    "pink": "#f8bbd0",
    "purple": "#d1c4e9",
}
DETACHED_COLOR = QColor("#8a6d3b")
QUOTE_CHARS = 60


class NodeKind:
    ROOT = "root"
    DOCUMENT = "document"
    SECTION = "section"
    ANNOTATION = "annotation"


@dataclass(frozen=True)
class TreeLabels:
    """Translated words the tree needs (translated on the GUI thread, used by the worker)."""

    beginning: str = "(Beginning)"
    detached: str = "Detached — text not found in this version"
    bookmark: str = "Bookmark: %1"
    missing_document: str = "(no longer in the library)"


@dataclass(eq=False)
class AnnotationNode:
    kind: str
    text: str = ""
    tooltip: str = ""
    parent: AnnotationNode | None = None
    row: int = 0
    children: list[AnnotationNode] = field(default_factory=list)
    annotation: Annotation | None = None
    doc_id: str = ""
    detached: bool = False

    def add(self, child: AnnotationNode) -> AnnotationNode:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def annotations(self) -> list[Annotation]:
        """Every annotation in this subtree, in tree order."""
        found: list[Annotation] = []
        stack = [self]
        while stack:
            node = stack.pop()
            if node.annotation is not None:
                found.append(node.annotation)
            stack.extend(reversed(node.children))
        return found


def annotation_text(
    annotation: Annotation, simplified: bool, labels: TreeLabels, colors: Mapping[str, str]
) -> tuple[str, str]:
    """One-line row text and the tooltip (quote, note, tags, colour label)."""
    quote = display_text(annotation.exact, simplified).replace("\n", " ")
    short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
    if annotation.kind is AnnotationKind.BOOKMARK:
        name = display_text(annotation.name, simplified).replace("\n", " ")
        text = labels.bookmark.replace("%1", name or short)
    else:
        text = f"「{short}」"
    note = annotation.note.strip()
    if note:
        first = note.splitlines()[0]
        text += f"  — {first[:QUOTE_CHARS]}"
    if annotation.tags:
        text += "  " + " ".join(f"#{t}" for t in annotation.tags)
    tip = [quote]
    if note:
        tip.append(note)
    if annotation.tags:
        tip.append(" ".join(f"#{t}" for t in annotation.tags))
    label = colors.get(annotation.color, "")
    if label:
        tip.append(label)
    tip.append(annotation.created[:16].replace("T", " "))
    return text, "\n\n".join(tip)


def build_tree(
    groups: Sequence[DocumentGroup],
    simplified: bool,
    labels: TreeLabels,
    colors: Mapping[str, str],
) -> AnnotationNode:
    """Plain-Python tree of the groups (safe to build in a worker thread)."""
    root = AnnotationNode(NodeKind.ROOT)
    for group in groups:
        title = display_text(group.title, simplified)
        if group.document is None:
            title = f"{title} {labels.missing_document}"
        doc_node = root.add(
            AnnotationNode(
                NodeKind.DOCUMENT, f"{title}  ({group.count})", title, doc_id=group.doc_id
            )
        )
        for section in group.sections:
            # The nearest heading names the group; the whole outline path is the tooltip.
            if section.detached:
                heading = path = labels.detached
            elif section.path:
                heading = display_text(section.path[-1], simplified)
                path = display_text(" › ".join(section.path), simplified)
            else:
                heading = path = labels.beginning
            section_node = doc_node.add(
                AnnotationNode(
                    NodeKind.SECTION,
                    heading,
                    path,
                    doc_id=group.doc_id,
                    detached=section.detached,
                )
            )
            for annotation in section.annotations:
                text, tip = annotation_text(annotation, simplified, labels, colors)
                section_node.add(
                    AnnotationNode(
                        NodeKind.ANNOTATION,
                        text,
                        tip,
                        annotation=annotation,
                        doc_id=group.doc_id,
                        detached=section.detached or annotation.is_detached,
                    )
                )
    return root


class AnnotationTreeModel(QAbstractItemModel):
    """A read-only tree over an :class:`AnnotationNode` root."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = AnnotationNode(NodeKind.ROOT)
        self.count = 0

    def set_root(self, root: AnnotationNode) -> None:
        self.beginResetModel()
        self.root = root
        self.count = sum(len(s.children) for d in root.children for s in d.children)
        self.endResetModel()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> AnnotationNode:
        if not index.isValid():
            return self.root
        node = index.internalPointer()
        assert isinstance(node, AnnotationNode)
        return node

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        owner = self.node(parent)
        if column != 0 or not 0 <= row < len(owner.children):
            return QModelIndex()
        return self.createIndex(row, 0, owner.children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        owner = self.node(index).parent
        if owner is None or owner is self.root:
            return QModelIndex()
        return self.createIndex(owner.row, 0, owner)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip
        if role == Qt.ItemDataRole.DecorationRole and node.annotation is not None:
            colour = HIGHLIGHT_COLORS.get(node.annotation.color)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and node.detached:
            return DETACHED_COLOR
        if role == Qt.ItemDataRole.FontRole and node.kind == NodeKind.DOCUMENT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Role.NODE_KIND:
            return node.kind
        if role == Role.DOC_ID:
            return node.doc_id
        if role == Role.BLOCK_ID:
            return node.annotation.block_id if node.annotation is not None else None
        if role == ANNOTATION_ID_ROLE:
            return node.annotation.id if node.annotation is not None else None
        return None
