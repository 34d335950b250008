"""Reading laws in the window: outline, go to article, citation, links, 新旧对照."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.models.roles import Role
from desktop.ui.rendering import LINK_SCHEME
from index.compare import Change
from tests.desktop.reader_selection import select

PIPL = "laws/行政法/个人信息保护法(2021-08-20)"
SECRETS_2010 = "laws/行政法/保守国家秘密法(2010-04-29)"
SECRETS_2024 = "laws/行政法/保守国家秘密法(2024-02-27)"


def _items(parent: Any) -> list[Any]:
    """Every row beneath ``parent`` (the outline model or one of its rows), depth first."""
    out = []
    for row in range(parent.rowCount()):
        child = parent.item(row) if hasattr(parent, "item") else parent.child(row)
        out.append(child)
        out.extend(_items(child))
    return out


def _open(window: Any, doc_id: str) -> Any:
    assert window.open_document(doc_id), doc_id
    return window.current


def test_law_outline_has_chapters_sections_and_articles_and_no_items(make_window: Any) -> None:
    window = make_window()
    doc = _open(window, PIPL)
    model = window.outline_model
    chapters = [model.item(r) for r in range(model.rowCount())]
    assert len(chapters) == 8 and chapters[0].text() == "第一章 总则"
    second = chapters[1]
    sections = [second.child(r).text() for r in range(second.rowCount())]
    assert [s[:3] for s in sections if s.startswith("第") and "节" in s[:5]] == [
        "第一节",
        "第二节",
        "第三节",
    ]
    texts = [item.text() for item in _items(model)]
    assert sum(1 for t in texts if "条" in t.split()[0]) == 74
    assert not any(t.startswith(("（一）", "(一)")) for t in texts)  # 项 are not entries
    assert texts[1].startswith("第一条")  # articles under their chapter
    # The outline follows the reading position down to the article.
    target = doc.article(30)
    window.reader.scroll_to_block(target.id)
    assert window.outline_tree.currentIndex().data(Role.BLOCK_ID) == target.id


@pytest.mark.parametrize("typed", ["二十一", "21", "第二十一条"])
def test_go_to_article(qtbot: Any, make_window: Any, typed: str) -> None:
    window = make_window()
    doc = _open(window, PIPL)
    window.show()
    window.activateWindow()
    qtbot.keyClick(window.reader, Qt.Key.Key_G, modifier=Qt.KeyboardModifier.ControlModifier)
    bar = window.law_reading.bar
    assert bar.isVisible() and bar.edit.hasFocus()
    bar.edit.setText(typed)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.reader.top_block_id() == doc.article(21).id
    assert not bar.isVisible()
    # Back returns to where the reader was.
    window.back_action.trigger()
    assert window.reader.top_block_id() != doc.article(21).id


def test_go_to_a_missing_article_says_so(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    _open(window, PIPL)
    window.law_reading.open_bar()
    bar = window.law_reading.bar
    for typed, expected in (("第九百条", "第九百条"), ("abc", "21")):
        bar.edit.setText(typed)
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        assert bar.isVisible() and expected in bar.message.text()


def _select(window: Any, block_id: str, start: int, end: int) -> None:
    select(window, window.reader.block_index(block_id), start, end)


def test_copy_with_citation_names_article_and_clause(make_window: Any) -> None:
    window = make_window()
    doc = _open(window, PIPL)
    article = doc.article(21)
    _select(window, article.id, 6, 16)
    window.copy_citation_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.endswith("——《中华人民共和国个人信息保护法》第二十一条第一款")
    # Across two 款 of the article: the article only.
    second = next(b for b in doc.blocks if b.article_no == 21 and b.clause == 2)
    reader = window.reader
    cursor = reader.textCursor()
    cursor.setPosition(reader.placed[reader.block_index(article.id)].start + 6)
    cursor.setPosition(
        reader.placed[reader.block_index(second.id)].start + 4, QTextCursor.MoveMode.KeepAnchor
    )
    reader.setTextCursor(cursor)
    window.copy_citation_action.trigger()
    assert (
        QGuiApplication.clipboard().text().endswith("——《中华人民共和国个人信息保护法》第二十一条")
    )
    # An earlier version is cited with its date.
    old = _open(window, SECRETS_2010)
    _select(window, old.article(2).id, 5, 12)
    window.copy_citation_action.trigger()
    assert (
        QGuiApplication.clipboard()
        .text()
        .endswith("——《中华人民共和国保守国家秘密法》（2010年4月29日版本）第二条")
    )


def _link_position(window: Any, text: str) -> tuple[int, str]:
    """A Qt position inside the first link whose text is ``text``, and its href."""
    reader = window.reader
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fragment.text() == text:
                return fragment.position() + 1, fmt.anchorHref()
            it += 1
        block = block.next()
    raise AssertionError(f"no link {text!r}")


def test_cross_reference_click_moves_hover_previews_and_back_returns(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    window.show()
    doc = _open(window, PIPL)
    source = doc.article(38)
    window.open_document(doc.id, source.id)
    start = window.reader.top_block_id()
    position, href = _link_position(window, "本法第四十条")
    assert QUrl(href).scheme() == LINK_SCHEME
    cursor = window.reader.textCursor()
    cursor.setPosition(position)
    point = window.reader.cursorRect(cursor).center()
    qtbot.mouseMove(window.reader.viewport(), point)
    qtbot.waitUntil(lambda: window.law_reading.preview.isVisible(), timeout=3000)
    assert window.law_reading.preview.text().startswith("第四十条")
    qtbot.mouseClick(
        window.reader.viewport(),
        Qt.MouseButton.LeftButton,
        pos=point,
    )
    assert window.reader.top_block_id() == doc.article(40).id
    window.back_action.trigger()
    assert window.reader.top_block_id() == start
    window.forward_action.trigger()
    assert window.reader.top_block_id() == doc.article(40).id


def test_compare_versions_shows_added_articles(make_window: Any) -> None:
    window = make_window()
    _open(window, SECRETS_2024)
    assert window.law_reading.compare_action.isEnabled()
    dialog = window.law_reading.compare_versions()
    assert dialog is not None and dialog.isVisible()
    assert dialog.old_combo.currentData() == SECRETS_2010
    assert dialog.new_combo.currentData() == SECRETS_2024
    added = [row for row in dialog.rows if row.change is Change.ADDED]
    assert added and all(row.old is None for row in added)
    assert "added" in dialog.summary.text() or "新增" in dialog.summary.text()
    shown = dialog.view.toPlainText()
    assert added[0].new is not None and added[0].new.text[:20] in shown.replace("\n", "")
    dialog.close()
    QApplication.processEvents()
