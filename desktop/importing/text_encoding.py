"""Decoding a text file whose encoding nobody wrote down: UTF-8, GB18030 or Big5.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); bytes holding NULs are
UTF-16 without a mark when one byte order decodes them to text — nearly all of it
ASCII, common Chinese, punctuation or blank (a binary file's NULs decode to neither);
then strict UTF-8 (a legacy Chinese text is almost
never valid UTF-8); then GB18030 and Big5 (as Windows code page 950) are both tried and
each decoding is scored by how much of it is common Chinese.  "Common" is the union of
GB2312 level 1 (the 3,755 most used Simplified characters) and Big5 level 1 (the 5,401
常用字 of Traditional): both sets come from the codecs themselves, so no data file or
network is needed.  Decoding with the wrong one of the two gives mostly rare characters.

The rule, in order: the higher share of common characters wins; then the more of them;
then the decoding whose characters are the common ones *of its own standard* (GB2312
level 1 for GB18030, Big5 level 1 for Big5) — a Big5 text read as GB18030 can come out
as Traditional characters, which a real GB18030 text rarely holds; and when even that
is equal, GB18030.  That last case is bytes that are common Chinese in both standards
character for character (every pair within GB2312 level 1, lead bytes 0xB0–0xD7 and
trail bytes 0xA1–0xFE, and Big5 level 1 alike): nothing in the bytes tells the two
apart, and GB18030, the national standard, is by far the likelier on the machines this
program is for.  Real Big5 text almost never stays inside that grid for long (的, 一,
是 and the Big5 punctuation all lie outside it).
"""

from __future__ import annotations

import codecs
import functools
import logging
import unicodedata

from desktop.importing.errors import DocumentImportError

__all__ = ["big5_level1_chars", "common_cjk_chars", "decode_text_bytes", "gb2312_level1_chars"]

log = logging.getLogger(__name__)

# In order of preference when nothing else tells them apart.
_LEGACY_CODECS = (("gb18030", "GB18030"), ("cp950", "Big5"))
# A decoding must be at least this share common characters among its CJK-range ones.
_MIN_COMMON_SHARE = 0.5
# UTF-16 without a byte-order mark: the share of text characters its decoding must have.
_MIN_UTF16_TEXT_SHARE = 0.9
_UTF16_SAMPLE_CHARS = 100_000


@functools.cache
def common_cjk_chars() -> frozenset[str]:
    return gb2312_level1_chars() | big5_level1_chars()


@functools.cache
def gb2312_level1_chars() -> frozenset[str]:
    chars: set[str] = set()
    # GB2312 level 1: rows 0xB0–0xD7, columns 0xA1–0xFE (row 0xD7 ends at 0xF9).
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(c for c in chars if len(c) == 1)


@functools.cache
def big5_level1_chars() -> frozenset[str]:
    chars: set[str] = set()
    # Big5 level 1: 0xA440–0xC67E.
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if lead == 0xC6 and trail > 0x7E:
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return frozenset(c for c in chars if len(c) == 1)


def _is_scored(ch: str) -> bool:
    """Letters beyond ASCII (ideographs above all) and private-use code points.

    Punctuation and symbols are neutral: both codecs share them, and a wrong decoding
    turns byte pairs into ideographs, rare ones mostly, or private-use characters.
    """
    if ord(ch) < 0x80:
        return False
    category = unicodedata.category(ch)
    return category.startswith("L") or category == "Co"


def _score(text: str, own: frozenset[str] | None = None) -> tuple[float, int]:
    """Share and number of common characters (of ``own`` standard's if given)."""
    common = common_cjk_chars() if own is None else own
    candidates = [ch for ch in text if _is_scored(ch)]
    if not candidates:
        return 1.0, 0
    hits = sum(1 for ch in candidates if ch in common)
    return hits / len(candidates), hits


def _own_common(name: str) -> frozenset[str]:
    return gb2312_level1_chars() if name == "GB18030" else big5_level1_chars()


def _check_not_binary(text: str) -> None:
    if not text.strip():
        raise DocumentImportError("the file is empty (it holds only blank characters)")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise DocumentImportError("the file is binary (full of control characters), not text")


def _is_text_char(ch: str) -> bool:
    code = ord(ch)
    return (
        32 <= code < 127
        or ch in "\t\n\r\f"
        or 0x2000 <= code <= 0x206F  # general punctuation: — … “ ”
        or 0x3000 <= code <= 0x303F  # CJK punctuation: 、。《》
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）
        or ch in common_cjk_chars()
    )


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """``(text, name)`` when ``data`` is UTF-16 text without a byte-order mark, else None."""
    best: tuple[float, str, str] | None = None
    for codec, name in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not text or "\x00" in text:
            continue
        sample = text[:_UTF16_SAMPLE_CHARS]  # decides, and bounds the time of deciding
        share = sum(1 for ch in sample if _is_text_char(ch)) / len(sample)
        if share >= _MIN_UTF16_TEXT_SHARE and (best is None or share > best[0]):
            best = (share, text, name)
    return None if best is None else (best[1], best[2])


def decode_text_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding name)``; raises :class:`DocumentImportError` for binary or empty data."""
    if not data.strip():
        raise DocumentImportError("the file is empty")
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
        # UTF-32's little-endian mark begins with UTF-16's: looked for first.
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DocumentImportError(
                    f"the file claims to be {name} but byte {exc.start} is not valid {name}"
                ) from None
            _check_not_binary(text)
            return text, name
    if b"\x00" in data:
        unmarked = _utf16_without_mark(data)
        if unmarked is None:
            raise DocumentImportError("the file is binary (it contains NUL bytes), not text")
        _check_not_binary(unmarked[0])
        return unmarked
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_not_binary(text)
        return text, "UTF-8"

    scored: list[tuple[float, int, float, int, str, str]] = []
    for order, (codec, name) in enumerate(_LEGACY_CODECS):
        try:
            candidate = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share, hits = _score(candidate)
        own_share, _ = _score(candidate, _own_common(name))
        log.debug("%s decoding: %.2f common (%d characters)", name, share, hits)
        scored.append((share, hits, own_share, -order, candidate, name))
    if not scored:
        raise DocumentImportError(
            "the file is not text: it is not valid UTF-8, GB18030 or Big5 "
            "(it may be a binary file with a text extension)"
        )
    share, _hits, _own, _order, text, name = max(scored, key=lambda item: item[:4])
    if share < _MIN_COMMON_SHARE:
        raise DocumentImportError(
            "the file does not look like Chinese or plain text in UTF-8, GB18030 or Big5 "
            "(it may be a binary file with a text extension)"
        )
    _check_not_binary(text)
    return text, name
