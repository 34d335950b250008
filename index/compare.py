"""新旧对照: two versions of a legal text aligned article by article, changed words marked.

Articles are renumbered between versions (an article inserted in chapter 2 shifts every
later number), so numbers alone do not pair them.  :func:`align_articles` pairs the
articles of the old and the new version in order (a longest-common-subsequence walk
over the two lists), where two articles may pair when their texts are similar enough
(:data:`MIN_SIMILARITY`) — the same number helps a pair, it does not make one.  An
article of the new version without a partner is *added*, one of the old version
*removed*.  :func:`word_changes` marks what changed inside a pair, character by
character (Chinese has no spaces between words).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from index.document import Block, BlockKind, Document

__all__ = [
    "MIN_SIMILARITY",
    "ArticlePair",
    "Change",
    "align_articles",
    "article_text",
    "word_changes",
]

# Two articles whose texts (labels left out) are less alike than this are not one article.
MIN_SIMILARITY = 0.45
_SAME_NUMBER_BONUS = 0.1


@dataclass(frozen=True)
class Change:
    """One stretch of a pair's texts: ``op`` is equal, insert, delete or replace; the
    offsets are into the old and the new article text (:func:`article_text`)."""

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class ArticlePair:
    """An article of the old version and its counterpart in the new (either may be None:
    removed / added).  ``similarity`` is 0–1; ``changed`` is False for identical texts."""

    old: Block | None
    new: Block | None
    similarity: float

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changed else "same"

    @property
    def changed(self) -> bool:
        return self.similarity < 1.0


def article_text(doc: Document, article: Block) -> str:
    """The whole article — its 款, 项 and 目 — one block per line, without its label."""
    lines: list[str] = []
    started = False
    for block in doc.blocks:
        if block is article:
            started = True
            lines.append(block.text[len(block.article) :].strip() if block.article else block.text)
            continue
        if started:
            if block.kind is BlockKind.ARTICLE or not block.article_no or block.is_heading:
                break
            lines.append(block.text)
    return "\n".join(lines)


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
        return matcher.quick_ratio() * 0.5
    return matcher.ratio()


def align_articles(old: Document, new: Document) -> list[ArticlePair]:
    """Every article of both versions, paired where they are one article, in reading order."""
    old_articles = old.articles()
    new_articles = new.articles()
    old_texts = [article_text(old, a) for a in old_articles]
    new_texts = [article_text(new, a) for a in new_articles]
    n, m = len(old_articles), len(new_articles)
    # Similarity only for plausible pairs: within a window around the diagonal that
    # follows the length difference (renumbering shifts by the articles added so far).
    window = max(12, abs(n - m) + 12)
    score: dict[tuple[int, int], float] = {}
    for i in range(n):
        centre = i * m // max(n, 1)
        for j in range(max(0, centre - window), min(m, centre + window + 1)):
            sim = _similarity(old_texts[i], new_texts[j])
            if old_articles[i].article_no == new_articles[j].article_no:
                sim = min(1.0, sim + _SAME_NUMBER_BONUS) if sim < 1.0 else sim
            if sim >= MIN_SIMILARITY:
                score[(i, j)] = sim
    # Best total similarity of an order-keeping pairing (dynamic programming).
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            value = max(below[j], row[j + 1])
            pair = score.get((i, j))
            if pair is not None:
                value = max(value, pair + below[j + 1])
            row[j] = value
    pairs: list[ArticlePair] = []
    i = j = 0
    while i < n and j < m:
        pair = score.get((i, j))
        if pair is not None and best[i][j] == pair + best[i + 1][j + 1]:
            exact = 1.0 if old_texts[i] == new_texts[j] else min(pair, 0.999)
            pairs.append(ArticlePair(old_articles[i], new_articles[j], exact))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append(ArticlePair(old_articles[i], None, 0.0))
            i += 1
        else:
            pairs.append(ArticlePair(None, new_articles[j], 0.0))
            j += 1
    pairs.extend(ArticlePair(a, None, 0.0) for a in old_articles[i:])
    pairs.extend(ArticlePair(None, a, 0.0) for a in new_articles[j:])
    return pairs


def word_changes(old_text: str, new_text: str) -> list[Change]:
    """What changed between two article texts, character by character."""
    matcher = SequenceMatcher(None, old_text, new_text, autojunk=False)
    return [Change(op, a0, a1, b0, b1) for op, a0, a1, b0, b1 in matcher.get_opcodes()]
