"""BM25 over exact term counts, shared by the index build (top lists) and the search.

A block's score for a query is the sum, over the query's positive terms found in it,
of ``idf(term) * w * (K1 + 1) / (w + K1 * (1 - B + B * length / REFERENCE_LENGTH))``
where ``w`` is the number of (non-overlapping) occurrences of the folded term in the
folded block text, multiplied by the block's boost (:data:`HEADING_BOOST` for titles and
headings, so they outrank body text that matches equally well), and ``length`` is the
block's length in characters.  Equal scores go in block order.

The length a block's is compared with is one fixed :data:`REFERENCE_LENGTH`, not each
index's mean block length: a block scores the same in whichever library it lies and
whichever libraries are searched with it, so the bundled library, every installed pack
and the personal library rank as one list, and each index's precomputed best blocks
(ranked at that length when it was built, see :mod:`index.writer`) hold in every
combination.  An index built before records no ``tops_length`` in its manifest: its
lists were ranked at its own mean, and :func:`weight_bound` / :func:`may_reach` say
when they still give the ranking at the reference length.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Container

__all__ = [
    "HEADING_BOOST",
    "K1",
    "REFERENCE_LENGTH",
    "TOP_K",
    "TOP_MIN_DF",
    "TOP_WIDE_DF",
    "TOP_WIDE_K",
    "B",
    "block_weight",
    "idf",
    "may_reach",
    "term_weight",
    "top_size",
    "weight_bound",
]

K1 = 1.2
B = 0.75
HEADING_BOOST = 3
# The block length (UTF-16 code units of folded text) at which BM25 neither rewards
# nor penalises a block: about the mean block of the bundled laws and of typical packs.
REFERENCE_LENGTH = 50.0
# Grams found in at least TOP_MIN_DF blocks get their TOP_K best blocks precomputed, so
# a one-gram query needs no scoring of its (possibly huge) posting list; grams found in
# at least TOP_WIDE_DF blocks get TOP_WIDE_K (a reader's result list is longer than 20).
TOP_K = 100
TOP_MIN_DF = 256
TOP_WIDE_K = 500
TOP_WIDE_DF = 16384


def top_size(df: int) -> int:
    """How many best blocks are kept for a gram in ``df`` blocks (0: none)."""
    if df >= TOP_WIDE_DF:
        return TOP_WIDE_K
    return TOP_K if df >= TOP_MIN_DF else 0


def idf(df: int, blocks: int) -> float:
    return math.log(1.0 + (blocks - df + 0.5) / (df + 0.5))


def term_weight(weight: float, length: int, mean_length: float) -> float:
    """The BM25 term-frequency part for ``weight`` (boosted count) in a block of ``length``."""
    return weight * (K1 + 1.0) / (weight + K1 * (1.0 - B + B * length / mean_length))


# Decimals a block's term weight is rounded to (see block_weight).
_WEIGHT_DECIMALS = 12


@functools.lru_cache(maxsize=1 << 16)  # few (count, length) pairs, scored again and again
def block_weight(weight: float, length: int) -> float:
    """:func:`term_weight` at :data:`REFERENCE_LENGTH`, what scores are made of.

    Rounded, so that blocks that weigh the same (another count in a longer block) get
    the same float whatever the order of the arithmetic: a one-term ranking then goes by
    this weight and block order exactly, whatever the term's idf (it differs with the
    libraries searched together), and the precomputed lists, ranked by it, agree with it."""
    return round(term_weight(weight, length, REFERENCE_LENGTH), _WEIGHT_DECIMALS)


def weight_bound(weight: float, mean_length: float, other_mean: float) -> float:
    """The most :func:`term_weight` can give at ``other_mean`` for a block it gives
    ``weight`` at ``mean_length`` (whatever the block's length and count).

    With ``K = K1 * (1 - B + B * length / mean)`` the weight is ``(K1 + 1) * r`` where
    ``r = w / (w + K)``; changing the mean multiplies ``K`` by at least
    ``c = min(1, mean_length / other_mean)``, so ``r`` becomes at most
    ``r / (r + c * (1 - r))`` — increasing in ``r``, hence a bound for every block that
    weighs at most ``weight``."""
    if weight <= 0.0:
        return 0.0
    c = min(1.0, mean_length / other_mean)
    r = min(weight / (K1 + 1.0), 1.0)
    return (K1 + 1.0) * r / (r + c * (1.0 - r))


_MAX_STEPS = 50_000


def may_reach(
    ceiling: float,
    mean_length: float,
    other_mean: float,
    target: float,
    longest: int,
    skip: Container[tuple[int, int]] = (),
) -> bool:
    """Could a block weigh ``target`` or more at ``other_mean`` while it weighs at most
    ``ceiling`` at ``mean_length``?  Blocks have a whole boosted count ``w >= 1`` and a
    whole length of 1 to ``longest``; ``(w, length)`` pairs in ``skip`` are not asked
    about.  For each ``w`` the first condition is ``length >= lo(w)`` and the second
    ``length <= hi(w)`` (both straight lines in ``w``); the answer is whether some whole
    length lies between them.  Rounding always errs towards "yes"."""
    slack = 1e-9
    ceiling *= 1.0 + slack
    target *= 1.0 - slack
    if target >= K1 + 1.0 or ceiling <= 0.0:
        return False
    if ceiling >= K1 + 1.0:
        return True
    scale_own = mean_length / (K1 * B)
    scale_other = other_mean / (K1 * B)
    base = K1 * (1.0 - B)
    for w in range(1, _MAX_STEPS):
        lo = scale_own * (w * ((K1 + 1.0) / ceiling - 1.0) - base)
        if lo > longest + 1.0:
            return False  # lo grows with w: no longer block exists
        hi = scale_other * (w * ((K1 + 1.0) / target - 1.0) - base)
        first = max(1, math.ceil(lo - 1e-6 * (1.0 + abs(lo))))
        final = min(longest, math.floor(hi + 1e-6 * (1.0 + abs(hi))))
        for length in range(first, final + 1):
            if (w, length) not in skip:
                return True
    return True
