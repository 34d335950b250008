"""Re-anchoring annotations when a document is revised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.annotations import AnchorIndex, AnchorStatus, new_highlight, reanchor_annotation
from desktop.annotations.approx_match import edit_distance, find_approximate
from index.document import Document
from tests.library_index import bundled_corpus

from .conftest import PARAGRAPHS, block_with, make_document

QUOTE = "打破信息孤岛，推动数据跨部门"


def highlight(document: Document, needle: str):
    block_id, start, end = block_with(document, needle)
    return new_highlight(document, block_id, start, end, note="要点")


def text_at(document: Document, annotation) -> str:
    block = document.block(annotation.block_id)
    assert block is not None
    return block.text[annotation.start : annotation.end]


def test_unchanged_document_keeps_the_anchor(document):
    annotation = highlight(document, QUOTE)
    result = reanchor_annotation(AnchorIndex(document), annotation)
    assert result is annotation
    assert result.anchor_status is AnchorStatus.ANCHORED


def test_inserted_paragraphs_before_the_quote(document):
    annotation = highlight(document, QUOTE)
    revised = make_document(
        [*PARAGRAPHS[:2], "新增加的一段说明文字，介绍背景情况。", "又一段新内容。", *PARAGRAPHS[2:]]
    )
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    # The paragraph itself did not change, so its block id and offsets still hold.
    assert result.anchor_status is AnchorStatus.ANCHORED
    assert text_at(revised, result) == QUOTE


def test_text_inserted_earlier_in_the_same_paragraph(document):
    annotation = highlight(document, QUOTE)
    revised_paragraphs = list(PARAGRAPHS)
    revised_paragraphs[5] = "各地区各部门要" + PARAGRAPHS[5]
    revised = make_document(revised_paragraphs)
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert result.anchor_status is AnchorStatus.REANCHORED
    assert text_at(revised, result) == QUOTE
    assert result.start == annotation.start + len("各地区各部门要")
    assert result.note == "要点"


def test_edited_word_next_to_the_quote(document):
    annotation = highlight(document, QUOTE)
    revised_paragraphs = list(PARAGRAPHS)
    revised_paragraphs[5] = PARAGRAPHS[5].replace("协调机制", "统筹机制")
    revised = make_document(revised_paragraphs)
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert result.anchor_status is AnchorStatus.REANCHORED
    assert text_at(revised, result) == QUOTE
    assert result.block_id != annotation.block_id  # the edited paragraph has a new id


def test_edited_word_inside_the_quote(document):
    annotation = highlight(document, QUOTE)
    revised_paragraphs = list(PARAGRAPHS)
    revised_paragraphs[5] = PARAGRAPHS[5].replace("推动数据", "促进数据")
    revised = make_document(revised_paragraphs)
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert result.anchor_status is AnchorStatus.REANCHORED
    assert text_at(revised, result) == "打破信息孤岛，促进数据跨部门"
    assert result.exact == "打破信息孤岛，促进数据跨部门"  # the quote now describes the new text


def test_quote_moved_to_another_section(document):
    annotation = highlight(document, QUOTE)
    moved = PARAGRAPHS[5]
    revised = make_document([p for p in PARAGRAPHS if p != moved] + [moved])
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert text_at(revised, result) == QUOTE
    assert revised.block(result.block_id).section[-1] == "（二）优化办事流程"  # type: ignore[union-attr]


def test_deleted_paragraph_detaches_but_keeps_quote_and_note(document):
    annotation = highlight(document, QUOTE)
    revised = make_document([p for p in PARAGRAPHS if QUOTE not in p])
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert result.anchor_status is AnchorStatus.DETACHED
    assert result.exact == QUOTE
    assert result.note == "要点"
    assert (result.block_id, result.start, result.end) == (
        annotation.block_id,
        annotation.start,
        annotation.end,
    )


def test_rewritten_quote_beyond_the_threshold_detaches(document):
    annotation = highlight(document, QUOTE)
    revised_paragraphs = list(PARAGRAPHS)
    revised_paragraphs[5] = PARAGRAPHS[5].replace(QUOTE, "消除壁垒，促进资源流通")
    revised = make_document(revised_paragraphs)
    assert reanchor_annotation(AnchorIndex(revised), annotation).is_detached


def test_missing_document_detaches():
    document = make_document(PARAGRAPHS)
    annotation = highlight(document, QUOTE)
    assert reanchor_annotation(None, annotation).is_detached


def test_repeated_quote_prefers_the_matching_context():
    paragraphs = [
        "第一段：加强组织领导，压实工作责任，确保各项任务落到实处。",
        "第二段：完善评估机制，压实工作责任，定期通报工作进展。",
    ]
    document = make_document(paragraphs)
    annotation = highlight(document, "完善评估机制，压实工作责任")
    second = annotation.replace(start=annotation.start + len("完善评估机制，"))
    second = second.replace(exact="压实工作责任", prefix="第二段：完善评估机制，")
    revised = make_document(["新增一段。", *[p.replace("第", "（第") for p in paragraphs]])
    result = reanchor_annotation(AnchorIndex(revised), second)
    block = revised.block(result.block_id)
    assert block is not None and "完善评估机制" in block.text


def test_traditional_revision_of_a_simplified_quote():
    simplified = make_document(["推进政务服务标准化，让企业和群众办事更加方便快捷。"])
    annotation = highlight(simplified, "让企业和群众办事更加方便")
    traditional = make_document(["推進政務服務標準化，讓企業和群眾辦事更加方便快捷。"])
    result = reanchor_annotation(AnchorIndex(traditional), annotation)
    assert result.anchor_status is AnchorStatus.REANCHORED
    assert text_at(traditional, result) == "讓企業和群眾辦事更加方便"


@pytest.mark.slow
def test_seed_document_from_the_corpus():
    corpus = bundled_corpus()
    document = corpus.document("1d295d036ad38628")
    assert document is not None
    quote = "有力的統籌協調、科學的制度規則是數字政府建設整體協同推進的重要條件"
    annotation = highlight(document, quote)
    assert reanchor_annotation(AnchorIndex(document), annotation) is annotation

    # A revised edition: a paragraph inserted before, a word changed inside the quote.
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if quote in b.text)
    edited = blocks[at].text.replace("科學的制度規則", "科學的制度規範")
    paragraphs = [b.text for b in blocks[1:]]
    paragraphs[at - 1] = edited
    paragraphs.insert(1, "編者按：本文據作者在專題研討班上的發言整理。")
    revised = make_document(paragraphs, doc_id=document.id)
    result = reanchor_annotation(AnchorIndex(revised), annotation)
    assert result.anchor_status is AnchorStatus.REANCHORED
    assert text_at(revised, result) == quote.replace("規則", "規範")


def _brute_force_best(pattern: str, text: str) -> int:
    """Smallest edit distance of ``pattern`` to any non-empty substring of ``text``."""
    return min(
        (
            edit_distance(pattern, text[i:j])
            for i in range(len(text))
            for j in range(i + 1, len(text) + 1)
        ),
        default=len(pattern),
    )


@given(
    st.text(alphabet="abcd", min_size=1, max_size=6),
    st.text(alphabet="abcd", max_size=12),
    st.integers(min_value=0, max_value=3),
)
def test_approximate_search_agrees_with_brute_force(pattern, text, k):
    k = min(k, len(pattern) - 1)  # anchoring never allows a whole quote's worth of edits
    matches = find_approximate(pattern, text, k)
    best = _brute_force_best(pattern, text)
    if best <= k:
        assert matches, "a match within k edits exists"
        assert min(m.errors for m in matches) == best
    else:
        assert matches == []
    for match in matches:
        assert match.errors <= k
        assert match.start < match.end
        assert edit_distance(pattern, text[match.start : match.end]) <= match.errors


@given(st.data())
def test_any_selection_in_an_unchanged_document_stays_put(data):
    document = make_document(PARAGRAPHS)
    block = data.draw(st.sampled_from(document.blocks))
    start = data.draw(st.integers(0, len(block.text) - 1))
    end = data.draw(st.integers(start + 1, len(block.text)))
    annotation = new_highlight(document, block.id, start, end)
    index = AnchorIndex(document)
    assert reanchor_annotation(index, annotation) is annotation
    # With the offsets lost, the quote alone still finds the same text.
    lost = annotation.replace(block_id="gone", start=0, end=0)
    found = reanchor_annotation(index, lost)
    assert text_at(document, found) == annotation.exact


def test_a_character_cut_out_of_a_word_is_found_again_where_it_was():
    """Folding depends on the word around a character (著 alone folds to 着, inside 显著
    it stays): a one-character highlight taken out of 显著 whose offsets are lost is
    found again at the same place, not detached."""
    document = make_document(["各地区成效显著，经验可以推广。"])
    block_id, _, start = block_with(document, "成效显")
    annotation = new_highlight(document, block_id, start, start + 1)
    assert annotation.exact == "著"
    lost = annotation.replace(block_id="gone", start=0, end=0)
    found = reanchor_annotation(AnchorIndex(document), lost)
    assert found.anchor_status is AnchorStatus.REANCHORED
    assert (found.block_id, found.start, found.end) == (block_id, start, start + 1)
