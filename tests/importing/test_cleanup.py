"""What a failed import leaves (nothing), how originals are stored (privately), symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

import index.build
from desktop.importing import DocumentImportError, PersonalLibrary

BODY = "\n\n".join(f"第{i}条 各地区各部门要加强统筹协调。" for i in range(20))


def _text(path: Path, title: str) -> Path:
    path.write_text(f"{title}\n\n{BODY}\n", "utf-8")
    return path


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_a_failed_import_leaves_no_segment_and_no_file(tmp_path: Path, monkeypatch: Any) -> None:
    library = PersonalLibrary.open(tmp_path / "data")
    library.import_file(_text(tmp_path / "first.txt", "第一份"))
    before = _files(library.root)
    original = index.build._add_document

    def add_then_fail(writer: Any, doc: Any, *args: Any, **kwargs: Any) -> int:
        original(writer, doc, *args, **kwargs)  # the new segment's files are being written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index.build, "_add_document", add_then_fail)
    with pytest.raises(DocumentImportError) as caught:
        library.import_file(_text(tmp_path / "second.txt", "第二份"))
    assert "full" in str(caught.value)
    monkeypatch.setattr(index.build, "_add_document", original)

    # The same files (the rollback's commit is a new generation of the table of contents).
    def kept(names: set[str]) -> set[str]:
        return {n for n in names if not n.endswith(("WRITELOCK", ".toc"))}

    assert kept(_files(library.root)) == kept(before)
    assert len(list(library.index_dir.glob("*.toc"))) == 1
    reopened = PersonalLibrary.open(tmp_path / "data")
    try:
        assert [d.title for d in reopened.documents()] == ["第一份"]
    finally:
        reopened.close()
    library.close()


def test_originals_are_private_whatever_the_source_or_umask(tmp_path: Path) -> None:
    source = _text(tmp_path / "open.txt", "公开文件")
    source.chmod(0o644)
    previous = os.umask(0o022)
    try:
        library = PersonalLibrary.open(tmp_path / "data")
        doc = library.import_file(source)
    finally:
        os.umask(previous)
    stored = library.original_path(doc.id)
    assert stored is not None
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(library.originals_dir.stat().st_mode) == 0o700
    library.close()


def test_a_symbolic_link_is_refused_and_names_its_target(tmp_path: Path) -> None:
    target = _text(tmp_path / "real.txt", "真实文件")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        with pytest.raises(DocumentImportError, match="symbolic link") as caught:
            library.import_file(link)
        assert str(target) in str(caught.value)
        assert len(library) == 0
        assert library.import_file(target).title == "真实文件"
    finally:
        library.close()


def test_segments_a_killed_import_left_are_swept_at_open(tmp_path: Path) -> None:
    library = PersonalLibrary.open(tmp_path / "data")
    library.import_file(_text(tmp_path / "first.txt", "第一份"))
    library.close()
    index_dir = library.index_dir
    before = _files(index_dir)
    # What a process killed between writing a segment and its table of contents leaves.
    for suffix in (".trm", ".pst", "._stored.col"):
        (index_dir / f"blocks_orphansegment0001{suffix}").write_bytes(b"\0" * 4096)
    reopened = PersonalLibrary.open(tmp_path / "data")
    try:
        assert _files(index_dir) == before
        assert [d.title for d in reopened.documents()] == ["第一份"]
    finally:
        reopened.close()
