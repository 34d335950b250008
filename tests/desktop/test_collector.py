"""What the window keeps is kept out of the collector's full passes, and nothing it lets
go of is kept by that (desktop.collector)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from desktop import collector

CRIMINAL_LAW = "laws/刑法/刑法"


def _tracked_ids() -> set[int]:
    return {id(o) for o in gc.get_objects()}  # every generation the collector goes through


def test_a_document_read_and_laid_out_is_out_of_the_collectors_passes(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    assert window.open_document(CRIMINAL_LAW)
    qtbot.waitUntil(lambda: window.reader.complete, timeout=20000)
    qtbot.wait(50)  # the layout's end is reported between events
    doc = window.current
    assert doc is not None and len(doc.blocks) > 1000
    tracked = _tracked_ids()
    assert id(doc) not in tracked
    assert not any(id(block) in tracked for block in doc.blocks)
    outline = window.outline_model.invisibleRootItem()
    assert outline.rowCount() and id(outline.child(0)) not in tracked
    assert not any(id(placed) in tracked for placed in window.reader.placed)


def test_documents_opened_again_and_again_leave_nothing_behind(
    qtbot: Any, make_window: Any
) -> None:
    """What is frozen is freed when let go of: after many opens no document, block,
    outline row or laid-out block is garbage waiting among the frozen objects."""
    from desktop.models.outline_model import OutlineItem
    from desktop.ui.rendering import PlacedBlock
    from index.document import Block, Document

    window = make_window()
    assert window.library is not None
    other = next(d.id for d in window.library.documents if d.id != CRIMINAL_LAW)
    for rounds in range(2):
        if rounds:
            collector.reclaim()  # what earlier tests' windows left
        for doc_id in (CRIMINAL_LAW, other, CRIMINAL_LAW, other):
            assert window.open_document(doc_id)
            qtbot.waitUntil(lambda: window.reader.complete, timeout=20000)
            qtbot.wait(20)
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        left = [type(o) for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    for kind in (Document, Block, OutlineItem, PlacedBlock):
        assert kind not in left, kind.__name__


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_the_window_in_the_background_frees_garbage_cycles_that_were_frozen(
    qapp: Any, make_window: Any
) -> None:
    from PySide6.QtCore import Qt

    make_window()
    node = _Node()
    gone = weakref.ref(node)
    collector.settle()
    del node
    gc.collect()
    assert gone() is not None  # frozen: no pass looks at it
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert gone() is None
    assert gc.get_freeze_count() > 0  # what is alive is frozen again


def test_a_document_laid_out_whole_at_once_is_reported_laid_out_too(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    from desktop.ui import reader_view

    window = make_window()
    assert window.library is not None
    some = list(window.library.documents)[:200]
    short = min(some, key=lambda d: sum(len(b.text) for b in d.blocks))
    assert len(short.blocks) < reader_view.FIRST_BLOCKS
    monkeypatch.setattr(reader_view, "FIRST_SCREENS", 1000.0)  # a view tall enough for it
    with qtbot.waitSignal(window.reader.completed, timeout=5000):
        assert window.open_document(short.id)
        assert window.reader.complete  # laid out whole at once
    shown = window.current
    assert shown is not None and shown.id == short.id
    tracked = _tracked_ids()
    assert not any(id(block) in tracked for block in shown.blocks)
