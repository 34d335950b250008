"""Opening the annotation store: damage check and recovery, migration, start-up backup."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from concurrent.futures import Future
from pathlib import Path
from typing import Literal

from desktop.annotations.backups import (
    BACKUP_KEEP,
    RecoveryReport,
    check_database,
    list_backups,
    recover_database,
    sweep_partial_files,
)
from desktop.annotations.database import connect_reader, connect_writer, integrity_errors
from desktop.annotations.queries import AnnotationReader
from desktop.annotations.read_only import ReadOnlyWriter
from desktop.annotations.schema import migrate
from desktop.annotations.writer import StoreWriter
from desktop.folder_lock import FolderBusyError, FolderHold, hold_data_folder
from desktop.storage_failures import FailureKind, StorageFailure, failure_of, probe_writable

__all__ = ["BACKUPS_DIR_NAME", "DATABASE_NAME", "AnnotationStore"]

log = logging.getLogger(__name__)

DATABASE_NAME = "annotations.sqlite3"
BACKUPS_DIR_NAME = "annotation-backups"


class AnnotationStore:
    """The annotation database in ``data_dir``: one writer, any number of readers.

    ``recovery`` is set when the database was found damaged at open (the GUI tells the
    user what happened and from when the restored backup is).  ``startup_backup`` is the
    future of the backup taken at open.

    Writing needs the data folder's inter-process lock (:mod:`desktop.folder_lock`) and
    a folder that takes writes.  When either is missing the store opens **read-only**
    (``read_only`` is True, ``read_only_reason`` says why): notes are read, every change
    is refused with that reason, and nothing is moved or repaired.  ``when_busy="raise"``
    (the command line) raises :class:`FolderBusyError` instead of opening read-only when
    another process holds the folder for ``lock_timeout`` seconds.  A storage failure
    (full disk, I/O error, read-only folder) is never mistaken for damage.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        backup_keep: int = BACKUP_KEEP,
        backup_at_start: bool = True,
        read_only: bool = False,
        lock_timeout: float = 0.0,
        when_busy: Literal["read-only", "raise"] = "read-only",
    ) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DATABASE_NAME
        self.backups_dir = data_dir / BACKUPS_DIR_NAME
        self.recovery: RecoveryReport | None = None
        self.read_only_reason: BaseException | None = None
        self.startup_backup: Future[Path] | None = None
        self._hold: FolderHold | None = None
        self._read_copy: Path | None = None
        self._old_copies: list[Path] = []
        self._backup_keep = backup_keep
        self._backup_at_start = backup_at_start
        self.writer: StoreWriter | ReadOnlyWriter
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not data_dir.is_dir():
                raise failure_of(exc, data_dir) or exc from None
        if self.path.is_dir():  # not damage, not the disk: said as what it is, nothing moved
            raise StorageFailure(FailureKind.FOLDER_IN_PLACE, self.path)
        if read_only:
            self.read_only_reason = StorageFailure(
                FailureKind.READ_ONLY, data_dir, "opened read-only"
            )
        else:
            self.read_only_reason = probe_writable(data_dir)
        if self.read_only_reason is None:
            try:
                self._hold = hold_data_folder(data_dir, lock_timeout)
            except FolderBusyError as exc:
                if when_busy == "raise":
                    raise
                log.warning("%s; notes open read-only", exc)
                self.read_only_reason = exc
            except OSError as exc:
                self.read_only_reason = failure_of(exc, data_dir) or exc
        if self.read_only_reason is None:
            try:
                self._open_for_writing(backup_keep, backup_at_start)
            except BaseException:
                self._release()
                raise
        else:
            if read_only:  # asked for (an export reads only): nothing is wrong
                log.info("the note store opens read-only, as asked")
            else:
                log.warning("the note store opens read-only: %s", self.read_only_reason)
            self._open_read_only()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def waiting_for_folder(self) -> bool:
        """Read-only only because another process held the data folder at open."""
        return isinstance(self.read_only_reason, FolderBusyError)

    def try_writable(self) -> bool:
        """Become writable if the other process has let the folder go; True when writable.

        Does what opening for writing does (check, recover, start-up backup).  If the
        folder is still held, or now fails otherwise, the store stays read-only and
        ``read_only_reason`` says why.  Readers opened before keep working; a reader
        opened after reads :attr:`read_path`, which may have changed.
        """
        if not self.waiting_for_folder:
            return not self.read_only
        try:
            hold = hold_data_folder(self.data_dir, 0.0)
        except FolderBusyError as exc:
            self.read_only_reason = exc
            return False
        except OSError as exc:
            self.read_only_reason = failure_of(exc, self.data_dir) or exc
            return False
        try:
            self._open_for_writing(self._backup_keep, self._backup_at_start)
        except Exception as exc:  # stays read-only and says why; never a traceback
            hold.release()
            self.read_only_reason = failure_of(exc, self.data_dir) or exc
            log.exception("the note store stays read-only")
            return False
        self._hold = hold
        if self._read_copy is not None:  # a reader may still have it open: removed at close
            self._old_copies.append(self._read_copy)
            self._read_copy = None
        self.read_only_reason = None
        log.info("the data folder is free again: the note store is writable")
        return True

    def _open_for_writing(self, backup_keep: int, backup_at_start: bool) -> None:
        sweep_partial_files(self.data_dir, self.backups_dir)
        # A start backs up only what the newest backup lacks: ten restarts without a
        # change must not rotate out every older backup.
        backup_at_start = backup_at_start and self._changed_since_newest_backup()
        if self.path.exists():
            # StorageFailure: reported, nothing moved.  A blank database where backups
            # exist has lost the notes they hold (a file cut to zero bytes): it is
            # restored; without backups it is a store not yet written.
            problems = check_database(
                self.path, blank_is_damage=bool(list_backups(self.backups_dir))
            )
            if problems:
                self.recovery = recover_database(self.path, problems, self.backups_dir)
        try:
            self.writer = StoreWriter(self.path, self.backups_dir, backup_keep)
        except sqlite3.Error as exc:
            failure = failure_of(exc, self.data_dir)
            if failure is None:
                raise
            raise failure from exc
        if backup_at_start:
            self.startup_backup = self.writer.backup()

    def _changed_since_newest_backup(self) -> bool:
        """Whether the database (or its write-ahead log) was written after the newest
        backup was made; True when there is no backup (or it cannot be told)."""
        backups = list_backups(self.backups_dir)
        if not backups:
            return True
        try:
            newest = backups[0].stat().st_mtime_ns
            written = [
                p.stat().st_mtime_ns
                for p in (self.path, self.path.with_name(self.path.name + "-wal"))
                if p.exists()
            ]
        except OSError:
            return True
        return not written or max(written) > newest

    def _open_read_only(self) -> None:
        reason = self.read_only_reason
        assert reason is not None
        self.writer = ReadOnlyWriter(self.path, self.backups_dir, reason)
        if not self.path.exists():
            self._read_copy = _empty_copy()
            return
        try:
            conn = connect_reader(self.path)
        except sqlite3.Error as exc:
            # Unsaved changes wait in the write-ahead log and no -shm can be made here:
            # read a private copy of both files instead.
            log.info("reading the note store from a copy (%s)", exc)
            self._read_copy = _copy_for_reading(self.path)
            conn = connect_reader(self._read_copy)
        try:
            problems = integrity_errors(conn)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        finally:
            conn.close()
        if problems:
            raise StorageFailure(
                getattr(reason, "kind", FailureKind.READ_ONLY),
                self.data_dir,
                f"the notes database is damaged ({'; '.join(problems[:3])}) and cannot be "
                "repaired while the folder cannot be written",
            )

    @property
    def read_path(self) -> Path:
        """The database file readers open (a private copy in some read-only cases)."""
        return self._read_copy or self.path

    def reader(self) -> AnnotationReader:
        """A new read-only connection (one per thread)."""
        return AnnotationReader(self.read_path)

    def backups(self) -> list[Path]:
        """Backups on disk, newest first."""
        return list_backups(self.backups_dir)

    def close(self) -> None:
        self.writer.close()
        self._release()

    def _release(self) -> None:
        if self._hold is not None:
            self._hold.release()
            self._hold = None
        if self._read_copy is not None:
            self._old_copies.append(self._read_copy)
            self._read_copy = None
        for copy in self._old_copies:
            shutil.rmtree(copy.parent, ignore_errors=True)
        self._old_copies = []

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _empty_copy() -> Path:
    """An empty store with the current schema, to show "no notes" in a read-only folder."""
    folder = Path(tempfile.mkdtemp(prefix="policy-library-notes-"))
    path = folder / DATABASE_NAME
    conn = connect_writer(path)
    try:
        migrate(conn)
    finally:
        conn.close()
    return path


def _copy_for_reading(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="policy-library-notes-"))
    target = folder / DATABASE_NAME
    shutil.copyfile(path, target)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target
