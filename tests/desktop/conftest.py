"""Qt fixtures: isolated settings, dialogs that never block, no network, a real index."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from desktop import paths

QStandardPaths.setTestModeEnabled(True)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"


# -- the network guard ---------------------------------------------------------------------
# An audit hook cannot be removed, so it only records while a test runs.
@dataclass
class _SocketGuard:
    active: bool = False
    violations: list[str] = field(default_factory=list)


SOCKET_GUARD = _SocketGuard()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not SOCKET_GUARD.active:
        return
    if (
        event == "socket.__new__"
        and len(args) >= 2
        and args[1] in (socket.AF_INET, socket.AF_INET6)
    ):
        SOCKET_GUARD.violations.append(f"socket({args[1]!r}) opened")
    elif event in ("socket.connect", "socket.bind", "socket.sendto") and len(args) >= 2:
        sock = args[0]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
            SOCKET_GUARD.violations.append(f"{event} to {args[1]!r}")


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def no_network() -> Iterator[_SocketGuard]:
    SOCKET_GUARD.violations.clear()
    SOCKET_GUARD.active = True
    try:
        yield SOCKET_GUARD
    finally:
        SOCKET_GUARD.active = False
    # Qt's own sockets live in QtNetwork, which Python's audit hooks do not see: the
    # application must never load it.
    if "PySide6.QtNetwork" in sys.modules:
        SOCKET_GUARD.violations.append("PySide6.QtNetwork was imported")
    if SOCKET_GUARD.violations:
        found = list(SOCKET_GUARD.violations)
        SOCKET_GUARD.violations.clear()
        pytest.fail(f"the test opened a network socket: {found}")


# -- dialogs never block -------------------------------------------------------------------
@dataclass
class ShownDialog:
    kind: str
    title: str
    text: str
    informative: str = ""
    details: str = ""


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[ShownDialog]:
    """Every modal dialog is recorded instead of shown; message boxes answer OK."""
    shown: list[ShownDialog] = []

    def message_exec(self: QMessageBox) -> int:
        shown.append(
            ShownDialog(
                type(self).__name__,
                self.windowTitle(),
                self.text(),
                self.informativeText(),
                self.detailedText(),
            )
        )
        return int(QMessageBox.StandardButton.Ok.value)

    def dialog_exec(self: QDialog) -> int:
        shown.append(ShownDialog(type(self).__name__, self.windowTitle(), ""))
        return int(QDialog.DialogCode.Rejected.value)

    def about(_parent: object, title: str, text: str) -> None:
        shown.append(ShownDialog("about", title, text))

    monkeypatch.setattr(QMessageBox, "exec", message_exec)
    monkeypatch.setattr(QMessageBox, "about", staticmethod(about))
    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    monkeypatch.setattr(QFileDialog, "exec", dialog_exec)
    try:
        from PySide6.QtPrintSupport import QPrintDialog

        monkeypatch.setattr(QPrintDialog, "exec", dialog_exec)
    except ImportError:  # pragma: no cover
        pass
    return shown


# -- the app on a real library ------------------------------------------------------------
@pytest.fixture
def app_paths(
    monkeypatch: pytest.MonkeyPatch, sample_corpus: Path, built_index: Path, user_data_dir: Path
) -> Path:
    """The app sees the sample library as its bundled corpus, with an index built for the tests."""
    monkeypatch.setenv(paths.CORPUS_DIR_ENV, str(sample_corpus))
    monkeypatch.setenv(paths.INDEX_DIR_ENV, str(built_index))
    return built_index


@pytest.fixture
def make_window(qtbot: Any, app_paths: Path) -> Iterator[Callable[..., Any]]:
    """Start the window as ``main()`` does (fonts, translators, library, index)."""
    from desktop.app import create_window

    windows: list[Any] = []

    def start(wait_index: bool = True, language: str | None = None) -> Any:
        window = create_window(language_override=language)
        qtbot.addWidget(window)
        window.show()
        if wait_index:
            with qtbot.waitSignal(window.index_ready, timeout=20000):
                pass
            # The personal library opens in the background and then installs the searcher
            # that covers both libraries: a test starts once that has settled.
            qtbot.waitUntil(lambda: window.personal.loaded, timeout=20000)
            # So do the installed packs.
            qtbot.waitUntil(lambda: not window.searchable.packs_opening, timeout=20000)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.translators.apply("en")
        window.close()


# -- acting as a user ----------------------------------------------------------------------
def _type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """ASCII key by key; Chinese committed by the input method, as an IME does."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def type_text(qtbot: Any) -> Callable[[QWidget, str], None]:
    return lambda widget, text: _type_text(qtbot, widget, text)


@pytest.fixture
def search(qtbot: Any) -> Callable[[Any, str], Any]:
    """Type a query into the library search box; returns the SearchResult shown for it."""

    def run(window: Any, query: str) -> Any:
        window.focus_search()
        edit = window.search_panel.query_edit
        edit.clear()
        with qtbot.waitSignal(
            window.search_shown, timeout=10000, check_params_cb=lambda result: result.query == query
        ) as blocker:
            _type_text(qtbot, edit, query)
        return blocker.args[0]

    return run
