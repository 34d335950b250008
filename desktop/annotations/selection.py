"""Making a new annotation from what the reader selected in a document."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.annotations.anchoring import document_version, quote_context
from desktop.annotations.model import (
    COLOR_KEYS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    new_annotation_id,
    now_iso,
)
from index.document import Document

__all__ = ["BOOKMARK_QUOTE_CHARS", "SelectionError", "clean_tags", "new_bookmark", "new_highlight"]

# A bookmark's quote: the opening of its block, enough to find the block again.
BOOKMARK_QUOTE_CHARS = 64
MAX_TAG_CHARS = 100


class SelectionError(ValueError):
    """The selection cannot be annotated (unknown block, empty or out-of-range offsets)."""


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags stripped, without empties and duplicates, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(tag.split())[:MAX_TAG_CHARS]
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def new_highlight(
    document: Document,
    block_id: str,
    start: int,
    end: int,
    *,
    color: str = "yellow",
    note: str = "",
    tags: Iterable[str] = (),
) -> Annotation:
    """A highlight (a note, when ``note`` is given) of ``block.text[start:end]``."""
    block = document.block(block_id)
    if block is None:
        raise SelectionError(f"document {document.id} has no block {block_id}")
    if not 0 <= start < end <= len(block.text):
        raise SelectionError(f"selection {start}–{end} is outside block {block_id}")
    if color not in COLOR_KEYS:
        raise SelectionError(f"unknown colour {color!r}")
    exact, prefix, suffix = quote_context(block.text, start, end)
    stamp = now_iso()
    return Annotation(
        id=new_annotation_id(),
        doc_id=document.id,
        block_id=block_id,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        kind=AnnotationKind.NOTE if note.strip() else AnnotationKind.HIGHLIGHT,
        color=color,
        note=note,
        tags=clean_tags(tags),
        created=stamp,
        modified=stamp,
        corpus_version=document_version(document),
        anchor_status=AnchorStatus.ANCHORED,
    )


def new_bookmark(document: Document, block_id: str, name: str = "") -> Annotation:
    """A bookmark on a whole block, named ``name`` (default: the block's opening words)."""
    block = document.block(block_id)
    if block is None:
        raise SelectionError(f"document {document.id} has no block {block_id}")
    end = min(len(block.text), BOOKMARK_QUOTE_CHARS)
    exact, prefix, suffix = quote_context(block.text, 0, end)
    stamp = now_iso()
    return Annotation(
        id=new_annotation_id(),
        doc_id=document.id,
        block_id=block_id,
        start=0,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        kind=AnnotationKind.BOOKMARK,
        color="",
        name=name.strip() or block.text[:20],
        created=stamp,
        modified=stamp,
        corpus_version=document_version(document),
        anchor_status=AnchorStatus.ANCHORED,
    )
