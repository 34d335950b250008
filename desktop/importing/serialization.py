"""Document ↔ JSON, exact both ways (the personal library's stored form of a document)."""

from __future__ import annotations

import json
from typing import Any

from index.document import Block, BlockKind, Document
from index.index_files import parse_json

__all__ = ["FORMAT_VERSION", "document_from_json", "document_to_json"]

FORMAT_VERSION = 1


def document_to_json(doc: Document) -> str:
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "id": doc.id,
        "title": doc.title,
        "published": doc.published,
        "source": doc.source,
        "author": doc.author,
        "editor": doc.editor,
        "url": doc.url,
        "path": doc.path,
        "extra": dict(doc.extra),
        "blocks": [
            {
                "id": block.id,
                "kind": block.kind.value,
                "text": block.text,
                "level": block.level,
                "outline_title": block.outline_title,
                "section": list(block.section),
            }
            for block in doc.blocks
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def document_from_json(text: str) -> Document:
    """Raises ValueError (or KeyError/TypeError as ValueError) if ``text`` is not one."""
    try:
        data = parse_json(text)  # nested too deeply: a ValueError too
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ValueError(f"unknown document format version {version!r}")
        blocks = tuple(
            Block(
                id=str(item["id"]),
                kind=BlockKind(item["kind"]),
                text=str(item["text"]),
                level=int(item["level"]),
                outline_title=str(item["outline_title"]),
                section=tuple(str(part) for part in item["section"]),
            )
            for item in data["blocks"]
        )
        return Document(
            id=str(data["id"]),
            title=str(data["title"]),
            blocks=blocks,
            published=str(data["published"]),
            source=str(data["source"]),
            author=str(data["author"]),
            editor=str(data["editor"]),
            url=str(data["url"]),
            path=str(data["path"]),
            extra={str(k): str(v) for k, v in dict(data["extra"]).items()},
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a stored document: {exc!r}") from None
