"""Partial copies never outlive a failure: swept at start, removed when an export fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore, ExportFormat, export_annotations
from tests.mounts import fill_disk, small_tmpfs


def test_partial_backups_and_restores_are_swept_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AnnotationStore(data) as store:
        store.startup_backup.result()  # type: ignore[union-attr]
    backups = data / "annotation-backups"
    leftovers = [
        backups / "annotations-20240101-000000-000000.sqlite3.partial",
        backups / "annotations-20240101-000000-000000.sqlite3.partial-journal",
        data / "annotations.sqlite3.restoring",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"\0" * 1024 * 1024)
    with AnnotationStore(data, backup_at_start=False):
        pass
    assert not any(p.exists() for p in leftovers)
    assert len(list(backups.glob("*.sqlite3"))) == 1


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_failed_export_leaves_no_partial_file(tmp_path: Path, fmt: ExportFormat) -> None:
    from .conftest import make_document

    document = make_document(["## 一、总体要求", "正文" * 2000])
    with AnnotationStore(tmp_path / "data") as store:
        from desktop.annotations import new_highlight

        block = document.blocks[-1]
        for i in range(30):
            store.writer.add(new_highlight(document, block.id, i, i + 4, note="笔记" * 500))
        store.writer.backup().result()
        with small_tmpfs(tmp_path / "target", "1m") as target:
            fill_disk(target)
            with store.reader() as reader, pytest.raises(OSError):
                export_annotations(
                    reader, target / f"notes.{fmt.value}", fmt, {document.id: document}
                )
            assert sorted(p.name for p in target.iterdir()) == ["filler.bin"]
