"""Word .docx → :class:`ImportDraft`, after the container has been checked.

The document part is read incrementally with lxml's ``iterparse`` (each top-level
paragraph or table is turned into text and dropped), so time and memory grow with the
document's text, not with its XML tree; the number of paragraphs is bounded by
:data:`~desktop.importing.limits.MAX_DOCX_PARAGRAPHS`.  Styles give headings (by name,
``Heading n`` / ``标题 n``, or outline level) as Word shows them.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from desktop.importing.draft import ImportDraft, normalise_date
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_DOCUMENT_PARAGRAPHS,
    MAX_DOCX_PARAGRAPHS,
)
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


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
# Text inside these belongs to another story (text boxes, alternative renderings).
_OTHER_STORIES = {
    f"{_W}txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def _parser_options() -> dict[str, Any]:
    # No entities, no DTD, no network: an XML bomb or an external entity reads nothing.
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str
    outline: int | None


def _outline_level(ppr: Any) -> int | None:
    """``w:outlineLvl`` of a paragraph or style property element (0-based), if not body (9)."""
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


def _read_styles(archive: zipfile.ZipFile, names: dict[str, str]) -> dict[str, _Style]:
    from lxml import etree

    name = names.get("word/styles.xml")
    if name is None:
        return {}
    styles: dict[str, _Style] = {}
    with archive.open(name) as part:
        for _event, element in etree.iterparse(
            part, events=("end",), tag=f"{_W}style", **_parser_options()
        ):
            style_id = element.get(f"{_W}styleId") or ""
            name_el = element.find(f"{_W}name")
            based = element.find(f"{_W}basedOn")
            styles[style_id] = _Style(
                "" if name_el is None else name_el.get(f"{_W}val") or "",
                "" if based is None else based.get(f"{_W}val") or "",
                _outline_level(element.find(f"{_W}pPr")),
            )
            element.clear()
    return styles


def _paragraph_role(paragraph: Any, styles: dict[str, _Style]) -> tuple[bool, int]:
    """``(is_title_style, heading level from style or outline level)``."""
    ppr = paragraph.find(f"{_W}pPr")
    level = _outline_level(ppr)
    is_title = False
    style_el = None if ppr is None else ppr.find(f"{_W}pStyle")
    style_id = "" if style_el is None else style_el.get(f"{_W}val") or ""
    if not style_id and "Normal" in styles:
        style_id = "Normal"
    for _ in range(10):  # a style chain, guarded against loops
        style = styles.get(style_id)
        if style is None:
            break
        name = style.name.strip()
        if name.lower() in _TITLE_STYLES:
            is_title = True
        match = _HEADING_STYLE.match(name)
        if match and level is None:
            level = int(match.group(1)) - 1
        if level is None:
            level = style.outline
        style_id = style.based_on
    return is_title, 0 if level is None else min(level + 1, 3)


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _OTHER_STORIES or not isinstance(tag, str):
            continue
        if tag in _TEXT_TAGS:
            fixed = _TEXT_TAGS[tag]
            parts.append(element.text or "" if fixed is None else fixed)
            continue
        stack.extend(reversed(element))
    return "".join(parts)


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for cell in row.iterchildren(f"{_W}tc"):
            text = clean_inline_text(
                "\n".join(_paragraph_text(p) for p in cell.iterchildren(f"{_W}p"))
            )
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        if cells:
            yield "　".join(cells)


def _body_items(
    archive: zipfile.ZipFile, part_name: str, styles: dict[str, _Style]
) -> Iterator[tuple[str, bool, int]]:
    """``(text, is_title_style, style level)`` for paragraphs and table rows, in order.

    Read incrementally: each top-level paragraph or table is handled when it ends and
    then dropped, so memory stays flat; more than :data:`MAX_DOCX_PARAGRAPHS`
    paragraphs (table cells included) are refused as soon as they are seen."""
    from lxml import etree

    body_tag = f"{_W}body"
    paragraphs = items = chars = 0

    def counted(text: str) -> str:
        nonlocal items, chars
        items += 1
        chars += len(text)
        if items > MAX_DOCUMENT_PARAGRAPHS + 1 or chars > MAX_DOCUMENT_CHARS:
            raise DocumentImportError(
                f"the Word document is too long (more than {MAX_DOCUMENT_PARAGRAPHS} "
                f"paragraphs or {MAX_DOCUMENT_CHARS} characters); split it into smaller documents"
            )
        return text

    with archive.open(part_name) as part:
        for _event, element in etree.iterparse(
            part, events=("end",), tag=(f"{_W}p", f"{_W}tbl", f"{_W}sdt"), **_parser_options()
        ):
            if element.tag == f"{_W}p":
                paragraphs += 1
                if paragraphs > MAX_DOCX_PARAGRAPHS:
                    raise DocumentImportError(
                        f"the Word document has more than {MAX_DOCX_PARAGRAPHS} paragraphs "
                        "(the limit); split it into smaller documents"
                    )
            parent = element.getparent()
            if parent is None or parent.tag != body_tag:
                continue  # in a table (or a content control): handled with its container
            if element.tag == f"{_W}p":
                text = clean_inline_text(_paragraph_text(element))
                if text:
                    is_title, level = _paragraph_role(element, styles)
                    yield counted(text), is_title, level
            elif element.tag == f"{_W}tbl":
                for row in _table_rows(element):
                    yield counted(row), False, 0
            element.clear()
            while element.getprevious() is not None:
                del parent[0]


def _main_part(archive: zipfile.ZipFile, names: dict[str, str]) -> str:
    from lxml import etree

    rels = names.get("_rels/.rels")
    if rels is not None:
        with archive.open(rels) as part:
            root = etree.parse(part, etree.XMLParser(**_parser_options())).getroot()
        for rel in root.iter(f"{_PKG_REL}Relationship"):
            if rel.get("Type") == _OFFICE_DOCUMENT:
                target = (rel.get("Target") or "").lstrip("/")
                if target.lower() in names:
                    return names[target.lower()]
    found = names.get("word/document.xml")
    if found is None:
        raise DocumentImportError("the zip file is not a Word document (it has no document part)")
    return found


@dataclass(frozen=True)
class _Core:
    title: str = ""
    author: str = ""
    created: str = ""  # YYYY-MM-DD


def _read_core(archive: zipfile.ZipFile, names: dict[str, str]) -> _Core:
    from lxml import etree

    name = names.get("docprops/core.xml")
    if name is None:
        return _Core()
    with archive.open(name) as part:
        root = etree.parse(part, etree.XMLParser(**_parser_options())).getroot()
    created = (root.findtext(f"{_DCTERMS}created") or "").strip()
    return _Core(
        title=root.findtext(f"{_DC}title") or "",
        author=root.findtext(f"{_DC}creator") or "",
        created=created[:10] if re.match(r"\d{4}-\d{2}-\d{2}", created) else "",
    )


def read_docx(data: bytes) -> ImportDraft:
    _refuse_ole(data)
    check_docx_container(data)
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename.lower(): info.filename for info in archive.infolist()}
            styles = _read_styles(archive, names)
            items = list(_body_items(archive, _main_part(archive, names), styles))
            core = _read_core(archive, names)
    except DocumentImportError:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        log.info("a Word document could not be read: %r", exc)
        raise DocumentImportError(
            f"the Word document cannot be read (it may be damaged: {exc})"
        ) from None
    core_title = clean_inline_text(core.title)
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
    if not published and core.created:
        published = core.created
    return ImportDraft.from_paragraphs(
        title,
        paragraphs,
        levels,
        published=published,
        source=organ,
        author=clean_inline_text(core.author),
        file_format="docx",
    )
