"""``policy-library annotations export|import`` as an administrator runs it."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from desktop.annotations import AnnotationStore, new_highlight
from desktop.annotations.cli import main
from index.corpus import load_document

from .conftest import SEED_CORPUS

QUOTE = "有力的統籌協調、科學的制度規則"


def _seed_store(data: Path) -> str:
    document = load_document(SEED_CORPUS / "000_1d295d036ad38628.txt", SEED_CORPUS)
    block = next(b for b in document.blocks if QUOTE in b.text)
    start = block.text.index(QUOTE)
    with AnnotationStore(data) as store:
        saved = store.writer.add(
            new_highlight(
                document, block.id, start, start + len(QUOTE), note="体制机制", tags=["学习"]
            )
        ).result()
    return saved.id


def test_export_all_formats_and_import_elsewhere(tmp_path: Path, capsys, seed_corpus: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    annotation_id = _seed_store(first)
    corpus = ["--corpus", str(seed_corpus)]
    for fmt in ("json", "md", "docx"):
        out = tmp_path / f"notes.{fmt}"
        assert (
            main(
                ["export", "--format", fmt, "--output", str(out), "--data-dir", str(first), *corpus]
            )
            == 0
        )
        assert out.stat().st_size > 0
    assert QUOTE in (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert "《開啟新時代數字政府建設新篇章》" in (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert any(p.text == QUOTE for p in docx.Document(str(tmp_path / "notes.docx")).paragraphs)

    assert main(["import", str(tmp_path / "notes.json"), "--data-dir", str(second), *corpus]) == 0
    assert "1 added" in capsys.readouterr().out
    with AnnotationStore(second) as store, store.reader() as reader:
        imported = reader.get(annotation_id)
        assert imported is not None and imported.note == "体制机制"


def test_export_filters(tmp_path: Path, seed_corpus: Path):
    data = tmp_path / "data"
    _seed_store(data)
    out = tmp_path / "x.json"
    base = [
        "export",
        "--format",
        "json",
        "--output",
        str(out),
        "--data-dir",
        str(data),
        "--corpus",
        str(seed_corpus),
    ]
    assert main([*base, "--tag", "没有这个标签"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["annotations"] == []
    assert main([*base, "--tag", "学习", "--since", "2000-01-01"]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["annotations"]) == 1
    assert main([*base, "--until", "2000-01-01"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["annotations"] == []


def test_failures_exit_non_zero_with_a_message(tmp_path: Path, capsys, seed_corpus: Path):
    data = tmp_path / "data"
    _seed_store(data)
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "policy-library-annotations", "version": 1, "annotations": [', encoding="utf-8"
    )
    assert main(["import", str(bad), "--data-dir", str(data), "--corpus", str(seed_corpus)]) == 1
    assert "not imported" in capsys.readouterr().err
    assert (
        main(
            [
                "import",
                str(tmp_path / "missing.json"),
                "--data-dir",
                str(data),
                "--corpus",
                str(seed_corpus),
            ]
        )
        == 1
    )
    assert main(["export", "--format", "pdf", "--output", "x", "--data-dir", str(data)]) == 2
    no_corpus = ["--corpus", str(tmp_path / "no-such-corpus")]
    assert (
        main(
            [
                "export",
                "--format",
                "md",
                "--output",
                str(tmp_path / "x.md"),
                "--data-dir",
                str(data),
                *no_corpus,
            ]
        )
        == 1
    )
    assert "corpus folder not found" in capsys.readouterr().err
    unwritable = tmp_path / "no-such-dir" / "out.md"
    assert (
        main(
            [
                "export",
                "--format",
                "md",
                "--output",
                str(unwritable),
                "--data-dir",
                str(data),
                "--corpus",
                str(seed_corpus),
            ]
        )
        == 1
    )
