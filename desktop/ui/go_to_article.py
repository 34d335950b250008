"""Go to article (Ctrl+G): a bar under the reading view that takes ``21``, ``二十一`` or
``第二十一条`` and jumps there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from desktop.article_ref import MAX_INPUT, parse_article_input

__all__ = ["GoToArticleBar"]


class _Edit(QLineEdit):
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)


class GoToArticleBar(QWidget):
    go_requested = Signal(int, int)  # article number, 之 number (0 for none)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goToArticleBar")
        self.label = QLabel(self)
        self.edit = _Edit(self)
        self.edit.setObjectName("goToArticleText")
        self.edit.setMaxLength(MAX_INPUT)
        self.message = QLabel(self)
        self.message.setObjectName("goToArticleMessage")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button)
        self.edit.returnPressed.connect(self._go)
        self.edit.escape.connect(self.close_bar)
        self.edit.textEdited.connect(lambda _t: self.message.clear())
        self.close_button.clicked.connect(self.close_bar)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Go to article:"))
        self.edit.setPlaceholderText(self.tr("21, 二十一 or 第二十一条"))

    def open_bar(self) -> None:
        self.show()
        self.message.clear()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _go(self) -> None:
        parsed = parse_article_input(self.edit.text())
        if parsed is None:
            self.show_problem(self.tr("Type an article number, such as 21 or 二十一."))
            return
        self.go_requested.emit(*parsed)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
