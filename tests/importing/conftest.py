from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.importing import PersonalLibrary


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def library(data_dir: Path) -> PersonalLibrary:
    return PersonalLibrary.open(data_dir)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Where the user's files to import come from."""
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` with a digest of its bytes (Whoosh's lock file excluded)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith("WRITELOCK")
    }
