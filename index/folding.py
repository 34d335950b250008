"""Text folding: the one normalisation applied to indexed text and to queries alike.

Folding maps every code point to exactly one code point, so a folded string has the
same length as its original and offset ``i`` in one is offset ``i`` in the other.  That
identity *is* the offset map: a match found in folded text is marked at the same
Python string offsets in the text the reader sees, characters outside the BMP included.

What is folded:

* Traditional → Simplified with OpenCC's ``t2s`` character table, applied one character
  at a time (never the phrase tables, which may change lengths);
* variant characters that OpenCC leaves distinct although mainland readers type the
  common simplified form (衞→卫, …), and 著→着 where 著 is the particle or zhuó
  (發揮著, 著手, 穿著) but not where it is zhù (著作, 著名, 显著 — see :func:`_keep_zhu`),
  so ``著作`` does not find ``着作训服`` while ``發揮著`` still equals ``发挥着``;
* full-width ASCII forms (digits, Latin, brackets, punctuation) → half-width, and the
  ideographic space → space;
* case (only where lower-casing keeps one code point);
* Chinese quote marks (“ ” 「 」 『 』 ‘ ’ …) → ASCII quote marks;
* any whitespace → a plain space.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["FOLDING_VERSION", "fold_text", "is_unit_char", "simplify_text", "zhu_variants"]

# Bump whenever the folding result changes for any input: indexes record it.
FOLDING_VERSION = 2

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
    "著": "着",  # 發揮著 → 发挥着; except in 著作, 显著 … (see _keep_zhu)
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


# 著 is read zhù (and written 著 in Simplified too) before these characters (著作, 著名,
# 著称, 著述, 著录, 著书, 著者, 著译) and after these (显著, 卓著, 编著, 原著, 名著, 论著,
# 土著, 专著, 巨著, 合著, 遗著, 译著, 撰著, 昭著, 拙著, 鸿著, 杰著, 新著); everywhere else it
# is the particle or zhuó, written 着 in Simplified (發揮著, 著手, 穿著, 著力).  Checked on
# the folded neighbours, so Traditional and Simplified contexts decide alike; 著作用
# (發揮著作用) is the particle before 作用.
_ZHU_BEFORE = frozenset("作名称述录书者译")
_ZHU_AFTER = frozenset("显卓编原名论土专巨合遗译撰昭拙鸿杰新")
_ZHU = "著"
_ZHE = "着"


def _keep_zhu(text: str, converted: str) -> str:
    """Put 著 back where ``text`` has 著 read zhù (``converted`` has 着 there)."""
    chars = list(converted)
    start = text.find(_ZHU)
    while start >= 0:
        before = chars[start - 1] if start else ""
        after = chars[start + 1] if start + 1 < len(chars) else ""
        then = chars[start + 2] if start + 2 < len(chars) else ""
        if (before in _ZHU_AFTER and before) or (
            after in _ZHU_BEFORE and after and not (after == "作" and then == "用")
        ):
            chars[start] = _ZHU
        start = text.find(_ZHU, start + 1)
    return "".join(chars)


def fold_text(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly ``len(text)`` code points."""
    folded = text.translate(_fold_table())
    return _keep_zhu(text, folded) if _ZHU in text else folded


def simplify_text(text: str) -> str:
    """Traditional → Simplified for display, one character for one character."""
    simplified = text.translate(_simplify_table())
    return _keep_zhu(text, simplified) if _ZHU in text else simplified


def zhu_variants(term: str) -> list[str]:
    """The foldings of a query term to match: its own, and where a 著 at either end
    of it was read 着 for want of context (``著`` alone, ``著提高`` cut from 显著提高,
    ``著`` before the term's end), also the reading 著 that the text's context may
    give it.  A 著 the term itself reads zhù (著作, 显著) stays 著 only."""
    folded = fold_text(term)
    variants = [folded]
    for index in sorted({0, len(term) - 1}):
        if term[index] != _ZHU or folded[index] != _ZHE:
            continue
        for variant in list(variants):
            variants.append(variant[:index] + _ZHU + variant[index + 1 :])
    return variants


def is_unit_char(ch: str) -> bool:
    """True for characters the index tokenizes: everything but whitespace and punctuation."""
    if ch.isspace():
        return False
    category = unicodedata.category(ch)
    return not (category.startswith("P") or category.startswith("C") or category.startswith("Z"))
