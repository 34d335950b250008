"""A segment's terms table looked up in a memory map of its file.

Whoosh keeps a segment's terms in an on-disk hash table (``.trm``): a directory of 256
tables of ``(hash, position)`` slots, then each key and its term info.  Its reader looks
a key up through several seeks and reads of the file, each a few Python calls; a search
over ten libraries looks up every gram of every term in each of them, so the first
search of a term spent more time there than anywhere else.  :class:`TermTable` walks
the same slots in a read-only memory map of the same file, with one ``unpack_from``
per slot, and decodes the term info as Whoosh does: the same answers.
"""

from __future__ import annotations

import mmap
import struct
from typing import Any

from whoosh.codec.whoosh3 import W3TermInfo, W3TermsReader

__all__ = ["TermTable"]

# As Whoosh's hash file writes them (whoosh.filedb.filetables): a slot's key hash and
# item position, and an item's key and value lengths, big-endian.
_SLOT = struct.Struct("!Iq")
_LENGTHS = struct.Struct("!ii")


class TermTable:
    """Term infos of one segment's terms reader, or None from :meth:`open` when the
    reader is not one whose file this can map (then ask the reader itself)."""

    def __init__(self, terms: W3TermsReader, source: mmap.mmap) -> None:
        tindex = terms._tindex
        self._map = source
        self._tables: list[tuple[int, int]] = [tuple(entry) for entry in tindex.tables]
        self._hash = tindex.hashfn
        self._key = terms._keycoder

    @classmethod
    def open(cls, terms: Any) -> TermTable | None:
        if type(terms) is not W3TermsReader:
            return None
        tindex = getattr(terms, "_tindex", None)
        dbfile = getattr(tindex, "dbfile", None)
        if (
            tindex is None
            or dbfile is None
            or getattr(tindex, "startoffset", None) != 0
            or not getattr(dbfile, "is_real", False)
            or len(getattr(tindex, "tables", ())) != 256
        ):
            return None
        try:
            source = mmap.mmap(dbfile.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
        return cls(terms, source)

    def term_info(self, field: str, text: bytes) -> W3TermInfo | None:
        """The term's info as the terms reader gives it, or None if it has no such term."""
        key = self._key(field, text)
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        source = self._map
        slot = _SLOT.unpack_from
        lengths = _LENGTHS.unpack_from
        size = _SLOT.size
        end = start + slots * size
        at = start + ((keyhash >> 8) % slots) * size
        for _ in range(slots):
            slothash, item = slot(source, at)
            if not item:
                return None
            if slothash == keyhash:
                keylen, datalen = lengths(source, item)
                if keylen == len(key):
                    keystart = item + _LENGTHS.size
                    if source[keystart : keystart + keylen] == key:
                        data = keystart + keylen
                        return W3TermInfo.from_bytes(source[data : data + datalen])
            at += size
            if at == end:
                at = start
        return None

    def close(self) -> None:
        self._map.close()
