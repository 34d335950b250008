"""Chinese numerals in legal texts: 一百零一 ↔ 101, article labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.numerals import article_label, cn_to_int, int_to_cn, parse_article_label


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("两", 2),
        ("一百", 100),
        ("一百零一", 101),
        ("一百一十", 110),
        ("一百二十五", 125),
        ("九百九十九", 999),
        ("一千", 1000),
        ("一千零二十", 1020),
        ("一千二百六十", 1260),
        ("二〇二一", 2021),
        ("21", 21),
        ("２１", 21),
    ],
)
def test_numerals_read(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "条", "十百", "百百", "零十", "abc", "二十x"])
def test_non_numerals_are_none(text: str) -> None:
    assert cn_to_int(text) is None


@given(st.integers(min_value=1, max_value=99_999))
def test_written_numbers_read_back(number: int) -> None:
    assert cn_to_int(int_to_cn(number)) == number


def test_written_forms_are_the_ones_laws_use() -> None:
    assert int_to_cn(10) == "十"
    assert int_to_cn(21) == "二十一"
    assert int_to_cn(101) == "一百零一"
    assert int_to_cn(110) == "一百一十"
    assert int_to_cn(1260) == "一千二百六十"


def test_article_labels() -> None:
    assert article_label(21) == "第二十一条"
    assert article_label(21, 1) == "第二十一条之一"
    assert parse_article_label("第二十一条之一") == (21, 1)
    assert parse_article_label("第 21 条") == (21, 0)
    assert parse_article_label("第二十一条规定") is None
    assert parse_article_label("第零条") is None
