"""A real release build (``packaging/build.py --glibc-2.28``), once per test session.

The glibc-2.28 Python, its wheels, the Debian test root and the wine prefix are cached in
POLICY_LIBRARY_CACHE (default /var/cache/policy-library-ci): the first run on a new machine
builds them (about 12 minutes on two cores), later runs take them from there.
Set POLICY_LIBRARY_DIST to a folder holding an existing build (``dist/``) to test that
build instead of making a new one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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


def run_build(dist: Path, work: Path) -> Build:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build.py"),
            "--glibc-2.28",
            "--dist",
            str(dist),
            "--work",
            str(work),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=2400,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (dist / "build-info.json").exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return Build(dist, json.loads((dist / "build-info.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    given = os.environ.get("POLICY_LIBRARY_DIST")
    if given:
        dist = Path(given)
        return Build(dist, json.loads((dist / "build-info.json").read_text("utf-8")))
    base = tmp_path_factory.mktemp("build")
    return run_build(base / "dist", base / "work")


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temp folders are private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="policy-library-test-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+w", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)
