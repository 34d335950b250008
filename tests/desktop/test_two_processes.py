"""The program and the command line on one data folder at the same time (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import paths
from desktop.folder_lock import read_holder
from desktop.importing import PersonalLibrary

REPO = Path(__file__).resolve().parents[2]
BODY = "\n\n".join(f"第{i}条 各地区各部门要加强统筹协调，推进政务服务改革。" for i in range(60))


def _env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[paths.DATA_DIR_ENV] = str(data)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(data: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _wait_for_holder(data: Path, pid: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        holder = read_holder(data)
        if holder is not None and holder.pid == pid:
            return
        time.sleep(0.1)
    pytest.fail(f"process {pid} never took the data folder")


@pytest.mark.slow
def test_the_app_owns_its_folder_and_a_second_launch_hands_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    doc = tmp_path / "a.txt"
    doc.write_text(f"甲文件\n\n{BODY}\n", "utf-8")
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop"],
        cwd=REPO,
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_holder(data, app.pid)
        busy = _run(data, "import", str(doc), "--data-dir", str(data), "--wait", "1")
        assert busy.returncode == 1
        errors = [line for line in busy.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and f"process {app.pid}" in errors[0], busy.stderr
        assert "Traceback" not in busy.stderr

        second = _run(data, timeout=60)
        assert second.returncode == 0, second.stderr
        assert f"already running (process {app.pid})" in second.stdout

        exported = _run(
            data, "annotations", "export", "--format", "json", "--output", str(tmp_path / "n.json")
        )
        assert exported.returncode == 0, exported.stderr
        assert app.poll() is None, "the first program must keep running"
    finally:
        app.terminate()
        app.wait(timeout=30)
    done = _run(data, "import", str(doc), "--data-dir", str(data), "--wait", "10")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_starting_the_app_during_an_import_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    files = []
    for i in range(12):
        path = tmp_path / f"f{i}.txt"
        path.write_text(f"导入文件{i}\n\n{BODY}\n", "utf-8")
        files.append(str(path))
    cli = subprocess.Popen(
        [sys.executable, "-m", "desktop", "import", *files, "--data-dir", str(data)],
        cwd=REPO,
        env=_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_holder(data, cli.pid)
    app = _run(data, "--exit-when-ready", timeout=120)
    out, err = cli.communicate(timeout=300)
    assert app.returncode == 0, app.stderr
    assert cli.returncode == 0, err
    assert out.count("imported ") == 12
    library = PersonalLibrary.open(data)
    try:
        assert len(library) == 12
        assert not list((data / "library").glob(".op-*"))
    finally:
        library.close()
