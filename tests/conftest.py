"""Shared test setup: no test touches the real per-user folder or needs a display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: render offscreen, never to a real display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh per-user data folder for every test."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("POLICY_LIBRARY_DATA_DIR", str(data))
    yield data
