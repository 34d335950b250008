"""Selecting text in the window's reader the way a drag or Shift+arrows would."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor

from desktop.text import utf16_offset


def select(window: Any, index: int, start: int, end: int) -> QTextCursor:
    """Select characters ``start``..``end`` of the reader's ``index``-th paragraph."""
    reader = window.reader
    placed = reader.placed[index]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + utf16_offset(placed.block.text, start))
    cursor.setPosition(
        placed.start + utf16_offset(placed.block.text, end), QTextCursor.MoveMode.KeepAnchor
    )
    reader.setTextCursor(cursor)
    return cursor
