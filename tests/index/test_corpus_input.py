"""Bad corpus files are skipped with a message naming the file and the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.corpus import MAX_FILE_BYTES, load_corpus
from index.store import BuildError, build_index

from .conftest import SEED_FILE


@pytest.fixture
def messy_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \n\n ")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (root / "latin1.txt").write_bytes("標題".encode()[:-1] + b"\xff\xfe\x80\x81")
    (root / "gb.txt").write_bytes(
        "关于测试的通知\n\n2024-01-02 来源: 测试\n\n一、总体要求\n\n正文段落。\n".encode("gb18030")
    )
    (root / "chrome-only.txt").write_text("EN\nhttps://www.gov.cn/\n", "utf-8")
    (root / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return root


def test_bad_files_are_skipped_with_reasons(messy_corpus: Path) -> None:
    corpus = load_corpus(messy_corpus)
    assert {d.id for d in corpus.documents} == {"1d295d036ad38628", "gb"}
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "latin1.txt", "chrome-only.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "empty" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "GB18030" in reasons["latin1.txt"]
    assert "title" in reasons["chrome-only.txt"]
    gb = corpus.document("gb")
    assert gb is not None and gb.title == "关于测试的通知" and gb.source == "测试"


def test_build_skips_bad_files_unless_strict(messy_corpus: Path, tmp_path: Path) -> None:
    report = build_index(messy_corpus, tmp_path / "ix")
    assert report.documents == 2
    assert len(report.skipped) == 5
    with pytest.raises(BuildError) as info:
        build_index(messy_corpus, tmp_path / "ix2", strict=True)
    assert "binary.txt" in str(info.value)
    assert not (tmp_path / "ix2").exists()


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    with (root / "huge.txt").open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    corpus = load_corpus(root)
    assert [s.path.name for s in corpus.skipped] == ["huge.txt"]
    assert "too large" in corpus.skipped[0].reason


def test_missing_or_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="not found"):
        build_index(tmp_path / "nowhere", tmp_path / "ix")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError, match="no readable documents"):
        build_index(tmp_path / "empty", tmp_path / "ix")


def test_identical_copies_are_loaded_once_and_reported_with_both_paths(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(SEED_FILE, root / "000_same.txt")
    shutil.copy(SEED_FILE, root / "001_same.txt")
    corpus = load_corpus(root)
    assert len(corpus.documents) == 1
    assert not corpus.skipped
    assert corpus.documents[0].copies == ("001_same.txt",)
    (copy,) = corpus.copies
    assert {copy.kept.name, copy.copy.name} == {"000_same.txt", "001_same.txt"}
    assert "000_same.txt" in str(copy) and "001_same.txt" in str(copy)


def test_different_files_with_one_name_in_two_folders_are_both_kept(tmp_path: Path) -> None:
    root = tmp_path / "c"
    for folder, extra in (("a", ""), ("b", "\n补充一段不同的文字。\n")):
        (root / folder).mkdir(parents=True)
        text = SEED_FILE.read_text("utf-8") + extra
        (root / folder / "same.txt").write_text(text, "utf-8")
    corpus = load_corpus(root)
    assert sorted(doc.id for doc in corpus.documents) == ["a/same", "b/same"]
    assert not corpus.skipped and not corpus.copies


def test_an_id_taken_twice_is_made_unique_not_dropped(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(SEED_FILE, root / "000_same.txt")
    (root / "same.txt").write_text(SEED_FILE.read_text("utf-8") + "\n另一段。\n", "utf-8")
    corpus = load_corpus(root)
    ids = [doc.id for doc in corpus.documents]
    assert len(ids) == 2 and len(set(ids)) == 2 and "same" in ids
    assert corpus.renamed
