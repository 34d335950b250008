"""Plain text, Markdown and gov.cn page captures → :class:`ImportDraft` (index.parsing)."""

from __future__ import annotations

from desktop.importing.draft import ImportDraft
from desktop.importing.errors import DocumentImportError
from desktop.importing.text_layout import clean_inline_text
from index.parsing import ParseError, looks_like_markdown, parse_capture, parse_markdown

__all__ = ["read_markdown", "read_text"]

_PLACEHOLDER_ID = "draft"


def read_text(text: str) -> ImportDraft:
    """A .txt file: Markdown if it opens with front matter, else a page capture.

    A capture's parser also reads any plain text: the first line is the title and
    every further line a paragraph; a ``date 来源: source`` line, a closing byline in
    parentheses and an editor line are recognised when present.
    """
    if looks_like_markdown(text):
        return read_markdown(text)
    try:
        doc = parse_capture(text, _PLACEHOLDER_ID)
    except ParseError as exc:
        raise DocumentImportError(_reason(exc)) from None
    file_format = "capture" if (doc.url or doc.source or doc.editor) else "text"
    return ImportDraft.from_document(doc, file_format)


def read_markdown(text: str) -> ImportDraft:
    """Markdown, with or without front matter; without a title, the first line is one."""
    try:
        doc = parse_markdown(text, _PLACEHOLDER_ID)
    except ParseError as exc:
        if "no title" not in str(exc):
            raise DocumentImportError(_reason(exc)) from None
        lines = text.lstrip("\ufeff").splitlines()
        start = 0
        if lines and lines[0].strip() == "---":  # keep the front matter, title after it
            start = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")) + 1
        first = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
        if first is None:
            raise DocumentImportError("the file holds no text") from None
        title = clean_inline_text(lines[first].lstrip("#>*- ").strip())
        retitled = "\n".join([*lines[:start], f"# {title}", "", *lines[first + 1 :]])
        try:
            doc = parse_markdown(retitled, _PLACEHOLDER_ID)
        except ParseError as again:
            raise DocumentImportError(_reason(again)) from None
    return ImportDraft.from_document(doc, "markdown")


def _reason(exc: ParseError) -> str:
    message = str(exc)
    if message.startswith("no body"):
        return "the file has a title but no body text"
    if message.startswith("no title"):
        return "the file holds no text"
    return message
