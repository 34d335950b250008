"""Checksums of every index file, recorded in the manifest and verified when the index is read.

A Whoosh index is checked by Whoosh only as far as its reader happens to look: one
flipped bit in a term file can turn 49 hits into none with no error at all.  So the
manifest records, for every file of the index folder (Whoosh's files and the folded-text
sidecar alike), its size, its SHA-256 and the SHA-256 of each 1 MiB chunk:

* :func:`verify_files` with ``full=True`` (``python -m index check``, ``--self-check``,
  the command-line search, and the program in the background after start) hashes
  every byte;
* with ``full=False`` (the program's start) it compares every size, hashes every small
  file and a few chunks of each large one (the first, the last and a sample), so the
  start stays fast and a damaged file is usually caught before the first search; the
  full check that follows catches the rest.

Any mismatch means the index is damaged: the caller rebuilds it, never searches it.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

__all__ = [
    "CHUNK_BYTES",
    "INTEGRITY_KEY",
    "describe_files",
    "verify_files",
]

INTEGRITY_KEY = "integrity"
CHUNK_BYTES = 1 << 20
_SMALL_FILE_BYTES = 256 * 1024
_SAMPLED_CHUNKS = 4
_ALGORITHM = "sha256"
_SKIPPED_SUFFIXES = ("LOCK", ".tmp")


def _index_files(folder: Path, manifest_name: str) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name != manifest_name and not p.name.endswith(_SKIPPED_SUFFIXES)
    )


def _digest_file(path: Path) -> tuple[int, str, list[str]]:
    whole = hashlib.sha256()
    chunks: list[str] = []
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK_BYTES):
            whole.update(block)
            chunks.append(hashlib.sha256(block).hexdigest()[:16])
            size += len(block)
    return size, whole.hexdigest(), chunks


def describe_files(folder: Path, manifest_name: str = "manifest.json") -> dict[str, Any]:
    """The manifest entry for every index file in ``folder``."""
    files: dict[str, Any] = {}
    for path in _index_files(folder, manifest_name):
        size, whole, chunks = _digest_file(path)
        files[path.name] = {"bytes": size, _ALGORITHM: whole, "chunks": chunks}
    return {"algorithm": _ALGORITHM, "chunk_bytes": CHUNK_BYTES, "files": files}


def _check_chunks(path: Path, expected: list[str], which: list[int]) -> bool:
    with path.open("rb") as fh:
        for number in which:
            fh.seek(number * CHUNK_BYTES)
            block = fh.read(CHUNK_BYTES)
            if hashlib.sha256(block).hexdigest()[:16] != expected[number]:
                return False
    return True


def verify_files(
    folder: Path,
    manifest: dict[str, Any],
    *,
    full: bool,
    manifest_name: str = "manifest.json",
    rng: random.Random | None = None,
) -> list[str]:
    """What does not match the manifest's checksums (empty: everything checked matches)."""
    entry = manifest.get(INTEGRITY_KEY)
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        return ["the index has no checksums (it was built by an older version)"]
    if entry.get("algorithm") != _ALGORITHM or entry.get("chunk_bytes") != CHUNK_BYTES:
        return ["the index checksums are of an unknown kind"]
    expected: dict[str, Any] = entry["files"]
    problems: list[str] = []
    try:
        present = {p.name for p in _index_files(folder, manifest_name)}
    except OSError as exc:
        return [f"the index folder cannot be read: {exc}"]
    for name in sorted(present - set(expected)):
        problems.append(f"{name} is not part of the index")
    rng = rng or random.Random()
    for name, info in sorted(expected.items()):
        path = folder / name
        if not isinstance(info, dict) or not isinstance(info.get("chunks"), list):
            problems.append(f"the checksum of {name} is unreadable")
            continue
        try:
            size = path.stat().st_size
            if size != info.get("bytes"):
                problems.append(f"{name} is missing or has the wrong size")
                continue
            chunks: list[str] = info["chunks"]
            if full or size <= _SMALL_FILE_BYTES:
                if _digest_file(path)[1] != info.get(_ALGORITHM):
                    problems.append(f"{name} is damaged (checksum mismatch)")
                continue
            count = len(chunks)
            sample = {0, count - 1, *rng.sample(range(count), min(_SAMPLED_CHUNKS, count))}
            if not _check_chunks(path, chunks, sorted(sample)):
                problems.append(f"{name} is damaged (checksum mismatch)")
        except (OSError, IndexError, ValueError) as exc:
            problems.append(f"{name} cannot be read: {exc}")
    return problems
