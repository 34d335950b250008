"""PDF export as a reader uses the file: the indent on paper, text that copies and searches.

Read back with poppler (pdftotext), as a PDF viewer's copy or search would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QPageSize

from desktop import fonts
from desktop.annotations import new_highlight
from desktop.export_pdf_cli import main as export_pdf_cli
from desktop.text import display_text
from desktop.ui.printing import PRINT_POINT_SIZE, export_pdf, maps_radicals, print_families
from index.document import BlockKind, Document
from index.folding import fold_text
from index.parsing import parse_markdown
from tests.library_index import bundled_corpus

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")

# Every unified ideograph that a Kangxi radical (U+2F00–2FD5) stands for (its NFKC form):
# the characters a radical-mapping font would turn into ⼀ ⼈ … in the text layer.
RADICAL_TWINS = "".join(
    sorted({unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})
)


@pytest.fixture(autouse=True)
def bundled_fonts(qapp):
    fonts.load_bundled_fonts()


def seed_document() -> Document:
    return bundled_corpus().documents[0]


def twin_document() -> Document:
    lines = [RADICAL_TWINS[i : i + 40] for i in range(0, len(RADICAL_TWINS), 40)]
    text = "---\ntitle: 部首测试一网通办\nsource: 人民网\ndate: 2024-01-01\n---\n\n"
    text += "\n\n".join(["一网通办，人民群众见长门风骨。", *lines]) + "\n"
    return parse_markdown(text, "twins")


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page without its header (first line) and page number (last)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for page in out.stdout.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines:
            assert re.fullmatch(r"\d+ ?/ ?\d+", lines[-1].strip()), lines[-1]
            pages.append("".join(lines[1:-1]))
    return pages


def squeeze(text: str) -> str:
    return "".join(fold_text(text).split())


def expected_text(doc: Document, simplified: bool) -> str:
    from desktop.ui.rendering import metadata_line

    parts = [display_text(b.text, simplified) for b in doc.blocks]
    parts.insert(1, display_text(metadata_line(doc), simplified))
    return "".join(parts)


@pytest.mark.parametrize("simplified", [False, True])
@pytest.mark.parametrize("make", [seed_document, twin_document])
@pytest.mark.slow
def test_text_layer_round_trips(tmp_path: Path, make, simplified: bool):
    doc = make()
    out = tmp_path / "doc.pdf"
    assert export_pdf(out, doc, simplified) >= 1
    text = "".join(pdf_text(out))
    radicals = sorted({ch for ch in text if 0x2E80 <= ord(ch) <= 0x2FDF})
    assert radicals == []
    assert squeeze(text) == squeeze(expected_text(doc, simplified))
    nfkc = unicodedata.normalize("NFKC", text)
    assert squeeze(nfkc) == squeeze(unicodedata.normalize("NFKC", expected_text(doc, simplified)))


def test_fonts_that_map_radicals_are_not_used_for_print():
    assert not maps_radicals(fonts.BUNDLED_FAMILY)
    assert fonts.BUNDLED_FAMILY in print_families()
    installed = set(QFontDatabase.families())
    leaking = [f for f in fonts.READING_FAMILIES if f in installed and maps_radicals(f)]
    if not leaking:
        pytest.skip("no installed reading font maps radicals (e.g. Noto Serif CJK SC)")
    assert not set(leaking) & set(print_families())


def _lines(pdf: Path) -> list[tuple[float, str]]:
    """(left edge, text) of every line of the PDF, as poppler lays them out."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for line in re.findall(r"<line .*?</line>", out, re.S):
        left = float(re.search(r'xMin="([\d.]+)"', line).group(1))  # type: ignore[union-attr]
        lines.append((left, "".join(re.findall(r">([^<]+)</word>", line))))
    return lines


@pytest.mark.slow
def test_first_line_indent_is_two_characters_on_paper(tmp_path: Path):
    doc = seed_document()
    out = tmp_path / "doc.pdf"
    export_pdf(out, doc, simplified=True)
    paragraphs = [display_text(b.text, True) for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    lines = _lines(out)
    margin = min(left for left, _ in lines)
    indents = [
        left - margin
        for left, text in lines
        if any(p.startswith(text[:12]) for p in paragraphs if len(p) > 60)
    ]
    assert len(indents) >= 5
    for indent in indents:
        assert indent == pytest.approx(2 * PRINT_POINT_SIZE, abs=0.5)
    # Continuation lines start at the margin.
    assert sum(1 for left, _ in lines if abs(left - margin) < 0.5) > len(indents)


@pytest.mark.slow
def test_page_is_a4_with_the_title_in_the_header(tmp_path: Path):
    doc = seed_document()
    out = tmp_path / "doc.pdf"
    pages = export_pdf(out, doc, simplified=True)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info
    size = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Point)
    assert f"{size.width():.0f} x {size.height():.0f} pts" in info
    raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    title = display_text(doc.title, True)
    headers = [page.strip().splitlines()[0] for page in raw.split("\f") if page.strip()]
    assert len(headers) == pages
    assert all(title in header for header in headers)


def test_notes_are_marked_and_listed_numbered(tmp_path: Path):
    doc = twin_document()
    body = next(b for b in doc.blocks if b.text.startswith("一网通办"))
    first = new_highlight(doc, body.id, 0, 4, color="yellow", note="重点记住")
    second = new_highlight(doc, body.id, 5, 9, color="blue", note="第二条批注")
    plain = new_highlight(doc, body.id, 10, 12, color="green")
    out = tmp_path / "notes.pdf"
    export_pdf(out, doc, simplified=True, notes=[second, plain, first])
    text = "".join(pdf_text(out))
    # Numbered in reading order, the number right after the marked words.
    assert "一网通办[1]" in text and "人民群众[2]" in text
    tail = text[text.index("批注") :]
    assert tail.index("[1]") < tail.index("重点记住") < tail.index("[2]") < tail.index("第二条批注")
    assert "“一网通办”" in tail
    # The unnumbered highlight is marked but adds no note.
    assert "[3]" not in text


@pytest.mark.slow
def test_cli_writes_the_pdf(tmp_path: Path, capsys):
    doc = seed_document()
    out = tmp_path / "cli.pdf"
    code = export_pdf_cli(
        [doc.id, "--output", str(out), "--script", "simplified", "--data-dir", str(tmp_path)]
    )
    assert code == 0, capsys.readouterr().err
    assert squeeze("".join(pdf_text(out))) == squeeze(expected_text(doc, True))
    assert export_pdf_cli(["no-such-doc", "--output", str(out), "--data-dir", str(tmp_path)]) == 1
    assert "no-such-doc" in capsys.readouterr().err
