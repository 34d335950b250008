"""Backups of the annotation database and recovery from a damaged one.

A backup is a copy made with SQLite's online backup API (a consistent snapshot even
while the program runs), checked with ``integrity_check`` before it is kept, named
by its time so the newest is easy to find.  Only the last ``keep`` are kept.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.annotations.database import integrity_errors
from desktop.annotations.schema import CURRENT_VERSION
from desktop.storage_failures import FailureKind, StorageFailure, failure_of

__all__ = [
    "BACKUP_KEEP",
    "BackupError",
    "RecoveryReport",
    "backup_time",
    "check_database",
    "list_backups",
    "make_backup",
    "recover_database",
    "sweep_partial_files",
]

log = logging.getLogger(__name__)

BACKUP_KEEP = 10
_PREFIX = "annotations-"
_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S-%f"


class BackupError(RuntimeError):
    """A backup copy failed its integrity check (it is not kept)."""


def backup_time(path: Path) -> datetime:
    """The local time a backup was taken, from its file name."""
    stamp = path.name[len(_PREFIX) : -len(_SUFFIX)]
    return datetime.strptime(stamp, _STAMP).astimezone()


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.glob(f"{_PREFIX}*{_SUFFIX}"):
        try:
            found.append((backup_time(path), path))
        except ValueError:
            continue
    return [path for _, path in sorted(found, reverse=True)]


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_backup(source: sqlite3.Connection, backups_dir: Path, keep: int = BACKUP_KEEP) -> Path:
    """Copy the database behind ``source`` into ``backups_dir``; verify; prune old copies."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    final = backups_dir / f"{_PREFIX}{now.strftime(_STAMP)}{_SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    try:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            errors = integrity_errors(target)
        finally:
            target.close()
        if errors:
            raise BackupError(f"the backup copy failed its integrity check: {errors[:3]}")
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
    except BaseException as exc:
        # A failed backup leaves nothing behind (a full disk must not fill up further).
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)
        failure = failure_of(exc, backups_dir)
        if failure is not None and failure is not exc:
            raise failure from exc
        raise
    _fsync_dir(backups_dir)
    for old in list_backups(backups_dir)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    log.info("annotation backup written: %s", final)
    return final


def sweep_partial_files(*folders: Path) -> list[Path]:
    """Remove ``*.partial`` and ``*.restoring`` copies an interrupted backup or restore left.

    Called by the process that owns the data folder, so none of them is being written."""
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for pattern in ("*.partial", "*.partial-journal", "*.partial-wal", "*.restoring"):
            for leftover in folder.glob(pattern):
                try:
                    leftover.unlink()
                except OSError as exc:
                    log.warning("cannot remove the leftover %s: %s", leftover, exc)
                else:
                    removed.append(leftover)
    if removed:
        log.info("removed %d leftover partial copies", len(removed))
    return removed


# The tables every version of the schema this program knows has.
_TABLES = frozenset({"annotations", "color_labels"})


def check_database(path: Path, *, blank_is_damage: bool = True) -> list[str]:
    """Why ``path`` is damaged (empty list: it opens, passes ``integrity_check`` and holds
    the schema's tables).

    Only damage is returned: a database that is not a database, one whose integrity
    check reports problems, or one that has lost its tables.  A *blank* database (no
    tables, schema version 0: what a file cut to zero bytes by a crash or power loss
    reads as) is damage unless ``blank_is_damage`` is False — a store that has never
    been written may be blank.  A failure to open or read it (a full disk, an I/O error,
    a read-only folder, no permission) raises :class:`StorageFailure` instead, because the
    file itself may be perfectly sound and must not be moved aside.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise failure_of(exc, path.parent) or StorageFailure(
            FailureKind.IO_ERROR, path.parent, str(exc)
        ) from exc
    try:
        problems = integrity_errors(conn)
        if problems:
            return problems
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not tables and not version:
            return ["the database is blank (it holds no tables)"] if blank_is_damage else []
        if version > CURRENT_VERSION:
            return []  # a newer program's schema: refused at open, and left as it is
        missing = sorted(_TABLES - tables)
        return [f"the database has lost its tables ({', '.join(missing)})"] if missing else []
    except sqlite3.DatabaseError as exc:
        failure = failure_of(exc, path.parent)
        if failure is not None:
            raise failure from exc
        return [str(exc)]
    finally:
        conn.close()


@dataclass(frozen=True)
class RecoveryReport:
    """What happened when the annotation database was found damaged at start."""

    damaged_path: Path  # where the damaged file was moved; it is never deleted
    problems: tuple[str, ...]
    restored_from: Path | None  # the backup now in use, or None: started empty
    backup_taken: datetime | None  # annotations made after this time may be missing

    def __str__(self) -> str:
        head = f"The annotation database was damaged ({'; '.join(self.problems[:3])}); "
        head += f"it was moved to {self.damaged_path}. "
        if self.restored_from is None or self.backup_taken is None:
            return head + "No good backup was found: the annotation store starts empty."
        return (
            head + f"The backup of {self.backup_taken:%Y-%m-%d %H:%M:%S} was restored; "
            "annotations made or changed after that time may be missing."
        )


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def recover_database(path: Path, problems: list[str], backups_dir: Path) -> RecoveryReport:
    """Put the newest good backup in place of the damaged database, keeping the damaged file.

    Copies first, renames last: the backup is copied (and synced) beside the database
    before anything is moved, so a full disk or an I/O error during the copy leaves the
    damaged file where it was (raising :class:`StorageFailure`); the renames that follow
    need no space.  The damaged file is never deleted."""
    restoring = path.with_name(path.name + ".restoring")
    restored_from: Path | None = None
    try:
        for backup in list_backups(backups_dir):
            try:
                if check_database(backup):
                    log.warning("backup %s is damaged too; trying an older one", backup)
                    continue
            except StorageFailure as exc:
                log.warning("backup %s cannot be read (%s); trying an older one", backup, exc)
                continue
            shutil.copyfile(backup, restoring)
            with open(restoring, "rb+") as handle:
                os.fsync(handle.fileno())
            restored_from = backup
            break
    except OSError as exc:
        restoring.unlink(missing_ok=True)
        raise failure_of(exc, path.parent) or StorageFailure(
            FailureKind.IO_ERROR, path.parent, str(exc)
        ) from exc
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while damaged.exists():
        n += 1
        damaged = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        os.replace(path, damaged)
        for sidecar in _sidecars(path):
            if sidecar.exists():
                os.replace(
                    sidecar, damaged.with_name(damaged.name + sidecar.name[len(path.name) :])
                )
        log.error("annotation database damaged (%s); moved to %s", problems[:3], damaged)
        if restored_from is not None:
            os.replace(restoring, path)
            _fsync_dir(path.parent)
    except OSError as exc:
        restoring.unlink(missing_ok=True)
        raise failure_of(exc, path.parent) or StorageFailure(
            FailureKind.IO_ERROR, path.parent, str(exc)
        ) from exc
    if restored_from is not None:
        log.warning("annotation database restored from %s", restored_from)
        return RecoveryReport(damaged, tuple(problems), restored_from, backup_time(restored_from))
    log.error("no good annotation backup found; starting with an empty store")
    return RecoveryReport(damaged, tuple(problems), None, None)
