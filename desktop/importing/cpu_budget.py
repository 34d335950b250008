"""A processor-time budget for parsing a hostile file, enforced from outside the parser.

Some inputs make a pure-Python parser work long inside one call we cannot look into
(pypdf recovering from an object nested millions of levels deep spends about 12 µs a
level).  :func:`cpu_budget` watches the calling thread from a small watchdog thread and,
once the thread has used ``seconds`` of processor time, raises :class:`OverBudget` in
it at its next bytecode (CPython's ``PyThreadState_SetAsyncExc``).  ``OverBudget`` is
a ``BaseException``, so the parser's own ``except Exception`` recovery cannot swallow
it.  Where a thread's processor time cannot be read (Windows), the budget is counted in
wall-clock time, three times as long, since a busy machine stretches wall time.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["OverBudget", "cpu_budget"]

_CHECK_SECONDS = 0.05
_WALL_FACTOR = 3.0


class OverBudget(BaseException):
    """The watched thread used up its budget (raised inside it by the watchdog)."""


def _thread_clock(ident: int) -> Callable[[], float]:
    """Seconds of processor time of thread ``ident`` so far, or wall time where unknown."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        started = time.monotonic()
        return lambda: (time.monotonic() - started) / _WALL_FACTOR
    base = time.clock_gettime(clock)
    return lambda: time.clock_gettime(clock) - base


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in the thread at its next bytecode; None withdraws a pending one."""
    argument = ctypes.py_object(exception) if exception is not None else None  # None: NULL
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), argument)


@contextmanager
def cpu_budget(seconds: float) -> Iterator[Callable[[], float]]:
    """Run the ``with`` body with at most ``seconds`` of this thread's processor time.

    Yields a function giving the time used so far.  Raises :class:`OverBudget` (from
    wherever the body is) once the budget is spent."""
    ident = threading.get_ident()
    used = _thread_clock(ident)
    guard = threading.Lock()
    state = {"active": True, "fired": False}
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(_CHECK_SECONDS):
            if used() < seconds:
                continue
            with guard:
                if state["active"]:
                    state["fired"] = True
                    _raise_in(ident, OverBudget)
            return

    watchdog = threading.Thread(target=watch, name="cpu-budget", daemon=True)
    watchdog.start()
    try:
        yield used
    finally:
        try:
            stop.set()
            with guard:
                state["active"] = False
                fired = state["fired"]
            if fired:  # raised but perhaps not yet delivered: withdraw it
                _raise_in(ident, None)
        except OverBudget:
            fired = True
        watchdog.join()
    # The body finished in time, or its OverBudget is propagating already.
