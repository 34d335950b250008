"""The single writer: every change to the annotation database goes through one thread.

Each public method queues one user action and returns a ``Future`` at once; the
action runs as one ``BEGIN IMMEDIATE … COMMIT`` transaction and the future resolves
only after the commit (with ``synchronous=FULL``, after it is on disk).  The GUI
thread never waits on the database; it shows a change as saved when its future is done.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from desktop.annotations.anchoring import DocumentSource, reanchor_all
from desktop.annotations.backups import BACKUP_KEEP, make_backup
from desktop.annotations.database import (
    SELECT_ANNOTATIONS,
    annotation_from_row,
    connect_writer,
    fetch_annotation,
    transaction,
    upsert_annotations,
)
from desktop.annotations.history import Action, History, Step, UndoConflict, content_of
from desktop.annotations.merge import ImportReport, plan_merge
from desktop.annotations.model import (
    COLOR_KEYS,
    Annotation,
    AnnotationKind,
    now_iso,
)
from desktop.annotations.schema import migrate, refuse_newer
from desktop.annotations.selection import clean_tags
from desktop.storage_failures import failure_of

__all__ = ["StoreWriter", "UnknownAnnotation"]

log = logging.getLogger(__name__)

T = TypeVar("T")
_UNSET: Any = object()


class UnknownAnnotation(KeyError):
    """No live annotation has this id."""


class StoreWriter:
    """Owns the one read-write connection, the undo history and the backups."""

    def __init__(self, path: Path, backups_dir: Path, backup_keep: int = BACKUP_KEEP) -> None:
        self.path = path
        self.backups_dir = backups_dir
        self.backup_keep = backup_keep
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotation-writer")
        self._conn: sqlite3.Connection | None = None
        self._history = History()
        self._last_write = 0.0
        self._changed_since_backup = False
        self._closed = False
        try:
            self.migrated_from = self._submit(self._open).result()
        except BaseException:
            self._closed = True
            self._executor.shutdown(wait=True)
            raise

    # -- plumbing ---------------------------------------------------------------

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._closed:
            raise RuntimeError("the annotation store is closed")
        return self._executor.submit(self._storage_failures_named, fn, *args)

    def _storage_failures_named(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn``; a full disk or an I/O error comes out as a :class:`StorageFailure`
        (the transaction was rolled back: nothing half-written)."""
        try:
            return fn(*args)
        except (sqlite3.Error, OSError) as exc:
            failure = failure_of(exc, self.path.parent)
            if failure is None or failure is exc:
                raise
            raise failure from exc

    def _open(self) -> int:
        if self.path.exists():
            probe = sqlite3.connect(self.path)
            try:
                refuse_newer(probe)
            finally:
                probe.close()
        conn = connect_writer(self.path)
        try:
            version = migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        # The folding tables notes are stored with are built by the search lane once the
        # window has painted (the program waits for this open: not here).
        return version

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the annotation store is closed")
        return self._conn

    def _wrote(self) -> None:
        self._last_write = time.monotonic()
        self._changed_since_backup = True

    def _live(self, annotation_id: str) -> Annotation:
        current = fetch_annotation(self.conn, annotation_id)
        if current is None or current.deleted:
            raise UnknownAnnotation(annotation_id)
        return current

    def close(self) -> None:
        """Finish queued writes, close the connection and stop the thread."""
        if self._closed:
            return

        def shut() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._executor.submit(shut).result()
        self._closed = True
        self._executor.shutdown(wait=True)

    # -- user actions (undoable) --------------------------------------------------

    def add(self, annotation: Annotation) -> Future[Annotation]:
        """Store a new annotation (from :func:`new_highlight` / :func:`new_bookmark`)."""
        return self._submit(self._add, annotation)

    def _add(self, annotation: Annotation) -> Annotation:
        with transaction(self.conn):
            if fetch_annotation(self.conn, annotation.id) is not None:
                raise ValueError(f"annotation {annotation.id} already exists")
            upsert_annotations(self.conn, [annotation])
        self._history.record(Action("add", [Step(None, annotation)]))
        self._wrote()
        return annotation

    def update(
        self,
        annotation_id: str,
        *,
        color: str = _UNSET,
        note: str = _UNSET,
        tags: Iterable[str] = _UNSET,
        name: str = _UNSET,
    ) -> Future[Annotation]:
        """Change colour, note, tags or bookmark name; returns the stored record."""
        return self._submit(self._update, annotation_id, color, note, tags, name)

    def _update(
        self, annotation_id: str, color: Any, note: Any, tags: Any, name: Any
    ) -> Annotation:
        with transaction(self.conn):
            before = self._live(annotation_id)
            changes: dict[str, object] = {}
            if color is not _UNSET:
                if color not in COLOR_KEYS:
                    raise ValueError(f"unknown colour {color!r}")
                changes["color"] = color
            if note is not _UNSET:
                changes["note"] = str(note)
                if before.kind is not AnnotationKind.BOOKMARK:
                    changes["kind"] = (
                        AnnotationKind.NOTE if str(note).strip() else AnnotationKind.HIGHLIGHT
                    )
            if tags is not _UNSET:
                changes["tags"] = clean_tags(tags)
            if name is not _UNSET:
                changes["name"] = str(name).strip()
            after = before.replace(**changes, modified=now_iso())
            upsert_annotations(self.conn, [after])
        self._history.record(Action("edit", [Step(before, after)]))
        self._wrote()
        return after

    def delete(self, annotation_id: str) -> Future[Annotation]:
        """Delete (a tombstone, so the deletion travels to merged copies)."""
        return self._submit(self._delete, annotation_id)

    def _delete(self, annotation_id: str) -> Annotation:
        with transaction(self.conn):
            before = self._live(annotation_id)
            after = before.replace(deleted=True, modified=now_iso())
            upsert_annotations(self.conn, [after])
        self._history.record(Action("delete", [Step(before, after)]))
        self._wrote()
        return after

    @property
    def undo_label(self) -> str | None:
        """``add`` / ``edit`` / ``delete`` of the action Ctrl+Z would undo, or None."""
        return self._history.undo_label

    @property
    def redo_label(self) -> str | None:
        return self._history.redo_label

    def undo(self) -> Future[list[Annotation] | None]:
        """Undo the last action; resolves to the records as now stored (None: nothing to undo).

        Raises :class:`UndoConflict` (and drops the action) if they changed since."""
        return self._submit(self._undo_redo, True)

    def redo(self) -> Future[list[Annotation] | None]:
        return self._submit(self._undo_redo, False)

    def _undo_redo(self, undo: bool) -> list[Annotation] | None:
        source = self._history.undo_stack if undo else self._history.redo_stack
        target = self._history.redo_stack if undo else self._history.undo_stack
        if not source:
            return None
        action = source.pop()
        stamp = now_iso()
        written: list[Annotation] = []
        with transaction(self.conn):
            for step in reversed(action.steps) if undo else action.steps:
                current = fetch_annotation(self.conn, step.after.id)
                if current is None or current.modified != self._history.stamps.get(current.id):
                    raise UndoConflict(f"annotation {step.after.id} changed since this action")
                if undo and step.before is None:
                    restored = current.replace(deleted=True, modified=stamp)
                else:
                    model = step.before if undo and step.before is not None else step.after
                    restored = content_of(model, current, stamp)
                written.append(restored)
            upsert_annotations(self.conn, written)
        for annotation in written:
            self._history.stamps[annotation.id] = stamp
        target.append(action)
        self._wrote()
        return written

    # -- other changes (not undoable) -----------------------------------------------

    def set_color_label(self, color: str, label: str) -> Future[None]:
        return self._submit(self._set_color_label, color, label)

    def _set_color_label(self, color: str, label: str) -> None:
        if color not in COLOR_KEYS:
            raise ValueError(f"unknown colour {color!r}")
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE color_labels SET label = ? WHERE color = ?", (label.strip(), color)
            )
        self._wrote()

    def import_annotations(
        self, incoming: Sequence[Annotation], documents: DocumentSource
    ) -> Future[ImportReport]:
        """Merge by id (newest ``modified`` wins) in one transaction; quotes re-anchored."""
        return self._submit(self._import, list(incoming), documents)

    def _import(self, incoming: list[Annotation], documents: DocumentSource) -> ImportReport:
        with transaction(self.conn):
            existing: dict[str, Annotation] = {}
            ids = [a.id for a in incoming]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ", ".join("?" for _ in chunk)
                rows = self.conn.execute(f"{SELECT_ANNOTATIONS} WHERE id IN ({marks})", chunk)
                existing.update((a.id, a) for a in map(annotation_from_row, rows))
            to_write, report = plan_merge(existing, incoming, documents)
            upsert_annotations(self.conn, to_write)
        if to_write:
            self._wrote()
        log.info("annotation import: %s", report)
        return report

    def reanchor(self, documents: DocumentSource) -> Future[int]:
        """Re-anchor every live annotation against the current documents; returns how
        many records changed (new block/offsets, or newly detached)."""
        return self._submit(self._reanchor, documents)

    def _reanchor(self, documents: DocumentSource) -> int:
        rows = self.conn.execute(f"{SELECT_ANNOTATIONS} WHERE deleted = 0").fetchall()
        stored = [annotation_from_row(row) for row in rows]
        updated = reanchor_all(stored, documents)
        changed = [new for old, new in zip(stored, updated, strict=True) if new is not old]
        if changed:
            with transaction(self.conn):
                upsert_annotations(self.conn, changed)
            self._wrote()
        return len(changed)

    # -- backups ------------------------------------------------------------------

    def backup(self) -> Future[Path]:
        """Copy the database to the backups folder (verified; the last N kept)."""
        return self._submit(self._backup)

    def _backup(self) -> Path:
        path = make_backup(self.conn, self.backups_dir, self.backup_keep)
        self._changed_since_backup = False
        return path

    def backup_if_idle(self, idle_seconds: float = 120.0) -> Future[Path | None]:
        """Back up if something changed since the last backup and nothing for ``idle_seconds``.

        The GUI calls this from a timer; it costs nothing when there is nothing to do."""
        return self._submit(self._backup_if_idle, idle_seconds)

    def _backup_if_idle(self, idle_seconds: float) -> Path | None:
        if not self._changed_since_backup:
            return None
        if time.monotonic() - self._last_write < idle_seconds:
            return None
        return self._backup()
