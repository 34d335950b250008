"""A notes export stopped while it writes (kill, a closed terminal) ends as Ctrl+C ends
it: the file it replaces is kept whole, no partial file is left, and it says so."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.stopped_commands import stop_when

REPO = Path(__file__).resolve().parents[2]

# ``policy-library annotations ARGS`` whose file writes announce themselves on stderr
# and hang before the file is flushed to disk: stopped mid-write, on any machine.
HANGING_WRITE = """
import os, sys, time
def hanging(fd):
    print("writing", file=sys.stderr, flush=True)
    time.sleep(120)
os.fsync = hanging
from desktop.annotations.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _exists(path: Path) -> None:
    assert path.exists(), path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_an_export_stopped_mid_write_keeps_the_old_file(
    tmp_path: Path, seed_corpus: Path, signum: int
) -> None:
    out = tmp_path / "notes.json"
    out.write_text("the export made yesterday", "utf-8")
    stderr = tmp_path / "stderr.txt"
    command = ["export", "--format", "json", "--output", str(out)]
    command += ["--data-dir", str(tmp_path / "data"), "--corpus", str(seed_corpus)]
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    status = stop_when(
        [sys.executable, "-c", HANGING_WRITE, *command],
        cwd=REPO,
        env=env,
        stderr=stderr,
        ready=lambda: "writing" in stderr.read_text("utf-8", "replace"),
        waiting_for="the export writing",
        signum=signum,
        before_stop=lambda: _exists(tmp_path / "notes.json.partial"),
    )
    said = stderr.read_text("utf-8")
    assert status == 128 + signum, said
    assert out.read_text("utf-8") == "the export made yesterday"
    assert sorted(p.name for p in tmp_path.glob("notes.json*")) == ["notes.json"]
    assert "stopped: the command was interrupted;" in said and "Traceback" not in said
