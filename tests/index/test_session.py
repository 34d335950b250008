"""The library session: bundled index, installed packs and the personal library as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.session import (
    BUNDLED_LIBRARY,
    PERSONAL_LIBRARY,
    SessionError,
    choose_index,
    open_session,
)
from index.store import build_index

from .conftest import SEED_FILE


@pytest.fixture
def seed_index(tmp_path: Path) -> Path:
    """The index of the seed article alone (the bundled corpus also holds the laws)."""
    corpus = tmp_path / "seed-corpus"
    corpus.mkdir()
    shutil.copy(SEED_FILE, corpus / SEED_FILE.name)
    out = tmp_path / "bundled"
    build_index(corpus, out)
    return out


def test_packs_and_personal_library_are_searched_with_the_bundled_one(
    tmp_path: Path, seed_index: Path, multi_corpus: Path, multi_index: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(multi_index, data / "packs" / "gd-2024" / "index")
    (data / "packs" / "broken" / "index").mkdir(parents=True)
    (data / "packs" / "broken" / "index" / "manifest.json").write_text("{", "utf-8")
    with open_session(seed_index, data) as session:
        # The seed document is in both the bundled library and the pack.
        result = session.search("数字政府", limit=None)
        libraries = {hit.library for hit in result.hits}
        assert libraries == {BUNDLED_LIBRARY, "pack:gd-2024"}
        # A document only the pack holds.
        assert {hit.doc_id for hit in session.search("统一事项清单").hits} == {"md-notice"}
        assert {hit.library for hit in session.search("统一事项清单").hits} == {"pack:gd-2024"}
        assert any("pack:broken" in note for note in session.notes)
        assert any("no personal library" in note for note in session.notes)
        assert PERSONAL_LIBRARY not in libraries


def test_a_damaged_personal_index_is_an_error_not_a_silent_gap(
    tmp_path: Path, seed_index: Path
) -> None:
    personal = tmp_path / "data" / "library" / "index"
    personal.mkdir(parents=True)
    (personal / "manifest.json").write_text("not json", "utf-8")
    with pytest.raises(SessionError, match="personal library index"):
        open_session(seed_index, tmp_path / "data")


def test_without_data_dir_only_the_bundled_index_and_no_labels(seed_index: Path) -> None:
    with open_session(seed_index) as session:
        result = session.search("数字政府")
        assert result.hits and all(hit.library == "" for hit in result.hits)


def test_stale_bundled_index_gives_way_to_the_per_user_rebuild(
    tmp_path: Path, seed_index: Path, multi_corpus: Path, multi_index: Path
) -> None:
    """The window, the self-check and the command line choose the same index."""
    choice = choose_index(multi_corpus, seed_index, multi_index)
    assert choice.usable and choice.path == multi_index
    assert not choice.bundled_status.ok
    missing = choose_index(multi_corpus, seed_index, tmp_path / "none")
    assert not missing.usable and missing.path == tmp_path / "none"
