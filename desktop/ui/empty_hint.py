"""What to do, said where nothing is shown yet: the empty search and notes docks.

A newcomer opens the program and sees two empty panels; a line in each says what it is
for and which keys fill it.  The hint sits over the list's empty area and goes as soon
as the list has rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

__all__ = ["EmptyHint", "FirstRunHints", "add_first_run_hints"]


class EmptyHint(QObject):
    """A word-wrapped hint over ``view`` while its model has no rows (and ``wanted()``)."""

    def __init__(
        self,
        view: QAbstractItemView,
        text: Callable[[], str],
        wanted: Callable[[], bool] = lambda: True,
        name: str = "emptyHint",
    ) -> None:
        super().__init__(view)
        self.view = view
        self._text = text
        self._wanted = wanted
        self.label = QLabel(view.viewport())
        self.label.setObjectName(name)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refresh)
        model.layoutChanged.connect(self.refresh)
        view.viewport().installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        elif event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        return False

    def refresh(self) -> None:
        model = self.view.model()
        show = model is not None and model.rowCount() == 0 and self._wanted()
        if show:
            self.label.setText(self._text())
            self._place()
        self.label.setVisible(show)

    def _place(self) -> None:
        margin = 12
        area = self.view.viewport().rect().adjusted(margin, margin, -margin, -margin)
        self.label.setGeometry(area)


class FirstRunHints(QObject):
    """The hints of the search and notes docks (their translation context)."""

    def search_text(self) -> str:
        return self.tr(
            "Search every document at once: type words (Simplified or Traditional both "
            "find the text), several words separated by spaces. Enter opens the first "
            "result; F3 and Shift+F3 step through every occurrence."
        )

    def notes_text(self) -> str:
        return self.tr(
            "No notes here yet. Select text in the document (with the mouse, or Shift+arrow "
            "keys) and press Ctrl+1 … Ctrl+5 to highlight it, Ctrl+Shift+N to write a note; "
            "Ctrl+D bookmarks the paragraph. Your notes are listed here."
        )


def add_first_run_hints(
    search_view: QAbstractItemView,
    search_query: Callable[[], str],
    notes_view: QAbstractItemView,
) -> tuple[EmptyHint, EmptyHint]:
    """Hints in the empty search results (before a search) and the empty notes list."""
    texts = FirstRunHints(search_view)
    search = EmptyHint(
        search_view, texts.search_text, lambda: not search_query().strip(), "searchHint"
    )
    notes = EmptyHint(notes_view, texts.notes_text, name="notesHint")
    return search, notes
