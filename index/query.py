"""The query language.

* space-separated terms are ANDed;
* ``OR`` between two terms makes them alternatives (it binds tighter than AND:
  ``数字 政府 OR 政务`` means 数字 AND (政府 OR 政务));
* a leading ``-`` excludes a term, unless another dash follows it: ``--`` or ``-->``
  copied from a text are searched as typed;
* double quotes (ASCII ``"`` or “ ”) make one phrase, which may contain spaces; an
  unclosed quote runs to the end of the query;
* every other character is literal: ``12345+N``, ``C++``, ``(一)``, ``2.0`` are
  searched as typed.  A lone ``OR`` at either end, or a lone ``-``, is a literal term;
* a term that is an article label in any numerals (``第21条``, ``第２１条之1``,
  ``第二十一條``) also finds the label as laws write it (``第二十一条``, ``第二十一条之一``).

Terms are folded (:func:`index.folding.fold_text`) and matched as exact substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.folding import fold_text, zhu_variants
from index.numerals import article_label, parse_article_label

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "QueryTerm", "parse_query", "query_text"]

# Longer input is cut: no one types more, and every term costs a lookup.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32

_OPEN_QUOTES = '"“'
# A surrogate code point alone is no character (Python keeps a command line's undecodable
# bytes as such); it is searched as U+FFFD, the character standing for one unknown.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CLOSE_QUOTES = '"”'


@dataclass(frozen=True)
class QueryTerm:
    text: str  # as typed
    folded: str  # what is matched
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """AND over ``clauses`` (each an OR of terms), minus every term in ``excluded``."""

    clauses: tuple[tuple[QueryTerm, ...], ...] = ()
    excluded: tuple[QueryTerm, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def positive_terms(self) -> tuple[QueryTerm, ...]:
        return tuple(term for clause in self.clauses for term in clause)


@dataclass
class _Token:
    text: str
    negated: bool
    phrase: bool
    is_or: bool = False


def _excludes(query: str, at: int) -> bool:
    """Is the ``-`` before ``at`` an exclusion?  Not when another dash follows it:
    ``--``, ``---`` or ``-->`` copied from a text are searched as typed."""
    return not query[at].isspace() and query[at] not in _DASHES


_DASHES = "-‐‑‒–—―－"


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        start = i
        if ch == "-" and i + 1 < n and _excludes(query, i + 1):
            negated = True
            i += 1
            ch = query[i]
        if ch in _OPEN_QUOTES:
            end = i + 1
            while end < n and query[end] not in _CLOSE_QUOTES:
                end += 1
            tokens.append(_Token(query[i + 1 : end], negated, phrase=True))
            i = end + 1
            continue
        end = i
        while end < n and not query[end].isspace():
            end += 1
        word = query[i:end]
        if negated and not word:
            word = query[start:end]
            negated = False
        tokens.append(_Token(word, negated, phrase=False, is_or=(word == "OR" and not negated)))
        i = end
    return tokens


def term_variants(text: str) -> list[str]:
    """The folded strings a term typed as ``text`` matches (any of them)."""
    variants = zhu_variants(text)
    label = parse_article_label(variants[0])
    if label is not None:
        written = fold_text(article_label(*label))
        if written not in variants:
            variants.insert(0, written)
    return variants


def query_text(query: str) -> str:
    """What of a typed query is searched (every search box's rule): its first
    :data:`MAX_QUERY_CHARS` characters, a lone surrogate standing as U+FFFD."""
    return _SURROGATE.sub("\ufffd", query[:MAX_QUERY_CHARS])


def parse_query(query: str) -> ParsedQuery:
    """Parse what the user typed; never raises."""
    notes: list[str] = []
    if len(query) > MAX_QUERY_CHARS:
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    query = query_text(query)
    tokens = _tokens(query)
    # ``OR`` is an operator only between two terms; elsewhere it is the word "or".
    for index, token in enumerate(tokens):
        if token.is_or:
            prev_ok = index > 0 and not tokens[index - 1].is_or
            next_ok = index + 1 < len(tokens) and not tokens[index + 1].is_or
            if not (prev_ok and next_ok):
                token.is_or = False

    clauses: list[list[QueryTerm]] = []
    excluded: list[QueryTerm] = []
    join_next = False
    for token in tokens:
        if token.is_or:
            join_next = bool(clauses)
            continue
        folded = fold_text(token.text)
        if not folded.strip():
            join_next = False
            continue
        # A 著 at a term's edge may read either way in the text (see zhu_variants).
        terms = [
            QueryTerm(token.text, variant, token.negated, token.phrase)
            for variant in term_variants(token.text)
        ]
        if token.negated:
            excluded.extend(terms)
            join_next = False
            continue
        if join_next and clauses:
            clauses[-1].extend(terms)
        else:
            clauses.append(terms)
        join_next = False

    count = sum(len(c) for c in clauses) + len(excluded)
    if count > MAX_TERMS:
        notes.append(f"only the first {MAX_TERMS} terms were used")
        kept: list[list[QueryTerm]] = []
        budget = MAX_TERMS
        for clause in clauses:
            if budget <= 0:
                break
            kept.append(clause[:budget])
            budget -= len(kept[-1])
        clauses = kept
        excluded = excluded[: max(budget, 0)]
    return ParsedQuery(tuple(tuple(c) for c in clauses), tuple(excluded), tuple(notes))
