"""A personal document's details edited after the import, and the formats found on
government desktops that must be converted first (.doc, .wps): a message that says how,
in the user's language, and nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from desktop.annotations import AnnotationReader
from desktop.importing import PersonalLibrary
from desktop.importing.readers import CONVERT_FIRST_SUFFIXES
from desktop.ui.document_details import DocumentDetailsDialog
from tests.desktop.conftest import ShownDialog
from tests.desktop.test_import_ui import (  # noqa: F401  (fixtures)
    NOTICE,
    NOTICE_BODY,
    MetadataAnswers,
    import_via_menu,
    inbox,
    library_files,
    metadata,
    personal_group,
)
from tests.importing.files import write_docx

WAIT = 20000


@pytest.fixture
def window(make_window: Callable[..., Any], qtbot: Any) -> Any:
    win = make_window()
    qtbot.waitUntil(
        lambda: win.personal.library is not None and not win.personal.busy, timeout=WAIT
    )
    return win


def _details(monkeypatch: pytest.MonkeyPatch, values: dict[str, str]) -> list[dict[str, str]]:
    shown: list[dict[str, str]] = []

    def exec_(dialog: DocumentDetailsDialog) -> int:
        shown.append(dialog.values())
        for name, value in values.items():
            dialog.edits[name].setText(value)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(DocumentDetailsDialog, "exec", exec_)
    return shown


def test_details_of_an_imported_document_can_be_edited_and_notes_stay(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,  # noqa: F811
    inbox: Path,  # noqa: F811
    user_data_dir: Path,
    search: Callable[[Any, str], Any],
) -> None:
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY, author="python-docx")
    outcome = import_via_menu(qtbot, window, monkeypatch, [docx])
    doc = outcome.imported[0][1]
    assert window.current.id == doc.id
    ui = window.annotations
    reader = window.reader
    index = next(i for i, p in enumerate(reader.placed) if p.block.text.startswith("加快推进"))
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.placed[index].start)
    cursor.setPosition(reader.placed[index].start + 6, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    with qtbot.waitSignal(ui.committed, timeout=WAIT) as blocker:
        ui.highlight_selection("yellow", note="要落实")
    note = blocker.args[0][0]

    shown = _details(
        monkeypatch,
        {
            "title": "数字政府建设通知（修订）",
            "source": "市政府办公厅",
            "date": "2024-03-05",
            "author": "",
        },
    )
    menu = window.personal.context_menu_for(doc.id)
    action = next(a for a in menu.actions() if a.objectName() == "actionEditDocumentDetails")
    with qtbot.waitSignal(window.personal.details_saved, timeout=WAIT) as saved:
        action.trigger()
    menu.deleteLater()
    assert shown[0]["title"] == NOTICE  # the dialog starts from the document's values
    edited = saved.args[0]
    assert edited.id == doc.id
    assert (edited.title, edited.source, edited.published[:10], edited.author) == (
        "数字政府建设通知（修订）",
        "市政府办公厅",
        "2024-03-05",
        "",
    )
    # The tree, the window title and the reading view show the new title.
    assert personal_group(window) == ["数字政府建设通知（修订）"]
    assert "数字政府建设通知（修订）" in window.windowTitle()
    assert reader.toPlainText().startswith("数字政府建设通知（修订）")
    assert "市政府办公厅" in reader.toPlainText()
    # Stored: a new start sees it; the note is still on its words.
    library = PersonalLibrary.open(user_data_dir)
    try:
        stored = library.document(doc.id)
        assert stored is not None and stored.title == "数字政府建设通知（修订）"
    finally:
        library.close()
    with AnnotationReader(ui.store.path) as notes:
        kept = notes.get(note.id)
    assert kept is not None and not kept.deleted and kept.doc_id == doc.id
    assert kept.exact == note.exact
    result = search(window, "修订")
    assert doc.id in {hit.doc_id for hit in result.hits}


def test_details_are_saved_without_reading_the_file_again(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,  # noqa: F811
    inbox: Path,  # noqa: F811
    dialogs: list[ShownDialog],
) -> None:
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY)
    doc = import_via_menu(qtbot, window, monkeypatch, [docx]).imported[0][1]
    original = window.personal.library.original_path(doc.id)
    original.write_bytes(b"damaged after the import")  # reading it again would fail
    text_before = window.reader.toPlainText().split("\n", 1)[1]
    _details(monkeypatch, {"title": "数字政府建设通知（第二版）", "author": "办公厅"})
    menu = window.personal.context_menu_for(doc.id)
    action = next(a for a in menu.actions() if a.objectName() == "actionEditDocumentDetails")
    with qtbot.waitSignal(window.personal.details_saved, timeout=WAIT) as saved:
        action.trigger()
    menu.deleteLater()
    assert not dialogs  # no failure shown
    assert saved.args[0].author == "办公厅"
    assert personal_group(window) == ["数字政府建设通知（第二版）"]
    shown = window.reader.toPlainText()
    assert shown.startswith("数字政府建设通知（第二版）")
    assert NOTICE_BODY[-1] in shown and text_before.endswith(NOTICE_BODY[-1])
    assert original.read_bytes() == b"damaged after the import"


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_formats_to_convert_first_say_how_in_chinese(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[ShownDialog],
    inbox: Path,  # noqa: F811
    user_data_dir: Path,
    suffix: str,
) -> None:
    chinese = make_window(language="zh_CN")
    qtbot.waitUntil(
        lambda: chinese.personal.library is not None and not chinese.personal.busy, timeout=WAIT
    )
    assert f"*{suffix}" in chinese.personal.file_filter()
    before = library_files(user_data_dir)
    old = inbox / f"通知{suffix}"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    outcome = import_via_menu(qtbot, chinese, monkeypatch, [old])
    assert not outcome.imported
    reason = outcome.failed[0][1]
    shown = "\n".join(f"{d.text}\n{d.informative}" for d in dialogs)
    expected = (
        f"{suffix} 文件（Word 97–2003 / WPS 格式）不能直接导入："
        "请在 WPS 或 LibreOffice 中打开该文件，“另存为” .docx"
    )
    assert expected in shown, (reason, shown)
    assert library_files(user_data_dir) == before
    assert set(CONVERT_FIRST_SUFFIXES) >= {".doc", ".wps"}
    assert "*.ofd" in chinese.personal.file_filter()  # read directly (tests/importing)
