"""What installing verified about a pack, so that opening it need not verify it again.

Installing checks every byte of a pack against its signed manifest, reads every document
and checks the index (:mod:`index.packs.install`).  It then writes ``verified.json`` in the
pack's folder: for every file of the pack's index, its size, modification time, change
time and file number (inode) as they were when checked.  Opening a pack compares those
with the files as they are now — a few ``stat`` calls instead of reading the index:

* all equal: the files are the ones that were verified; only the index's format is
  compared with what this program reads;
* anything different (a file rewritten, truncated, added, removed or replaced, the
  folder copied back from a backup, no record at all): the index gets the full check,
  every byte against its checksums (:func:`index.store.check_index` with ``full``), and
  is left out if it fails.  When it passes, the record is written again (if the folder
  is writable and no install or removal holds it), so the next opening is quick.

Writing a file in place updates its change time, which no program can set back, so a
file changed after the check is never taken for the checked one.  Damage that changes
no metadata (a failing disk) is what ``full=True`` (``python -m index search``, the
self-check, the window's check after start) is for.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from index.manifest import IndexState, IndexStatus, check_index, format_problem, read_manifest
from index.packs.archive import INDEX_DIR

__all__ = [
    "RECORD_FILE",
    "check_installed_index",
    "file_states",
    "record_verified_state",
    "recorded_state_matches",
]

log = logging.getLogger(__name__)

RECORD_FILE = "verified.json"
_RECORD_FORMAT = 1

FileStates = dict[str, list[int]]


def file_states(pack_folder: Path) -> FileStates:
    """``{relative name: [size, mtime_ns, ctime_ns, inode]}`` of every index file."""
    states: FileStates = {}
    pending = [(os.fspath(pack_folder / INDEX_DIR), INDEX_DIR)]
    if not os.path.isdir(pending[0][0]):
        return states
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{prefix}/{entry.name}"
                if entry.is_symlink():
                    states[name] = [-1, 0, 0, 0]  # never the verified state: a file was replaced
                elif entry.is_dir():
                    pending.append((entry.path, name))
                elif entry.is_file():
                    # os.stat, not entry.stat(): scandir leaves st_ino 0 on Windows
                    info = os.stat(entry.path, follow_symlinks=False)
                    states[name] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    return states


def _read_record(pack_folder: Path) -> FileStates | None:
    try:
        record = json.loads((pack_folder / RECORD_FILE).read_text("utf-8"))
    except (OSError, ValueError, RecursionError):  # damaged: the index gets the full check
        return None
    if not isinstance(record, dict) or record.get("format") != _RECORD_FORMAT:
        return None
    files = record.get("files")
    return files if isinstance(files, dict) else None


def recorded_state_matches(pack_folder: Path, states: FileStates | None = None) -> bool:
    """Are the pack's index files exactly the ones its record says were verified?"""
    recorded = _read_record(pack_folder)
    if not recorded:
        return False
    try:
        now = file_states(pack_folder) if states is None else states
    except OSError:
        return False
    return now == recorded


def record_verified_state(pack_folder: Path, states: FileStates | None = None) -> None:
    """Write the record of the index files as they are now (or as ``states``); call it
    only once they have been verified.  Raises OSError if it cannot be written."""
    record: dict[str, Any] = {
        "format": _RECORD_FORMAT,
        "files": file_states(pack_folder) if states is None else states,
    }
    tmp = pack_folder / (RECORD_FILE + ".tmp")
    tmp.write_text(json.dumps(record, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, pack_folder / RECORD_FILE)


def _format_status(index_dir: Path) -> IndexStatus:
    """The cheap part of the index check: a readable manifest of this program's format."""
    try:
        manifest = read_manifest(index_dir)
    except (OSError, ValueError) as exc:
        return IndexStatus(IndexState.CORRUPT, f"the index manifest is unreadable: {exc}")
    problem = format_problem(manifest)
    if problem is not None:
        return problem
    return IndexStatus(
        IndexState.OK, f"{manifest.get('documents')} documents, {manifest.get('blocks')} blocks"
    )


def check_installed_index(pack_folder: Path, *, full: bool = False) -> IndexStatus:
    """Is the installed pack's index usable?  Quick when its files are the verified ones
    (unless ``full``); otherwise every byte is checked, and a pass is recorded."""
    index_dir = pack_folder / INDEX_DIR
    try:
        before = file_states(pack_folder)
    except OSError as exc:
        return IndexStatus(IndexState.CORRUPT, f"the index cannot be read: {exc}")
    if not full and recorded_state_matches(pack_folder, before):
        return _format_status(index_dir)
    status = check_index(index_dir, full=True)
    if status.ok:
        _record_if_unchanged(pack_folder, before)
    return status


def _record_if_unchanged(pack_folder: Path, before: FileStates) -> None:
    """Record a passed full check, unless an install or removal holds the packs folder,
    the files changed meanwhile, or the folder is read-only (a machine's packs)."""
    from index.packs.errors import PackError
    from index.packs.install import packs_folder_lock

    if recorded_state_matches(pack_folder, before) or not os.access(pack_folder, os.W_OK):
        return
    try:
        with packs_folder_lock(pack_folder.parent, wait=0):
            if pack_folder.is_dir() and file_states(pack_folder) == before:
                record_verified_state(pack_folder, before)
    except (PackError, OSError) as exc:
        log.info("the verified state of %s was not recorded: %s", pack_folder, exc)
