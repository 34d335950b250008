"""Screenshots of the main states, and Chinese rendering without any system CJK font."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QRawFont

from desktop import fonts
from tests.library_index import bundled_corpus

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"
ARTIFACTS = REPO / "artifacts"


def _variance(image: QImage) -> float:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())
    step = max(1, len(data) // 50_000)
    sample = data[::step]
    mean = sum(sample) / len(sample)
    return sum((b - mean) ** 2 for b in sample) / len(sample)


def _save(widget: Any, name: str) -> QImage:
    ARTIFACTS.mkdir(exist_ok=True)
    image = widget.grab().toImage()
    assert image.save(str(ARTIFACTS / name))
    return image


def test_screenshots_of_main_states_are_not_blank(
    qtbot: Any, make_window: Any, search: Any, type_text: Any
) -> None:
    window = make_window()
    window.resize(1280, 800)
    opened = _save(window, "01-document-open.png")
    search(window, "数字政府")
    window.open_hit(2)
    results = _save(window, "02-search-results.png")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window.find_bar.edit, "数据")
    found = _save(window, "03-find-bar.png")
    window.simplified_action.trigger()
    window.zoom_in()
    simplified = _save(window, "04-simplified-zoomed.png")
    window.language_actions["zh_CN"].trigger()
    chinese = _save(window, "05-chinese-interface.png")
    assert window.menuBar().actions()[0].text().startswith("文件")
    assert window.search_panel.model.item(0).child(0).text() == "（开头）"
    for image in (opened, results, found, simplified, chinese):
        assert image.width() >= 1000
        assert _variance(image) > 200  # text and panels, not a flat fill
    # The reading area alone has text in it in every state.
    assert _variance(window.reader.viewport().grab().toImage()) > 200
    assert opened != results != found


@pytest.mark.slow
def test_bundled_font_covers_every_corpus_character() -> None:
    families = fonts.load_bundled_fonts()
    assert fonts.BUNDLED_FAMILY in families
    path = REPO / "resources" / "fonts" / fonts.BUNDLED_FILES[0]
    raw = QRawFont(str(path), 16)
    assert raw.isValid()
    chars = {
        ch
        for doc in bundled_corpus().documents
        for b in doc.blocks
        for ch in b.text + doc.title + doc.source
    }
    missing = sorted(ch for ch in chars if not ch.isspace() and not raw.supportsCharacter(ord(ch)))
    assert missing == []


def _probe(tmp_path: Path, bundled: bool, screenshot: Path | None = None) -> dict[str, Any]:
    """Render in a process whose fontconfig knows no fonts at all."""
    empty = tmp_path / "no-fonts"
    empty.mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{empty}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        "QT_QPA_PLATFORM": "offscreen",
        fonts.DISABLE_ENV: "0" if bundled else "1",
        "POLICY_LIBRARY_DATA_DIR": str(tmp_path / "data"),
    }
    args = [sys.executable, str(Path(__file__).with_name("render_probe.py"))]
    if screenshot is not None:
        args.append(str(screenshot))
    done = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_chinese_renders_on_a_machine_without_cjk_fonts(tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with_font = _probe(tmp_path, bundled=True, screenshot=ARTIFACTS / "06-no-system-fonts.png")
    without = _probe(tmp_path, bundled=False)
    # Without the bundled font every character is the same box (tofu).
    assert len({g["digest"] for g in without["glyphs"].values()}) == 1
    # With it, every character has its own glyph, inked like a character.
    digests = [g["digest"] for g in with_font["glyphs"].values()]
    assert len(set(digests)) == len(digests)
    assert with_font["families"] == [fonts.BUNDLED_FAMILY]
    shot = QImage(with_font["screenshot"])
    assert not shot.isNull() and _variance(shot) > 200
