"""Queries that name a document and an article: ``数据安全法第二十一条``, ``数据安全法 21条``,
``个人信息保护法 第13条``, ``《中华人民共和国民法典》第九百九十条第一款``.

:func:`split_article_reference` finds an article reference in a query (第X条, X条,
第X条之一, optionally 第X款, numbers in Chinese or Arabic digits);
:func:`document_names` gives the names a document is called by (its title and, for
national laws, the title without ``中华人民共和国``); :func:`interpret` combines them
into a :class:`DocumentQuery` when a word of the query is exactly such a name.  The
search (:mod:`index.search`) then puts the named article first and counts the
title as matched for every block of the named document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from index.folding import fold_text
from index.numerals import NUMERAL_CHARS, article_label, cn_to_int

__all__ = [
    "ArticleReference",
    "DocumentQuery",
    "document_names",
    "interpret",
    "split_article_reference",
]

_N = f"[{NUMERAL_CHARS}0-9０-９]+"
_REFERENCE = re.compile(
    rf"(?:第\s*)?(?P<no>{_N})\s*条(?:\s*之\s*(?P<sub>{_N}))?(?:\s*第\s*(?P<clause>{_N})\s*款)?"
)
_NATIONAL = "中华人民共和国"
_BRACKETS = str.maketrans("", "", "《》〈〉<>")


@dataclass(frozen=True)
class ArticleReference:
    number: int
    sub: int = 0
    clause: int = 0

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)


@dataclass(frozen=True)
class DocumentQuery:
    """A query that names documents (``doc_ids``), perhaps an article, and other words."""

    doc_ids: tuple[str, ...]
    article: ArticleReference | None
    rest: str


def split_article_reference(query: str) -> tuple[ArticleReference | None, str]:
    """The last article reference in ``query`` and the query without it.

    A bare number followed by 条 counts only when it is Arabic (``21条``) or opens with
    第 — so ``一条路`` is not article 1."""
    found = None
    for match in _REFERENCE.finditer(query):
        lead = match.group("no")[0]
        if not match.group(0).startswith("第") and not (lead.isdigit() or "０" <= lead <= "９"):
            continue
        number = cn_to_int(match.group("no"))
        if not number:
            continue
        sub = cn_to_int(match.group("sub")) if match.group("sub") else 0
        clause = cn_to_int(match.group("clause")) if match.group("clause") else 0
        if sub is None or clause is None:
            continue
        found = (match, ArticleReference(number, sub, clause))
    if found is None:
        return None, query
    match, reference = found
    rest = f"{query[: match.start()]} {query[match.end() :]}"
    return reference, " ".join(rest.split())


def _name_key(text: str) -> str:
    return fold_text(text.translate(_BRACKETS)).replace(" ", "")


def document_names(title: str) -> set[str]:
    """Folded names a document is called by: the title, and without 中华人民共和国."""
    key = _name_key(title)
    names = {key}
    national = _name_key(_NATIONAL)
    if key.startswith(national) and len(key) > len(national) + 1:
        names.add(key[len(national) :])
    return names


def interpret(query: str, names: Mapping[str, tuple[str, ...]]) -> DocumentQuery | None:
    """A :class:`DocumentQuery` when a word of ``query`` (or the whole query without an
    article reference) is the name of documents in ``names`` (folded name → ids)."""
    if not names or not query.strip():
        return None
    article, rest = split_article_reference(query)
    words = rest.split()
    for index, word in enumerate(words):
        ids = names.get(_name_key(word))
        if ids:
            others = " ".join(words[:index] + words[index + 1 :])
            return DocumentQuery(ids, article, others)
    return None
