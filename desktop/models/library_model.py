"""The library tree: category (or source) → department (or year) → document → outline,
with earlier versions of a document under 历史版本 beneath it.  The personal library's
documents come first in a group of their own; each installed pack's documents are
grouped the same way beneath a row of the pack's title, after the bundled library.

A custom item model over :class:`desktop.catalog.LibraryEntry` rows: nothing is built for
a row until the view asks for it (a document's outline appears when it is expanded), and
a filter result from :mod:`desktop.library_filter` is shown by choosing which children
each node lists — no per-row callbacks, no recursion over the library on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.catalog import LibraryEntry, listing_key
from desktop.models.roles import NodeKind, Role
from desktop.text import display_text

if TYPE_CHECKING:  # the filter's code loads with the first filter typed, not to start
    from desktop.library_filter import FilterResult

__all__ = [
    "CATEGORY_ORDER",
    "LibraryModel",
    "LibraryNode",
    "ShownRows",
]

log = logging.getLogger(__name__)

# Categories in the order of the legal system; others follow by name.
CATEGORY_ORDER = (
    "宪法",
    "宪法相关法",
    "法律",
    "民法典",
    "民法商法",
    "行政法",
    "经济法",
    "社会法",
    "刑法",
    "诉讼与非诉讼程序法",
    "行政法规",
    "监察法规",
    "司法解释",
    "部门规章",
    "地方性法规",
)
_ORDER = {name: i for i, name in enumerate(CATEGORY_ORDER)}

AnyIndex = QModelIndex | QPersistentModelIndex


class LibraryNode:
    __slots__ = (
        "block_id",
        "children",
        "depth",
        "doc_id",
        "entry",
        "kind",
        "loaded",
        "parent",
        "pending",
        "row",
        "text",
        "visible",
    )

    def __init__(
        self,
        kind: str,
        text: str,
        parent: LibraryNode | None,
        entry: LibraryEntry | None = None,
        block_id: str = "",
        depth: int = 0,
    ) -> None:
        self.kind = kind
        self.text = text
        self.parent = parent
        self.entry = entry
        self.doc_id = entry.doc_id if entry is not None else ""
        self.block_id = block_id
        self.depth = depth
        self.children: list[LibraryNode] = []
        self.visible: list[LibraryNode] = self.children
        self.row = 0
        # A document's rows (earlier versions, outline) and a group's documents are
        # made when the view first asks for them.
        self.loaded = kind not in (NodeKind.DOCUMENT,)
        self.pending: PendingMembers | None = None


def _category_key(name: str) -> tuple[int, str]:
    return (_ORDER.get(name, len(_ORDER)), name)


GroupKeys = tuple[int, str, str, str, str, bool, str]


def _group_keys(entries: Sequence[LibraryEntry]) -> Iterator[GroupKeys]:
    for row, e in enumerate(entries):
        yield row, e.category, e.department, e.source, e.year, e.current, e.version_group


class PendingMembers:
    """A group's documents whose rows are not made yet: positions in ``source``; an
    entry is asked for only when its row is made (a large library's catalog makes
    entries as they are listed, see :class:`desktop.catalog.RowEntries`)."""

    __slots__ = ("rows", "source")

    def __init__(self, source: Sequence[LibraryEntry], rows: Sequence[int]) -> None:
        self.source = source
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def sort_for_listing(self) -> None:
        """In listing order, reversed: rows are taken from the end."""
        if not self.rows:
            return
        law = bool(self.source[self.rows[0]].category)
        sort_rows = getattr(self.source, "sort_rows", None)
        if callable(sort_rows):
            self.rows = sort_rows(self.rows, law)
        else:
            source = self.source
            self.rows = sorted(self.rows, key=lambda r: listing_key(source[r], law), reverse=True)

    def pop(self) -> LibraryEntry:
        rows = self.rows
        if not isinstance(rows, list):  # as a catalog stored them: made a list once
            rows = self.rows = list(rows)
        return self.source[rows.pop()]


GROUP_KINDS = (
    NodeKind.PERSONAL,
    NodeKind.PACK,
    NodeKind.SOURCE,
    NodeKind.YEAR,
    NodeKind.DEPARTMENT,
)


class LibraryModel(QAbstractItemModel):
    """The library tree; :meth:`set_entries` fills it, :meth:`apply_filter` narrows it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = LibraryNode("root", "", None)
        self._entries: Sequence[LibraryEntry] = ()
        self._doc_nodes: dict[str, LibraryNode] = {}
        self._entry_nodes: dict[int, LibraryNode] = {}  # id(entry) → its document node
        self._home_map: dict[str, LibraryNode] = {}  # doc id → the group it is listed in
        # groups whose documents are not in _home_map yet: (group, the ids' column, rows)
        self._homeless: list[tuple[LibraryNode, Any, Sequence[int]]] = []
        # version group → its documents (positions in the sequence they came in)
        self._versions: dict[str, list[tuple[Sequence[LibraryEntry], int]]] | None = None
        self._version_sources: list[Sequence[LibraryEntry]] = []
        self._waiting: list[LibraryNode] = []  # groups whose documents are not made yet
        self._sorted: set[LibraryNode] = set()
        self._filter: FilterResult | None = None
        self.partly_shown: list[LibraryNode] = []  # documents listed for a matching heading
        self.simplified = False
        self.history_label = "历史版本"
        self.nodes_built = 0  # rows made, for tests that check what start and filter cost

    # -- content ---------------------------------------------------------------------------
    @property
    def entries(self) -> Sequence[LibraryEntry]:
        return self._entries

    def set_entries(
        self,
        entries: Sequence[LibraryEntry],
        simplified: bool,
        personal: Sequence[LibraryEntry] = (),
        personal_label: str = "",
        history_label: str = "",
        library_titles: dict[str, str] | None = None,
    ) -> None:
        """``entries`` marked with a :attr:`LibraryEntry.library` (a pack's) are listed
        beneath a row of that library's title from ``library_titles``."""
        self.beginResetModel()
        self._entries, self.simplified = entries, simplified
        if history_label:
            self.history_label = history_label
        self._doc_nodes.clear()
        self._entry_nodes.clear()
        self._home_map.clear()
        self._homeless = []
        self._versions = None
        self._version_sources = []
        self._waiting = []
        self._sorted = set()
        self._filter = None
        self.partly_shown = []
        root = self._root = LibraryNode("root", "", None)
        if personal:
            group = self._add(root, LibraryNode(NodeKind.PERSONAL, personal_label, root))
            mine = list(personal)
            self._defer(group, PendingMembers(mine, list(range(len(mine)))))
        by_library: dict[str, list[LibraryEntry]] = {}
        if callable(getattr(entries, "group_keys", None)):  # one library, from its columns
            self._build_groups(root, entries)
        else:
            for entry in entries:
                by_library.setdefault(entry.library, []).append(entry)
            self._build_groups(root, by_library.pop("", []))
        titles = library_titles or {}
        for label in sorted(by_library, key=lambda name: (titles.get(name, name), name)):
            pack = self._add(root, LibraryNode(NodeKind.PACK, titles.get(label, label), root))
            self._build_groups(pack, by_library[label])
        self.endResetModel()

    def _add(self, parent: LibraryNode, node: LibraryNode) -> LibraryNode:
        node.row = len(parent.children)
        parent.children.append(node)
        self.nodes_built += 1
        return node

    def _defer(self, group: LibraryNode, members: PendingMembers) -> None:
        self._waiting.append(group)
        group.pending = members
        group.loaded = False
        source = members.source
        doc_ids = getattr(source, "doc_ids", None)
        if callable(doc_ids):  # recorded when first looked up, after the first paint
            # the rows as they came: sorting replaces them, it does not change them
            self._homeless.append((group, doc_ids, members.rows))
            return
        for row in members.rows:
            self._home_map[source[row].doc_id] = group

    @property
    def _home(self) -> dict[str, LibraryNode]:
        """Doc id → the group it is listed in."""
        if self._homeless:
            for group, doc_ids, rows in self._homeless:
                self._home_map.update(zip(map(doc_ids().__getitem__, rows), repeat(group)))
            self._homeless = []
        return self._home_map

    def _build_groups(self, root: LibraryNode, entries: Sequence[LibraryEntry]) -> None:
        """Category (or source) and department (or year) rows; their documents wait.
        Nothing is asked of an entry here: a catalog's rows bring the groups, worked out
        without running code per document (the work grows with the groups only)."""
        self._version_sources.append(entries)
        self._versions = None  # worked out when first needed, after the first paint
        group_rows = getattr(entries, "group_rows", None)
        # group → sub-group → (law, its rows in pieces: one per key the catalog groups by)
        groups: dict[str, dict[str, tuple[bool, list[Sequence[int]]]]] = {}
        if callable(group_rows):
            for group_key, sub_key, law, rows in group_rows():
                if not law:
                    group_key, sub_key = group_key or "—", sub_key or "—"
                held = groups.setdefault(group_key, {}).setdefault(sub_key, (law, []))
                held[1].append(rows)
        else:
            for row, category, department, source, year, current, _ in _group_keys(entries):
                if not current:
                    continue
                if category:
                    group_key, sub_key = category, department
                else:
                    group_key, sub_key = source or "—", year or "—"
                held = groups.setdefault(group_key, {}).setdefault(sub_key, (bool(category), []))
                if not held[1]:
                    held[1].append([])
                piece = held[1][0]
                assert isinstance(piece, list)
                piece.append(row)
        for group_name in sorted(groups, key=_category_key):
            subs = groups[group_name]
            group = self._add(root, LibraryNode(NodeKind.SOURCE, group_name, root))
            for sub_name in sorted(subs, key=lambda name: (bool(name), name)):
                law, pieces = subs[sub_name]
                # one piece as it came (a catalog's rows are not made into a list here)
                members = pieces[0] if len(pieces) == 1 else list(chain.from_iterable(pieces))
                if not sub_name:  # a category without departments: its documents directly
                    self._defer(group, PendingMembers(entries, members))
                    continue
                kind = NodeKind.DEPARTMENT if law else NodeKind.YEAR
                sub = self._add(group, LibraryNode(kind, sub_name, group))
                self._defer(sub, PendingMembers(entries, members))

    @property
    def _version_map(self) -> dict[str, list[tuple[Sequence[LibraryEntry], int]]]:
        """Version group → its documents (positions in the sequence they came in)."""
        if self._versions is None:
            versions: dict[str, list[tuple[Sequence[LibraryEntry], int]]] = {}
            for entries in self._version_sources:
                keys = getattr(entries, "group_keys", None)
                rows = keys() if callable(keys) else _group_keys(entries)
                for row, *_, version_group in rows:
                    if version_group:
                        versions.setdefault(version_group, []).append((entries, row))
            self._versions = versions
        return self._versions

    def _versions_of(self, entry: LibraryEntry) -> list[LibraryEntry]:
        return [source[row] for source, row in self._version_map.get(entry.version_group, ())]

    def _load(self, node: LibraryNode) -> None:
        """Make a group's document rows, or a document's rows (earlier versions, outline)."""
        if node.loaded:
            return
        node.loaded = True
        if node.pending is not None:
            node.loaded = False
            self._load_group(node)
            return
        entry = node.entry
        if entry is None:
            return
        entry.load_outline()
        # Rows a filter chose before the outline was read (an earlier version that
        # matched) stay the rows shown; the headings are there once the filter is cleared.
        chosen = node.visible if self._filter is not None and node.visible else None
        self._make_history(node)
        stack: list[LibraryNode] = []
        for position in entry.tree_headings:
            item = entry.outline[position]
            while stack and stack[-1].depth >= item.depth:
                stack.pop()
            parent = stack[-1] if stack else node
            heading = LibraryNode(
                NodeKind.HEADING, item.title, parent, entry, item.block_id, item.depth
            )
            self._add(parent, heading)
            stack.append(heading)
        if chosen is not None and chosen is not node.children:
            node.visible = chosen
        else:
            self._show_all(node)

    def _make_history(self, node: LibraryNode) -> None:
        """The 历史版本 row of a current document with its earlier versions (made once;
        nothing is read)."""
        entry = node.entry
        if entry is None or not entry.current:
            return
        if any(child.kind == NodeKind.HISTORY for child in node.children):
            return
        older = [e for e in self._versions_of(entry) if e is not entry]
        if older:
            history = self._add(node, LibraryNode(NodeKind.HISTORY, "", node))
            older.sort(key=lambda e: e.published, reverse=True)
            for old in older:
                self._add_document(history, old)

    def _load_group(self, group: LibraryNode, limit: int | None = None) -> int:
        """Make up to ``limit`` of the group's document rows (all by default); the
        group counts as loaded once none is left.  Returns how many were made."""
        members = group.pending
        if members is None:
            return 0
        if group not in self._sorted:
            members.sort_for_listing()
            self._sorted.add(group)
        count = len(members) if limit is None else min(limit, len(members))
        prefetch = getattr(members.source, "prefetch", None)
        if callable(prefetch) and count:  # the entries' cells read at once
            prefetch(members.rows[len(members) - count :])
        for _ in range(count):
            self._add_document(group, members.pop())
        if not members:
            group.pending = None
            group.loaded = True
            self._sorted.discard(group)
        if group.visible is not group.children and self._filter is None:
            group.visible = group.children
        return count

    def load_some(self, limit: int) -> bool:
        """Make up to ``limit`` waiting document rows (work done in slices between
        events, so a filter never has to); True when every group is made."""
        while self._waiting:
            group = self._waiting[-1]
            if group.pending is None:
                self._waiting.pop()
                continue
            limit -= self._load_group(group, limit)
            if limit <= 0:
                return not any(g.pending is not None for g in self._waiting)
        return True

    def _add_document(self, parent: LibraryNode, entry: LibraryEntry) -> LibraryNode:
        node = self._add(parent, LibraryNode(NodeKind.DOCUMENT, entry.title, parent, entry))
        self._doc_nodes.setdefault(entry.doc_id, node)
        self._entry_nodes[id(entry)] = node
        return node

    def _node_for_entry(self, entry: LibraryEntry) -> LibraryNode | None:
        node = self._entry_nodes.get(id(entry))
        if node is not None:
            return node
        if not entry.current and entry.version_group:
            newest = next((e for e in self._versions_of(entry) if e.current), None)
            holder = self._node_for_entry(newest) if newest is not None else None
            if holder is not None:  # its outline is not needed to list the version
                self._make_history(holder)
            return self._entry_nodes.get(id(entry))
        home = self._home.get(entry.doc_id)
        if home is not None:
            self._load(home)
        return self._entry_nodes.get(id(entry))

    def _show_all(self, node: LibraryNode) -> None:
        """Every made child listed (no filter); rows renumbered, made levels only."""
        node.visible = node.children
        for row, child in enumerate(node.children):
            child.row = row
            if child.children:
                self._show_all(child)

    # -- filtering -------------------------------------------------------------------------
    def row_count_of(self, node: LibraryNode) -> int:
        """How many rows expanding ``node`` shows (its documents made if need be)."""
        if node.pending is not None:
            return len(node.pending) + len(node.children)
        return len(node.visible)

    @property
    def root(self) -> LibraryNode:
        return self._root

    @property
    def filter_text(self) -> str:
        return self._filter.needle if self._filter is not None else ""

    def apply_filter(self, result: FilterResult | None, plan: ShownRows | None = None) -> None:
        """Show what ``result`` matched (None or an empty needle: everything).

        ``plan``: the rows to show, prepared slice by slice beforehand
        (:meth:`plan_rows`); without one they are worked out now, all at once."""
        if result is not None and result.needle:
            if plan is None or plan.result is not result:
                plan = self.plan_rows(result)
            while not plan.step(1 << 62):
                pass
        self.beginResetModel()
        if result is None or not result.needle or plan is None:
            self._filter = None
            self.partly_shown = []
            self._show_all(self._root)
        else:
            self._filter = result
            self.partly_shown = plan.partly_shown
            for node, rows in plan.rows:
                node.visible = rows
                for row, child in enumerate(rows):
                    child.row = row
            for node in plan.whole_nodes:
                if node.loaded:
                    self._show_all(node)
                else:
                    node.visible = node.children  # listed in full once it is loaded
        self.endResetModel()

    def plan_rows(self, result: FilterResult) -> ShownRows:
        """The rows ``result`` lists, found in steps (:meth:`ShownRows.step`) between
        events; nothing shown changes until :meth:`apply_filter` takes the plan."""
        return ShownRows(self, result)

    @staticmethod
    def _mark_up(node: LibraryNode, shown: set[int]) -> None:
        current: LibraryNode | None = node
        while current is not None and id(current) not in shown:
            shown.add(id(current))
            current = current.parent

    def _mark_headings(self, node: LibraryNode, wanted: set[str], shown: set[int]) -> None:
        for child in node.children:
            if child.kind == NodeKind.HEADING:
                if child.block_id in wanted:
                    self._mark_up(child, shown)
                self._mark_headings(child, wanted, shown)

    def load_outline(self, doc_id: str) -> None:
        """Make ``doc_id``'s rows (and read its outline) if not done yet."""
        node = self._doc_nodes.get(doc_id)
        if node is None:
            home = self._home.get(doc_id)
            if home is None:
                return
            self._load(home)
            node = self._doc_nodes.get(doc_id)
        if node is not None and not node.loaded:
            self._load(node)

    def ensure_loaded(self, node: LibraryNode) -> None:
        self._load(node)

    def heading_path(self, doc: LibraryNode) -> list[LibraryNode]:
        """``doc`` and every listed heading under it that lists further headings."""
        out = [doc]
        stack = list(doc.visible)
        while stack:
            node = stack.pop()
            if node.kind == NodeKind.HEADING and node.visible:
                out.append(node)
                stack.extend(node.visible)
        return out

    # -- lookup ----------------------------------------------------------------------------
    def index_for(self, doc_id: str, block_id: str = "") -> QModelIndex:
        """The row of a document, or of one of its headings (invalid when hidden)."""
        node = self._doc_nodes.get(doc_id)
        if node is None:
            home = self._home.get(doc_id)
            if home is not None:
                self._load(home)
            node = self._doc_nodes.get(doc_id)
        if node is None:
            return QModelIndex()
        if block_id:
            self._load(node)
            found = self._find_heading(node, block_id)
            if found is not None:
                node = found
        return self._index_of(node)

    def _find_heading(self, node: LibraryNode, block_id: str) -> LibraryNode | None:
        for child in node.children:
            if child.kind != NodeKind.HEADING:
                continue
            if child.block_id == block_id:
                return child
            found = self._find_heading(child, block_id)
            if found is not None:
                return found
        return None

    def index_of_node(self, node: LibraryNode) -> QModelIndex:
        return self._index_of(node)

    def _index_of(self, node: LibraryNode) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        parent = node.parent
        if not (0 <= node.row < len(parent.visible)) or parent.visible[node.row] is not node:
            return QModelIndex()
        if parent is not self._root and not self._index_of(parent).isValid():
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def node(self, index: AnyIndex) -> LibraryNode:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, LibraryNode)
        return node

    # -- QAbstractItemModel ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self.node(parent)
        if column != 0:
            return QModelIndex()
        if not node.loaded:
            self._load(node)
        if not 0 <= row < len(node.visible):
            return QModelIndex()
        return self.createIndex(row, 0, node.visible[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self.node(index).parent
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        if not node.loaded:
            self._load(node)
        return len(node.visible)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        node = self.node(parent)
        if not node.loaded:
            if node.pending is not None:
                return bool(node.pending)
            entry = node.entry
            if entry is None:
                return False
            if not entry.outline_loaded:
                return True  # read when the row is opened
            return bool(entry.tree_headings or self._has_history(entry))
        return bool(node.visible)

    def _has_history(self, entry: LibraryEntry) -> bool:
        return entry.current and len(self._version_map.get(entry.version_group, ())) > 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    # No flags(): QAbstractItemModel's own (enabled and selectable, none for the root)
    # are this tree's, and the tree asks for them twice per row it lays out — from C++,
    # without a call into Python and a flags value made for each.

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(node)
        if role == Role.NODE_KIND:
            return node.kind
        if role == Role.DOC_ID:
            return node.doc_id or None
        if role == Role.BLOCK_ID:
            return node.block_id or None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        return None

    def _label(self, node: LibraryNode) -> str:
        if node.kind == NodeKind.HISTORY:
            return self.history_label
        text = display_text(node.text, self.simplified)
        entry = node.entry
        if node.kind == NodeKind.DOCUMENT and entry is not None and not entry.current:
            return f"{entry.published[:10]}  {text}" if entry.published else text
        return text

    def _tooltip(self, node: LibraryNode) -> str | None:
        entry = node.entry
        if entry is None or node.kind != NodeKind.DOCUMENT:
            return None
        where = entry.source or " ".join(p for p in (entry.category, entry.department) if p)
        return display_text(f"{entry.title}\n{where} {entry.published[:10]}", self.simplified)


class ShownRows:
    """Which rows a filter result lists, worked out a bounded amount at a time so that
    showing a result that matches most of a large library never holds the window:
    first each match is placed (rows made where needed, marked up to the root), then
    the rows each listed node shows are collected, top down.  Nothing the view sees
    changes until :meth:`LibraryModel.apply_filter` takes the finished plan."""

    def __init__(self, model: LibraryModel, result: FilterResult) -> None:
        self.model = model
        self.result = result
        self.shown: set[int] = set()  # ids of the nodes listed
        self.whole: set[int] = set()  # ids of the nodes listed with everything beneath them
        self.partly_shown: list[LibraryNode] = []  # listed for a matching heading
        self.rows: list[tuple[LibraryNode, list[LibraryNode]]] = []  # node → rows it lists
        self.whole_nodes: list[LibraryNode] = []
        self._positions = list(result.matches)
        self._next = 0
        self._to_list: list[LibraryNode] | None = None  # nodes whose rows are not collected
        self.work = 0  # matches placed and nodes listed (a measure for tests)
        self.done = False

    def step(self, limit: int) -> bool:
        """Place up to ``limit`` matches, or collect the rows of up to ``limit`` nodes;
        True once every row to list is known."""
        if self.done:
            return True
        if self._to_list is None:
            if not self._place(limit):
                return False
            self._to_list = [self.model.root]
            return False
        return self._collect(limit)

    def _place(self, limit: int) -> bool:
        model, entries, matches = self.model, self.model.entries, self.result.matches
        end = min(len(self._positions), self._next + limit)
        for position in self._positions[self._next : end]:
            self.work += 1
            node = model._node_for_entry(entries[position])
            if node is None:
                continue
            model._mark_up(node, self.shown)
            match = matches[position]
            if match.title:
                self.whole.add(id(node))
            else:
                model._load(node)
                self.partly_shown.append(node)
                entry = entries[position]
                wanted = {entry.outline[i].block_id for i in match.headings}
                model._mark_headings(node, wanted, self.shown)
        self._next = end
        if self._next < len(self._positions):
            return False
        # The personal group is filtered by title here: it holds a handful of documents.
        from desktop.library_filter import matches_filter

        needle = self.result.needle
        for group in model.root.children:
            if group.kind == NodeKind.PERSONAL:
                model._load(group)
                for doc in group.children:
                    if doc.entry is not None and matches_filter(doc.entry.title, needle):
                        model._mark_up(doc, self.shown)
                        self.whole.add(id(doc))
        return True

    def _collect(self, limit: int) -> bool:
        stack, shown, whole = self._to_list, self.shown, self.whole
        assert stack is not None
        for _ in range(limit):
            if not stack:
                break
            node = stack.pop()
            self.work += 1
            if id(node) in whole:
                self.whole_nodes.append(node)
                continue
            rows = [child for child in node.children if id(child) in shown]
            self.rows.append((node, rows))
            stack.extend(rows)
        self.done = not stack
        return self.done
