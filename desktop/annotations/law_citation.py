"""Where a paragraph of a law sits: 第二十一条第一款, 第五条第二款第（三）项 (Qt-free).

Chinese statutes number their articles in the text (``第二十一条 国家建立……``); each
further paragraph of an article is its next 款, and a paragraph opening with ``（一）``
is a 项 of the 款 before it.  An article of one 款 is cited by the article alone.  A
paragraph outside any article (a preamble, a chapter heading, an ordinary policy
document) has no location.
"""

from __future__ import annotations

import re

from index.document import Block, BlockKind, Document

__all__ = ["article_location"]

_NUMERAL = "零〇一二三四五六七八九十百千"
_ARTICLE = re.compile(rf"^\s*第([{_NUMERAL}]+)条(?:之[{_NUMERAL}]+)?")
_ITEM = re.compile(rf"^\s*[（(]([{_NUMERAL}]+)[)）]")
_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (
        ("" if tens == 1 else _CHINESE_DIGITS[tens])
        + "十"
        + (_CHINESE_DIGITS[ones] if ones else "")
    )


def _in_article(block: Block) -> bool:
    """A paragraph, or an item (（一）……) that a policy-style outline took for a heading."""
    return block.kind is BlockKind.PARAGRAPH or (
        block.kind is BlockKind.HEADING and _ITEM.match(block.text) is not None
    )


def article_location(document: Document, block_id: str) -> str:
    """``第X条[第Y款][第（Z）项]`` for the block, or "" when it is not in an article."""
    blocks = document.blocks
    at = next((i for i, b in enumerate(blocks) if b.id == block_id), None)
    if at is None or not _in_article(blocks[at]):
        return ""
    start = at
    while not _ARTICLE.match(blocks[start].text):
        start -= 1
        if start < 0 or not _in_article(blocks[start]):
            return ""
    article = _ARTICLE.match(blocks[start].text)
    assert article is not None
    end = start + 1
    while end < len(blocks) and _in_article(blocks[end]) and not _ARTICLE.match(blocks[end].text):
        end += 1
    clauses = [i for i in range(start, end) if i == start or not _ITEM.match(blocks[i].text)]
    location = article.group(0).strip()
    item = _ITEM.match(blocks[at].text) if at != start else None
    clause = sum(1 for i in clauses if i <= at)
    if len(clauses) > 1:
        location += f"第{_chinese(clause)}款"
    if item is not None:
        location += f"第（{item.group(1)}）项"
    return location
