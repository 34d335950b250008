"""The first start fits the screen: nothing of the window lies outside its free area."""

from __future__ import annotations

from typing import Any


def test_first_start_window_fits_the_screen(make_window: Any) -> None:
    window = make_window()
    free = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert frame.height() <= free.height() and frame.width() <= free.width()
    assert free.contains(frame.topLeft()) and free.contains(frame.bottomRight())
    assert window.statusBar().isVisible()
