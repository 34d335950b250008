"""Library search results: hits grouped by document and section, in reading order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.models.roles import NodeKind, Role
from desktop.text import display_text, snippet
from index.library_names import PACK_LIBRARY_PREFIX, PERSONAL_LIBRARY

if TYPE_CHECKING:
    from index.search import SearchHit, SearchResult

MARK_STYLE = "background-color:#ffd54f;color:#000000;"


def marked_html(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """``text`` escaped, with each span wrapped in a highlighted <span>."""
    import html  # loaded with the first results, not to start

    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        parts.append(html.escape(text[pos:start]))
        parts.append(f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>')
        pos = end
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def version_tag(hit: SearchHit) -> str:
    """The tag that says a document is an earlier version (with its version date)."""
    if hit.current:
        return ""
    tag = QCoreApplication.translate("SearchModel", "[earlier version %1]")
    return tag.replace("%1", hit.doc_date or "?") + " "


def library_tag(library: str, titles: Mapping[str, str] | None = None) -> str:
    """The small tag before a document's hit count that says it is one of the user's
    own, or which installed pack it comes from (by the pack's title)."""
    if library == PERSONAL_LIBRARY:
        return QCoreApplication.translate("SearchModel", "[personal]") + " "
    if library.startswith(PACK_LIBRARY_PREFIX):
        title = (titles or {}).get(library) or library[len(PACK_LIBRARY_PREFIX) :]
        return f"[{title}] "
    return ""


class SearchModel(QStandardItemModel):
    """Document → section → hit.  ``hits`` is the flat reading order that F3 walks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: SearchResult | None = None
        self.hits: list[SearchHit] = []
        self._hit_items: list[QStandardItem] = []
        self._simplified = False
        self.library_titles: Mapping[str, str] = {}  # an installed pack's title by label

    def set_result(self, result: SearchResult | None, simplified: bool) -> None:
        self.clear()
        self.result = result
        self._simplified = simplified
        self.hits = []
        self._hit_items = []
        if result is None:
            return
        # Documents in order of their best hit; inside a document, reading order.
        by_doc: dict[str, list[SearchHit]] = {}
        for hit in result.hits:
            by_doc.setdefault(hit.doc_id, []).append(hit)
        for doc_hits in by_doc.values():
            doc_hits.sort(key=lambda h: h.order)
            count = len(doc_hits)
            first = doc_hits[0]
            doc_item = self._item(
                display_text(first.doc_title, simplified), NodeKind.DOCUMENT, first.doc_id
            )
            doc_item.setData(
                library_tag(first.library, self.library_titles)
                + version_tag(first)
                + self.tr("%n hit(s)", "", count),
                Role.SNIPPET_HTML,
            )
            doc_item.setData(first.library, Role.LIBRARY)
            self.appendRow(doc_item)
            section_item: QStandardItem | None = None
            section_key: tuple[str, ...] | None = None
            for hit in doc_hits:
                # Group by the two outer levels (一、 › （一）); 一是 entries are paragraphs.
                section = hit.section[:2]
                if section_item is None or section != section_key:
                    label = (
                        section[-1]
                        if section
                        else QCoreApplication.translate("SearchModel", "(beginning)")
                    )
                    section_item = self._item(
                        display_text(label, simplified), NodeKind.SECTION, hit.doc_id
                    )
                    section_item.setToolTip(display_text(" › ".join(section), simplified))
                    section_key = section
                    doc_item.appendRow(section_item)
                shown = display_text(hit.text, simplified)
                cut, spans = snippet(shown, hit.spans)
                hit_item = self._item(cut, NodeKind.HIT, hit.doc_id)
                hit_item.setData(hit.block_id, Role.BLOCK_ID)
                hit_item.setData(marked_html(cut, spans), Role.SNIPPET_HTML)
                hit_item.setData(len(self.hits), Role.HIT_INDEX)
                hit_item.setToolTip(display_text(hit.text[:300], simplified))
                section_item.appendRow(hit_item)
                self.hits.append(hit)
                self._hit_items.append(hit_item)

    @staticmethod
    def _item(text: str, kind: str, doc_id: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(kind, Role.NODE_KIND)
        item.setData(doc_id, Role.DOC_ID)
        return item

    def hit_item(self, index: int) -> QStandardItem | None:
        return self._hit_items[index] if 0 <= index < len(self._hit_items) else None
