"""Custom item data roles shared by the models and the widgets."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    DOC_ID = Qt.ItemDataRole.UserRole + 1
    BLOCK_ID = Qt.ItemDataRole.UserRole + 2
    NODE_KIND = Qt.ItemDataRole.UserRole + 3  # one of NodeKind
    SNIPPET_HTML = Qt.ItemDataRole.UserRole + 5  # escaped rich text with the matches marked
    HIT_INDEX = Qt.ItemDataRole.UserRole + 6  # position of a hit in reading order
    LIBRARY = Qt.ItemDataRole.UserRole + 7  # the library a search hit comes from


class NodeKind:
    PERSONAL = "personal"  # the group of the user's own imported documents
    PACK = "pack"  # the group of an installed library pack's documents, by its title
    SOURCE = "source"
    YEAR = "year"
    DEPARTMENT = "department"  # a law's department or a rule's issuing department
    HISTORY = "history"  # 历史版本: earlier versions of a document
    DOCUMENT = "document"
    HEADING = "heading"
    SECTION = "section"
    HIT = "hit"
