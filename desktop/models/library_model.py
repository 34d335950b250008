"""The library tree: source → year → document → outline, with a filter that understands pinyin.

The filter accepts Chinese in either script (both sides are folded), full pinyin
(``shuzizhengfu``) and pinyin initials (``szzf``).  Pinyin keys are computed the first
time the filter is used, so start-up does not pay for pypinyin.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.models.outline_model import outline_items
from desktop.models.roles import NodeKind, Role
from desktop.text import display_text
from index.document import Document
from index.folding import fold_text

log = logging.getLogger(__name__)


@functools.cache
def _pinyin_module() -> Any:
    import pypinyin

    return pypinyin


def load_pinyin() -> None:
    """Load pypinyin and its phrase tables (about 0.15 s, once)."""
    _pinyin_module().lazy_pinyin("数字")


def filter_keys(text: str) -> tuple[str, str, str]:
    """(folded text without spaces, full pinyin, pinyin initials) for ``text``."""
    folded = fold_text(text).replace(" ", "")
    pypinyin = _pinyin_module()
    syllables = pypinyin.lazy_pinyin(folded, errors="default")
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in syllables if s and s[0].isalnum()).lower()
    return folded, full, initials


def normalise_filter(text: str) -> str:
    return fold_text(text).replace(" ", "").strip()


def matches_filter(text: str, needle: str) -> bool:
    """Does ``needle`` (already normalised) match ``text`` in characters, pinyin or initials?"""
    if not needle:
        return True
    folded, full, initials = filter_keys(text)
    return needle in folded or needle in full or needle in initials


class LibraryModel(QStandardItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: dict[str, QStandardItem] = {}
        self._headings: dict[tuple[str, str], QStandardItem] = {}

    def set_documents(
        self,
        documents: tuple[Document, ...] | list[Document],
        simplified: bool,
        personal: Sequence[Document] = (),
        personal_label: str = "",
    ) -> None:
        """The bundled documents by source and year; ``personal`` listed in a group on top."""
        self.clear()
        self._documents.clear()
        self._headings.clear()
        if personal:
            group = self._group_item(personal_label, NodeKind.PERSONAL)
            self.appendRow(group)
            for doc in personal:
                group.appendRow(self._document_item(doc, simplified))
        sources: dict[str, QStandardItem] = {}
        years: dict[tuple[str, str], QStandardItem] = {}
        ordered = sorted(documents, key=lambda d: (d.source, d.year, d.published, d.title))
        for doc in ordered:
            source_name = doc.source or "—"
            source_item = sources.get(source_name)
            if source_item is None:
                source_item = self._group_item(
                    display_text(source_name, simplified), NodeKind.SOURCE
                )
                sources[source_name] = source_item
                self.appendRow(source_item)
            year_key = (source_name, doc.year or "—")
            year_item = years.get(year_key)
            if year_item is None:
                year_item = self._group_item(year_key[1], NodeKind.YEAR)
                years[year_key] = year_item
                source_item.appendRow(year_item)
            year_item.appendRow(self._document_item(doc, simplified))

    def _document_item(self, doc: Document, simplified: bool) -> QStandardItem:
        doc_item = QStandardItem(display_text(doc.title, simplified))
        doc_item.setEditable(False)
        doc_item.setToolTip(display_text(f"{doc.title}\n{doc.source} {doc.published}", simplified))
        doc_item.setData(doc.id, Role.DOC_ID)
        doc_item.setData(NodeKind.DOCUMENT, Role.NODE_KIND)
        for item in outline_items(doc, simplified):
            doc_item.appendRow(item)
        self._documents[doc.id] = doc_item
        self._collect(doc.id, doc_item)
        return doc_item

    @staticmethod
    def _group_item(text: str, kind: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(kind, Role.NODE_KIND)
        return item

    def _collect(self, doc_id: str, parent: QStandardItem) -> None:
        for row in range(parent.rowCount()):
            child = parent.child(row)
            self._headings[(doc_id, child.data(Role.BLOCK_ID))] = child
            self._collect(doc_id, child)

    def document_item(self, doc_id: str) -> QStandardItem | None:
        return self._documents.get(doc_id)

    def heading_item(self, doc_id: str, block_id: str) -> QStandardItem | None:
        return self._headings.get((doc_id, block_id))


class LibraryFilterModel(QSortFilterProxyModel):
    """Shows matching items, their ancestors, and the whole outline of a matching document."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._keys: dict[str, str] = {}  # item text → its filter keys
        self.setRecursiveFilteringEnabled(True)

    def set_filter_text(self, text: str) -> None:
        needle = normalise_filter(text)
        if needle == self._needle:
            return
        self._needle = needle
        self.invalidateRowsFilter()

    @property
    def filter_text(self) -> str:
        return self._needle

    def _item_matches(self, index: QModelIndex) -> bool:
        text = str(index.data() or "")
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = "\x1f".join(filter_keys(text))
        return self._needle in key

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._item_matches(index):
            return True
        # Keep the whole outline of a document whose title matches.
        parent = index.parent()
        while parent.isValid():
            if parent.data(Role.NODE_KIND) == NodeKind.DOCUMENT:
                return self._item_matches(parent)
            parent = parent.parent()
        return False
