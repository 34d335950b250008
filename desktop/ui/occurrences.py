"""F3 / Shift+F3 through the search results one occurrence at a time.

A result row is a paragraph and may hold the words several times; the reader steps
through every occurrence, row after row and document after document, and is told
where they are ("3/17").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.search import SearchHit

__all__ = ["Occurrence", "OccurrenceSteps"]

Occurrence = tuple[int, int]  # (hit index, span index within the hit; -1: the hit has none)


class OccurrenceSteps:
    """The occurrences of a list of hits, in result order, and which one is current."""

    def __init__(self) -> None:
        self._occurrences: list[Occurrence] = []
        self._first_of_hit: list[int] = []
        self.position = -1  # index into the occurrences; -1 before the first step

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self._occurrences = []
        self._first_of_hit = []
        for i, hit in enumerate(hits):
            self._first_of_hit.append(len(self._occurrences))
            if hit.spans:
                self._occurrences.extend((i, k) for k in range(len(hit.spans)))
            else:
                self._occurrences.append((i, -1))
        self.position = -1

    @property
    def total(self) -> int:
        return len(self._occurrences)

    def at_hit(self, hit_index: int) -> Occurrence | None:
        """The first occurrence of a hit becomes current (the hit was opened)."""
        if not 0 <= hit_index < len(self._first_of_hit):
            return None
        self.position = self._first_of_hit[hit_index]
        return self._occurrences[self.position]

    def step(self, step: int) -> Occurrence | None:
        """The next (``step`` 1) or previous (-1) occurrence, round the end."""
        if not self._occurrences:
            return None
        if self.position < 0:
            self.position = 0 if step > 0 else len(self._occurrences) - 1
        else:
            self.position = (self.position + step) % len(self._occurrences)
        return self._occurrences[self.position]
