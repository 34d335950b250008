"""Backups, and recovery from a damaged database at start."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from desktop.annotations import AnnotationStore, new_highlight
from desktop.annotations.backups import check_database, list_backups

from .conftest import block_with


def _add(store: AnnotationStore, document, needle: str, note: str = ""):
    block_id, start, end = block_with(document, needle)
    return store.writer.add(new_highlight(document, block_id, start, end, note=note)).result()


def test_startup_backup_is_a_sound_copy(tmp_path: Path, document):
    data = tmp_path / "data"
    with AnnotationStore(data) as store:
        saved = _add(store, document, "打破信息孤岛", note="备份前")
    with AnnotationStore(data) as store:
        assert store.startup_backup is not None
        backup = store.startup_backup.result()
    assert check_database(backup) == []
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT note FROM annotations WHERE id = ?", (saved.id,)).fetchone() == (
        "备份前",
    )
    conn.close()


def test_only_the_last_n_backups_are_kept(tmp_path: Path):
    with AnnotationStore(tmp_path / "data", backup_keep=3) as store:
        made = [store.writer.backup().result() for _ in range(6)]
        kept = store.backups()
    assert kept == made[::-1][:3]
    assert all(not p.exists() for p in made[:3])


def test_idle_backup_only_after_changes_and_quiet(tmp_path: Path, document):
    with AnnotationStore(tmp_path / "data", backup_at_start=False) as store:
        assert store.writer.backup_if_idle(0).result() is None  # nothing changed
        _add(store, document, "打破信息孤岛")
        assert store.writer.backup_if_idle(3600).result() is None  # not idle yet
        time.sleep(0.05)
        first = store.writer.backup_if_idle(0.01).result()
        assert first is not None and first.exists()
        assert store.writer.backup_if_idle(0).result() is None  # nothing new since


def _damage(path: Path) -> None:
    """Overwrite the middle of the file, as a failing disk or a bad copy would."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(os.urandom(size // 2))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_damaged_database_is_moved_aside_and_backup_restored(tmp_path: Path, document):
    data = tmp_path / "data"
    with AnnotationStore(data) as store:
        kept = _add(store, document, "打破信息孤岛", note="在备份里")
        backup = store.writer.backup().result()
        # Enough rows that the damage hits table pages.
        for _ in range(200):
            _add(store, document, "一网通办", note="备份之后" * 20)
    db = data / "annotations.sqlite3"
    _damage(db)
    assert check_database(db) != []

    with AnnotationStore(data) as store:
        report = store.recovery
        assert report is not None
        assert report.restored_from == backup
        assert report.backup_taken is not None
        assert report.damaged_path.exists()  # never deleted
        assert "may be missing" in str(report)
        with store.reader() as reader:
            restored = reader.get(kept.id)
            assert restored is not None and restored.note == "在备份里"
            assert reader.count() == 1
        # The restored store works.
        _add(store, document, "告知承诺制")


def test_garbage_file_without_backups_starts_empty(tmp_path: Path, document):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "annotations.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    with AnnotationStore(data) as store:
        assert store.recovery is not None
        assert store.recovery.restored_from is None
        assert store.recovery.damaged_path.read_bytes().startswith(b"this is not")
        assert "starts empty" in str(store.recovery)
        with store.reader() as reader:
            assert reader.count() == 0
        _add(store, document, "一网通办")


def test_damaged_newest_backup_is_skipped(tmp_path: Path, document):
    data = tmp_path / "data"
    with AnnotationStore(data, backup_at_start=False) as store:
        saved = _add(store, document, "打破信息孤岛")
        good = store.writer.backup().result()
        time.sleep(0.01)
        bad = store.writer.backup().result()
    bad.write_bytes(b"\0" * 4096)
    (data / "annotations.sqlite3").write_bytes(b"garbage" * 1000)
    with AnnotationStore(data, backup_at_start=False) as store:
        assert store.recovery is not None and store.recovery.restored_from == good
        with store.reader() as reader:
            assert reader.get(saved.id) is not None
    assert bad in list_backups(data / "annotation-backups")  # a damaged backup is kept too


def test_restarts_without_a_change_add_no_backup(tmp_path: Path, document):
    """Backups at start only when the notes changed since the newest one: restarting ten
    times must not rotate the older backups out."""
    data = tmp_path / "data"
    with AnnotationStore(data, backup_keep=3) as store:
        _add(store, document, "打破信息孤岛", note="第一条")
    with AnnotationStore(data, backup_keep=3) as store:
        assert store.startup_backup is not None  # changed since the first start's backup
        kept = store.startup_backup.result()
    for _ in range(5):
        with AnnotationStore(data, backup_keep=3) as store:
            assert store.startup_backup is None
            assert store.backups()[0] == kept
    with AnnotationStore(data, backup_keep=3) as store:
        _add(store, document, "数据共享", note="第二条")
    with AnnotationStore(data, backup_keep=3) as store:
        assert store.startup_backup is not None
        newer = store.startup_backup.result()
    assert newer != kept and kept.exists()


def test_a_database_cut_to_zero_bytes_is_restored_from_the_backup(tmp_path: Path, document):
    """A crash or power loss can leave the file empty: SQLite reads it as a blank new
    database, but the notes are in the backup, and are restored (the user is told)."""
    data = tmp_path / "data"
    with AnnotationStore(data) as store:
        kept = _add(store, document, "打破信息孤岛", note="在备份里")
        store.writer.backup().result()
    db = data / "annotations.sqlite3"
    db.write_bytes(b"")
    with AnnotationStore(data) as store:
        report = store.recovery
        assert report is not None and report.restored_from is not None
        assert report.damaged_path.exists() and report.damaged_path.stat().st_size == 0
        with store.reader() as reader:
            restored = reader.get(kept.id)
            assert restored is not None and restored.note == "在备份里"


def test_a_database_that_lost_its_tables_is_restored_from_the_backup(tmp_path: Path, document):
    data = tmp_path / "data"
    with AnnotationStore(data) as store:
        kept = _add(store, document, "打破信息孤岛", note="在备份里")
        store.writer.backup().result()
    conn = sqlite3.connect(data / "annotations.sqlite3")
    conn.execute("DROP TABLE annotations")
    conn.commit()
    conn.close()
    with AnnotationStore(data) as store:
        assert store.recovery is not None and store.recovery.restored_from is not None
        with store.reader() as reader:
            assert reader.get(kept.id) is not None


def test_an_empty_file_where_no_notes_were_ever_backed_up_is_a_new_store(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "annotations.sqlite3").write_bytes(b"")
    with AnnotationStore(data) as store:
        assert store.recovery is None  # nothing was lost: no alarm
        with store.reader() as reader:
            assert reader.count() == 0
