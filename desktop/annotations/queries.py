"""Reading annotations: filters for the panel and exports, and grouping by document and section.

Readers use their own read-only connections; under WAL a read never waits for the
writer, so a reader may live on the GUI thread.  One reader per thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop.annotations.anchoring import DocumentSource
from desktop.annotations.database import (
    SELECT_ANNOTATIONS,
    annotation_from_row,
    connect_reader,
    fetch_annotation,
)
from desktop.annotations.model import Annotation, AnnotationKind
from index.document import Document
from index.folding import fold_text
from index.query import query_text

__all__ = [
    "AnnotationFilter",
    "AnnotationReader",
    "DocumentGroup",
    "SectionGroup",
    "group_by_document",
]


@dataclass(frozen=True)
class AnnotationFilter:
    """Empty fields filter nothing; several values in one field mean any of them."""

    colors: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    doc_ids: frozenset[str] = frozenset()
    kinds: frozenset[AnnotationKind] = frozenset()
    since: datetime | None = None  # created at or after (aware datetime)
    until: datetime | None = None  # created before
    text: str = ""  # in quote, note, name or tags, folded (Simplified finds Traditional)
    include_deleted: bool = False

    def sql(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if not self.include_deleted:
            clauses.append("deleted = 0")
        for column, values in (
            ("color", self.colors),
            ("doc_id", self.doc_ids),
            ("kind", {k.value for k in self.kinds}),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(sorted(values))
        if self.tags:
            marks = ", ".join("?" for _ in self.tags)
            clauses.append(
                f"EXISTS (SELECT 1 FROM json_each(annotations.tags) WHERE value IN ({marks}))"
            )
            params.extend(sorted(self.tags))
        if self.since is not None:
            clauses.append("created_ts >= ?")
            params.append(_aware(self.since).timestamp())
        if self.until is not None:
            clauses.append("created_ts < ?")
            params.append(_aware(self.until).timestamp())
        if self.text.strip():
            # Each word once, from a query bounded as the library search bounds it: a
            # pasted page of words must not build a condition SQLite refuses as too deep.
            for word in dict.fromkeys(fold_text(query_text(self.text)).split()):
                clauses.append("instr(search_text, ?) > 0")
                params.append(word)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        return where, params


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


class AnnotationReader:
    """A read-only view of the store; cheap to create, use from one thread."""

    def __init__(self, path: Path) -> None:
        self._conn = connect_reader(path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> AnnotationReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, annotation_id: str) -> Annotation | None:
        """The record with this id, tombstones included."""
        return fetch_annotation(self._conn, annotation_id)

    def query(self, where: AnnotationFilter | None = None) -> list[Annotation]:
        clause, params = (where or AnnotationFilter()).sql()
        rows = self._conn.execute(f"{SELECT_ANNOTATIONS}{clause} ORDER BY created_ts, id", params)
        return [annotation_from_row(row) for row in rows]

    def for_document(self, doc_id: str) -> list[Annotation]:
        """Live annotations of one document, for the reading view."""
        return self.query(AnnotationFilter(doc_ids=frozenset({doc_id})))

    def count(self, include_deleted: bool = False) -> int:
        sql = "SELECT count(*) FROM annotations" + ("" if include_deleted else " WHERE deleted = 0")
        return int(self._conn.execute(sql).fetchone()[0])

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of live annotations, most used first."""
        rows = self._conn.execute(
            "SELECT j.value, count(*) FROM annotations, json_each(annotations.tags) AS j "
            "WHERE deleted = 0 GROUP BY j.value ORDER BY count(*) DESC, j.value"
        )
        return [(str(tag), int(n)) for tag, n in rows]

    def color_labels(self) -> dict[str, str]:
        """Colour key → the user's label, in display order."""
        rows = self._conn.execute("SELECT color, label FROM color_labels ORDER BY position")
        return {str(color): str(label) for color, label in rows}

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn


@dataclass(frozen=True)
class SectionGroup:
    path: tuple[str, ...]  # outline path, outermost first; () before the first heading
    annotations: tuple[Annotation, ...]
    detached: bool = False  # the group of annotations whose quote was not found


@dataclass(frozen=True)
class DocumentGroup:
    doc_id: str
    document: Document | None  # None: the document is no longer in the library
    sections: tuple[SectionGroup, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return self.document.title if self.document is not None else self.doc_id

    @property
    def count(self) -> int:
        return sum(len(s.annotations) for s in self.sections)


def group_by_document(
    annotations: Sequence[Annotation], documents: DocumentSource
) -> list[DocumentGroup]:
    """Annotations grouped by document (library order when ``documents`` is a Mapping,
    else by title) and by outline section in reading order; detached ones last."""
    lookup = documents.get if isinstance(documents, Mapping) else documents
    order = (
        {doc_id: i for i, doc_id in enumerate(documents)} if isinstance(documents, Mapping) else {}
    )
    by_doc: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_doc.setdefault(annotation.doc_id, []).append(annotation)
    groups = []
    for doc_id, items in by_doc.items():
        document = lookup(doc_id)
        positions = {b.id: i for i, b in enumerate(document.blocks)} if document else {}
        placed: list[tuple[int, int, Annotation]] = []
        detached: list[Annotation] = []
        for a in items:
            position = positions.get(a.block_id)
            if position is None or a.is_detached:
                detached.append(a)
            else:
                placed.append((position, a.start, a))
        placed.sort(key=lambda item: (item[0], item[1], item[2].created))
        sections: list[SectionGroup] = []
        current: list[Annotation] = []
        current_path: tuple[str, ...] | None = None
        for position, _, a in placed:
            assert document is not None
            path = document.blocks[position].section
            if path != current_path and current:
                sections.append(SectionGroup(current_path or (), tuple(current)))
                current = []
            current_path = path
            current.append(a)
        if current:
            sections.append(SectionGroup(current_path or (), tuple(current)))
        if detached:
            detached.sort(key=lambda a: a.created)
            sections.append(SectionGroup((), tuple(detached), detached=True))
        groups.append(DocumentGroup(doc_id, document, tuple(sections)))
    groups.sort(key=lambda g: (order.get(g.doc_id, len(order)), g.title, g.doc_id))
    return groups
