"""The corpus model: a Document is an ordered list of Blocks with its metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Block", "BlockKind", "Document", "make_block_ids"]


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BYLINE = "byline"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a document's text: what search hits and annotations point at.

    ``id`` depends only on the block's kind and text (and, for repeated texts, on how
    many identical blocks precede it), so editing another part of the document does
    not change it.  ``level`` is 1–3 for headings (一、 / （一） / 一是), 0 otherwise;
    ``outline_title`` is what the outline shows for a heading.  ``section`` is the
    outline path containing the block, outermost first; a heading's path ends with
    its own outline title.
    """

    id: str
    kind: BlockKind
    text: str
    level: int = 0
    outline_title: str = ""
    section: tuple[str, ...] = ()

    @property
    def is_outline_entry(self) -> bool:
        return self.kind is BlockKind.HEADING


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    blocks: tuple[Block, ...]
    published: str = ""  # ISO 8601 date or date-time, as precise as the source gives it
    source: str = ""
    author: str = ""
    editor: str = ""
    url: str = ""
    path: str = ""  # where it was loaded from, relative to the corpus root
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def year(self) -> str:
        return self.published[:4] if len(self.published) >= 4 else ""

    def block(self, block_id: str) -> Block | None:
        for block in self.blocks:
            if block.id == block_id:
                return block
        return None

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.HEADING]


def _block_digest(kind: str, text: str) -> str:
    return hashlib.sha1(f"{kind}\x1f{text}".encode()).hexdigest()[:12]


def make_block_ids(items: list[tuple[str, str]]) -> list[str]:
    """Stable ids for ``(kind, text)`` items in document order.

    The id is a digest of kind and text; the n-th repetition of an identical block
    gets a ``-n`` suffix, so ids stay unique and stable under unrelated edits.
    """
    seen: dict[str, int] = {}
    ids = []
    for kind, text in items:
        digest = _block_digest(kind, text)
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        ids.append(f"b{digest}" if count == 1 else f"b{digest}-{count}")
    return ids
