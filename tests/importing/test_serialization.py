"""Stored documents round-trip exactly, whatever their text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.importing import ImportDraft, document_from_json, document_to_json
from index.corpus import load_document
from tests.importing.files import SEED_FILE

line = st.text(min_size=1, max_size=40).map(lambda t: " ".join(t.split())).filter(bool)


@settings(max_examples=100, deadline=None)
@given(
    title=line,
    paragraphs=st.lists(line, min_size=1, max_size=8),
    meta=st.dictionaries(st.sampled_from(["source", "author", "editor", "url"]), st.text()),
    extra=st.dictionaries(st.text(max_size=10), st.text(max_size=20)),
)
def test_round_trip_is_exact(
    title: str, paragraphs: list[str], meta: dict[str, str], extra: dict[str, str]
) -> None:
    doc = ImportDraft.from_paragraphs(title, paragraphs, None, **meta).to_document(
        "u-1", "x", extra
    )
    again = document_from_json(document_to_json(doc))
    assert again == doc
    assert again.extra == doc.extra


def test_seed_document_round_trips() -> None:
    doc = load_document(SEED_FILE)
    assert document_from_json(document_to_json(doc)) == doc


@pytest.mark.parametrize(
    "text", ["", "[]", '{"format_version": 99}', '{"format_version": 1, "id": "x"}']
)
def test_not_a_document_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        document_from_json(text)
