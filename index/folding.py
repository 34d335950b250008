"""Text folding: the one normalisation applied to indexed text and to queries alike.

Folding maps every code point to exactly one code point, so a folded string has the
same length as its original and offset ``i`` in one is offset ``i`` in the other.  That
identity *is* the offset map: a match found in folded text is marked at the same
Python string offsets in the text the reader sees, characters outside the BMP included.

What is folded:

* Traditional → Simplified with OpenCC's ``t2s`` character table, applied one character
  at a time (never the phrase tables, which may change lengths);
* variant characters that OpenCC leaves distinct although mainland readers type the
  common simplified form (著→着, 衞→卫, …);
* full-width ASCII forms (digits, Latin, brackets, punctuation) → half-width, and the
  ideographic space → space;
* case (only where lower-casing keeps one code point);
* Chinese quote marks (“ ” 「 」 『 』 ‘ ’ …) → ASCII quote marks;
* any whitespace → a plain space.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["FOLDING_VERSION", "fold_text", "is_unit_char", "simplify_text"]

# Bump whenever the folding result changes for any input: indexes record it.
FOLDING_VERSION = 1

# Code point ranges holding Han characters that OpenCC's t2s table may convert.
_HAN_RANGES = (
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0xF900, 0xFB00),
    (0x20000, 0x2A6E0),
    (0x2A700, 0x2EBF0),
    (0x2F800, 0x2FA20),
    (0x30000, 0x3134B),
)

# Variants OpenCC's t2s leaves as they are, mapped to what a mainland reader types.
_EXTRA_VARIANTS = {
    "著": "着",  # 發揮著 → 发挥着; folding 著作 to 着作 on both sides is harmless
    "衞": "卫",
    "擧": "举",
    "鬪": "斗",
    "鬭": "斗",
    "緖": "绪",
    "衹": "只",
    "甦": "苏",
    "峯": "峰",
    "綫": "线",
    "麪": "面",
    "牀": "床",
    "敎": "教",
    "眞": "真",
    "説": "说",
    "爲": "为",
}

_QUOTES = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "「": '"',
    "」": '"',
    "『": '"',
    "』": '"',
    "〝": '"',
    "〞": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
}


@functools.cache
def _t2s_table() -> dict[int, str]:
    """OpenCC t2s, character by character, for every Han code point it changes."""
    import opencc  # local import: OpenCC loads its dictionaries on first use only

    converter = opencc.OpenCC("t2s")
    chars = [chr(cp) for start, stop in _HAN_RANGES for cp in range(start, stop)]
    # One character per line: OpenCC's phrase matching cannot span a newline, so each
    # character is converted on its own by the character table.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - would mean OpenCC changed
        raise RuntimeError("OpenCC t2s did not convert character by character")
    return {
        ord(src): dst
        for src, dst in zip(chars, converted, strict=True)
        if dst != src and len(dst) == 1
    }


@functools.cache
def _simplify_table() -> dict[int, str]:
    table = dict(_t2s_table())
    for src, dst in _EXTRA_VARIANTS.items():
        table[ord(src)] = dst
    return table


@functools.cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width ASCII forms → ASCII.
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFEE0)
    for src, dst in _QUOTES.items():
        table[ord(src)] = dst
    table.update(_simplify_table())
    # Whitespace of every kind → a plain space (one code point each).
    for cp in (
        0x09,
        0x0A,
        0x0B,
        0x0C,
        0x0D,
        0x85,
        0xA0,
        0x1680,
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    ):
        table[cp] = " "
    for cp in range(0x2000, 0x200B):
        table[cp] = " "
    # Case: ASCII and the Latin/Greek/Cyrillic letters whose lower case is one code point.
    for cp in range(0x41, 0x5B):
        table[cp] = chr(cp + 0x20)
    for cp in range(0xC0, 0x530):
        ch = chr(cp)
        low = ch.lower()
        if low != ch and len(low) == 1:
            table[cp] = low
    # Compose the steps so that e.g. full-width 'Ａ' → 'a' in one lookup.
    for cp, dst in list(table.items()):
        low = dst.lower()
        if len(low) == 1 and low != dst:
            table[cp] = low
    return table


def fold_text(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly ``len(text)`` code points."""
    return text.translate(_fold_table())


def simplify_text(text: str) -> str:
    """Traditional → Simplified for display, one character for one character."""
    return text.translate(_simplify_table())


def is_unit_char(ch: str) -> bool:
    """True for characters the index tokenizes: everything but whitespace and punctuation."""
    if ch.isspace():
        return False
    category = unicodedata.category(ch)
    return not (category.startswith("P") or category.startswith("C") or category.startswith("Z"))
