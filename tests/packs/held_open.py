"""Windows' rule for files held open, on Linux: a folder holding a file some handle has
open cannot be renamed, and such a file cannot be deleted or replaced.

``windows_open_file_rules(monkeypatch)`` patches ``os.rename``, ``os.replace`` and
``os.unlink`` (which ``Path.rename``, ``Path.replace``, ``Path.unlink`` and
``shutil.rmtree`` call) to raise ``PermissionError`` as Windows does, judging what is
open from this process's descriptors (``/proc/self/fd``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest


def open_files() -> set[Path]:
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("/"):
            found.add(Path(target))
    return found


def _path(name: Any, dir_fd: int | None) -> Path:
    path = Path(os.fsdecode(name))
    if dir_fd is not None and not path.is_absolute():
        return Path(os.readlink(f"/proc/self/fd/{dir_fd}")) / path
    return path.absolute()


def _in_use(path: Path) -> bool:
    return any(held == path or path in held.parents for held in open_files() if held.is_file())


def windows_open_file_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    real_rename, real_replace, real_unlink = os.rename, os.replace, os.unlink

    def refuse_if_open(path: Path) -> None:
        if _in_use(path):
            raise PermissionError(13, "The process cannot access the file", str(path))

    def rename(src: Any, dst: Any, *, src_dir_fd: int | None = None, **kw: Any) -> None:
        refuse_if_open(_path(src, src_dir_fd))
        real_rename(src, dst, src_dir_fd=src_dir_fd, **kw)

    def replace(src: Any, dst: Any, *, src_dir_fd: int | None = None, **kw: Any) -> None:
        refuse_if_open(_path(src, src_dir_fd))
        refuse_if_open(_path(dst, kw.get("dst_dir_fd")))
        real_replace(src, dst, src_dir_fd=src_dir_fd, **kw)

    def unlink(path: Any, *, dir_fd: int | None = None) -> None:
        refuse_if_open(_path(path, dir_fd))
        real_unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", unlink)
