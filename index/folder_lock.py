"""One process at a time writes to a user data folder (or a packs folder): an
inter-process lock.

The lock is an operating-system lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows) on ``<data folder>/.policy-library.lock`` (or another lock file name: the pack
installer locks its packs folder with one beside it, :mod:`index.packs.install`).  The
kernel drops it when the holder exits, however it exits, so a lock can never outlive its
process: that is the stale-lock rule.  The lock file itself only *describes* the holder
(program, pid, host, start time) for the message a waiting process prints; a description
whose process no longer holds the lock is stale and is simply overwritten by the next
holder.

Within one process the lock is shared and counted (the note store and the personal
library of one window both hold it); it is released when the last user lets go.

Qt-free, so the command line tools use it as the window does; it lives in ``index``
so the pack installer can use it too (``desktop.folder_lock`` is the same module).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

__all__ = [
    "LOCK_FILE_NAME",
    "FolderBusyError",
    "FolderLock",
    "HolderInfo",
    "hold_data_folder",
    "process_alive",
    "this_process",
]

log = logging.getLogger(__name__)

LOCK_FILE_NAME = ".policy-library.lock"
_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class HolderInfo:
    """Who holds (or held) a lock: enough for a person to find the process."""

    program: str
    pid: int
    host: str
    started: str  # ISO 8601, local time of the holder

    def to_json(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "pid": self.pid,
            "host": self.host,
            "started": self.started,
        }

    @classmethod
    def from_json(cls, data: Any) -> HolderInfo | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["program"]), int(data["pid"]), str(data["host"]), str(data["started"])
            )
        except (KeyError, TypeError, ValueError):
            return None

    def describe(self, language: str = "en") -> str:
        when = self.started.replace("T", " ")[:19]
        if language.startswith("zh"):
            return f"{self.program}（进程 {self.pid}，主机 {self.host}，启动于 {when}）"
        return f"{self.program} (process {self.pid} on {self.host}, started {when})"


_STARTED = datetime.now().astimezone().replace(microsecond=0).isoformat()


def this_process(program: str = "") -> HolderInfo:
    name = program or Path(sys.argv[0] or "policy-library").name or "policy-library"
    return HolderInfo(name, os.getpid(), socket.gethostname(), _STARTED)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FolderBusyError(RuntimeError):
    """Another process holds the data folder; ``holder`` says which (None if unknown)."""

    def __init__(self, folder: Path, holder: HolderInfo | None, waited: float) -> None:
        self.folder = folder
        self.holder = holder
        self.waited = waited
        super().__init__(self.message("en"))

    def message(self, language: str = "en") -> str:
        if language.startswith("zh"):
            who = self.holder.describe(language) if self.holder else "另一个程序"
            return (
                f"数据文件夹 {self.folder} 正被 {who} 使用（已等待 {self.waited:.0f} 秒）。"
                "请关闭该程序或等它完成后重试。"
            )
        who = self.holder.describe(language) if self.holder else "another program"
        return (
            f"the data folder {self.folder} is in use by {who} "
            f"(waited {self.waited:.0f} s); close it or wait until it finishes, then try again"
        )


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a file system without locks: fall back to no lock, say so
        log.warning("cannot lock %s (%s); continuing without a lock", handle.name, exc)
        return True
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            pass
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_holder(folder: Path, name: str = LOCK_FILE_NAME) -> HolderInfo | None:
    """The holder described in the lock file (stale unless the lock is held).

    Read from the second byte on: on Windows the holder's lock covers the first byte,
    and reading a locked byte fails there (the description starts after it)."""
    try:
        with (folder / name).open("rb") as handle:
            handle.seek(1)
            raw = handle.read(4096)
        return HolderInfo.from_json(json.loads(raw.decode("utf-8").strip("\0 \n") or "null"))
    except (OSError, ValueError, RecursionError):  # damaged: the holder is not known
        return None


class FolderLock:
    """The lock of one data folder, held by this process while ``acquired``."""

    def __init__(self, folder: Path, program: str = "", name: str = LOCK_FILE_NAME) -> None:
        self.folder = folder
        self.path = folder / name
        self.program = program
        self._handle: IO[bytes] | None = None

    @property
    def acquired(self) -> bool:
        return self._handle is not None

    def acquire(self, timeout: float = 0.0, on_wait: Any = None) -> None:
        """Take the lock, waiting at most ``timeout`` seconds; else :class:`FolderBusyError`.

        ``on_wait(holder)`` is called once if the lock is busy at first (to say why a
        command line tool pauses).  OSError (read-only folder, …) passes through."""
        if self._handle is not None:
            return
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while held
        started = time.monotonic()
        told = False
        try:
            while not _try_lock(handle):
                waited = time.monotonic() - started
                holder = read_holder(self.folder, self.path.name)
                if waited >= timeout:
                    raise FolderBusyError(self.folder, holder, waited)
                if not told and on_wait is not None:
                    on_wait(holder)
                    told = True
                time.sleep(min(_POLL_SECONDS, max(0.0, timeout - waited)))
        except BaseException:
            handle.close()
            raise
        try:
            # On Windows the first byte is locked: the description starts after it.
            text = json.dumps(this_process(self.program).to_json())
            handle.seek(0)
            handle.truncate()
            handle.write((" " + text + "\n").encode("utf-8"))
            handle.flush()
        except OSError as exc:  # the description is a courtesy; the lock is what counts
            log.warning("cannot describe the lock holder in %s: %s", self.path, exc)
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
        except OSError:
            pass
        _unlock(handle)
        handle.close()

    def held_elsewhere(self) -> bool:
        """Whether another process holds this folder's lock right now (without taking it)."""
        if self._handle is not None or not self.path.exists():
            return False
        try:
            handle = open(self.path, "rb")  # noqa: SIM115
        except OSError:
            return False
        try:
            if _try_lock(handle):
                _unlock(handle)
                return False
            return True
        finally:
            handle.close()


class _SharedLock:
    def __init__(self, lock: FolderLock) -> None:
        self.lock = lock
        self.users = 0


_shared: dict[Path, _SharedLock] = {}
_shared_guard = threading.Lock()


class FolderHold:
    """This process's share of a folder lock; :meth:`release` it (or use ``with``)."""

    def __init__(self, key: Path) -> None:
        self._key: Path | None = key

    @property
    def folder(self) -> Path:
        assert self._key is not None
        return self._key

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _shared_guard:
            shared = _shared.get(key)
            if shared is None:
                return
            shared.users -= 1
            if shared.users <= 0:
                shared.lock.release()
                del _shared[key]

    def __enter__(self) -> FolderHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def hold_data_folder(
    folder: Path, timeout: float = 0.0, program: str = "", on_wait: Any = None
) -> FolderHold:
    """Share this process's lock of ``folder``, taking it first if nobody here holds it.

    Raises :class:`FolderBusyError` if another process keeps it for ``timeout`` seconds,
    OSError if the lock file cannot be created (a read-only or full folder)."""
    key = folder.resolve()
    with _shared_guard:
        shared = _shared.get(key)
        if shared is None:
            lock = FolderLock(key, program)
            lock.acquire(timeout, on_wait)
            shared = _shared[key] = _SharedLock(lock)
        shared.users += 1
    return FolderHold(key)
