"""A real release build (``packaging/build.py --glibc-2.28``), once per test run.

The build is made once for every test and every pytest-xdist worker of a run that needs it;
when the run holds the reproducibility test, a second build runs beside the first.

The glibc-2.28 Python, its wheels, the Debian test root and the wine prefix are cached in
POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci): the first run on a new machine
builds them (about 12 minutes on two cores), later runs take them from there.
Set POLICY_LIBRARY_DIST to a folder holding an existing build (``dist/``) to test that
build instead of making a new one.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("POLICY_LIBRARY_CACHE", "/var/cache/policy-library-ci"))


@dataclass(frozen=True)
class Build:
    dist: Path
    info: dict

    @property
    def bundle(self) -> Path:
        return self.dist / "policy-library"

    @property
    def deb(self) -> Path:
        return self.dist / self.info["deb"]

    @property
    def tarball(self) -> Path:
        return self.dist / self.info["tarball"]


def _build_command(dist: Path, work: Path) -> list[str]:
    return [
        sys.executable,
        str(REPO / "packaging" / "build.py"),
        "--glibc-2.28",
        "--dist",
        str(dist),
        "--work",
        str(work),
    ]


def _build_env(work: Path) -> dict[str, str]:
    # PyInstaller's --clean empties its cache folder: each build gets its own, so two
    # builds can run side by side.
    return {**os.environ, "PYINSTALLER_CONFIG_DIR": str(work / "pyinstaller-config")}


def _finished(dist: Path, output: str) -> Build:
    assert (dist / "build-info.json").exists(), output[-6000:]
    return Build(dist, json.loads((dist / "build-info.json").read_text("utf-8")))


def run_build(dist: Path, work: Path) -> Build:
    proc = subprocess.run(
        _build_command(dist, work),
        cwd=REPO,
        env=_build_env(work),
        capture_output=True,
        text=True,
        timeout=2400,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return _finished(dist, proc.stdout[-3000:] + proc.stderr[-3000:])


# The line build.py prints as it starts PyInstaller: by then the cached glibc-2.28 Python,
# its wheels and the fcitx plugin are made or taken, and a second build may start.
FREEZE_STARTED = "-m PyInstaller"


def run_builds_side_by_side(folders: list[Path]) -> list[Build]:
    """A release build into each ``folder/dist``, side by side: the later ones start as
    the first begins to freeze."""
    deadline = time.monotonic() + 2400
    started: list[tuple[Path, subprocess.Popen[bytes], Path]] = []

    def start(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        log = folder / "build.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                _build_command(folder / "dist", folder / "work"),
                cwd=REPO,
                env=_build_env(folder / "work"),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stopped with all it started
            )
        started.append((folder, proc, log))

    try:
        start(folders[0])
        first, first_log = started[0][1], started[0][2]
        for folder in folders[1:]:
            while first.poll() is None and FREEZE_STARTED not in first_log.read_text(
                "utf-8", errors="replace"
            ):
                assert time.monotonic() < deadline, "the first build did not reach PyInstaller"
                time.sleep(0.5)
            if first.poll() not in (None, 0):
                break  # failed: reported below, no second build
            start(folder)
        builds = []
        for folder, proc, log in started:
            code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            output = log.read_text("utf-8", errors="replace")
            assert code == 0, output[-6000:]
            builds.append(_finished(folder / "dist", output))
        return builds
    finally:
        for _folder, proc, _log in started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder of this test run that every pytest-xdist worker of it sees."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / name
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Held by one process of the test run at a time (the others wait)."""
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


TWO_BUILDS_TEST = "test_two_builds_of_the_same_commit_are_identical"


@pytest.fixture(scope="session")
def release_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> list[Build]:
    """The release builds of this test run, made once for all its tests and workers: two,
    side by side, when the run compares two builds, else one."""
    selected = {getattr(item, "originalname", item.name) for item in request.session.items}
    wanted = 2 if TWO_BUILDS_TEST in selected else 1
    root = shared_folder(tmp_path_factory, "release-builds")
    with exclusive(root / ".lock"):
        folders = [root / str(number) for number in range(1, wanted + 1)]
        missing = [f for f in folders if not (f / "dist" / "build-info.json").exists()]
        if missing:
            run_builds_side_by_side(missing)
        return [_finished(f / "dist", "") for f in folders]


@pytest.fixture(scope="session")
def build(request: pytest.FixtureRequest) -> Build:
    given = os.environ.get("POLICY_LIBRARY_DIST")
    if given:
        dist = Path(given)
        return Build(dist, json.loads((dist / "build-info.json").read_text("utf-8")))
    builds: list[Build] = request.getfixturevalue("release_builds")
    return builds[0]


@pytest.fixture(scope="session")
def second_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Another release build of the same commit, made apart from ``build``."""
    if os.environ.get("POLICY_LIBRARY_DIST"):
        base = tmp_path_factory.mktemp("second-build")
        return run_build(base / "dist", base / "work")
    builds: list[Build] = request.getfixturevalue("release_builds")
    assert len(builds) == 2
    return builds[1]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temp folders are private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="policy-library-test-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+w", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)
