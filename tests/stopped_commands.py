"""A command started as from a terminal and stopped as a user stops it (kill, a closed
terminal, Ctrl+C) once it has reached the point a test wants it stopped at."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

STARTS_WITHIN_S = 120  # on a loaded machine a window or a build can take a while


def _ctrl_c_as_in_a_terminal() -> None:
    """Ctrl+C at its default in the child, as in a terminal: a test run started in the
    background (``cmd &`` in a script) has it ignored, and Python keeps it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_when(
    argv: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    stderr: Path,
    ready: Callable[[], bool],
    waiting_for: str,
    signum: int,
    whole_group: bool = True,
    before_stop: Callable[[], None] = lambda: None,
) -> int:
    """Start ``argv`` in its own process group (stderr into the file ``stderr``), wait
    until ``ready()``, run ``before_stop()``, send ``signum`` — to the whole group as a
    terminal does, or to the process alone as ``kill PID`` does — and return the exit
    status. Whatever happens, nothing of it is left running."""
    with stderr.open("wb") as err:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group, as a terminal would give it
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        try:
            deadline = time.monotonic() + STARTS_WITHIN_S
            while not ready():
                assert proc.poll() is None, stderr.read_text("utf-8", "replace")
                assert time.monotonic() < deadline, f"{waiting_for} did not happen"
                time.sleep(0.02)
            before_stop()
            if whole_group:
                os.killpg(proc.pid, signum)
            else:
                proc.send_signal(signum)
            return proc.wait(timeout=STARTS_WITHIN_S)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
