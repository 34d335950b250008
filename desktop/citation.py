"""Copy with citation: the selected text followed by where it comes from (Qt-free).

An article of a press or government page is cited by title, source, date and section;
a legal text by its articles: ``《中华人民共和国数据安全法》第二十一条第一款`` (the 款 when
the selection lies in one of several), ``第三条至第五条`` across articles, and the version date when
the version cited is not the current one.
"""

from __future__ import annotations

from index.document import Block, Document
from index.numerals import int_to_cn

__all__ = ["citation", "law_citation", "text_with_citation"]


def citation(doc: Document, block: Block | None, simplify: bool) -> str:
    """《title》，source，date，section — in the display script."""
    from index.folding import simplify_text

    parts = [f"《{doc.title}》"]
    if doc.source:
        parts.append(doc.source)
    if doc.published:
        parts.append(doc.published[:10])
    if block is not None and block.section:
        parts.append(" › ".join(block.section))
    text = "，".join(parts)
    return simplify_text(text) if simplify else text


def _version_note(doc: Document) -> str:
    if doc.current or not doc.version_date:
        return ""
    year, month, day = (int(p) for p in doc.version_date[:10].split("-"))
    return f"（{year}年{month}月{day}日版本）"


def law_citation(doc: Document, first: Block, last: Block | None = None) -> str:
    """The citation of a selection from ``first`` to ``last`` (blocks of a legal text)."""
    last = last or first
    title = f"《{doc.display_title}》{_version_note(doc)}"
    if not first.article:
        return title
    if last.article and (last.article_no, last.article_sub) != (
        first.article_no,
        first.article_sub,
    ):
        return f"{title}{first.article}至{last.article}"
    if first.clause and first.clause == last.clause and _has_clauses(doc, first):
        return f"{title}{first.article}第{int_to_cn(first.clause)}款"
    return f"{title}{first.article}"


def _has_clauses(doc: Document, block: Block) -> bool:
    """Has the article holding ``block`` more than one 款 (else none is named)?"""
    key = (block.article_no, block.article_sub)
    return any(b.clause > 1 for b in doc.blocks if (b.article_no, b.article_sub) == key)


def text_with_citation(
    selected: str,
    doc: Document,
    block: Block | None,
    simplify: bool,
    last: Block | None = None,
) -> str:
    if block is not None and block.article:
        from index.folding import simplify_text

        cited = law_citation(doc, block, last)
        return f"{selected.strip()}\n——{simplify_text(cited) if simplify else cited}"
    return f"{selected.strip()}\n——{citation(doc, block, simplify)}"
