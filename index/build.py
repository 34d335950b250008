"""Building an index: the whole bundled corpus at once, or a personal library in place."""

from __future__ import annotations

import json
import logging
import multiprocessing
import random
import shutil
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from index.analysis import bigram_set, gram_counts
from index.catalog import write_catalog, write_versions
from index.corpus import corpus_exists, corpus_hash
from index.corpus_notes import SkippedFile
from index.corpus_scan import StreamedCorpus, scan_corpus
from index.crossrefs import ReferenceTables
from index.document import Document
from index.folding import fold_text
from index.integrity import INTEGRITY_KEY, describe_files
from index.interrupts import in_forked_worker
from index.manifest import build_time, file_sizes, read_manifest, tool_versions, write_manifest
from index.ranking import REFERENCE_LENGTH
from index.schema import (
    INDEX_NAME,
    KIND_CODES,
    KINDS,
    MANIFEST_NAME,
    block_boost,
    expected_format,
    make_schema,
    pack_block_id,
)
from index.sidecar import OriginalsWriter, write_sidecar
from index.writer import BulkGramWriter

__all__ = ["BuildError", "BuildReport", "build_index", "create_empty_index", "update_index"]

log = logging.getLogger(__name__)

# Bigrams found in fewer blocks than this share bucket terms (see index.analysis),
# with about this many postings per bucket.
MIN_BIGRAM_DF = 32
BUCKET_POSTINGS = 128
# Folded characters per range of bigrams counted at once (see _kept_grams).
COUNT_CHARS = 30_000_000


class BuildError(RuntimeError):
    """The index could not be built; the message says why."""


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    documents: int
    blocks: int
    skipped: tuple[SkippedFile, ...]
    seconds: float
    manifest: dict[str, Any]


def _folded_and_boost(fields: dict[str, Any]) -> tuple[str, int]:
    return fold_text(fields.get("text", "")), block_boost(KINDS[fields["block"][1]])


def _add_document(
    writer: Any,
    doc: Document,
    order_base: int,
    compact: bool = False,
    folded: Sequence[str] | None = None,
) -> int:
    """Index ``doc``'s blocks.  ``compact``: the document id is stored with its title
    block only (a personal library keeps it on every block, where the importer reads
    it), and no text (a built library's catalog holds it, see index.catalog).
    ``folded``: the blocks' folded texts, when already folded (BulkGramWriter)."""
    navigation = _navigation(doc)
    for offset, block in enumerate(doc.blocks):
        extra: dict[str, Any] = {"doc_id": doc.id}
        if folded is not None:
            extra["_text_folded"] = folded[offset]
        if offset and compact:
            extra["_stored_doc_id"] = None  # indexed, not stored (BulkGramWriter)
        if compact:
            extra["_stored_text"] = None  # the catalog's pack holds the texts
        nav = navigation[offset]
        if nav is None:  # headings not found by position: store the path itself
            extra["section"] = list(block.section)
            nav = (offset,)
        if offset == 0 and block.text != doc.title:
            extra["doc_title"] = doc.title
        if block.is_heading and block.outline_title != block.text:
            extra["outline"] = block.outline_title
        stored: tuple[Any, ...] = (
            pack_block_id(block.id),
            KIND_CODES[block.kind.value],
            block.level,
            order_base + offset,
            nav,
        )
        if block.article_no:  # the article's number, 之 number and the block's 款
            stored += (block.article_no, block.article_sub, block.clause)
        writer.add_document(
            block=stored,
            text=block.text,
            _text_boost=block_boost(block.kind),
            **extra,
        )
    return len(doc.blocks)


def _navigation(doc: Document) -> list[tuple[int, ...] | None]:
    """Per block: how many blocks back its document's title and each of its section
    headings are (the title first), or None if a heading cannot be found that way.

    A section path holds outline titles: any earlier heading with that outline title
    gives the same text, and the latest one is taken."""
    out: list[tuple[int, ...] | None] = []
    latest: dict[str, int] = {}
    for offset, block in enumerate(doc.blocks):
        if block.is_heading:
            latest[block.outline_title] = offset
        found = [latest.get(heading) for heading in block.section]
        if any(at is None for at in found):
            out.append(None)
        else:
            out.append((offset, *(offset - at for at in found if at is not None)))
    return out


def _kept_grams(folded: Sequence[str]) -> tuple[set[str], int]:
    """The grams indexed as themselves — every character, and every bigram found in
    :data:`MIN_BIGRAM_DF` blocks or more — and how many postings the other bigrams have.

    A large corpus's bigrams are counted a range of them at a time (the ranges cut at
    bigrams of a sample of its blocks): a library of 10,000 documents holds millions of
    distinct bigrams, most of them rare.  With numpy, they are counted in arrays
    (:func:`index.gram_arrays.bigram_document_frequencies`), the same counts."""
    try:
        from index.gram_arrays import bigram_document_frequencies, key_text
    except ImportError:  # the installed program: numpy is not shipped
        pass
    else:
        keys, df, characters = bigram_document_frequencies(list(folded))
        common = df >= MIN_BIGRAM_DF
        kept = set(map(chr, characters.tolist()))
        kept.update(map(key_text, keys[common].tolist()))
        return kept, int(df[~common].sum())
    kept = set()
    for text in folded:
        kept.update(text)
    parts = 1 + sum(map(len, folded)) // COUNT_CHARS
    sample = sorted(set().union(*map(bigram_set, folded[:: max(1, len(folded) // 2000)])))
    cuts: list[str | None] = [sample[len(sample) * i // parts] for i in range(1, parts) if sample]
    rare_postings = 0
    for low, high in zip([None, *cuts], [*cuts, None], strict=True):
        bigram_df: Counter[str] = Counter()
        for text in folded:
            grams: Iterable[str] = bigram_set(text)
            if low is not None:
                grams = filter(low.__le__, grams)
            if high is not None:
                grams = filter(high.__gt__, grams)
            bigram_df.update(grams)
        rare_postings += sum(n for n in bigram_df.values() if n < MIN_BIGRAM_DF)
        kept.update(g for g, n in bigram_df.items() if n >= MIN_BIGRAM_DF)
        del bigram_df
    return kept, rare_postings


def _catalog_process(corpus_dir: Path, folder: Path, send: Any) -> None:
    """The catalog of ``corpus_dir`` written into ``folder`` by a second process (it
    reads the documents on its own); its manifest entry, or the error, goes to ``send``."""
    in_forked_worker()
    try:
        tables = ReferenceTables()
        corpus = scan_corpus(corpus_dir, tables.add)
        send.send(("ok", write_catalog(folder, corpus.documents(tables=tables))))
    except BaseException as exc:  # reported to the building process
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


class _CatalogWriter:
    """Writes the catalog beside the postings in a second process where the platform
    can fork one (the catalog's compression is a fifth of a build's processor time),
    else in this process when :meth:`result` is asked for."""

    def __init__(self, corpus_dir: Path, folder: Path, parallel: bool) -> None:
        self._corpus_dir = corpus_dir
        self._folder = folder
        self._process: Any = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_catalog_process, args=(corpus_dir, folder, send), daemon=True
            )
            self._process.start()
            send.close()

    def result(self, corpus: StreamedCorpus) -> dict[str, Any]:
        if self._process is None:
            return write_catalog(self._folder, corpus.documents())
        try:
            status, value = self._receive.recv()
        except EOFError:
            status, value = "error", "the catalog process ended without a result"
        self._process.join()
        self._process = None
        if status != "ok":
            raise BuildError(f"writing the catalog failed: {value}")
        if value["documents"] != len(corpus):
            raise BuildError("the corpus changed while it was being indexed")
        return dict(value)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None


def build_index(
    corpus_dir: Path,
    out_dir: Path,
    *,
    strict: bool = False,
    progress: Callable[[int, int], bool] | None = None,
    parallel: bool = False,
    memory_budget: int = 128 << 20,
) -> BuildReport:
    """Build the index of ``corpus_dir`` (a folder or a corpus archive) into ``out_dir``
    (replaced atomically).

    The documents are read twice, one at a time (never all held): first to fold their
    texts and count their grams, then to index them.  ``parallel``: the catalog is
    written by a second process meanwhile; where numpy is installed, the gram postings
    are counted, sorted and written by a third from the folded texts while the documents
    are indexed (see :meth:`index.writer.BulkGramWriter.grams_ahead`), else half of them
    by a forked process when the index is written.  ``memory_budget``: about how many bytes of
    postings are held before they go to a run file.

    ``progress(done, total)`` is called after each document; returning False cancels
    the build (BuildError), leaving any previous index in place.
    """
    started = time.perf_counter()
    if not corpus_exists(corpus_dir):
        raise BuildError(f"corpus folder not found: {corpus_dir}")
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-build-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; an installed index is read by every user
    catalog_writer = _CatalogWriter(corpus_dir, staging, parallel)
    originals: OriginalsWriter | None = None
    try:
        try:
            digest = corpus_hash(corpus_dir)
            folded: list[str] = []
            boosts = bytearray()
            # How each block's text differs from its folded text: a hit's text without
            # its document inflated from the catalog (see index.sidecar).
            originals = differences = OriginalsWriter(staging)

            def fold(doc: Document) -> None:
                texts = [fold_text(block.text) for block in doc.blocks]
                for block, text in zip(doc.blocks, texts, strict=True):
                    differences.add(block.text, text)
                folded.extend(texts)
                boosts.extend([block_boost(block.kind) for block in doc.blocks])

            corpus = scan_corpus(corpus_dir, fold)
            originals.close()
            originals = None
        except OSError as exc:  # a damaged corpus archive, a folder gone meanwhile
            raise BuildError(str(exc)) from None
        if strict and corpus.skipped:
            reasons = "; ".join(str(s) for s in corpus.skipped)
            raise BuildError(f"--strict: {len(corpus.skipped)} file(s) skipped: {reasons}")
        if not len(corpus):
            raise BuildError(f"no readable documents in {corpus_dir}")

        # Whoosh names segments with random ids: seed them so equal inputs give equal files.
        state = random.getstate()
        random.seed(digest)
        try:
            ix = FileStorage(str(staging)).create_index(make_schema(), indexname=INDEX_NAME)
            kept, rare_postings = _kept_grams(folded)
            buckets = max(256, 1 << max(0, (rare_postings // BUCKET_POSTINGS).bit_length()))
            writer = BulkGramWriter(
                ix,
                kept=kept,
                min_bigram_df=MIN_BIGRAM_DF,
                buckets=buckets,
                lengths=array(
                    "I", [len(text.encode("utf-16-le", "surrogatepass")) // 2 for text in folded]
                ),
                memory_budget=memory_budget,
                parallel=parallel,
                limitmb=256,
                # Separate segment files: Whoosh reads a compound segment's parts into
                # memory when it opens them, separate files are read as needed.
                compound=False,
            )
            # The grams' postings made meanwhile by a forked process, where one can be.
            writer.grams_ahead(folded, boosts)
            blocks = 0
            total = len(corpus)
            try:
                for done, doc in enumerate(corpus.documents(linked=False), start=1):
                    end = blocks + len(doc.blocks)
                    blocks += _add_document(
                        writer, doc, blocks, compact=True, folded=folded[blocks:end]
                    )
                    if progress is not None and progress(done, total) is False:
                        writer.cancel()
                        raise BuildError("the build was cancelled")
                writer.commit(optimize=True)
            except BaseException:
                writer.stop_ahead()
                raise
        finally:
            random.setstate(state)
        del kept
        sidecar = write_sidecar(staging, zip(folded, boosts, strict=True), writer.tops)
        ranges = _noncurrent_ranges(corpus)
        old_df: Counter[str] = Counter()
        for start, count in ranges:
            for docnum in range(start, start + count):
                old_df.update(gram_counts(folded[docnum]).keys())
        write_versions(staging, ranges, {g: n for g, n in old_df.items() if g in writer.tops})
        folded.clear()
        del old_df
        catalog = catalog_writer.result(corpus)
        manifest = {
            **expected_format(),
            "index_name": INDEX_NAME,
            "corpus_hash": digest,
            "documents": len(corpus),
            "blocks": blocks,
            "next_order": blocks,
            "skipped": [str(s) for s in corpus.skipped],
            "identical_copies": [
                [
                    c.kept.relative_to(corpus_dir).as_posix(),
                    c.copy.relative_to(corpus_dir).as_posix(),
                ]
                for c in corpus.copies
            ],
            "renamed": list(corpus.renamed),
            "gram_buckets": buckets,
            "min_bigram_df": MIN_BIGRAM_DF,
            # The block length the top lists were ranked at (index.ranking).
            "tops_length": REFERENCE_LENGTH,
            "sidecar": sidecar,
            "catalog": catalog,
            "files": file_sizes(staging),
            INTEGRITY_KEY: describe_files(staging, MANIFEST_NAME),
            "versions": tool_versions(),
            "built": build_time(),
        }
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
        )
        _replace_dir(staging, out_dir)
    except BaseException:
        catalog_writer.stop()
        if originals is not None:
            originals.discard()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    log.info("built index of %d documents (%d blocks) in %.2fs", len(corpus), blocks, seconds)
    return BuildReport(out_dir, len(corpus), blocks, corpus.skipped, seconds, manifest)


def _noncurrent_ranges(corpus: StreamedCorpus) -> list[tuple[int, int]]:
    """As :func:`index.catalog.noncurrent_ranges` gives them for the corpus's documents."""
    out = []
    start = 0
    for current, count in zip(corpus.current, corpus.block_counts(), strict=True):
        if not current:
            out.append((start, count))
        start += count
    return out


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def create_empty_index(index_dir: Path) -> None:
    """An index with no documents, to be filled by :func:`update_index` (a personal library)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    whoosh_index.create_in(str(index_dir), make_schema(), indexname=INDEX_NAME)
    sidecar = write_sidecar(index_dir, [])
    write_manifest(
        index_dir,
        {
            **expected_format(),
            "index_name": INDEX_NAME,
            "corpus_hash": None,
            "documents": 0,
            "blocks": 0,
            "next_order": 0,
            "skipped": [],
            "gram_buckets": 0,
            "min_bigram_df": 0,
            "sidecar": sidecar,
            "files": file_sizes(index_dir),
            INTEGRITY_KEY: describe_files(index_dir, MANIFEST_NAME),
            "versions": tool_versions(),
            "built": build_time(),
        },
    )


def update_index(
    index_dir: Path, add: Sequence[Document] = (), remove: Sequence[str] = ()
) -> dict[str, Any]:
    """Add (or replace, by id) and remove documents in place; returns the new manifest.

    One transaction: Whoosh's writer lock admits one writer, and a failure before the
    commit leaves the index as it was.  New blocks are numbered after every earlier
    one, so ranking ties stay deterministic.
    """
    if not (index_dir / MANIFEST_NAME).exists():
        create_empty_index(index_dir)
    manifest = read_manifest(index_dir)
    if manifest.get("gram_buckets"):
        # Its rare bigrams share bucket terms chosen from the whole corpus: rebuild it.
        raise ValueError(f"{index_dir} is a built library index; rebuild it instead")
    ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    writer = ix.writer()
    try:
        for doc_id in {*remove, *(doc.id for doc in add)}:
            writer.delete_by_term("doc_id", doc_id)
        order = int(manifest.get("next_order", manifest.get("blocks", 0)))
        for doc in add:
            order += _add_document(writer, doc, order)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    with ix.searcher() as searcher:
        blocks = searcher.doc_count()
        documents = len({fields["doc_id"] for fields in searcher.all_stored_fields()})
        # Document numbers shift when Whoosh merges segments: rewrite the folded texts
        # (a personal library is small).
        reader = searcher.reader()
        sidecar = write_sidecar(
            index_dir,
            (
                ("", 1)
                if reader.is_deleted(docnum)
                else _folded_and_boost(reader.stored_fields(docnum))
                for docnum in range(reader.doc_count_all())
            ),
        )
    manifest.update(
        documents=documents,
        blocks=blocks,
        next_order=order,
        sidecar=sidecar,
        files=file_sizes(index_dir),
        versions=tool_versions(),
        **{INTEGRITY_KEY: describe_files(index_dir, MANIFEST_NAME)},
        built=build_time(),
    )
    write_manifest(index_dir, manifest)
    return manifest
