"""A long command asked to stop ends the way Ctrl+C ends it.

``kill`` (SIGTERM) and a closed terminal (SIGHUP) would otherwise end the process at
once, skipping the ``finally`` and ``except BaseException`` blocks that remove a
build's staging folder, stop its forked processes and delete a half-written file.
Inside :func:`stopped_by_signals` they raise :class:`Stopped`, a
:class:`KeyboardInterrupt`, so the same clean-up runs for them as for Ctrl+C.

A forked worker calls :func:`in_forked_worker` first: Ctrl+C and a closed terminal
reach every process of the terminal's process group, and the worker is stopped by the
process that started it (SIGTERM, at once, quietly), never by its own handlers; and it
ends when that process ends, however it ends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["Stopped", "exit_status", "in_forked_worker", "stopped_by_signals", "stopped_message"]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP received inside :func:`stopped_by_signals`."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def _signals() -> list[int]:
    return [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Stopped` in the main thread meanwhile (the first
    one only: a second, sent while the clean-up runs, does not cut it short)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can handle signals
        return
    signums = _signals()

    def stop(signum: int, _frame: FrameType | None) -> None:
        for each in signums:
            signal.signal(each, signal.SIG_IGN)
        raise Stopped(signum)

    previous: dict[int, Any] = {}
    try:
        for signum in signums:
            previous[signum] = signal.signal(signum, stop)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def in_forked_worker() -> None:
    """In a forked worker, first: ignore Ctrl+C (the starting process stops it), end at
    once on SIGTERM and SIGHUP, and get SIGTERM when the starting process ends (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in _signals():
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the starting process still stops it
            pass
        starter = multiprocessing.parent_process()
        if starter is not None and os.getppid() != starter.pid:
            os._exit(1)  # the starting process ended before prctl took effect


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """The exit status a shell gives a process ended by the signal: 128 + its number."""
    return 128 + (interrupt.signum if isinstance(interrupt, Stopped) else int(signal.SIGINT))


def stopped_message(language: str) -> str:
    """The command line's word for a stopped command (``zh`` or ``en``)."""
    if language.startswith("zh"):
        return "已中止：命令被中断，没有留下写了一半的文件。"
    return "stopped: the command was interrupted; nothing was left half-written"
