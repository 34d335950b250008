"""PDF with a text layer → :class:`ImportDraft` (pypdf); pages without text are reported.

Reading is bounded whatever the file holds (see :mod:`desktop.importing.limits`): pypdf
runs with tighter limits on decompressed streams, parsing work per content stream and
form drawings per page, the processor time spent is checked between pages, and the
text gathered is capped; a page a limit stops is reported as unreadable, not as a scan.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from typing import Any

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from desktop.importing.cpu_budget import OverBudget, cpu_budget
from desktop.importing.draft import ImportDraft, normalise_date
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_PDF_CPU_SECONDS,
    MAX_PDF_FORM_DRAWS,
    MAX_PDF_PAGES,
    MAX_PDF_PARSE_WORK,
    MAX_PDF_STREAM_BYTES,
)
from desktop.importing.text_layout import (
    clean_inline_text,
    closing_organ_and_date,
    is_page_number,
    join_wrapped_lines,
)

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)

# Text gathered beyond this cannot make a document within MAX_DOCUMENT_CHARS (page
# numbers and spaces are dropped later, but not half of it).
_MAX_GATHERED_CHARS = 2 * MAX_DOCUMENT_CHARS


@contextlib.contextmanager
def _bounded_pypdf() -> Iterator[None]:
    """pypdf's own limits, tightened to what a text document needs (this thread only).

    pypdf's warnings are kept out of the log meanwhile: a hostile file makes millions of
    them (one per broken token), which would cost more time than the parsing itself.
    """
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        with _tighter_limits():
            yield
    finally:
        pypdf_log.setLevel(level)


@contextlib.contextmanager
def _tighter_limits() -> Iterator[None]:
    with pypdf.apply_configuration(
        maximum_declared_stream_length=MAX_PDF_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_PDF_STREAM_BYTES,
        zlib_maximum_output_length=MAX_PDF_STREAM_BYTES,
        lzw_maximum_output_length=MAX_PDF_STREAM_BYTES,
        run_length_maximum_output_length=MAX_PDF_STREAM_BYTES,
        brotli_maximum_output_length=MAX_PDF_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_PDF_STREAM_BYTES,
        stream_decoding_work_maximum_length=4 * MAX_PDF_STREAM_BYTES,
        stream_parsing_work_maximum_count=MAX_PDF_PARSE_WORK,
        xform_maximum_invocations_per_extraction=MAX_PDF_FORM_DRAWS,
        page_tree_maximum_entries=4 * MAX_PDF_PAGES,
        page_tree_maximum_page_entries=200 * MAX_PDF_PAGES,
    ):
        yield


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
        declared = _declared_page_count(reader)
        if declared > MAX_PDF_PAGES:  # refused before the page tree is walked
            raise DocumentImportError(
                f"the PDF has {declared} pages (the limit is {MAX_PDF_PAGES})"
            )
        count = len(reader.pages)
    except DocumentImportError:
        raise
    except FileNotDecryptedError:
        raise DocumentImportError("the PDF is encrypted (it needs a password to open)") from None
    except (LimitReachedError, RecursionError) as exc:
        raise DocumentImportError(
            f"the PDF is built beyond what this program reads safely ({exc or 'nested too deeply'})"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentImportError(f"the PDF is damaged and cannot be read ({exc})") from None
    if count == 0:
        raise DocumentImportError("the PDF has no pages")
    if count > MAX_PDF_PAGES:
        raise DocumentImportError(f"the PDF has {count} pages (the limit is {MAX_PDF_PAGES})")
    return reader


def _declared_page_count(reader: Any) -> int:
    """The page count the page tree's root states (0 if it states none)."""
    try:
        count = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        return int(count) if isinstance(count, int) else 0
    except (KeyError, TypeError, AttributeError, ValueError):
        return 0


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
    where = [0, 0]  # the page being read, of how many
    try:
        with _bounded_pypdf(), cpu_budget(MAX_PDF_CPU_SECONDS):
            return _read_pdf(data, where)
    except OverBudget:
        limit = f"{MAX_PDF_CPU_SECONDS:.0f}"
        if not where[1]:
            raise DocumentImportError(
                f"the PDF takes too long to read (more than {limit} s of processing, before "
                "its first page): it is damaged or built to exhaust the reader"
            ) from None
        raise DocumentImportError(
            f"the PDF takes too long to read (more than {limit} s of processing, by page "
            f"{where[0]} of {where[1]}): it is damaged or built to exhaust the reader"
        ) from None


def _read_pdf(data: bytes, where: list[int]) -> ImportDraft:
    reader = _open(data)
    lines: list[str] = []
    gathered = 0
    empty_pages: list[int] = []
    failed_pages: list[int] = []
    total = where[1] = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        where[0] = number
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # one broken page should not lose the others
            log.info("page %d: text extraction failed: %r", number, exc)
            failed_pages.append(number)
            continue
        page_lines = [line for line in text.splitlines() if line.strip()]
        page_lines = [line for line in page_lines if not is_page_number(line)]
        if not page_lines:
            empty_pages.append(number)
            continue
        gathered += sum(len(line) for line in page_lines)
        if gathered > _MAX_GATHERED_CHARS:
            raise DocumentImportError(
                f"the text is too long (more than {_MAX_GATHERED_CHARS} characters by page "
                f"{number} of {total}; a document may have at most {MAX_DOCUMENT_CHARS} "
                "characters); split it into smaller documents"
            )
        lines.extend(page_lines)
    if not lines and failed_pages:
        raise DocumentImportError(
            f"no page of the PDF could be read ({len(failed_pages)} of {total} failed, "
            f"{len(empty_pages)} have no text): it is damaged or built beyond what this "
            "program reads safely"
        )
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
    if failed_pages:
        warnings.append(
            f"{len(failed_pages)} of {total} pages could not be read (damaged, or beyond the "
            f"limits) and were not imported: page {_page_ranges(failed_pages)}"
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
    if failed_pages:
        extra["pages_unreadable"] = ",".join(str(p) for p in failed_pages)
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
