"""Opening the annotation store: damage check and recovery, migration, start-up backup."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from pathlib import Path

from desktop.annotations.backups import (
    BACKUP_KEEP,
    RecoveryReport,
    check_database,
    list_backups,
    recover_database,
)
from desktop.annotations.queries import AnnotationReader
from desktop.annotations.writer import StoreWriter

__all__ = ["BACKUPS_DIR_NAME", "DATABASE_NAME", "AnnotationStore"]

log = logging.getLogger(__name__)

DATABASE_NAME = "annotations.sqlite3"
BACKUPS_DIR_NAME = "annotation-backups"


class AnnotationStore:
    """The annotation database in ``data_dir``: one writer, any number of readers.

    ``recovery`` is set when the database was found damaged at open (the GUI tells the
    user what happened and from when the restored backup is).  ``startup_backup`` is the
    future of the backup taken at open.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        backup_keep: int = BACKUP_KEEP,
        backup_at_start: bool = True,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.path = data_dir / DATABASE_NAME
        self.backups_dir = data_dir / BACKUPS_DIR_NAME
        self.recovery: RecoveryReport | None = None
        if self.path.exists():
            problems = check_database(self.path)
            if problems:
                self.recovery = recover_database(self.path, problems, self.backups_dir)
        self.writer = StoreWriter(self.path, self.backups_dir, backup_keep)
        self.startup_backup: Future[Path] | None = None
        if backup_at_start:
            self.startup_backup = self.writer.backup()

    def reader(self) -> AnnotationReader:
        """A new read-only connection (one per thread)."""
        return AnnotationReader(self.path)

    def backups(self) -> list[Path]:
        """Backups on disk, newest first."""
        return list_backups(self.backups_dir)

    def close(self) -> None:
        self.writer.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
