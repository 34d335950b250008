"""What the reader set up is there at the next start: zoom, script, language, place."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMenuBar

from desktop.models.roles import Role
from desktop.settings import Script

SEED_TITLE_SIMPLIFIED = "开启新时代数字政府建设新篇章"


def _font_size_of_body(window: Any) -> float:
    placed = next(p for p in window.reader.placed if p.block.kind == "paragraph")
    block = window.reader.document().findBlock(placed.start)
    return (
        block.charFormat().font().pointSizeF()
        or block.begin().fragment().charFormat().font().pointSizeF()
    )


def test_zoom_and_script_persist_across_restart(qtbot: Any, make_window: Any, search: Any) -> None:
    window = make_window()
    base = _font_size_of_body(window)
    search(window, "数字政府")
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 125
    assert _font_size_of_body(window) > base * 1.2
    window.simplified_action.trigger()
    text = window.reader.toPlainText()
    assert text.startswith(SEED_TITLE_SIMPLIFIED)
    # The search marks still cover the searched words, now shown in Simplified.
    shown = window.reader.toPlainText()
    for index, start, end in window.reader.search_marks[:10]:
        placed = window.reader.placed[index]
        assert shown[placed.start + start : placed.start + end] == "数字政府"
    # Read on to the third part, then quit.
    heading = window.outline_model.item(2).data(Role.BLOCK_ID)
    window.open_document(window.current.id, heading)
    assert window.reader.top_block_id() == heading
    window.close()

    again = make_window()
    assert again.zoom == 125 and again.script is Script.SIMPLIFIED
    assert again.simplified_action.isChecked()
    assert again.reader.toPlainText().startswith(SEED_TITLE_SIMPLIFIED)
    assert abs(_font_size_of_body(again) - _font_size_of_body(window)) < 0.01
    assert again.reader.top_block_id() == heading
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.zoom == 100
    qtbot.keyClick(again, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert again.zoom == 90


def test_language_switch_translates_the_interface_and_is_remembered(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window(language=None)
    menu_bar: QMenuBar = window.menuBar()
    titles = [a.text() for a in menu_bar.actions()]
    assert titles[0] == "&File"
    window.language_actions["zh_CN"].trigger()
    titles = [a.text() for a in menu_bar.actions()]
    assert titles[0].startswith("文件")
    assert window.library_dock.windowTitle() == "文库"
    assert window.search_panel.this_document.text() == "仅在本文档中"
    assert window.windowTitle().endswith("政策文库")
    # The parts that add their own actions follow the switch too (Qt posts the change to them).
    parts = (
        window.help.guide_action.text,
        window.law_reading.go_action.text,
        window.interface_size.menu.title,
    )
    qtbot.waitUntil(lambda: not any(text().isascii() for text in parts), timeout=5000)
    # Qt's own catalog translates the standard dialogs' buttons.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    window.close()
    again = make_window()
    assert again.menuBar().actions()[0].text().startswith("文件")
    again.language_actions["en"].trigger()
    assert again.menuBar().actions()[0].text() == "&File"


def test_window_geometry_and_docks_are_restored(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.resize(777, 555)
    window.outline_dock.hide()
    qtbot.waitUntil(lambda: window.size().width() == 777)
    window.close()
    again = make_window()
    assert (again.size().width(), again.size().height()) == (777, 555)
    assert again.outline_dock.isHidden() and not again.library_dock.isHidden()


def test_interface_follows_a_chinese_system_locale(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    window = make_window()  # no language chosen yet: the system's
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert window.language_actions[""].isChecked()
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("en_US")))
    window.language_actions["en"].trigger()
    window.language_actions[""].trigger()
    assert window.menuBar().actions()[0].text() == "&File"
