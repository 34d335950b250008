"""A window started while another process owns the data folder turns writable when it is let go."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QToolBar

from desktop.annotations import AnnotationReader
from desktop.folder_lock import FolderLock
from tests.desktop.test_annotations_ui import BLOCK, QUOTE, WAIT, _select

REPO = Path(__file__).resolve().parents[2]
BODY = "\n\n".join(f"第{i}条 各地区各部门要加强统筹协调，推进政务服务改革。" for i in range(30))

# Holds the data folder as `policy-library import` does, imports one document while it
# holds it, lets go of the folder when told and stays alive until told again.
HOLDER = """
import sys
from pathlib import Path
from desktop.importing import PersonalLibrary
library = PersonalLibrary.open(Path(sys.argv[1]))
library.import_file(Path(sys.argv[2]))
print("held", flush=True)
sys.stdin.readline()
library.close()
print("released", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path: Path, user_data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    document = tmp_path / "held.txt"
    document.write_text(f"另一进程导入的文件\n\n{BODY}\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(user_data_dir), str(document)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    line = process.stdout.readline()
    assert line.strip() == "held", process.stderr.read() if process.stderr else ""
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


def _banner(window: Any) -> QToolBar | None:
    return window.findChild(QToolBar, "readOnlyBanner")


def test_a_window_opened_while_the_folder_is_held_becomes_writable_when_it_is_let_go(
    qtbot: Any, make_window: Any, holder: subprocess.Popen[str], user_data_dir: Path
) -> None:
    window = make_window()
    notes = window.annotations
    assert notes.store is not None and notes.store.read_only
    qtbot.waitUntil(lambda: _banner(window) is not None, timeout=WAIT)
    banner_text = window.findChild(QLabel, "readOnlyBannerText").text()
    assert f"process {holder.pid}" in banner_text or f"进程 {holder.pid}" in banner_text
    assert not notes.color_actions["yellow"].isEnabled()
    assert window.personal.library is not None and window.personal.library.read_only
    # Still held: the window stays read-only across several polls.
    qtbot.wait(2500)
    assert notes.store.read_only and _banner(window) is not None
    assert FolderLock(user_data_dir).held_elsewhere()

    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"
    assert holder.poll() is None  # the other process lives on; only its lock is gone

    with qtbot.waitSignal(window.folder_watch.writable, timeout=15000):
        pass
    assert not notes.store.read_only
    banner = _banner(window)
    assert banner is None or not banner.isVisible()
    assert notes.color_actions["yellow"].isEnabled() and notes.note_action.isEnabled()
    # The document the other process imported is in the window now.
    qtbot.waitUntil(
        lambda: "另一进程导入的文件" in [d.title for d in window.searchable.personal_documents],
        timeout=WAIT,
    )
    assert not window.personal.library.read_only

    # A note made now is stored, and this window holds the folder against others.
    _select(window, BLOCK, 0, 8)
    with qtbot.waitSignal(notes.committed, timeout=WAIT) as committed:
        assert notes.highlight_selection("green")
    saved = committed.args[0][0]
    assert saved.exact == QUOTE
    with AnnotationReader(notes.store.path) as reader:
        stored = reader.get(saved.id)
    assert stored is not None and not stored.deleted
    assert FolderLock(user_data_dir).held_elsewhere() is True  # from another handle: held


def test_a_read_only_mount_stays_read_only_and_is_not_polled_for_a_lock(
    qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from desktop import paths
    from tests.mounts import read_only_view

    source = tmp_path / "source"
    source.mkdir()
    with read_only_view(source, tmp_path / "ro") as data:
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
        window = make_window()
        assert window.annotations.store is not None and window.annotations.store.read_only
        qtbot.waitUntil(lambda: not window.folder_watch.timer.isActive(), timeout=WAIT)
        banner = _banner(window)
        assert banner is not None and banner.isVisible()
        window.close()
