"""Cross-references in legal texts, found per block and resolved to blocks.

Recognised (numbers in Chinese or Arabic digits):

* ``本法第二十一条`` / ``本条例第X条`` / ``本规定…`` / ``本办法…`` / ``本细则…``, and a bare
  ``第X条`` (``依照第十条的规定``): an article of the same document — for a book of the
  Civil Code, of the book that holds it;
* ``第十条至第十二条``: both ends, each a reference;
* ``第X条第Y款``: that 款 of the article; ``本条第Y款``, ``前款``: a 款 of the same article;
* ``《中华人民共和国网络安全法》`` (and ``《…》第X条``): that document (and article) when the
  library holds a current document with that title.

Each becomes a :class:`index.document.CrossReference` in the block's ``refs`` with its
offsets in the block text, so the reader can link it; ``block_id`` (and ``doc_id`` for
another document) is set where the target was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from index.article_query import document_names
from index.document import Block, BlockKind, CrossReference, Document
from index.numerals import NUMERAL_CHARS, cn_to_int

__all__ = ["ReferenceTables", "find_references", "link_document", "link_references"]

_N = f"[{NUMERAL_CHARS}0-9]+"
_ARTICLE = rf"第(?P<no>{_N})条(?:之(?P<sub>{_N}))?(?:第(?P<clause>{_N})款)?"
_PATTERN = re.compile(
    rf"(?P<title>《[^《》]{{2,60}}》)(?:{_ARTICLE.replace('?P<', '?P<t_')})?"
    rf"|(?P<self>本(?:法|条例|规定|办法|细则|规则|决定|章程|准则))?{_ARTICLE}"
    rf"(?:至(?P<range>第(?P<r_no>{_N})条(?:之(?P<r_sub>{_N}))?))?"
    rf"|本条第(?P<here>{_N})款"
    r"|(?P<prev>前款)"
)
# A bare 第X条 right after these is an article of another document named without 《》.
_OTHER_NAME = re.compile(r"(?:法|条例|规定|办法|细则|决定|公约|协定)$")


def _number(text: str | None) -> int:
    if not text:
        return 0
    return cn_to_int(text) or 0


def find_references(block: Block) -> list[CrossReference]:
    """The references in one block's text (unresolved: no block or document ids)."""
    refs: list[CrossReference] = []
    text = block.text
    for match in _PATTERN.finditer(text):
        start, end = match.span()
        if match.group("title"):
            title = match.group("title")[1:-1]
            number = _number(match.group("t_no"))
            refs.append(
                CrossReference(
                    start,
                    end,
                    match.group(0),
                    title,
                    number,
                    _number(match.group("t_sub")),
                    _number(match.group("t_clause")),
                )
            )
        elif match.group("no"):
            if start == 0 and block.kind is BlockKind.ARTICLE:
                continue  # the article's own label
            if not match.group("self") and _OTHER_NAME.search(text[max(0, start - 6) : start]):
                continue  # 刑法第X条: another document named without 《》
            number = _number(match.group("no"))
            if not number:
                continue
            head_end = match.start("range") - 1 if match.group("range") else end
            refs.append(
                CrossReference(
                    start,
                    head_end,
                    text[start:head_end],
                    "",
                    number,
                    _number(match.group("sub")),
                    _number(match.group("clause")),
                )
            )
            if match.group("range"):
                r_start = match.start("range")
                refs.append(
                    CrossReference(
                        r_start,
                        end,
                        text[r_start:end],
                        "",
                        _number(match.group("r_no")),
                        _number(match.group("r_sub")),
                    )
                )
        elif match.group("here") and block.article_no:
            refs.append(
                CrossReference(
                    start,
                    end,
                    match.group(0),
                    "",
                    block.article_no,
                    block.article_sub,
                    _number(match.group("here")),
                )
            )
        elif match.group("prev") and block.article_no and block.clause > 1:
            refs.append(
                CrossReference(
                    start,
                    end,
                    match.group(0),
                    "",
                    block.article_no,
                    block.article_sub,
                    block.clause - 1,
                )
            )
    return refs


def _targets(doc: Document) -> dict[tuple[int, int, int], str]:
    """(article, sub, clause) → block id; clause 0 is the article block."""
    out: dict[tuple[int, int, int], str] = {}
    for block in doc.blocks:
        if not block.article_no:
            continue
        if block.kind is BlockKind.ARTICLE:
            out.setdefault((block.article_no, block.article_sub, 0), block.id)
            out.setdefault((block.article_no, block.article_sub, 1), block.id)
        elif block.kind is BlockKind.PARAGRAPH:
            out.setdefault((block.article_no, block.article_sub, block.clause), block.id)
    return out


@dataclass
class ReferenceTables:
    """What resolving references needs of every document of a library, gathered one
    document at a time (:meth:`add`), so the documents need not all be held at once.

    ``add`` every document in library order, name the ones that are not current
    (:attr:`noncurrent`: a document is named by title only when current), then
    :func:`link_document` each one."""

    # document id → (article, sub, clause) → block id
    targets: dict[str, dict[tuple[int, int, int], str]] = field(default_factory=dict)
    # a document's name → (document id, its first block's id), in order
    by_name: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (title, version date) → ids of the documents of that version, in order
    siblings: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    noncurrent: set[str] = field(default_factory=set)

    def add(self, doc: Document) -> None:
        self.targets[doc.id] = _targets(doc)
        first = doc.blocks[0].id if doc.blocks else ""
        for name in document_names(doc.title):
            self.by_name.setdefault(name, []).append((doc.id, first))
        self.siblings.setdefault((doc.title, doc.version_date), []).append(doc.id)
        if not doc.current:
            self.noncurrent.add(doc.id)

    def named(self, name: str) -> list[tuple[str, str]]:
        """The current documents ``name`` names, in library order."""
        return [n for n in self.by_name.get(name, ()) if n[0] not in self.noncurrent]


def link_references(documents: Sequence[Document]) -> list[Document]:
    """Every document with its blocks' references found and resolved."""
    tables = ReferenceTables()
    for doc in documents:
        tables.add(doc)
    return [link_document(doc, tables) for doc in documents]


def link_document(doc: Document, tables: ReferenceTables) -> Document:
    """``doc`` with its blocks' references found and resolved against the library that
    ``tables`` describes."""
    if not any(b.kind is BlockKind.ARTICLE for b in doc.blocks):
        return doc
    targets = tables.targets

    def resolve_in(ids: Sequence[str], ref: CrossReference) -> tuple[str, str]:
        key = (ref.article_no, ref.article_sub, ref.clause)
        for candidate in ids:
            block_id = targets[candidate].get(key)
            if block_id:
                return candidate, block_id
        return "", ""

    siblings = tables.siblings.get((doc.title, doc.version_date), [])
    own = [doc.id, *(other for other in siblings if other != doc.id)]
    blocks = []
    changed = False
    for block in doc.blocks:
        refs = find_references(block)
        if not refs:
            blocks.append(block)
            continue
        resolved = []
        for ref in refs:
            if ref.doc_title:
                named = tables.named(next(iter(document_names(ref.doc_title))))
                if named and ref.article_no:
                    doc_id, block_id = resolve_in([n for n, _ in named], ref)
                    resolved.append(replace(ref, doc_id=doc_id, block_id=block_id))
                elif named:
                    target, first = named[0]
                    resolved.append(replace(ref, doc_id=target, block_id=first))
                else:
                    resolved.append(ref)
            else:
                doc_id, block_id = resolve_in(own, ref)
                resolved.append(
                    replace(ref, doc_id="" if doc_id == doc.id else doc_id, block_id=block_id)
                )
        blocks.append(replace(block, refs=tuple(resolved)))
        changed = True
    return replace(doc, blocks=tuple(blocks)) if changed else doc
