"""Counts read as the language reads them: "1 file" and "2 files" in English, "1 个文件"
in Chinese, and no "file(s)" left in any interface string."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

REPO = Path(__file__).resolve().parents[2]
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def _fresh_catalog(tmp_path: Path, language: str) -> ET.Element:
    """The shipped catalog brought up to date with the sources, as Qt Linguist would."""
    fresh = tmp_path / f"{language}.ts"
    shutil.copy(REPO / "resources" / "i18n" / f"policy_library_{language}.ts", fresh)
    sources = [
        str(p)
        for p in sorted((REPO / "desktop").rglob("*.py"))
        if not {"annotations", "importing"} & set(p.relative_to(REPO / "desktop").parts)
    ]
    subprocess.run(
        [str(LUPDATE), "-no-obsolete", *sources, "-ts", str(fresh)], check=True, capture_output=True
    )
    return ET.parse(fresh).getroot()


@pytest.mark.skipif(not LUPDATE.is_file(), reason="pyside6-lupdate is not installed")
def test_every_count_has_its_plural_forms_and_no_string_says_s_in_brackets(
    tmp_path: Path,
) -> None:
    english = _fresh_catalog(tmp_path, "en")
    counted = []
    for message in english.iter("message"):
        source = message.findtext("source") or ""
        if message.get("numerus") == "yes":
            counted.append(source)
            translation = message.find("translation")
            assert translation is not None and translation.get("type") != "unfinished", source
            forms = [f.text or "" for f in translation.iter("numerusform")]
            assert len(forms) == 2 and all("%n" in f and "(s)" not in f for f in forms), source
        else:
            # A count must go through %n and the plural forms, never "(s)".
            assert "(s)" not in source, f"plural hack in an interface string: {source!r}"
    assert len(counted) >= 10
    chinese = _fresh_catalog(tmp_path, "zh_CN")
    for message in chinese.iter("message"):
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in message.iter("numerusform")]
            assert forms and all(f and "%n" in f for f in forms), message.findtext("source")


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 unreadable file", "2 unreadable files"),
        ("zh_CN", "1 个文件无法读取", "2 个文件无法读取"),
    ],
)
def test_counts_in_the_window_read_naturally(
    make_window: Any, language: str, one: str, two: str
) -> None:
    window = make_window(language=language)
    library = window.library
    original = library.corpus
    try:
        for count, expected in ((1, one), (2, two)):
            broken = tuple(f"broken-{i}.md: unreadable" for i in range(count))
            library.corpus = dataclasses.replace(original, skipped=broken)
            window._update_status()
            label = window.status_label.text()
            assert expected in label, label
            assert "(s)" not in label
    finally:
        library.corpus = original
        window._update_status()


def test_exported_note_count_in_english(qapp: Any) -> None:
    from desktop.translators import shared

    shared().apply("en")
    say = QCoreApplication.translate
    assert say("AnnotationUi", "Exported %n note(s) to %1.", "", 1) == "Exported 1 note to %1."
    assert say("AnnotationUi", "Exported %n note(s) to %1.", "", 3) == "Exported 3 notes to %1."
    assert say("PdfExport", "Saved %1 (%n page(s)).", "", 1) == "Saved %1 (1 page)."
