"""What the frozen program does at start beyond the source tree's work, counted."""

from __future__ import annotations

import importlib.util
import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from .conftest import REPO, Build

sys.path.insert(0, str(REPO / "packaging"))
import shiboken_support
import startup_modules

SUPPORT = "shiboken6/files.dir"
STRACE_OPENS = ["strace", "-f", "-qq", "-e", "trace=openat", "-o"]


def _support_files(bundle: Path) -> set[str]:
    internal = bundle / "_internal"
    return {
        p.relative_to(internal / SUPPORT).as_posix()
        for p in (internal / SUPPORT).rglob("*")
        if p.is_file()
    }


def test_shibokens_support_modules_are_compiled_the_same_at_every_build(tmp_path: Path) -> None:
    first = shiboken_support.compile_support(tmp_path / "one", optimize=1)
    second = shiboken_support.compile_support(tmp_path / "two", optimize=1)
    names = sorted(f"{dest}/{Path(src).name}" for src, dest in first)
    assert f"{SUPPORT}/shibokensupport/signature/loader.pyc" in names
    assert f"{SUPPORT}/shibokensupport/feature.pyc" in names
    assert names == sorted(f"{dest}/{Path(src).name}" for src, dest in second)
    for (one, _), (two, _) in zip(sorted(first), sorted(second), strict=True):
        data = Path(one).read_bytes()
        assert data == Path(two).read_bytes(), one
        # compiled for this Python, checked by hash only (no timestamp), no source needed
        assert data[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(data[4:8], "little") == 0b01
        code = marshal.loads(data[16:])
        relative = Path(one).relative_to(tmp_path / "one" / "compiled").as_posix()
        assert code.co_filename == relative[: -len("c")]


@pytest.mark.slow
def test_frozen_program_runs_only_the_start_up_hooks_it_needs(build: Build) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(build.bundle / "policy-library"))
    hooks = {name for name in archive.toc if name.startswith("pyi_rth_")}
    # PySide6's (Qt's plugin folder) and inspect's; not multiprocessing's nor pkgutil's
    assert hooks == {"pyi_rth_pyside6", "pyi_rth_inspect"}


@pytest.mark.slow
def test_frozen_start_takes_shibokens_support_modules_compiled(
    build: Build, tmp_path: Path
) -> None:
    shipped = _support_files(build.bundle)
    assert "shibokensupport/signature/loader.pyc" in shipped
    assert not [name for name in shipped if not name.endswith(".pyc")]
    trace = tmp_path / "open.log"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    proc = subprocess.run(
        [*STRACE_OPENS, str(trace), str(build.bundle / "policy-library"), "--exit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "shown" in proc.stdout and "ready" in proc.stdout
    opened = {
        line.split('"')[1]
        for line in trace.read_text(errors="replace").splitlines()
        if '"' in line and "ENOENT" not in line
    }
    folder = os.fspath(build.bundle / "_internal" / SUPPORT)
    read = {Path(p).relative_to(folder).as_posix() for p in opened if p.startswith(folder + "/")}
    # every module the signature loader needs came from a compiled file of the bundle
    assert "shibokensupport/signature/loader.pyc" in read
    assert "shibokensupport/signature/parser.pyc" in read
    assert "shibokensupport/signature/mapping.pyc" in read


def _blobs(bundle: Path) -> dict[str, bytes]:
    """The frozen program's module archive: each entry's bytes as stored."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(bundle / "policy-library")).open_embedded_archive("PYZ.pyz")
    blobs = {}
    with open(archive._filename, "rb") as fh:
        for name, (_kind, offset, length) in archive.toc.items():
            fh.seek(archive._start_offset + offset)
            blobs[name] = fh.read(length)
    return blobs


@pytest.mark.slow
def test_modules_imported_before_the_first_paint_are_not_decompressed_at_start(
    build: Build,
) -> None:
    blobs = _blobs(build.bundle)
    started = startup_modules.read() & set(blobs)
    assert {"desktop.app", "desktop.ui.main_window", "typing", "argparse"} <= started
    # zlib's header says how an entry was written: 78 01 stored as it is, 78 9c compressed
    assert {name for name in started if blobs[name][:2] != b"\x78\x01"} == set()
    later = [name for name in blobs if name.startswith(("pypdf.", "docx.", "whoosh."))]
    assert later
    assert {name for name in later if blobs[name][:2] != b"\x78\x9c"} == set()
    assert all(zlib.decompress(blobs[name]) for name in started)
