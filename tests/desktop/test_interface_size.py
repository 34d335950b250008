"""View › Interface size: menus, trees and panels grow for older readers; the reading
text keeps its own zoom; the choice is there at the next start.  The interface is in
the system's sans, not the bundled reading serif."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontInfo

from desktop import fonts
from desktop.settings import UI_SCALES, Settings


def _points(widget: Any) -> float:
    return widget.font().pointSizeF()


def test_interface_size_scales_menus_trees_and_panels_not_the_text(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    base = fonts.ui_base_point_size()
    try:
        tree = window.library_panel.tree
        menu_bar = window.menuBar()
        reading_before = window.reader.placed[3].start, window.reader._em
        pixels_before = QFontInfo(tree.font()).pixelSize()
        assert abs(_points(tree) - base) < 0.01
        assert [a.objectName() for a in window.interface_size.menu.actions()] == [
            f"actionInterfaceSize{s}" for s in UI_SCALES
        ]
        window.interface_size.actions[150].trigger()
        qtbot.waitUntil(lambda: abs(_points(tree) - base * 1.5) < 0.01, timeout=3000)
        assert abs(_points(menu_bar) - base * 1.5) < 0.01
        assert abs(_points(window.search_panel.query_edit) - base * 1.5) < 0.01
        # Larger letters on screen, not only a number in the settings.
        assert QFontInfo(tree.font()).pixelSize() >= pixels_before * 1.4
        # The reading text is not touched (its zoom is its own).
        assert window.reader._em == reading_before[1]
        assert Settings().ui_scale == 150
        window.interface_size.actions[200].trigger()
        qtbot.waitUntil(lambda: abs(_points(tree) - base * 2) < 0.01, timeout=3000)
    finally:
        window.interface_size.set_scale(100)
    qtbot.waitUntil(lambda: abs(_points(window.library_panel.tree) - base) < 0.01, timeout=3000)


def test_the_interface_size_is_kept_for_the_next_start(qtbot: Any, make_window: Any) -> None:
    first = make_window()
    base = fonts.ui_base_point_size()
    first.interface_size.actions[125].trigger()
    first.close()
    try:
        second = make_window()
        assert second.interface_size.actions[125].isChecked()
        qtbot.waitUntil(
            lambda: abs(_points(second.library_panel.tree) - base * 1.25) < 0.01, timeout=3000
        )
    finally:
        second.interface_size.set_scale(100)


def test_the_interface_font_is_not_the_reading_serif(qapp: Any) -> None:
    families = fonts.ui_families("DejaVu Sans")
    assert families[0] == "DejaVu Sans"
    # A system CJK sans, when there is one, comes before the bundled serif.
    bundled = [f for f in families if f in fonts._loaded]
    system_cjk = [f for f in families if f in fonts.UI_CJK_FAMILIES]
    if bundled and system_cjk:
        assert families.index(system_cjk[0]) < families.index(bundled[0])
    assert fonts.BUNDLED_FAMILY not in families[:1]
