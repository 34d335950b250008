"""PDF with a text layer → :class:`ImportDraft` (pypdf); pages without text are reported."""

from __future__ import annotations

import io
import logging
from typing import Any

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from desktop.importing.draft import ImportDraft, normalise_date
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import MAX_PDF_PAGES
from desktop.importing.text_layout import (
    clean_inline_text,
    closing_organ_and_date,
    is_page_number,
    join_wrapped_lines,
)

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)


def _page_ranges(pages: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``1–3, 7``."""
    parts: list[str] = []
    start = prev = pages[0]
    for page in [*pages[1:], None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if page is not None:
            start = prev = page
    return ", ".join(parts)


def _open(data: bytes) -> Any:
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise DocumentImportError("the file is not a PDF (it has no PDF header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many official PDFs restrict printing with an owner password only: they
            # open with the empty user password, as in any PDF viewer.
            try:
                opened = reader.decrypt("")
            except (NotImplementedError, DependencyError) as exc:
                raise DocumentImportError(
                    f"the PDF is encrypted with a method this program cannot open ({exc})"
                ) from None
            if not opened:
                raise DocumentImportError(
                    "the PDF is encrypted (it needs a password to open); save an unprotected "
                    "copy and import that"
                )
        count = len(reader.pages)
    except DocumentImportError:
        raise
    except FileNotDecryptedError:
        raise DocumentImportError("the PDF is encrypted (it needs a password to open)") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentImportError(f"the PDF is damaged and cannot be read ({exc})") from None
    if count == 0:
        raise DocumentImportError("the PDF has no pages")
    if count > MAX_PDF_PAGES:
        raise DocumentImportError(f"the PDF has {count} pages (the limit is {MAX_PDF_PAGES})")
    return reader


def _metadata(reader: Any) -> dict[str, str]:
    try:
        info = reader.metadata or {}
        result = {
            "title": clean_inline_text(str(info.get("/Title") or "")),
            "author": clean_inline_text(str(info.get("/Author") or "")),
        }
        created = getattr(reader.metadata, "creation_date", None) if reader.metadata else None
        result["created"] = created.date().isoformat() if created is not None else ""
        return result
    except Exception as exc:  # damaged metadata is not a reason to refuse the text
        log.info("unreadable PDF metadata: %r", exc)
        return {"title": "", "author": "", "created": ""}


def read_pdf(data: bytes) -> ImportDraft:
    reader = _open(data)
    lines: list[str] = []
    empty_pages: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # one broken page should not lose the others
            log.info("page %d: text extraction failed: %r", number, exc)
            text = ""
        page_lines = [line for line in text.splitlines() if line.strip()]
        page_lines = [line for line in page_lines if not is_page_number(line)]
        if not page_lines:
            empty_pages.append(number)
            continue
        lines.extend(page_lines)
    total = len(reader.pages)
    if not lines:
        raise DocumentImportError(
            f"the PDF has no text layer on any of its {total} page(s) (it is probably a scan); "
            "it needs text recognition (OCR) before it can be imported"
        )
    warnings: list[str] = []
    if empty_pages:
        warnings.append(
            f"{len(empty_pages)} of {total} pages have no text (probably scanned) and were not "
            f"imported: page {_page_ranges(empty_pages)}"
        )
    meta = _metadata(reader)
    paragraphs = join_wrapped_lines(lines)
    title = meta["title"]
    if paragraphs and (not title or paragraphs[0] == title):
        title = paragraphs.pop(0)
    organ, closing_date = closing_organ_and_date(paragraphs)
    extra = {"pages": str(total)}
    if empty_pages:
        extra["pages_without_text"] = ",".join(str(p) for p in empty_pages)
    return ImportDraft.from_paragraphs(
        title,
        paragraphs,
        published=normalise_date(closing_date) or meta["created"],
        source=organ,
        author=meta["author"],
        file_format="pdf",
        warnings=tuple(warnings),
        extra=extra,
    )
