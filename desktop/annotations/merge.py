"""Merging annotations from another installation: by id, newest ``modified`` wins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.annotations.anchoring import DocumentSource, reanchor_all
from desktop.annotations.model import Annotation, timestamp_seconds

__all__ = ["ImportReport", "plan_merge"]


@dataclass(frozen=True)
class ImportReport:
    added: int = 0  # ids this store did not have (tombstones included)
    updated: int = 0  # ids whose incoming copy was newer
    unchanged: int = 0  # ids whose stored copy was as new or newer
    detached: int = 0  # added or updated annotations whose quote was not found
    deleted: int = 0  # added or updated entries that are tombstones

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.detached} detached, {self.deleted} deletions"
        )


def plan_merge(
    existing: Mapping[str, Annotation],
    incoming: Sequence[Annotation],
    documents: DocumentSource,
) -> tuple[list[Annotation], ImportReport]:
    """What to write, and the counts.  Incoming quotes win over their offsets: every
    winning entry is re-anchored against the current document (or kept detached)."""
    winners: list[Annotation] = []
    added = updated = unchanged = 0
    for entry in incoming:
        current = existing.get(entry.id)
        if current is None:
            added += 1
        elif timestamp_seconds(entry.modified) > timestamp_seconds(current.modified):
            updated += 1
        else:
            unchanged += 1
            continue
        winners.append(entry)
    anchored = reanchor_all(winners, documents)
    detached = sum(1 for a in anchored if a.is_detached and not a.deleted)
    deleted = sum(1 for a in anchored if a.deleted)
    return anchored, ImportReport(added, updated, unchanged, detached, deleted)
