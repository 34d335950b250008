"""The personal library before anything is imported: its search answers with no hits,
quietly (nothing logged as a failure), alone and together with the bundled library."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop.importing import PersonalLibrary
from desktop.personal import personal_state
from index.session import combine_searchers


def test_an_empty_personal_library_is_searched_quietly(
    tmp_path: Path, built_index: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from index.search import open_searcher

    caplog.set_level(logging.INFO)
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        state = personal_state(library)
        assert state.documents == ()
        searcher = state.searcher
        assert searcher is not None
        try:
            searcher.prepare()
            assert searcher.search("通知").hits == ()
            assert searcher.search("通知", all_versions=True).total == 0
            assert searcher.match_docnums("通知") == frozenset()
            with open_searcher(built_index) as bundled:
                alone = bundled.search("通知", limit=None).total
                combined = combine_searchers(bundled, [("personal", searcher)])
                assert combined is not None
                combined.prepare()
                assert combined.search("通知", limit=None).total == alone > 0
        finally:
            searcher.close()
    finally:
        library.close()
    failures = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert failures == []
