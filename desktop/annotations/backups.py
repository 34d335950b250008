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

__all__ = [
    "BACKUP_KEEP",
    "BackupError",
    "RecoveryReport",
    "backup_time",
    "check_database",
    "list_backups",
    "make_backup",
    "recover_database",
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
    target = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        errors = integrity_errors(target)
    finally:
        target.close()
    if errors:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup copy failed its integrity check: {errors[:3]}")
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, final)
    _fsync_dir(backups_dir)
    for old in list_backups(backups_dir)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    log.info("annotation backup written: %s", final)
    return final


def check_database(path: Path) -> list[str]:
    """Why ``path`` is unusable (empty list: it opens and passes ``integrity_check``)."""
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return integrity_errors(conn)
    except sqlite3.DatabaseError as exc:
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
    """Move the damaged database aside and put the newest good backup in its place."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while damaged.exists():
        n += 1
        damaged = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, damaged)
    for sidecar in _sidecars(path):
        if sidecar.exists():
            os.replace(sidecar, damaged.with_name(damaged.name + sidecar.name[len(path.name) :]))
    log.error("annotation database damaged (%s); moved to %s", problems[:3], damaged)
    for backup in list_backups(backups_dir):
        if check_database(backup):
            log.warning("backup %s is damaged too; trying an older one", backup)
            continue
        partial = path.with_name(path.name + ".restoring")
        shutil.copyfile(backup, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
        log.warning("annotation database restored from %s", backup)
        return RecoveryReport(damaged, tuple(problems), backup, backup_time(backup))
    log.error("no good annotation backup found; starting with an empty store")
    return RecoveryReport(damaged, tuple(problems), None, None)
