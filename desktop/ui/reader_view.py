"""The reading view: one document, laid out for study, with search and find marks.

Nothing remote or on disk is ever loaded: ``loadResource`` refuses every URL, links
are not followed, and the text is inserted as plain text (see :mod:`rendering`).
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from desktop import fonts
from desktop.text import codepoint_offset, utf16_offset

if TYPE_CHECKING:
    # The text classes (QTextDocument, QTextCursor, the formats: some 17 enums PySide
    # makes on their first use) and the renderer load with the first text laid out,
    # after the window's first paint.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextCursor, QTextDocument

    from desktop.ui.rendering import PlacedBlock, Renderer
    from index.document import Document

log = logging.getLogger(__name__)

SEARCH_MARK = QColor("#ffe082")
FIND_MARK = QColor("#b3e5fc")
CURRENT_MARK = QColor("#ff9800")
COLUMN_EMS = 40  # a comfortable measure for CJK text
MIN_SIDE_EMS = 1.0  # the least margin either side, however narrow the pane
FIRST_BLOCKS = 80  # laid out before a document shows, at most: …
FIRST_SCREENS = 1.5  # … as many as fill this many screens (the rest follows in slices)
BLOCKS_PER_SLICE = 120  # laid out at a time when the rest is needed now (ensure_rendered)
SLICE_BLOCKS = 15  # between events, blocks are laid out in steps of this many …
SLICE_SECONDS = 0.012  # … until this much time has gone, so the window stays responsive


Mark = tuple[int, int, int]  # (block index, start, end) in code points within the block text
SpanFinder = Callable[[str], list[tuple[int, int]]]  # a block's text → its marked spans


class ReaderView(QTextBrowser):
    """Shows one document; positions are corpus block ids plus code-point offsets."""

    position_changed = Signal(str)  # block id at the top of the view
    rendered = Signal()  # the text was laid out afresh (document, script or zoom changed)
    completed = Signal()  # the rest of a long document has been laid out
    step_requested = Signal(int)  # n / N: the next (1) or previous (-1) match

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAcceptDrops(False)
        self.setUndoRedoEnabled(False)
        # A caret the keyboard moves, and Shift+arrows select: everything the mouse can
        # reach (highlight, note, copy with citation) the keyboard reaches too.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.document_model: Document | None = None
        self.placed: list[PlacedBlock] = []
        self.links: list[tuple[str, str]] = []  # (document id, block id) per ref:N link
        self._starts: list[int] = []
        self._index: dict[str, int] = {}
        self._renderer: Renderer | None = None
        self._more = QTimer(self)  # lays out the rest of a long document, a slice a time
        self._more.setInterval(0)
        self._more.timeout.connect(self._render_more)
        self.simplified = False
        self.zoom = 100
        self._em = 16.0
        self.search_marks: list[Mark] = []
        self._spans_of: SpanFinder | None = None  # marks blocks as they are laid out
        self._marked = 0  # blocks looked at by _spans_of so far
        self._search_selections: list[QTextEdit.ExtraSelection] | None = None
        self.find_marks: list[Mark] = []
        self.current_mark: Mark | None = None
        self._last_reported = ""
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(60)
        self._position_timer.timeout.connect(self._report_position)
        self._scroll_watched = False  # from the first document on (_watch_scrolling)

    # -- security --------------------------------------------------------------------------
    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        from PySide6.QtCore import QUrl  # loaded when first asked, not to start

        log.warning("refused to load a resource into the reading view: %s", QUrl(url).toString())
        return None

    def setSource(self, *args: Any, **kwargs: Any) -> None:
        log.warning("refused to navigate the reading view to %s", args[:1])

    # -- content ---------------------------------------------------------------------------
    def show_document(self, doc: Document | None, simplified: bool, zoom: int) -> None:
        self.document_model = doc
        self.simplified = simplified
        self.zoom = zoom
        self.search_marks = []
        self._spans_of = None
        self.find_marks = []
        self.current_mark = None
        self._render()
        self.verticalScrollBar().setValue(0)
        self._last_reported = ""
        self._report_position()

    def rerender(self, simplified: bool, zoom: int) -> None:
        """Change script or zoom keeping the reading position and the marks."""
        anchor = self.top_block_id()
        self.simplified = simplified
        self.zoom = zoom
        self._render()
        if anchor:
            self.scroll_to_block(anchor)

    def _watch_scrolling(self) -> None:
        """The reading position follows the scroll bar once there is a document to read.
        Not before: the scroll bar is a widget Qt made, and asking for it has PySide make
        its Python class (and its enums) before the window's first paint, for an empty
        view."""
        if not self._scroll_watched:
            self._scroll_watched = True
            self.verticalScrollBar().valueChanged.connect(lambda _v: self._position_timer.start())

    def _render(self) -> None:
        """Lay the document out: the first blocks now, the rest in slices between events
        (a long law shows at once and scrolls while the rest is laid out)."""
        from PySide6.QtGui import QFontMetricsF, QTextDocument

        from desktop.ui.rendering import BASE_POINT_SIZE, Renderer

        self._watch_scrolling()
        self._more.stop()
        qdoc = QTextDocument(self)
        qdoc.setDocumentMargin(24)
        font = fonts.reading_font(BASE_POINT_SIZE * self.zoom / 100)
        self._em = QFontMetricsF(font).horizontalAdvance("中")
        self.links = []
        self._renderer = None
        self.placed = []
        self._starts = []
        self._index = {}
        # The column's margins before any text: set afterwards, they would lay out
        # again what was just laid out.
        self._update_margins(qdoc)
        if self.document_model is not None:
            self._renderer = Renderer(qdoc, self.document_model, self.simplified, font, self.links)
            self._renderer.step(self._first_blocks(self.document_model))
            self.placed = self._renderer.placed
        self.setDocument(qdoc)
        self._search_selections = None  # they pointed into the old layout
        if self._spans_of is not None:
            self.search_marks, self._marked = [], 0
            self._mark_spans()
        self._sync_index()
        self._apply_marks()
        self.rendered.emit()
        if self._renderer is not None:
            # The rest between events; a short document says it is complete there too.
            self._more.start()

    def _first_blocks(self, doc: Document) -> int:
        """How many blocks fill about FIRST_SCREENS screens of the view: what opening
        lays out before the document shows (a block of n lines counts n + 1, for its
        spacing; a view not shown yet counts as 600 pixels tall)."""
        from desktop.ui.rendering import LINE_HEIGHT_PERCENT

        em = self._em
        column = min(em * COLUMN_EMS, self.viewport().width() - 2 * em * MIN_SIDE_EMS)
        per_line = max(1, int(max(column, em * 10) / em))
        line_height = em * LINE_HEIGHT_PERCENT / 100
        lines = FIRST_SCREENS * max(self.viewport().height(), 600) / line_height
        for count, block in enumerate(doc.blocks[:FIRST_BLOCKS], 1):
            lines -= 2 + len(block.text) // per_line
            if lines <= 0:
                return count
        return FIRST_BLOCKS

    def _sync_index(self) -> None:
        first = len(self._starts)
        for i in range(first, len(self.placed)):
            placed = self.placed[i]
            self._starts.append(placed.start)
            self._index[placed.block.id] = i
        if first and first < len(self.placed):
            self._marks_for_new_blocks(first)

    def _marks_for_new_blocks(self, first: int) -> None:
        """Blocks from ``first`` on were just laid out: mark their search spans, and show
        the marks that pointed at them before they were there."""
        fresh = self._mark_spans()
        waiting = self._spans_of is None and any(m[0] >= first for m in self.search_marks)
        if waiting:
            self._search_selections = None
        if fresh or waiting or any(m[0] >= first for m in self.find_marks):
            self._apply_marks()

    def _mark_spans(self) -> list[Mark]:
        """The search marks of the blocks laid out since the last call (added)."""
        spans_of = self._spans_of
        if spans_of is None:
            return []
        fresh: list[Mark] = []
        for i in range(self._marked, len(self.placed)):
            fresh.extend((i, start, end) for start, end in spans_of(self.placed[i].block.text))
        self._marked = len(self.placed)
        if fresh:
            self.search_marks = [*self.search_marks, *fresh]
            if self._search_selections is not None:
                self._search_selections.extend(self._selections(fresh, SEARCH_MARK))
        return fresh

    def _render_more(self) -> None:
        renderer = self._renderer
        if renderer is None or renderer.done:
            self._more.stop()
            if renderer is not None:  # laid out whole when it opened (a short document)
                self.completed.emit()
            return
        started = time.perf_counter()
        marked = False
        while True:
            finished = renderer.step(SLICE_BLOCKS)
            # The search marks of what was just laid out count in the slice's time.
            marked = bool(self._mark_spans()) or marked
            if finished or time.perf_counter() - started >= SLICE_SECONDS:
                break
        self._sync_index()
        if marked:
            self._apply_marks()
        if renderer.done:
            self._more.stop()
            self.completed.emit()

    @property
    def complete(self) -> bool:
        return self._renderer is None or self._renderer.done

    def ensure_rendered(self, block_id: str | None = None) -> None:
        """Lay out now every block up to ``block_id`` (all of them without one)."""
        renderer = self._renderer
        if renderer is None:
            return
        while not renderer.done and (block_id is None or block_id not in self._index):
            renderer.step(BLOCKS_PER_SLICE)
            self._sync_index()
        if renderer.done and self._more.isActive():
            self._more.stop()
            self.completed.emit()

    def link_target(self, url: QUrl | str) -> tuple[str, str] | None:
        """The (document id, block id) a cross-reference link leads to."""
        from PySide6.QtCore import QUrl  # loaded with the first link followed, not to start

        from desktop.ui.rendering import LINK_SCHEME

        url = QUrl(url)
        if url.scheme() != LINK_SCHEME or not url.path().isdigit():
            return None
        number = int(url.path())
        return self.links[number] if number < len(self.links) else None

    def block_text(self, index: int) -> str:
        return self.placed[index].block.text

    def block_index(self, block_id: str) -> int | None:
        found = self._index.get(block_id)
        if found is None and not self.complete:
            self.ensure_rendered(block_id)
            found = self._index.get(block_id)
        return found

    # -- the keyboard ----------------------------------------------------------------------
    _TO_THE_END = (
        QKeySequence.StandardKey.MoveToEndOfDocument,
        QKeySequence.StandardKey.SelectEndOfDocument,
    )
    _TO_THE_START = (
        QKeySequence.StandardKey.MoveToStartOfDocument,
        QKeySequence.StandardKey.SelectStartOfDocument,
    )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # n / Shift+N step through the matches, as in a pager (the text is read-only,
        # so the letters have nothing else to do here).
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_N and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            self.step_requested.emit(-1 if modifiers else 1)
            return
        # Ctrl+End goes to the end of the document, not of the part laid out so far;
        # both ends scroll there, whether the caret moved or not.
        if any(event.matches(key) for key in self._TO_THE_END):
            self.ensure_rendered()
            super().keyPressEvent(event)
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
            return
        if any(event.matches(key) for key in self._TO_THE_START):
            super().keyPressEvent(event)
            self.verticalScrollBar().setValue(0)
            return
        super().keyPressEvent(event)

    # -- positions -------------------------------------------------------------------------
    def block_index_at(self, qt_position: int) -> int | None:
        if not self._starts:
            return None
        i = bisect.bisect_right(self._starts, qt_position) - 1
        return max(i, 0)

    def top_block_id(self) -> str:
        """The first corpus block whose bottom is below the top edge of the view."""
        if not self.placed:
            return ""
        # Hit-test the top of the viewport: only what is on screen needs laying out
        # (a binary search over block rectangles would lay out half a long document).
        from PySide6.QtCore import QPoint  # asked after the first paint

        cursor = self.cursorForPosition(QPoint(self.viewport().width() // 2, 2))
        index = bisect.bisect_right(self._starts, cursor.block().position()) - 1
        if index < 0:
            return self.placed[0].block.id
        layout = self.document().documentLayout()
        top = self.verticalScrollBar().value() + 2
        qblock = self.document().findBlock(self.placed[index].start)
        # Between two blocks (a margin, the metadata line): the next block the view shows.
        if layout.blockBoundingRect(qblock).bottom() <= top and index + 1 < len(self.placed):
            index += 1
        return self.placed[index].block.id

    def block_top(self, block_id: str) -> int | None:
        index = self.block_index(block_id)
        if index is None:
            return None
        qblock = self.document().findBlock(self.placed[index].start)
        return int(self.document().documentLayout().blockBoundingRect(qblock).top())

    def scroll_to_block(self, block_id: str) -> bool:
        top = self.block_top(block_id)
        if top is None:
            return False
        self.verticalScrollBar().setValue(top)
        self._report_position()
        return True

    def _report_position(self) -> None:
        block_id = self.top_block_id()
        if block_id and block_id != self._last_reported:
            self._last_reported = block_id
            self.position_changed.emit(block_id)

    def ensure_mark_visible(self, mark: Mark) -> None:
        cursor = self._cursor_for(mark)
        if cursor is None:
            return
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        # Keep the selection look for the current-mark colour only; the caret waits at
        # the start of the match, so Shift+arrows select from there.
        plain = self.textCursor()
        plain.setPosition(plain.selectionStart())
        self.setTextCursor(plain)
        self._report_position()

    def _cursor_for(self, mark: Mark) -> QTextCursor | None:
        index, start, end = mark
        if not 0 <= index < len(self.placed):
            return None
        from PySide6.QtGui import QTextCursor

        text = self.placed[index].block.text
        base = self.placed[index].start
        cursor = QTextCursor(self.document())
        cursor.setPosition(base + utf16_offset(text, start))
        cursor.setPosition(base + utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selection_blocks(self) -> tuple[int, int] | None:
        """Indexes of the first and last corpus blocks the selection touches."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.placed:
            return None
        first = self.block_index_at(cursor.selectionStart())
        last = self.block_index_at(max(cursor.selectionStart(), cursor.selectionEnd() - 1))
        if first is None or last is None:
            return None
        placed = self.placed[first]
        if cursor.selectionStart() >= placed.start + placed.length and first < last:
            first += 1  # starts in the space after a block: the next one
        return first, last

    def selection_location(self) -> tuple[int, int, int] | None:
        """The selection as (block index, start, end) code points in the first block it touches."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.placed:
            return None
        index = self.block_index_at(cursor.selectionStart())
        if index is None:
            return None
        placed = self.placed[index]
        text = placed.block.text
        start = codepoint_offset(text, max(0, cursor.selectionStart() - placed.start))
        end = codepoint_offset(text, max(0, cursor.selectionEnd() - placed.start))
        return index, start, end

    # -- marks -----------------------------------------------------------------------------
    def set_search_marks(self, marks: list[Mark]) -> None:
        self.search_marks = marks
        self._spans_of = None
        self._search_selections = None
        self._apply_marks()

    def mark_search_spans(self, spans_of: SpanFinder | None) -> None:
        """Search marks wherever ``spans_of`` finds spans in a block's text: in the blocks
        laid out now, and in each further slice as it is laid out (opening a long
        document never waits for the whole of it to be laid out and searched)."""
        self._spans_of = spans_of
        self.search_marks, self._marked = [], 0
        self._search_selections = None
        self._mark_spans()
        self._apply_marks()

    def set_find_marks(self, marks: list[Mark], current: Mark | None) -> None:
        self.find_marks = marks
        self.current_mark = current
        self._apply_marks()

    def set_current_mark(self, mark: Mark | None) -> None:
        self.current_mark = mark
        self._apply_marks()

    def _apply_marks(self) -> None:
        if self._search_selections is None:
            self._search_selections = self._selections(self.search_marks, SEARCH_MARK)
        selections = [*self._search_selections, *self._selections(self.find_marks, FIND_MARK)]
        if self.current_mark is not None:
            selections.extend(self._selections([self.current_mark], CURRENT_MARK))
        self.setExtraSelections(selections)

    def _selections(self, marks: list[Mark], colour: QColor) -> list[QTextEdit.ExtraSelection]:
        # Inside an edit block a cursor does not work out its x position, which would lay
        # the document out up to the mark: a mark in a slice just added costs nothing
        # until that part is shown.
        from PySide6.QtGui import QTextCursor

        hold = QTextCursor(self.document())
        hold.beginEditBlock()
        try:
            made = (self._selection(mark, colour) for mark in marks)
            return [s for s in made if s is not None]
        finally:
            hold.endEditBlock()

    def _selection(self, mark: Mark, colour: QColor) -> QTextEdit.ExtraSelection | None:
        cursor = self._cursor_for(mark)
        if cursor is None:
            return None
        from PySide6.QtGui import QTextCharFormat

        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        fmt.setForeground(QColor("#000000"))
        selection.format = fmt  # type: ignore[attr-defined]
        return selection

    # -- layout ----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.document_model is None and not self.toPlainText():
            # Nothing to centre (the window's start): the margins are set with the text.
            # Asking for the viewport, a widget made by Qt, would have PySide make the
            # Python classes of every kind of widget before the window's first paint.
            return
        self._update_margins()

    def _update_margins(self, qdoc: QTextDocument | None = None) -> None:
        """Centre a column of about COLUMN_EMS characters in wide windows."""
        column = self._em * COLUMN_EMS
        # Never flush against the edges: a narrow pane keeps a margin of MIN_SIDE_EMS.
        side = max(self._em * MIN_SIDE_EMS, (self.viewport().width() - column) / 2)
        root = (qdoc or self.document()).rootFrame()
        fmt = root.frameFormat()
        if abs(fmt.leftMargin() - side) >= 1:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            root.setFrameFormat(fmt)
