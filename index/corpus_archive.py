"""A corpus folder as one solid ``.tar.xz`` file: how the installed program ships it.

The installed program needs the original documents only to rebuild a damaged index
and to tell whether an index was built from them; one solid archive holds them in a
seventh of the space the files take (text compresses far better together than one file
at a time).  :mod:`index.corpus` reads an archive wherever it reads a corpus folder,
with the same relative paths, so an index built from either has the same corpus hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = [
    "ARCHIVE_SUFFIX",
    "ArchiveMember",
    "CorpusArchiveError",
    "is_corpus_archive",
    "read_corpus_archive",
    "write_corpus_archive",
]

ARCHIVE_SUFFIX = ".tar.xz"
# The whole unpacked corpus is held in memory while it is read: bounded.
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024


class CorpusArchiveError(OSError):
    """The corpus archive cannot be read; the message says why."""


@dataclass(frozen=True)
class ArchiveMember:
    """One regular file of the archive: its path below the corpus root and its bytes,
    or why its bytes were not read (``data`` is then None)."""

    rel: str
    data: bytes | None
    problem: str = ""


def is_corpus_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIX) and path.is_file()


def _safe_rel(name: str) -> str | None:
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or name.startswith("/") or ".." in parts:
        return None
    return "/".join(parts)


def read_corpus_archive(archive: Path, max_file_bytes: int) -> list[ArchiveMember]:
    """Every regular file of ``archive`` sorted by relative path; a file larger than
    ``max_file_bytes`` is listed with a problem and not read."""
    import lzma
    import tarfile

    members: list[ArchiveMember] = []
    total = 0
    try:
        with tarfile.open(archive, mode="r|xz") as tar:
            for info in tar:
                rel = _safe_rel(info.name)
                if not info.isfile() or rel is None:
                    continue
                if info.size > max_file_bytes:
                    members.append(
                        ArchiveMember(
                            rel,
                            None,
                            f"the file is too large ({info.size} bytes; "
                            f"the limit is {max_file_bytes})",
                        )
                    )
                    continue
                total += info.size
                if total > MAX_ARCHIVE_BYTES:
                    raise CorpusArchiveError(
                        f"{archive} unpacks to more than {MAX_ARCHIVE_BYTES} bytes"
                    )
                fh = tar.extractfile(info)
                members.append(ArchiveMember(rel, fh.read() if fh is not None else b""))
    except (tarfile.TarError, lzma.LZMAError, EOFError) as exc:
        raise CorpusArchiveError(f"the corpus archive {archive} is damaged: {exc}") from None
    return sorted(members, key=lambda m: m.rel)


def _corpus_folder_files(folder: Path) -> Iterator[Path]:
    yield from sorted(
        (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def write_corpus_archive(folder: Path, out: Path, mtime: int, preset: int = 9) -> Path:
    """Every file below ``folder`` into ``out`` (paths relative to ``folder``, sorted,
    owner root, time ``mtime``): equal folders give equal bytes."""
    import io
    import lzma
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in _corpus_folder_files(folder):
            info = tarfile.TarInfo(path.relative_to(folder).as_posix())
            data = path.read_bytes()
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(lzma.compress(buffer.getvalue(), preset=preset | lzma.PRESET_EXTREME))
    tmp.replace(out)
    return out
