"""学习笔记 in the form of a Chinese official document, in the script the reader chose.

The slow test renders the Word file with LibreOffice and reads the PDF back with poppler,
as a reviewer opening the file would see it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import opencc
import pytest

from desktop.annotations import (
    AnnotationStore,
    ExportFormat,
    export_annotations,
    new_bookmark,
    new_highlight,
)
from desktop.annotations.cli import main as annotations_cli
from desktop.annotations.study_notes import excerpt
from desktop.annotations.study_notes_docx import FONTS
from index.folding import simplify_text
from index.parsing import parse_markdown

from .conftest import PARAGRAPHS, block_with


def traditional_document():
    to_traditional = opencc.OpenCC("s2t")
    front = "---\ntitle: 關於加強數字政府建設的示範文件\ndate: 2024-03-15\nsource: 人民網\n---\n"
    body = to_traditional.convert("\n\n".join(PARAGRAPHS))
    return parse_markdown(front + body + "\n", "trad")


@pytest.fixture
def trad_store(store: AnnotationStore) -> AnnotationStore:
    document = traditional_document()
    for needle, color, note in (
        ("打破信息孤島", "blue", "數據共享是關鍵"),
        ("一網通辦", "yellow", ""),
        ("防範數據泄露風險", "green", ""),
    ):
        block_id, start, end = block_with(document, needle)
        annotation = new_highlight(document, block_id, start, end, color=color, note=note)
        store.writer.add(annotation).result()
    long_paragraph = next(b for b in document.blocks if b.text.startswith("堅持"))
    store.writer.add(new_bookmark(document, long_paragraph.id, "總體要求")).result()
    return store


def _export(store: AnnotationStore, out: Path, fmt: ExportFormat, script: str, author=""):
    from desktop.annotations.study_notes import Script

    document = traditional_document()
    with store.reader() as reader:
        export_annotations(
            reader, out, fmt, {document.id: document}, script=Script(script), author=author
        )


def _han_traditional(text: str) -> list[str]:
    return sorted({ch for ch in text if simplify_text(ch) != ch})


def _exported_text(path: Path, fmt: ExportFormat) -> str:
    if fmt is ExportFormat.MARKDOWN:
        return path.read_text("utf-8")
    return _xml(path, "word/document.xml")


def _xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def test_docx_is_an_a4_official_document(tmp_path: Path, trad_store):
    out = tmp_path / "notes.docx"
    _export(trad_store, out, ExportFormat.DOCX, "simplified", author="张三")
    document_xml = _xml(out, "word/document.xml")
    styles_xml = _xml(out, "word/styles.xml")
    # A4 (twips) and the 公文 margins: 37 / 35 / 28 / 26 mm.
    assert 'w:w="11906"' in document_xml and 'w:h="16838"' in document_xml
    page_margins = re.search(r"<w:pgMar [^>]*/>", document_xml)
    assert page_margins is not None
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        found = re.search(rf'w:{side}="(\d+)"', page_margins.group(0))
        assert found is not None
        twips = int(found.group(1))
        assert abs(twips - mm * 1440 / 25.4) < 2, (side, twips)
    # The fonts asked for, as East Asian fonts; no theme font may override them.
    for role in ("title", "heading1", "heading2", "body"):
        assert f'w:eastAsia="{FONTS[role][0]}"' in styles_xml, role
    assert "Theme=" not in styles_xml and "w:cstheme" not in styles_xml
    # No Word default blue headings, no rule under the title.
    text_styles = re.findall(
        r'<w:style w:type="(?:paragraph|character)".*?</w:style>', styles_xml, re.S
    )
    assert len(text_styles) > 10
    for style in text_styles:
        assert "themeColor" not in style and "<w:pBdr>" not in style
        assert set(re.findall(r'<w:color w:val="([0-9A-Fa-f]{6})"', style)) <= {"000000"}
    # Body: 三号 (sz 32 half-points), exactly 28 pt (560 twips) per line, 2-char indent.
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles_xml, re.S)
    assert normal is not None
    normal_xml = normal.group(0)
    assert 'w:line="560"' in normal_xml and 'w:lineRule="exact"' in normal_xml
    assert 'w:sz w:val="32"' in normal_xml and 'w:firstLineChars="200"' in normal_xml
    # Page numbers — 1 — in the footers (odd right, even left).
    footers = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("word/footer")]
    assert len(footers) == 2
    for name in footers:
        xml = _xml(out, name)
        assert "PAGE" in xml and "— " in xml and " —" in xml
    core = _xml(out, "docProps/core.xml")
    assert "<dc:creator>张三</dc:creator>" in core
    assert "python-docx" not in core.lower()


def test_author_is_blank_unless_given(tmp_path: Path, trad_store):
    out = tmp_path / "notes.docx"
    _export(trad_store, out, ExportFormat.DOCX, "original")
    core = _xml(out, "docProps/core.xml")
    assert "python-docx" not in core.lower()
    assert re.search(r"<dc:creator>[^<]+</dc:creator>", core) is None


@pytest.mark.parametrize("fmt", [ExportFormat.MARKDOWN, ExportFormat.DOCX])
def test_simplified_export_has_no_traditional_characters(tmp_path: Path, trad_store, fmt):
    out = tmp_path / f"notes.{fmt.value}"
    _export(trad_store, out, fmt, "simplified")
    text = _exported_text(out, fmt)
    assert _han_traditional(text) == []
    assert "人民网" in text and "一网通办" in text and "数据共享是关键" in text


@pytest.mark.parametrize("fmt", [ExportFormat.MARKDOWN, ExportFormat.DOCX])
def test_traditional_export_labels_too(tmp_path: Path, trad_store, fmt):
    out = tmp_path / f"notes.{fmt.value}"
    _export(trad_store, out, fmt, "traditional")
    text = _exported_text(out, fmt)
    for word in ("學習筆記", "來源：人民網", "顏色", "參考文獻", "書籤"):
        assert word in text, word
    for simplified_label in ("学习笔记", "来源", "颜色", "参考文献", "书签"):
        assert simplified_label not in text


def test_original_export_keeps_the_documents_script(tmp_path: Path, trad_store):
    out = tmp_path / "notes.md"
    _export(trad_store, out, ExportFormat.MARKDOWN, "original")
    text = out.read_text("utf-8")
    assert "> 一網通辦" in text and "人民網" in text


def test_bookmark_quote_is_cut_at_a_boundary_with_an_ellipsis(tmp_path: Path, trad_store):
    out = tmp_path / "notes.md"
    _export(trad_store, out, ExportFormat.MARKDOWN, "simplified")
    text = out.read_text("utf-8")
    quote = next(line[2:] for line in text.splitlines() if line.startswith("> 坚持以人民为中心"))
    assert quote.endswith("…")
    paragraph = simplify_text(PARAGRAPHS[1])
    assert paragraph.startswith(quote[:-1])
    # Cut where the paragraph has a clause mark, not inside a phrase.
    assert paragraph[len(quote) - 1] in "，。；"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("短句。", "短句。"),
        ("第一句话说的是一件事情的来龙去脉和前因后果。" * 2 + "第三句" * 10, None),
        ("甲" * 40 + "Policy Library version 2.0.1 是一个离线阅读器" * 3, None),
    ],
)
def test_excerpt_never_splits_a_word(text: str, expected: str | None):
    got = excerpt(text)
    if expected is not None:
        assert got == expected
        return
    assert got.endswith("…") and len(got) <= 57
    kept = got[:-1]
    assert text.startswith(kept)
    following = text[len(kept)]
    # Never between two letters or digits of one Latin word or number.
    assert not (kept[-1].isascii() and kept[-1].isalnum() and following.isalnum())


def test_cli_script_flag(tmp_path: Path, trad_store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    document = traditional_document()
    (corpus / "trad.md").write_text(
        "---\ntitle: 關於加強數字政府建設的示範文件\ndate: 2024-03-15\nsource: 人民網\n---\n"
        + opencc.OpenCC("s2t").convert("\n\n".join(PARAGRAPHS))
        + "\n",
        encoding="utf-8",
    )
    from index.corpus import load_corpus

    loaded = load_corpus(corpus).documents
    assert [d.blocks for d in loaded] == [document.blocks]
    data_dir = tmp_path / "data"  # the store fixture's folder
    out = tmp_path / "notes.md"
    args = ["export", "--format", "md", "--output", str(out), "--corpus", str(corpus)]
    assert annotations_cli([*args, "--data-dir", str(data_dir), "--script", "simplified"]) == 0
    assert "一网通办" in out.read_text("utf-8")
    assert annotations_cli([*args, "--data-dir", str(data_dir), "--script", "klingon"]) == 2


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_rendered_by_libreoffice(tmp_path: Path, trad_store):
    out = tmp_path / "学习笔记.docx"
    _export(trad_store, out, ExportFormat.DOCX, "simplified")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(_soffice()),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert size is not None
    assert abs(float(size.group(1)) - 595.28) < 1 and abs(float(size.group(2)) - 841.89) < 1
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "学习笔记" in text and "一网通办" in text and "参考文献" in text
    assert re.search(r"—\s*1\s*—", text), "page number — 1 — in the footer"
    assert _han_traditional(text) == []
