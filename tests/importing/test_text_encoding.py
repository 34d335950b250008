"""Encoding detection for .txt/.md/.html: BOM, UTF-8, then GB18030 vs Big5 by common characters."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.importing import DocumentImportError
from desktop.importing.text_encoding import decode_text_bytes

SIMPLIFIED = [
    bytes((row, col)).decode("gb2312") for row in range(0xB0, 0xD7) for col in range(0xA1, 0xFF)
]


def _big5_level1() -> list[str]:
    chars = []
    for lead in range(0xA4, 0xC6):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.append(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return chars


BIG5_COMMON = _big5_level1()
PUNCTUATION = "，。、；：？！（）\n 0123456789ABC"


def texts(alphabet: list[str]) -> st.SearchStrategy[str]:
    unit = st.one_of(st.sampled_from(alphabet), st.sampled_from(PUNCTUATION))
    return (
        st.lists(unit, min_size=6, max_size=80)
        .map("".join)
        .filter(lambda t: sum(ch in alphabet for ch in t) >= 6)
    )


@settings(max_examples=150, deadline=None)
@given(texts(SIMPLIFIED))
def test_gb18030_text_is_recognised(text: str) -> None:
    assert decode_text_bytes(text.encode("gb18030")) == (text, "GB18030")


GB2312_LEVEL1 = frozenset(SIMPLIFIED) | frozenset(
    bytes((0xD7, col)).decode("gb2312") for col in range(0xA1, 0xFA)
)


def _common_chinese_in_both(data: bytes) -> bool:
    """Bytes that read as GB2312 level-1 characters throughout (and as Big5 level 1)."""
    try:
        as_gb = data.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return all(ch in GB2312_LEVEL1 for ch in as_gb if ord(ch) >= 0x80)


@settings(max_examples=150, deadline=None)
@given(texts(BIG5_COMMON))
# Every pair of bytes here is a common character in both standards: GB18030 wins.
@example("評塋訟饒逍渲")
# Read as GB18030 this is common Traditional (狹獲現…): Big5 wins on its own standard.
@example("杯陂政星家留評塋")
def test_big5_text_is_recognised(text: str) -> None:
    data = text.encode("big5")
    if _common_chinese_in_both(data):
        assert decode_text_bytes(data) == (data.decode("gb18030"), "GB18030")
    else:
        assert decode_text_bytes(data) == (text, "Big5")


def test_real_big5_text_is_recognised() -> None:
    text = "關於加強數據安全管理的通知：各級機關要堅持統籌發展和安全。"
    assert decode_text_bytes(text.encode("big5")) == (text, "Big5")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_is_taken_as_it_is(text: str) -> None:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        with pytest.raises(DocumentImportError, match="binary"):
            decode_text_bytes(text.encode("utf-8"))
    else:
        assert decode_text_bytes(text.encode("utf-8")) == (text, "UTF-8")


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=2000))
def test_any_bytes_decode_or_give_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode_text_bytes(data)
    except DocumentImportError as exc:
        assert exc.reason
    else:
        assert encoding in ("UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "GB18030", "Big5")
        assert text.strip()


def test_traditional_text_in_gb18030_stays_gb18030() -> None:
    text = "關於加強數據安全管理的通知，堅持統籌發展和安全。"
    assert decode_text_bytes(text.encode("gb18030")) == (text, "GB18030")


def test_random_bytes_are_refused() -> None:
    with pytest.raises(DocumentImportError, match=r"binary|not text|does not look"):
        decode_text_bytes(os.urandom(5000))


NOTICE = "关于数据安全的通知\n\n第一条　为了规范数据处理活动，保障数据安全，制定本办法。\n"


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
@pytest.mark.parametrize("text", [NOTICE, "Notice\n\nArticle 1. Data shall be kept safe.\n"])
def test_utf16_without_a_byte_order_mark_is_read(codec: str, name: str, text: str) -> None:
    """Some Windows tools save "Unicode" text without the mark: its NUL bytes are not a
    binary file's."""
    assert decode_text_bytes(text.encode(codec)) == (text, name)


def test_utf32_with_a_byte_order_mark_is_read() -> None:
    assert decode_text_bytes(NOTICE.encode("utf-32")) == (NOTICE, "UTF-32")


def test_binary_with_nul_bytes_is_still_refused_as_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000)
    for data in (png, b"\x00" * 1000, NOTICE.encode() + b"\x00" + NOTICE.encode()):
        with pytest.raises(DocumentImportError, match="NUL bytes"):
            decode_text_bytes(data)
