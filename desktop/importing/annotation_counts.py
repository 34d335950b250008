"""How many annotations a personal document has: what the GUI asks about before removing it."""

from __future__ import annotations

from pathlib import Path

from desktop.annotations.queries import AnnotationReader
from desktop.annotations.store import DATABASE_NAME

__all__ = ["annotation_count"]


def annotation_count(data_dir: Path, doc_id: str) -> int:
    """Live annotations (highlights, notes, bookmarks) of ``doc_id`` in ``data_dir``'s store.

    Opens a read-only connection; 0 when there is no annotation database yet.
    """
    if not (data_dir / DATABASE_NAME).exists():
        return 0
    with AnnotationReader(data_dir / DATABASE_NAME) as reader:
        return len(reader.for_document(doc_id))
