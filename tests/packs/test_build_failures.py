"""A pack build that cannot write (a full disk) says so and leaves nothing behind."""

from __future__ import annotations

import errno
import functools
import os
import random
import zipfile
from pathlib import Path

import pytest

import index.packs.build
from index.build import build_index
from index.packs.archive import write_archive
from index.packs.build import build_pack
from index.packs.errors import PackError, explain
from index.packs.keys import PublicKey
from index.writer import BulkGramWriter
from tests.packs.conftest import DOCS_V1, write_corpus


def _full_disk(*_args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "postings")


def test_a_full_disk_in_the_postings_process_is_reported_and_nothing_left(
    tmp_path: Path, key: tuple[Path, PublicKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = os.getpid()
    write_range = BulkGramWriter._write_range

    def in_the_forked_process_only(self: BulkGramWriter, *args: object) -> None:
        if os.getpid() != builder:
            _full_disk()
        write_range(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(BulkGramWriter, "_write_range", in_the_forked_process_only)
    # a small budget: several ranges of terms, the later half written by a forked process
    small = functools.partial(build_index, memory_budget=2_000)
    monkeypatch.setattr(index.packs.build, "build_index", small)
    corpus = write_corpus(tmp_path / "corpus", DOCS_V1)
    out = tmp_path / "built" / "p.pack"
    with pytest.raises(PackError) as refused:
        build_pack(
            corpus, out, pack_id="p", title="T", version="1", key_file=key[0], date="2026-11-30"
        )
    assert refused.value.code == "build"
    assert os.strerror(errno.ENOSPC) in explain(refused.value, "en")
    assert explain(refused.value, "zh").startswith("无法生成文库包。")
    assert list(out.parent.iterdir()) == []


def test_a_pack_not_written_whole_leaves_no_file(tmp_path: Path) -> None:
    present = tmp_path / "a.txt"
    present.write_bytes(b"x" * 100_000)
    out = tmp_path / "out" / "p.pack"
    out.parent.mkdir()
    with pytest.raises(FileNotFoundError):
        write_archive(out, {}, [("documents/a.txt", present), ("documents/b.txt", tmp_path / "b")])
    assert list(out.parent.iterdir()) == []


def _pack_files(folder: Path) -> list[tuple[str, Path]]:
    rng = random.Random(20261203)
    sizes = {"a.txt": 3_000_000, "b.bin": 2_500_000, "c.txt": 0, "d.txt": 700_000, "e.bin": 10}
    files = []
    for name, size in sizes.items():
        path = folder / name
        if name.endswith(".bin"):  # hardly compressible
            path.write_bytes(rng.randbytes(size))
        else:
            path.write_bytes(("第一条 " * (size // 10 + 1)).encode()[:size])
        files.append((f"documents/{name}", path))
    return files


def test_a_pack_deflated_by_two_processes_has_the_same_bytes(tmp_path: Path) -> None:
    files = _pack_files(tmp_path)
    top = {"pack.json": b"{}\n", "signature": b"s" * 64}
    write_archive(tmp_path / "one.pack", top, files)
    write_archive(tmp_path / "two.pack", top, files[::-1], parallel=True)
    assert (tmp_path / "one.pack").read_bytes() == (tmp_path / "two.pack").read_bytes()
    with zipfile.ZipFile(tmp_path / "two.pack") as archive:
        assert archive.testzip() is None
        assert archive.read("documents/b.bin") == files[1][1].read_bytes()


def test_a_full_disk_in_the_deflating_process_is_reported_and_nothing_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = os.getpid()
    compressor = zipfile._get_compressor  # type: ignore[attr-defined]

    class FullDisk:
        def compress(self, data: bytes) -> bytes:
            _full_disk()
            return b""

    def in_the_forked_process_only(*args: object) -> object:
        return FullDisk() if os.getpid() != builder else compressor(*args)

    monkeypatch.setattr(zipfile, "_get_compressor", in_the_forked_process_only)
    files = _pack_files(tmp_path)
    out = tmp_path / "out" / "p.pack"
    out.parent.mkdir()
    with pytest.raises(OSError) as refused:
        write_archive(out, {}, files, parallel=True)
    assert refused.value.errno == errno.ENOSPC
    assert list(out.parent.iterdir()) == []
