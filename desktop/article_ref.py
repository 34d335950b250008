"""What a reader types to name an article: ``21``, ``二十一``, ``第二十一条``, ``第21条之一``
(Qt-free)."""

from __future__ import annotations

import re

from index.document import Block, Document
from index.numerals import cn_to_int

__all__ = ["find_article", "parse_article_input"]

_INPUT = re.compile(r"^第?\s*(?P<no>[^第条之\s]+)\s*条?\s*(?:之\s*(?P<sub>[^之\s]+))?$")
MAX_INPUT = 40


def parse_article_input(text: str) -> tuple[int, int] | None:
    """(number, sub-number) of the article named by ``text``, or None."""
    text = text.strip()
    if not text or len(text) > MAX_INPUT:
        return None
    match = _INPUT.match(text)
    if match is None:
        return None
    number = cn_to_int(match.group("no"))
    sub = cn_to_int(match.group("sub")) if match.group("sub") else 0
    if not number or number < 0 or sub is None or sub < 0:
        return None
    return number, sub


def find_article(doc: Document, text: str) -> Block | None:
    parsed = parse_article_input(text)
    if parsed is None:
        return None
    return doc.article(*parsed)
