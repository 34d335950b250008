"""The index builds reproducibly, opens read-only, and reports itself missing, stale or corrupt."""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pytest

from index.corpus import load_corpus
from index.search import IndexSearcher
from index.store import MANIFEST_NAME, IndexState, build_index, check_index, read_manifest

from .conftest import SEED_FILE


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    return root


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_manifest_and_single_segment(corpus: Path, tmp_path: Path) -> None:
    report = build_index(corpus, tmp_path / "ix")
    manifest = read_manifest(tmp_path / "ix")
    assert manifest["documents"] == 1 and manifest["blocks"] == report.blocks == 41
    for key in ("schema_version", "analyzer_version", "folding_version", "corpus_hash", "built"):
        assert key in manifest
    assert set(manifest["versions"]) >= {"python", "whoosh-reloaded", "opencc"}
    # One segment, written as separate files (not a compound .seg: see index.store).
    assert len(list((tmp_path / "ix").glob("*.pst"))) == 1
    assert check_index(tmp_path / "ix", corpus).ok


def test_builds_are_reproducible(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_index(corpus, tmp_path / "a")
    build_index(corpus, tmp_path / "b")
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")


def test_missing_stale_and_corrupt(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    assert check_index(ix, corpus).state is IndexState.MISSING
    build_index(corpus, ix)
    assert check_index(ix, corpus).state is IndexState.OK

    (corpus / "extra.md").write_text("---\ntitle: 新增\n---\n\n新增正文。\n", "utf-8")
    status = check_index(ix, corpus)
    assert status.state is IndexState.STALE and "corpus" in status.message

    build_index(corpus, ix)
    segment = next(ix.glob("*.pst"))
    data = segment.read_bytes()
    segment.write_bytes(data[: len(data) // 3])
    assert check_index(ix, corpus).state is IndexState.CORRUPT

    build_index(corpus, ix)  # a rebuild over a damaged index replaces it
    assert check_index(ix, corpus).ok
    (ix / MANIFEST_NAME).write_text("{not json", "utf-8")
    assert check_index(ix, corpus).state is IndexState.CORRUPT


def test_older_format_is_stale(corpus: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index(corpus, ix)
    manifest = read_manifest(ix)
    manifest["analyzer_version"] = 0
    import json

    (ix / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    status = check_index(ix, corpus)
    assert status.state is IndexState.STALE and "analyzer_version" in status.message


def test_read_only_index_opens_and_searches(corpus: Path, tmp_path: Path) -> None:
    """Searching writes nothing into the index folder (checked also as root, who could)."""
    ix = tmp_path / "ix"
    build_index(corpus, ix)
    before = {p.name: p.stat().st_mtime_ns for p in ix.iterdir()}
    for path in [*ix.iterdir(), ix]:
        path.chmod(stat.S_IREAD | stat.S_IEXEC if path.is_dir() else stat.S_IREAD)
    try:
        assert check_index(ix, corpus).ok
        with IndexSearcher(ix) as searcher:
            assert searcher.search("数字政府").total > 0
        assert {p.name: p.stat().st_mtime_ns for p in ix.iterdir()} == before
    finally:
        for path in [ix, *ix.iterdir()]:
            path.chmod(stat.S_IRWXU)


def test_installed_index_is_readable_by_everyone(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    assert (tmp_path / "ix").stat().st_mode & 0o055 == 0o055


def test_cancelled_build_keeps_previous_index(corpus: Path, tmp_path: Path) -> None:
    from index.store import BuildError

    ix = tmp_path / "ix"
    build_index(corpus, ix)
    before = _hashes(ix)
    with pytest.raises(BuildError, match="cancelled"):
        build_index(corpus, ix, progress=lambda done, total: False)
    assert _hashes(ix) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index-build")] == []


def test_damaged_folded_texts_are_corrupt(corpus: Path, tmp_path: Path) -> None:
    """The folded-text files beside the Whoosh index are checked too."""
    ix = tmp_path / "ix"
    build_index(corpus, ix)
    texts = ix / "folded.u16"
    data = bytearray(texts.read_bytes())
    data[10:14] = b"\x00\x00\x00\x00"  # same size, other text
    texts.write_bytes(bytes(data))
    status = check_index(ix, corpus)
    assert status.state is IndexState.CORRUPT and "folded" in status.message

    build_index(corpus, ix)
    (ix / "tops.idx").unlink()
    assert check_index(ix, corpus).state is IndexState.CORRUPT


def test_bigrams_counted_in_ranges_give_the_same_index(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large corpus's bigrams are counted a range at a time: the same index, byte for byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_index(corpus, tmp_path / "whole")
    chars = sum(len(b.text) for doc in load_corpus(corpus).documents for b in doc.blocks)
    monkeypatch.setattr("index.build.COUNT_CHARS", chars // 5)
    build_index(corpus, tmp_path / "ranges")
    assert _hashes(tmp_path / "whole") == _hashes(tmp_path / "ranges")
