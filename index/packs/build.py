"""Building a signed pack from a corpus folder (``python -m index pack build``).

The documents are copied into a staging folder, indexed there with ``--strict``
semantics (a file that cannot be read fails the build), and written with their index,
metadata and manifest into one zip whose bytes depend only on the inputs: entries in
name order with a fixed time stamp, no host names, user names or absolute paths.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.build import BuildError, build_index
from index.catalog import Catalog
from index.corpus import corpus_files
from index.manifest import read_manifest, write_manifest
from index.packs.archive import (
    DOCUMENTS_DIR,
    FORMAT_VERSION,
    INDEX_DIR,
    MANIFEST_FILE,
    METADATA_FILE,
    PACK_ID,
    SIGNATURE_FILE,
    file_digest,
    relative_files,
    write_archive,
)
from index.packs.errors import PackError
from index.packs.keys import KeyFileError, load_private_key, public_key_of, sign

__all__ = ["PackBuildReport", "build_pack", "canonical_json"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PackBuildReport:
    out: Path
    metadata: dict[str, Any]
    size: int
    sha256: str


def canonical_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def build_pack(
    corpus: Path,
    out: Path,
    *,
    pack_id: str,
    title: str,
    version: str,
    key_file: Path,
    publisher: str = "",
    date: str | None = None,
) -> PackBuildReport:
    """Build and sign the pack of ``corpus`` into ``out``; :class:`PackError` if it cannot."""
    if not PACK_ID.match(pack_id):
        raise PackError(
            "build", f"the id {pack_id!r} must be 1-64 of a-z, 0-9, '.', '_', '-' (lower case)"
        )
    if not title.strip() or not version.strip():
        raise PackError("build", "a pack needs a title and a version")
    date = date or dt.date.today().isoformat()
    if not _DATE.match(date):
        raise PackError("build", f"the date {date!r} is not YYYY-MM-DD")
    try:
        key = load_private_key(key_file)
    except KeyFileError as exc:
        raise PackError("key", str(exc)) from None
    public = public_key_of(key)
    if not corpus.is_dir():
        raise PackError("build", f"corpus folder not found: {corpus}")
    try:
        return _build(corpus, out, pack_id, title, version, key, public, publisher, date)
    except OSError as exc:  # a full disk, a read-only folder: the pack is not written
        where = exc.filename or out.parent
        raise PackError("build", f"{exc.strerror or exc}: {where}") from None


def _build(
    corpus: Path,
    out: Path,
    pack_id: str,
    title: str,
    version: str,
    key: Any,
    public: Any,
    publisher: str,
    date: str,
) -> PackBuildReport:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pack-build-", dir=out.parent))
    try:
        documents = staging / DOCUMENTS_DIR
        for source in corpus_files(corpus):
            target = documents / source.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if not documents.is_dir():
            raise PackError("build", f"no documents in {corpus}")
        try:
            report = build_index(documents, staging / INDEX_DIR, strict=True, parallel=True)
        except BuildError as exc:
            raise PackError("parse", str(exc).replace(str(staging / DOCUMENTS_DIR), "")) from None
        # The index manifest's time stamp is the pack's date: equal inputs, equal bytes.
        index_manifest = read_manifest(staging / INDEX_DIR)
        index_manifest["built"] = f"{date}T00:00:00+00:00"
        write_manifest(staging / INDEX_DIR, index_manifest)
        # What was indexed, as the catalog lists it (the documents are not parsed again).
        contents = [
            {"id": entry.id, "title": entry.title, "file": f"{DOCUMENTS_DIR}/{entry.path}"}
            for entry in Catalog(staging / INDEX_DIR).documents
        ]
        metadata = {
            "format": FORMAT_VERSION,
            "id": pack_id,
            "title": title.strip(),
            "version": version.strip(),
            "publisher": publisher.strip() or public.fingerprint,
            "publisher_key": public.text(),
            "date": date,
            "documents": report.documents,
            "contents": contents,
        }
        metadata_bytes = canonical_json(metadata)
        files = relative_files(documents, DOCUMENTS_DIR) + relative_files(
            staging / INDEX_DIR, INDEX_DIR
        )
        entries = {}
        for name, path in files:
            size, digest = file_digest(path)
            entries[name] = {"sha256": digest, "size": size}
        manifest = {
            "format": FORMAT_VERSION,
            "id": pack_id,
            "metadata_sha256": hashlib.sha256(metadata_bytes).hexdigest(),
            "files": entries,
        }
        manifest_bytes = canonical_json(manifest)
        write_archive(
            out,
            {
                METADATA_FILE: metadata_bytes,
                MANIFEST_FILE: manifest_bytes,
                SIGNATURE_FILE: sign(key, manifest_bytes),
            },
            files,
            parallel=True,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size, digest = file_digest(out)
    return PackBuildReport(out, metadata, size, digest)
