"""Checking a .docx container before any parser opens it (zip bombs, nesting, damage)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCX_ENTRIES,
    MAX_DOCX_ENTRY_RATIO,
    MAX_DOCX_UNCOMPRESSED_BYTES,
    RATIO_CHECK_MIN_BYTES,
)

__all__ = ["check_docx_container", "repeated_part"]

_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1024 * 1024
# Word keeps embedded workbooks and packages (charts, OLE objects) here; they are stored
# as opaque parts and never opened, so they may be archives themselves.
_EMBEDDINGS_PREFIX = "word/embeddings/"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def repeated_part(names: Iterable[str], key: Callable[[str], str]) -> str | None:
    """The first name of a zip's central directory that another one also stands for
    (``key``: how the reader matches a name to a part), or None.

    Python's zipfile, like other readers, silently takes the last of two entries with
    one name; another reader may take the first.  A file can then show one text in
    Word or WPS and import another here, so such a file is refused rather than read:
    part names must be unique (in a .docx without regard to case: Open Packaging
    Conventions, ECMA-376 part 2, rule M1.12), and Word refuses such a package as
    unreadable.  Folder entries (``name/``) hold nothing and are not counted."""
    seen: set[str] = set()
    for name in names:
        if name.endswith("/"):
            continue
        found = key(name)
        if found in seen:
            return name
        seen.add(found)
    return None


def check_docx_container(data: bytes) -> None:
    """Raise :class:`DocumentImportError` unless ``data`` is a sane Word zip container.

    Checks the declared sizes, the number of parts and each large part's compression
    ratio first, then decompresses every part with a running count (a header may lie
    about its size) and its CRC checked; nested archives outside Word's embeddings
    folder are refused.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentImportError(
            "the file is not a Word .docx document (it is not a valid zip container; "
            "it may be damaged)"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_DOCX_ENTRIES:
            raise DocumentImportError(
                f"the .docx holds {len(infos)} parts (the limit is {MAX_DOCX_ENTRIES}); "
                "refused as a possible zip bomb"
            )
        twice = repeated_part((info.filename for info in infos), str.lower)
        if twice is not None:
            raise DocumentImportError(
                f"the .docx is damaged or ambiguous (it holds the part {twice} twice)"
            )
        names = {info.filename for info in infos}
        if "word/document.xml" not in names and not any(
            n.lower() == "word/document.xml" for n in names
        ):
            raise DocumentImportError(
                "the zip file is not a Word document (it has no word/document.xml)"
            )
        declared = sum(info.file_size for info in infos)
        if declared > MAX_DOCX_UNCOMPRESSED_BYTES:
            raise DocumentImportError(
                f"the .docx would expand to {_mb(declared)} "
                f"(the limit is {_mb(MAX_DOCX_UNCOMPRESSED_BYTES)}); refused as a possible zip bomb"
            )
        for info in infos:
            if info.flag_bits & 0x1:
                raise DocumentImportError(
                    "the .docx is encrypted (password-protected); remove the password in Word "
                    "and import it again"
                )
            _check_ratio(info)
        actual = 0
        for info in infos:
            actual += _read_part(archive, info, MAX_DOCX_UNCOMPRESSED_BYTES - actual)


def _check_ratio(info: zipfile.ZipInfo) -> None:
    if info.file_size < RATIO_CHECK_MIN_BYTES:
        return
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > MAX_DOCX_ENTRY_RATIO:
        raise DocumentImportError(
            f"part {info.filename} of the .docx is compressed {ratio:.0f}:1 "
            f"(the limit is {MAX_DOCX_ENTRY_RATIO}:1); refused as a possible zip bomb"
        )


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    size = 0
    head = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                if not head:
                    head = chunk[:4]
                size += len(chunk)
                if size > info.file_size or size > budget:
                    raise DocumentImportError(
                        "the .docx expands beyond its declared size; refused as a possible zip bomb"
                    )
    except DocumentImportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise DocumentImportError(f"the .docx is damaged (part {info.filename}: {exc})") from None
    except NotImplementedError as exc:
        raise DocumentImportError(f"the .docx uses an unsupported compression ({exc})") from None
    if head == _ZIP_MAGIC and not info.filename.startswith(_EMBEDDINGS_PREFIX):
        raise DocumentImportError(f"the .docx holds a nested archive ({info.filename}); refused")
    return size
