"""Approximate substring search: every place a pattern occurs with at most k edits.

Myers' bit-parallel algorithm (1999) in Hyyrö's search formulation, on Python ints:
one pass over the text costs a handful of integer operations per character whatever
the pattern length.  The start of a match is found by searching the reversed pattern
backwards from its end.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ApproxMatch", "edit_distance", "find_approximate", "similarity"]


@dataclass(frozen=True, slots=True)
class ApproxMatch:
    start: int
    end: int
    errors: int


def _end_scores(pattern: str, text: str, anchored: bool = False) -> list[int]:
    """Edit distance of ``pattern`` to the best substring of ``text`` ending at each index
    (``anchored``: to the prefix of ``text`` ending there)."""
    carry = 1 if anchored else 0
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv = mask
    mv = 0
    score = m
    scores = [0] * len(text)
    for j, ch in enumerate(text):
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores[j] = score
    return scores


def find_approximate(
    pattern: str, text: str, max_errors: int, limit: int | None = None
) -> list[ApproxMatch]:
    """Non-overlapping best matches of ``pattern`` in ``text`` with ≤ ``max_errors`` edits.

    ``limit``: locate only that many, the fewest errors first (each costs a pass over
    the pattern's length; a repetitive text may hold thousands)."""
    if not pattern or not text:
        return []
    m = len(pattern)
    scores = _end_scores(pattern, text)
    # Keep the local minima: a run of ends within the threshold is one match.
    ends: list[tuple[int, int]] = []
    run_best: tuple[int, int] | None = None
    for j, score in enumerate(scores):
        if score <= max_errors:
            if run_best is None or score < run_best[1]:
                run_best = (j, score)
        elif run_best is not None:
            ends.append(run_best)
            run_best = None
    if run_best is not None:
        ends.append(run_best)
    if limit is not None and len(ends) > limit:
        ends = sorted(sorted(ends, key=lambda end: (end[1], end[0]))[:limit])

    matches: list[ApproxMatch] = []
    reversed_pattern = pattern[::-1]
    for end_index, errors in ends:
        end = end_index + 1
        window_start = max(0, end - m - max_errors)
        window = text[window_start:end][::-1]
        back = _end_scores(reversed_pattern, window, anchored=True)
        # The start giving the fewest errors; on a tie the longer match.
        best_len = min(range(len(back)), key=lambda i: (back[i], -i))
        start = end - (best_len + 1)
        matches.append(ApproxMatch(start, end, min(errors, back[best_len])))
    return matches


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings: prefixes and suffixes)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1.0 for equal strings, falling towards 0.0 with their edit distance."""
    if not a and not b:
        return 1.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))
