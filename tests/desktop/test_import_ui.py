"""Importing the user's own files in the window: menu, drop, tree, combined search, removal."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPushButton

from desktop.annotations import AnchorStatus, AnnotationReader, new_highlight
from desktop.annotations.store import DATABASE_NAME
from desktop.importing import PersonalLibrary, annotation_count
from desktop.models.roles import NodeKind, Role
from desktop.personal import BUNDLED_LIBRARY, PERSONAL_LIBRARY, read_for_import
from desktop.settings import Script
from desktop.ui.import_dialogs import SKIP_CODE, ImportMetadataDialog
from tests.desktop.conftest import ShownDialog
from tests.importing.files import write_docx

NOTICE = "关于推进数字政府建设的通知"
NOTICE_BODY = [
    "各省、自治区、直辖市人民政府：",
    "一、总体要求",
    "加快推进数字政府建设，提升政务服务效能。",
    "（一）统一标准",
    "一是统一数据目录。",
    "二、保障措施",
    "加强组织领导，落实工作责任。",
]


# -- helpers -------------------------------------------------------------------------------
@pytest.fixture
def window(make_window: Callable[..., Any], qtbot: Any) -> Any:
    win = make_window()
    qtbot.waitUntil(
        lambda: win.personal.library is not None and not win.personal.busy, timeout=10000
    )
    return win


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, dialogs: list[ShownDialog]) -> list[str]:
    """Object names of the message-box buttons to click, in order; boxes are recorded."""
    queue: list[str] = []

    def message_exec(box: QMessageBox) -> int:
        dialogs.append(
            ShownDialog(
                box.objectName() or type(box).__name__,
                box.windowTitle(),
                box.text(),
                box.informativeText(),
            )
        )
        for button in box.buttons():
            if queue and button.objectName() == queue[0]:
                queue.pop(0)
                button.click()
                return box.result()
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", message_exec)
    return queue


@dataclass
class MetadataAnswers:
    """What the patched metadata dialog does: the dialogs shown, fields to edit, codes."""

    files: list[str] = field(default_factory=list)
    prefilled: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    edits: dict[str, str] = field(default_factory=dict)
    codes: list[int] = field(default_factory=list)


@pytest.fixture
def metadata(monkeypatch: pytest.MonkeyPatch) -> MetadataAnswers:
    """The metadata dialog accepts what it shows, after the edits a test asks for."""
    answers = MetadataAnswers()

    def exec_(dialog: ImportMetadataDialog) -> int:
        answers.files.append(dialog.read.path.name)
        answers.prefilled.append({name: edit.text() for name, edit in dialog.edits.items()})
        answers.warnings.append(dialog.warnings_label.text())
        for name, value in answers.edits.items():
            dialog.edits[name].setText(value)
        return answers.codes.pop(0) if answers.codes else int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ImportMetadataDialog, "exec", exec_)
    return answers


def import_via_menu(qtbot: Any, window: Any, monkeypatch: Any, files: list[Path]) -> Any:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *args, **kwargs: ([str(f) for f in files], "")),
    )
    with qtbot.waitSignal(window.personal.import_finished, timeout=20000) as blocker:
        window.personal.import_action.trigger()
    return blocker.args[0]


def personal_group(window: Any) -> list[str]:
    """Titles listed under the personal group of the library tree ([] when absent)."""
    model = window.library_panel.model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        if group.data(Role.NODE_KIND) == NodeKind.PERSONAL:
            return [str(model.index(r, 0, group).data()) for r in range(model.rowCount(group))]
    return []


def outline_texts(window: Any) -> list[str]:
    model = window.outline_model
    texts: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            texts.append(str(index.data()))
            walk(index)

    walk(QModelIndex())
    return texts


def library_files(data_dir: Path) -> list[str]:
    root = data_dir / "library"
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "index" not in p.relative_to(root).parts[:1]
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "inbox"
    path.mkdir()
    yield path


# -- tests ---------------------------------------------------------------------------------
def test_menu_import_shows_the_document_and_searches_both_libraries(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,
    dialogs: list[ShownDialog],
    search: Callable[[Any, str], Any],
    inbox: Path,
) -> None:
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY)
    metadata.edits["source"] = "市政府办公室"
    outcome = import_via_menu(qtbot, window, monkeypatch, [docx])

    assert metadata.files == ["notice.docx"]
    assert metadata.prefilled[0]["title"] == NOTICE  # prefilled from the file
    assert len(outcome.imported) == 1 and not outcome.failed
    doc = outcome.imported[0][1]
    assert doc.source == "市政府办公室"  # the edited value was used
    assert personal_group(window) == [NOTICE]
    assert window.library_panel.model.index(0, 0).data() == "My documents"
    # Opened in the reading view, with its outline.
    assert window.current is not None and window.current.id == doc.id
    assert NOTICE in window.reader.toPlainText()
    assert "一、总体要求" in outline_texts(window)
    assert "（一）统一标准" in outline_texts(window)
    assert not [d for d in dialogs if d.kind == "importSummary"]  # one clean file: no box

    window.set_script(Script.SIMPLIFIED)
    result = search(window, "数字政府")
    libraries = {hit.library for hit in result.hits}
    assert libraries == {PERSONAL_LIBRARY, BUNDLED_LIBRARY}
    assert doc.id in {hit.doc_id for hit in result.hits}
    model = window.search_panel.model
    tags = {
        str(model.index(row, 0).data(Role.DOC_ID)): str(model.index(row, 0).data(Role.SNIPPET_HTML))
        for row in range(model.rowCount())
    }
    assert tags[doc.id].startswith("[personal]")
    assert all(not text.startswith("[personal]") for key, text in tags.items() if key != doc.id)
    # A personal hit opens in the reader like any other.
    personal_hit = next(i for i, h in enumerate(model.hits) if h.doc_id == doc.id)
    window.open_document(window.library.documents[0].id)
    window.open_hit(personal_hit)
    assert window.current.id == doc.id


def test_several_files_with_a_bad_one(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    dialogs: list[ShownDialog],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    gb = inbox / "通知.txt"
    gb.write_bytes(
        ("关于开展调研的通知\n\n一、调研内容\n\n了解基层数字化情况。\n").encode("gb18030")
    )
    page = inbox / "page.html"
    page.write_text(
        "<html><head><title>工作简报</title><script>alert('秘密脚本')</script></head>"
        "<body><h1>工作简报</h1><p>本周完成数据目录编制。</p>"
        "<img src='http://example.invalid/x.png'></body></html>",
        encoding="utf-8",
    )
    corrupt = inbox / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a Word file")
    answers.append("useAsReadButton")
    outcome = import_via_menu(qtbot, window, monkeypatch, [gb, page, corrupt])

    assert sorted(p.name for p, _ in outcome.imported) == ["page.html", "通知.txt"]
    assert [p.name for p, _ in outcome.failed] == ["broken.docx"]
    summary = [d for d in dialogs if d.kind == "importSummary"]
    assert len(summary) == 1
    assert "Imported 2 of 3" in summary[0].text
    assert "broken.docx — not imported:" in summary[0].informative
    assert sorted(personal_group(window)) == sorted(["关于开展调研的通知", "工作简报"])
    html_doc = next(doc for p, doc in outcome.imported if p.name == "page.html")
    text = "\n".join(block.text for block in html_doc.blocks)
    assert "秘密脚本" not in text and "本周完成数据目录编制" in text
    assert len(PersonalLibrary.open(user_data_dir).documents()) == 2


def test_a_bad_file_says_why_and_changes_nothing(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    dialogs: list[ShownDialog],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    before = library_files(user_data_dir)
    corrupt = inbox / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a Word file")
    outcome = import_via_menu(qtbot, window, monkeypatch, [corrupt])

    assert not outcome.imported and [p.name for p, _ in outcome.failed] == ["broken.docx"]
    (summary,) = [d for d in dialogs if d.kind == "importSummary"]
    assert "Imported 0 of 1" in summary.text
    reason = outcome.failed[0][1]
    assert reason and f"broken.docx — not imported: {reason}" in summary.informative
    assert personal_group(window) == []
    assert library_files(user_data_dir) == before
    assert window.current.id == window.library.documents[0].id


def test_cancel_during_a_multi_file_import(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    dialogs: list[ShownDialog],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    files = []
    for n in range(3):
        path = inbox / f"file{n}.txt"
        path.write_text(f"第{n}号通知\n\n一、要求\n\n内容{n}。\n", encoding="utf-8")
        files.append(path)
    first_done = threading.Event()
    cancel_clicked = threading.Event()
    original = PersonalLibrary.import_file

    def import_file(self: PersonalLibrary, path: Path, *args: Any, **kwargs: Any) -> Any:
        doc = original(self, path, *args, **kwargs)
        if not first_done.is_set():
            first_done.set()
            assert cancel_clicked.wait(10)  # the user presses Cancel while this file ends
        return doc

    monkeypatch.setattr(PersonalLibrary, "import_file", import_file)
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *args, **kwargs: ([str(f) for f in files], "")),
    )
    answers.append("useAsReadButton")
    with qtbot.waitSignal(window.personal.import_finished, timeout=20000) as blocker:
        window.personal.import_action.trigger()
        qtbot.waitUntil(first_done.is_set, timeout=10000)
        dialog = window.tasks.progress_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        cancel_clicked.set()
    outcome = blocker.args[0]

    assert outcome.cancelled
    assert [p.name for p, _ in outcome.imported] == ["file0.txt"]
    assert [p.name for p in outcome.not_attempted] == ["file1.txt", "file2.txt"]
    (summary,) = [d for d in dialogs if d.kind == "importSummary"]
    assert "cancelled" in summary.text
    assert "file2.txt — not imported (cancelled)" in summary.informative
    assert personal_group(window) == ["第0号通知"]
    assert [d.title for d in PersonalLibrary.open(user_data_dir).documents()] == ["第0号通知"]


def test_reimport_asks_and_replaces_keeping_the_notes(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    metadata: MetadataAnswers,
    dialogs: list[ShownDialog],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY)
    doc = import_via_menu(qtbot, window, monkeypatch, [docx]).imported[0][1]
    block = next(b for b in doc.blocks if "提升政务服务效能" in b.text)
    start = block.text.index("提升政务服务效能")
    store = window.annotations.store
    note = new_highlight(doc, block.id, start, start + 8, note="重点")
    store.writer.add(note).result()

    answers.append("skipButton")  # the same file again: skip it
    skipped = import_via_menu(qtbot, window, monkeypatch, [docx])
    assert not skipped.imported and [p.name for p in skipped.skipped] == ["notice.docx"]
    assert any(d.title == "Already in your library" for d in dialogs)

    answers.append("replaceButton")
    metadata.edits["title"] = "关于推进数字政府建设的通知（修订）"
    replaced = import_via_menu(qtbot, window, monkeypatch, [docx])
    assert [d.id for _, d in replaced.imported] == [doc.id]  # same id: notes stay with it
    assert replaced.replaced == {doc.id}
    assert personal_group(window) == ["关于推进数字政府建设的通知（修订）"]
    assert window.current.title == "关于推进数字政府建设的通知（修订）"
    with AnnotationReader(user_data_dir / DATABASE_NAME) as reader:
        (kept,) = reader.for_document(doc.id)
    assert kept.note == "重点" and kept.anchor_status is not AnchorStatus.DETACHED


def test_removal_asks_about_notes_and_keeps_or_deletes_them(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    metadata: MetadataAnswers,
    dialogs: list[ShownDialog],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    first = inbox / "first.txt"
    first.write_text("第一份通知\n\n一、要求\n\n认真落实各项任务。\n", encoding="utf-8")
    second = inbox / "second.txt"
    second.write_text("第二份通知\n\n一、要求\n\n按时报送工作进展。\n", encoding="utf-8")
    answers.append("useAsReadButton")
    docs = {
        p.name: d for p, d in import_via_menu(qtbot, window, monkeypatch, [first, second]).imported
    }
    store = window.annotations.store
    for doc in docs.values():
        block = doc.blocks[-1]
        store.writer.add(new_highlight(doc, block.id, 0, 2, note="备注")).result()

    # Bundled documents have no removal menu; personal ones do.
    assert window.personal.context_menu_for(window.library.documents[0].id) is None
    keep_id = docs["first.txt"].id
    menu = window.personal.context_menu_for(keep_id)
    (remove,) = [a for a in menu.actions() if a.objectName() == "actionRemoveFromLibrary"]
    answers.append("keepAnnotationsButton")
    with qtbot.waitSignal(window.personal.remove_finished, timeout=20000):
        remove.trigger()
    question = dialogs[-1]
    assert question.title == "Remove from my library" and "1 note" in question.informative
    assert personal_group(window) == ["第二份通知"]
    assert window.library.document(keep_id) is None
    assert annotation_count(user_data_dir, keep_id) == 1  # kept …
    with AnnotationReader(user_data_dir / DATABASE_NAME) as reader:
        (kept,) = reader.for_document(keep_id)
    assert kept.anchor_status is AnchorStatus.DETACHED  # … and shown as detached

    delete_id = docs["second.txt"].id
    window.open_document(delete_id)
    answers.append("deleteAnnotationsButton")
    with qtbot.waitSignal(window.personal.remove_finished, timeout=20000):
        window.personal.remove_document(delete_id)
    assert personal_group(window) == []
    assert annotation_count(user_data_dir, delete_id) == 0
    assert annotation_count(user_data_dir, keep_id) == 1
    assert window.current.id == window.library.documents[0].id  # the removed one was open

    # Cancel changes nothing.
    doc = import_via_menu(qtbot, window, monkeypatch, [first]).imported[0][1]
    window.personal.remove_document(doc.id)  # no answer given: the box is cancelled
    assert not window.personal.busy and personal_group(window) == ["第一份通知"]


def test_dropping_a_file_imports_it(
    qtbot: Any, window: Any, metadata: MetadataAnswers, inbox: Path
) -> None:
    gb = inbox / "dropped.txt"
    gb.write_bytes("拖入的文件\n\n一、说明\n\n这是拖放导入的文件。\n".encode("gb18030"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gb))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window takes files
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.personal.import_finished, timeout=20000) as blocker:
        QApplication.sendEvent(window, event)
    assert event.isAccepted()
    outcome = blocker.args[0]
    assert [d.title for _, d in outcome.imported] == ["拖入的文件"]
    assert personal_group(window) == ["拖入的文件"]
    assert "这是拖放导入的文件。" in window.reader.toPlainText()


def test_skip_in_the_metadata_dialog(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    metadata: MetadataAnswers,
    inbox: Path,
) -> None:
    files = []
    for n in range(2):
        path = inbox / f"n{n}.md"
        path.write_text(f"# 文件{n}\n\n## 一、要点\n\n正文{n}。\n", encoding="utf-8")
        files.append(path)
    answers.append("editEachButton")
    metadata.codes.extend([SKIP_CODE, int(QDialog.DialogCode.Accepted.value)])
    outcome = import_via_menu(qtbot, window, monkeypatch, files)
    assert metadata.files == ["n0.md", "n1.md"]
    assert [p.name for p in outcome.skipped] == ["n0.md"]
    assert [p.name for p, _ in outcome.imported] == ["n1.md"]


def test_screenshots_of_my_documents(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,
    search: Callable[[Any, str], Any],
    inbox: Path,
) -> None:
    from tests.desktop.test_screens import ARTIFACTS, _variance
    from tests.importing.files import write_pdf

    window = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: window.personal.library is not None and not window.personal.busy)
    window.resize(1280, 800)
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY)
    metadata.edits["source"] = "市政府办公室"
    import_via_menu(qtbot, window, monkeypatch, [docx])
    window.set_script(Script.SIMPLIFIED)
    search(window, "数字政府")
    results = window.search_panel.model
    for row in range(results.rowCount()):  # bring both libraries' documents into view
        if results.index(row, 0).data(Role.LIBRARY) != PERSONAL_LIBRARY:
            window.search_panel.tree.collapse(results.index(row, 0))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = window.grab().toImage()
    assert shot.save(str(ARTIFACTS / "10-my-documents-search.png"))
    assert _variance(shot) > 200

    pdf = write_pdf(inbox / "简报.pdf", [["工作简报", "一、本周进展", "完成目录编制。"], []])
    read = read_for_import(window.personal.library, pdf)
    assert read.draft is not None and read.draft.warnings  # the page without text
    dialog = ImportMetadataDialog(read, 1, 2, window)
    dialog.resize(560, 320)
    assert "Please note" not in dialog.warnings_label.text()  # shown in Chinese
    assert dialog.grab().toImage().save(str(ARTIFACTS / "11-import-dialog.png"))
    dialog.deleteLater()


def test_a_personal_document_is_reopened_at_the_next_start(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,
    inbox: Path,
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.personal.library is not None and not window.personal.busy)
    docx = write_docx(inbox / "notice.docx", title=NOTICE, body=NOTICE_BODY)
    doc = import_via_menu(qtbot, window, monkeypatch, [docx]).imported[0][1]
    assert window.current.id == doc.id
    window.close()  # saves the session and releases the personal index

    again = make_window()
    qtbot.waitUntil(lambda: again.current is not None and again.current.id == doc.id)
    assert personal_group(again) == [NOTICE]


def test_closing_during_an_import_finishes_the_file_and_keeps_the_library_whole(
    qtbot: Any,
    window: Any,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    user_data_dir: Path,
    inbox: Path,
) -> None:
    files = []
    for n in range(2):
        path = inbox / f"file{n}.txt"
        path.write_text(f"第{n}号通知\n\n一、要求\n\n内容{n}。\n", encoding="utf-8")
        files.append(path)
    started = threading.Event()
    original = PersonalLibrary.import_file

    def import_file(self: PersonalLibrary, path: Path, *args: Any, **kwargs: Any) -> Any:
        started.set()
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(PersonalLibrary, "import_file", import_file)
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *args, **kwargs: ([str(f) for f in files], "")),
    )
    answers.append("useAsReadButton")
    window.personal.import_action.trigger()
    qtbot.waitUntil(started.is_set, timeout=10000)
    window.close()
    assert not window.tasks.busy()  # the running file ended before the window closed
    stored = PersonalLibrary.open(user_data_dir).documents()
    assert 1 <= len(stored) <= 2  # whole documents only, never a partial one


def test_an_imported_ofd_names_notes_and_attachments_in_the_interface_language(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    metadata: MetadataAnswers,
    tmp_path: Path,
) -> None:
    """A Chinese interface on a system whose locale is English (and the reverse): the
    批注 / 附件 the reader writes into an imported .ofd follow the language chosen."""
    from tests.importing.test_ofd_attachments import _noted_with_attachment

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    window = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: window.personal.library is not None and not window.personal.busy)
    first = _noted_with_attachment(tmp_path / "zh")
    texts = [
        b.text for b in import_via_menu(qtbot, window, monkeypatch, [first]).imported[0][1].blocks
    ]
    assert "批注（第 1 页）：请核实第二段数据" in texts and "附件：名单" in texts
    assert "Note (page 1): 请核实第二段数据" not in texts

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    window.set_language("en")
    second = _noted_with_attachment(tmp_path / "en")
    with zipfile.ZipFile(second, "a") as archive:  # another file, not the one imported
        archive.writestr("Doc_0/extra.txt", "x")
    texts = [
        b.text for b in import_via_menu(qtbot, window, monkeypatch, [second]).imported[0][1].blocks
    ]
    assert "Note (page 1): 请核实第二段数据" in texts and "Attachment: 名单" in texts
    assert "批注（第 1 页）：请核实第二段数据" not in texts


def test_a_removal_refused_by_a_full_disk_says_so_in_the_interface_language(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    metadata: MetadataAnswers,
    dialogs: list[ShownDialog],
    inbox: Path,
) -> None:
    """A Chinese interface on a system whose locale is English: the disk filling up
    while a document is removed is told in Chinese, and the document stays."""
    import errno

    import desktop.importing.library as library_module

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    window = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: window.personal.library is not None and not window.personal.busy)
    source = inbox / "first.txt"
    source.write_text("第一份通知\n\n一、要求\n\n认真落实各项任务。\n", encoding="utf-8")
    doc = import_via_menu(qtbot, window, monkeypatch, [source]).imported[0][1]

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(library_module, "update_index", full_disk)
    shown = len(dialogs)
    answers.append("removeButton")
    window.personal.remove_document(doc.id)
    qtbot.waitUntil(lambda: not window.personal.busy and len(dialogs) > shown + 1, timeout=20000)
    failure = dialogs[-1].text
    assert "所在的磁盘已满" in failure and "未做任何改动" in failure
    assert "Error" not in failure and "The disk holding" not in failure
    assert personal_group(window) == ["第一份通知"]
