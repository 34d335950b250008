"""SQLite connections and the mapping between rows and :class:`Annotation` records."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.annotations.model import (
    AnchorStatus,
    Annotation,
    AnnotationKind,
    timestamp_seconds,
)
from index.folding import fold_text

__all__ = [
    "ANNOTATION_COLUMNS",
    "annotation_from_row",
    "annotation_to_row",
    "connect_reader",
    "connect_writer",
    "integrity_errors",
    "transaction",
    "upsert_annotations",
]

ANNOTATION_COLUMNS = (
    "id",
    "doc_id",
    "block_id",
    "start_offset",
    "end_offset",
    "exact",
    "prefix",
    "suffix",
    "kind",
    "color",
    "note",
    "tags",
    "name",
    "created",
    "modified",
    "created_ts",
    "modified_ts",
    "deleted",
    "corpus_version",
    "anchor_status",
    "search_text",
)
_SELECT_COLUMNS = ", ".join(ANNOTATION_COLUMNS[:15]) + ", deleted, corpus_version, anchor_status"
SELECT_ANNOTATIONS = f"SELECT {_SELECT_COLUMNS} FROM annotations"

_UPSERT = (
    f"INSERT INTO annotations ({', '.join(ANNOTATION_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in ANNOTATION_COLUMNS)}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ANNOTATION_COLUMNS[1:])
)


def connect_writer(path: Path) -> sqlite3.Connection:
    """The one read-write connection: WAL, synchronous=FULL, explicit transactions."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.close()
        raise sqlite3.OperationalError(f"cannot switch {path} to WAL (journal mode {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection; under WAL it never waits for the writer.

    A WAL database needs its shared-memory file, which cannot be created in a read-only
    folder or on a full disk; when nothing is waiting in the write-ahead log (no writer,
    a clean close) the file is then opened as immutable, which needs no other file."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
    conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE … COMMIT``; rolled back if the body or the commit raises.

    SQLite rolls a transaction back by itself on some errors (a full disk, an I/O
    error): the original error is then raised, not the failed ``ROLLBACK``."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` messages; empty when the database is sound."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _search_text(annotation: Annotation) -> str:
    return fold_text(
        "\n".join((annotation.exact, annotation.note, annotation.name, *annotation.tags))
    )


def annotation_to_row(annotation: Annotation) -> tuple[object, ...]:
    a = annotation
    return (
        a.id,
        a.doc_id,
        a.block_id,
        a.start,
        a.end,
        a.exact,
        a.prefix,
        a.suffix,
        a.kind.value,
        a.color,
        a.note,
        json.dumps(list(a.tags), ensure_ascii=False),
        a.name,
        a.created,
        a.modified,
        timestamp_seconds(a.created),
        timestamp_seconds(a.modified),
        int(a.deleted),
        a.corpus_version,
        a.anchor_status.value,
        _search_text(a),
    )


_KINDS = {kind.value: kind for kind in AnnotationKind}
_STATUSES = {status.value: status for status in AnchorStatus}


def annotation_from_row(row: tuple[object, ...] | sqlite3.Row) -> Annotation:
    (
        id_,
        doc_id,
        block_id,
        start,
        end,
        exact,
        prefix,
        suffix,
        kind,
        color,
        note,
        tags,
        name,
        created,
        modified,
        deleted,
        corpus_version,
        anchor_status,
    ) = tuple(row)
    return Annotation(
        id=str(id_),
        doc_id=str(doc_id),
        block_id=str(block_id),
        start=int(start),
        end=int(end),
        exact=str(exact),
        prefix=str(prefix),
        suffix=str(suffix),
        kind=_KINDS[str(kind)],
        color=str(color),
        note=str(note),
        tags=_tags(str(tags)),
        name=str(name),
        created=str(created),
        modified=str(modified),
        deleted=bool(deleted),
        corpus_version=str(corpus_version),
        anchor_status=_STATUSES[str(anchor_status)],
    )


def _tags(stored: str) -> tuple[str, ...]:
    """A note's tags from their stored list; a damaged value (not a JSON list of texts)
    is kept as one tag holding its text, so the note still lists and nothing is lost."""
    if stored == "[]":
        return ()
    try:
        value = json.loads(stored)
    except (ValueError, RecursionError):
        return (stored,)
    if isinstance(value, list) and all(isinstance(tag, str) for tag in value):
        return tuple(value)
    return (stored,)


def upsert_annotations(conn: sqlite3.Connection, annotations: list[Annotation]) -> None:
    conn.executemany(_UPSERT, [annotation_to_row(a) for a in annotations])


def fetch_annotation(conn: sqlite3.Connection, annotation_id: str) -> Annotation | None:
    row = conn.execute(f"{SELECT_ANNOTATIONS} WHERE id = ?", (annotation_id,)).fetchone()
    return annotation_from_row(row) if row is not None else None
