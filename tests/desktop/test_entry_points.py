"""``python -m desktop --version`` / ``--self-check``, and the translation build step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop import __version__, i18n, paths, self_check

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_LIBRARY_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def test_version(user_data_dir: Path) -> None:
    done = _run(["--version"], user_data_dir)
    assert done.returncode == 0
    assert done.stdout.strip() == f"policy-library {__version__}"


@pytest.mark.slow
def test_self_check_cli_prints_json_and_exit_code_matches(user_data_dir: Path) -> None:
    done = _run(["--self-check"], user_data_dir)
    report = json.loads(done.stdout)
    assert done.returncode == (0 if report["ok"] else 1)
    assert report["checks"]["corpus"]["documents"] >= 1
    assert report["checks"]["user_data"] == {"ok": True, "path": str(user_data_dir)}


def test_self_check_passes_with_a_good_index(
    app_paths: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert self_check.main() == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    queries = {q["query"]: q for q in report["checks"]["search"]["queries"]}
    assert queries["数字政府"]["total"] == queries["數字政府"]["total"] == 28
    assert report["checks"]["index"]["state"] == "ok"


@pytest.mark.slow
def test_self_check_fails_on_a_damaged_index_and_missing_corpus(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    built_index: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(built_index, broken)
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: broken)
    assert self_check.main() == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checks"]["index"]["state"] == "corrupt"
    assert report["ok"] is False
    monkeypatch.setattr(paths, "corpus_dir", lambda: tmp_path / "nowhere")
    assert self_check.main() == 1
    report = json.loads(capsys.readouterr().out)
    assert (
        report["checks"]["corpus"]["ok"] is False
        and "not found" in report["checks"]["corpus"]["error"]
    )


def test_translations_build_and_fall_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    written = i18n.compile_catalogs(tmp_path / "qm")
    assert [p.name for p in written] == ["policy_library_en.qm", "policy_library_zh_CN.qm"]
    translator = QTranslator()
    assert translator.load(str(written[1]))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    english = QTranslator()
    assert english.load(str(written[0]))
    assert english.translate("MainWindow", "%n unreadable file(s)", "", 1) == "%n unreadable file"
    # Started without compiled catalogs: they are compiled into the user folder.
    shipped = tmp_path / "i18n"
    shipped.mkdir()
    (shipped / "policy_library_zh_CN.ts").write_bytes(
        (REPO / "resources/i18n/policy_library_zh_CN.ts").read_bytes()
    )
    monkeypatch.setattr(paths, "i18n_dir", lambda: shipped)
    found = i18n.find_catalog("zh_CN")
    assert found is not None and found.parent == i18n.user_qm_dir()
    # …and without lrelease the program runs in English rather than failing.
    for qm in i18n.user_qm_dir().glob("*.qm"):
        qm.unlink()
    monkeypatch.setattr(i18n, "lrelease_executable", lambda: None)
    assert i18n.find_catalog("zh_CN") is None


def test_pdf_export(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.pdf_export_ui import PdfExportDialog

    window = make_window()
    target = tmp_path / "out" / "seed"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    monkeypatch.setattr(PdfExportDialog, "exec", lambda _self: 1)
    with qtbot.waitSignal(window.pdf_export.written, timeout=60000) as blocker:
        window.export_pdf_action.trigger()
    path = blocker.args[0]
    assert path == target.with_suffix(".pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 2
    )
    assert "Saved" in window.statusBar().currentMessage()


def test_printed_page_has_header_body_and_page_number(make_window: Any) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from desktop.ui.printing import PagedDocument

    window = make_window()
    # An A4 page at 96 dpi with 20 mm margins, painted into an image instead of a printer.
    image = QImage(794, 1123, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    paged = PagedDocument(image, QRectF(0, 0, 794 - 151, 1123 - 151), window.current, False)
    assert paged.pages >= 3
    assert paged.header == "《開啟新時代數字政府建設新篇章》  人民網  2022-08-26"
    painter = QPainter(image)
    painter.translate(75, 75)
    paged.paint_page(painter, 1)
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(str(ARTIFACTS / "07-printed-page-2.png"))

    def inked(top: int, bottom: int, left: int = 75, right: int = 719, step: int = 3) -> int:
        return sum(
            1
            for y in range(top, bottom, step)
            for x in range(left, right, step)
            if image.pixelColor(x, y).value() < 128
        )

    assert inked(75, 95) > 20  # the header line
    assert inked(120, 1000) > 2000  # body text
    assert inked(1020, 1048, 340, 460, 1) > 20  # "2 / n", centred at the foot


def test_every_interface_string_has_a_chinese_translation(tmp_path: Path) -> None:
    import shutil
    import xml.etree.ElementTree as ET

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate is not installed")
    shipped = REPO / "resources" / "i18n" / "policy_library_zh_CN.ts"
    fresh = tmp_path / "fresh.ts"
    shutil.copy(shipped, fresh)
    sources = [
        str(p)
        for p in sorted((REPO / "desktop").rglob("*.py"))
        if not {"annotations", "importing"} & set(p.relative_to(REPO / "desktop").parts)
    ]
    subprocess.run(
        [str(lupdate), "-no-obsolete", *sources, "-ts", str(fresh)], check=True, capture_output=True
    )
    messages = ET.parse(fresh).getroot().iter("message")
    untranslated = [
        m.findtext("source")
        for m in messages
        if (translation := m.find("translation")) is None
        or translation.get("type") == "unfinished"
        or not translation.text
    ]
    assert untranslated == []
