"""新旧对照: two versions of a legal text aligned article by article (Qt-free).

Articles are renumbered between versions (an article inserted early shifts every later
number), so numbers alone cannot pair them.  Each old article is compared with each new
one by the character bigrams they share; the pairing is the order-preserving one with
the greatest total similarity (a weighted longest common subsequence), where only pairs
similar enough count and an equal number adds a little.  Unpaired articles are added
(new only) or removed (old only); paired ones are unchanged or changed, with the
changed characters marked on both sides.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from index.document import BlockKind, Document

__all__ = [
    "MIN_SIMILARITY",
    "AlignedRow",
    "Article",
    "Change",
    "align_articles",
    "articles_of",
    "compare_documents",
    "similarity",
]

MIN_SIMILARITY = 0.35  # below this, two articles are not versions of one another
SAME_NUMBER_BONUS = 0.05
MAX_ARTICLES = 5000  # a bound on the work (n × m comparisons)


@dataclass(frozen=True)
class Article:
    label: str  # 第二十一条
    number: tuple[int, int]  # (number, 之 number)
    block_id: str
    text: str  # the article's 款, 项 and 目, one per line, without its label

    @property
    def body(self) -> str:
        return self.text


class Change(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class AlignedRow:
    old: Article | None
    new: Article | None
    similarity: float
    # Spans (start, end) in old.text that were removed or replaced, and in new.text
    # that were added or replaced.
    old_marks: tuple[tuple[int, int], ...] = ()
    new_marks: tuple[tuple[int, int], ...] = ()

    @property
    def change(self) -> Change:
        if self.old is None:
            return Change.ADDED
        if self.new is None:
            return Change.REMOVED
        return Change.SAME if self.old.text == self.new.text else Change.CHANGED


def articles_of(doc: Document) -> list[Article]:
    """The articles of ``doc`` with their whole text (the first 款 without its label)."""
    out: list[Article] = []
    label = ""
    number = (0, 0)
    block_id = ""
    lines: list[str] = []

    def flush() -> None:
        if block_id:
            out.append(Article(label, number, block_id, "\n".join(lines)))

    for block in doc.blocks:
        if block.kind is BlockKind.ARTICLE:
            flush()
            label, number, block_id = block.article, (block.article_no, block.article_sub), block.id
            text = block.text
            if text.startswith(label):
                text = text[len(label) :].lstrip()
            lines = [text]
        elif block_id and block.article_no and (block.article_no, block.article_sub) == number:
            lines.append(block.text)
        elif block.is_heading or block.kind is BlockKind.TITLE:
            flush()
            block_id, lines = "", []
    flush()
    return out


def _bigrams(text: str) -> frozenset[str]:
    compact = "".join(text.split())
    return frozenset(compact[i : i + 2] for i in range(len(compact) - 1)) or frozenset(compact)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character bigrams (0–1)."""
    return _dice(_bigrams(a), _bigrams(b))


def _dice(x: frozenset[str], y: frozenset[str]) -> float:
    if not x and not y:
        return 1.0
    return 2 * len(x & y) / (len(x) + len(y))


def align_articles(old: Sequence[Article], new: Sequence[Article]) -> list[AlignedRow]:
    """Pair the articles of two versions in order, most similar first (see the module)."""
    if len(old) > MAX_ARTICLES or len(new) > MAX_ARTICLES:
        raise ValueError(f"too many articles to compare (more than {MAX_ARTICLES})")
    old_grams = [_bigrams(a.text) for a in old]
    new_grams = [_bigrams(a.text) for a in new]
    n, m = len(old), len(new)
    # score[i][j]: the best total similarity pairing old[:i] with new[:j].
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    paired = [[0.0] * m for _ in range(n)]
    for i in range(1, n + 1):
        row, above = score[i], score[i - 1]
        grams = old_grams[i - 1]
        number = old[i - 1].number
        sims = paired[i - 1]
        for j in range(1, m + 1):
            best = max(above[j], row[j - 1])
            sim = _dice(grams, new_grams[j - 1])
            if sim >= MIN_SIMILARITY:
                sim += SAME_NUMBER_BONUS if new[j - 1].number == number else 0.0
                sims[j - 1] = sim
                best = max(best, above[j - 1] + sim)
            row[j] = best
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        sim = paired[i - 1][j - 1]
        if sim and abs(score[i][j] - (score[i - 1][j - 1] + sim)) < 1e-9:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    rows: list[AlignedRow] = []
    oi = nj = 0
    for pi, pj in [*pairs, (n, m)]:
        # Unpaired articles between two pairs: removed ones, then added ones.
        rows.extend(AlignedRow(old[k], None, 0.0) for k in range(oi, pi))
        rows.extend(AlignedRow(None, new[k], 0.0) for k in range(nj, pj))
        if pi < n and pj < m:
            rows.append(_paired(old[pi], new[pj]))
        oi, nj = pi + 1, pj + 1
    return rows


def _paired(old: Article, new: Article) -> AlignedRow:
    sim = similarity(old.text, new.text)
    if old.text == new.text:
        return AlignedRow(old, new, 1.0)
    matcher = difflib.SequenceMatcher(None, old.text, new.text, autojunk=False)
    old_marks: list[tuple[int, int]] = []
    new_marks: list[tuple[int, int]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag in ("replace", "delete") and a1 > a0:
            old_marks.append((a0, a1))
        if tag in ("replace", "insert") and b1 > b0:
            new_marks.append((b0, b1))
    return AlignedRow(old, new, sim, tuple(old_marks), tuple(new_marks))


def compare_documents(old: Document, new: Document) -> list[AlignedRow]:
    return align_articles(articles_of(old), articles_of(new))
