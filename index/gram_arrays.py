"""The gram postings of a fresh build in numpy arrays (the bulk writer's engine).

Imported only by a build, and only where numpy is installed: the installed program
does not ship numpy, and builds without it through the writer's plain-Python path,
which gives the same index.

A gram is a 42-bit *key* that sorts as its term does (terms sort by their UTF-8 bytes,
which is code point order): bits 21-41 hold the first character's code point, bits 0-20
nothing for a character, the second character's code point + 1 for a bigram, or
``0x110001`` + the bucket number for a bucket term (``"\\x00"`` and six hex digits; its
place among the grams that begin with U+0000 is fixed up when a range of terms is
written).  The key shifted left 22 bits, ORed with a block's number within its batch,
sorts postings by term and block in one pass of :func:`numpy.sort`.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator, Set
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "BUCKET_BASE",
    "GramPostings",
    "bigram_document_frequencies",
    "crc32_of_keys",
    "gram_key",
    "key_text",
    "space_table",
]

SECOND_BITS = 21
SECOND_MASK = (1 << SECOND_BITS) - 1
BUCKET_BASE = 0x110001  # above every code point + 1
LOCAL_BITS = 22
LOCAL_MASK = (1 << LOCAL_BITS) - 1
MAX_BUCKETS = min(1 << 24, SECOND_MASK + 1 - BUCKET_BASE)
_U64 = np.uint64

_SPACE: np.ndarray | None = None


def space_table() -> np.ndarray:
    """``table[min(code, len - 1)]``: whether the code point is whitespace to
    :meth:`str.split` (the last entry, for every code above U+3000, is False)."""
    global _SPACE
    if _SPACE is None:
        table = np.zeros(0x3002, dtype=bool)
        for code in range(0x3001):
            table[code] = len(f"a{chr(code)}a".split()) == 2
        _SPACE = table
    return _SPACE


def gram_key(gram: str) -> int:
    """The key of a one- or two-character gram."""
    if len(gram) == 1:
        return ord(gram) << SECOND_BITS
    return (ord(gram[0]) << SECOND_BITS) | (ord(gram[1]) + 1)


def key_text(key: int) -> str:
    """The term a key stands for."""
    first, second = key >> SECOND_BITS, key & SECOND_MASK
    if not second:
        return chr(first)
    if second < BUCKET_BASE:
        return chr(first) + chr(second - 1)
    return f"\x00{second - BUCKET_BASE:06x}"


def _codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' code points joined by a newline, and each one's text number."""
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    owner = np.repeat(np.arange(len(texts), dtype=np.uint32), sizes)[: codes.size]
    return codes, owner


def _grams(texts: list[str], unigrams: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Every gram occurrence of the texts (as :func:`index.analysis.gram_counts` counts
    them): keys and text numbers, unsorted."""
    codes, owner = _codes(texts)
    table = space_table()
    unit = ~table[np.minimum(codes, table.size - 1)]
    pair = np.flatnonzero(unit[:-1] & unit[1:])
    wide = codes.astype(_U64)
    bigram_keys = (wide[pair] << _U64(SECOND_BITS)) | (wide[pair + 1] + _U64(1))
    if not unigrams:
        return bigram_keys, owner[pair]
    keys = np.concatenate([wide[unit] << _U64(SECOND_BITS), bigram_keys])
    return keys, np.concatenate([owner[unit], owner[pair]])


def _distinct_sorted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and how often each occurs."""
    ordered = np.sort(values)
    if not ordered.size:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    counts = np.diff(np.append(starts, ordered.size))
    return ordered[starts], counts


def bigram_document_frequencies(
    texts: list[str], batch_chars: int = 2_000_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct bigram keys of ``texts`` (sorted), in how many texts each occurs,
    and the distinct characters' code points."""
    keys = np.zeros(0, dtype=_U64)
    df = np.zeros(0, dtype=np.int64)
    seen = np.zeros(0x110000, dtype=bool)
    newline = False  # the separator of the joined texts: seen only if a text has one
    for batch in _batches(texts, batch_chars):
        codes, _ = _codes(batch)
        seen[codes] = True
        bigrams, owner = _grams(batch, unigrams=False)
        pairs, _ = _distinct_sorted((bigrams << _U64(LOCAL_BITS)) | owner.astype(_U64))
        batch_keys, batch_df = _distinct_sorted(pairs >> _U64(LOCAL_BITS))
        keys, df = _merge_counts(keys, df, batch_keys, batch_df)
        seen[ord("\n")] = newline = newline or any("\n" in text for text in batch)
    return keys, df, np.flatnonzero(seen).astype(np.uint32)


def _batches(texts: list[str], batch_chars: int) -> Iterator[list[str]]:
    start = 0
    size = 0
    for end, text in enumerate(texts):
        size += len(text) + 1
        if size >= batch_chars or end - start >= LOCAL_MASK:
            yield texts[start : end + 1]
            start, size = end + 1, 0
    if start < len(texts):
        yield texts[start:]


def _merge_counts(
    keys: np.ndarray, counts: np.ndarray, more: np.ndarray, more_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two sorted distinct key arrays with counts, merged (counts of equal keys added)."""
    if not keys.size:
        return more, more_counts
    at = np.searchsorted(keys, more)
    found = at < keys.size
    found[found] = keys[at[found]] == more[found]
    counts = counts.copy()
    np.add.at(counts, at[found], more_counts[found])
    new = ~found
    return np.insert(keys, at[new], more[new]), np.insert(counts, at[new], more_counts[new])


def _crc_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table[n] = c
    return table


_CRC = _crc_table()


def _utf8(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes (surrogates as three bytes, like ``surrogatepass``): a (n, 4) array and
    each code's byte count."""
    c = codes.astype(np.uint32)
    size = np.where(c < 0x80, 1, np.where(c < 0x800, 2, np.where(c < 0x10000, 3, 4)))
    out = np.zeros((c.size, 4), dtype=np.uint32)
    cont = [(c >> 12) & 0x3F | 0x80, (c >> 6) & 0x3F | 0x80, c & 0x3F | 0x80]
    lead = np.select(
        [size == 1, size == 2, size == 3], [c, 0xC0 | (c >> 6), 0xE0 | (c >> 12)], 0xF0 | (c >> 18)
    )
    out[:, 0] = lead
    for n in (2, 3, 4):
        rows = size == n
        for i in range(1, n):
            out[rows, i] = cont[3 - n + i][rows]
    return out, size


def crc32_of_keys(keys: np.ndarray) -> np.ndarray:
    """``zlib.crc32`` of each gram's UTF-8 bytes (``surrogatepass``)."""
    first = (keys >> _U64(SECOND_BITS)).astype(np.uint32)
    second = (keys & _U64(SECOND_MASK)).astype(np.int64)
    b1, n1 = _utf8(first)
    b2, n2 = _utf8(np.maximum(second - 1, 0))
    n2 = np.where(second > 0, n2, 0)
    data = np.concatenate([b1, b2], axis=1)
    size = n1 + n2
    # the second character's bytes right after the first's
    gather = np.minimum(np.arange(8)[None, :], 7)
    index = np.where(gather < n1[:, None], gather, gather - n1[:, None] + 4)
    data = np.take_along_axis(data, np.minimum(index, 7), axis=1)
    crc = np.full(keys.size, 0xFFFFFFFF, dtype=np.uint32)
    for i in range(8):
        on = i < size
        if not on.any():
            break
        byte = data[on, i]
        crc[on] = _CRC[(crc[on] ^ byte) & 0xFF] ^ (crc[on] >> 8)
    return crc ^ np.uint32(0xFFFFFFFF)


@dataclass
class _Run:
    """One batch's postings in key order (then block order): in memory, or in a file
    (keys, then blocks, then weights) read a range at a time."""

    size: int
    keys: np.ndarray | None = None
    blocks: np.ndarray | None = None
    weights: np.ndarray | None = None
    file: Any = None  # a temporary file
    samples: np.ndarray | None = None  # every _SAMPLE-th key (spilled runs)

    def find(self, key: int) -> int:
        if self.keys is not None:
            return int(np.searchsorted(self.keys, _U64(key)))
        assert self.file is not None and self.samples is not None
        at = int(np.searchsorted(self.samples, _U64(key)))  # samples[at - 1] < key
        low = max(0, (at - 1) * _SAMPLE)
        high = min(self.size, at * _SAMPLE + 1)
        part = self._read(0, low, high, np.uint64)
        return low + int(np.searchsorted(part, _U64(key)))

    def _read(self, section: int, low: int, high: int, dtype: Any) -> np.ndarray:
        assert self.file is not None
        out = np.empty(high - low, dtype=dtype)
        offset = (0, 8 * self.size, 12 * self.size)[section] + low * out.itemsize
        view = out.data.cast("B")
        if not hasattr(os, "preadv"):  # Windows (no forked processes share the file)
            self.file.seek(offset)
            self.file.readinto(view)
            return out
        while view:  # at an offset, not the file's position: shared with forked processes
            done = os.preadv(self.file.fileno(), [view], offset)
            if not done:
                raise OSError("a run file ended early")
            view, offset = view[done:], offset + done
        return out

    def read(self, low: int, high: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.keys is not None:
            assert self.blocks is not None and self.weights is not None
            return self.keys[low:high], self.blocks[low:high], self.weights[low:high]
        return (
            self._read(0, low, high, np.uint64),
            self._read(1, low, high, np.uint32),
            self._read(2, low, high, np.float32),
        )

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


_SAMPLE = 8192
# Bytes of transient arrays per character of a batch, about (code points, gram keys,
# sort); and of a posting being merged.
_BATCH_BYTES_PER_CHAR = 64
_MERGE_BYTES_PER_POSTING = 48


class GramPostings:
    """One gram field's postings for a fresh build: blocks' folded texts are added in
    block order; a batch of them is turned into sorted postings at once, and written
    to a run file when it is full.  :meth:`ranges` gives every posting in term order."""

    def __init__(
        self,
        kept: Set[str] | None,
        bigrams_only: bool,
        buckets: int,
        memory_budget: int,
        spill_dir: str | None,
    ) -> None:
        if buckets > MAX_BUCKETS:
            raise ValueError(f"at most {MAX_BUCKETS} bucket terms")
        self._buckets = buckets
        self._bigrams_only = bigrams_only
        kept_keys = np.fromiter(map(gram_key, kept or ()), dtype=_U64)
        self._kept = np.sort(kept_keys)
        self._budget = memory_budget
        self._batch_chars = max(1, memory_budget // _BATCH_BYTES_PER_CHAR)
        self._spill_dir = spill_dir
        self._texts: list[str] = []
        self._docnums: list[int] = []
        self._boosts: list[float] = []
        self._chars = 0
        self._runs: list[_Run] = []
        self._bounds: list[tuple[list[int], list[int]]] | None = None
        self.runs_written = 0
        self.nul = False  # a gram starts with U+0000: terms are reordered by bytes

    def add(self, folded: str, boost: float, docnum: int) -> None:
        self._texts.append(folded)
        self._docnums.append(docnum)
        self._boosts.append(boost)
        self._chars += len(folded) + 1
        if self._chars >= self._batch_chars or len(self._texts) > LOCAL_MASK:
            self._flush(spill=True)

    def _flush(self, spill: bool) -> None:
        if not self._texts:
            return
        texts, docnums, boosts = self._texts, self._docnums, self._boosts
        self._texts, self._docnums, self._boosts, self._chars = [], [], [], 0
        keys, owner = _grams(texts)
        del texts
        pairs, counts = _distinct_sorted((keys << _U64(LOCAL_BITS)) | owner.astype(_U64))
        del keys, owner
        keys = pairs >> _U64(LOCAL_BITS)
        if keys.size and keys[0] < 1 << SECOND_BITS:
            self.nul = True
        local = (pairs & _U64(LOCAL_MASK)).astype(np.int64)
        del pairs
        if self._buckets:
            keys, local, counts = self._bucketed(keys, local, counts)
        weights = (counts * np.asarray(boosts, dtype=np.float64)[local]).astype(np.float32)
        blocks = np.asarray(docnums, dtype=np.uint32)[local]
        run = _Run(keys.size, keys, blocks, weights)
        if spill:
            run = self._spill(run)
        self._runs.append(run)

    def _bucketed(
        self, keys: np.ndarray, local: np.ndarray, counts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rare grams' postings moved to their bucket terms (counts of one bucket in
        one block added), in key order."""
        distinct, repeats = _distinct_sorted(keys)
        at = np.minimum(np.searchsorted(self._kept, distinct), max(self._kept.size - 1, 0))
        rare = (self._kept[at] != distinct) if self._kept.size else np.ones(distinct.size, bool)
        if self._bigrams_only:
            rare &= (distinct & _U64(SECOND_MASK)) != 0
        if not rare.any():
            return keys, local, counts
        numbers = crc32_of_keys(distinct[rare]).astype(np.int64) % self._buckets
        bucket_keys = np.zeros(distinct.size, dtype=_U64)
        bucket_keys[rare] = _U64(BUCKET_BASE) + numbers.astype(_U64)
        posting_rare = np.repeat(rare, repeats)
        moved = np.repeat(bucket_keys, repeats)[posting_rare]
        combined = (moved << _U64(LOCAL_BITS)) | local[posting_rare].astype(_U64)
        order = np.argsort(combined)
        combined = combined[order]
        moved_counts = counts[posting_rare][order]
        starts = np.flatnonzero(np.concatenate([[True], combined[1:] != combined[:-1]]))
        bucket_counts = np.add.reduceat(moved_counts, starts) if starts.size else moved_counts
        combined = combined[starts]
        bkeys = combined >> _U64(LOCAL_BITS)
        blocal = (combined & _U64(LOCAL_MASK)).astype(np.int64)
        keep = ~posting_rare
        keys, local, counts = keys[keep], local[keep], counts[keep]
        # buckets sort after the grams that begin with U+0000, before every other gram
        cut = int(np.searchsorted(keys, _U64(BUCKET_BASE)))
        return (
            np.concatenate([keys[:cut], bkeys, keys[cut:]]),
            np.concatenate([local[:cut], blocal, local[cut:]]),
            np.concatenate([counts[:cut], bucket_counts, counts[cut:]]),
        )

    def _spill(self, run: _Run) -> _Run:
        assert run.keys is not None and run.blocks is not None and run.weights is not None
        file = tempfile.TemporaryFile(dir=self._spill_dir, prefix=".postings-")  # noqa: SIM115 - closed after the merge
        for part in (run.keys, run.blocks, run.weights):
            file.write(np.ascontiguousarray(part).data.cast("B"))
        file.flush()
        self.runs_written += 1
        return _Run(run.size, file=file, samples=run.keys[::_SAMPLE].copy())

    def ranges(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Every posting, a range of terms at a time: keys (in term order, but for the
        terms beginning with U+0000, see :attr:`nul`), blocks (in order within a term)
        and weights.  Run files are closed at the end."""
        try:
            for number in range(self.range_count()):
                yield self.range(number)
        finally:
            self.close()

    def range_count(self) -> int:
        """How many ranges of terms :meth:`range` gives (the last batch is sorted first)."""
        if self._bounds is None:
            self._flush(spill=False)
            runs = self._runs
            total = sum(run.size for run in runs)
            per_range = max(1, self._budget // _MERGE_BYTES_PER_POSTING)
            bounds = [[0] * len(runs)]
            for cut in self._cuts(runs, total, per_range):
                bounds.append([run.find(cut) for run in runs])
            bounds.append([run.size for run in runs])
            self._bounds = [
                (low, high)
                for low, high in itertools.pairwise(bounds)
                if any(hi > lo for lo, hi in zip(low, high, strict=True))
            ]
        return len(self._bounds)

    def range(self, number: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The postings of the ``number``-th range of terms (any order, from any process
        forked after :meth:`range_count`: the run files are read at offsets)."""
        assert self._bounds is not None
        low, high = self._bounds[number]
        parts = [
            run.read(lo, hi) for run, lo, hi in zip(self._runs, low, high, strict=True) if hi > lo
        ]
        if len(parts) == 1:
            return parts[0]
        keys = np.concatenate([p[0] for p in parts])
        order = np.argsort(keys, kind="stable")  # equal keys: run (block) order
        return (
            keys[order],
            np.concatenate([p[1] for p in parts])[order],
            np.concatenate([p[2] for p in parts])[order],
        )

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs = []
        self._bounds = None

    def _cuts(self, runs: list[_Run], total: int, per_range: int) -> list[int]:
        """Keys where ranges of about ``per_range`` postings begin (never inside the
        terms that begin with U+0000 when there are such grams: they are reordered)."""
        if total <= per_range:
            return []
        samples = []
        for run in runs:
            if run.samples is not None:
                samples.append(run.samples)
            elif run.keys is not None:
                samples.append(run.keys[::_SAMPLE])
        every = np.sort(np.concatenate(samples))
        step = max(1, per_range // _SAMPLE)
        cuts = sorted({int(k) for k in every[step::step]})
        if self.nul:
            cuts = [c for c in cuts if c >= 1 << SECOND_BITS]
        return cuts
