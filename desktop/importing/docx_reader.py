"""Word .docx → :class:`ImportDraft` (python-docx), after the container has been checked."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from desktop.importing.draft import ImportDraft, normalise_date
from desktop.importing.errors import DocumentImportError
from desktop.importing.text_layout import clean_inline_text, closing_organ_and_date
from desktop.importing.zip_safety import check_docx_container
from index.parsing import heading_level

__all__ = ["read_docx"]

log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题", "標題"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _refuse_ole(data: bytes) -> None:
    if not data.startswith(_OLE_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentImportError(
            "the Word document is encrypted (password-protected); remove the password in Word "
            "and import it again"
        )
    raise DocumentImportError(
        "this is an old Word 97–2003 document (.doc), not .docx; open it in Word or WPS and "
        "save it as .docx"
    )


def _style_chain(paragraph: Any) -> Iterator[Any]:
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:
        yield style
        style = style.base_style
        seen += 1


def _outline_level(element: Any) -> int | None:
    """``w:outlineLvl`` of a paragraph or style (0-based), if set and not body text (9)."""
    ppr = element.find(f"{_W}pPr")
    if ppr is None:
        return None
    lvl = ppr.find(f"{_W}outlineLvl")
    if lvl is None:
        return None
    try:
        value = int(lvl.get(f"{_W}val"))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < 9 else None


def _paragraph_role(paragraph: Any) -> tuple[bool, int]:
    """``(is_title_style, heading level from style or outline level)``."""
    level = _outline_level(paragraph._p)
    is_title = False
    for style in _style_chain(paragraph):
        name = (style.name or "").strip()
        if name.lower() in _TITLE_STYLES:
            is_title = True
        match = _HEADING_STYLE.match(name)
        if match and level is None:
            level = int(match.group(1)) - 1
        if level is None:
            level = _outline_level(style.element)
    return is_title, 0 if level is None else min(level + 1, 3)


def _body_items(document: Any) -> Iterator[tuple[str, bool, int]]:
    """``(text, is_title_style, style level)`` for paragraphs and table rows, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = clean_inline_text(paragraph.text)
            if text:
                is_title, level = _paragraph_role(paragraph)
                yield text, is_title, level
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = clean_inline_text(cell.text)
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    yield "　".join(cells), False, 0


def read_docx(data: bytes) -> ImportDraft:
    _refuse_ole(data)
    check_docx_container(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        log.info("python-docx refused a file: %r", exc)
        raise DocumentImportError(
            f"the Word document cannot be read (it may be damaged: {exc})"
        ) from None
    items = list(_body_items(document))
    core = document.core_properties
    core_title = clean_inline_text(core.title or "")
    if core_title.lower().startswith("microsoft word -"):  # a stale name, not a title
        core_title = ""
    # The title property first, then a paragraph in the Title style, then the first one;
    # the paragraph that is the title leaves the body.
    titled = [i for i, (_, is_title, _) in enumerate(items) if is_title]
    candidate = titled[0] if titled else 0
    title = core_title
    if items:
        text = items[candidate][0]
        title = core_title or text
        if text == title:
            del items[candidate]

    paragraphs = [text for text, _, _ in items]
    levels = [level or heading_level(text) for text, _, level in items]
    organ, closing_date = closing_organ_and_date(paragraphs)
    published = normalise_date(closing_date)
    if not published and core.created is not None:
        published = core.created.date().isoformat()
    return ImportDraft.from_paragraphs(
        title,
        paragraphs,
        levels,
        published=published,
        source=organ,
        author=clean_inline_text(core.author or ""),
        file_format="docx",
    )
