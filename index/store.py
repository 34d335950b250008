"""Building, describing and checking the Whoosh index of a corpus."""

from __future__ import annotations

import json
import logging
import os
import platform
import random
import re
import shutil
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, Schema
from whoosh.filedb.filestore import FileStorage

from index.analysis import ANALYZER_VERSION, GramField, bigram_set
from index.corpus import Corpus, SkippedFile, corpus_files, corpus_hash, load_corpus
from index.document import BlockKind, Document
from index.folding import FOLDING_VERSION, fold_text
from index.integrity import INTEGRITY_KEY, describe_files, verify_files
from index.ranking import HEADING_BOOST
from index.sidecar import SidecarError, check_sidecar, write_sidecar
from index.writer import BulkGramWriter

__all__ = [
    "INDEX_NAME",
    "MANIFEST_NAME",
    "SCHEMA_VERSION",
    "BuildError",
    "BuildReport",
    "IndexState",
    "IndexStatus",
    "build_index",
    "check_index",
    "create_empty_index",
    "make_schema",
    "read_manifest",
    "update_index",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
INDEX_NAME = "blocks"
MANIFEST_NAME = "manifest.json"
# Bigrams found in fewer blocks than this share bucket terms (see index.analysis),
# with about this many postings per bucket.
MIN_BIGRAM_DF = 32
BUCKET_POSTINGS = 128


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True),  # indexed for every block; stored as _add_document says
        # (block id, kind, level, order, navigation): one stored value, not five.  The
        # navigation says where the block's document title and section headings are
        # (see _navigation), so they are stored once, not with every block.
        block=STORED(),
        outline=STORED(),
        section=STORED(),
        doc_title=STORED(),
        text=GramField(stored=True),
    )


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


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for dist in ("whoosh-reloaded", "opencc"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover - frozen builds may lack metadata
            versions[dist] = "unknown"
    return versions


def expected_format() -> dict[str, int]:
    return {
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
        "folding_version": FOLDING_VERSION,
    }


def _build_time() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def _boost(kind: str) -> int:
    """Titles and headings outrank body text that matches equally well."""
    return HEADING_BOOST if kind in (BlockKind.TITLE, BlockKind.HEADING) else 1


def _folded_and_boost(fields: dict[str, Any]) -> tuple[str, int]:
    return fold_text(fields.get("text", "")), _boost(KINDS[fields["block"][1]])


# Stored compactly (a library holds a million blocks): the kind as its index here, and
# a block id of the usual form ("b" and 12 hex digits) as a number.
KINDS = tuple(kind.value for kind in BlockKind)
_KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
_PLAIN_BLOCK_ID = re.compile(r"b[0-9a-f]{12}")


def pack_block_id(block_id: str) -> int | str:
    return int(block_id[1:], 16) if _PLAIN_BLOCK_ID.fullmatch(block_id) else block_id


def unpack_block_id(value: int | str) -> str:
    return f"b{value:012x}" if isinstance(value, int) else value


def _add_document(writer: Any, doc: Document, order_base: int, compact: bool = False) -> int:
    """Index ``doc``'s blocks.  ``compact``: the document id is stored with its title
    block only (a personal library keeps it on every block, where the importer reads
    it)."""
    navigation = _navigation(doc)
    for offset, block in enumerate(doc.blocks):
        extra: dict[str, Any] = {"doc_id": doc.id}
        if offset and compact:
            extra["_stored_doc_id"] = None  # indexed, not stored (BulkGramWriter)
        nav = navigation[offset]
        if nav is None:  # headings not found by position: store the path itself
            extra["section"] = list(block.section)
            nav = (offset,)
        if offset == 0 and block.text != doc.title:
            extra["doc_title"] = doc.title
        if block.kind is BlockKind.HEADING and block.outline_title != block.text:
            extra["outline"] = block.outline_title
        writer.add_document(
            block=(
                pack_block_id(block.id),
                _KIND_CODES[block.kind.value],
                block.level,
                order_base + offset,
                nav,
            ),
            text=block.text,
            _text_boost=_boost(block.kind),
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
        if block.kind is BlockKind.HEADING:
            latest[block.outline_title] = offset
        found = [latest.get(heading) for heading in block.section]
        if any(at is None for at in found):
            out.append(None)
        else:
            out.append((offset, *(offset - at for at in found if at is not None)))
    return out


def build_index(
    corpus_dir: Path,
    out_dir: Path,
    *,
    strict: bool = False,
    progress: Callable[[int, int], bool] | None = None,
) -> BuildReport:
    """Build the index of ``corpus_dir`` into ``out_dir`` (replaced atomically).

    ``progress(done, total)`` is called after each document; returning False cancels
    the build (BuildError), leaving any previous index in place.
    """
    started = time.perf_counter()
    files = corpus_files(corpus_dir) if corpus_dir.is_dir() else []
    if not corpus_dir.is_dir():
        raise BuildError(f"corpus folder not found: {corpus_dir}")
    corpus: Corpus = load_corpus(corpus_dir)
    if strict and corpus.skipped:
        reasons = "; ".join(str(s) for s in corpus.skipped)
        raise BuildError(f"--strict: {len(corpus.skipped)} file(s) skipped: {reasons}")
    if not corpus.documents:
        raise BuildError(f"no readable documents in {corpus_dir}")

    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-build-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; an installed index is read by every user
    try:
        # Whoosh names segments with random ids: seed them so equal inputs give equal files.
        state = random.getstate()
        random.seed(corpus_hash(corpus_dir, files))
        try:
            ix = _ReproducibleStorage(str(staging)).create_index(
                make_schema(), indexname=INDEX_NAME
            )
            folded = [fold_text(b.text) for doc in corpus.documents for b in doc.blocks]
            bigram_df: Counter[str] = Counter()
            for text in folded:
                bigram_df.update(bigram_set(text))
            rare_postings = sum(n for n in bigram_df.values() if n < MIN_BIGRAM_DF)
            buckets = max(256, 1 << max(0, (rare_postings // BUCKET_POSTINGS).bit_length()))
            writer = BulkGramWriter(
                ix,
                bigram_df=bigram_df,
                min_bigram_df=MIN_BIGRAM_DF,
                buckets=buckets,
                lengths=array(
                    "I", [len(text.encode("utf-16-le", "surrogatepass")) // 2 for text in folded]
                ),
                limitmb=256,
                # Separate segment files: Whoosh reads a compound segment's parts into
                # memory when it opens them, separate files are read as needed.
                compound=False,
            )
            blocks = 0
            total = len(corpus.documents)
            for done, doc in enumerate(corpus.documents, start=1):
                blocks += _add_document(writer, doc, blocks, compact=True)
                if progress is not None and progress(done, total) is False:
                    writer.cancel()
                    raise BuildError("the build was cancelled")
            writer.commit(optimize=True)
        finally:
            random.setstate(state)
        del bigram_df
        boosts = [_boost(block.kind) for doc in corpus.documents for block in doc.blocks]
        sidecar = write_sidecar(staging, zip(folded, boosts, strict=True), writer.tops)
        del folded
        manifest = {
            **expected_format(),
            "index_name": INDEX_NAME,
            "corpus_hash": corpus_hash(corpus_dir, files),
            "documents": len(corpus.documents),
            "blocks": blocks,
            "next_order": blocks,
            "skipped": [str(s) for s in corpus.skipped],
            "gram_buckets": buckets,
            "min_bigram_df": MIN_BIGRAM_DF,
            "sidecar": sidecar,
            "files": _file_sizes(staging),
            INTEGRITY_KEY: describe_files(staging, MANIFEST_NAME),
            "versions": _versions(),
            "built": _build_time(),
        }
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
        )
        _replace_dir(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    log.info(
        "built index of %d documents (%d blocks) in %.2fs", len(corpus.documents), blocks, seconds
    )
    return BuildReport(out_dir, len(corpus.documents), blocks, corpus.skipped, seconds, manifest)


class _ReproducibleStorage(FileStorage):
    """Records a fixed modification time for the files packed into the compound segment.

    Whoosh writes each sub-file's mtime into the segment's directory; a constant
    (SOURCE_DATE_EPOCH, else 0) makes two builds of the same corpus byte-identical.
    """

    def file_modified(self, name: str) -> float:
        return float(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def _file_sizes(folder: Path) -> dict[str, int]:
    """Every index file's size (a truncated or missing file makes the index corrupt)."""
    return {
        p.name: p.stat().st_size
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.endswith(("LOCK", ".tmp"))
    }


def _write_manifest(index_dir: Path, manifest: dict[str, Any]) -> None:
    tmp = index_dir / (MANIFEST_NAME + ".tmp")
    tmp.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    os.replace(tmp, index_dir / MANIFEST_NAME)


def create_empty_index(index_dir: Path) -> None:
    """An index with no documents, to be filled by :func:`update_index` (a personal library)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    whoosh_index.create_in(str(index_dir), make_schema(), indexname=INDEX_NAME)
    sidecar = write_sidecar(index_dir, [])
    _write_manifest(
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
            "files": _file_sizes(index_dir),
            INTEGRITY_KEY: describe_files(index_dir, MANIFEST_NAME),
            "versions": _versions(),
            "built": _build_time(),
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
        files=_file_sizes(index_dir),
        versions=_versions(),
        **{INTEGRITY_KEY: describe_files(index_dir, MANIFEST_NAME)},
        built=_build_time(),
    )
    _write_manifest(index_dir, manifest)
    return manifest


def read_manifest(index_dir: Path) -> dict[str, Any]:
    with (index_dir / MANIFEST_NAME).open(encoding="utf-8") as fh:
        manifest = json.load(fh)
    if not isinstance(manifest, dict):
        raise ValueError("manifest is not a JSON object")
    return manifest


class IndexState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    STALE = "stale"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class IndexStatus:
    state: IndexState
    message: str

    @property
    def ok(self) -> bool:
        return self.state is IndexState.OK


def check_index(
    index_dir: Path, corpus_dir: Path | None = None, *, full: bool = False
) -> IndexStatus:
    """Is the index at ``index_dir`` usable, and (given a corpus) built from that corpus?

    Every file is checked against the manifest's checksums (:mod:`index.integrity`):
    all of every file with ``full``, else sizes, small files and sampled chunks."""
    if not index_dir.is_dir() or not (index_dir / MANIFEST_NAME).exists():
        return IndexStatus(IndexState.MISSING, f"no index at {index_dir}")
    try:
        manifest = read_manifest(index_dir)
    except (OSError, ValueError) as exc:
        return IndexStatus(IndexState.CORRUPT, f"the index manifest is unreadable: {exc}")
    for key, value in expected_format().items():
        if manifest.get(key) != value:
            return IndexStatus(
                IndexState.STALE,
                f"the index was built with {key} {manifest.get(key)!r}; "
                f"this program needs {value!r}",
            )
    for name, size in (manifest.get("files") or {}).items():
        path = index_dir / name
        if not path.is_file() or path.stat().st_size != size:
            return IndexStatus(IndexState.CORRUPT, f"the index file {name} is missing or damaged")
    damage = verify_files(index_dir, manifest, full=full, manifest_name=MANIFEST_NAME)
    if damage:
        if INTEGRITY_KEY not in manifest:
            return IndexStatus(IndexState.STALE, f"{damage[0]}; it must be rebuilt")
        return IndexStatus(IndexState.CORRUPT, f"the index is damaged: {'; '.join(damage[:3])}")
    try:
        ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, readonly=True)
        with ix.searcher() as searcher:
            count = searcher.doc_count()
            if count != manifest.get("blocks"):
                return IndexStatus(
                    IndexState.CORRUPT,
                    f"the index holds {count} blocks "
                    f"but its manifest says {manifest.get('blocks')}",
                )
            # Touch the postings and stored fields so truncated files show up here.
            if count:
                searcher.stored_fields(count - 1)
                next(iter(searcher.lexicon("text")), None)
            check_sidecar(index_dir, manifest.get("sidecar"))
            if searcher.reader().doc_count_all() != manifest["sidecar"]["count"]:
                raise SidecarError("the folded texts do not match the index")
    except SidecarError as exc:
        return IndexStatus(IndexState.CORRUPT, f"the index is damaged: {exc}")
    except Exception as exc:  # Whoosh raises many kinds of errors on damaged files
        return IndexStatus(
            IndexState.CORRUPT, f"the index cannot be read: {type(exc).__name__}: {exc}"
        )
    if corpus_dir is not None:
        if not corpus_dir.is_dir():
            return IndexStatus(
                IndexState.OK, "index usable; the corpus folder was not found to compare"
            )
        current = corpus_hash(corpus_dir)
        if manifest.get("corpus_hash") != current:
            return IndexStatus(IndexState.STALE, "the corpus has changed since the index was built")
    return IndexStatus(
        IndexState.OK, f"{manifest.get('documents')} documents, {manifest.get('blocks')} blocks"
    )
