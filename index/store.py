"""Building, describing and checking the Whoosh index of a corpus."""

from __future__ import annotations

import json
import logging
import os
import platform
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from index.analysis import ANALYZER_VERSION, GramTokenizer
from index.corpus import Corpus, SkippedFile, corpus_files, corpus_hash, load_corpus
from index.document import BlockKind, Document
from index.folding import FOLDING_VERSION

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

SCHEMA_VERSION = 1
INDEX_NAME = "blocks"
MANIFEST_NAME = "manifest.json"
# Titles and headings outrank body text that matches equally well.
HEADING_BOOST = 3.0


def make_schema() -> Schema:
    analyzer = GramTokenizer()
    return Schema(
        doc_id=ID(stored=True),
        block_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        level=STORED(),
        order=NUMERIC(stored=True, sortable=True),
        section=STORED(),
        doc_title=STORED(),
        text=TEXT(analyzer=analyzer, phrase=True, stored=True),
        head=TEXT(analyzer=analyzer, phrase=True, field_boost=HEADING_BOOST),
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


def _add_document(writer: Any, doc: Document, order_base: int) -> int:
    for offset, block in enumerate(doc.blocks):
        head = ""
        if block.kind is BlockKind.TITLE:
            head = block.text
        elif block.kind is BlockKind.HEADING:
            head = block.outline_title
        writer.add_document(
            doc_id=doc.id,
            block_id=f"{doc.id}/{block.id}",
            kind=block.kind.value,
            level=block.level,
            order=order_base + offset,
            section=list(block.section),
            doc_title=doc.title,
            text=block.text,
            head=head,
        )
    return len(doc.blocks)


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
            writer = ix.writer(limitmb=256)
            blocks = 0
            total = len(corpus.documents)
            for done, doc in enumerate(corpus.documents, start=1):
                blocks += _add_document(writer, doc, blocks)
                if progress is not None and progress(done, total) is False:
                    writer.cancel()
                    raise BuildError("the build was cancelled")
            writer.commit(optimize=True)
        finally:
            random.setstate(state)
        manifest = {
            **expected_format(),
            "index_name": INDEX_NAME,
            "corpus_hash": corpus_hash(corpus_dir, files),
            "documents": len(corpus.documents),
            "blocks": blocks,
            "next_order": blocks,
            "skipped": [str(s) for s in corpus.skipped],
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
    manifest.update(
        documents=documents,
        blocks=blocks,
        next_order=order,
        versions=_versions(),
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


def check_index(index_dir: Path, corpus_dir: Path | None = None) -> IndexStatus:
    """Is the index at ``index_dir`` usable, and (given a corpus) built from that corpus?"""
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
