"""OFD (GB/T 33190-2016, the national format for electronic documents): text and headings.

An OFD file is a zip: ``OFD.xml`` names the document (``DocBody/DocInfo`` for title,
author and date, ``DocRoot`` for its ``Document.xml``), which lists the pages; each
page's ``Content.xml`` places text objects (``TextObject`` with a ``Boundary`` and a
font ``Size``, holding ``TextCode`` runs at ``X``/``Y``) in millimetres.  The reader
rebuilds lines from the runs' positions, paragraphs from indents and gaps, the title
and headings from the font sizes (larger than the body text), and the 一、/（一）
numbering as for every other format.  Scanned pages (images only) are reported.
"""

from __future__ import annotations

import io
import logging
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Any

from desktop.importing.draft import ImportDraft
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_DOCX_ENTRIES,
    MAX_DOCX_UNCOMPRESSED_BYTES,
    MAX_PDF_PAGES,
)
from index.dates import normalise_date
from index.parsing import heading_level

__all__ = ["read_ofd"]

log = logging.getLogger(__name__)

_SAME_LINE = 0.5  # runs whose baselines differ by less than this many font sizes
_INDENT = 1.2  # a line starting this many font sizes right of the margin opens a paragraph
_GAP = 2.2  # a vertical gap of this many font sizes opens a paragraph
_LARGER = 1.1  # a size this much above the body's is a title or heading (三号 5.6 mm → 小二 6.3 mm)


@dataclass
class _Run:
    page: int
    x: float
    y: float
    size: float
    text: str


@dataclass
class _Line:
    page: int
    x: float
    y: float
    size: float
    text: str


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _first(element: Any, name: str) -> Any:
    found = [e for e in element.iter() if _local(e.tag) == name]
    return found[0] if found else None


def _text_of(element: Any, name: str) -> str:
    found = _first(element, name)
    return " ".join((found.text or "").split()) if found is not None else ""


class _Archive:
    """The zip with its parts read under the import limits."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise DocumentImportError(
                "the OFD file cannot be read (it may be damaged: not a valid zip container)"
            ) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_DOCX_ENTRIES:
            raise DocumentImportError(
                f"the OFD file holds {len(infos)} parts (the limit is {MAX_DOCX_ENTRIES}); "
                "refused as a possible zip bomb"
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise DocumentImportError(
                "the OFD file is encrypted; remove the protection and import it again"
            )
        self.names = {info.filename.lstrip("/").lower(): info.filename for info in infos}
        self.budget = MAX_DOCX_UNCOMPRESSED_BYTES

    def xml(self, name: str) -> Any:
        from lxml import etree

        key = posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()
        stored = self.names.get(key)
        if stored is None:
            raise DocumentImportError(
                f"the OFD file cannot be read (it may be damaged: {name} is missing)"
            )
        with self.zip.open(stored) as part:
            data = part.read(self.budget + 1)
        self.budget -= len(data)
        if self.budget < 0:
            limit = MAX_DOCX_UNCOMPRESSED_BYTES // (1024 * 1024)
            raise DocumentImportError(
                f"the OFD file would expand to more than {limit} MB; refused as a possible zip bomb"
            )
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        return etree.fromstring(data, parser)


def _numbers(value: str | None) -> list[float]:
    out = []
    for part in (value or "").split():
        try:
            out.append(float(part))
        except ValueError:
            continue
    return out


def _page_runs(page_xml: Any, page: int) -> list[_Run]:
    runs: list[_Run] = []
    for obj in page_xml.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = [*_numbers(obj.get("Boundary")), 0.0, 0.0]
        size = (_numbers(obj.get("Size")) or [0.0])[0] or 3.5
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            x = box[0] + (_numbers(code.get("X")) or [0.0])[0]
            y = box[1] + (_numbers(code.get("Y")) or [0.0])[0]
            runs.append(_Run(page, x, y, size, text))
    return runs


def _lines(runs: list[_Run]) -> list[_Line]:
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (r.page, r.y, r.x)):
        last = lines[-1] if lines else None
        if (
            last is not None
            and last.page == run.page
            and abs(last.y - run.y) <= _SAME_LINE * max(last.size, run.size)
        ):
            last.text += run.text  # runs arrive left to right within a line
            last.size = max(last.size, run.size)
            last.x = min(last.x, run.x)
        else:
            lines.append(_Line(run.page, run.x, run.y, run.size, run.text))
    return lines


def _paragraphs(lines: list[_Line], body: float) -> list[tuple[str, float]]:
    """(text, size) of each paragraph, in reading order."""
    margins: dict[int, float] = {}
    for line in lines:
        if abs(line.size - body) < 0.5:
            margins[line.page] = min(margins.get(line.page, line.x), line.x)
    out: list[tuple[str, float]] = []
    previous: _Line | None = None
    for line in lines:
        margin = margins.get(line.page, line.x)
        indented = line.x > margin + _INDENT * line.size
        starts = (
            previous is None
            or abs(line.size - previous.size) >= 0.5
            or indented
            or (line.page == previous.page and line.y - previous.y > _GAP * line.size)
            or line.size > body * _LARGER
        )
        if starts:
            out.append((line.text.strip(), line.size))
        else:
            text, size = out[-1]
            out[-1] = (text + line.text.strip(), size)
        previous = line
    return [(t, s) for t, s in out if t]


def _larger_sizes(paragraphs: list[tuple[str, float]], body: float) -> list[float]:
    """The font sizes above the body text's, largest first (title, then heading levels)."""
    return sorted({round(s, 1) for _, s in paragraphs if s > body * _LARGER}, reverse=True)


def read_ofd(data: bytes) -> ImportDraft:
    """The text, title and headings of an OFD file; raises :class:`DocumentImportError`."""
    from lxml import etree

    try:
        archive = _Archive(data)
        with archive.zip:
            root = archive.xml("OFD.xml")
            body = _first(root, "DocBody")
            doc_root = _text_of(body, "DocRoot") if body is not None else ""
            if not doc_root:
                raise DocumentImportError(
                    "the OFD file cannot be read (it may be damaged: OFD.xml names no document)"
                )
            info = _first(body, "DocInfo")
            document = archive.xml(doc_root)
            base = posixpath.dirname(doc_root.replace("\\", "/").lstrip("/"))
            pages = [p for p in document.iter() if _local(p.tag) == "Page" and p.get("BaseLoc")]
            runs: list[_Run] = []
            empty_pages = 0
            for number, page in enumerate(pages[:MAX_PDF_PAGES]):
                location = page.get("BaseLoc", "")
                path = location if location.startswith("/") else posixpath.join(base, location)
                found = _page_runs(archive.xml(path), number)
                empty_pages += not found
                runs.extend(found)
                if sum(len(r.text) for r in runs) > MAX_DOCUMENT_CHARS:
                    break
    except DocumentImportError:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        log.info("an OFD file could not be read: %r", exc)
        raise DocumentImportError(
            f"the OFD file cannot be read (it may be damaged: {exc})"
        ) from None
    if not runs:
        raise DocumentImportError(
            "the OFD file holds no text (its pages are probably scanned images); "
            "import a version with text"
        )
    lines = _lines(runs)
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size, 1)] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    paragraphs = _paragraphs(lines, body_size)
    larger = _larger_sizes(paragraphs, body_size)
    title = _text_of(info, "Title") if info is not None else ""
    if larger and paragraphs and round(paragraphs[0][1], 1) == larger[0]:
        title = paragraphs[0][0]  # the largest text at the top is the title
        paragraphs = paragraphs[1:]
        larger = sorted(
            {round(s, 1) for _, s in paragraphs if s > body_size * _LARGER}, reverse=True
        )
    texts = [t for t, _ in paragraphs]
    levels = [
        min(3, larger.index(round(s, 1)) + 1) if round(s, 1) in larger else heading_level(t)
        for t, s in paragraphs
    ]
    if not title and texts:
        title, texts, levels = texts[0], texts[1:], levels[1:]
    warnings = []
    if empty_pages:
        warnings.append(f"{empty_pages} of {len(pages)} pages hold no text (scanned images?)")
    author = _text_of(info, "Author") if info is not None else ""
    created = _text_of(info, "CreationDate") if info is not None else ""
    return ImportDraft.from_paragraphs(
        title,
        texts,
        levels,
        author=author,
        published=normalise_date(created[:10]) if created else "",
        file_format="ofd",
        warnings=tuple(warnings),
    )
