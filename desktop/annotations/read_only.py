"""The note store when it cannot be written: notes are shown, every change is refused.

Used when the data folder is read-only, the disk is full, or another process owns the
folder.  Each change returns a future failed with the reason, so the window shows the
same message it shows for any failed save, and nothing is half-written.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

__all__ = ["ReadOnlyWriter"]

_REFUSED = (
    "add",
    "update",
    "delete",
    "undo",
    "redo",
    "set_color_label",
    "import_annotations",
    "backup",
)


def _done(value: object) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_result(value)
    return future


class ReadOnlyWriter:
    """Stands in for :class:`~desktop.annotations.writer.StoreWriter`; writes nothing."""

    migrated_from = 0
    undo_label: str | None = None
    redo_label: str | None = None

    def __init__(self, path: Path, backups_dir: Path, reason: BaseException) -> None:
        self.path = path
        self.backups_dir = backups_dir
        self.reason = reason

    def __getattr__(self, name: str) -> Any:
        if name in _REFUSED:
            return self._refuse
        raise AttributeError(name)

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(self.reason)
        return future

    def reanchor(self, _documents: Any) -> Future[int]:
        return _done(0)  # anchors are recomputed when shown; nothing to store

    def backup_if_idle(self, _idle_seconds: float = 0.0) -> Future[Path | None]:
        return _done(None)

    def close(self) -> None:
        pass
