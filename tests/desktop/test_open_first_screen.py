"""Opening a document lays out what fills the view, whatever the document's length; the
rest follows in slices, and whatever needs a later part lays it out first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

CRIMINAL_LAW = "laws/刑法/刑法"


def _laid_out_height(reader: Any) -> float:
    return float(reader.document().documentLayout().documentSize().height())


def test_opening_lays_out_one_screen_whatever_the_length(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.resize(1200, 800)
    qtbot.wait(20)
    reader = window.reader
    assert window.library is not None
    documents = sorted(window.library.documents, key=lambda d: len(d.blocks))
    longest, middling = documents[-1], documents[len(documents) // 2]
    laid_out = {}
    for doc in (longest, middling, window.library.document(CRIMINAL_LAW)):
        assert doc is not None
        assert window.open_document(doc.id)
        placed = len(reader.placed)
        laid_out[doc.id] = placed
        if placed < len(doc.blocks):
            # The view is filled at once (no blank below the first page) …
            assert _laid_out_height(reader) >= reader.viewport().height()
            # … by not much more than it shows: a screen and a half, give or take a block.
            last = reader.document().findBlock(reader.placed[-2].start)
            top_of_last = reader.document().documentLayout().blockBoundingRect(last).top()
            assert top_of_last <= 2 * reader.viewport().height()
        qtbot.waitUntil(lambda: reader.complete, timeout=20000)
    assert laid_out[longest.id] < len(longest.blocks) / 20


def test_lazily_laid_out_documents_reach_their_end(qtbot: Any, make_window: Any) -> None:
    """Ctrl+End and an outline click to the last article reach the end of a document
    just opened, before the rest of it has been laid out."""
    window = make_window()
    reader = window.reader
    assert window.open_document(CRIMINAL_LAW)
    doc = window.current
    assert doc is not None and not reader.complete
    reader.setFocus()
    end = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(reader, end)
    assert reader.complete
    assert reader.top_block_id() in {b.id for b in doc.blocks[-12:]}

    assert window.open_document(next(d.id for d in window.library.documents if d.id != doc.id))
    assert window.open_document(CRIMINAL_LAW)
    assert not reader.complete
    last_article = [b for b in doc.blocks if b.kind.value == "article"][-1]
    model = window.outline_model
    item = model.item_for_block(last_article.id)
    assert item is not None
    window.outline_tree.clicked.emit(model.indexFromItem(item))
    assert reader.block_top(last_article.id) is not None
    assert reader.top_block_id() == last_article.id
