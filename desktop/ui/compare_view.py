"""新旧对照: two versions of a law side by side, aligned article by article.

The alignment is :func:`index.compare.compare_documents`; this window shows it as a
two-column table: removed words struck through on the left, added words marked on the
right, added and removed articles with an empty cell opposite.  Text is escaped, never
interpreted as markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.text import display_text
from index.compare import AlignedRow, Article, Change, compare_documents
from index.document import Document

__all__ = ["CompareWindow", "Version"]

Version = tuple[str, str]  # (document id, version date)

REMOVED_STYLE = "background:#ffd7d5;text-decoration:line-through;"
ADDED_STYLE = "background:#ccf0d0;"
ROW_COLORS = {
    Change.SAME: "",
    Change.CHANGED: "#fffbe6",
    Change.ADDED: "#eefaf0",
    Change.REMOVED: "#fdf0ef",
}


def _marked(text: str, marks: Sequence[tuple[int, int]], style: str, simplified: bool) -> str:
    shown = display_text(text, simplified)
    out, done = [], 0
    for start, end in marks:
        out.append(html.escape(shown[done:start]))
        out.append(f'<span style="{style}">{html.escape(shown[start:end])}</span>')
        done = end
    out.append(html.escape(shown[done:]))
    return "".join(out).replace("\n", "<br/>")


def _cell(article: Article | None, marks: Sequence[tuple[int, int]], style: str, s: bool) -> str:
    if article is None:
        return "<td></td>"
    label = html.escape(display_text(article.label, s))
    return f"<td><b>{label}</b>　{_marked(article.text, marks, style, s)}</td>"


def rows_html(rows: Sequence[AlignedRow], old_title: str, new_title: str, s: bool) -> str:
    parts = [
        '<table width="100%" cellspacing="0" cellpadding="6" border="1" '
        'style="border-collapse:collapse;border-color:#d0d0d0;">',
        f'<tr><th width="50%">{html.escape(old_title)}</th>'
        f'<th width="50%">{html.escape(new_title)}</th></tr>',
    ]
    for row in rows:
        color = ROW_COLORS[row.change]
        bg = f' style="background:{color};"' if color else ""
        parts.append(
            f"<tr{bg}>{_cell(row.old, row.old_marks, REMOVED_STYLE, s)}"
            f"{_cell(row.new, row.new_marks, ADDED_STYLE, s)}</tr>"
        )
    parts.append("</table>")
    return "".join(parts)


class CompareWindow(QDialog):
    """Pick two versions; see them aligned.  ``read(doc_id)`` returns a document."""

    def __init__(
        self,
        versions: Sequence[Version],
        read: Callable[[str], Document | None],
        simplified: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowFlag(Qt.WindowType.Window)
        self.versions = list(versions)  # newest first
        self.read = read
        self.simplified = simplified
        self.rows: list[AlignedRow] = []
        self.old_combo = QComboBox(self)
        self.old_combo.setObjectName("compareOld")
        self.new_combo = QComboBox(self)
        self.new_combo.setObjectName("compareNew")
        for combo in (self.old_combo, self.new_combo):
            for doc_id, date in self.versions:
                combo.addItem(date or doc_id, doc_id)
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.view = QTextBrowser(self)
        self.view.setObjectName("compareView")
        self.view.setOpenLinks(False)
        self.old_label = QLabel(self)
        self.new_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.old_label)
        top.addWidget(self.old_combo)
        top.addSpacing(16)
        top.addWidget(self.new_label)
        top.addWidget(self.new_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.resize(1100, 760)
        self.retranslate()
        if len(self.versions) > 1:
            self.old_combo.setCurrentIndex(1)
        self.new_combo.setCurrentIndex(0)
        self.old_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Compare versions"))
        self.old_label.setText(self.tr("Earlier:"))
        self.new_label.setText(self.tr("Later:"))

    def refresh(self) -> None:
        old = self.read(str(self.old_combo.currentData()))
        new = self.read(str(self.new_combo.currentData()))
        if old is None or new is None:
            self.rows = []
            self.summary.setText(self.tr("That version is no longer in the library."))
            self.view.clear()
            return
        self.rows = compare_documents(old, new)
        counts = {change: 0 for change in Change}
        for row in self.rows:
            counts[row.change] += 1
        self.summary.setText(
            self.tr("%1 articles changed, %2 added, %3 removed, %4 unchanged.")
            .replace("%1", str(counts[Change.CHANGED]))
            .replace("%2", str(counts[Change.ADDED]))
            .replace("%3", str(counts[Change.REMOVED]))
            .replace("%4", str(counts[Change.SAME]))
        )
        title = display_text(new.display_title, self.simplified)
        self.setWindowTitle(f"{self.tr('Compare versions')} — {title}")
        self.view.setHtml(
            rows_html(
                self.rows,
                self.old_combo.currentText(),
                self.new_combo.currentText(),
                self.simplified,
            )
        )
