"""The ToUnicode repair on CMaps shaped as Qt writes them (Qt-free)."""

from __future__ import annotations

from desktop.pdf_text_layer import KANGXI_TWINS, rewrite_cmap

HEAD = b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"


def test_kangxi_twins_are_the_ideographs():
    assert KANGXI_TWINS[0x2F00] == "一" and KANGXI_TWINS[0x2F08] == "人"


def test_array_range_destinations_are_repaired_and_sources_kept():
    cmap = HEAD + b"2 beginbfrange\n<2F00> <2F01> [<2F00> <4E8C>]\nendbfrange\n"
    fixed, changed = rewrite_cmap(cmap, KANGXI_TWINS)
    assert changed == 1
    assert b"<2F00> <2F01> [<4E00> <4E8C>]" in fixed  # the source code <2F00> untouched


def test_consecutive_range_into_radicals_is_spelled_out():
    cmap = HEAD + b"1 beginbfrange\n<0001> <0003> <2F05>\nendbfrange\n"
    fixed, changed = rewrite_cmap(cmap, KANGXI_TWINS)
    assert changed == 3
    assert b"<0001> <0003> [<4E85> <4E8C> <4EA0>]" in fixed


def test_bfchar_and_supplement_table():
    cmap = HEAD + b"2 beginbfchar\n<0005> <2EA0>\n<0006> <0041>\nendbfchar\n"
    fixed, changed = rewrite_cmap(cmap, {0x2EA0: "民"})
    assert changed == 1
    assert b"<0005> <6C11>" in fixed and b"<0006> <0041>" in fixed
