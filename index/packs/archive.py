"""The pack file: one zip with a fixed layout, written reproducibly, read with strict limits.

Layout (every name is relative, POSIX, below one of these)::

    pack.json        metadata: format, id, title, version, publisher, date, documents
    manifest.json    format, the metadata's sha256, and sha256 + size of every other file
    signature        Ed25519 signature of manifest.json's bytes (64 bytes)
    documents/…      the documents, as the corpus reader reads them
    index/…          their prebuilt index

Reading refuses, before anything is unpacked: names that are absolute, hold ``..``,
backslashes or drive letters, or lie outside the layout; symbolic links and other
special entries; duplicate names; more than :data:`MAX_ENTRIES` entries; an entry over
:data:`MAX_ENTRY_BYTES` or a total over :data:`MAX_TOTAL_BYTES`; an entry whose bytes do
not match its manifest size and sha256 (counted while streaming, so a lying zip header
never costs more than the limit).
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from index.interrupts import in_forked_worker
from index.packs.errors import PackError

__all__ = [
    "DOCUMENTS_DIR",
    "FORMAT_VERSION",
    "INDEX_DIR",
    "MANIFEST_FILE",
    "MAX_ENTRIES",
    "MAX_ENTRY_BYTES",
    "MAX_TOTAL_BYTES",
    "METADATA_FILE",
    "SIGNATURE_FILE",
    "PackArchive",
    "PackFormatError",
    "write_archive",
]

FORMAT_VERSION = 1
METADATA_FILE = "pack.json"
MANIFEST_FILE = "manifest.json"
SIGNATURE_FILE = "signature"
DOCUMENTS_DIR = "documents"
INDEX_DIR = "index"
TOP_FILES = (METADATA_FILE, MANIFEST_FILE, SIGNATURE_FILE)

MAX_ENTRIES = 100_000
MAX_ENTRY_BYTES = 1 << 30  # 1 GiB: an index segment of a very large pack
MAX_TOTAL_BYTES = 8 << 30
MAX_SMALL_FILE_BYTES = 64 << 20  # pack.json, manifest.json, signature
SIGNATURE_BYTES = 64
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1 << 20
_BAD_PART = re.compile(r"^(\.\.?|)$|[\\:\x00-\x1f]")
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


PackFormatError = PackError  # every structural refusal is a PackError with its code
# Errors reading the pack file that say its medium failed or went away (a USB stick
# pulled out), not that the pack is damaged.
_MEDIUM_GONE = frozenset({errno.EIO, errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ESTALE})


def _check_name(name: str) -> None:
    if name in TOP_FILES:
        return
    parts = name.split("/")
    if name.startswith("/") or len(parts) < 2 or parts[0] not in (DOCUMENTS_DIR, INDEX_DIR):
        raise PackFormatError("layout", f"an entry outside the pack layout: {name!r}")
    if any(_BAD_PART.search(part) for part in parts) or len(name) > 1024:
        raise PackFormatError("layout", f"an entry with an unsafe name: {name!r}")


@dataclass
class PackArchive:
    """An open pack file whose entries passed the structural checks (not yet the signature)."""

    path: Path
    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]

    @classmethod
    def open(cls, path: Path) -> PackArchive:
        try:
            archive = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise PackFormatError("missing", f"no such file: {path}") from None
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            # NotImplementedError: a flipped bit in an entry's "version needed" field
            raise PackFormatError(
                "damaged", f"{path} is not a pack, or it is truncated ({exc})"
            ) from None
        try:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise PackFormatError("limits", f"more than {MAX_ENTRIES} entries")
            entries: dict[str, zipfile.ZipInfo] = {}
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                mode = info.external_attr >> 16
                # Some zip writers leave the file type out; any type but a file is refused.
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                    raise PackFormatError(
                        "layout", f"{info.filename!r} is a link or special file, not a file"
                    )
                if info.flag_bits & 0x1:
                    raise PackFormatError("layout", f"{info.filename!r} is encrypted")
                _check_name(info.filename)
                if info.filename in entries:
                    raise PackFormatError("layout", f"{info.filename!r} appears twice")
                if info.file_size > MAX_ENTRY_BYTES:
                    raise PackFormatError("limits", f"{info.filename!r} is too large")
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise PackFormatError("limits", "the pack unpacks to more than the limit")
                entries[info.filename] = info
        except BaseException:
            archive.close()
            raise
        return cls(path, archive, entries)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> PackArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_small(self, name: str, limit: int = MAX_SMALL_FILE_BYTES) -> bytes | None:
        """A top-level file's bytes (None if absent), at most ``limit`` bytes."""
        info = self.entries.get(name)
        if info is None:
            return None
        data = b""
        for chunk in self._stream(info, limit):
            data += chunk
        return data

    def read_json(self, name: str) -> dict[str, Any]:
        data = self.read_small(name)
        if data is None:
            raise PackFormatError("layout", f"the pack has no {name}")
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackFormatError("layout", f"{name} is not valid JSON: {exc}") from None
        except RecursionError:  # read before the signature is checked: anyone's bytes
            raise PackFormatError("layout", f"{name} is nested too deeply") from None
        if not isinstance(value, dict):
            raise PackFormatError("layout", f"{name} is not a JSON object")
        return value

    def _stream(self, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
        read = 0
        try:
            with self.zip.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    read += len(chunk)
                    if read > limit:
                        raise PackFormatError("limits", f"{info.filename!r} is larger than stated")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
            # zlib.error: a flipped bit inside a compressed entry can break the stream
            # before the entry's CRC is ever compared
            if isinstance(exc, PackFormatError):
                raise
            if isinstance(exc, OSError) and exc.errno in _MEDIUM_GONE:
                raise PackFormatError("unreadable", where=self.path, os_error=exc) from None
            raise PackFormatError(
                "damaged", f"{info.filename!r} cannot be read: the pack is damaged ({exc})"
            ) from None

    def extract_verified(self, name: str, target: Path, size: int, sha256: str) -> None:
        """Unpack ``name`` to ``target``, refusing unless its bytes have ``size`` and ``sha256``."""
        info = self.entries[name]
        digest = hashlib.sha256()
        written = 0
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            for chunk in self._stream(info, min(size, MAX_ENTRY_BYTES)):
                digest.update(chunk)
                written += len(chunk)
                out.write(chunk)
        if written != size or digest.hexdigest() != sha256:
            raise PackFormatError("tampered", f"{name} does not match the signed manifest")


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ZIP_EPOCH)
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever machine builds it
    return info


def write_archive(
    out: Path, top: dict[str, bytes], files: list[tuple[str, Path]], *, parallel: bool = False
) -> None:
    """Write the pack: top-level files first, then ``files`` (name, source) in name order.

    ``parallel``: where a process can be forked (Linux, macOS), it deflates about half
    of the files' bytes meanwhile (:class:`_Deflater`); the same bytes as deflating all
    of them here."""
    tmp = out.with_name(out.name + ".tmp")
    ordered = sorted(files)
    for name, _ in ordered:
        _check_name(name)
    deflater = None
    try:
        if parallel and len(ordered) > 1 and "fork" in multiprocessing.get_all_start_methods():
            deflater = _Deflater(ordered, out.parent)
        with zipfile.ZipFile(tmp, "w", compresslevel=6) as archive:
            for name in TOP_FILES:
                if name in top:
                    archive.writestr(_zip_info(name), top[name])
            for name, source in ordered:
                ahead = deflater.take(name) if deflater is not None else None
                with source.open("rb") as src, archive.open(_zip_info(name), "w") as dst:
                    if ahead is not None:
                        dst._compressor = ahead  # type: ignore[attr-defined]
                    while chunk := src.read(_CHUNK):
                        dst.write(chunk)
                if ahead is not None:
                    ahead.finished()
        tmp.replace(out)
    except BaseException:  # a full disk, say: no half-written pack is left behind
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if deflater is not None:
            deflater.stop()


class _Deflated:
    """Stands in for an entry's compressor: gives its deflated bytes, made ahead by
    :class:`_Deflater`, as the entry's bytes are written (the zip file still counts
    their size and CRC)."""

    def __init__(self, fd: int, offset: int, size: int) -> None:
        self._fd = fd
        self._offset = offset
        self._left = size

    def _read(self, size: int) -> bytes:
        size = min(size, self._left)
        parts = []
        while size:
            part = os.pread(self._fd, size, self._offset)
            if not part:
                raise OSError("the deflated entries' file ended early")
            parts.append(part)
            self._offset += len(part)
            self._left -= len(part)
            size -= len(part)
        return b"".join(parts)

    def compress(self, data: Any) -> bytes:
        return self._read(len(data))

    def flush(self) -> bytes:
        return self._read(self._left)

    def finished(self) -> None:
        if self._left:
            raise RuntimeError("an entry's deflated bytes were not all written")


class _Deflater:
    """A forked process that deflates about half of the files' bytes (whole files,
    taken in name order whenever this process's share is the larger) into a file of
    its own, as the zip file would, and says when each one is done."""

    def __init__(self, ordered: list[tuple[str, Path]], folder: Path) -> None:
        here = there = 0
        share: list[tuple[str, Path]] = []
        for name, source in ordered:
            size = source.stat().st_size
            if there < here:
                share.append((name, source))
                there += size
            else:
                here += size
        self._names = {name for name, _ in share}
        self._done: dict[str, tuple[int, int]] = {}
        self._output = tempfile.TemporaryFile(dir=folder, prefix=".pack-deflated-")  # noqa: SIM115 - closed in stop
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process: Any = context.Process(target=self._run, args=(share, send), daemon=True)
        self._process.start()
        send.close()

    def _run(self, share: list[tuple[str, Path]], send: Any) -> None:  # in the forked process
        in_forked_worker()
        output = self._output
        try:
            offset = 0
            for name, source in share:
                info = _zip_info(name)
                level = getattr(info, "_compresslevel", None)  # as ZipFile.open has it
                compressor = zipfile._get_compressor(info.compress_type, level)  # type: ignore[attr-defined]
                start = offset
                with source.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        data = compressor.compress(chunk)
                        output.write(data)
                        offset += len(data)
                data = compressor.flush()
                output.write(data)
                offset += len(data)
                output.flush()
                send.send(("done", name, start, offset - start))
        except OSError as exc:  # the building process raises it as its own
            send.send(("error", exc.errno, exc.strerror, exc.filename))
            raise SystemExit(1) from None
        finally:
            send.close()

    def take(self, name: str) -> _Deflated | None:
        """The entry's deflated bytes, once deflated, if they are this process's share."""
        if name not in self._names:
            return None
        while name not in self._done:
            try:
                message = self._receive.recv()
            except EOFError:
                raise RuntimeError("the deflating process ended early") from None
            if message[0] == "error":
                raise OSError(*message[1:])
            self._done[message[1]] = (message[2], message[3])
        offset, size = self._done.pop(name)
        return _Deflated(self._output.fileno(), offset, size)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        self._receive.close()
        self._output.close()


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def relative_files(root: Path, prefix: str) -> list[tuple[str, Path]]:
    """``(prefix/relative name, path)`` of every file below ``root``; links are refused."""
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            raise PackFormatError("layout", f"{path} is a symbolic link")
        if path.is_file():
            out.append((str(PurePosixPath(prefix, path.relative_to(root).as_posix())), path))
    return out
