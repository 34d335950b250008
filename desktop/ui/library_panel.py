"""The library dock: a filter box over the tree of categories, documents and outlines.

Filtering never holds the window: the match runs in slices of a few milliseconds between
events (:class:`desktop.library_filter.FilterJob`), a newer keystroke replaces an older
job, and typing on narrows the previous result instead of starting again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from desktop.catalog import DocumentsCatalog, LibraryEntry
from desktop.models.library_model import GROUP_KINDS, LibraryModel, LibraryNode, ShownRows
from desktop.models.roles import NodeKind, Role
from desktop.ui.first_paint import after_first_paint

if TYPE_CHECKING:  # the filter's code loads after the first paint (the readings with it)
    from desktop.library_filter import FilterJob, FilterResult
    from index.document import Document

log = logging.getLogger(__name__)


def _needle(text: str) -> str:
    """The filter typed, normalised; "" without loading the filter's code for none."""
    if not text.strip():
        return ""
    from desktop.library_filter import normalise_filter

    return normalise_filter(text)


def _load_pinyin() -> None:
    from desktop.library_filter import load_pinyin

    load_pinyin()


SLICE_SECONDS = 0.008  # one slice of filtering between two looks at the event queue
MAX_EXPANDED_DOCUMENTS = 50  # documents opened to show matching headings
SLICE_WORK = 4000  # and at most this many texts compared in one slice
ROWS_PER_SLICE = 400  # library rows made in one slice
EXPANDED_ROWS = 400  # rows that opening groups may show at once
# … and under a filter: a few screens, since the tree lays out every open row after a
# result is shown (a row costs the tree several calls into the model).
FILTER_EXPANDED_ROWS = 120
PLAN_PER_SLICE = 400  # matches placed in the tree in one slice


class LibraryPanel(QWidget):
    open_requested = Signal(str, str)  # document id, block id ('' for the top)
    filter_applied = Signal(str)  # the needle whose result is now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.model = LibraryModel(self)
        self.proxy = self.model  # the tree's model (kept under its former name)
        self.tree = QTreeView(self)
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self._entries: Sequence[LibraryEntry] = ()  # the bundled library's, then the packs'
        self._bundled: Sequence[LibraryEntry] = ()
        self._pack_groups: list[tuple[str, str, Sequence[LibraryEntry]]] = []
        self._simplified = False
        self._personal: list[LibraryEntry] = []
        self._personal_label = ""
        self._job: FilterJob | None = None
        self._plan: ShownRows | None = None  # the rows the finished job's result lists
        self._last: FilterResult | None = None  # the newest complete result
        self.filter_work = 0  # items compared by filters so far (a measure for tests)
        self.most_placed_in_a_slice = 0  # matches placed in the tree in one slice (the same)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_slice)
        # The library's rows are made in slices after start-up, so that a filter
        # matching thousands of documents finds them made.
        self._preload = QTimer(self)
        self._preload.setInterval(0)
        self._preload.timeout.connect(self._preload_slice)
        # ... once the tree has painted: the window shows first. (The tree's own paint,
        # not its viewport's: asking for the viewport, a widget made by Qt, has PySide
        # make the Python classes of every kind of widget, a cost best not paid before.)
        self._painted = False
        self._preload_wanted = False
        after_first_paint(self.tree, self._first_painted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter: title, heading or pinyin (szzf)"))
        self.filter_edit.setToolTip(
            self.tr("Type Chinese in either script, pinyin (shuzi) or pinyin initials (szzf).")
        )
        self.model.history_label = self.tr("Earlier versions")

    # -- content ---------------------------------------------------------------------------
    def set_documents(self, documents: Sequence[Document], simplified: bool) -> None:
        """Show parsed documents (a library without a build-time catalog)."""
        self.set_entries(DocumentsCatalog(documents).entries(), simplified)

    def set_entries(self, entries: Sequence[LibraryEntry], simplified: bool) -> None:
        self._bundled, self._simplified = entries, simplified
        self._join_entries()
        self._rebuild()
        if self._painted:
            _load_pinyin()  # the character readings: a few milliseconds now, not at a keystroke

    def set_simplified(self, simplified: bool) -> None:
        """Change the display script: the labels follow, the tree is not rebuilt."""
        self._simplified = simplified
        self.model.simplified = simplified
        self.tree.viewport().update()

    def set_personal_documents(self, documents: list[Document], label: str) -> None:
        """The user's imported documents, shown in a group of their own above the corpus."""
        self._personal = list(DocumentsCatalog(documents).entries())
        self._personal_label = label
        self._rebuild()

    def set_pack_groups(self, groups: Sequence[tuple[str, str, Sequence[LibraryEntry]]]) -> None:
        """The installed packs' documents ``(label, title, rows)``, each pack beneath a
        row of its title after the bundled library (the filter searches them too)."""
        if not groups and not self._pack_groups:
            return  # no pack before nor now: the tree stands (start-up sets it once)
        self._pack_groups = list(groups)
        self._join_entries()
        self._rebuild()

    def _join_entries(self) -> None:
        if not self._pack_groups:
            self._entries = self._bundled
            return
        joined = list(self._bundled)
        for _label, _title, rows in self._pack_groups:
            joined.extend(rows)
        self._entries = joined

    def _rebuild(self) -> None:
        self.model.set_entries(
            self._entries,
            self._simplified,
            self._personal,
            self._personal_label,
            self.tr("Earlier versions"),
            {label: title for label, title, _rows in self._pack_groups},
        )
        self._last = None
        self._job = self._plan = None
        needle = _needle(self.filter_edit.text())
        if needle:
            self._start(needle)
        else:
            self._expand_groups()
        if self._painted:
            self._preload.start()
        else:
            self._preload_wanted = True

    def _first_painted(self) -> None:
        self._painted = True
        # The character readings: a few milliseconds after the first paint, not at the
        # first keystroke.
        _load_pinyin()
        if self._preload_wanted:
            self._preload.start()

    def _preload_slice(self) -> None:
        if self.model.load_some(ROWS_PER_SLICE):
            self._preload.stop()

    def _expand_groups(self) -> None:
        """Open groups breadth-first while the rows they show stay within a budget, so
        the cost does not grow with the library; documents whose headings matched the
        filter open too (up to a limit)."""
        model = self.model
        budget = FILTER_EXPANDED_ROWS if model.filter_text else EXPANDED_ROWS
        queue = [model.root]
        to_expand: list[LibraryNode] = []
        while queue:
            node = queue.pop(0)
            for child in node.visible if node.loaded else []:
                if child.kind not in GROUP_KINDS:
                    continue
                rows = model.row_count_of(child)
                if rows > budget:
                    continue
                budget -= rows
                to_expand.append(child)
                model.ensure_loaded(child)
                queue.append(child)
        if model.filter_text:
            for doc in model.partly_shown[:MAX_EXPANDED_DOCUMENTS]:
                to_expand.extend(model.heading_path(doc))
        for node in to_expand:
            index = model.index_of_node(node)
            if index.isValid():
                self.tree.expand(index)

    # -- filtering -------------------------------------------------------------------------
    def _on_filter(self, text: str) -> None:
        needle = _needle(text)
        if self._job is not None and self._job.needle == needle:
            return
        if self._job is None and needle == self.model.filter_text:
            return
        self._start(needle)

    def _start(self, needle: str) -> None:
        from desktop.library_filter import FilterJob, FilterResult

        if not needle:
            self._job = self._plan = None
            self._timer.stop()
            self._show(FilterResult("", complete=True))
            return
        previous = self._last
        if self._job is not None and self._job.done:
            previous = self._job.result
        self._job = FilterJob(self._entries, needle, previous)
        self._run_slice()

    def _run_slice(self) -> None:
        job = self._job
        if job is None:
            return
        if not job.done:
            done_before = job.work
            job.run(SLICE_SECONDS, SLICE_WORK)
            self.filter_work += job.work - done_before
            self._timer.start()
            return
        if not self.model.load_some(ROWS_PER_SLICE):
            self._timer.start()  # the rows to show are still being made
            return
        # The rows the result lists are worked out in slices too: a needle that matches
        # most of the library changes the tree only once they are all known.
        plan = self._plan
        if plan is None or plan.result is not job.result:
            plan = self._plan = self.model.plan_rows(job.result)
        placed_before = plan.work
        finished = plan.step(PLAN_PER_SLICE)
        self.most_placed_in_a_slice = max(self.most_placed_in_a_slice, plan.work - placed_before)
        if not finished:
            self._timer.start()
            return
        self._job = self._plan = None
        self._show(job.result, plan)

    def _show(self, result: FilterResult, plan: ShownRows | None = None) -> None:
        self._last = result if result.needle else None
        self.model.apply_filter(result, plan)
        self._expand_groups()
        self.filter_applied.emit(result.needle)

    @property
    def filtering(self) -> bool:
        """A filter is still being computed."""
        return self._job is not None

    # -- activation and position -----------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        doc_id = index.data(Role.DOC_ID)
        if not doc_id:
            return
        kind = index.data(Role.NODE_KIND)
        block_id = index.data(Role.BLOCK_ID) if kind == NodeKind.HEADING else ""
        self.open_requested.emit(str(doc_id), str(block_id or ""))

    def visible_titles(self) -> list[str]:
        """Texts of every row the filter lets through, depth first (for tests and checks)."""
        titles: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                titles.append(str(index.data()))
                walk(index)

        walk(QModelIndex())
        return titles

    def show_position(self, doc_id: str, heading_id: str) -> None:
        """Select the current document, or the heading the reader is in.  The document's
        outline is read into the tree, so the filter finds its headings from now on."""
        self.model.load_outline(doc_id)
        index = self.model.index_for(doc_id, heading_id)
        if not index.isValid() and heading_id:
            index = self.model.index_for(doc_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
