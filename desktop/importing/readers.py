"""One entry point from a file on disk to an :class:`ImportDraft`, whatever its format."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from desktop.importing.draft import ImportDraft
from desktop.importing.errors import DocumentImportError
from desktop.importing.html_reader import read_html
from desktop.importing.limits import MAX_DOCUMENT_CHARS, MAX_FILE_BYTES
from desktop.importing.text_encoding import decode_text_bytes
from desktop.importing.text_reader import read_markdown, read_text
from desktop.storage_failures import read_error

__all__ = [
    "SUPPORTED_SUFFIXES",
    "draft_from_bytes",
    "draft_from_file_bytes",
    "read_file",
    "read_file_bytes",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".docx", ".ofd", ".pdf", ".txt", ".md", ".markdown", ".html", ".htm")
# Formats common on government desktops that are read by converting them first: the
# refusal says how (no maintained library reads them offline).
CONVERT_FIRST_SUFFIXES = (".doc", ".wps", ".wpt", ".dot")


def read_file_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what is missing, not a regular file, empty or too large.

    A symbolic link is refused (its target is named, to import instead): the library
    stores exactly the file chosen, and a link cannot be swapped between the check and
    the read (the file is opened without following links)."""
    try:
        if path.is_symlink():
            raise DocumentImportError(
                f"is a symbolic link (to {os.readlink(path)}); import the file itself", path
            )
        if not path.is_file():
            raise DocumentImportError("not found or not a regular file", path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentImportError(
                f"the file is too large ({size / (1024 * 1024):.1f} MB; "
                f"the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)",
                path,
            )
        if size == 0:
            raise DocumentImportError("the file is empty", path)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise DocumentImportError("not found or not a regular file", path)
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocumentImportError(f"cannot be read ({read_error(exc)})", path) from None
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise DocumentImportError("the file is too large", path)
    return data


def draft_from_bytes(data: bytes, suffix: str, language: str = "") -> ImportDraft:
    """Parse ``data`` as the format its ``suffix`` names; raises :class:`DocumentImportError`.

    ``language`` ('zh_CN' or 'en'; the terminal's when not given) is the interface
    language: the words a reader writes into the text (an .ofd's 附件 and 批注) are in it."""
    suffix = suffix.lower()
    if not data.strip():
        raise DocumentImportError("the file is empty")
    # The Word and PDF readers load large libraries: only when such a file comes.
    if suffix == ".docx":
        from desktop.importing.docx_reader import read_docx

        return read_docx(data)
    if suffix == ".pdf":
        from desktop.importing.pdf_reader import read_pdf

        return read_pdf(data)
    if suffix == ".ofd":
        from desktop.importing.ofd_reader import read_ofd

        return read_ofd(data, language=language)
    if suffix in (".txt", ".md", ".markdown", ".html", ".htm"):
        _refuse_far_too_long(data, suffix)
        text, encoding = decode_text_bytes(data)
        log.debug("decoded as %s", encoding)
        if suffix in (".html", ".htm"):
            draft = read_html(text)
        elif suffix == ".txt":
            draft = read_text(text)
        else:
            draft = read_markdown(text)
        return draft.with_extra({"encoding": encoding})
    if suffix in (".doc", ".wps", ".wpt", ".dot"):
        raise DocumentImportError(
            f"{suffix} files (Word 97–2003 / WPS) cannot be imported directly; open the file "
            "in WPS or LibreOffice, save it as .docx (File › Save As) and import the .docx"
        )
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise DocumentImportError(f"unsupported file type {suffix or '(none)'}; supported: {supported}")


# Bytes a character takes at most (UTF-32), and how much of a plain or Markdown text
# file may be blank lines and markup: beyond this the text cannot fit the limit.
_MAX_BYTES_PER_CHAR = 4
_PLAIN_TEXT_OVERHEAD = 2


def _refuse_far_too_long(data: bytes, suffix: str) -> None:
    """Refuse before decoding and parsing a text file that cannot be within the limit."""
    if suffix in (".html", ".htm"):
        return  # markup may outweigh the text many times; the draft's check decides
    ceiling = MAX_DOCUMENT_CHARS * _PLAIN_TEXT_OVERHEAD * _MAX_BYTES_PER_CHAR
    if len(data) > ceiling:
        raise DocumentImportError(
            f"the text is too long ({len(data) / (1024 * 1024):.1f} MB; a document may have "
            f"at most {MAX_DOCUMENT_CHARS} characters); split it into smaller documents"
        )


def draft_from_file_bytes(data: bytes, path: Path, language: str = "") -> ImportDraft:
    """:func:`draft_from_bytes` for a named file: every failure is a DocumentImportError.

    Parsers of hostile or damaged files may fail in ways of their own; those are
    logged and reported as the file being unreadable, never let through.
    """
    try:
        draft = draft_from_bytes(data, path.suffix, language)
        draft.validate()
    except DocumentImportError as exc:
        raise exc.with_path(path) from None
    except (RecursionError, MemoryError) as exc:
        raise DocumentImportError(
            f"the file is too complex to read ({type(exc).__name__})", path
        ) from None
    except Exception as exc:
        log.exception("unexpected error reading %s", path)
        raise DocumentImportError(
            f"the file cannot be read ({type(exc).__name__}: {exc})", path
        ) from None
    return draft


def read_file(path: Path, language: str = "") -> ImportDraft:
    """Read and parse one file (nothing is written); the draft's metadata prefills the dialog."""
    return draft_from_file_bytes(read_file_bytes(path), path, language)
