"""Every documented import limit, at the limit and beyond, with time and memory bounds.

Measured in a fresh process: 30 s of CPU time and 1 GB, far above what the code needs here (see
the README's figures) and far below what the unbounded code cost on the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.importing.limits import MAX_DOCUMENT_CHARS, MAX_DOCUMENT_PARAGRAPHS
from desktop.limit_inputs import write_long_docx
from tests.importing.files import write_docx
from tests.measured import run_measured

SECONDS = 30
MEGABYTES = 1024


def _import(path: Path, data: Path) -> str:
    return f"""
        from pathlib import Path
        from desktop.importing import PersonalLibrary
        library = PersonalLibrary.open(Path({str(data)!r}))
        doc = library.import_file(Path({str(path)!r}))
        print("blocks", len(doc.blocks))
        """


def test_a_docx_of_346_thousand_paragraphs_is_refused_fast(tmp_path: Path) -> None:
    path = write_long_docx(tmp_path / "long.docx", 346_000)
    measured = run_measured(_import(path, tmp_path / "data"))
    assert measured.raised == "DocumentImportError"
    assert "too long" in measured.message
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES


def test_paragraphs_just_over_the_limit_are_refused(tmp_path: Path) -> None:
    path = write_long_docx(tmp_path / "over.docx", MAX_DOCUMENT_PARAGRAPHS + 1)
    measured = run_measured(_import(path, tmp_path / "data"))
    assert measured.raised == "DocumentImportError", measured.message
    assert not list((tmp_path / "data" / "library" / "documents").glob("*.json"))


@pytest.mark.slow
def test_a_docx_at_the_paragraph_limit_is_imported_within_the_bounds(tmp_path: Path) -> None:
    path = write_long_docx(
        tmp_path / "at-limit.docx", MAX_DOCUMENT_PARAGRAPHS, "第{i}段 各地区各部门要加强统筹协调。"
    )
    measured = run_measured(_import(path, tmp_path / "data"))
    assert measured.raised is None, measured.message
    assert f"blocks {MAX_DOCUMENT_PARAGRAPHS + 1}" in measured.stdout
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES


@pytest.mark.slow
def test_a_text_at_the_character_limit_is_imported_within_the_bounds(tmp_path: Path) -> None:
    paragraph = (
        "各地区各部门要加强统筹协调，推进政务服务标准化、规范化、便利化，切实提升群众获得感。" * 3
    )
    count = MAX_DOCUMENT_CHARS // len(paragraph)
    path = tmp_path / "at-limit.txt"
    path.write_text("长文本标题\n\n" + "\n\n".join([paragraph] * count) + "\n", "utf-8")
    measured = run_measured(_import(path, tmp_path / "data"))
    assert measured.raised is None, measured.message
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES


@pytest.mark.parametrize("suffix", [".txt", ".html"])
@pytest.mark.slow
def test_fifty_megabytes_of_text_are_refused_fast(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    line = "<p>各地区各部门要加强统筹协调，推进政务服务标准化。</p>\n"
    if suffix == ".txt":
        line = "各地区各部门要加强统筹协调，推进政务服务标准化。\n\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<html><body>" if suffix == ".html" else "标题\n\n")
        fh.write(line * ((50 * 1024 * 1024 - 100) // len(line.encode())))
    measured = run_measured(_import(path, tmp_path / "data"))
    assert measured.raised == "DocumentImportError"
    assert "too long" in measured.message
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES


def test_ordinary_documents_still_read_the_same(inbox: Path) -> None:
    from desktop.importing.readers import read_file

    draft = read_file(write_docx(inbox / "a.docx", title="关于做好工作的通知"))
    assert draft.title == "关于做好工作的通知"
    levels = dict(zip(draft.paragraphs, draft.levels, strict=True))
    assert levels["一、总体要求"] == 1 and levels["（一）统一标准"] == 2
