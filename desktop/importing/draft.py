"""What a reader makes of a file before it joins the library: text, outline and metadata.

An :class:`ImportDraft` is format-neutral.  The caller may override its metadata (the
import dialog shows the prefilled values for editing) and then turns it into a
:class:`~index.document.Document` under the id the library chooses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import MAX_DOCUMENT_CHARS, MAX_DOCUMENT_PARAGRAPHS
from index.dates import normalise_date
from index.document import BlockKind, Document
from index.parsing import build_blocks, heading_level

__all__ = ["METADATA_FIELDS", "ImportDraft", "normalise_date"]

# Keys accepted in metadata overrides ("published" is also accepted for "date").
METADATA_FIELDS = ("title", "source", "date", "author", "editor", "url")
_MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class ImportDraft:
    """A parsed file: title, body paragraphs with outline levels, byline and metadata.

    ``levels[i]`` is the outline level of ``paragraphs[i]`` (1–3, 0 for body text).
    ``warnings`` are things the user should know although the import succeeds (pages
    of a PDF without text, removed scripts, …).
    """

    title: str
    paragraphs: tuple[str, ...]
    levels: tuple[int, ...]
    byline: str = ""
    published: str = ""
    source: str = ""
    author: str = ""
    editor: str = ""
    url: str = ""
    file_format: str = ""
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_paragraphs(
        cls, title: str, paragraphs: list[str], levels: list[int] | None = None, **meta: Any
    ) -> ImportDraft:
        """Levels default to the 一、/（一）/一是 numbering of each paragraph."""
        if levels is None:
            levels = [heading_level(text) for text in paragraphs]
        return cls(title=title, paragraphs=tuple(paragraphs), levels=tuple(levels), **meta)

    @classmethod
    def from_document(cls, doc: Document, file_format: str) -> ImportDraft:
        paragraphs: list[str] = []
        levels: list[int] = []
        byline = ""
        for block in doc.blocks:
            if block.kind is BlockKind.TITLE:
                continue
            if block.kind is BlockKind.BYLINE:
                byline = block.text
                continue
            paragraphs.append(block.text)
            levels.append(block.level if block.kind is BlockKind.HEADING else 0)
        return cls(
            title=doc.title,
            paragraphs=tuple(paragraphs),
            levels=tuple(levels),
            byline=byline,
            published=doc.published,
            source=doc.source,
            author=doc.author,
            editor=doc.editor,
            url=doc.url,
            file_format=file_format,
        )

    def metadata(self) -> dict[str, str]:
        """The prefilled values the import dialog shows (keys as in :data:`METADATA_FIELDS`)."""
        return {
            "title": self.title,
            "source": self.source,
            "date": self.published,
            "author": self.author,
            "editor": self.editor,
            "url": self.url,
        }

    def with_metadata(self, overrides: Mapping[str, str] | None) -> ImportDraft:
        """This draft with the caller's values; unknown keys are refused, blanks kept blank."""
        if not overrides:
            return self
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            name = "date" if key == "published" else key
            if name not in METADATA_FIELDS:
                raise DocumentImportError(f"unknown metadata field {key!r}")
            if not isinstance(value, str):
                raise DocumentImportError(f"metadata field {key!r} must be text")
            value = " ".join(value.split())
            if name == "title":
                if not value:
                    raise DocumentImportError("the title cannot be empty")
                changes["title"] = value[:_MAX_TITLE_CHARS]
            elif name == "date":
                changes["published"] = normalise_date(value)
            else:
                changes[name] = value
        return replace(self, **changes)

    def with_extra(self, values: Mapping[str, str]) -> ImportDraft:
        return replace(self, extra={**self.extra, **values})

    def validate(self) -> None:
        if not self.title.strip():
            raise DocumentImportError("no title could be found; give one")
        if not any(text.strip() for text in self.paragraphs):
            raise DocumentImportError("no body text was found in the file")
        if len(self.paragraphs) > MAX_DOCUMENT_PARAGRAPHS:
            raise DocumentImportError(
                f"the document has {len(self.paragraphs)} paragraphs (the limit is "
                f"{MAX_DOCUMENT_PARAGRAPHS}); split it into smaller documents"
            )
        chars = sum(map(len, self.paragraphs))
        if chars > MAX_DOCUMENT_CHARS:
            raise DocumentImportError(
                f"the document's text has {chars} characters (the limit is "
                f"{MAX_DOCUMENT_CHARS}); split it into smaller documents"
            )

    def to_document(
        self, doc_id: str, path: str = "", extra: Mapping[str, str] | None = None
    ) -> Document:
        self.validate()
        blocks = build_blocks(self.title, list(self.paragraphs), self.byline, list(self.levels))
        merged = {**self.extra, **(extra or {})}
        if self.file_format:
            merged["format"] = self.file_format
        if self.warnings:
            merged["warnings"] = "\n".join(self.warnings)
        return Document(
            id=doc_id,
            title=self.title,
            blocks=blocks,
            published=self.published,
            source=self.source,
            author=self.author,
            editor=self.editor,
            url=self.url,
            path=path,
            extra=merged,
        )
