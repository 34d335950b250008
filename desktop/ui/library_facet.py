"""The search panel's choice of library: all of them, the bundled one, or one installed pack.

Shown only while packs are installed.  Choosing emits the set of library labels to
search (:func:`index.session.only_libraries`), or None for all; the searchable library
narrows its searcher and the search runs again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from index.library_names import BUNDLED_LIBRARY

__all__ = ["LibraryFacet"]


class LibraryFacet(QComboBox):
    chosen = Signal(object)  # frozenset[str] of library labels, or None for all

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchLibrary")
        self._packs: dict[str, str] = {}
        self._fill()
        self.currentIndexChanged.connect(self._on_changed)
        self.hide()

    def set_packs(self, titles: Mapping[str, str]) -> None:
        """The installed packs' titles by label; a chosen pack that is gone goes back to all."""
        if dict(titles) == self._packs:
            return
        self._packs = dict(titles)
        self._fill()
        self.setVisible(bool(self._packs))

    @property
    def libraries(self) -> frozenset[str] | None:
        data = self.currentData()
        return frozenset([data]) if data else None

    def _fill(self) -> None:
        chosen = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(self.tr("All libraries"), "")
            self.addItem(self.tr("Bundled library"), BUNDLED_LIBRARY)
            for label, title in sorted(self._packs.items(), key=lambda item: (item[1], item[0])):
                self.addItem(title, label)
            at = self.findData(chosen) if chosen else 0
            self.setCurrentIndex(max(at, 0))
        finally:
            self.blockSignals(False)
        self.setToolTip(self.tr("Search only in this library"))
        if chosen and self.currentData() != chosen:
            self.chosen.emit(None)

    def _on_changed(self, _index: int) -> None:
        self.chosen.emit(self.libraries)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)
