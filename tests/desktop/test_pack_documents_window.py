"""A library pack's documents in the window: listed under the pack's title, found by
search with the pack named, read with outline, notes and citation like the bundled
library's; an update or removal from the 文库包 manager shows at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.annotations import AnnotationReader
from desktop.models.roles import NodeKind, Role
from desktop.text import utf16_offset
from desktop.ui.packs_dialog import PackManagerDialog
from index.packs.build import build_pack
from index.packs.keys import generate_key

WAIT = 20000
PACK_TITLE = "沿海各县海塘文件"
DOC_TITLE = "关于加强海塘潮汐观测的通知"
QUOTE = "按时报送潮位数据"
FRONT = f"---\ntitle: {DOC_TITLE}\ndate: 2025-01-02\nsource: 示范省水利厅\n---\n\n"
BODY_V1 = (
    "## 一、总体要求\n\n各沿海县要加强海塘潮汐观测，按时报送潮位数据。\n\n"
    "## 二、保障措施\n\n县级水利部门负责组织实施。\n"
)
# Version 2 inserts a paragraph before the highlighted one and edits the sentence.
BODY_V2 = (
    "## 一、总体要求\n\n汛期到来之前完成全部观测站点的检修。\n\n"
    "各沿海县要切实加强海塘潮汐观测，按时报送潮位数据。\n\n"
    "## 二、保障措施\n\n县级水利部门负责组织实施。\n"
)


def _pack(tmp_path: Path, key: Path, version: str, body: str | None) -> Path:
    corpus = tmp_path / f"corpus-{version}"
    corpus.mkdir()
    if body is not None:
        (corpus / "tides.md").write_text(FRONT + body)
    (corpus / "levee.md").write_text(
        "---\ntitle: 关于海塘巡查的办法\ndate: 2025-02-01\nsource: 示范省水利厅\n---\n\n"
        "海塘巡查每月不少于两次。\n"
    )
    out = tmp_path / f"coast-{version}.plpack"
    build_pack(corpus, out, pack_id="coast", title=PACK_TITLE, version=version, key_file=key)
    return out


def _tree_rows(window: Any) -> list[tuple[int, str, str]]:
    """(depth, kind, text) of every row of the library tree, depth first."""
    model = window.library_panel.model
    rows: list[tuple[int, str, str]] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            rows.append((depth, str(index.data(Role.NODE_KIND)), str(index.data())))
            if index.data(Role.NODE_KIND) != NodeKind.DOCUMENT:
                walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return rows


def _pack_rows(window: Any) -> list[str]:
    """Texts of the rows beneath the pack's title row (empty when it is not listed)."""
    rows = _tree_rows(window)
    start = next((i for i, r in enumerate(rows) if r[1] == NodeKind.PACK), None)
    if start is None:
        return []
    assert rows[start][2] == PACK_TITLE
    below = []
    for depth, _kind, text in rows[start + 1 :]:
        if depth == 0:
            break
        below.append(text)
    return below


def _documents_counted(window: Any) -> int:
    """The document count the status bar shows."""
    found = re.search(r"\d+", window.status_label.text())
    assert found is not None, window.status_label.text()
    return int(found.group())


def _select_quote(window: Any, quote: str) -> None:
    reader = window.reader
    for placed in reader.placed:
        at = placed.block.text.find(quote)
        if at >= 0:
            cursor = QTextCursor(reader.document())
            cursor.setPosition(placed.start + utf16_offset(placed.block.text, at))
            cursor.setPosition(
                placed.start + utf16_offset(placed.block.text, at + len(quote)),
                QTextCursor.MoveMode.KeepAnchor,
            )
            reader.setTextCursor(cursor)
            return
    raise AssertionError(quote)


@pytest.fixture
def manager(make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    key = tmp_path / "publisher.key"
    generate_key(key)
    keys_dir = tmp_path / "system-config" / "trusted-keys.d"
    keys_dir.mkdir(parents=True)
    (keys_dir / "publisher.pub").write_text(Path(str(key) + ".pub").read_text())
    window = make_window()
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Yes.value))
    window.packs_action.trigger()
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, PackManagerDialog)]
    yield window, dialog, key
    dialog.close()


def test_pack_documents_open_like_the_library_and_follow_updates(
    manager: Any, search: Any, qtbot: Any, tmp_path: Path
) -> None:
    window, dialog, key = manager
    assert _pack_rows(window) == []
    counted = _documents_counted(window)

    dialog.install_file(_pack(tmp_path, key, "1", BODY_V1))
    qtbot.waitUntil(lambda: DOC_TITLE in _pack_rows(window), timeout=WAIT)
    assert "关于海塘巡查的办法" in _pack_rows(window)
    assert _documents_counted(window) == counted + 2

    # Search names the pack; the hit opens in the reader with its outline.
    result = search(window, "潮汐观测")
    assert {(hit.library, hit.doc_id) for hit in result.hits} == {("pack:coast", "tides")}
    doc_item = window.search_panel.model.item(0)
    assert f"[{PACK_TITLE}]" in doc_item.data(Role.SNIPPET_HTML)
    window.open_hit(len(result.hits) - 1)
    assert window.current is not None and window.current.id == "tides"
    assert window.windowTitle().startswith(DOC_TITLE)
    outline = window.outline_model
    headings = [outline.item(row).text() for row in range(outline.rowCount())]
    assert headings == ["一、总体要求", "二、保障措施"]

    # A note on the pack's document, and a quotation with its citation.
    ui = window.annotations
    _select_quote(window, QUOTE)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        assert ui.highlight_selection("yellow")
    noted = blocker.args[0][0]
    assert noted.doc_id == "tides" and noted.exact == QUOTE
    with qtbot.waitSignal(ui.panel.shown, timeout=WAIT):
        ui.panel.refresh()
    assert noted.id in {row.id for row in ui.panel.annotation_rows()}
    _select_quote(window, QUOTE)
    window.copy_with_citation()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(QUOTE) and DOC_TITLE in copied

    # Results narrowed to the pack, or to the bundled library, with exact counts.
    facet = window.library_facet
    assert facet.isVisibleTo(window) and facet.findText(PACK_TITLE) >= 0
    everywhere = search(window, "加强")
    assert {"bundled", "pack:coast"} <= {hit.library for hit in everywhere.hits}
    in_pack = [hit for hit in everywhere.hits if hit.library == "pack:coast"]
    with qtbot.waitSignal(window.search_shown, timeout=WAIT) as narrowed:
        facet.setCurrentIndex(facet.findText(PACK_TITLE))
    only = narrowed.args[0]
    assert {hit.library for hit in only.hits} == {"pack:coast"}
    assert only.total == len(in_pack) == len(window.search_panel.model.hits)
    with qtbot.waitSignal(window.search_shown, timeout=WAIT) as narrowed:
        facet.setCurrentIndex(facet.findData("bundled"))
    assert {hit.library for hit in narrowed.args[0].hits} == {"bundled"}
    # My documents is a choice beside them: only the personal library's hits, counted exactly.
    mine = [hit for hit in everywhere.hits if hit.library == "personal"]
    with qtbot.waitSignal(window.search_shown, timeout=WAIT) as narrowed:
        facet.setCurrentIndex(facet.findData("personal"))
    assert facet.currentText() == "My documents"
    assert {hit.library for hit in narrowed.args[0].hits} <= {"personal"}
    assert narrowed.args[0].total == len(mine) < everywhere.total
    with qtbot.waitSignal(window.search_shown, timeout=WAIT) as narrowed:
        facet.setCurrentIndex(0)
    assert narrowed.args[0].total == everywhere.total

    # The tree's row of the other pack document opens it too.
    panel = window.library_panel
    index = panel.model.index_for("levee")
    assert index.isValid()
    panel.tree.clicked.emit(index)
    assert window.current is not None and window.current.id == "levee"
    # The library filter finds the packs' documents too (by title or pinyin initials).
    with qtbot.waitSignal(panel.filter_applied, timeout=WAIT):
        panel.filter_edit.setText("海塘巡查")
    assert "关于海塘巡查的办法" in panel.visible_titles()
    assert PACK_TITLE in panel.visible_titles() and DOC_TITLE not in panel.visible_titles()
    with qtbot.waitSignal(panel.filter_applied, timeout=WAIT):
        panel.filter_edit.clear()
    window.open_document("tides")

    # What notes are re-anchored against after an import, as a controller keeps it.
    kept_by_controller = window.searchable.documents_by_id()
    assert kept_by_controller["tides"].title == DOC_TITLE

    # Version 2 changes the document: the reader shows the new text, the note follows it.
    dialog.install_file(_pack(tmp_path, key, "2", BODY_V2))
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "2", timeout=WAIT)
    qtbot.waitUntil(
        lambda: (
            window.current is not None
            and "汛期到来之前" in "".join(p.block.text for p in window.reader.placed)
        ),
        timeout=WAIT,
    )
    with AnnotationReader(ui.store.path) as reader:
        moved = reader.get(noted.id)
    assert moved is not None and not moved.is_detached
    block = window.current.block(moved.block_id)
    assert block is not None and block.text[moved.start : moved.end] == QUOTE
    assert {hit.doc_id for hit in search(window, "汛期到来之前").hits} == {"tides"}
    texts = [block.text for block in kept_by_controller["tides"].blocks]
    assert any("汛期到来之前" in text for text in texts)  # the new version, not the old

    # Version 3 drops it: gone from tree and search, the note kept detached.
    dialog.install_file(_pack(tmp_path, key, "3", None))
    qtbot.waitUntil(lambda: DOC_TITLE not in _pack_rows(window), timeout=WAIT)
    assert "关于海塘巡查的办法" in _pack_rows(window)
    assert search(window, "潮汐观测").hits == ()
    assert "tides" not in kept_by_controller and kept_by_controller.get("tides") is None
    assert window.current is None or window.current.id != "tides"
    with AnnotationReader(ui.store.path) as reader:
        kept = reader.get(noted.id)
    assert kept is not None and kept.is_detached and kept.exact == QUOTE

    # Removing the pack takes its group away without a restart.
    dialog.table.selectRow(0)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: _pack_rows(window) == [], timeout=WAIT)
    assert search(window, "海塘巡查").hits == ()
    assert not window.library_facet.isVisibleTo(window)


def test_packs_changed_by_another_program_show_in_the_running_window(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    """An administrator installs, updates and removes a pack from the command line while
    the window runs: the window's library follows without a restart."""
    from desktop.packs import PackService

    key = tmp_path / "publisher.key"
    generate_key(key)
    window = make_window()
    assert _pack_rows(window) == []
    admin = PackService(
        tmp_path / "admin-data", machine=True, extra_trust=[Path(str(key) + ".pub")]
    )
    admin.install(_pack(tmp_path, key, "1", BODY_V1))
    qtbot.waitUntil(lambda: DOC_TITLE in _pack_rows(window), timeout=WAIT)
    admin.install(_pack(tmp_path, key, "2", None))
    qtbot.waitUntil(lambda: DOC_TITLE not in _pack_rows(window), timeout=WAIT)
    assert "关于海塘巡查的办法" in _pack_rows(window)
    admin.remove("coast")
    qtbot.waitUntil(lambda: _pack_rows(window) == [], timeout=WAIT)
