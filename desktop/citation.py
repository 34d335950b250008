"""Copy with citation: the selected text followed by where it comes from (Qt-free)."""

from __future__ import annotations

from index.document import Block, Document


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


def text_with_citation(selected: str, doc: Document, block: Block | None, simplify: bool) -> str:
    return f"{selected.strip()}\n——{citation(doc, block, simplify)}"
