"""The installed program's corpus is one solid archive: read, hashed, indexed and
checked exactly as the folder it was made from."""

from __future__ import annotations

import io
import lzma
import shutil
import tarfile
from pathlib import Path

import pytest

from index.corpus import corpus_exists, corpus_hash, load_corpus
from index.corpus_archive import write_corpus_archive
from index.search import IndexSearcher
from index.store import BuildError, IndexState, build_index, check_index


def _archive(folder: Path, out: Path) -> Path:
    return write_corpus_archive(folder, out, mtime=1_700_000_000)


def _raw_archive(out: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    out.write_bytes(lzma.compress(buffer.getvalue()))
    return out


def test_an_archive_reads_as_the_folder_it_was_made_from(
    multi_corpus: Path, tmp_path: Path
) -> None:
    archive = _archive(multi_corpus, tmp_path / "corpus.tar.xz")
    assert corpus_exists(archive) and corpus_exists(multi_corpus)
    assert not corpus_exists(tmp_path / "nothing.tar.xz")
    assert corpus_hash(archive) == corpus_hash(multi_corpus)
    from_folder = load_corpus(multi_corpus).documents
    from_archive = load_corpus(archive).documents
    assert [d.id for d in from_archive] == [d.id for d in from_folder]
    assert [d.path for d in from_archive] == [d.path for d in from_folder]
    assert from_archive == from_folder  # every block, every date, every reference
    # the same folder gives the same bytes (reproducible installers)
    again = _archive(multi_corpus, tmp_path / "again.tar.xz")
    assert again.read_bytes() == archive.read_bytes()


def test_an_index_built_from_the_archive_is_the_folders_index(
    multi_corpus: Path, multi_index: Path, tmp_path: Path
) -> None:
    archive = _archive(multi_corpus, tmp_path / "corpus.tar.xz")
    out = tmp_path / "index"
    report = build_index(archive, out, strict=True)
    assert report.documents == 3
    assert check_index(out, archive, full=True).ok
    assert check_index(out, multi_corpus, full=True).ok
    assert check_index(multi_index, archive).ok  # an index of the folder matches the archive
    with IndexSearcher(out) as built, IndexSearcher(multi_index) as reference:
        for query in ("政务服务", "粵港澳", "数字政府"):
            got = built.search(query, limit=10)
            want = reference.search(query, limit=10)
            assert got.total == want.total > 0
            assert [(h.doc_id, h.block_id) for h in got.hits] == [
                (h.doc_id, h.block_id) for h in want.hits
            ]


def test_a_changed_corpus_makes_the_archives_index_stale(
    multi_corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(multi_corpus, folder)
    out = tmp_path / "index"
    build_index(_archive(folder, tmp_path / "old.tar.xz"), out)
    (folder / "notices" / "notice.md").write_text(
        (folder / "notices" / "notice.md").read_text("utf-8") + "\n新增一段。\n", "utf-8"
    )
    newer = _archive(folder, tmp_path / "new.tar.xz")
    assert check_index(out, newer).state is IndexState.STALE


def test_a_damaged_archive_is_a_clear_build_error_and_no_crash(
    multi_corpus: Path, tmp_path: Path
) -> None:
    archive = _archive(multi_corpus, tmp_path / "corpus.tar.xz")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x40
    archive.write_bytes(bytes(data[: len(data) * 3 // 4]))
    with pytest.raises(BuildError, match="damaged"):
        build_index(archive, tmp_path / "index")
    assert not (tmp_path / "index").exists()
    with pytest.raises(OSError, match="damaged"):
        load_corpus(archive)


def test_archive_members_outside_the_corpus_or_too_large_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.corpus

    text = "关于推进政务服务标准化的通知\n\n各地区要推进政务服务标准化。\n".encode()
    archive = _raw_archive(
        tmp_path / "odd.tar.xz",
        {
            "../escape.txt": text,
            "/etc/absolute.txt": text,
            "./a/notice.txt": text + "第二份。".encode(),
            "a/README.md": b"# about this folder\n",
            "big.txt": text * 200,
            "b/notice.txt": text,
        },
    )
    monkeypatch.setattr(index.corpus, "MAX_FILE_BYTES", len(text) * 10)
    corpus = load_corpus(archive)
    assert [d.id for d in corpus.documents] == ["a/notice", "b/notice"]
    assert [(s.path.name, "too large" in s.reason) for s in corpus.skipped] == [("big.txt", True)]
