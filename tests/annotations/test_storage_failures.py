"""A full disk, a read-only folder or an I/O error is a failure, never damage: nothing moves."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore, new_highlight
from desktop.annotations.backups import check_database, list_backups, recover_database
from desktop.storage_failures import FailureKind, StorageFailure, failure_of
from tests.library_index import bundled_corpus
from tests.mounts import fill_disk, read_only_view, small_tmpfs

from .conftest import SEED_CORPUS

REPO = Path(__file__).resolve().parents[2]
NOTES = 51


def _seed(data: Path, count: int = NOTES) -> None:
    document = bundled_corpus().documents[0]
    blocks = [b for b in document.blocks if len(b.text) > 12]
    with AnnotationStore(data, backup_at_start=False) as store:
        for i in range(count):
            block = blocks[i % len(blocks)]
            store.writer.add(new_highlight(document, block.id, 0, 6, note=f"第{i}条")).result()


def _cli(
    *args: str, env_lang: str = "en_US.UTF-8", corpus: Path = SEED_CORPUS
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "annotations", *args, "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "LANG": env_lang, "HOME": "/root"},
        timeout=120,
        check=False,
    )


def _leftovers(data: Path) -> list[str]:
    return sorted(
        p.name
        for p in data.rglob("*")
        if ".damaged" in p.name or p.name.endswith((".partial", ".restoring"))
    )


@pytest.mark.slow
def test_full_disk_keeps_every_note_and_says_the_disk_is_full(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "8m") as disk:
        data = disk / "data"
        _seed(data)
        filler = fill_disk(disk)

        with AnnotationStore(data) as store:
            assert store.read_only
            assert isinstance(store.read_only_reason, StorageFailure)
            assert store.read_only_reason.kind is FailureKind.DISK_FULL
            with store.reader() as reader:
                assert reader.count() == NOTES
            with pytest.raises(StorageFailure):
                store.writer.delete("x").result()
        assert _leftovers(data) == []

        out = tmp_path / "notes.json"
        exported = _cli("export", "--format", "json", "--output", str(out), "--data-dir", str(data))
        assert exported.returncode == 0, exported.stderr
        assert f"exported {NOTES} annotations" in exported.stdout
        imported = _cli("import", str(out), "--data-dir", str(data), "--wait", "0")
        assert imported.returncode == 1
        assert "disk holding" in imported.stderr and "is full" in imported.stderr
        assert "Traceback" not in imported.stderr
        zh = _cli(
            "import", str(out), "--data-dir", str(data), "--wait", "0", env_lang="zh_CN.UTF-8"
        )
        assert "磁盘已满" in zh.stderr
        assert _leftovers(data) == []

        filler.unlink()
        with AnnotationStore(data) as store:
            assert not store.read_only
            store.startup_backup.result()  # type: ignore[union-attr]
            with store.reader() as reader:
                assert reader.count() == NOTES
        assert _leftovers(data) == []


@pytest.mark.slow
def test_recovery_on_a_full_disk_moves_nothing(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "8m") as disk:
        data = disk / "data"
        _seed(data, 5)
        with AnnotationStore(data) as store:
            store.startup_backup.result()  # type: ignore[union-attr]
        db = data / "annotations.sqlite3"
        raw = bytearray(db.read_bytes())
        raw[4096:8192] = b"\xff" * 4096  # damage a page
        db.write_bytes(bytes(raw))
        problems = check_database(db)
        assert problems
        before = db.read_bytes()
        filler = fill_disk(disk)
        with pytest.raises(StorageFailure) as caught:
            recover_database(db, problems, data / "annotation-backups")
        assert caught.value.kind is FailureKind.DISK_FULL
        assert db.read_bytes() == before  # still in place, untouched
        assert _leftovers(data) == []
        filler.unlink()
        report = recover_database(db, problems, data / "annotation-backups")
        assert report.restored_from == list_backups(data / "annotation-backups")[0]
        assert report.damaged_path.read_bytes() == before
        assert check_database(db) == []


@pytest.mark.slow
def test_read_only_folder_shows_notes_and_refuses_changes(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _seed(source)
    with read_only_view(source, tmp_path / "ro") as data:
        with AnnotationStore(data) as store:
            assert store.read_only
            assert store.read_only_reason.kind is FailureKind.READ_ONLY  # type: ignore[union-attr]
            with store.reader() as reader:
                assert reader.count() == NOTES
            with pytest.raises(StorageFailure):
                store.writer.set_color_label("yellow", "x").result()
        out = tmp_path / "notes.md"
        exported = _cli("export", "--format", "md", "--output", str(out), "--data-dir", str(data))
        assert exported.returncode == 0, exported.stderr
        imported = _cli("import", str(out), "--data-dir", str(data), "--wait", "0")
        assert imported.returncode == 1
        assert "read-only file system" in imported.stderr
        assert "Traceback" not in imported.stderr
    assert _leftovers(source) == []
    files = sorted(p.name for p in source.iterdir() if p.is_file())
    assert files == [".policy-library.lock", "annotations.sqlite3"]


@pytest.mark.slow
def test_read_only_folder_with_unsaved_log_reads_every_note(tmp_path: Path) -> None:
    """A crash leaves notes in the write-ahead log; a read-only folder still shows them."""
    source = tmp_path / "source"
    _seed(source, 3)
    db = source / "annotations.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE annotations SET note = 'in the log'")
    snapshot = {p.name: p.read_bytes() for p in source.iterdir() if p.is_file()}
    conn.close()
    for p in source.iterdir():
        if p.is_file():
            p.unlink()
    for name, content in snapshot.items():  # as the crash left them: -wal and -shm present
        (source / name).write_bytes(content)
    (source / "annotations.sqlite3-shm").unlink(missing_ok=True)
    with (
        read_only_view(source, tmp_path / "ro") as data,
        AnnotationStore(data) as store,
        store.reader() as reader,
    ):
        notes = {a.note for a in reader.query()}
    assert notes == {"in the log"}


def test_io_errors_are_failures_and_bad_files_are_damage(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    assert failure_of(error, tmp_path) is not None
    full = failure_of(OSError(28, "No space left on device"), tmp_path)
    assert full is not None and full.kind is FailureKind.DISK_FULL
    read_only = failure_of(OSError(30, "Read-only file system"), tmp_path)
    assert read_only is not None and read_only.kind is FailureKind.READ_ONLY
    assert failure_of(sqlite3.DatabaseError("file is not a database"), tmp_path) is None
    not_a_db = tmp_path / "annotations.sqlite3"
    not_a_db.write_bytes(b"this is not a database" * 100)
    assert check_database(not_a_db)


@pytest.mark.slow
def test_a_disk_that_fills_while_open_refuses_the_write_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    document = bundled_corpus().documents[0]
    block = next(b for b in document.blocks if len(b.text) > 12)
    with small_tmpfs(tmp_path / "disk", "8m") as disk:
        data = disk / "data"
        with AnnotationStore(data, backup_at_start=False) as store:
            store.writer.add(new_highlight(document, block.id, 0, 4, note="先写的")).result()
            filler = fill_disk(disk)
            big = "长" * 3_000_000
            with pytest.raises(StorageFailure) as caught:
                store.writer.add(new_highlight(document, block.id, 2, 6, note=big)).result()
            assert caught.value.kind is FailureKind.DISK_FULL
            filler.unlink()
            store.writer.add(new_highlight(document, block.id, 4, 8, note="后写的")).result()
            with store.reader() as reader:
                assert sorted(a.note for a in reader.query()) == ["先写的", "后写的"]
        assert _leftovers(data) == []


def test_a_folder_where_the_notes_file_should_be_is_named_as_such(
    tmp_path: Path, seed_corpus: Path
) -> None:
    """Not "a disk I/O error" (the disk is fine) and not damage (nothing is moved aside):
    the message says a folder is where the notes file should be, in the user's language."""
    data = tmp_path / "data"
    in_place = data / "annotations.sqlite3"
    in_place.mkdir(parents=True)
    (in_place / "kept.txt").write_text("留着", "utf-8")
    for read_only in (False, True):
        with pytest.raises(StorageFailure) as caught:
            AnnotationStore(data, read_only=read_only)
        failure = caught.value
        assert failure.kind is FailureKind.FOLDER_IN_PLACE and failure.path == in_place
        assert "a folder is in its place" in failure.message("en")
        assert "input/output" not in failure.message("en")
        assert "该位置上是一个文件夹" in failure.message("zh_CN")
    for lang, words in (("en_US.UTF-8", "a folder is in its place"), ("zh_CN.UTF-8", "文件夹")):
        out = str(tmp_path / "notes.md")
        shown = _cli(
            "export",
            "--format",
            "md",
            "--output",
            out,
            "--data-dir",
            str(data),
            env_lang=lang,
            corpus=seed_corpus,  # no note to export: the one article is enough
        )
        assert shown.returncode != 0 and words in shown.stderr, shown.stderr
        assert "Traceback" not in shown.stderr and "input/output" not in shown.stderr
    assert (in_place / "kept.txt").read_text("utf-8") == "留着"  # nothing moved or lost
    assert {p.name for p in data.iterdir()} <= {".policy-library.lock", "annotations.sqlite3"}
