"""Annotations in the window: highlight, note, tag, undo, bookmark, the panel, export, import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.annotations import (
    AnnotationFilter,
    AnnotationKind,
    AnnotationReader,
    new_highlight,
    write_exchange_file,
)
from desktop.models.annotation_model import HIGHLIGHT_COLORS, NodeKind
from desktop.text import utf16_offset
from desktop.ui.annotation_dialogs import AnnotationDialog, ExportDialog
from desktop.ui.annotation_render import ANNOTATION_ID_PROPERTY
from tests.desktop.reader_selection import select

BLOCK = 3  # 加強數字政府建設是黨中央、國務院…
QUOTE = "加強數字政府建設"
WAIT = 5000


def _select(window: Any, index: int, start: int, end: int) -> None:
    select(window, index, start, end)


def _format_at(window: Any, index: int, offset: int) -> QTextCharFormat:
    """The character format of the character at ``offset`` of block ``index``."""
    placed = window.reader.placed[index]
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(placed.start + utf16_offset(placed.block.text, offset) + 1)
    return cursor.charFormat()


def _background(window: Any, index: int, offset: int) -> str:
    fmt = _format_at(window, index, offset)
    brush = fmt.background()
    return brush.color().name() if brush.style() != Qt.BrushStyle.NoBrush else ""


def _highlight(qtbot: Any, window: Any, color: str, start: int = 0, end: int = 8) -> Any:
    ui = window.annotations
    _select(window, BLOCK, start, end)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        assert ui.highlight_selection(color)
    return blocker.args[0][0]


def _panel_ids(qtbot: Any, window: Any) -> set[str]:
    panel = window.annotations.panel
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.refresh()
    return {a.id for a in panel.annotation_rows()}


def _stored(window: Any, annotation_id: str) -> Any:
    with AnnotationReader(window.annotations.store.path) as reader:
        return reader.get(annotation_id)


def _fill_dialog(monkeypatch: pytest.MonkeyPatch, **values: Any) -> None:
    def accept(dialog: AnnotationDialog) -> int:
        if "note" in values:
            dialog.note_edit.setPlainText(values["note"])
        if "tags" in values:
            dialog.tags_edit.setText(values["tags"])
        if "name" in values:
            dialog.name_edit.setText(values["name"])
        if "color" in values:
            dialog.color_combo.setCurrentIndex(dialog.color_combo.findData(values["color"]))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(AnnotationDialog, "exec", accept)


def test_highlight_shows_in_text_panel_and_database(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    text = window.reader.placed[BLOCK].block.text
    assert text.startswith(QUOTE)
    assert _background(window, BLOCK, 2) == ""
    saved = _highlight(qtbot, window, "green")
    assert saved.exact == QUOTE and (saved.start, saved.end) == (0, 8)
    green = HIGHLIGHT_COLORS["green"]
    assert [_background(window, BLOCK, i) for i in range(8)] == [green] * 8
    assert _background(window, BLOCK, 8) == ""
    assert _format_at(window, BLOCK, 3).property(ANNOTATION_ID_PROPERTY) == saved.id
    stored = _stored(window, saved.id)
    assert stored is not None and stored.color == "green" and not stored.deleted
    assert saved.id in _panel_ids(qtbot, window)
    # The same range again in another colour changes the colour, not a second highlight.
    _select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(window.annotations.committed, timeout=WAIT):
        window.annotations.color_actions["pink"].trigger()
    assert _background(window, BLOCK, 4) == HIGHLIGHT_COLORS["pink"]
    assert _stored(window, saved.id).color == "pink"


def test_note_and_tags_from_the_dialog_show_on_hover_and_can_be_edited(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    ui = window.annotations
    _select(window, BLOCK, 0, 8)
    _fill_dialog(monkeypatch, note="第一行\n第二行", tags="数字政府，待查", color="blue")
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        qtbot.keyClick(
            window,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    saved = blocker.args[0][0]
    assert saved.kind is AnnotationKind.NOTE and saved.note == "第一行\n第二行"
    assert saved.tags == ("数字政府", "待查")
    assert _background(window, BLOCK, 1) == HIGHLIGHT_COLORS["blue"]
    assert _format_at(window, BLOCK, 1).underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    placed = window.reader.placed[BLOCK]
    tip = ui.tooltip_at(placed.start + 2)
    assert "第一行\n第二行" in tip and "#待查" in tip
    assert ui.tooltip_at(placed.start + 20) == ""
    # Edit: cursor inside the highlight, the same shortcut opens it with the note.
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(placed.start + 3)
    window.reader.setTextCursor(cursor)
    _fill_dialog(monkeypatch, note="改过的笔记", tags="待查")
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        ui.note_action.trigger()
    edited = blocker.args[0][0]
    assert edited.id == saved.id and edited.note == "改过的笔记" and edited.tags == ("待查",)
    assert "改过的笔记" in ui.tooltip_at(placed.start + 2)
    assert _stored(window, saved.id).note == "改过的笔记"


def test_delete_undo_and_redo_with_the_keyboard(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    ui = window.annotations
    saved = _highlight(qtbot, window, "yellow")
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl)  # undo the highlight
    assert _background(window, BLOCK, 2) == ""
    assert _stored(window, saved.id).deleted
    assert saved.id not in _panel_ids(qtbot, window)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl | shift)  # redo
    assert _background(window, BLOCK, 2) == HIGHLIGHT_COLORS["yellow"]
    assert not _stored(window, saved.id).deleted
    # Delete from the cursor position, then undo the deletion.
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.placed[BLOCK].start + 1)
    window.reader.setTextCursor(cursor)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.delete_action.trigger()
    assert _background(window, BLOCK, 2) == ""
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.undo_action.trigger()
    assert _background(window, BLOCK, 2) == HIGHLIGHT_COLORS["yellow"]
    assert saved.id in _panel_ids(qtbot, window)


def test_selection_across_paragraphs_is_clipped_to_the_first(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    reader = window.reader
    ui = window.annotations
    first = reader.placed[BLOCK]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(first.start + first.length - 4)
    cursor.setPosition(reader.placed[BLOCK + 1].start + 5, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        ui.highlight_selection("yellow")
    saved = blocker.args[0][0]
    assert saved.block_id == first.block.id and saved.end == len(first.block.text)
    assert "first paragraph" in window.statusBar().currentMessage()
    assert _background(window, BLOCK + 1, 1) == ""
    reader.setTextCursor(QTextCursor(reader.document()))  # nothing selected
    assert not ui.highlight_selection("yellow")
    assert "Select some text" in window.statusBar().currentMessage()


def test_bookmark_is_listed_and_can_be_renamed(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    ui = window.annotations
    target = window.reader.placed[BLOCK].block.id
    window.reader.scroll_to_block(target)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    mark = blocker.args[0][0]
    assert mark.kind is AnnotationKind.BOOKMARK and mark.block_id == target
    panel = ui.panel
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.select(kind="bookmark")
    assert [a.id for a in panel.annotation_rows()] == [mark.id]
    _fill_dialog(monkeypatch, name="数字政府的意义")
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        panel.edit_requested.emit(mark)
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.refresh()
    row = panel.model.index(0, 0, panel.model.index(0, 0, panel.model.index(0, 0)))
    assert "数字政府的意义" in row.data()


def test_panel_filters_by_colour_tag_and_simplified_text(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    ui = window.annotations
    green = _highlight(qtbot, window, "green", 0, 8)  # 加強數字政府建設
    _select(window, BLOCK, 9, 12)  # 黨中央
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        ui.highlight_selection("blue", note="核心", tags=["领导"])
    blue = blocker.args[0][0]
    panel = ui.panel
    assert _panel_ids(qtbot, window) == {green.id, blue.id}
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.select(color="green")
    assert {a.id for a in panel.annotation_rows()} == {green.id}
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.select(tag="领导")
    assert {a.id for a in panel.annotation_rows()} == {blue.id}
    panel.select()
    # Simplified text finds the Traditional quote.
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.search_edit.setText("加强数字")
        panel.refresh()  # without waiting for the typing pause
    assert {a.id for a in panel.annotation_rows()} == {green.id}
    assert "1" in panel.status.text()
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.search_edit.setText("没有这句话")
        panel.refresh()
    assert panel.annotation_rows() == []
    # Grouping: document → section → annotation.
    panel.search_edit.setText("")
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.refresh()
    doc_index = panel.model.index(0, 0)
    assert doc_index.data(0x0100 + 3) == NodeKind.DOCUMENT
    section = panel.model.index(0, 0, doc_index)
    assert "一、深刻認識" in section.data()


def test_click_in_panel_jumps_to_the_highlight(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    ui = window.annotations
    reader = window.reader
    last = len(reader.placed) - 1
    _select(window, last, 0, 4)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        ui.highlight_selection("purple")
    saved = blocker.args[0][0]
    reader.verticalScrollBar().setValue(0)
    panel = ui.panel
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        panel.refresh()
    index = panel.index_of(saved.id)
    assert index.isValid()
    ui.dock.show()
    ui.dock.raise_()
    panel.tree.scrollTo(index)
    with qtbot.waitSignal(ui.jumped, timeout=WAIT):
        qtbot.mouseClick(
            panel.tree.viewport(),
            Qt.MouseButton.LeftButton,
            pos=panel.tree.visualRect(index).center(),
        )
    assert reader.verticalScrollBar().value() > 0
    assert reader.current_mark == (last, 0, 4)
    assert saved.block_id in {reader.top_block_id(), *[p.block.id for p in reader.placed[-8:]]}
    qtbot.waitUntil(lambda: reader.current_mark is None, timeout=4000)  # the flash ends


def test_highlights_survive_restart_script_toggle_and_zoom(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    saved = _highlight(qtbot, window, "green")
    window.close()
    again = make_window()
    assert again.current is not None and again.current.id == saved.doc_id
    green = HIGHLIGHT_COLORS["green"]
    assert _background(again, BLOCK, 3) == green
    again.simplified_action.trigger()
    assert again.reader.placed[BLOCK].block.text.startswith(QUOTE)
    assert again.reader.toPlainText().count("加强数字政府建设") >= 1
    assert _background(again, BLOCK, 3) == green
    assert _background(again, BLOCK, 9) == ""
    again.zoom_in()
    assert _background(again, BLOCK, 7) == green
    assert saved.id in _panel_ids(qtbot, again)


def test_export_docx_and_markdown_from_the_file_menu(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = make_window()
    ui = window.annotations
    _select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.highlight_selection("yellow", note="要点笔记", tags=["学习"])
    assert ui.export_action in window.file_menu.actions()
    for fmt, name in (("docx", "notes"), ("md", "notes-md")):
        target = tmp_path / name

        def choose(dialog: ExportDialog, fmt: str = fmt) -> int:
            dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
            dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("学习"))
            return int(QDialog.DialogCode.Accepted.value)

        monkeypatch.setattr(ExportDialog, "exec", choose)
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
        )
        with qtbot.waitSignal(ui.exported, timeout=20000) as blocker:
            ui.export_action.trigger()
        path, count = blocker.args
        assert path == target.with_name(f"{name}.{fmt}") and count == 1
        data = path.read_bytes()
        if fmt == "docx":
            assert data.startswith(b"PK")
        else:
            assert QUOTE in data.decode("utf-8") and "要点笔记" in data.decode("utf-8")
    assert "Exported 1" in window.statusBar().currentMessage()


def test_import_of_an_exchange_file_reports_counts_and_keeps_detached(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dialogs: Any
) -> None:
    window = make_window()
    ui = window.annotations
    doc = window.current
    block = doc.blocks[BLOCK]
    found = new_highlight(doc, block.id, 0, 8, color="pink", note="从另一台电脑来")
    lost = new_highlight(doc, block.id, 0, 8).replace(
        exact="这段文字在文件里不存在也找不到", prefix="", suffix="", note="孤立的笔记"
    )
    exchange = tmp_path / "from-usb.json"
    write_exchange_file(exchange, [found, lost])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(exchange), ""))
    )
    backups_before = len(ui.store.backups())
    with qtbot.waitSignal(ui.imported, timeout=WAIT) as blocker:
        ui.import_action.trigger()
    report = blocker.args[0]
    assert (report.added, report.updated, report.unchanged, report.detached) == (2, 0, 0, 1)
    qtbot.waitUntil(lambda: any(d.title == "Notes imported" for d in dialogs), timeout=WAIT)
    shown = next(d for d in dialogs if d.title == "Notes imported")
    assert "Added: 2" in shown.informative and "Detached (text not found): 1" in shown.informative
    assert len(ui.store.backups()) > backups_before
    assert _background(window, BLOCK, 2) == HIGHLIGHT_COLORS["pink"]
    # The detached note is listed, with its quote and note, in its own group.
    panel = ui.panel
    assert {found.id, lost.id} <= _panel_ids(qtbot, window)
    index = panel.index_of(lost.id)
    assert "孤立的笔记" in index.data() and "这段文字" in index.data()
    assert "Detached" in index.parent().data()
    # A malformed file changes nothing and says so.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
    )
    with AnnotationReader(ui.store.path) as reader:
        before = reader.query(AnnotationFilter(include_deleted=True))
    with qtbot.waitSignal(ui.failed, timeout=WAIT):
        ui.import_action.trigger()
    assert any(d.title == "Import failed" for d in dialogs)
    with AnnotationReader(ui.store.path) as reader:
        assert reader.query(AnnotationFilter(include_deleted=True)) == before


def test_a_damaged_notes_database_is_reported(
    make_window: Any, user_data_dir: Path, qtbot: Any, dialogs: Any
) -> None:
    user_data_dir.mkdir(parents=True, exist_ok=True)
    (user_data_dir / "annotations.sqlite3").write_bytes(b"not a database at all" * 100)
    window = make_window()
    qtbot.waitUntil(lambda: any(d.title == "Notes restored from a backup" for d in dialogs))
    shown = next(d for d in dialogs if d.title == "Notes restored from a backup")
    assert "damaged" in shown.text and "annotations.sqlite3.damaged" in shown.text
    assert "start empty" in shown.text
    assert window.annotations.store is not None


def test_colour_labels_are_edited_and_hover_shows_the_note(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from desktop.ui.annotation_dialogs import ColorLabelsDialog

    window = make_window()
    ui = window.annotations

    def rename(dialog: ColorLabelsDialog) -> int:
        dialog.edits["yellow"].setText("必读")
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ColorLabelsDialog, "exec", rename)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.labels_action.trigger()
    assert ui.color_actions["yellow"].text() == "&1 必读"
    assert ui.panel.color_combo.findText("必读") >= 0
    with AnnotationReader(ui.store.path) as reader:
        assert reader.color_labels()["yellow"] == "必读"
    _select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.highlight_selection("yellow", note="悬停可见")
    reader_view = window.reader
    cursor = QTextCursor(reader_view.document())
    cursor.setPosition(reader_view.placed[BLOCK].start + 3)
    reader_view.ensureCursorVisible()
    point = reader_view.cursorRect(cursor).center()
    viewport = reader_view.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert "悬停可见" in QToolTip.text() and "必读" in QToolTip.text()
