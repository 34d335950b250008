"""The folded text of every block, beside the Whoosh index, for exact verification and spans.

Files in the index folder, indexed by Whoosh document number:

* ``folded.u16``: the folded texts, UTF-16-LE, one after another (deleted documents
  of a personal library hold an empty text);
* ``folded.off``: ``count + 1`` little-endian unsigned 64-bit byte offsets into it;
* ``folded.bst``: one byte per block, its ranking boost (see :mod:`index.ranking`);
* ``tops.u32`` and ``tops.idx``: for each frequent gram, its best-ranked blocks
  (unsigned 32-bit document numbers) and where each gram's list starts;
* ``original.dif`` and ``original.off`` (a built library; see :class:`OriginalsWriter`):
  how each block's original text differs from its folded text, so that a search hit
  shows its block's text without inflating its document from the catalog's pack.
  Indexes built before have neither file: their hits read the catalog.

They are memory-mapped read-only, so opening costs little and the operating system
pages in only the texts a query verifies.  The manifest records their sizes and CRC-32
checksums; :func:`check_sidecar` compares them.
"""

from __future__ import annotations

import codecs
import functools
import json
import mmap
import operator
import os
import re
import sys
import threading
import zlib
from array import array
from collections.abc import Container, Iterable, Sequence
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

from index.index_files import parse_json

__all__ = [
    "OFFSETS_NAME",
    "TEXTS_NAME",
    "FoldedTexts",
    "OriginalsWriter",
    "SidecarError",
    "check_sidecar",
    "shifted",
    "write_sidecar",
]

TEXTS_NAME = "folded.u16"
OFFSETS_NAME = "folded.off"
BOOSTS_NAME = "folded.bst"
TOPS_NAME = "tops.u32"
TOPS_INDEX_NAME = "tops.idx"
_FILES = (TEXTS_NAME, OFFSETS_NAME, BOOSTS_NAME, TOPS_NAME, TOPS_INDEX_NAME)
ORIGINALS_NAME = "original.dif"
ORIGINAL_OFFSETS_NAME = "original.off"
_ENCODING = "utf-16-le"
# The high bytes of UTF-16 surrogates (a character outside the Basic Multilingual Plane).
_SURROGATE_HIGH_BYTES = bytes(range(0xD8, 0xE0))
_decode = codecs.utf_16_le_decode


def shifted(term: str) -> str | None:
    """What a text holds wherever it holds ``term``'s UTF-16-LE bytes starting at an odd
    byte (straddling its code units): the code units those bytes cover whole.  A text
    without it holds the term's bytes only where it holds the term.  None when that
    cannot be said this way: a term of one code unit, or one of surrogates."""
    if not term or any(0xD800 <= ord(char) <= 0xDFFF or ord(char) > 0xFFFF for char in term):
        return None
    data = term.encode(_ENCODING)
    if len(data) < 4:
        return None
    inner = data[1:-1].decode(_ENCODING, "surrogatepass")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in inner):
        return None
    return inner


class SidecarError(ValueError):
    """The folded-text files are missing, truncated or do not match the manifest."""


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


def _little(numbers: array[int]) -> bytes:
    if sys.byteorder != "little":  # pragma: no cover - the files are little-endian
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def write_sidecar(
    folder: Path,
    blocks: Iterable[tuple[str, int]],
    tops: dict[str, array[int]] | None = None,
) -> dict[str, Any]:
    """Write ``(folded text, boost)`` per document number and the top lists.

    Returns the manifest entry describing the files."""
    offsets = array("Q", [0])
    boosts = bytearray()
    written: list[tuple[Path, Path]] = []

    def target(name: str) -> Path:
        written.append((folder / (name + ".tmp"), folder / name))
        return written[-1][0]

    with target(TEXTS_NAME).open("wb") as fh:
        position = 0
        for text, boost in blocks:
            data = text.encode(_ENCODING, "surrogatepass")
            fh.write(data)
            position += len(data)
            offsets.append(position)
            boosts.append(boost)
    target(OFFSETS_NAME).write_bytes(_little(offsets))
    target(BOOSTS_NAME).write_bytes(bytes(boosts))
    where: dict[str, list[int]] = {}
    with target(TOPS_NAME).open("wb") as fh:
        start = 0
        for gram in sorted(tops or {}):
            numbers = (tops or {})[gram]
            fh.write(_little(numbers))
            where[gram] = [start, len(numbers)]
            start += len(numbers)
    target(TOPS_INDEX_NAME).write_text(
        json.dumps(where, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "utf-8"
    )
    for tmp, final in written:
        os.replace(tmp, final)
    return describe_sidecar(folder)


def describe_sidecar(folder: Path) -> dict[str, Any]:
    entry: dict[str, Any] = {"count": (folder / OFFSETS_NAME).stat().st_size // 8 - 1}
    for name in _FILES:
        entry[f"{name}.bytes"] = (folder / name).stat().st_size
        entry[f"{name}.crc32"] = _crc(folder / name)
    return entry


def check_sidecar(folder: Path, expected: Any) -> None:
    """Raise :class:`SidecarError` unless the files match the manifest entry ``expected``."""
    if not isinstance(expected, dict):
        raise SidecarError("the manifest does not describe the folded texts")
    for name in _FILES:
        if not (folder / name).is_file():
            raise SidecarError(f"{name} is missing")
    try:
        actual = describe_sidecar(folder)
    except OSError as exc:
        raise SidecarError(f"the folded texts cannot be read: {exc}") from None
    for key, value in expected.items():
        if actual.get(key) != value:
            raise SidecarError(f"the folded texts do not match the manifest ({key})")


def original_record(text: str, folded: str) -> bytes:
    """How ``text`` differs from its folded form ``folded`` (as long, in code points):
    nothing when they are equal, else a bitmap of the code points that differ (bit
    ``i % 8`` of byte ``i // 8`` for code point ``i``) followed by the original code
    points there, UTF-16-LE."""
    if text == folded:
        return b""
    if len(text) != len(folded):
        raise ValueError("a folded text is not as long as its original")
    bits = bytearray((len(text) + 7) >> 3)
    changed: list[str] = []
    for at, (char, fold) in enumerate(zip(text, folded, strict=True)):
        if char != fold:
            bits[at >> 3] |= 1 << (at & 7)
            changed.append(char)
    return bytes(bits) + "".join(changed).encode(_ENCODING, "surrogatepass")


def restore_original(folded: str, record: bytes) -> str | None:
    """The original text of ``folded`` from its :func:`original_record` (None: the
    record does not fit the text)."""
    if not record:
        return folded
    size = (len(folded) + 7) >> 3
    if len(record) <= size or (len(record) - size) % 2:
        return None
    mask = int.from_bytes(record[:size], "little")
    changed = _decode(record[size:], "surrogatepass", True)[0]
    if mask.bit_count() != len(changed) or mask >> len(folded):
        return None
    chars = list(folded)
    for char in changed:
        low = mask & -mask
        chars[low.bit_length() - 1] = char
        mask ^= low
    return "".join(chars)


class OriginalsWriter:
    """Writes ``original.dif`` and ``original.off`` a block at a time, in document-number
    order: each block's :func:`original_record`, and ``count + 1`` little-endian unsigned
    64-bit offsets of the records."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._offsets = array("Q", [0])
        self._fh = (folder / ORIGINALS_NAME).open("wb")

    def add(self, text: str, folded: str) -> None:
        record = original_record(text, folded)
        if record:
            self._fh.write(record)
        self._offsets.append(self._offsets[-1] + len(record))

    def close(self) -> None:
        self._fh.close()
        (self._folder / ORIGINAL_OFFSETS_NAME).write_bytes(_little(self._offsets))

    def discard(self) -> None:
        self._fh.close()


class FoldedTexts:
    """Read-only access to the folded text of each document number."""

    def __init__(self, folder: Path) -> None:
        self._maps: list[mmap.mmap] = []
        self._texts = self._map(folder / TEXTS_NAME)
        offsets = self._map(folder / OFFSETS_NAME)
        if len(offsets) % 8 or len(offsets) < 8:
            raise SidecarError(f"{OFFSETS_NAME} is damaged")
        self._offsets = memoryview(offsets).cast("Q")
        # Text i is bytes offsets[i] to offsets[i + 1] (read in loops that cannot
        # afford a call per block).
        self.offsets = self._offsets
        self.count = len(self._offsets) - 1
        if self._offsets[self.count] != len(self._texts):
            raise SidecarError(f"{TEXTS_NAME} does not match {OFFSETS_NAME}")
        self.boosts = self._map(folder / BOOSTS_NAME)
        if len(self.boosts) != self.count:
            raise SidecarError(f"{BOOSTS_NAME} does not match {OFFSETS_NAME}")
        self.mean_length = (len(self._texts) / 2 / self.count) if self.count else 1.0
        tops = self._map(folder / TOPS_NAME)
        self._tops = memoryview(tops).cast("I") if len(tops) else memoryview(b"").cast("I")
        # Read when first needed (prepare(), or the first one-gram query): opening many
        # indexes (installed packs) should not wait for every one's list of grams.
        self._tops_index_path = folder / TOPS_INDEX_NAME
        self._tops_index_read: dict[str, list[int]] | None = None
        self._tops_lock = threading.Lock()
        self._originals: Any = None
        self._original_offsets: memoryview | None = None
        if (folder / ORIGINAL_OFFSETS_NAME).is_file() and (folder / ORIGINALS_NAME).is_file():
            self._open_originals(folder)

    def _open_originals(self, folder: Path) -> None:
        """The originals' files, when they describe these texts (else hits read the
        catalog, as for an index built before them)."""
        mapped = self._map(folder / ORIGINAL_OFFSETS_NAME)
        if len(mapped) != 8 * (self.count + 1):
            return
        offsets = memoryview(mapped).cast("Q")
        data = self._map(folder / ORIGINALS_NAME)
        if offsets[0] != 0 or offsets[self.count] != len(data):
            offsets.release()
            return
        self._original_offsets = offsets
        self._originals = data

    @property
    def has_originals(self) -> bool:
        return self._original_offsets is not None

    def original(self, docnum: int, folded: str | None = None) -> str | None:
        """The block's original text, when this index keeps how it differs from the
        folded text (``folded``: that text, when decoded already); else None."""
        offsets = self._original_offsets
        if offsets is None:
            return None
        record = self._originals[offsets[docnum] : offsets[docnum + 1]]
        return restore_original(self.get(docnum) if folded is None else folded, record)

    @property
    def _tops_index(self) -> dict[str, list[int]]:
        if self._tops_index_read is None:
            with self._tops_lock:
                if self._tops_index_read is None:
                    try:
                        text = self._tops_index_path.read_text("utf-8")
                        self._tops_index_read = parse_json(text)
                    except (OSError, ValueError) as exc:
                        raise SidecarError(f"{TOPS_INDEX_NAME} is damaged: {exc}") from None
        return self._tops_index_read

    def prepare(self) -> None:
        """Read now what the first one-gram query would read."""
        self._tops_index  # noqa: B018
        self.longest  # noqa: B018

    @functools.cached_property
    def longest(self) -> int:
        """The longest folded text's length in UTF-16 code units."""
        offsets = self._offsets
        if not self.count:
            return 0
        return max(map(operator.sub, offsets[1:], offsets[:-1])) >> 1

    def _map(self, path: Path) -> Any:
        with path.open("rb") as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                return b""
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self._maps.append(mapped)
        return mapped

    def __len__(self) -> int:
        return self.count

    def top(self, gram: str) -> memoryview | None:
        """The best-ranked blocks of a frequent gram, best first; None if not kept."""
        where = self._tops_index.get(gram)
        if where is None:
            return None
        return self._tops[where[0] : where[0] + where[1]]

    def length(self, docnum: int) -> int:
        """The folded text's length in UTF-16 code units (what ranking counts)."""
        offsets = self._offsets
        return (offsets[docnum + 1] - offsets[docnum]) >> 1

    def get(self, docnum: int) -> str:
        offsets = self._offsets
        return _decode(self._texts[offsets[docnum] : offsets[docnum + 1]], "surrogatepass", True)[0]

    def counts(
        self, docnums: Sequence[int], terms: Sequence[str], aligned: Container[str] = ()
    ) -> tuple[list[int], list[list[int]]]:
        """The :meth:`length` of each of ``docnums`` and, for each of ``terms``, how
        often it occurs in each one's folded text (non-overlapping, as
        :meth:`str.count` counts): 0 where it does not.

        Every step is one C loop over the blocks.  A term in ``aligned`` (see
        :func:`shifted`: its bytes are known to occur in these texts only where the
        term does) is found in the mapped UTF-16 bytes themselves, between each text's
        bounds; for the others the texts are cut out, joined, decoded at once and the
        term counted between each one's bounds."""
        offsets = self._offsets
        starts = list(map(offsets.__getitem__, docnums))
        ends = list(map(offsets.__getitem__, map((1).__add__, docnums)))
        sizes = list(map(operator.sub, ends, starts))
        out: list[list[int]] = []
        decoded: tuple[str, list[int], list[int]] | list[str] | None = None
        for term in terms:
            if term in aligned:
                found = re.compile(re.escape(term.encode(_ENCODING))).findall
                out.append(list(map(len, map(found, repeat(self._texts), starts, ends))))
                continue
            if decoded is None:
                decoded = self._decoded(starts, ends, sizes)
            if isinstance(decoded, tuple):
                whole, lows, highs = decoded
                out.append(list(map(whole.count, repeat(term), lows, highs)))
            else:
                out.append(list(map(str.count, decoded, repeat(term))))
        return list(map(operator.rshift, sizes, repeat(1))), out

    def _decoded(
        self, starts: list[int], ends: list[int], sizes: list[int]
    ) -> tuple[str, list[int], list[int]] | list[str]:
        """The texts between ``starts`` and ``ends``: joined and decoded at once, with
        each one's bounds in the whole; or one by one when the whole's characters are
        not its UTF-16 code units (characters outside the Basic Multilingual Plane, or
        a surrogate pair made by joining two texts)."""
        pieces = list(map(self._texts.__getitem__, map(slice, starts, ends)))
        joined = b"".join(pieces)
        high = joined[1::2]  # each code unit's high byte
        if len(high.translate(None, _SURROGATE_HIGH_BYTES)) != len(high):
            return [_decode(piece, "surrogatepass", True)[0] for piece in pieces]
        whole = _decode(joined, "surrogatepass", True)[0]
        if len(whole) * 2 != len(joined):  # pragma: no cover - no surrogate was found
            return [_decode(piece, "surrogatepass", True)[0] for piece in pieces]
        bounds = list(accumulate(map(operator.rshift, sizes, repeat(1)), initial=0))
        return whole, bounds[:-1], bounds[1:]

    def close(self) -> None:
        self._offsets.release()
        self._tops.release()
        if self._original_offsets is not None:
            self._original_offsets.release()
            self._original_offsets = None
        for mapped in self._maps:
            mapped.close()
        self._maps.clear()
