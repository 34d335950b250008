"""The one way background work runs: results on the GUI thread, lanes, cancel, closing."""

from __future__ import annotations

import ast
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.workers import BackgroundTasks, ProgressText, TaskContext

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def tasks(qtbot: Any) -> Any:
    host = QWidget()
    qtbot.addWidget(host)
    runner = BackgroundTasks(host, dialog_parent=host)
    yield runner
    runner.shutdown()


def test_results_and_failures_arrive_on_the_gui_thread_in_order(qtbot: Any, tasks: Any) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []

    def record(kind: str) -> Any:
        return lambda value: seen.append((kind, value, QThread.currentThread() is gui))

    tasks.run(lambda _c: 1, record("done"), record("failed"))
    tasks.run(lambda _c: 1 / 0, record("done"), record("failed"))
    last = tasks.run(lambda _c: 3, record("done"), record("failed"))
    with qtbot.waitSignal(last.settled, timeout=5000):
        pass
    assert [(kind, on_gui) for kind, _value, on_gui in seen] == [
        ("done", True),
        ("failed", True),
        ("done", True),
    ]
    assert seen[1][1] == "ZeroDivisionError: division by zero"
    assert not tasks.busy()


def test_a_held_lane_does_not_hold_the_others(qtbot: Any, tasks: Any) -> None:
    release = threading.Event()
    held = tasks.run(lambda _c: release.wait(10), lane="library")
    quick: list[int] = []
    tasks.run(lambda _c: 2, quick.append, lane="search")
    qtbot.waitUntil(lambda: quick == [2], timeout=5000)
    assert tasks.busy("library") and not tasks.busy("search")
    release.set()
    with qtbot.waitSignal(held.settled, timeout=5000):
        pass
    assert not tasks.busy()


def test_cancel_in_the_progress_dialog_stops_between_steps(qtbot: Any, tasks: Any) -> None:
    first_step = threading.Event()
    pressed = threading.Event()

    def work(context: TaskContext) -> int:
        steps = 0
        for step in range(100):
            if not context.progress(step, 100, f"step {step}"):
                break
            first_step.set()
            pressed.wait(10)
            steps += 1
        return steps

    done: list[int] = []
    task = tasks.run(work, done.append, progress=ProgressText("testProgress", "Test", "Working"))
    dialog = tasks.progress_dialog
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "testProgress"
    qtbot.waitUntil(first_step.is_set, timeout=5000)
    with qtbot.waitSignal(task.settled, timeout=5000):
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        pressed.set()
    assert done == [1]  # the step under way ended; no step began after Cancel
    assert tasks.progress_dialog is None


def test_closing_waits_for_the_running_step_and_releases_unseen_results(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    tasks = BackgroundTasks(host, dialog_parent=host)
    started = threading.Event()

    def work(context: TaskContext) -> str:
        step = 0
        while context.progress(step, 0):  # runs until it is cancelled
            started.set()
            step += 1
        return "held resource"

    done: list[str] = []
    released: list[str] = []
    tasks.run(work, done.append, discard=released.append, lane="library")
    qtbot.waitUntil(started.is_set, timeout=5000)
    tasks.shutdown()  # returns only once the work has seen the cancel and ended
    assert released == ["held resource"] and done == []  # handed back, never shown
    assert not tasks.busy()
    # Nothing starts once closing.
    late: list[int] = []
    tasks.run(lambda _c: 1, late.append)
    QApplication.processEvents()
    assert late == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_arrows_point_down() -> None:
    """The engine imports nothing of the application; controllers never import the window."""
    for path in (REPO / "index").rglob("*.py"):
        assert not {m for m in _imports(path) if m.split(".")[0] == "desktop"}, path
    window = "desktop.ui.main_window"
    for path in (REPO / "desktop").rglob("*.py"):
        if path.name not in ("main_window.py", "app.py"):
            assert window not in _imports(path), path


def test_the_window_runs_all_its_background_work_through_one_runner(make_window: Any) -> None:
    window = make_window()
    assert window.search_service.tasks is window.tasks
    assert window.annotations.service.tasks is window.tasks  # the notes panel's queries
    assert window.annotations.tasks is window.tasks  # note files
    assert window.personal.parts.tasks is window.tasks  # imports, removals


def test_installed_packs_are_searched_with_the_library(
    make_window: Any, built_index: Path, user_data_dir: Path, search: Any
) -> None:
    """The window's searchable library takes in every installed pack, as the CLI does."""
    import shutil

    shutil.copytree(built_index, user_data_dir / "packs" / "seed-pack" / "index")
    window = make_window()
    result = search(window, "數字政府")
    assert result.total == 2 * 28  # the seed document, bundled and in the pack
    assert {hit.library for hit in result.hits} == {"bundled", "pack:seed-pack"}
    window.close()
    assert window.searchable.packs == []  # released with the window
