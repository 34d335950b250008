"""Chinese numerals as used in legal texts: 一百零一 ↔ 101, and article labels.

Accepted: the digits 〇零一二两三四五六七八九 (and 壹贰叁肆伍陆柒捌玖拾佰仟), the units
十 百 千 万, an omitted leading 一 (十二 = 12), an omitted trailing unit (一百二 = 120
is *not* assumed: 一百二 reads as 102 only when written 一百零二), and plain digit
strings (``21``, full-width ``２１``).  Anything else is not a numeral (None).
"""

from __future__ import annotations

import re

__all__ = [
    "ARTICLE_LABEL",
    "article_label",
    "cn_to_int",
    "int_to_cn",
    "parse_article_label",
]

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "万"

# 第X条 / 第X条之一, with optional spaces inside (第 21 条).
ARTICLE_LABEL = re.compile(
    rf"第\s*(?P<no>[{NUMERAL_CHARS}0-9０-９]+)\s*条(?:\s*之\s*(?P<sub>[{NUMERAL_CHARS}0-9０-９]+))?"
)


def _small(text: str) -> int | None:
    """A numeral below 10,000."""
    if not text:
        return None
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        # Digit by digit: 二〇二一 = 2021.
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0 and digit != 0:
                return None  # two digits in a row: 二三
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 百百
            total += (1 if digit is None else digit) * unit if digit != 0 else 0
            if digit == 0:
                return None  # 零十
            digit = None
            last_unit = unit
        else:
            return None
    if digit:
        total += digit
    return total


def cn_to_int(text: str) -> int | None:
    """``一百零一`` → 101, ``二十一`` → 21, ``十`` → 10, ``21``/``２１`` → 21; else None."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = _small(high) if high else 1
        low_value = _small(low.lstrip("零〇")) if low.strip("零〇") else 0
        if high_value is None or low_value is None:
            return None
        return high_value * 10_000 + low_value
    return _small(text)


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_CN_DIGITS = "零一二三四五六七八九"


def int_to_cn(number: int) -> str:
    """101 → ``一百零一``, 21 → ``二十一``, 10 → ``十``, 1000 → ``一千``."""
    if number < 0:
        raise ValueError("negative numbers have no Chinese article numeral")
    if number == 0:
        return "零"
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        rest = "" if not low else ("零" if low < 1000 else "") + int_to_cn(low)
        return int_to_cn(high) + "万" + rest
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if zero:
                out.append("零")
                zero = False
            out.append(_CN_DIGITS[digit] + name)
        elif out:
            zero = True
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int, sub: int = 0) -> str:
    """21 → ``第二十一条``; (21, 1) → ``第二十一条之一``."""
    label = f"第{int_to_cn(number)}条"
    return f"{label}之{int_to_cn(sub)}" if sub else label


def parse_article_label(text: str) -> tuple[int, int] | None:
    """``第二十一条之一`` → (21, 1), ``第21条`` → (21, 0); the whole text must be a label."""
    match = ARTICLE_LABEL.fullmatch(text.strip())
    if not match:
        return None
    number = cn_to_int(match.group("no"))
    sub = cn_to_int(match.group("sub")) if match.group("sub") else 0
    if not number or sub is None:
        return None
    return number, sub
