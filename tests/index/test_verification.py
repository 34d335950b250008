"""A term of three or more characters is found from the posting lists of its pairs and
then checked against each candidate block's folded text: the pairs may all occur in a
block without the term.  Many candidates are checked and counted at once, in the UTF-16
bytes of the texts when the term's bytes cannot occur there except where the term does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import index.search
from index.folding import fold_text
from index.search import IndexSearcher
from index.sidecar import FoldedTexts, shifted, write_sidecar
from index.store import build_index

# "的了面" written as UTF-16-LE bytes from an odd offset: four other characters, whose
# bytes hold the term's bytes straddling them.
TERM = "的了面"
STRADDLING = (b"\x00" + TERM.encode("utf-16-le") + b"\x4e").decode("utf-16-le")

DOCUMENT = f"""---
title: 核对文件
date: 2024-01-01
id: verify
---

保障，障措，措施，三个词对各自出现但不相连。

落实保障措施。

保障措施和保障措施。

{TERM}{STRADDLING}

{TERM}一二三四

{STRADDLING}后面没有这个词。
"""


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexSearcher]:
    corpus = tmp_path_factory.mktemp("verify-corpus")
    (corpus / "verify.md").write_text(DOCUMENT, "utf-8")
    out = tmp_path_factory.mktemp("verify-index") / "ix"
    build_index(corpus, out, strict=True)
    with IndexSearcher(out) as opened:
        yield opened


def test_the_fixture_holds_the_term_only_straddling() -> None:
    assert fold_text(STRADDLING) == STRADDLING and TERM not in STRADDLING
    assert TERM.encode("utf-16-le") in STRADDLING.encode("utf-16-le")


# Counting in the texts' bytes is asked for from this many candidates: every block here.
IN_BYTES = pytest.mark.parametrize("aligned_from", [0, 1 << 30], ids=["in-bytes", "decoded"])


@IN_BYTES
def test_a_phrase_whose_pairs_occur_apart_is_not_found(
    searcher: IndexSearcher, monkeypatch: pytest.MonkeyPatch, aligned_from: int
) -> None:
    monkeypatch.setattr(index.search, "_ALIGNED_FROM", aligned_from)
    result = searcher.search("保障措施", limit=None)
    assert result.total == 2
    assert [hit.text for hit in result.hits] == ["保障措施和保障措施。", "落实保障措施。"]
    # Both occurrences counted (it outranks the shorter block) and marked.
    assert result.hits[0].spans == ((0, 4), (5, 9))
    assert result.hits[0].score > result.hits[1].score
    # The same with a second term, and with the pairs typed apart.
    assert searcher.search("保障措施 落实", limit=None).total == 1
    assert searcher.search("保障 措施", limit=None).total == 3


@IN_BYTES
def test_bytes_straddling_characters_are_neither_found_nor_counted(
    searcher: IndexSearcher, monkeypatch: pytest.MonkeyPatch, aligned_from: int
) -> None:
    monkeypatch.setattr(index.search, "_ALIGNED_FROM", aligned_from)
    blocks = range(searcher.block_count)
    # The index holds the straddling characters: the term is not counted in bytes,
    # while a term they do not straddle is (when asked).
    assert searcher._aligned([TERM, "保障措施"], blocks) == (
        {"保障措施"} if aligned_from == 0 else set()
    )
    result = searcher.search(TERM, limit=None)
    assert [hit.text for hit in result.hits] == [TERM + STRADDLING, TERM + "一二三四"]
    # One occurrence each in blocks of one length: the same score, block order.
    assert result.hits[0].score == result.hits[1].score
    assert result.hits[0].spans == result.hits[1].spans == ((0, 3),)
    assert searcher.search("的了", limit=None).total == 2


_ALPHABET = st.sampled_from(
    [*"的了面保障措施萀虶扎亗乎 ab，\n", "\U00020000", "\U0002a6d6", "\ud840", "\udc00"]
)
# A text holds no surrogate pair as two code points (UTF-16 would make it one
# character); two neighbouring texts may.
_TEXTS = st.lists(
    st.text(_ALPHABET, max_size=12).filter(lambda text: "\ud840\udc00" not in text),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(texts=_TEXTS, terms=st.lists(st.text(_ALPHABET, min_size=1, max_size=4), max_size=4))
def test_counting_in_bulk_equals_counting_each_text(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], terms: list[str]
) -> None:
    """Characters outside the Basic Multilingual Plane, lone surrogates, a surrogate
    pair made by two neighbouring texts: each text counted as :meth:`str.count` does."""
    folder = tmp_path_factory.mktemp("sidecar")
    write_sidecar(folder, [(text, 1) for text in texts])
    every = "".join(texts)
    # As the searcher decides it: a character of the term's straddling form is in no text.
    aligned = {
        term
        for term in terms
        if (inner := shifted(term)) is not None
        and any(not char.isspace() and char not in every for char in inner)
    }
    order = list(range(len(texts)))[::-1]
    folded = FoldedTexts(folder)
    try:
        lengths, counts = folded.counts(order, terms, aligned)
    finally:
        folded.close()
    assert lengths == [len(texts[i].encode("utf-16-le", "surrogatepass")) // 2 for i in order]
    assert counts == [[texts[i].count(term) for i in order] for term in terms]
