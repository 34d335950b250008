"""Folding makes Simplified, Traditional, full-width and quoted forms meet, offset for offset."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from index.folding import fold_text, is_unit_char, simplify_text


def test_traditional_folds_to_simplified() -> None:
    assert fold_text("開啟新時代數字政府建設新篇章") == "开启新时代数字政府建设新篇章"
    assert fold_text("治理能力現代化") == fold_text("治理能力现代化")


def test_variants_opencc_leaves_distinct() -> None:
    # OpenCC keeps 著 (著作) but mainland readers type 着 in 發揮著; 産 is a Taiwan variant of 產.
    assert fold_text("發揮著") == fold_text("发挥着")
    assert fold_text("産業") == fold_text("产业")
    assert fold_text("衞生") == fold_text("卫生")


def test_width_case_and_quotes() -> None:
    assert fold_text("１２３４５＋Ｎ") == "12345+n"
    assert fold_text("（一）") == "(一)"
    assert fold_text("Ｃ＋＋ and c++") == "c++ and c++"
    assert fold_text("“十四五”「規劃」") == '"十四五""规划"'
    assert fold_text("ＡＢＣ") == "abc"


def test_character_level_not_phrase_level() -> None:
    # The tw/hk phrase tables would rewrite whole words (and lengths); t2s char by char does not.
    for text in ("滑鼠", "軟體", "資訊", "計程車"):
        assert len(fold_text(text)) == len(text)
    assert simplify_text("嚮往") == "向往"


def test_simplify_keeps_punctuation_and_case() -> None:
    assert simplify_text("（一）ABC“數”") == "（一）ABC“数”"


@given(st.text(max_size=200))
def test_fold_preserves_length_for_any_text(text: str) -> None:
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert len(simplify_text(text)) == len(text)
    assert fold_text(folded) == folded  # idempotent


def test_fold_handles_characters_outside_the_bmp() -> None:
    text = "𠀀數字𪚥政府😀"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded.index("数字") == text.index("數字")
    assert folded.index("政府") == text.index("政府")


def test_unit_characters() -> None:
    assert all(is_unit_char(ch) for ch in "數a9+¥℃")
    assert not any(is_unit_char(ch) for ch in " ,，。、()（）“”《》\u3000\t")
