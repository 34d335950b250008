"""Filtering the library list by title or heading, in characters or pinyin (Qt-free).

A filter runs as a :class:`FilterJob` that does its work in slices of bounded time, so
the window stays responsive whatever the library's size.  Typing one more character
narrows the previous result instead of scanning the library again.  Pinyin keys are
computed only for a query that needs them (Latin letters) and only once per text; the
library's titles bring theirs from the index build.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.catalog import LibraryEntry, OutlineEntry
from desktop.pinyin import Readings, pinyin_matches, pinyin_readings
from index.folding import fold_text

__all__ = [
    "DocMatch",
    "FilterJob",
    "FilterResult",
    "load_pinyin",
    "matches_filter",
    "normalise_filter",
    "pinyin_key",
]


def load_pinyin() -> None:
    """Read the character readings (a few milliseconds, once)."""
    pinyin_readings("数字")


def pinyin_key(folded: str) -> Readings:
    """The readings of already folded text (see :func:`desktop.pinyin.pinyin_matches`)."""
    return pinyin_readings(folded.replace(" ", ""))


def _pinyin_match(needle: str, key: str | Readings) -> bool:
    # A catalog brings "full\x1finitials" strings; other texts have their readings.
    return needle in key if isinstance(key, str) else pinyin_matches(needle, key)


def normalise_filter(text: str) -> str:
    if not text.strip():  # no filter: the folding tables are not needed to say so
        return ""
    return fold_text(text).replace(" ", "").strip()


def needs_pinyin(needle: str) -> bool:
    return any("a" <= ch <= "z" for ch in needle)


def matches_filter(text: str, needle: str) -> bool:
    """Does ``needle`` (normalised) match ``text`` in characters, pinyin or initials?"""
    if not needle:
        return True
    folded = fold_text(text).replace(" ", "")
    return needle in folded or (needs_pinyin(needle) and pinyin_matches(needle, pinyin_key(folded)))


@dataclass(frozen=True, slots=True)
class DocMatch:
    """Why an entry is shown: its title matched, and which of its tree headings did."""

    title: bool
    headings: tuple[int, ...]  # positions in entry.outline


@dataclass
class FilterResult:
    needle: str
    matches: dict[int, DocMatch] = field(default_factory=dict)  # entry position → match
    complete: bool = False


class FilterJob:
    """Matches ``needle`` against ``entries``; call :meth:`run` until it returns True.

    ``previous``: a complete result for a needle contained in this one, whose matches
    are the only candidates.  ``work`` counts the texts compared (and keyed), the
    measure of what a filter costs.
    """

    def __init__(
        self,
        entries: Sequence[LibraryEntry],
        needle: str,
        previous: FilterResult | None = None,
    ) -> None:
        self.entries = entries
        self.needle = needle
        self.pinyin = needs_pinyin(needle)
        self.result = FilterResult(needle)
        self.work = 0
        self.slices = 0
        self.max_slice_work = 0  # the most comparisons done in one slice
        self.narrowed = bool(
            previous is not None and previous.complete and previous.needle in needle
        )
        self._previous = previous if self.narrowed else None
        if self._previous is not None:
            self._candidates: Sequence[int] = list(self._previous.matches)
        else:
            self._candidates = range(len(entries))
        self._next = 0
        if not needle:
            self.result.complete = True

    @property
    def done(self) -> bool:
        return self.result.complete

    def run(self, budget_seconds: float, max_work: int = 4000) -> bool:
        """Work for about ``budget_seconds`` and at most about ``max_work`` comparisons;
        True once the result is complete."""
        if self.result.complete:
            return True
        self.slices += 1
        deadline = time.perf_counter() + budget_seconds
        stop_at = self.work + max_work
        start = self.work
        candidates = self._candidates
        try:
            while self._next < len(candidates):
                position = candidates[self._next]
                self._next += 1
                match = self._match(position)
                if match is not None:
                    self.result.matches[position] = match
                if self.work >= stop_at or time.perf_counter() >= deadline:
                    return self._next >= len(candidates) and self._finish()
            return self._finish()
        finally:
            self.max_slice_work = max(self.max_slice_work, self.work - start)

    def _finish(self) -> bool:
        self.result.complete = True
        return True

    def run_to_end(self) -> FilterResult:
        while not self.run(3600.0, 1 << 62):
            pass
        return self.result

    def _matches(self, item: LibraryEntry | OutlineEntry) -> bool:
        self.work += 1
        needle = self.needle
        if needle in item.folded:
            return True
        if not self.pinyin:
            return False
        if item.pinyin is None:
            self.work += 1
            item.pinyin = pinyin_key(item.folded)
        return _pinyin_match(needle, item.pinyin)

    def _match(self, position: int) -> DocMatch | None:
        entry = self.entries[position]
        title = self._matches(entry)
        outline = entry.outline
        # Every heading matching the longer needle matched the shorter one, and a
        # result lists all of an entry's matching headings.
        candidates = (
            self._previous.matches[position].headings
            if self._previous is not None
            else entry.tree_headings
        )
        headings = tuple(i for i in candidates if self._matches(outline[i]))
        if title or headings:
            return DocMatch(title, headings)
        return None
