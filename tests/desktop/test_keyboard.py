"""Working from the keyboard: caret and selection in the reader, both ends of a document,
search hits one occurrence at a time, the note dialog, the script key both ways,
mnemonics, the shortcut list and the offline guide."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from desktop.settings import Script
from desktop.ui.annotation_dialogs import AnnotationDialog
from desktop.ui.help_menu import plain_text, window_menus
from tests.desktop.reader_selection import select

WAIT = 5000


def _focus_reader(qtbot: Any, window: Any) -> Any:
    reader = window.reader
    window.activateWindow()
    reader.setFocus()
    qtbot.waitUntil(reader.hasFocus, timeout=WAIT)
    return reader


def test_the_reader_has_a_caret_and_shift_arrows_select(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    reader = _focus_reader(qtbot, window)
    assert reader.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    placed = reader.placed[3]
    cursor = reader.textCursor()
    cursor.setPosition(placed.start)
    reader.setTextCursor(cursor)
    for _ in range(4):
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.textCursor().selectedText() == placed.block.text[:4]
    # What the keyboard selected can be highlighted from the keyboard.
    ui = window.annotations
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        qtbot.keyClick(reader, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0][0].exact == placed.block.text[:4]
    # Plain arrows move the caret and drop the selection.
    qtbot.keyClick(reader, Qt.Key.Key_Right)
    assert not reader.textCursor().hasSelection()


def test_ctrl_home_and_end_reach_both_ends_of_a_long_document(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    longest = max(window.library.documents, key=lambda d: len(d.blocks))
    window.open_document(longest.id)
    reader = _focus_reader(qtbot, window)
    bar = reader.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.keyClick(reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    # The end of the document itself, not of the part laid out so far.
    assert reader.complete
    assert reader.textCursor().position() == reader.document().characterCount() - 1
    assert bar.value() == bar.maximum()
    qtbot.waitUntil(lambda: window.reader.top_block_id() != longest.blocks[0].id, timeout=WAIT)
    qtbot.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert reader.textCursor().position() == 0 and bar.value() == 0
    # Ctrl+Shift+End selects to the end.
    qtbot.keyClick(
        reader,
        Qt.Key.Key_End,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert reader.textCursor().selectionEnd() == reader.document().characterCount() - 1
    assert reader.textCursor().selectionStart() == 0


def test_f3_steps_through_every_occurrence_and_says_where(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    search(window, "数字政府")
    hits = window.search_panel.model.hits
    expected = [(i, span) for i, hit in enumerate(hits) for span in hit.spans]
    assert any(len(hit.spans) > 1 for hit in hits), "the sample needs a paragraph with two"
    seen = []
    for n in range(len(expected) + 1):
        qtbot.keyClick(window, Qt.Key.Key_F3)
        current = window.reader.current_mark
        assert current is not None
        hit_index = window.search_panel.current_hit
        block = window.reader.placed[current[0]].block
        assert block.id == hits[hit_index].block_id
        seen.append((hit_index, (current[1], current[2])))
        position = n % len(expected) + 1
        assert window.statusBar().currentMessage() == f"Match {position} of {len(expected)}"
    # Every occurrence once, in order, then round to the first again.
    assert seen[:-1] == expected and seen[-1] == expected[0]
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage() == f"Match {len(expected)} of {len(expected)}"
    assert (window.search_panel.current_hit, window.reader.current_mark[1:]) == expected[-1]


def test_the_note_dialog_starts_in_the_note_and_tab_moves_on(qtbot: Any) -> None:
    dialog = AnnotationDialog(None, "加強數字政府建設", {}, note="")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note_edit, timeout=WAIT)
    qtbot.keyClicks(dialog.note_edit, "abc")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Tab)
    assert dialog.note == "abc"  # no tab character typed into the note
    assert QApplication.focusWidget() is dialog.tags_edit
    qtbot.keyClick(dialog.tags_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.color_combo
    assert isinstance(dialog.note_edit, QPlainTextEdit) and dialog.note_edit.tabChangesFocus()


def test_the_bookmark_dialog_starts_in_the_name(qtbot: Any) -> None:
    dialog = AnnotationDialog(None, "第一條", {}, name="书签")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit, timeout=WAIT)


def test_ctrl_shift_t_switches_the_script_both_ways(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.set_script(Script.ORIGINAL)
    title = window.current.title
    qtbot.keyClick(
        window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.script is Script.SIMPLIFIED and window.simplified_action.isChecked()
    assert "开启新时代数字政府建设新篇章" in window.windowTitle()
    qtbot.keyClick(
        window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.script is Script.ORIGINAL and window.original_action.isChecked()
    assert title in window.windowTitle()


def _mnemonic(text: str) -> str | None:
    """The mnemonic letter of a menu text: the character after a single '&'."""
    found = re.search(r"(?<!&)&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_menu_has_two_entries_with_one_mnemonic(make_window: Any, language: str) -> None:
    window = make_window(language=language)
    menus = window_menus(window)
    assert len(menus) >= 7
    titles = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    assert None not in titles and len(set(titles)) == len(titles), titles
    for menu in menus:
        letters: dict[str, str] = {}
        for action in menu.actions():
            letter = _mnemonic(action.text())
            if action.isSeparator() or letter is None:
                continue
            assert letter not in letters, (
                f"{plain_text(menu.title())}: {action.text()!r} and {letters[letter]!r}"
            )
            letters[letter] = action.text()


def test_the_shortcut_list_is_made_from_the_menus(qtbot: Any, make_window: Any) -> None:
    window = make_window(language="zh_CN")
    window.help.shortcuts_action.trigger()
    dialog = window.help.shortcuts
    assert dialog is not None and dialog.isVisible()
    tree = dialog.tree
    rows = {
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
        for i in range(tree.topLevelItemCount())
    }
    native = QKeySequence.SequenceFormat.NativeText
    # Every menu command with a shortcut is listed with its keys, in Chinese.
    assert ("复制并附出处", QKeySequence("Ctrl+Shift+C").toString(native)) in rows
    assert ("切换简繁", QKeySequence("Ctrl+Shift+T").toString(native)) in rows
    assert ("下一处", "F3") in rows
    assert ("使用说明", "F1") in rows
    # A shortcut given to a menu command later shows up too: the list is not written by hand.
    window.rebuild_action.setShortcut(QKeySequence("Ctrl+Alt+R"))
    window.help.shortcuts_action.trigger()
    tree = window.help.shortcuts.tree
    texts = {
        tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1)
        for i in range(tree.topLevelItemCount())
    }
    assert texts["重建检索索引"] == QKeySequence("Ctrl+Alt+R").toString(native)


def test_f1_opens_the_guide_offline_in_the_interface_language(qtbot: Any, make_window: Any) -> None:
    window = make_window(language="zh_CN")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help.guide
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "使用说明" in text and "Ctrl+Shift+T" in text and "另存为" in text
    window.set_language("en")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert "Policy Library user guide" in window.help.guide.browser.toPlainText()


def test_the_reading_menu_copies_with_citation_and_has_no_dead_entries(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window(language="zh_CN")
    reader = window.reader
    cursor = select(window, 3, 0, 4)
    rect = reader.cursorRect(cursor)
    menu = window.annotations.context_menu_at(rect.center())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "复制并附出处(&T)" in texts
    assert texts.index("复制并附出处(&T)") == texts.index(next(t for t in texts if "复制" in t)) + 1
    # Nothing greyed out that could never be used here (no link under the pointer).
    assert all(a.isEnabled() for a in menu.actions() if a.objectName() == "link-copy")
    assert not any("链接" in t or "Link" in t for t in texts), texts
    menu.deleteLater()


def test_n_and_shift_n_in_the_reader_step_like_f3(
    qtbot: Any, make_window: Any, search: Any
) -> None:
    window = make_window()
    search(window, "数字政府")
    reader = _focus_reader(qtbot, window)
    text_before = reader.toPlainText()
    qtbot.keyClick(reader, Qt.Key.Key_N)
    first = (window.search_panel.current_hit, window.reader.current_mark)
    total = window.occurrences.total
    assert window.statusBar().currentMessage() == f"Match 1 of {total}"
    qtbot.keyClick(reader, Qt.Key.Key_N)
    assert window.statusBar().currentMessage() == f"Match 2 of {total}"
    qtbot.keyClick(reader, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert (window.search_panel.current_hit, window.reader.current_mark) == first
    assert reader.toPlainText() == text_before  # nothing typed into the text
