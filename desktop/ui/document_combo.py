"""A combo box of the library's documents that lists them when the user opens it.

The notes panel filters by document; a library of ten thousand documents would put
ten thousand items into the box at every start and every script change, for a list
nobody has looked at yet.  The box holds its fixed items (and the chosen document)
until it is opened, scrolled or typed into, and fills itself then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

Items = Callable[[], Iterable[tuple[str, str]]]  # (text, doc id) in list order


class DocumentCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fixed: list[tuple[str, str]] = []
        self._items: Items = lambda: ()
        self.listed = False  # the documents are in the box
        self.items_made = 0  # document items added, for tests that count start-up work

    def set_items(
        self, fixed: list[tuple[str, str]], items: Items, title_of: Callable[[str], str]
    ) -> None:
        """``fixed`` items first, then the documents of ``items`` once needed; a chosen
        document stays chosen (shown by ``title_of`` its id until the list is made)."""
        current = self.currentData()
        self._fixed, self._items = list(fixed), items
        self.listed = False
        self.clear()
        for text, key in self._fixed:
            self.addItem(text, key)
        if current and self.findData(current) < 0:
            self.addItem(title_of(str(current)), current)
        self.setCurrentIndex(max(0, self.findData(current)))

    def ensure_listed(self) -> None:
        if self.listed:
            return
        self.listed = True
        current = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            for text, key in self._fixed:
                self.addItem(text, key)
            for text, key in self._items():
                self.addItem(text, key)
                self.items_made += 1
            self.setCurrentIndex(max(0, self.findData(current)))
        finally:
            self.blockSignals(False)

    def find_document(self, key: str) -> int:
        """The row of ``key`` (listing the documents first when it is not a fixed item)."""
        index = self.findData(key)
        if index < 0 and key:
            self.ensure_listed()
            index = self.findData(key)
        return index

    def showPopup(self) -> None:
        self.ensure_listed()
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.ensure_listed()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.ensure_listed()
        super().wheelEvent(event)
