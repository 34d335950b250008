"""Installed packs: verifying a pack file, installing, updating, listing and removing.

A packs folder (per user: ``<data dir>/packs``; per machine:
:func:`index.paths.system_packs_dir`) holds one folder per pack, named by its id, with
the pack's ``pack.json``, ``manifest.json``, ``signature``, ``documents/`` and
``index/``.  Installing unpacks into a hidden folder beside it, verifies every byte
against the signed manifest, reads every document strictly and checks the index, and
only then renames it into place (an older version is moved aside first and deleted
after).  What was verified is recorded (:mod:`index.packs.verified`), so opening the pack
checks a few file times instead of reading its index again.  Any refusal removes the
hidden folder: the packs folder is left as it was.

One install or removal at a time changes a packs folder: each holds an inter-process
lock (:mod:`index.folder_lock`) on ``.<packs folder name>.lock`` beside the folder, and a
second one waits for it a bounded time, then is refused saying who holds it.  A pack
whose document ids are already used — by the bundled library (``reserved``), by another
pack in this folder or in the other packs folders given — is refused too: a document id
names one document everywhere (notes, links, the window's library).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.corpus import load_corpus
from index.folder_lock import FolderBusyError, FolderLock, HolderInfo
from index.manifest import check_index
from index.packs.archive import (
    DOCUMENTS_DIR,
    FORMAT_VERSION,
    INDEX_DIR,
    MANIFEST_FILE,
    METADATA_FILE,
    PACK_ID,
    SIGNATURE_BYTES,
    SIGNATURE_FILE,
    PackArchive,
)
from index.packs.errors import PackError
from index.packs.keys import KeyFileError, PublicKey, parse_public_key
from index.packs.layout import (
    VERSION_PREFIX,
    collect_unused_versions,
    installed_version,
    new_version_folder,
    switch_version,
)
from index.packs.verified import record_verified_state

__all__ = [
    "LOCK_WAIT_SECONDS",
    "InstallReport",
    "PackInfo",
    "PackPreview",
    "install_pack",
    "installed_packs",
    "packs_folder_lock",
    "preview_pack",
    "remove_pack",
]

log = logging.getLogger(__name__)

_OLD_PREFIX = ".old-"
_STAGING_PREFIX = ".install-"
# How long an install or removal waits for another one on the same packs folder.
LOCK_WAIT_SECONDS = 60.0


@contextmanager
def packs_folder_lock(
    packs_dir: Path,
    wait: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[HolderInfo | None], None] | None = None,
) -> Iterator[None]:
    """Hold the packs folder's lock (waiting at most ``wait`` seconds, else a "busy"
    :class:`PackError` naming the holder).  The lock file lies beside the folder, so a
    refused first install leaves no packs folder behind."""
    parent = packs_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock = FolderLock(parent, name=f".{packs_dir.name}.lock")
        lock.acquire(wait, on_wait)
    except FolderBusyError as exc:
        who = exc.holder
        detail = (
            f"{who.program}, pid {who.pid}, {who.host}, {who.started.replace('T', ' ')[:19]}"
            if who is not None
            else "?"
        )
        raise PackError("busy", f"{detail}; {exc.waited:.0f} s") from None
    except OSError as exc:
        raise PackError("storage", where=parent, os_error=exc) from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class PackInfo:
    """What a pack says about itself, and (when installed) where and for whom."""

    id: str
    title: str
    version: str
    publisher: str
    publisher_fingerprint: str
    date: str
    documents: int
    contents: tuple[tuple[str, str, str], ...]  # (document id, title, file)
    scope: str = ""  # "user" or "machine" when installed
    folder: Path | None = None
    # Installed but not searched: another pack of its id or of its documents' ids wins
    # (see index.session.choose_installed_packs).
    shadowed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "publisher": self.publisher,
            "publisher_key": self.publisher_fingerprint,
            "date": self.date,
            "documents": self.documents,
            "scope": self.scope,
            "folder": str(self.folder) if self.folder else None,
            "shadowed": self.shadowed,
        }


@dataclass(frozen=True)
class DocumentChanges:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class PackPreview:
    """A pack file whose signature and description were checked, against what is installed."""

    info: PackInfo
    previous: PackInfo | None
    changes: DocumentChanges


@dataclass(frozen=True)
class InstallReport:
    info: PackInfo
    previous: PackInfo | None
    changes: DocumentChanges = field(default_factory=DocumentChanges)


def _info(metadata: dict[str, Any], scope: str = "", folder: Path | None = None) -> PackInfo:
    try:
        key = parse_public_key(str(metadata["publisher_key"]))
        contents = tuple(
            (str(item["id"]), str(item["title"]), str(item["file"]))
            for item in metadata["contents"]
        )
        info = PackInfo(
            id=str(metadata["id"]),
            title=str(metadata["title"]),
            version=str(metadata["version"]),
            publisher=str(metadata["publisher"]),
            publisher_fingerprint=key.fingerprint,
            date=str(metadata["date"]),
            documents=int(metadata["documents"]),
            contents=contents,
            scope=scope,
            folder=folder,
        )
    except (KeyError, TypeError, ValueError, KeyFileError) as exc:
        raise PackError("metadata", f"{type(exc).__name__}: {exc}") from None
    if not PACK_ID.match(info.id) or info.documents != len(contents):
        raise PackError("metadata", f"id {info.id!r}, {info.documents} documents")
    return info


def _file_hashes(manifest: dict[str, Any]) -> dict[str, str]:
    return {
        name: str(entry["sha256"])
        for name, entry in manifest["files"].items()
        if name.startswith(DOCUMENTS_DIR + "/")
    }


def _changes(
    old: PackInfo | None,
    old_manifest: dict[str, Any] | None,
    new: PackInfo,
    new_manifest: dict[str, Any],
) -> DocumentChanges:
    new_ids = {doc_id: file for doc_id, _, file in new.contents}
    if old is None or old_manifest is None:
        return DocumentChanges(added=tuple(sorted(new_ids)))
    old_ids = {doc_id: file for doc_id, _, file in old.contents}
    old_hashes, new_hashes = _file_hashes(old_manifest), _file_hashes(new_manifest)
    return DocumentChanges(
        added=tuple(sorted(set(new_ids) - set(old_ids))),
        changed=tuple(
            sorted(
                doc_id
                for doc_id in set(new_ids) & set(old_ids)
                if old_hashes.get(old_ids[doc_id]) != new_hashes.get(new_ids[doc_id])
            )
        ),
        removed=tuple(sorted(set(old_ids) - set(new_ids))),
    )


def _verified_description(
    archive: PackArchive, trusted: Sequence[PublicKey]
) -> tuple[dict[str, Any], bytes, PackInfo]:
    """The signed manifest and the metadata it vouches for; refuses before unpacking."""
    manifest_bytes = archive.read_small(MANIFEST_FILE)
    signature = archive.read_small(SIGNATURE_FILE, SIGNATURE_BYTES)
    if manifest_bytes is None or signature is None:
        raise PackError("unsigned", f"{archive.path.name} has no signed manifest")
    manifest = archive.read_json(MANIFEST_FILE)
    fmt = manifest.get("format")
    if not isinstance(fmt, int) or fmt < 1:
        raise PackError("metadata", f"format {fmt!r}")
    if fmt > FORMAT_VERSION:
        raise PackError("newer_format", f"format {fmt}; this program reads up to {FORMAT_VERSION}")
    if len(signature) != SIGNATURE_BYTES:
        raise PackError("unsigned", "the signature is not an Ed25519 signature")
    signer = next((key for key in trusted if key.verifies(signature, manifest_bytes)), None)
    if signer is None:
        raise PackError("untrusted", f"{len(trusted)} trusted key(s) checked")
    metadata_bytes = archive.read_small(METADATA_FILE)
    if metadata_bytes is None:
        raise PackError("layout", f"the pack has no {METADATA_FILE}")
    if hashlib.sha256(metadata_bytes).hexdigest() != manifest.get("metadata_sha256"):
        raise PackError("tampered", METADATA_FILE)
    info = _info(archive.read_json(METADATA_FILE))
    if info.publisher_fingerprint != signer.fingerprint or manifest.get("id") != info.id:
        raise PackError("tampered", "the description does not match the signing key")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise PackError("metadata", "the manifest lists no files")
    listed = set(files)
    present = set(archive.entries) - {METADATA_FILE, MANIFEST_FILE, SIGNATURE_FILE}
    if listed != present:
        extra = sorted(present - listed)[:3] or sorted(listed - present)[:3]
        raise PackError("tampered", f"entries not as signed: {', '.join(extra)}")
    for name, entry in files.items():
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("size"), int)
            or not isinstance(entry.get("sha256"), str)
            or archive.entries[name].file_size != entry["size"]
        ):
            raise PackError("tampered", name)
    return manifest, manifest_bytes, info


def _read_installed(folder: Path, scope: str) -> tuple[PackInfo, dict[str, Any]] | None:
    try:
        metadata = json.loads((folder / METADATA_FILE).read_text("utf-8"))
        manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
        return _info(metadata, scope, folder), manifest
    except (OSError, ValueError, RecursionError, PackError) as exc:
        log.warning("installed pack %s is unreadable: %s", folder, exc)
        return None


def _installed(pack_dir: Path, scope: str) -> tuple[PackInfo, dict[str, Any]] | None:
    version = installed_version(pack_dir) if pack_dir.is_dir() else None
    return _read_installed(version, scope) if version is not None else None


def installed_packs(packs_dirs: Sequence[tuple[str, Path]]) -> list[PackInfo]:
    """Every readable installed pack in ``(scope, packs folder)`` pairs, by scope then id."""
    found = []
    for scope, packs_dir in packs_dirs:
        if not packs_dir.is_dir():
            continue
        for folder in sorted(packs_dir.iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                read = _installed(folder, scope)
                if read is not None:
                    found.append(read[0])
    return found


def preview_pack(
    pack_file: Path,
    packs_dir: Path,
    trusted: Sequence[PublicKey],
    *,
    reserved: Container[str] = (),
    personal: Container[str] = (),
    other_packs_dirs: Sequence[Path] = (),
) -> PackPreview:
    """Check the signature and description of ``pack_file`` and compare with what is
    installed in ``packs_dir`` (the documents' bytes are checked by :func:`install_pack`;
    ``reserved`` and ``other_packs_dirs`` as there)."""
    with PackArchive.open(pack_file) as archive:
        manifest, _, info = _verified_description(archive, trusted)
    _check_document_ids(info, [packs_dir, *other_packs_dirs], reserved, personal)
    previous = _installed(packs_dir / info.id, "")
    _check_publisher(info, previous[0] if previous else None)
    return PackPreview(
        info,
        previous[0] if previous else None,
        _changes(
            previous[0] if previous else None, previous[1] if previous else None, info, manifest
        ),
    )


def _check_publisher(info: PackInfo, previous: PackInfo | None) -> None:
    """One pack id, one publisher key, in every packs folder: an id already installed
    (here, or in the other scope) from another key is refused, naming both."""
    if previous is not None and previous.publisher_fingerprint != info.publisher_fingerprint:
        where = f" in {previous.folder.parent}" if previous.folder is not None else ""
        raise PackError(
            "id_clash",
            f"{info.id}: installed{where} from {previous.publisher} "
            f"({previous.publisher_fingerprint}), this one from {info.publisher} "
            f"({info.publisher_fingerprint})",
        )


def _recover(packs_dir: Path, pack_id: str) -> None:
    """Finish an update cut short: put the old version back if the new one is not in place."""
    for old in sorted(packs_dir.glob(f"{_OLD_PREFIX}{pack_id}-*")):
        if not (packs_dir / pack_id).exists():
            old.rename(packs_dir / pack_id)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for staging in packs_dir.glob(f"{_STAGING_PREFIX}{pack_id}-*"):
        shutil.rmtree(staging, ignore_errors=True)


def install_pack(
    pack_file: Path,
    packs_dir: Path,
    trusted: Sequence[PublicKey],
    *,
    scope: str = "user",
    reserved: Container[str] = (),
    personal: Container[str] = (),
    other_packs_dirs: Sequence[Path] = (),
    wait: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[HolderInfo | None], None] | None = None,
) -> InstallReport:
    """Install (or update to) ``pack_file`` in ``packs_dir``; :class:`PackError` leaves the
    folder as it was.  ``reserved``: document ids of the bundled library, which a pack
    may not use; ``personal``: the personal library's, likewise; ``other_packs_dirs``:
    other folders whose packs' document ids it may not use, and whose packs of its own id
    must come from its own publisher key."""
    with packs_folder_lock(packs_dir, wait, on_wait):
        return _install(pack_file, packs_dir, trusted, scope, reserved, personal, other_packs_dirs)


def _install(
    pack_file: Path,
    packs_dir: Path,
    trusted: Sequence[PublicKey],
    scope: str,
    reserved: Container[str],
    personal: Container[str],
    other_packs_dirs: Sequence[Path],
) -> InstallReport:
    created = not packs_dir.exists()
    with PackArchive.open(pack_file) as archive:
        manifest, manifest_bytes, info = _verified_description(archive, trusted)
        _check_document_ids(info, [packs_dir, *other_packs_dirs], reserved, personal)
        try:
            packs_dir.mkdir(parents=True, exist_ok=True)
            _recover(packs_dir, info.id)
            staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{info.id}-", dir=packs_dir))
        except OSError as exc:
            raise PackError("storage", where=packs_dir, os_error=exc) from None
        try:
            target = packs_dir / info.id
            previous = _installed(target, scope)
            _check_publisher(info, previous[0] if previous else None)
            for name, entry in sorted(manifest["files"].items()):
                archive.extract_verified(name, staging / name, entry["size"], entry["sha256"])
            for name in (METADATA_FILE, MANIFEST_FILE, SIGNATURE_FILE):
                (staging / name).write_bytes(archive.read_small(name) or b"")
            _check_contents(staging, info)
            record_verified_state(staging)  # opening trusts these files while unchanged
            staging.chmod(0o755)
            version = _switch_in(staging, target, hashlib.sha256(manifest_bytes).hexdigest())
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if created:
                shutil.rmtree(packs_dir, ignore_errors=True)
            raise PackError("storage", where=packs_dir, os_error=exc) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if created:
                shutil.rmtree(packs_dir, ignore_errors=True)
            raise
    try:
        _collect_all(packs_dir)
    except OSError as exc:  # installed all the same; collected next time
        log.warning("older versions of %s not deleted yet: %s", info.id, exc)
    installed = PackInfo(**{**info.__dict__, "scope": scope, "folder": version})
    old_info, old_manifest = previous if previous else (None, None)
    return InstallReport(installed, old_info, _changes(old_info, old_manifest, info, manifest))


def _check_document_ids(
    info: PackInfo,
    packs_dirs: Sequence[Path],
    reserved: Container[str],
    personal: Container[str] = (),
) -> None:
    ours = sorted(doc_id for doc_id, _, _ in info.contents)
    for holder, ids in (("the bundled library", reserved), ("the personal library", personal)):
        taken = [doc_id for doc_id in ours if doc_id in ids]
        if taken:
            more = f" and {len(taken) - 1} more" if len(taken) > 1 else ""
            raise PackError("doc_clash", f"{taken[0]!r}{more} is in {holder}")
    for other in installed_packs([("", folder) for folder in packs_dirs]):
        if other.id == info.id:  # its own older version, or its copy in the other scope
            _check_publisher(info, other)
            continue
        clash = sorted(set(ours) & {doc_id for doc_id, _, _ in other.contents})
        if clash:
            more = f" and {len(clash) - 1} more" if len(clash) > 1 else ""
            raise PackError("doc_clash", f"{clash[0]!r}{more} is also in pack {other.id}")


def _check_contents(staging: Path, info: PackInfo) -> None:
    """Every document parses (strictly) and is the one described; the index is usable."""
    corpus = load_corpus(staging / DOCUMENTS_DIR)
    if corpus.skipped:
        first = corpus.skipped[0]
        where = first.path.relative_to(staging).as_posix()
        raise PackError("parse", f"{len(corpus.skipped)} file(s); {where}: {first.reason}")
    described = {(doc_id, file) for doc_id, _, file in info.contents}
    found = {(doc.id, f"{DOCUMENTS_DIR}/{doc.path}") for doc in corpus.documents}
    if described != found:
        raise PackError("metadata", "the documents are not the ones described")
    status = check_index(staging / INDEX_DIR, staging / DOCUMENTS_DIR)
    if not status.ok:
        raise PackError("index", status.message.replace(str(staging), ""))


def _collect_all(packs_dir: Path) -> None:
    """Delete what no pack in ``packs_dir`` uses any more (old versions left in place
    while a window held them are deleted by whichever change comes next)."""
    for folder in sorted(packs_dir.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            collect_unused_versions(packs_dir, folder.name)


def _switch_in(staging: Path, pack_dir: Path, digest: str) -> Path:
    """Move the checked ``staging`` folder in as a new version of the pack and point to
    it; the version in use (perhaps held open by a window) is neither renamed nor deleted.
    The very pack in use installed again changes nothing."""
    current = installed_version(pack_dir) if pack_dir.is_dir() else None
    if current is not None and current.name == f"{VERSION_PREFIX}{digest[:16]}":
        shutil.rmtree(staging, ignore_errors=True)
        return current
    created = not pack_dir.exists()
    version = new_version_folder(pack_dir, digest)
    try:
        staging.rename(version)
        switch_version(pack_dir, version)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        if created:
            shutil.rmtree(pack_dir, ignore_errors=True)
        raise
    return version


def remove_pack(
    pack_id: str,
    packs_dir: Path,
    scope: str = "user",
    *,
    wait: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[HolderInfo | None], None] | None = None,
) -> PackInfo:
    """Remove an installed pack (moved aside first, so no half-removed pack is ever searched)."""
    target = packs_dir / pack_id
    if not PACK_ID.match(pack_id) or not target.is_dir() or installed_version(target) is None:
        raise PackError("not_installed", f"{pack_id} in {packs_dir}")
    with packs_folder_lock(packs_dir, wait, on_wait):
        return _remove(pack_id, packs_dir, scope)


def _remove(pack_id: str, packs_dir: Path, scope: str) -> PackInfo:
    target = packs_dir / pack_id
    version = installed_version(target) if PACK_ID.match(pack_id) and target.is_dir() else None
    if version is None:
        raise PackError("not_installed", f"{pack_id} in {packs_dir}")
    read = _read_installed(version, scope)
    info = read[0] if read else PackInfo(pack_id, "", "", "", "", "", 0, (), scope, version)
    try:
        if version == target:  # laid out flat: moved aside whole
            old = Path(tempfile.mkdtemp(prefix=f".removed-{pack_id}-", dir=packs_dir))
            old.rmdir()
            target.rename(old)
            shutil.rmtree(old, ignore_errors=True)
            return info
        switch_version(target, None)
    except OSError as exc:
        raise PackError("storage", where=packs_dir, os_error=exc) from None
    try:
        _collect_all(packs_dir)
    except OSError as exc:  # removed all the same; collected next time
        log.warning("files of removed pack %s not deleted yet: %s", pack_id, exc)
    return info
