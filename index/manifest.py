"""An index's manifest (what it holds, how it was built, its files' sizes) and the check
of an index against it: usable, missing, stale or corrupt.
"""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from index.corpus import corpus_exists, corpus_hash
from index.index_files import read_manifest
from index.integrity import INTEGRITY_KEY, verify_files
from index.schema import INDEX_NAME, MANIFEST_NAME, expected_format
from index.sidecar import SidecarError, check_sidecar

__all__ = [
    "IndexState",
    "IndexStatus",
    "build_time",
    "check_index",
    "file_sizes",
    "format_problem",
    "read_manifest",
    "tool_versions",
    "write_manifest",
]


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for dist in ("whoosh-reloaded", "opencc"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover - frozen builds may lack metadata
            versions[dist] = "unknown"
    return versions


def build_time() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def file_sizes(folder: Path) -> dict[str, int]:
    """Every index file's size (a truncated or missing file makes the index corrupt)."""
    return {
        p.name: p.stat().st_size
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.endswith(("LOCK", ".tmp"))
    }


def write_manifest(index_dir: Path, manifest: dict[str, Any]) -> None:
    tmp = index_dir / (MANIFEST_NAME + ".tmp")
    tmp.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    os.replace(tmp, index_dir / MANIFEST_NAME)


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


def format_problem(manifest: dict[str, Any]) -> IndexStatus | None:
    """Why an index with this manifest is not of this program's format (None: it is)."""
    for key, value in expected_format().items():
        if manifest.get(key) != value:
            return IndexStatus(
                IndexState.STALE,
                f"the index was built with {key} {manifest.get(key)!r}; "
                f"this program needs {value!r}",
            )
    return None


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
    problem = format_problem(manifest)
    if problem is not None:
        return problem
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
        if not corpus_exists(corpus_dir):
            return IndexStatus(
                IndexState.OK, "index usable; the corpus folder was not found to compare"
            )
        try:
            current = corpus_hash(corpus_dir)
        except OSError as exc:  # a damaged corpus archive: nothing to compare with
            return IndexStatus(IndexState.OK, f"index usable; the corpus cannot be read: {exc}")
        if manifest.get("corpus_hash") != current:
            return IndexStatus(IndexState.STALE, "the corpus has changed since the index was built")
    return IndexStatus(
        IndexState.OK, f"{manifest.get('documents')} documents, {manifest.get('blocks')} blocks"
    )
