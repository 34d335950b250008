"""File › Export as PDF from the window: with highlights and notes if asked, in the
script chosen, written in the background, and a refusal that says why."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.settings import Script
from desktop.ui.pdf_export_ui import PdfExportDialog
from tests.desktop.reader_selection import select

WAIT = 60000
BLOCK = 3  # 加強數字政府建設是黨中央、國務院…

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def _highlight(qtbot: Any, window: Any, note: str) -> None:
    select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(window.annotations.committed, timeout=WAIT):
        window.annotations.highlight_selection("yellow", note=note)


def _export(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    target: Path,
    with_notes: bool,
    simplified: bool,
) -> Path:
    offered: list[tuple[bool, bool]] = []

    def choose(dialog: PdfExportDialog) -> int:
        offered.append((dialog.with_notes, dialog.simplified))
        dialog.notes_check.setChecked(with_notes)
        dialog.script_combo.setCurrentIndex(dialog.script_combo.findData(simplified))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(PdfExportDialog, "exec", choose)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(window.pdf_export.written, timeout=WAIT) as blocker:
        window.export_pdf_action.trigger()
    # The dialog starts from the script being read, with notes when there are any.
    assert offered == [(True, window.simplified)]
    return Path(blocker.args[0])


def test_pdf_with_notes_in_simplified_from_the_file_menu(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = make_window()
    window.set_script(Script.ORIGINAL)
    _highlight(qtbot, window, "这一段要背下来")
    assert window.export_pdf_action in window.file_menu.actions()
    path = _export(qtbot, window, monkeypatch, tmp_path / "with-notes", True, True)
    assert path == tmp_path / "with-notes.pdf"
    text = _text(path)
    assert "加强数字政府建设[1]" in text and "加強數字政府建設" not in text
    assert text.index("这一段要背下来") > text.index("加强数字政府建设[1]")
    assert "(" in window.statusBar().currentMessage() and str(path) in (
        window.statusBar().currentMessage()
    )
    # Without notes, in the original script: no mark, no note.
    plain = _export(qtbot, window, monkeypatch, tmp_path / "plain.pdf", False, False)
    text = _text(plain)
    assert "加強數字政府建設" in text and "[1]" not in text and "这一段要背下来" not in text


def test_a_pdf_that_cannot_be_written_is_explained_and_nothing_is_left(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dialogs: Any
) -> None:
    window = make_window(language="zh_CN")
    target = tmp_path / "no-such-folder" / "out.pdf"
    monkeypatch.setattr(PdfExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(window.pdf_export.failed, timeout=WAIT) as blocker:
        window.export_pdf_action.trigger()
    # Said in Chinese, reason included, in the message box the user reads.
    assert blocker.args[0].startswith("无法写入 PDF：无法写入 ") and str(target) in blocker.args[0]
    shown = [d for d in dialogs if d.title == "导出失败"]
    assert shown and shown[0].text == blocker.args[0]
    assert not target.parent.exists()


def test_printing_offers_the_notes_and_the_script(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from desktop.ui.pdf_export_ui import OutputOptions

    window = make_window()
    window.set_script(Script.ORIGINAL)
    _highlight(qtbot, window, "打印时也要有")
    paper = tmp_path / "printed.pdf"
    seen: list[tuple[bool, bool]] = []

    def print_to_file(dialog: QPrintDialog) -> int:
        options = dialog.findChild(OutputOptions)
        assert options is not None  # a tab of the print dialog
        seen.append((options.with_notes, options.simplified))
        options.script_combo.setCurrentIndex(options.script_combo.findData(True))
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(paper))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    window.print_action.trigger()
    assert seen == [(True, False)]
    text = _text(paper)
    assert "加强数字政府建设[1]" in text and "打印时也要有" in text
