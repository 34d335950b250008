"""The Whoosh analyzer: folded text → overlapping one- and two-character grams.

Whoosh pickles the analyzer, the field type and the posting format into the index by
reference (module and class name), so this module's path and its class names are part
of the index format: do not move them.

Every character that is not whitespace or punctuation is a *unit*.  Each unit gets one
position; punctuation and whitespace consume none.  At each position the tokenizer
emits the unit itself and, when the next character is also a unit, the two-character
gram starting there.  A string of units ``s`` (length n ≥ 2) then occurs in a text
exactly where the phrase of its n-1 bigrams occurs at consecutive positions, because
no bigram spans punctuation or whitespace.  Latin words and numbers are units too, so
``2035`` is found inside ``2035年``.

That tokenizer is what the first index format used.  The index now keeps no positions
(:class:`GramFormat`): a posting says that a gram occurs in a block and how often, and
the grams are every character and every pair of adjacent characters that are not
whitespace, punctuation included (:func:`gram_counts`), so that ``(一)`` or ``三、`` are
as selective as the words around them.  A term of one or two characters without a
space is then answered exactly by one posting list; a longer term by intersecting the
posting lists of its rarest grams and verifying each candidate against the block's
folded text (see :mod:`index.sidecar` and :mod:`index.search`).  :func:`gram_counts`
counts with :class:`collections.Counter`, at C speed, instead of yielding one Whoosh
token per gram.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from operator import add
from typing import Any, ClassVar

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Format

from index.folding import fold_text, is_unit_char

__all__ = [
    "ANALYZER_VERSION",
    "BUCKET_PREFIX",
    "GramField",
    "GramFormat",
    "GramTokenizer",
    "bigram_set",
    "bucket_term",
    "gram_counts",
    "gram_runs",
    "gram_terms",
    "unit_runs",
]

# Bump whenever the terms or postings for any text change: index manifests record it.
ANALYZER_VERSION = 3


def gram_runs(folded: str) -> list[str]:
    """The stretches of ``folded`` between whitespace: grams never span a space."""
    return folded.split()


def gram_counts(folded: str) -> Counter[str]:
    """How often each character and each pair of adjacent characters (within a
    whitespace-free run, punctuation included) occurs in ``folded``."""
    counts: Counter[str] = Counter()
    for run in folded.split():
        counts.update(run)
        counts.update(map(add, run, run[1:]))
    return counts


def bigram_set(folded: str) -> set[str]:
    """The distinct bigrams of ``folded`` (within whitespace-free runs)."""
    found: set[str] = set()
    for run in folded.split():
        found.update(map(add, run, run[1:]))
    return found


# Bigrams that occur in very few blocks are most of a gram index's terms (and of its
# size and build time).  A full build indexes each of them under one of a fixed number
# of *bucket* terms instead; a bigram is either always indexed as itself or always in
# its bucket, and a bucket's postings are verified against the text.  A bucket's name
# is seven characters long, so it never equals a gram (one or two characters), even
# in a text holding control characters.
BUCKET_PREFIX = "\x00"


def bucket_term(gram: str, buckets: int) -> str:
    number = zlib.crc32(gram.encode("utf-8", "surrogatepass")) % buckets
    return f"{BUCKET_PREFIX}{number:06x}"


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


class GramFormat(Format):
    """Postings with a frequency as weight and no positions or stored values.

    The field is never analysed token by token: :meth:`word_values` folds the text and
    counts its grams in one pass.
    """

    posting_size = 0
    textual = True
    __inittypes__: ClassVar[dict[str, type]] = {"field_boost": float}

    def __init__(self, field_boost: float = 1.0, **options: Any) -> None:
        self.field_boost = field_boost
        self.options = options

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        boost = self.field_boost
        counts = gram_counts(fold_text(value)) if value else Counter[str]()
        for gram, freq in counts.items():
            yield gram, freq, freq * boost, b""

    def supports(self, name: str) -> bool:
        return name in ("frequency", "weight")

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return self.field_boost


class GramField(TEXT):
    """A text field of one- and two-character grams without positions."""

    def __init__(self, stored: bool = False, field_boost: float = 1.0) -> None:
        super().__init__(
            analyzer=GramTokenizer(), phrase=False, stored=stored, field_boost=field_boost
        )
        self.format = GramFormat(field_boost=field_boost)
