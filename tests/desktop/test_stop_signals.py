"""The program asked to stop (a logout's SIGTERM, a closed terminal's SIGHUP, Ctrl+C)
closes its window as the user would: its state saved, its work ended by the
close-while-busy rule, and a clean exit — not ended wherever it was."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from index import paths
from tests.stopped_commands import stop_when

REPO = Path(__file__).resolve().parents[2]
READY = "SIGTERM, SIGHUP and Ctrl+C close the window"


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
def test_a_stop_signal_closes_the_window_and_saves_its_state(tmp_path: Path, signum: int) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.DATA_DIR_ENV: str(data)}
    log = data / "logs" / "policy-library.log"
    said = tmp_path / "stderr.txt"

    def settings_not_saved_yet() -> None:
        assert not (data / "settings.ini").exists() or "geometry" not in (
            data / "settings.ini"
        ).read_text("utf-8", "replace")

    status = stop_when(
        [sys.executable, "-m", "desktop"],
        cwd=REPO,
        env=env,
        stderr=said,
        ready=lambda: log.is_file() and READY in log.read_text("utf-8", "replace"),
        waiting_for="the window coming up",
        signum=signum,
        before_stop=settings_not_saved_yet,
    )
    stderr = said.read_text("utf-8", "replace")
    assert status == 0, stderr
    assert f"closing on {signal.Signals(signum).name}" in log.read_text("utf-8")
    assert "geometry" in (data / "settings.ini").read_text("utf-8", "replace")
    assert "Traceback" not in stderr
