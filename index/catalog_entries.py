"""The catalog's records as :mod:`index.catalog` decodes them: a document's entry in the
library list (:class:`CatalogEntry`) and the rows of its outline (:class:`OutlineEntry`).

Their own module, loaded with the first record decoded or outline made: the window lists
the library from the catalog's rows without either, and defining the two frozen classes
takes milliseconds of the start before its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.document import LawEvent

__all__ = ["CatalogEntry", "OutlineEntry"]


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One outline row: ``kind`` is part/subpart/chapter/section/heading/article."""

    level: int
    kind: str
    title: str
    block_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "kind": self.kind,
            "title": self.title,
            "block_id": self.block_id,
        }


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A document as the library list shows it (no text)."""

    id: str
    title: str
    subtitle: str
    path: str
    copies: tuple[str, ...]
    category: tuple[str, ...]
    version_date: str
    effective_date: str
    published: str
    source: str
    author: str
    events: tuple[LawEvent, ...]
    version_group: str
    current: bool
    blocks: int
    articles: int
    keys: tuple[str, str, str]  # folded display title without spaces, full pinyin, initials
    # Where its stored form lies: (chunk offset, chunk length, structure's offset in the
    # inflated chunk, structure length, texts offset, texts length); version 2: (offset,
    # structure length, texts length), each a zlib stream.
    pack: tuple[int, ...]

    @property
    def display_title(self) -> str:
        return f"{self.title}·{self.subtitle}" if self.subtitle else self.title

    @property
    def date(self) -> str:
        return self.version_date or self.published[:10]

    @property
    def year(self) -> str:
        return self.date[:4]

    def metadata_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.id,
            "title": self.title,
            "subtitle": self.subtitle,
            "path": self.path,
            "copies": list(self.copies),
            "category": "/".join(self.category) or None,
            "version_date": self.version_date or None,
            "effective_date": self.effective_date or None,
            "published": self.published or None,
            "current": self.current,
            "version_group": self.version_group,
            "events": [_event_json(e) for e in self.events],
        }


def _event_json(event: LawEvent) -> dict[str, str]:
    return {
        "date": event.date,
        "action": event.action,
        "body": event.body,
        "order_no": event.order_no,
        "text": event.text,
    }
