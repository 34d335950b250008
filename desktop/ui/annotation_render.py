"""Highlights in the reading view: character formats on the laid-out document.

Highlights are part of the text's own format (search and find marks stay extra
selections drawn on top), so they follow every re-layout: the view calls back after
each render (script toggle, zoom) and the highlights are painted again.  Offsets are
code points in the block's original text; the simplified display has the same
length, and Qt positions are converted to UTF-16 here.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextFormat

from desktop.annotations import Annotation, AnnotationKind
from desktop.models.annotation_model import HIGHLIGHT_COLORS
from desktop.text import codepoint_offset, utf16_offset
from desktop.ui.reader_view import ReaderView

ANNOTATION_ID_PROPERTY = int(QTextFormat.Property.UserProperty) + 1


def is_painted(annotation: Annotation) -> bool:
    return (
        annotation.kind is not AnnotationKind.BOOKMARK
        and not annotation.deleted
        and not annotation.is_detached
    )


def _range_cursor(reader: ReaderView, index: int, start: int, end: int) -> QTextCursor:
    placed = reader.placed[index]
    text = placed.block.text
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + utf16_offset(text, start))
    cursor.setPosition(placed.start + utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
    return cursor


def _clear_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(Qt.BrushStyle.NoBrush))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
    fmt.setProperty(ANNOTATION_ID_PROPERTY, "")
    return fmt


def _highlight_format(annotation: Annotation) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(HIGHLIGHT_COLORS.get(annotation.color, HIGHLIGHT_COLORS["yellow"])))
    if annotation.note.strip():
        # A dotted underline says "there is a note here; hover to read it".
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor("#6d4c41"))
    fmt.setProperty(ANNOTATION_ID_PROPERTY, annotation.id)
    return fmt


def paint_block(reader: ReaderView, index: int, annotations: Iterable[Annotation]) -> None:
    """Repaint the highlights of one block (``annotations``: that block's, any order)."""
    placed = reader.placed[index]
    document = reader.document()
    document.setUndoRedoEnabled(False)
    whole = _range_cursor(reader, index, 0, len(placed.block.text))
    whole.beginEditBlock()
    whole.mergeCharFormat(_clear_format())
    limit = len(placed.block.text)
    for annotation in sorted(annotations, key=lambda a: a.created):
        if not is_painted(annotation):
            continue
        start, end = max(0, annotation.start), min(annotation.end, limit)
        if start >= end:
            continue
        _range_cursor(reader, index, start, end).mergeCharFormat(_highlight_format(annotation))
    whole.endEditBlock()


def paint_all(reader: ReaderView, by_block: dict[str, list[Annotation]]) -> None:
    """Paint every block that has highlights (after a fresh render nothing is painted)."""
    for block_id, found in by_block.items():
        index = reader.block_index(block_id)
        if index is not None:
            paint_block(reader, index, found)


def position_in_block(reader: ReaderView, qt_position: int) -> tuple[int, int] | None:
    """A Qt position as (block index, code-point offset), or None outside corpus blocks."""
    index = reader.block_index_at(qt_position)
    if index is None:
        return None
    placed = reader.placed[index]
    relative = qt_position - placed.start
    if not 0 <= relative <= placed.length:
        return None
    return index, codepoint_offset(placed.block.text, relative)
