"""Turning extracted lines (PDF text, HTML text runs) into paragraphs a reader expects."""

from __future__ import annotations

import re
import statistics

from index.parsing import heading_level

__all__ = [
    "clean_inline_text",
    "closing_organ_and_date",
    "is_page_number",
    "join_wrapped_lines",
]

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# Text extraction and HTML source wrapping put spaces between Chinese characters.
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000\r\n\f\v]+")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页|頁)?[-—–－\s]*$|^\d+\s*/\s*\d+$")
_SENTENCE_END = tuple("。！？；：!?;:」』”）)】")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^\d{4}-\d{1,2}-\d{1,2}$")
_MAX_ORGAN_CHARS = 40


def clean_inline_text(text: str) -> str:
    """Whitespace runs → one space, none between Chinese characters."""
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


def is_page_number(line: str) -> bool:
    """``- 3 -``, ``— 12 —``, ``第3页``, ``3/10``: page furniture, not text."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Lines broken by the page width joined back into paragraphs.

    A line ends its paragraph when it ends a sentence, is markedly shorter than a full
    line, or the next line opens a numbered heading (一、 / （一） / 一是).
    """
    lines = [clean_inline_text(line) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return []
    full = statistics.median_high(len(line) for line in lines)
    long_lines = [len(line) for line in lines if len(line) >= full]
    full_width = max(long_lines) if long_lines else full
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        current = _join(current, line)
        next_line = lines[i + 1] if i + 1 < len(lines) else ""
        ends = (
            not next_line
            or line.endswith(_SENTENCE_END)
            or len(line) < 0.8 * full_width
            or heading_level(next_line) > 0
            or heading_level(current) in (1, 2)
        )
        if ends:
            paragraphs.append(current)
            current = ""
    return paragraphs


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if re.match(rf"[{_CJK}]", left[-1]) or re.match(rf"[{_CJK}]", right[0]):
        return left + right
    return left + " " + right


def closing_organ_and_date(paragraphs: list[str]) -> tuple[str, str]:
    """A 公文's closing issuing organ and date (``2024年3月5日``), when it ends with them.

    Used to prefill the source and date; the paragraphs stay in the body.
    """
    if not paragraphs or not _DATE_LINE.match(paragraphs[-1].replace(" ", "")):
        return "", ""
    date = paragraphs[-1].replace(" ", "")
    organ = ""
    if len(paragraphs) >= 2:
        candidate = paragraphs[-2]
        if (
            len(candidate) <= _MAX_ORGAN_CHARS
            and not candidate.endswith(_SENTENCE_END)
            and heading_level(candidate) == 0
        ):
            organ = candidate
    return organ, date
