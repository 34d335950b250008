"""The annotation record: where it sits (a text-quote selector plus offsets) and what it says."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

__all__ = [
    "COLOR_KEYS",
    "CONTEXT_CHARS",
    "DEFAULT_COLOR_LABELS",
    "AnchorStatus",
    "Annotation",
    "AnnotationKind",
    "new_annotation_id",
    "now_iso",
    "parse_timestamp",
    "timestamp_seconds",
]

# Characters of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32

# The five highlight colours; the keys are stable, the labels are the user's and live in the DB.
COLOR_KEYS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_COLOR_LABELS: dict[str, str] = {
    "yellow": "重点",
    "green": "已掌握",
    "blue": "疑问",
    "pink": "待办",
    "purple": "引用",
}


class AnnotationKind(StrEnum):
    HIGHLIGHT = "highlight"
    NOTE = "note"
    BOOKMARK = "bookmark"


class AnchorStatus(StrEnum):
    ANCHORED = "anchored"  # the quote sits at the stored block and offsets
    REANCHORED = "reanchored"  # found again after the document changed
    DETACHED = "detached"  # not found; kept with its quote and note


def now_iso() -> str:
    """The current local time, ISO 8601 with its UTC offset, to the microsecond."""
    return datetime.now(UTC).astimezone().isoformat(timespec="microseconds")


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries a UTC offset; ValueError otherwise."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return parsed


def timestamp_seconds(value: str) -> float:
    """Seconds since the epoch: timestamps from different time zones compare correctly."""
    return parse_timestamp(value).timestamp()


def new_annotation_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Annotation:
    """One highlight, note or bookmark.

    ``start``/``end`` are Python ``str`` offsets into the block's original text, as the
    search index reports them; ``exact``/``prefix``/``suffix`` are the text-quote
    selector that survives revisions of the document.  A bookmark anchors on a whole
    block: its quote is the block's opening text and ``name`` is what the list shows.
    ``deleted`` marks a tombstone, kept so that a deletion travels to other copies.
    """

    id: str
    doc_id: str
    block_id: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    kind: AnnotationKind = AnnotationKind.HIGHLIGHT
    color: str = "yellow"
    note: str = ""
    tags: tuple[str, ...] = ()
    name: str = ""
    created: str = ""
    modified: str = ""
    deleted: bool = False
    corpus_version: str = ""
    anchor_status: AnchorStatus = AnchorStatus.ANCHORED

    def replace(self, **changes: object) -> Annotation:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_detached(self) -> bool:
        return self.anchor_status is AnchorStatus.DETACHED
