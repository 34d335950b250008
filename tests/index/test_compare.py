"""新旧对照: 保守国家秘密法 2010 against 2024, aligned article by article."""

from __future__ import annotations

from pathlib import Path

from index.compare import Change, articles_of, compare_documents
from index.corpus import load_document

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"


def test_secrets_law_versions_align_with_added_and_renumbered_articles() -> None:
    old = load_document(CORPUS / "laws/行政法/保守国家秘密法(2010-04-29).md", CORPUS)
    new = load_document(CORPUS / "laws/行政法/保守国家秘密法(2024-02-27).md", CORPUS)
    rows = compare_documents(old, new)
    # Every article of both versions appears once, in reading order.
    assert [r.old.label for r in rows if r.old] == [a.label for a in articles_of(old)]
    assert [r.new.label for r in rows if r.new] == [a.label for a in articles_of(new)]
    added = [r.new for r in rows if r.change is Change.ADDED and r.new is not None]
    assert any("中国共产党" in a.text and a.number == (3, 0) for a in added)
    by_old = {r.old.label: r for r in rows if r.old}
    # Article 3 of 2010 (the classification duty) is article 5 in 2024: renumbered, paired.
    moved = by_old["第三条"]
    assert moved.new is not None and moved.new.label == "第五条"
    assert by_old["第二条"].change is Change.SAME
    # Inside a changed pair the inserted words are marked.
    first = by_old["第一条"]
    assert first.change is Change.CHANGED and first.new is not None
    assert "根据宪法，" in [first.new.text[s:e] for s, e in first.new_marks]


def test_a_version_against_itself_is_all_same() -> None:
    doc = load_document(CORPUS / "laws/行政法/数据安全法(2021-06-10).md", CORPUS)
    rows = compare_documents(doc, doc)
    assert {r.change for r in rows} == {Change.SAME} and len(rows) == 55
