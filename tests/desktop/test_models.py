"""The models and small helpers, checked against simple oracles."""

from __future__ import annotations

import html
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.citation import text_with_citation
from desktop.history import History, Location
from desktop.library_filter import matches_filter, normalise_filter
from desktop.models.outline_model import OutlineModel
from desktop.models.roles import NodeKind, Role
from desktop.models.search_model import SearchModel, marked_html
from desktop.text import codepoint_offset, snippet, utf16_len, utf16_offset
from index.corpus import load_document
from index.folding import simplify_text
from index.search import open_searcher

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(TEXT, st.integers(min_value=0, max_value=70))
def test_utf16_offsets_round_trip(text: str, index: int) -> None:
    index = min(index, len(text))
    units = utf16_offset(text, index)
    assert units == len(text[:index].encode("utf-16-le")) // 2
    assert codepoint_offset(text, units) == index
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2


@given(TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5))
def test_marked_html_escapes_everything_and_keeps_the_text(
    text: str, raw_spans: list[tuple[int, int]]
) -> None:
    spans = sorted(
        {(min(a, b), max(a, b)) for a, b in raw_spans if min(a, b) < max(a, b) <= len(text)}
    )
    rich = marked_html(text, spans)
    # Removing our own span tags and unescaping gives back the text exactly.
    plain = rich.replace("</span>", "")
    while '<span style="' in plain:
        start = plain.index('<span style="')
        plain = plain[:start] + plain[plain.index(">", start) + 1 :]
    assert html.unescape(plain) == text
    assert "<" not in plain and ">" not in plain


@given(TEXT, st.integers(0, 59), st.integers(1, 10))
def test_snippet_keeps_the_marked_text(text: str, start: int, length: int) -> None:
    if start >= len(text):
        return
    end = min(len(text), start + length)
    cut, spans = snippet(text, [(start, end)], width=20)
    assert spans, (text, start, end)
    s, e = spans[0]
    assert text[start:end].startswith(cut[s:e])


def test_pinyin_filter_oracle() -> None:
    title = "開啟新時代數字政府建設新篇章"
    for needle in ("szzf", "shuzizhengfu", "數字政府", "数字政府", "SZZF", "kqxsd"):
        assert matches_filter(title, normalise_filter(needle)), needle
    for needle in ("zzz", "政府數字", "shuzizhengfux"):
        assert not matches_filter(title, normalise_filter(needle)), needle


def test_outline_nests_by_level() -> None:
    doc = load_document(CORPUS / "000_1d295d036ad38628.txt", CORPUS)
    model = OutlineModel()
    model.set_document(doc, simplified=True)
    rows = [model.item(r) for r in range(model.rowCount())]
    assert all(row is not None for row in rows)
    top = [row.text() for row in rows if row is not None]
    assert top[0] == "一、深刻认识加强数字政府建设的重大意义"
    third = model.item(2)
    assert third is not None
    # 一是… directly under 三、 (that part has no (一) level).
    child = third.child(0)
    assert child is not None and child.text().startswith("一是培育")
    for heading in doc.headings():
        assert model.item_for_block(heading.id) is not None


def test_search_model_groups_in_reading_order(tmp_path: Path, built_index: Path) -> None:
    with open_searcher(built_index) as searcher:
        result = searcher.search("数字政府", limit=None)
    model = SearchModel()
    model.set_result(result, simplified=False)
    assert len(model.hits) == result.total == 28
    assert [h.order for h in model.hits] == sorted(h.order for h in model.hits)
    doc_item = model.item(0)
    assert doc_item.data(Role.NODE_KIND) == NodeKind.DOCUMENT
    sections = [doc_item.child(r) for r in range(doc_item.rowCount())]
    assert all(s.data(Role.NODE_KIND) == NodeKind.SECTION for s in sections)
    assert sum(s.rowCount() for s in sections) == 28
    labels = [s.text() for s in sections]
    assert len(labels) == len(set(labels))  # each section once
    assert model.hit_item(27) is not None and model.hit_item(28) is None


def test_history_is_browser_like() -> None:
    history = History()
    a, b, c = Location("d", "a"), Location("d", "b"), Location("d", "c")
    history.visit(a)
    history.visit(b)
    assert history.back(c) == b
    assert history.back(b) == a
    assert history.forward(a) == b
    history.visit(b)
    assert not history.can_go_forward


@settings(max_examples=30)
@given(st.text(max_size=30))
def test_citation_names_the_source(selected: str) -> None:
    doc = load_document(CORPUS / "000_1d295d036ad38628.txt", CORPUS)
    block = doc.headings()[0]
    text = text_with_citation(selected, doc, block, simplify=True)
    assert text.endswith(
        "——《开启新时代数字政府建设新篇章》，人民网，2022-08-26，一、深刻认识加强数字政府建设的重大意义"
    )


@settings(max_examples=60)
@given(typed=st.text(max_size=20), start=st.integers(0, 13), length=st.integers(1, 6))
def test_library_filter_takes_any_input(typed: str, start: int, length: int) -> None:
    title = "開啟新時代數字政府建設新篇章"
    matches_filter(title, normalise_filter(typed))  # never raises
    # Oracle: every piece of the title, in either script, matches.
    piece = title[start : start + length]
    assert matches_filter(title, normalise_filter(piece))
    assert matches_filter(title, normalise_filter(simplify_text(piece)))
