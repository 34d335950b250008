"""Failures of the storage under the user data folder, told apart from damage to the data.

A full disk, an I/O error, a read-only file system or a refused permission is a
*failure*: the files are fine, the machine cannot write (or read) them right now.  Only
a database that opens and fails its integrity check, or is not a database at all, is
*damaged*.  Treating a failure as damage moves healthy files aside, so every caller
asks :func:`failure_of` first and reports a failure as what it is.

Qt-free: the messages exist in English and Simplified Chinese here, so the command
line tools and the window say the same thing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path

__all__ = [
    "FailureKind",
    "StorageFailure",
    "failure_of",
    "probe_writable",
    "read_error",
    "user_language",
]


class FailureKind(StrEnum):
    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    PERMISSION = "permission"
    IO_ERROR = "io-error"
    NOT_A_FOLDER = "not-a-folder"
    BUSY = "busy"
    FOLDER_IN_PLACE = "folder-in-place"  # a folder where a data file should be


_ERRNO_KINDS = {
    errno.ENOSPC: FailureKind.DISK_FULL,
    errno.EDQUOT: FailureKind.DISK_FULL,
    errno.EROFS: FailureKind.READ_ONLY,
    errno.EACCES: FailureKind.PERMISSION,
    errno.EPERM: FailureKind.PERMISSION,
    errno.EIO: FailureKind.IO_ERROR,
    errno.ENOTDIR: FailureKind.NOT_A_FOLDER,
    errno.EEXIST: FailureKind.NOT_A_FOLDER,  # mkdir of a folder where a file is
}

# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_KINDS = {
    "SQLITE_FULL": FailureKind.DISK_FULL,
    "SQLITE_READONLY": FailureKind.READ_ONLY,
    "SQLITE_PERM": FailureKind.PERMISSION,
    "SQLITE_IOERR": FailureKind.IO_ERROR,
    "SQLITE_CANTOPEN": FailureKind.IO_ERROR,
    "SQLITE_BUSY": FailureKind.BUSY,
    "SQLITE_LOCKED": FailureKind.BUSY,
}

_MESSAGES: dict[FailureKind, tuple[str, str]] = {
    FailureKind.DISK_FULL: (
        "The disk holding {path} is full. Nothing was changed and nothing was lost; "
        "free some space and try again.",
        "{path} 所在的磁盘已满。没有任何内容被更改或丢失；请释放一些空间后重试。",
    ),
    FailureKind.READ_ONLY: (
        "{path} is on a read-only file system. Your data can be read but not changed; "
        "ask your administrator to make it writable.",
        "{path} 位于只读文件系统上。数据可以阅读，但不能修改；请联系管理员使其可写。",
    ),
    FailureKind.PERMISSION: (
        "You are not allowed to write to {path}. Your data can be read but not changed; "
        "ask your administrator to give you write permission.",
        "您没有写入 {path} 的权限。数据可以阅读，但不能修改；请联系管理员授予写入权限。",
    ),
    FailureKind.IO_ERROR: (
        "The disk holding {path} reported an input/output error. Nothing was moved or "
        "deleted; check the disk (or ask your administrator) and try again.",
        "{path} 所在的磁盘报告了输入/输出错误。没有移动或删除任何文件；"
        "请检查磁盘（或联系管理员）后重试。",
    ),
    FailureKind.NOT_A_FOLDER: (
        "The data folder {path} cannot be used: something that is not a folder is in "
        "its place. Move it away, or choose another folder with {env}.",
        "无法使用数据文件夹 {path}：该位置上不是文件夹。请将其移走，或用 {env} 指定其他文件夹。",
    ),
    FailureKind.BUSY: (
        "{path} is in use by another program. Try again in a moment.",
        "{path} 正被另一个程序使用。请稍后重试。",
    ),
    FailureKind.FOLDER_IN_PLACE: (
        "{path} should be a file holding your data (such as your notes), but a folder is in "
        "its place. Nothing was moved or deleted; move or rename that folder, then start the "
        "program again.",
        "{path} 应是保存您的数据（如批注）的文件，但该位置上是一个文件夹。没有移动或删除任何内容；"
        "请将该文件夹移走或改名，然后重新启动本程序。",
    ),
}


def user_language() -> str:
    """``zh_CN`` when the user's locale is Chinese, else ``en`` (for the command line)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    import locale  # here only: the window starts without it

    try:
        value = locale.getlocale()[0] or ""
    except ValueError:
        value = ""
    return "zh_CN" if value.lower().startswith("zh") else "en"


# Why a file could not be read, in words desktop/refusals.py translates (the system's
# own are English): above all a disk, such as a USB stick, pulled out meanwhile.
_READ_ERRORS = {
    errno.EIO: "the disk reported an input/output error; was it removed while the file was read?",
    errno.ENOENT: "the file went away while it was read; was its disk removed?",
    errno.ENODEV: "the file's disk went away while it was read; was it removed?",
    errno.ENXIO: "the file's disk went away while it was read; was it removed?",
    errno.ESTALE: "the file's disk went away while it was read; was it removed?",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def read_error(exc: OSError, opened: bool = True) -> str:
    """Why reading a file failed, in words the user's language has (see above);
    ``opened``: whether it failed once the file was found (else it was never there)."""
    if not opened and exc.errno == errno.ENOENT:
        return "no such file or folder"
    return _READ_ERRORS.get(exc.errno or 0) or exc.strerror or str(exc)


class StorageFailure(OSError):
    """The data could not be written (or read) because of the storage, not because of damage."""

    def __init__(self, kind: FailureKind, path: Path, detail: str = "") -> None:
        super().__init__(_errno_of(kind), detail or kind.value)
        self.kind = kind
        self.path = path
        self.detail = detail

    def message(self, language: str = "") -> str:
        english, chinese = _MESSAGES[self.kind]
        template = chinese if (language or user_language()).startswith("zh") else english
        from desktop.paths import DATA_DIR_ENV

        return template.format(path=self.path, env=DATA_DIR_ENV)

    def __str__(self) -> str:
        text = self.message("en")
        return f"{text} ({self.detail})" if self.detail else text


def _errno_of(kind: FailureKind) -> int:
    if kind is FailureKind.FOLDER_IN_PLACE:
        return errno.EISDIR
    for number, found in _ERRNO_KINDS.items():
        if found is kind:
            return number
    return errno.EBUSY


def failure_of(exc: BaseException, path: Path) -> StorageFailure | None:
    """The storage failure ``exc`` stands for, or None if it is something else (damage, a bug)."""
    if isinstance(exc, StorageFailure):
        return exc
    if isinstance(exc, OSError) and exc.errno in _ERRNO_KINDS:
        return StorageFailure(_ERRNO_KINDS[exc.errno], path, exc.strerror or str(exc))
    # sqlite3 is not loaded to start: an error of it exists only once it is
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        name = str(getattr(exc, "sqlite_errorname", "") or "")
        primary = name.split("_")[:2]
        kind = _SQLITE_KINDS.get("_".join(primary)) if len(primary) == 2 else None
        if kind is None:
            kind = _kind_from_sqlite_text(str(exc))
        if kind is FailureKind.IO_ERROR and _nearly_full(path):
            kind = FailureKind.DISK_FULL  # SQLite says "disk I/O error" when -shm cannot grow
        if kind is not None:
            return StorageFailure(kind, path, str(exc))
    return None


def _nearly_full(path: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    folder = path if path.is_dir() else path.parent
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 1024 * 1024


def _kind_from_sqlite_text(text: str) -> FailureKind | None:
    # Errors raised before a result code is known carry only their text.
    text = text.lower()
    if "disk is full" in text or "database or disk is full" in text:
        return FailureKind.DISK_FULL
    if "readonly" in text or "read-only" in text:
        return FailureKind.READ_ONLY
    if "disk i/o error" in text or "unable to open database file" in text:
        return FailureKind.IO_ERROR
    if "database is locked" in text:
        return FailureKind.BUSY
    return None


def probe_writable(folder: Path) -> StorageFailure | None:
    """Create and remove a file in ``folder``: None if that works, else why not.

    Asks the file system itself (``os.access`` is wrong for root on a read-only mount
    and for access control lists)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".write-probe-", dir=folder)
    except OSError as exc:
        return failure_of(exc, folder) or StorageFailure(
            FailureKind.IO_ERROR, folder, exc.strerror or str(exc)
        )
    try:
        os.write(fd, b"ok")
        os.fsync(fd)
    except OSError as exc:
        return failure_of(exc, folder) or StorageFailure(
            FailureKind.IO_ERROR, folder, exc.strerror or str(exc)
        )
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
    return None
