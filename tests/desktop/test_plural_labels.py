"""English counts read as English: "1 hit", not "1 hits"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.models.roles import Role
from desktop.models.search_model import SearchModel
from index.search import open_searcher


@pytest.fixture(autouse=True)
def english(qapp):
    """English as the program starts it: with its catalog of plural forms."""
    from desktop.translators import shared

    shared().apply("en")


def _document_label(built_index: Path, query: str, keep: int = 0) -> tuple[int, str]:
    """The first document row's label for ``query`` (its first ``keep`` hits, if given)."""
    with open_searcher(built_index) as searcher:
        result = searcher.search(query, limit=None)
    if keep:
        hits = result.hits[:keep]
        result = dataclasses.replace(result, hits=hits, total=len(hits))
    model = SearchModel()
    model.set_result(result, simplified=False)
    return result.total, str(model.item(0).data(Role.SNIPPET_HTML))


def test_one_hit_is_singular(qapp, built_index: Path) -> None:
    total, label = _document_label(built_index, "一网通办", keep=1)
    assert total == 1
    assert label.endswith("1 hit") and "hits" not in label


def test_many_hits_are_plural(qapp, built_index: Path) -> None:
    total, label = _document_label(built_index, "数字政府")
    assert total > 1
    assert label.endswith(f"{total} hits")
