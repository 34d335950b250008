"""The work the window does before its first paint, counted: what Qt asks the Python
models for while the tree lays out and paints the library's rows."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.catalog import IndexCatalog
from desktop.models import library_model
from desktop.ui.first_paint import has_painted
from desktop.ui.library_panel import LibraryPanel
from index.catalog import Catalog, write_catalog
from tests.desktop.test_start_work import _law

# The model's methods Qt calls (QAbstractItemModel's virtual functions).
QT_FACING = {"index", "parent", "rowCount", "hasChildren", "flags", "data", "columnCount"}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("first-paint") / "library"
    folder.mkdir()
    write_catalog(folder, [_law(n) for n in range(300)])
    return folder


def _rows_laid_out(panel: LibraryPanel) -> int:
    """Rows the tree lays out: the top-level rows and those of every open row."""
    model, tree = panel.model, panel.tree

    def count(parent: QModelIndex) -> int:
        rows = model.rowCount(parent)
        total = rows
        for row in range(rows):
            index = model.index(row, 0, parent)
            if tree.isExpanded(index):
                total += count(index)
        return total

    return count(QModelIndex())


def test_laying_out_the_library_costs_each_row_at_most_two_calls_into_python(
    qtbot: Any, library: Path
) -> None:
    """From the tree's show to its first paint, Qt asks the model for each row it lays
    out its index and whether it has rows beneath — the flags (enabled, selectable) are
    Qt's own, not asked of Python twice per row."""
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.set_entries(IndexCatalog(Catalog(library)).entries(), simplified=False)
    calls: Counter[str] = Counter()
    model_file = library_model.__file__

    def count(frame: Any, event: str, _arg: Any) -> None:
        code = frame.f_code
        if event == "call" and code.co_filename == model_file and code.co_name in QT_FACING:
            caller = frame.f_back
            if caller is None or caller.f_code.co_filename != model_file:
                calls[code.co_name] += 1  # from Qt, not from the model's own code

    sys.setprofile(count)
    try:
        panel.show()
        qtbot.waitUntil(lambda: has_painted(panel.tree), timeout=5000)
    finally:
        sys.setprofile(None)
    rows = _rows_laid_out(panel)
    assert rows > 150  # groups opened before the paint: a screenful and more
    assert calls["index"] >= rows and calls["hasChildren"] >= rows - 20  # laid out
    # Each row's index and whether it has rows beneath, and a few rows asked again for
    # the paint: not the flags besides (four calls a row before).
    laying_out = calls["index"] + calls["hasChildren"] + calls["flags"]
    assert laying_out <= 2.5 * rows, calls
    # Every row can still be chosen (clicked, selected with the keys); the root cannot.
    first = panel.model.index(0, 0, QModelIndex())
    document = panel.model.index(0, 0, panel.model.index(0, 0, first))
    for index in (first, document):
        assert panel.model.flags(index) == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    assert panel.model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_window_hands_python_no_event_of_its_own_before_its_first_paint(
    qtbot: Any, make_window: Any
) -> None:
    """Building and showing the window calls no Python code with an event until it is
    painted — but the reading view's resize, the probe's paint (the step that waits
    for the paint) and the like, a handful: not the 60 or so events a Python event
    filter on the window was handed (the first of them had PySide make the Python class
    of every kind of event, some 50, before the paint)."""
    from PySide6.QtCore import QEvent

    handed: Counter[str] = Counter()

    def count(frame: Any, event: str, _arg: Any) -> None:
        if event == "call" and any(isinstance(v, QEvent) for v in frame.f_locals.values()):
            handed[frame.f_code.co_name] += 1

    sys.setprofile(count)
    try:
        window = make_window(wait_index=False)
        qtbot.waitUntil(lambda: has_painted(window), timeout=10000)
    finally:
        sys.setprofile(None)
    assert window.library_panel.model.rowCount() > 0  # the library listed at the paint
    assert sum(handed.values()) <= 8, handed
    assert not handed["eventFilter"] and not handed["changeEvent"], handed


def test_the_window_follows_a_change_of_language_once(qtbot: Any, make_window: Any) -> None:
    """Its menus and docks are retitled when the language changes, once per change."""
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: window.complete, timeout=20000)
    retitled: list[str] = []
    original = window.retranslate

    def counting() -> None:
        retitled.append(window.translators.language)
        original()

    window.retranslate = counting
    window.set_language("en")
    assert window.file_menu.title() == "&File" and window.library_dock.windowTitle() == "Library"
    window.set_language("zh_CN")
    qtbot.wait(50)  # Qt's LanguageChange events are delivered meanwhile
    assert window.file_menu.title() != "&File" and window.library_dock.windowTitle() != "Library"
    assert retitled == ["en", "zh_CN"]


def test_the_window_translates_each_panel_once_as_it_is_built(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    """Each panel's texts are looked up when it is made, not once more by the window."""
    from desktop.ui.search_panel import SearchPanel

    translated: Counter[str] = Counter()
    for cls in (LibraryPanel, SearchPanel):
        original = cls.retranslate

        def counting(self: Any, _original: Any = original, _name: str = cls.__name__) -> None:
            translated[_name] += 1
            _original(self)

        monkeypatch.setattr(cls, "retranslate", counting)
    window = make_window(wait_index=False)
    assert translated == {"LibraryPanel": 1, "SearchPanel": 1}
    assert window.search_panel.this_document.text() and window.library_dock.windowTitle()
    window.set_language("en")  # a change of language still reaches them
    assert translated == {"LibraryPanel": 2, "SearchPanel": 2}
    assert window.search_panel.this_document.text() == "Only in this document"


def test_the_choice_of_library_to_search_is_made_only_once_packs_are_installed(
    qtbot: Any, make_window: Any
) -> None:
    """Without packs the search panel has no choice of library, not even a hidden one
    made before the first paint (it appears with the first pack: see the packs' tests)."""
    from PySide6.QtWidgets import QComboBox

    window = make_window()
    assert not window.searchable.library_titles()
    assert window.search_panel.findChild(QComboBox, "searchLibrary") is None
    facet = window.library_facet  # asked for: made then, hidden while there is no pack
    assert window.search_panel.findChild(QComboBox, "searchLibrary") is facet
    assert not facet.isVisibleTo(window)
