"""Reading a corpus one document at a time (the index build's way): what
:func:`index.corpus.load_corpus` gives, without holding every parsed document."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from index.corpus import (
    CorpusError,
    _sources,
    document_from_bytes,
)
from index.corpus_notes import IdenticalCopy, SkippedFile
from index.document import Document

if TYPE_CHECKING:
    from index.crossrefs import ReferenceTables

__all__ = ["StreamedCorpus", "scan_corpus"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Entry:
    """A document of a streamed corpus: where its bytes are and what the scan decided."""

    path: Path
    read: Callable[[], bytes]
    id: str
    blocks: int
    version_group: str
    version_date: str


@dataclass(frozen=True)
class StreamedCorpus:
    """A corpus read one document at a time: what :func:`load_corpus` gives, without
    holding every parsed document (a library of 10,000 documents takes over a gigabyte
    parsed).  :meth:`documents` reads and parses the files again, in order."""

    root: Path
    entries: tuple[_Entry, ...]
    current: tuple[bool, ...]
    copies_of: dict[int, tuple[str, ...]]  # entry number → paths of identical copies
    skipped: tuple[SkippedFile, ...]
    copies: tuple[IdenticalCopy, ...]
    renamed: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.entries)

    def block_counts(self) -> list[int]:
        return [entry.blocks for entry in self.entries]

    def documents(
        self, *, linked: bool = True, tables: ReferenceTables | None = None
    ) -> Iterator[Document]:
        """The documents as :func:`load_corpus` has them: ids made unique, identical
        copies named, versions marked current or not and, when ``linked``, cross
        references resolved, against ``tables`` if given (filled by the scan, see
        :func:`scan_corpus`), else against tables from one more read of every document."""
        from index.crossrefs import ReferenceTables, link_document

        if linked and tables is None:
            tables = ReferenceTables()
            for doc in self._parsed():
                tables.add(doc)
        if tables is not None:
            tables.noncurrent = {
                e.id for e, current in zip(self.entries, self.current, strict=True) if not current
            }
        for doc in self._parsed():
            yield link_document(doc, tables) if linked and tables is not None else doc

    def _parsed(self) -> Iterator[Document]:
        for number, entry in enumerate(self.entries):
            doc = document_from_bytes(entry.read(), entry.path, self.root)
            changes: dict[str, object] = {}
            if doc.id != entry.id:
                changes["id"] = entry.id
            if number in self.copies_of:
                changes["copies"] = self.copies_of[number]
            if doc.current != self.current[number]:
                changes["current"] = self.current[number]
            yield replace(doc, **changes) if changes else doc  # type: ignore[arg-type]


def scan_corpus(
    root: Path, on_document: Callable[[Document], None] | None = None
) -> StreamedCorpus:
    """Read every document below ``root`` once, as :func:`load_corpus` does, keeping
    only what places it in the library; ``on_document`` sees each parsed document (its
    id final, before versions are marked and references resolved)."""

    import hashlib  # loads OpenSSL: not to list the library at start

    entries: list[_Entry] = []
    skipped: list[SkippedFile] = []
    copies: list[IdenticalCopy] = []
    copies_of: dict[int, tuple[str, ...]] = {}
    renamed: list[str] = []
    seen: dict[str, Path] = {}
    by_digest: dict[bytes, int] = {}  # content digest → index in entries
    for path, read in _sources(root):
        try:
            data = read()
        except CorpusError as exc:
            skipped.append(SkippedFile(path, str(exc)))
            continue
        digest = hashlib.sha256(data).digest()
        if digest in by_digest:
            number = by_digest[digest]
            rel = path.relative_to(root).as_posix()
            copies_of[number] = (*copies_of.get(number, ()), rel)
            copies.append(IdenticalCopy(entries[number].path, path))
            log.info("identical copy %s of %s", path, entries[number].path.relative_to(root))
            continue
        try:
            doc = document_from_bytes(data, path, root)
        except CorpusError as exc:
            skipped.append(SkippedFile(path, str(exc)))
            log.info("skipped %s: %s", path, exc)
            continue
        del data
        if doc.id in seen:
            unique = f"{doc.id}~{hashlib.sha1(doc.path.encode()).hexdigest()[:8]}"
            renamed.append(f"{path}: id {doc.id!r} is taken by {seen[doc.id]}; using {unique!r}")
            doc = replace(doc, id=unique)
        seen[doc.id] = path
        by_digest[digest] = len(entries)
        entries.append(
            _Entry(path, read, doc.id, len(doc.blocks), doc.version_group, doc.version_date)
        )
        if on_document is not None:
            on_document(doc)
    # As index.laws.mark_current_versions marks them.
    newest: dict[str, str] = {}
    for entry in entries:
        if entry.version_group and entry.version_date > newest.get(entry.version_group, ""):
            newest[entry.version_group] = entry.version_date
    current = tuple(
        not e.version_group or e.version_date >= newest.get(e.version_group, "") for e in entries
    )
    return StreamedCorpus(
        root, tuple(entries), current, copies_of, tuple(skipped), tuple(copies), tuple(renamed)
    )
