"""A hit's block text restored from how it differs from the folded text
(``original.dif``), without inflating its document from the catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.catalog import Catalog
from index.folding import fold_text
from index.search import IndexSearcher
from index.sidecar import (
    ORIGINAL_OFFSETS_NAME,
    ORIGINALS_NAME,
    FoldedTexts,
    original_record,
    restore_original,
)

# Traditional, full-width forms, quotes, 著 both ways, characters outside the BMP.
ALPHABET = "臺灣發展規劃，。（）ＡＢ１２a b\u3000“”著作發揮著𠀋𡃁中国"
QUERIES = ["灣區", "粤港澳", "推进", "一是", "指导思想", "总体要求", "12345", "标准 -清单"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET)))
def test_a_text_is_restored_from_its_folded_form_and_its_record(text: str) -> None:
    folded = fold_text(text)
    record = original_record(text, folded)
    assert restore_original(folded, record) == text
    assert (record == b"") == (text == folded)


def test_a_record_that_does_not_fit_the_text_is_refused() -> None:
    record = original_record("臺灣", fold_text("臺灣"))
    assert restore_original("台湾之外还有很多地方", record) is None
    assert restore_original("台", record) is None


def test_a_built_index_restores_every_block_as_the_catalog_holds_it(multi_index: Path) -> None:
    catalog = Catalog(multi_index)
    texts = FoldedTexts(multi_index)
    try:
        assert texts.has_originals
        docnum = 0
        for entry in catalog.documents:
            for original in catalog.texts(entry.id):
                assert texts.original(docnum) == original
                docnum += 1
        assert docnum == texts.count
    finally:
        texts.close()


def _answers(index_dir: Path) -> list[tuple[int, list[dict[str, object]]]]:
    with IndexSearcher(index_dir) as searcher:
        out = []
        for query in QUERIES:
            result = searcher.search(query, limit=None)
            out.append((result.total, [hit.to_json() for hit in result.hits]))
        return out


@pytest.fixture
def without_originals(multi_index: Path, tmp_path: Path) -> Path:
    """The index as built before the originals were kept."""
    older = tmp_path / "ix"
    shutil.copytree(multi_index, older)
    (older / ORIGINALS_NAME).unlink()
    (older / ORIGINAL_OFFSETS_NAME).unlink()
    return older


def test_hits_are_made_without_inflating_documents(
    multi_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _answers(multi_index)
    assert any(hits for _, hits in expected)

    def refuse(self: Catalog, doc_id: str) -> tuple[str, ...]:
        raise AssertionError(f"{doc_id} inflated for a hit")

    with IndexSearcher(multi_index) as searcher:
        monkeypatch.setattr(Catalog, "texts", refuse)
        for query, (total, hits) in zip(QUERIES, expected, strict=True):
            result = searcher.search(query, limit=None)
            assert (result.total, [hit.to_json() for hit in result.hits]) == (total, hits)


def test_an_index_built_before_the_originals_answers_the_same(
    multi_index: Path, without_originals: Path
) -> None:
    texts = FoldedTexts(without_originals)
    assert not texts.has_originals
    texts.close()
    assert _answers(without_originals) == _answers(multi_index)


def test_originals_that_do_not_match_the_texts_are_not_used(
    multi_index: Path, without_originals: Path
) -> None:
    (without_originals / ORIGINALS_NAME).write_bytes(b"\x01" * 64)
    (without_originals / ORIGINAL_OFFSETS_NAME).write_bytes(bytes(16))
    texts = FoldedTexts(without_originals)
    assert not texts.has_originals
    assert texts.original(0) is None
    texts.close()
    assert _answers(without_originals) == _answers(multi_index)


def test_a_hit_names_its_document_from_the_catalog(multi_index: Path) -> None:
    catalog = Catalog(multi_index)
    with IndexSearcher(multi_index) as searcher:
        expected = {entry.id: entry.title for entry in catalog.documents}
        starts = set(searcher._document_starts().values())
        searcher.prepare()
        read: list[int] = []
        stored_fields = searcher._searcher.stored_fields

        def counted(docnum: int) -> dict[str, object]:
            read.append(docnum)
            return dict(stored_fields(docnum))

        searcher._searcher.stored_fields = counted
        hits = searcher.search("推进 要求", limit=None).hits
        hits += searcher.search("灣區", limit=None).hits
    assert len({hit.doc_id for hit in hits}) >= 2
    for hit in hits:
        assert hit.doc_title == expected[hit.doc_id]
    # Title blocks are read only when they are hits themselves.
    assert not (set(read) & starts) - {hit.order for hit in hits}


def test_the_benchmark_gives_an_older_pack_the_files_its_build_writes(
    multi_index: Path, multi_corpus: Path, without_originals: Path
) -> None:
    from index.bench.packs import add_originals
    from index.store import check_index

    add_originals(without_originals)
    for name in (ORIGINALS_NAME, ORIGINAL_OFFSETS_NAME):
        assert (without_originals / name).read_bytes() == (multi_index / name).read_bytes()
    assert check_index(without_originals, multi_corpus, full=True).ok
