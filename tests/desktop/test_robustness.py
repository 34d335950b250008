"""Errors a user may meet: an exception in a slot, a damaged or missing index, no corpus."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop import paths
from desktop.app import install_logging
from desktop.crash import install_excepthook
from desktop.workers import TaskContext

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "resources" / "corpus"


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_error_dialog_and_is_logged(
    qtbot: Any, make_window: Any, dialogs: list[Any], search: Any
) -> None:
    log_file = install_logging()
    assert log_file is not None
    window = make_window()
    previous = install_excepthook()
    try:

        def broken() -> None:
            raise ValueError("a slot failed on purpose")

        window.about_action.triggered.disconnect()
        window.about_action.triggered.connect(broken)
        window.about_action.trigger()
        qtbot.waitUntil(lambda: any(d.kind == "ErrorDialog" for d in dialogs), timeout=3000)
    finally:
        sys.excepthook = previous
    shown = next(d for d in dialogs if d.kind == "ErrorDialog")
    assert shown.title == "Unexpected error"
    assert "ValueError: a slot failed on purpose" in shown.informative
    assert "Traceback" in shown.details and "broken" in shown.details
    assert log_file.parent == paths.log_dir()
    logged = log_file.read_text(encoding="utf-8")
    assert "a slot failed on purpose" in logged and "Traceback" in logged
    # The window still works afterwards.
    assert search(window, "数字政府").total == 28


def _corrupt_copy(source: Path, target: Path) -> Path:
    """A copy of the index with every data file cut to a third, as a failed copy leaves it."""
    import shutil

    from index.store import IndexState, check_index

    shutil.copytree(source, target)
    for path in target.iterdir():
        if path.name != "manifest.json" and path.stat().st_size > 100:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 3])
    assert check_index(target).state is IndexState.CORRUPT
    return target


@pytest.mark.slow
def test_corrupt_index_is_rebuilt_into_the_user_folder(
    qtbot: Any,
    make_window: Any,
    built_index: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[Any],
    search: Any,
) -> None:
    broken = _corrupt_copy(built_index, tmp_path / "broken-index")
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: broken)
    before = sorted(p.name for p in broken.iterdir())
    window = make_window(wait_index=False)
    started: list[str] = []
    window.rebuild_started.connect(lambda text: started.append(text))
    with qtbot.waitSignal(window.index_ready, timeout=30000):
        pass
    # Said in the progress dialog, not in a modal box the reader must dismiss first.
    assert started and "The search index cannot be used" in started[0]
    assert dialogs == []
    assert window.tasks.progress_dialog is None  # closed when done
    assert window.library.searcher is not None
    assert window.library.searcher.index_dir == paths.user_index_dir()
    assert sorted(p.name for p in broken.iterdir()) == before  # the read-only copy is left alone
    assert search(window, "數字政府").total == 28


@pytest.mark.slow
def test_index_rebuild_can_be_cancelled(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, search: Any
) -> None:
    monkeypatch.setattr(paths, "bundled_index_dir", lambda: tmp_path / "no-index")
    # Hold the build at its first progress report until the user has pressed Cancel.
    pressed = threading.Event()
    original = TaskContext.progress

    def held(self: TaskContext, done: int, total: int, label: str = "") -> bool:
        pressed.wait(10)
        return original(self, done, total, label)

    monkeypatch.setattr(TaskContext, "progress", held)
    window = make_window(wait_index=False)
    qtbot.waitUntil(
        lambda: (
            window.tasks.progress_dialog is not None and window.tasks.progress_dialog.isVisible()
        ),
        timeout=5000,
    )
    with qtbot.waitSignal(window.index_failed, timeout=30000):
        cancel_button = window.tasks.progress_dialog.findChild(QPushButton)
        assert cancel_button.text() == "Cancel"
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
        pressed.set()
    monkeypatch.setattr(TaskContext, "progress", original)
    assert window.library.searcher is None
    assert "cancelled" in window.statusBar().currentMessage()
    assert "search unavailable" in window.status_label.text()
    # Reading still works, and File → Rebuild brings search back.
    assert window.reader.toPlainText().startswith("開啟新時代")
    with qtbot.waitSignal(window.index_ready, timeout=30000):
        window.rebuild_action.trigger()
    assert search(window, "数字政府").total == 28


def test_missing_corpus_gives_a_clear_message(
    qtbot: Any,
    make_window: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: list[Any],
) -> None:
    monkeypatch.setattr(paths, "corpus_dir", lambda: tmp_path / "nowhere")
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: any(d.title == "Documents missing" for d in dialogs), timeout=5000)
    shown = next(d for d in dialogs if d.title == "Documents missing")
    assert "was not found" in shown.text and str(tmp_path / "nowhere") in shown.text
    assert window.library is None and window.reader.toPlainText() == shown.text


def test_reading_view_refuses_remote_and_file_resources(make_window: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    window = make_window()
    picture = tmp_path / "picture.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0)
    assert image.save(str(picture))
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    for url in (
        QUrl.fromLocalFile(str(picture)),
        QUrl("http://example.com/x.png"),
        QUrl("qrc:/x.png"),
    ):
        assert window.reader.loadResource(kind, url) is None
    # A relative name that resolves next to a "source" is refused as well.
    assert window.reader.loadResource(kind, QUrl(picture.name)) is None
    assert window.reader.toPlainText().startswith("開啟新時代")


def test_corpus_text_is_never_interpreted_as_markup(make_window: Any) -> None:
    from index.document import Block, BlockKind, Document

    window = make_window()
    hostile = '<img src="http://example.com/t.png"><b>粗</b>&amp;<a href="file:///etc/passwd">x</a>'
    doc = Document(
        id="hostile",
        title="<h1>標題</h1>",
        blocks=(
            Block("b1", BlockKind.TITLE, "<h1>標題</h1>"),
            Block("b2", BlockKind.PARAGRAPH, hostile),
        ),
        source="<i>來源</i>",
    )
    window.reader.show_document(doc, False, 100)
    text = window.reader.toPlainText()
    assert hostile in text and "<h1>標題</h1>" in text and "<i>來源</i>" in text
    html = window.reader.toHtml()
    assert "<img" not in html and "&lt;img" in html
    assert not window.reader.document().allFormats() or all(
        not f.isImageFormat() for f in window.reader.document().allFormats()
    )


def test_corpus_paths_are_not_written(
    make_window: Any, qtbot: Any, user_data_dir: Path, search: Any, sample_corpus: Path
) -> None:
    before = {p: p.stat().st_mtime_ns for p in sample_corpus.rglob("*")}
    window = make_window()
    search(window, "数字政府")
    window.close()
    assert {p: p.stat().st_mtime_ns for p in sample_corpus.rglob("*")} == before
    assert (user_data_dir / "settings.ini").is_file()


@pytest.mark.slow
def test_unreadable_corpus_files_are_reported_not_fatal(
    qtbot: Any,
    make_window: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sample_corpus: Path,
) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus)
    (corpus / "zz_broken.txt").write_bytes(b"\x00\x01binary")
    monkeypatch.setattr(paths, "corpus_dir", lambda: corpus)
    window = make_window(wait_index=False)
    # The window opens from the index it has; finding that the index no longer matches
    # this corpus, it rebuilds it and then lists what the new one holds.
    qtbot.waitUntil(lambda: "1 unreadable file" in window.status_label.text(), timeout=30000)
    assert "1 unreadable files" not in window.status_label.text()
    assert "zz_broken.txt" in window.status_label.toolTip()
    assert "binary" in window.status_label.toolTip()
    assert window.reader.toPlainText().startswith("開啟新時代")


def test_unattended_runs_exit_with_a_status_instead_of_waiting_on_a_dialog() -> None:
    """--smoke-test and --exit-when-ready have nobody to close a dialog: they must end.

    Run in its own process: leaving the event loop ends the application's life (its
    aboutToQuit), which the tests' shared application must never see."""
    import subprocess

    from desktop.crash import UNATTENDED_EXIT_STATUS

    script = """
import os
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.crash import install_excepthook

app = QApplication([])
install_excepthook(unattended=True)

def broken():
    raise ValueError("a slot failed on purpose")

QTimer.singleShot(0, broken)
QTimer.singleShot(20000, lambda: app.exit(0))  # only if the error were not handled
sys.exit(app.exec())
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )
    assert proc.returncode == UNATTENDED_EXIT_STATUS, proc.stderr
    assert "ValueError: a slot failed on purpose" in proc.stderr
