"""The library dock: a filter box over the tree of sources, years, documents and outlines."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from desktop.models.library_model import LibraryFilterModel, LibraryModel, load_pinyin
from desktop.models.roles import NodeKind, Role
from index.document import Document


class LibraryPanel(QWidget):
    open_requested = Signal(str, str)  # document id, block id ('' for the top)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self._documents: tuple[Document, ...] = ()
        self._simplified = False
        self._personal: list[Document] = []
        self._personal_label = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter: title, heading or pinyin (szzf)"))
        self.filter_edit.setToolTip(
            self.tr("Type Chinese in either script, pinyin (shuzi) or pinyin initials (szzf).")
        )

    def set_documents(self, documents: tuple[Document, ...], simplified: bool) -> None:
        self._documents, self._simplified = documents, simplified
        self.model.set_documents(documents, simplified, self._personal, self._personal_label)
        self._expand_groups()
        # pypinyin builds its tables in single long steps that hold the interpreter lock,
        # so loading it in a background thread would freeze the window just as well:
        # load it now, during start-up, instead of at the first keystroke.
        load_pinyin()

    def set_personal_documents(self, documents: list[Document], label: str) -> None:
        """The user's imported documents, shown in a group of their own above the corpus."""
        self._personal, self._personal_label = list(documents), label
        self.set_documents(self._documents, self._simplified)

    def _expand_groups(self) -> None:
        """Sources and years open; documents closed unless the filter is active."""
        filtering = bool(self.proxy.filter_text)

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                kind = index.data(Role.NODE_KIND)
                if kind in (NodeKind.PERSONAL, NodeKind.SOURCE, NodeKind.YEAR) or filtering:
                    self.tree.expand(index)
                    walk(index)

        walk(QModelIndex())

    def _on_filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._expand_groups()

    def _on_activated(self, index: QModelIndex) -> None:
        doc_id = index.data(Role.DOC_ID)
        if not doc_id:
            return
        kind = index.data(Role.NODE_KIND)
        block_id = index.data(Role.BLOCK_ID) if kind == NodeKind.HEADING else ""
        self.open_requested.emit(str(doc_id), str(block_id or ""))

    def visible_titles(self) -> list[str]:
        """Texts of every row the filter lets through, depth first (for tests and checks)."""
        titles: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                titles.append(str(index.data()))
                walk(index)

        walk(QModelIndex())
        return titles

    def show_position(self, doc_id: str, heading_id: str) -> None:
        """Select the current document, or the heading the reader is in."""
        item = self.model.heading_item(doc_id, heading_id) if heading_id else None
        if item is None:
            item = self.model.document_item(doc_id)
        if item is None:
            return
        index = self.proxy.mapFromSource(self.model.indexFromItem(item))
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
