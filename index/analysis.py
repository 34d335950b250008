"""The Whoosh analyzer: folded text → overlapping one- and two-character grams.

Whoosh pickles the analyzer into the index by reference (module and class name), so
this module's path and the class name are part of the index format: do not move them.

Every character that is not whitespace or punctuation is a *unit*.  Each unit gets one
position; punctuation and whitespace consume none.  At each position the tokenizer
emits the unit itself and, when the next character is also a unit, the two-character
gram starting there.  A string of units ``s`` (length n ≥ 2) then occurs in a text
exactly where the phrase of its n-1 bigrams occurs at consecutive positions, because
no bigram spans punctuation or whitespace.  Latin words and numbers are units too, so
``2035`` is found inside ``2035年``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from index.folding import fold_text, is_unit_char

__all__ = ["ANALYZER_VERSION", "GramTokenizer", "gram_terms", "unit_runs"]

# Bump whenever the tokens for any text change: index manifests record it.
ANALYZER_VERSION = 1


def unit_runs(folded: str) -> list[str]:
    """Maximal runs of unit characters in already folded text."""
    runs: list[str] = []
    start = -1
    for i, ch in enumerate(folded):
        if is_unit_char(ch):
            if start < 0:
                start = i
        elif start >= 0:
            runs.append(folded[start:i])
            start = -1
    if start >= 0:
        runs.append(folded[start:])
    return runs


def gram_terms(run: str) -> list[str]:
    """The index terms whose consecutive occurrence spells ``run`` (one unit run)."""
    if len(run) <= 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


class GramTokenizer(Tokenizer):
    """Folds the text, then yields unigrams and bigrams of unit characters."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold_text(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return

        folded = fold_text(value)
        pos = start_pos
        length = len(folded)
        units = [is_unit_char(ch) for ch in folded]
        for i in range(length):
            if not units[i]:
                continue
            token.boost = 1.0
            token.stopped = False
            token.text = folded[i]
            if keeporiginal:
                token.original = value[i]
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + i
                token.endchar = start_char + i + 1
            yield token
            if i + 1 < length and units[i + 1]:
                token.text = folded[i : i + 2]
                if keeporiginal:
                    token.original = value[i : i + 2]
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + i
                    token.endchar = start_char + i + 2
                yield token
            pos += 1
