"""Where an installed pack's files are: one folder per pack id, one folder per version.

``<packs folder>/<pack id>/`` holds the versions installed, ``v-<random>/`` each (with
``pack.json``, ``manifest.json``, ``signature``, ``documents/``, ``index/``), and a small
pointer file, ``current``, naming the one in use.  An update unpacks into a new version
folder and replaces the pointer (one atomic file replace); a removal deletes the
pointer.  No folder a reader may hold files open in is ever renamed or deleted while in
use: Windows refuses both.  Versions no longer named are deleted later, once nothing
holds them (:func:`collect_unused_versions`).

A pack folder without a pointer but with an ``index/`` of its own is a pack laid out
flat (as installed before versions, or the benchmark's); one with neither is what is
left of a removed pack, and is no pack.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

__all__ = [
    "CURRENT_FILE",
    "VERSION_PREFIX",
    "collect_unused_versions",
    "installed_version",
    "new_version_folder",
    "switch_version",
]

log = logging.getLogger(__name__)

CURRENT_FILE = "current"
VERSION_PREFIX = "v-"
_FLAT_INDEX = "index"
_TRASH_PREFIX = ".trash-"


def installed_version(pack_dir: Path) -> Path | None:
    """The folder of the version of the pack in ``pack_dir`` in use, or None if none is."""
    try:
        name = (pack_dir / CURRENT_FILE).read_text("utf-8").strip()
    except FileNotFoundError:
        return pack_dir if (pack_dir / _FLAT_INDEX).is_dir() else None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("pointer of %s unreadable: %s", pack_dir, exc)
        return None
    if not name.startswith(VERSION_PREFIX) or any(c in name for c in "/\\:") or ".." in name:
        log.warning("pointer of %s names %r", pack_dir, name)
        return None
    folder = pack_dir / name
    return folder if folder.is_dir() else None


def new_version_folder(pack_dir: Path, digest: str) -> Path:
    """A version folder name in ``pack_dir`` (not created) for the pack whose signed
    manifest has the sha256 ``digest``: the same pack installed again gets the same name;
    another name when that one is taken by a version no longer in use, not yet deleted."""
    pack_dir.mkdir(parents=True, exist_ok=True)
    folder = pack_dir / f"{VERSION_PREFIX}{digest[:16]}"
    if not folder.exists():
        return folder
    folder = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=pack_dir))
    folder.rmdir()
    return folder


def switch_version(pack_dir: Path, version: Path | None) -> None:
    """Make ``version`` (a folder in ``pack_dir``) the one in use, or none (removal), in
    one atomic step: the pointer file is replaced or deleted, never a folder renamed."""
    pointer = pack_dir / CURRENT_FILE
    if version is None:
        pointer.unlink(missing_ok=True)
        return
    fd, temp = tempfile.mkstemp(prefix=".current-", dir=pack_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(version.name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, pointer)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _discard(path: Path, packs_dir: Path) -> bool:
    """Move ``path`` out of the way, then delete it; False (nothing touched) when it is in
    use: Windows refuses to rename a folder holding an open file."""
    try:
        trash = Path(tempfile.mkdtemp(prefix=_TRASH_PREFIX, dir=packs_dir))
        trash.rmdir()
        path.rename(trash)
    except OSError as exc:
        log.info("%s still in use (%s); deleted later", path, exc)
        return False
    shutil.rmtree(trash, ignore_errors=True)
    return True


def collect_unused_versions(packs_dir: Path, pack_id: str) -> None:
    """Delete what the pack ``pack_id`` no longer uses: older versions, the files of a
    flat layout replaced by a version, the whole folder of a removed pack; whatever is
    still held open stays for the next install or removal to collect."""
    pack_dir = packs_dir / pack_id
    if not pack_dir.is_dir():
        return
    for trash in packs_dir.glob(f"{_TRASH_PREFIX}*"):
        shutil.rmtree(trash, ignore_errors=True)
    current = installed_version(pack_dir)
    if current is None and _discard(pack_dir, packs_dir):
        return  # removed, and nothing of it in use
    if current == pack_dir:
        return  # laid out flat: nothing else in it
    for child in pack_dir.iterdir():
        if child == current or child.name == CURRENT_FILE or child.name.startswith(".current-"):
            continue
        if child.is_dir():
            _discard(child, packs_dir)
        else:
            try:
                child.unlink(missing_ok=True)
            except OSError as exc:  # held open: Windows refuses
                log.info("%s still in use (%s); deleted later", child, exc)
