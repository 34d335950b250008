"""What reading a corpus noted besides its documents: a file it skipped and why
(:class:`SkippedFile`), a file byte-identical to one read before it (:class:`IdenticalCopy`).

Their own module, loaded when a corpus is read or a skipped file is listed: a library
listed from its index's catalog (every start, most often with nothing skipped) makes
neither, and defining the two frozen classes takes milliseconds before the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["IdenticalCopy", "SkippedFile"]


@dataclass(frozen=True)
class SkippedFile:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class IdenticalCopy:
    """A file byte-identical to one loaded before it: loaded once, both paths kept."""

    kept: Path
    copy: Path

    def __str__(self) -> str:
        return f"{self.copy} is identical to {self.kept} (indexed once, under both folders)"
