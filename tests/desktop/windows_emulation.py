"""Run the Windows branches of the folder lock and the single-instance endpoint on Linux.

``install()`` makes ``sys.platform`` read ``win32`` and puts a stand-in ``msvcrt`` in
``sys.modules`` whose ``locking`` has Windows' semantics for what the lock uses: it
locks ``nbytes`` from the handle's current position, ``LK_NBLCK`` fails at once with
OSError when another process holds them, ``LK_UNLCK`` releases them.  It is built on
POSIX byte-range locks (``fcntl.lockf``), which, like Windows' locks, are per process
and per range.  Used in-process by the tests and, through ``python -c``, by a second
process that holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import types

LK_UNLCK = 0
LK_LOCK = 1
LK_NLCK = 2
LK_RLCK = 3
LK_NBLCK = 4


def locking(fd: int, mode: int, nbytes: int) -> None:
    position = os.lseek(fd, 0, os.SEEK_CUR)
    if mode == LK_UNLCK:
        fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, position, os.SEEK_SET)
        return
    if mode != LK_NBLCK:
        raise NotImplementedError(mode)
    # Windows locks through a handle opened for reading too; POSIX needs a shared lock
    # there, which conflicts with another process's lock all the same.
    read_only = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
    kind = fcntl.LOCK_SH if read_only else fcntl.LOCK_EX
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB, nbytes, position, os.SEEK_SET)
    except OSError as exc:
        raise PermissionError(13, "Permission denied") from exc  # what msvcrt raises


def fake_msvcrt() -> types.ModuleType:
    module = types.ModuleType("msvcrt")
    for name in ("LK_UNLCK", "LK_LOCK", "LK_NLCK", "LK_RLCK", "LK_NBLCK"):
        setattr(module, name, globals()[name])
    module.locking = locking  # type: ignore[attr-defined]
    return module


def install() -> None:
    """For a child process: this interpreter takes the Windows branches from now on."""
    sys.modules["msvcrt"] = fake_msvcrt()
    sys.platform = "win32"
