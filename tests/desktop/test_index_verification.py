"""A shipped index with one flipped bit is rebuilt into the user folder, with a message."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from index.store import check_index


@pytest.mark.slow
def test_a_damaged_shipped_index_is_rebuilt_into_the_user_folder(
    tmp_path: Path,
    monkeypatch: Any,
    make_window: Any,
    built_index: Path,
    sample_corpus: Path,
    qtbot: Any,
) -> None:
    damaged = tmp_path / "shipped"
    shutil.copytree(built_index, damaged)
    term_file = next(damaged.glob("*.trm"))
    with term_file.open("r+b") as fh:
        fh.seek(term_file.stat().st_size // 2)
        byte = fh.read(1)[0]
        fh.seek(-1, 1)
        fh.write(bytes([byte ^ 0x10]))
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: damaged)
    labels: list[str] = []
    window = make_window(wait_index=False)
    window.rebuild_started.connect(labels.append)
    qtbot.waitUntil(lambda: window.library.searcher is not None, timeout=60000)
    assert labels and "cannot be used" in labels[0] and ".trm" in labels[0]
    user_index = paths.user_index_dir()
    assert check_index(user_index, sample_corpus, full=True).ok
    result = window.library.searcher.search("政务服务", limit=5)
    assert result.total == 6
