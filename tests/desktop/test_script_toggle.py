"""简 ⇄ 繁 both ways: bookmark names in the notes panel, and the script of exported notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.annotations.study_notes import Script as ExportScript
from desktop.settings import Script
from desktop.ui.annotation_dialogs import AnnotationDialog, ExportDialog
from tests.desktop.reader_selection import select

WAIT = 10000
BLOCK = 3  # 加強數字政府建設是黨中央、國務院…


def _toggle(qtbot: Any, window: Any) -> None:
    panel = window.annotations.panel
    with qtbot.waitSignal(panel.shown, timeout=WAIT):
        qtbot.keyClick(
            window,
            Qt.Key.Key_T,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def _rows(window: Any) -> list[str]:
    model = window.annotations.panel.model
    out: list[str] = []

    def walk(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append(str(index.data()))
            walk(index)

    walk(model.index(-1, -1))
    return out


def test_bookmark_names_follow_the_script_both_ways(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    window.set_script(Script.ORIGINAL)
    ui = window.annotations
    window.reader.scroll_to_block(window.reader.placed[BLOCK].block.id)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    mark = blocker.args[0][0]

    def rename(dialog: AnnotationDialog) -> int:
        dialog.name_edit.setText("數據共享的意義")
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(AnnotationDialog, "exec", rename)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.panel.edit_requested.emit(mark)
    with qtbot.waitSignal(ui.panel.shown, timeout=WAIT):
        ui.panel.refresh()
    assert any("數據共享的意義" in row for row in _rows(window))
    _toggle(qtbot, window)
    assert window.script is Script.SIMPLIFIED
    rows = _rows(window)
    assert any("数据共享的意义" in row for row in rows), rows
    assert not any("數據" in row for row in rows)
    _toggle(qtbot, window)
    assert window.script is Script.ORIGINAL
    assert any("數據共享的意義" in row for row in _rows(window))


def test_exported_notes_take_the_script_chosen(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = make_window()
    window.set_script(Script.SIMPLIFIED)
    ui = window.annotations
    select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(ui.committed, timeout=WAIT):
        ui.highlight_selection("yellow", note="数据共享要点")
    offered: list[ExportScript] = []
    for script, expect_quote, expect_note in (
        (None, "加强数字政府建设", "数据共享要点"),  # as read: 简
        (ExportScript.TRADITIONAL, "加強數字政府建設", "數據共享要點"),
        (ExportScript.ORIGINAL, "加強數字政府建設", "数据共享要点"),
    ):
        target = tmp_path / f"notes-{script}"

        def choose(dialog: ExportDialog, script: ExportScript | None = script) -> int:
            offered.append(dialog.script)
            dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
            if script is not None:
                dialog.script_combo.setCurrentIndex(dialog.script_combo.findData(script.value))
            return int(QDialog.DialogCode.Accepted.value)

        monkeypatch.setattr(ExportDialog, "exec", choose)
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
        )
        with qtbot.waitSignal(ui.exported, timeout=20000) as blocker:
            ui.export_action.trigger()
        text = Path(blocker.args[0]).read_text(encoding="utf-8")
        assert expect_quote in text and expect_note in text, (script, text)
    # The dialog offers the script being read.
    assert offered[0] is ExportScript.SIMPLIFIED
    window.set_script(Script.ORIGINAL)
    dialog = ExportDialog(window, {}, [], ExportScript.ORIGINAL)
    assert dialog.script is ExportScript.ORIGINAL
    dialog.deleteLater()
