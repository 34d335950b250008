"""新旧对照: 保守国家秘密法 2010 against 2024, aligned article by article."""

from __future__ import annotations

from pathlib import Path

from index.compare import align_articles, article_text, word_changes
from index.corpus import load_document

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"


def test_secrets_law_versions_align_with_added_and_renumbered_articles() -> None:
    old = load_document(CORPUS / "laws/行政法/保守国家秘密法(2010-04-29).md", CORPUS)
    new = load_document(CORPUS / "laws/行政法/保守国家秘密法(2024-02-27).md", CORPUS)
    pairs = align_articles(old, new)
    # Every article of both versions appears once, in reading order.
    assert [p.old for p in pairs if p.old] == old.articles()
    assert [p.new for p in pairs if p.new] == new.articles()
    added = [p.new for p in pairs if p.status == "added"]
    assert any(a is not None and "中国共产党" in a.text and a.article_no == 3 for a in added)
    by_old = {p.old.article: p for p in pairs if p.old}
    # Article 3 of 2010 (the classification duty) is article 5 in 2024: renumbered, paired.
    moved = by_old["第三条"]
    assert moved.new is not None and moved.new.article == "第五条"
    assert by_old["第二条"].status == "same"
    # Inside a changed pair the inserted words are marked.
    first = by_old["第一条"]
    assert first.status == "changed" and first.new is not None and first.old is not None
    a, b = article_text(old, first.old), article_text(new, first.new)
    inserted = [b[c.new_start : c.new_end] for c in word_changes(a, b) if c.op == "insert"]
    assert "根据宪法，" in inserted


def test_a_version_against_itself_is_all_same() -> None:
    doc = load_document(CORPUS / "laws/行政法/数据安全法(2021-06-10).md", CORPUS)
    pairs = align_articles(doc, doc)
    assert {p.status for p in pairs} == {"same"} and len(pairs) == 55
