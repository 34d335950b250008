"""Dialogs for annotations: note and tags, colour labels, export options."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.annotations import COLOR_KEYS, AnnotationFilter, ExportFormat
from desktop.annotations.study_notes import Script
from desktop.models.annotation_model import HIGHLIGHT_COLORS

QUOTE_PREVIEW_CHARS = 200


def split_tags(text: str) -> list[str]:
    """Tags typed in one line, separated by commas (either width), 、 or semicolons."""
    return [t.strip() for t in re.split(r"[,，、;；]", text) if t.strip()]


def color_icon(color: str) -> QPixmap:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(HIGHLIGHT_COLORS.get(color, "#ffffff")))
    return pixmap


def fill_color_combo(combo: QComboBox, labels: Mapping[str, str], any_text: str = "") -> None:
    combo.clear()
    if any_text:
        combo.addItem(any_text, "")
    for key in COLOR_KEYS:
        combo.addItem(color_icon(key), labels.get(key, key), key)


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AnnotationDialog(QDialog):
    """The note, tags and colour of a highlight, or the name of a bookmark."""

    def __init__(
        self,
        parent: QWidget | None,
        quote: str,
        labels: Mapping[str, str],
        *,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
        name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationDialog")
        self.setWindowTitle(self.tr("Bookmark") if name is not None else self.tr("Note"))
        shown = quote if len(quote) <= QUOTE_PREVIEW_CHARS else quote[:QUOTE_PREVIEW_CHARS] + "…"
        self.quote = QLabel(f"「{shown}」", self)
        self.quote.setWordWrap(True)
        self.name_edit = QLineEdit(name or "", self)
        self.color_combo = QComboBox(self)
        fill_color_combo(self.color_combo, labels)
        self.color_combo.setCurrentIndex(max(0, self.color_combo.findData(color)))
        self.note_edit = QPlainTextEdit(note, self)
        self.note_edit.setObjectName("annotationNote")
        self.note_edit.setTabChangesFocus(True)  # Tab moves on; a note needs no tab stops
        self.tags_edit = QLineEdit("，".join(tags), self)
        self.tags_edit.setObjectName("annotationTags")
        self.tags_edit.setPlaceholderText(self.tr("tags, separated by commas"))
        form = QFormLayout()
        if name is not None:
            form.addRow(self.tr("Name:"), self.name_edit)
            self.color_combo.hide()
            self.note_edit.hide()
            self.tags_edit.hide()
        else:
            self.name_edit.hide()
            form.addRow(self.tr("Colour:"), self.color_combo)
            form.addRow(self.tr("Note:"), self.note_edit)
            form.addRow(self.tr("Tags:"), self.tags_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote)
        layout.addLayout(form)
        buttons = _buttons(self)
        layout.addWidget(buttons)
        self.resize(460, 320 if name is None else 140)
        # The text is what one comes to write: the caret starts there, Tab goes on to
        # the tags, the colour and the buttons.
        first = self.name_edit if name is not None else self.note_edit
        first.setFocus()
        if name is None:
            QWidget.setTabOrder(self.note_edit, self.tags_edit)
            QWidget.setTabOrder(self.tags_edit, self.color_combo)
            QWidget.setTabOrder(self.color_combo, buttons)

    @property
    def color(self) -> str:
        return str(self.color_combo.currentData() or "yellow")

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText()

    @property
    def tags(self) -> list[str]:
        return split_tags(self.tags_edit.text())

    @property
    def name(self) -> str:
        return self.name_edit.text().strip()


class ColorLabelsDialog(QDialog):
    """What each of the five colours means to this reader (重点, 疑问, 待办 …)."""

    def __init__(self, parent: QWidget | None, labels: Mapping[str, str]) -> None:
        super().__init__(parent)
        self.setObjectName("colorLabelsDialog")
        self.setWindowTitle(self.tr("Colour labels"))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key in COLOR_KEYS:
            edit = QLineEdit(labels.get(key, ""), self)
            edit.setMaxLength(40)
            swatch = QLabel(self)
            swatch.setPixmap(color_icon(key))
            self.edits[key] = edit
            form.addRow(swatch, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Name the highlight colours:"), self))
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    def labels(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}


class ExportDialog(QDialog):
    """Format and filters of a notes export."""

    def __init__(
        self,
        parent: QWidget | None,
        labels: Mapping[str, str],
        tags: Sequence[str],
        script: Script = Script.ORIGINAL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotesDialog")
        self.setWindowTitle(self.tr("Export notes"))
        self.format_combo = QComboBox(self)
        self.format_combo.addItem(self.tr("Word study notes (.docx)"), ExportFormat.DOCX.value)
        self.format_combo.addItem(self.tr("Markdown (.md)"), ExportFormat.MARKDOWN.value)
        self.format_combo.addItem(
            self.tr("Exchange file for another computer (.json)"), ExportFormat.JSON.value
        )
        # The script of the text (quotes, titles, notes); the one being read to start with.
        self.script_combo = QComboBox(self)
        self.script_combo.setObjectName("exportScript")
        self.script_combo.addItem(self.tr("As in the documents"), Script.ORIGINAL.value)
        self.script_combo.addItem(self.tr("Simplified Chinese (简)"), Script.SIMPLIFIED.value)
        self.script_combo.addItem(self.tr("Traditional Chinese (繁)"), Script.TRADITIONAL.value)
        self.script_combo.setCurrentIndex(max(0, self.script_combo.findData(script.value)))
        self.color_combo = QComboBox(self)
        fill_color_combo(self.color_combo, labels, self.tr("All colours"))
        self.tag_combo = QComboBox(self)
        self.tag_combo.addItem(self.tr("All tags"), "")
        for tag in tags:
            self.tag_combo.addItem(tag, tag)
        today = QDate.currentDate()
        self.since_check = QCheckBox(self.tr("From"), self)
        self.since_edit = QDateEdit(today.addMonths(-1), self)
        self.until_check = QCheckBox(self.tr("Until"), self)
        self.until_edit = QDateEdit(today, self)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.tr("Script:"), self.script_combo)
        form.addRow(self.tr("Colour:"), self.color_combo)
        form.addRow(self.tr("Tag:"), self.tag_combo)
        form.addRow(self.since_check, self.since_edit)
        form.addRow(self.until_check, self.until_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))

    @property
    def export_format(self) -> ExportFormat:
        return ExportFormat(str(self.format_combo.currentData()))

    @property
    def script(self) -> Script:
        return Script(str(self.script_combo.currentData()))

    def where(self) -> AnnotationFilter:
        color = str(self.color_combo.currentData() or "")
        tag = str(self.tag_combo.currentData() or "")
        since = until = None
        if self.since_check.isChecked():
            since = datetime.combine(self.since_edit.date().toPython(), time()).astimezone()  # type: ignore[arg-type]
        if self.until_check.isChecked():
            day = self.until_edit.date().addDays(1).toPython()
            until = datetime.combine(day, time()).astimezone()  # type: ignore[arg-type]
        return AnnotationFilter(
            colors=frozenset({color}) if color else frozenset(),
            tags=frozenset({tag}) if tag else frozenset(),
            since=since,
            until=until,
        )
