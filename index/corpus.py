"""Reading a corpus folder: files → Documents, with a reason for every file skipped."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a corpus archive's code loads when the corpus is one; the documents'
    # classes when a document is made (a library listed from its catalog makes none)
    from index.corpus_archive import ArchiveMember
    from index.corpus_notes import IdenticalCopy, SkippedFile
    from index.document import Document

__all__ = [
    "CORPUS_SUFFIXES",
    "MAX_FILE_BYTES",
    "Corpus",
    "IdenticalCopy",
    "SkippedFile",
    "corpus_exists",
    "corpus_files",
    "corpus_hash",
    "decode_document_bytes",
    "doc_id_for",
    "document_from_bytes",
    "load_corpus",
    "load_document",
]

log = logging.getLogger(__name__)

CORPUS_SUFFIXES = (".txt", ".md", ".markdown")
MAX_FILE_BYTES = 20 * 1024 * 1024
_ORDER_PREFIX = re.compile(r"^\d+_(?=.)")
# Control characters that do not belong in a text file (tab, line and form feeds do).
_CONTROLS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n\r\f")


class CorpusError(ValueError):
    """A corpus file that cannot become a document; the message says why."""


def __getattr__(name: str) -> Any:
    """:class:`SkippedFile` and :class:`IdenticalCopy`, from :mod:`index.corpus_notes`
    (loaded when first asked for)."""
    if name in ("IdenticalCopy", "SkippedFile"):
        from index import corpus_notes

        return getattr(corpus_notes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Corpus:
    root: Path
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]
    copies: tuple[IdenticalCopy, ...] = ()
    renamed: tuple[str, ...] = ()  # notes on ids made unique

    def document(self, doc_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        return None


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """A document id from its path relative to the corpus root: folders, then the file
    name without its extension and without an ordering prefix like ``000_``.

    A file at the top of the corpus keeps the id it always had (its name); one in a
    folder gets ``folder/name``, so equal names in two folders stay two documents."""
    name = _ORDER_PREFIX.sub("", path.stem)
    if root is None:
        return name
    folders = path.parent.relative_to(root).parts
    return "/".join((*folders, name))


def decode_document_bytes(data: bytes) -> str:
    """Decode a text file as UTF-8 (with or without BOM), else GB18030; reject binary."""
    if not data.strip():
        raise CorpusError("the file is empty")
    if b"\x00" in data:
        raise CorpusError("the file is binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise CorpusError(
                "the file is neither UTF-8 nor GB18030 text "
                f"(undecodable byte at offset {exc.start})"
            ) from None
    controls = sum(map(text.count, _CONTROLS))
    if controls > max(3, len(text) // 100):
        raise CorpusError("the file is binary (it is full of control characters), not text")
    return text


def load_document(path: Path, root: Path | None = None) -> Document:
    """Load one corpus file; raises :class:`CorpusError` with a readable reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorpusError(f"cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise CorpusError(f"the file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot be read ({exc.strerror})") from None
    return document_from_bytes(data, path, root)


def document_from_bytes(data: bytes, path: Path, root: Path | None = None) -> Document:
    """Parse a corpus file's bytes; ``path`` (below ``root``) names it and gives its id,
    its suffix and its category (the folders it is in)."""
    # The parsers load with the first document read: a library opened from its
    # catalog (the window's start) reads none.
    from index.laws import category_for, looks_like_law, parse_law
    from index.parsing import ParseError, looks_like_markdown, parse_capture, parse_markdown

    text = decode_document_bytes(data)
    rel = path.relative_to(root).as_posix() if root else path.name
    doc_id = doc_id_for(path, root)
    folders = path.parent.relative_to(root).parts if root else ()
    try:
        if looks_like_law(text):
            return parse_law(text, doc_id, rel, category=category_for(folders))
        if path.suffix.lower() in (".md", ".markdown") or looks_like_markdown(text):
            return parse_markdown(text, doc_id, rel)
        return parse_capture(text, doc_id, rel)
    except ParseError as exc:
        raise CorpusError(str(exc)) from None


# A folder's README describes the files beside it; it is not a document.
_README = "readme."


def _is_corpus_file(rel: str) -> bool:
    name = PurePosixPath(rel).name
    return PurePosixPath(name).suffix.lower() in CORPUS_SUFFIXES and not name.lower().startswith(
        _README
    )


def corpus_exists(root: Path) -> bool:
    """Is ``root`` a corpus: a folder, or a corpus archive (:mod:`index.corpus_archive`)?"""
    if root.is_dir():
        return True
    from index.corpus_archive import is_corpus_archive

    return is_corpus_archive(root)


def corpus_files(root: Path) -> list[Path]:
    """Corpus files below ``root`` in a stable order (sorted by relative path); README
    files are the folders' descriptions, not documents."""
    files = [
        p for p in root.rglob("*") if p.is_file() and _is_corpus_file(p.relative_to(root).name)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


# A corpus file: its path (below the root), and its bytes or why they cannot be read.
_Source = tuple[Path, Callable[[], bytes]]


def _sources(root: Path) -> list[_Source]:
    """Every corpus file of a folder or an archive, sorted by relative path."""
    if root.is_dir():
        return [(path, _file_reader(path)) for path in corpus_files(root)]
    from index.corpus_archive import is_corpus_archive, read_corpus_archive

    if not is_corpus_archive(root):
        raise FileNotFoundError(f"corpus folder not found: {root}")
    return [
        (root / member.rel, _member_reader(member))
        for member in read_corpus_archive(root, MAX_FILE_BYTES)
        if _is_corpus_file(member.rel)
    ]


def _file_reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CorpusError(
                    f"the file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})"
                )
            return path.read_bytes()
        except OSError as exc:
            raise CorpusError(f"cannot be read ({exc.strerror})") from None

    return read


def _member_reader(member: ArchiveMember) -> Callable[[], bytes]:
    def read() -> bytes:
        if member.data is None:
            raise CorpusError(member.problem)
        return member.data

    return read


def corpus_hash(root: Path, files: Iterable[Path] | None = None) -> str:
    """sha256 over every corpus file's relative path and bytes: changes iff the corpus does.

    A corpus archive has the hash of the folder it was made from."""

    import hashlib  # loads OpenSSL: not to list the library at start

    digest = hashlib.sha256()
    if files is None and not root.is_dir():
        for path, read in _sources(root):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            try:
                digest.update(hashlib.sha256(read()).digest())
            except CorpusError as exc:
                digest.update(str(exc).encode())
        return digest.hexdigest()
    for path in corpus_files(root) if files is None else files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_corpus(root: Path) -> Corpus:
    """Load every document below ``root`` (a folder or a corpus archive); files that
    fail are listed, not fatal.  FileNotFoundError when there is no such corpus.

    The files are chosen as :func:`scan_corpus` chooses them (identical copies, ids
    made unique, files that cannot be read), keeping every parsed document."""
    from index.corpus_scan import scan_corpus
    from index.crossrefs import link_references
    from index.laws import mark_current_versions

    documents: list[Document] = []
    scanned = scan_corpus(root, documents.append)
    for number, paths in scanned.copies_of.items():
        documents[number] = replace(documents[number], copies=(*documents[number].copies, *paths))
    documents = link_references(mark_current_versions(documents))
    return Corpus(root, tuple(documents), scanned.skipped, scanned.copies, scanned.renamed)
