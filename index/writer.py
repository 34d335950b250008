"""A Whoosh segment writer that writes the gram field's postings in bulk.

Whoosh's own writer sends every posting through a sorting pool as a Python tuple and
then through its posting writer one by one; with one and two-character grams that is
more than a hundred million postings for a library of 10,000 documents.  This writer
keeps the gram field's postings in memory as arrays per gram (block numbers are
added in increasing order, so nothing needs sorting) and writes them to the segment
block by block in the standard Whoosh 3 format.  Every other field, and the stored
fields and field lengths, go through Whoosh's normal path, so the segment is an
ordinary Whoosh segment read by the ordinary reader.

Only used for a fresh single-segment build (:func:`index.store.build_index`); in-place
updates of a personal library use Whoosh's writer, which indexes the same field
through :class:`index.analysis.GramFormat`.
"""

from __future__ import annotations

import heapq
import multiprocessing
import pickle
import shutil
import tempfile
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from itertools import chain, compress, filterfalse, groupby, repeat
from operator import itemgetter, methodcaller, mod, mul, sub
from typing import IO, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from index.analysis import BUCKET_PREFIX, GramField, gram_counts
from index.folding import fold_text
from index.interrupts import in_forked_worker
from index.ranking import block_weight, top_size

__all__ = ["BulkGramWriter"]

# Postings per block.  Whoosh writes 128 so its matchers can skip; the search reads
# whole gram posting lists (index.search), and larger blocks carry less overhead.
_BLOCK = 2048
_ONES: dict[int, array[float]] = {}


def _write_block(writer: Any, ids: array[int], lengths: array[int], last: bool) -> None:
    """One posting block in the Whoosh 3 layout, with the ids packed tighter.

    Whoosh pickles a block's delta-encoded ids as a tuple of ints (protocol 2); here they
    are an array of the smallest unsigned type that holds them (pickle protocol 4 keeps
    it as raw bytes), which Whoosh's reader decodes the same way.  Weights are left out
    (all 1.0): ranking counts terms in the text (:mod:`index.ranking`).
    """
    deltas = array("I", map(sub, ids, chain((0,), ids)))
    top = max(deltas)
    packed = array("B" if top < 0x100 else "H" if top < 0x10000 else "I", deltas)
    ones = _ONES.get(len(ids))
    if ones is None:
        ones = _ONES[len(ids)] = array("f", [1.0]) * len(ids)
    writer._ids = ids
    writer._weights = ones
    writer._maxweight = 1.0
    writer._minlength = min(map(lengths.__getitem__, ids))
    writer._maxlength = max(map(lengths.__getitem__, ids))
    if not writer._blockcount:
        writer._postfile.write(WHOOSH3_HEADER_MAGIC)
    writer._terminfo.add_block(writer)
    data = zlib.compress(pickle.dumps((packed, None, None), 4), writer._compression)
    info = pickle.dumps(
        (
            len(ids),
            ids[-1],
            1.0,
            writer._compression,
            length_to_byte(writer._minlength),
            length_to_byte(writer._maxlength),
        ),
        2,
    )
    size = len(info) + len(data)
    writer._postfile.write_int(-size if last else size)
    writer._postfile.write(info)
    writer._postfile.write(data)
    writer._blockcount += 1
    writer._new_block()


_UTF8 = methodcaller("encode", "utf-8", "surrogatepass")
_UTF8_STRICT = methodcaller("encode", "utf-8")  # the term order (and bytes) of a gram
_first = itemgetter(0)
_second = itemgetter(1)
# What a posting (block number and weight, in arrays) and a distinct gram (its key,
# dict entry, arrays and tuple) cost in memory, about.
_POSTING_BYTES = 8
_GRAM_BYTES = 300
_RUN_BATCH = 4096


def _read_run(run: IO[bytes]) -> Iterator[tuple[bytes, str, bytes, bytes]]:
    run.seek(0)
    while True:
        try:
            batch = pickle.load(run)
        except EOFError:
            return
        yield from batch


def _postings() -> tuple[array[int], array[float]]:
    return array("I"), array("f")


class _Scores(dict[tuple[float, int], float]):
    """``(weight, length) → -block_weight``, each pair scored once: a frequent gram's
    postings hold few distinct pairs."""

    def __missing__(self, key: tuple[float, int]) -> float:
        score = self[key] = -block_weight(key[0], key[1])
        return score


class BulkGramWriter(SegmentWriter):
    def __init__(
        self,
        ix: Any,
        bigram_df: Mapping[str, int] | None = None,
        min_bigram_df: int = 0,
        buckets: int = 0,
        lengths: Sequence[int] = (),
        kept: Set[str] | None = None,
        memory_budget: int = 256 << 20,
        arrays: bool | None = None,
        parallel: bool = False,
        **kwargs: Any,
    ) -> None:
        """``bigram_df`` (blocks per bigram over the whole corpus): bigrams in fewer than
        ``min_bigram_df`` blocks are indexed under ``buckets`` bucket terms.  Instead of
        it, ``kept`` may name every gram indexed as itself (the corpus's characters and
        its bigrams in ``min_bigram_df`` blocks or more).

        ``lengths`` (each block's folded length in UTF-16 code units, in order) lets the
        writer keep the best-ranked blocks of each frequent gram in :attr:`tops`.

        ``memory_budget``: about how many bytes of postings are held in memory before
        they are written to a run file.

        ``arrays``: count, sort and write the postings with numpy (:mod:`index.gram_arrays`,
        the same index many times faster); by default where numpy is installed.
        ``parallel``: with ``arrays``, a forked process writes half of the postings."""
        super().__init__(ix, **kwargs)
        self.tops: dict[str, array[int]] = {}
        self._block_lengths = lengths
        self._buckets = buckets if min_bigram_df else 0
        if kept is None and self._buckets:
            kept = {g for g, n in (bigram_df or {}).items() if n >= min_bigram_df}
            self._kept_bigrams_only = True
        else:
            self._kept_bigrams_only = False
        self._kept: Set[str] = kept or frozenset()
        self._bucket_names = [f"{BUCKET_PREFIX}{number:06x}" for number in range(self._buckets)]
        self._gram_fields = {
            name for name, field in self.schema.items() if isinstance(field, GramField)
        }
        # field → gram → (block numbers, weights); lengths: field → length per block
        self._postings: dict[str, defaultdict[str, tuple[array[int], array[float]]]] = {
            name: defaultdict(_postings) for name in self._gram_fields
        }
        self._lengths: dict[str, array[int]] = {name: array("I") for name in self._gram_fields}
        # Postings held in memory; past the budget they go to run files (in the index
        # folder), merged when the segment is written.
        self._memory_budget = memory_budget
        self._held = 0
        self._runs_written = 0
        self._runs: dict[str, list[IO[bytes]]] = {}
        self._spill_dir = getattr(ix.storage, "folder", None)
        self._parallel = parallel
        self._lengths_array: Any = None  # _block_lengths in numpy (the arrays' path)
        self._ahead: _GramProcess | None = None  # see grams_ahead
        if arrays is None:
            arrays = _numpy_installed()
        self._arrays: dict[str, Any] = {}
        if arrays:
            from index.gram_arrays import MAX_BUCKETS, GramPostings

            arrays = self._buckets <= MAX_BUCKETS  # past that, keys have no room for them
        if arrays:
            self._arrays = {
                name: GramPostings(
                    self._kept if self._buckets else None,
                    self._kept_bigrams_only,
                    self._buckets,
                    memory_budget,
                    self._spill_dir,
                )
                for name in self._gram_fields
            }

    @property
    def runs_written(self) -> int:
        """How many run files the postings went through."""
        return self._runs_written + sum(a.runs_written for a in self._arrays.values())

    def grams_ahead(self, folded: Sequence[str], boosts: Sequence[float]) -> bool:
        """Every block's folded text and boost, in block order, given before the blocks
        are added: where a process can be forked (Linux, macOS) and the postings go
        through arrays, a forked process counts, sorts and writes the gram postings
        meanwhile, and the blocks added
        later must have these texts.  The same index as adding them one by one.
        Returns whether a process was started."""
        if (
            not self._parallel
            or len(self._arrays) != 1
            or self._ahead is not None
            or self.docnum
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return False
        (name,) = self._arrays
        self._ahead = _GramProcess(self, name, folded, boosts)
        return True

    def stop_ahead(self) -> None:
        """Stop the process started by :meth:`grams_ahead`, if it runs (a failed build)."""
        if self._ahead is not None:
            self._ahead.stop()
            self._ahead = None

    def cancel(self) -> None:
        self.stop_ahead()
        super().cancel()

    def _add_grams(self, name: str, folded: str, boost: float, docnum: int) -> int:
        """Add one block's grams to the field's postings; returns its gram count.

        Every step maps a C function over the block's grams: no Python code runs per
        posting (a 10,000-document library has over a hundred million)."""
        if self._ahead is not None and name == self._ahead.name:
            self._ahead.check(folded, boost, docnum)
            return _gram_count(folded)
        if name in self._arrays:
            self._arrays[name].add(folded, boost, docnum)
            return _gram_count(folded)
        counts = gram_counts(folded)
        grams = counts.keys()
        table = self._postings[name]
        rare: list[str] = []
        if self._buckets:
            # (Not ``grams - kept``: a set difference walks the whole of ``kept``.)
            rare = list(filterfalse(self._kept.__contains__, grams))
            if self._kept_bigrams_only:  # characters are never bucketed
                rare = [g for g in rare if len(g) == 2]
        kept = list(filterfalse(set(rare).__contains__, grams)) if rare else list(grams)
        freqs: Any = map(counts.__getitem__, kept)
        entries = list(map(table.__getitem__, kept))
        any(map(array.append, map(_first, entries), repeat(docnum)))
        any(map(array.append, map(_second, entries), _boosted(freqs, boost)))
        held = len(entries)
        if rare:
            # Bigrams of fewer blocks than the threshold share bucket terms (crc32 of
            # the UTF-8 bytes modulo the number of buckets, as index.analysis.bucket_term);
            # a bucket's weight in the block is the sum of its bigrams' weights.
            numbers = map(mod, map(zlib.crc32, map(_UTF8, rare)), repeat(self._buckets))
            buckets = Counter(
                chain.from_iterable(
                    map(
                        repeat,
                        map(self._bucket_names.__getitem__, numbers),
                        map(counts.__getitem__, rare),
                    )
                )
            )
            entries = list(map(table.__getitem__, buckets))
            any(map(array.append, map(_first, entries), repeat(docnum)))
            any(map(array.append, map(_second, entries), _boosted(buckets.values(), boost)))
            held += len(entries)
        self._held += held
        if self._held * _POSTING_BYTES + len(table) * _GRAM_BYTES > self._memory_budget:
            self._spill(name)
        return sum(counts.values())

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        add_post = self.pool.add
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if name in self._gram_fields:
                    boost = float(fields.get(f"_{name}_boost", 1.0)) * field.format.field_boost
                    folded = fields.get(f"_{name}_folded")
                    if folded is None:
                        folded = fold_text(value)
                    length = self._add_grams(name, folded, boost, docnum)
                    self._lengths[name].append(length)
                elif field.indexed:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        add_post((name, tbytes, docnum, weight, vbytes))
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(stored))
            for name in self._gram_fields.difference(names):
                self._lengths[name].append(0)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader: Any) -> None:  # pragma: no cover - not used
        raise NotImplementedError("BulkGramWriter only builds a fresh segment")

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        fieldwriter = self.fieldwriter
        # The codec needs fields in name order: the pooled ones first, then the grams.
        pooled = [n for n, f in self.schema.items() if f.indexed and n not in self._gram_fields]
        if pooled and self._gram_fields and max(pooled) > min(self._gram_fields):
            raise RuntimeError("gram fields must sort after every other indexed field")
        lengths = _FieldLengths(pdr) if pdr else None
        fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        for name in sorted(self._gram_fields):
            self._write_field(name)
        fieldwriter.close()
        if pdr:
            pdr.close()

    def _spill(self, name: str) -> None:
        """Write the field's postings held in memory to a run file, grams in term order."""
        table = self._postings[name]
        run = tempfile.TemporaryFile(dir=self._spill_dir, prefix=".postings-")  # noqa: SIM115 - closed after the merge
        batch: list[tuple[bytes, str, bytes, bytes]] = []  # (term, gram, ids, weights)
        for key, gram in sorted(zip(map(_UTF8_STRICT, table), table, strict=True)):
            ids, weights = table[gram]
            batch.append((key, gram, ids.tobytes(), weights.tobytes()))
            if len(batch) >= _RUN_BATCH:
                pickle.dump(batch, run, pickle.HIGHEST_PROTOCOL)
                batch = []
        if batch:
            pickle.dump(batch, run, pickle.HIGHEST_PROTOCOL)
        table.clear()
        self._held = 0
        self._runs_written += 1
        self._runs.setdefault(name, []).append(run)

    def _terms(self, name: str) -> Iterator[tuple[str, array[int], array[float]]]:
        """The field's grams in term order with all their postings (runs merged)."""
        if name in self._runs and self._postings[name]:
            self._spill(name)
        table = self._postings.pop(name)
        runs = self._runs.pop(name, [])
        if not runs:
            for gram in sorted(table, key=_UTF8_STRICT):
                yield (gram, *table.pop(gram))
            return
        try:
            # Equal grams come in run order (heapq.merge is stable): block order.
            merged = heapq.merge(*map(_read_run, runs), key=_first)
            for key, parts in groupby(merged, key=_first):
                ids: array[int] = array("I")
                weights: array[float] = array("f")
                for _, _, id_bytes, weight_bytes in parts:
                    ids.frombytes(id_bytes)
                    weights.frombytes(weight_bytes)
                yield key.decode("utf-8"), ids, weights
        finally:
            for run in runs:
                run.close()

    def _write_field(self, name: str) -> None:
        if name in self._arrays:
            self._write_field_arrays(name)
            return
        fieldwriter = self.fieldwriter
        field = self.schema[name]
        lengths = self._lengths[name]
        fieldwriter.start_field(name, field)
        for gram, ids, weights in self._terms(name):
            keep = top_size(len(ids))
            if self._block_lengths and keep and len(set(gram)) == len(gram):
                self.tops[gram] = self._top(ids, weights, keep)
            fieldwriter.start_term(gram.encode("utf-8"))
            writer = fieldwriter._postwriter
            count = len(ids)
            for start in range(0, count, _BLOCK):
                _write_block(writer, ids[start : start + _BLOCK], lengths, start + _BLOCK >= count)
            fieldwriter.finish_term()
        fieldwriter.finish_field()

    def _write_field_arrays(self, name: str) -> None:
        """The field's postings from :class:`index.gram_arrays.GramPostings`, a range of
        terms at a time, each term's posting blocks and term info as :meth:`_write_field`
        writes them.  With ``parallel``, a forked process writes the later half of the
        ranges meanwhile, into a file appended after the first half."""
        import numpy as np

        engine = self._arrays.pop(name)
        fieldwriter = self.fieldwriter
        fieldwriter.start_field(name, self.schema[name])
        lengths = np.frombuffer(self._lengths[name], dtype=np.uint32)
        postfile = fieldwriter._postfile.raw_file()  # the same writes, less wrapping
        compression = fieldwriter._postwriter._compression
        prefix = pack_ushort(fieldwriter._fieldid)
        tindex = fieldwriter._tindex

        def add(btext: bytes, terminfo: Any) -> None:
            tindex.add(prefix + btext, terminfo.to_bytes())

        if self._ahead is not None and self._ahead.name == name:
            ahead, self._ahead = self._ahead, None
            try:
                self._runs_written += ahead.append_to(postfile, add, len(lengths))
            finally:
                ahead.stop()
                engine.close()
            fieldwriter.finish_field()
            return
        try:
            count = engine.range_count()
            half = count // 2 if self._parallel and count > 1 else count
            later = _LaterRanges(self, engine, range(half, count), lengths, compression)
            try:
                out = _TermOutput(postfile, compression, add)
                for number in range(half):
                    self._write_range(out, engine, number, lengths)
                later.append_to(postfile, add)
            finally:
                later.stop()
        finally:
            engine.close()
        self._runs_written += engine.runs_written
        fieldwriter.finish_field()

    def _write_range(self, out: _TermOutput, engine: Any, number: int, lengths: Any) -> None:
        import numpy as np

        from index.gram_arrays import SECOND_BITS, key_text

        keys, blocks, weights = engine.range(number)
        starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
        ends = np.append(starts[1:], keys.size)
        sizes = ends - starts
        chunks = (sizes + _BLOCK - 1) // _BLOCK
        owner = np.repeat(np.arange(starts.size), chunks)
        first_chunk = np.cumsum(chunks) - chunks
        chunk_starts = starts[owner] + (np.arange(owner.size) - first_chunk[owner]) * _BLOCK
        chunk_ends = np.minimum(chunk_starts + _BLOCK, ends[owner])
        ids = blocks.astype(np.int64)
        deltas = np.empty_like(ids)
        deltas[0] = ids[0]
        deltas[1:] = ids[1:] - ids[:-1]
        deltas[chunk_starts] = ids[chunk_starts]
        block_lengths = lengths[blocks]
        packed = {
            "B": deltas.astype(np.uint8),
            "H": deltas.astype(np.uint16),
            "I": deltas.astype(np.uint32),
        }
        widest = np.maximum.reduceat(deltas, chunk_starts)
        codes = np.where(widest < 0x100, 0, np.where(widest < 0x10000, 1, 2)).tolist()
        chunk_rows = list(
            zip(
                chunk_starts.tolist(),
                chunk_ends.tolist(),
                codes,
                ids[chunk_starts].tolist(),
                ids[chunk_ends - 1].tolist(),
                np.minimum.reduceat(block_lengths, chunk_starts).tolist(),
                np.maximum.reduceat(block_lengths, chunk_starts).tolist(),
                strict=True,
            )
        )
        term_keys = keys[starts].tolist()
        grams = list(map(key_text, term_keys))
        order: Any = range(len(grams))
        if engine.nul and term_keys[0] < 1 << SECOND_BITS:
            order = sorted(order, key=lambda i: _UTF8_STRICT(grams[i]))
        counts = sizes.tolist()
        firsts = first_chunk.tolist()
        numbers = chunks.tolist()
        for i in order:
            gram = grams[i]
            count = counts[i]
            keep = top_size(count)
            if self._block_lengths and keep and len(set(gram)) == len(gram):
                low, high = int(starts[i]), int(ends[i])
                self.tops[gram] = self._top(blocks[low:high], weights[low:high], keep)
            out.term(_UTF8_STRICT(gram), chunk_rows[firsts[i] : firsts[i] + numbers[i]], packed)

    def _top(self, ids: Any, weights: Any, keep: int) -> array[int]:
        """The ``keep`` best blocks for a one-gram query, as :mod:`index.ranking` ranks them
        (by :func:`index.ranking.block_weight`, at the reference length that the
        manifest records as ``tops_length``).

        (The gram's count is its term count: a gram of distinct characters cannot
        overlap itself, and repeated-character grams get no list.)

        The same as the ``keep`` smallest ``(-score, block)`` pairs: the score of the
        ``keep``-th best block is found from a histogram of the scores, and only the
        blocks scoring at least that much are sorted."""
        if not isinstance(ids, array):
            if self._lengths_array is None:
                import numpy as np

                self._lengths_array = np.asarray(self._block_lengths, dtype=np.uint32)
            return _top_arrays(ids, weights, keep, self._lengths_array)
        scores = list(
            map(
                _Scores().__getitem__,
                zip(weights, map(self._block_lengths.__getitem__, ids), strict=True),
            )
        )
        histogram = Counter(scores)
        cutoff = 0.0
        seen = 0
        for cutoff in sorted(histogram):
            seen += histogram[cutoff]
            if seen >= keep:
                break
        best = sorted(compress(zip(scores, ids, strict=True), map(cutoff.__ge__, scores)))[:keep]
        return array("I", [docnum for _, docnum in best])


class _FieldLengths:
    """A per-document reader's ``doc_field_length``, asking once per field whether it
    has a length column: the reader asks the file system again for every posting of a
    field without one (the document ids', one posting per block)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._has: dict[str, bool] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        has = self._has.get(fieldname)
        if has is None:
            has = self._has[fieldname] = bool(self._reader.has_column(f"_{fieldname}_len"))
        return int(self._reader.doc_field_length(docnum, fieldname, default)) if has else default


def _numpy_installed() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:  # the installed program: numpy is not shipped
        return False
    return True


class _Chunk:
    """What :class:`whoosh.codec.whoosh3.W3TermInfo` reads of a posting block."""

    __slots__ = ("_count", "_first", "_last", "_maxlength", "_minlength", "_weights")

    def __init__(self, count: int, first: int, last: int, minlength: int, maxlength: int):
        self._count = count
        self._weights = (float(count),)  # every weight 1.0
        self._first = first
        self._last = last
        self._minlength = minlength
        self._maxlength = maxlength

    def __len__(self) -> int:
        return self._count

    def min_id(self) -> int:
        return self._first

    def max_id(self) -> int:
        return self._last

    def min_length(self) -> int:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return 1.0


def _gram_count(folded: str) -> int:
    runs = folded.split()  # each run of n characters has n + n - 1 grams
    return 2 * sum(map(len, runs)) - len(runs)


def _send_failure(failure: Any, exc: OSError) -> None:
    """A forked process's OSError (a full disk, say), for its parent to raise as its own."""
    failure.send((exc.errno, exc.strerror, exc.filename))


def _finished(process: Any, failure: Any) -> None:
    """Wait for a forked postings process; its OSError raised here as the build's own."""
    process.join()
    if process.exitcode != 0:
        if failure.poll():
            errno, strerror, filename = failure.recv()
            raise OSError(errno, strerror, filename)
        raise RuntimeError(f"the postings process failed ({process.exitcode})")


def _append_postings(
    postings: IO[bytes], postfile: Any, terms: Any, add: Callable[[bytes, Any], None]
) -> None:
    """Copy a forked process's postings file to ``postfile`` at its position and give
    ``add`` each term info, its offset moved by where the copy starts."""
    base = postfile.tell()
    postings.seek(0)
    shutil.copyfileobj(postings, postfile, 1 << 20)
    for btext, terminfo in terms:
        terminfo._offset += base
        add(btext, terminfo)


class _GramProcess:
    """A forked process that does, from the folded texts given ahead, what the writer
    does with a gram field's postings in arrays: counts and sorts them a batch at a
    time (run files), then writes every range of terms into a file of its own (one
    process: the building process indexes the documents meanwhile, and a third would
    hold its own copy of the postings of a range), appended with the term infos
    (offsets moved) when the segment is written."""

    def __init__(
        self, writer: BulkGramWriter, name: str, folded: Sequence[str], boosts: Sequence[float]
    ) -> None:
        self.name = name
        self._writer = writer
        self._folded = folded
        self._boosts = boosts
        self._field_boost = writer.schema[name].format.field_boost
        self._compression = writer.codec._compression  # as its postings writer has it
        folder = writer._spill_dir
        self._postings = tempfile.TemporaryFile(dir=folder, prefix=".postings-")  # noqa: SIM115 - closed in stop
        self._result = tempfile.TemporaryFile(dir=folder, prefix=".postings-")  # noqa: SIM115 - closed in stop
        context = multiprocessing.get_context("fork")
        self._failure, send = context.Pipe(duplex=False)
        self._process: Any = context.Process(target=self._run, args=(send,), daemon=True)
        self._process.start()
        send.close()

    def check(self, folded: str, boost: float, docnum: int) -> None:
        """That the block added is the one given ahead (the same folded text and boost)."""
        if (
            docnum >= len(self._folded)
            or folded != self._folded[docnum]
            or boost != float(self._boosts[docnum]) * self._field_boost
        ):
            raise ValueError(f"block {docnum} is not the one whose grams were given ahead")

    def _run(self, failure: Any) -> None:  # in the forked process
        import numpy as np

        in_forked_worker()
        writer = self._writer
        writer.tops = {}
        engine = writer._arrays[self.name]
        terms: list[tuple[bytes, Any]] = []
        try:
            field_boost = self._field_boost
            counts = array("I")
            for docnum, (text, boost) in enumerate(zip(self._folded, self._boosts, strict=True)):
                engine.add(text, float(boost) * field_boost, docnum)
                counts.append(_gram_count(text))
            lengths = np.frombuffer(counts, dtype=np.uint32)
            out = _TermOutput(self._postings, self._compression, lambda b, t: terms.append((b, t)))
            for number in range(engine.range_count()):
                writer._write_range(out, engine, number, lengths)
            self._postings.flush()
            result = (writer.tops, terms, engine.runs_written, len(counts))
            pickle.dump(result, self._result, pickle.HIGHEST_PROTOCOL)
            self._result.flush()
        except OSError as exc:  # a full disk, say: the build's process raises it as its own
            _send_failure(failure, exc)
            raise SystemExit(1) from None
        finally:
            engine.close()

    def append_to(self, postfile: Any, add: Callable[[bytes, Any], None], blocks: int) -> int:
        """The postings written into ``postfile`` at its position, their term infos
        given to ``add``; returns how many run files they went through."""
        _finished(self._process, self._failure)
        self._process = None
        self._result.seek(0)
        tops, terms, runs_written, given = pickle.load(self._result)
        if given != blocks:
            raise ValueError(f"{blocks} blocks added, {given} given ahead")
        _append_postings(self._postings, postfile, terms, add)
        self._writer.tops.update(tops)
        return int(runs_written)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        self._postings.close()
        self._result.close()
        self._failure.close()


class _LaterRanges:
    """Ranges of terms written by a forked process where one can be forked (Linux,
    macOS), into a file of its own, appended with their term infos (offsets moved)
    when asked; else written here then."""

    def __init__(
        self, writer: BulkGramWriter, engine: Any, numbers: range, lengths: Any, compression: int
    ) -> None:
        self._writer = writer
        self._engine = engine
        self._numbers = numbers
        self._lengths = lengths
        self._compression = compression
        self._process: Any = None
        if numbers and "fork" in multiprocessing.get_all_start_methods():
            folder = writer._spill_dir
            self._postings = tempfile.TemporaryFile(dir=folder, prefix=".postings-")  # noqa: SIM115 - closed in stop
            self._result = tempfile.TemporaryFile(dir=folder, prefix=".postings-")  # noqa: SIM115 - closed in stop
            context = multiprocessing.get_context("fork")
            self._failure, send = context.Pipe(duplex=False)
            self._process = context.Process(target=self._write, args=(send,), daemon=True)
            self._process.start()
            send.close()

    def _write(self, failure: Any) -> None:  # in the forked process
        in_forked_worker()
        writer = self._writer
        writer.tops = {}
        terms: list[tuple[bytes, Any]] = []
        out = _TermOutput(self._postings, self._compression, lambda b, t: terms.append((b, t)))
        try:
            for number in self._numbers:
                writer._write_range(out, self._engine, number, self._lengths)
            self._postings.flush()
            pickle.dump((writer.tops, terms), self._result, pickle.HIGHEST_PROTOCOL)
            self._result.flush()
        except OSError as exc:  # a full disk, say: the build's process raises it as its own
            _send_failure(failure, exc)
            raise SystemExit(1) from None

    def append_to(self, postfile: Any, add: Callable[[bytes, Any], None]) -> None:
        if not self._numbers:
            return
        if self._process is None:
            out = _TermOutput(postfile, self._compression, add)
            for number in self._numbers:
                self._writer._write_range(out, self._engine, number, self._lengths)
            return
        _finished(self._process, self._failure)
        self._process = None
        self._result.seek(0)
        tops, terms = pickle.load(self._result)
        _append_postings(self._postings, postfile, terms, add)
        self._writer.tops.update(tops)
        self.stop()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        if self._numbers and hasattr(self, "_postings"):
            self._postings.close()
            self._result.close()
            self._failure.close()


class _TermOutput:
    """Writes a term's posting blocks and its term info as :func:`_write_block` and the
    Whoosh field writer do, from blocks already laid out in arrays."""

    def __init__(self, postfile: Any, compression: int, add: Callable[[bytes, Any], None]):
        self._postfile = postfile
        self._compression = compression
        self._add = add

    def term(self, btext: bytes, rows: list[tuple[int, ...]], packed: dict[str, Any]) -> None:
        postfile = self._postfile
        compression = self._compression
        terminfo = W3TermInfo()
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        last_row = len(rows) - 1
        for number, (low, high, code, first, last, minlength, maxlength) in enumerate(rows):
            typecode = "BHI"[code]
            ids = array(typecode)
            ids.frombytes(packed[typecode][low:high].tobytes())
            count = high - low
            terminfo.add_block(_Chunk(count, first, last, minlength, maxlength))
            data = zlib.compress(pickle.dumps((ids, None, None), 4), compression)
            info = pickle.dumps(
                (
                    count,
                    last,
                    1.0,
                    compression,
                    length_to_byte(minlength),
                    length_to_byte(maxlength),
                ),
                2,
            )
            size = len(info) + len(data)
            postfile.write(b"".join((pack_int(-size if number == last_row else size), info, data)))
        terminfo.set_extent(start, postfile.tell() - start)
        self._add(btext, terminfo)


def _top_arrays(ids: Any, weights: Any, keep: int, lengths: Any) -> array[int]:
    """:meth:`BulkGramWriter._top` of numpy arrays (``lengths``: every block's, an
    array too): each distinct (weight, length) pair is scored once by
    :func:`index.ranking.block_weight`."""
    import numpy as np

    pairs = (weights.astype(np.float32).view(np.uint32).astype(np.uint64) << np.uint64(32)) | (
        lengths[ids].astype(np.uint64)
    )
    ordered = np.sort(pairs)
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    distinct = ordered[starts]
    repeats = np.diff(np.append(starts, ordered.size))
    distinct_weights = (distinct >> np.uint64(32)).astype(np.uint32).view(np.float32).tolist()
    distinct_lengths = (distinct & np.uint64(0xFFFFFFFF)).tolist()
    scores_of = np.array(
        [-block_weight(w, n) for w, n in zip(distinct_weights, distinct_lengths, strict=True)],
        dtype=np.float64,
    )
    # the pairs scoring as well as the keep-th best posting or better: few, a small table
    by_score = np.argsort(scores_of, kind="stable")
    enough = int(np.searchsorted(np.cumsum(repeats[by_score]), keep))
    cutoff = scores_of[by_score[min(enough, by_score.size - 1)]]
    good = np.flatnonzero(scores_of <= cutoff)
    at = np.minimum(np.searchsorted(distinct[good], pairs), good.size - 1)
    chosen = np.flatnonzero(distinct[good][at] == pairs)
    scores = scores_of[good][at[chosen]]
    best = chosen[np.lexsort((ids[chosen], scores))][:keep]
    out = array("I")
    out.frombytes(ids[best].astype(np.uint32).tobytes())
    return out


def _boosted(values: Any, boost: float) -> Any:
    return values if boost == 1.0 else map(mul, values, repeat(boost))
