"""A pack build that cannot write (a full disk) says so and leaves nothing behind."""

from __future__ import annotations

import errno
import functools
import os
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
