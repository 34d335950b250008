"""The database schema and its forward migrations, versioned with ``PRAGMA user_version``.

``MIGRATIONS[v]`` upgrades a database at version ``v`` to ``v + 1``; a new version is
one more function appended here (and a test that migrates a database built at every
earlier version).  All pending steps run in one ``BEGIN IMMEDIATE`` transaction, so a
crash mid-migration leaves the old version intact.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence

from desktop.annotations.model import COLOR_KEYS, DEFAULT_COLOR_LABELS

__all__ = [
    "CURRENT_VERSION",
    "MIGRATIONS",
    "NewerSchemaError",
    "migrate",
    "refuse_newer",
    "schema_version",
]

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]


class NewerSchemaError(RuntimeError):
    """The database was written by a newer version of the program; it is left untouched."""


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY NOT NULL,
            doc_id TEXT NOT NULL,
            block_id TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            kind TEXT NOT NULL,
            color TEXT NOT NULL,
            note TEXT NOT NULL,
            tags TEXT NOT NULL,             -- JSON array of strings
            name TEXT NOT NULL,
            created TEXT NOT NULL,          -- ISO 8601 with UTC offset, as the user saw it
            modified TEXT NOT NULL,
            created_ts REAL NOT NULL,       -- the same instants as epoch seconds, for filters
            modified_ts REAL NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            corpus_version TEXT NOT NULL,
            anchor_status TEXT NOT NULL,
            search_text TEXT NOT NULL       -- fold_text of quote, note, name and tags
        )
        """
    )
    conn.execute("CREATE INDEX annotations_by_doc ON annotations (deleted, doc_id)")
    conn.execute("CREATE INDEX annotations_by_created ON annotations (created_ts)")
    conn.execute(
        "CREATE TABLE color_labels ("
        " color TEXT PRIMARY KEY NOT NULL, label TEXT NOT NULL, position INTEGER NOT NULL)"
    )
    conn.executemany(
        "INSERT INTO color_labels (color, label, position) VALUES (?, ?, ?)",
        [(key, DEFAULT_COLOR_LABELS[key], i) for i, key in enumerate(COLOR_KEYS)],
    )


MIGRATIONS: tuple[Migration, ...] = (_create_v1,)
CURRENT_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(conn: sqlite3.Connection, target: int = CURRENT_VERSION) -> None:
    """Raise :class:`NewerSchemaError` before anything (even the journal mode) is changed."""
    version = schema_version(conn)
    if version > target:
        raise NewerSchemaError(
            f"the annotation database has schema version {version}; "
            f"this program reads up to version {target}"
        )


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database to ``len(migrations)``; returns the version it was at.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    target = len(migrations)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        refuse_newer(conn, target)
        for step in range(version, target):
            log.info("migrating annotation database from version %d to %d", step, step + 1)
            migrations[step](conn)
        if version != target:
            conn.execute(f"PRAGMA user_version = {target:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
            conn.execute("ROLLBACK")
        raise
    return version
