"""Files given on the command line (``Exec=policy-library %F``) are offered for import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QDialog

from desktop import app
from desktop.app import parse_args
from desktop.ui.import_dialogs import ImportMetadataDialog


def test_positional_arguments_are_the_files_to_offer() -> None:
    args = parse_args(["通知.docx", "--debug", "/tmp/b.pdf", "--lang", "en"])
    assert args.files == [Path("通知.docx"), Path("/tmp/b.pdf")]
    assert args.debug and args.lang == "en"
    assert parse_args(["--self-check"]).files == []


# Arguments a launch may pass: files (any name, a dash-less one included), the program's
# flags, abbreviations and values argparse accepts, Qt's own options.
_ARGUMENTS = st.lists(
    st.sampled_from(
        [
            "--debug",
            "--exit-when-ready",
            "--report-search-on-exit",
            "--smoke-test",
            "--self-check",
            "--debu",
            "--lang",
            "--lang=en",
            "en",
            "zh_CN",
            "--",
            "-",
            "-platform",
            "offscreen",
            "",
            " ",
            "通知.docx",
            "/tmp/a b.pdf",
            "./-x.txt",
        ]
    )
    | st.text(max_size=6),
    max_size=6,
)


@given(_ARGUMENTS)
def test_arguments_read_without_the_parser_are_what_the_parser_reads(argv: list[str]) -> None:
    """Files and plain flags are read without building argparse's parser (a start
    spares its cost), into exactly what the parser makes of them; anything else is left
    to the parser."""
    plain = app._parse_plain_args(argv)
    if plain is None:
        assert any(a.startswith("-") for a in argv)
        return
    assert plain == app._parse_all_args(argv)


def test_a_desktop_launch_is_read_without_the_parser() -> None:
    assert app._parse_plain_args([]) == app._parse_all_args([])
    launched = app._parse_plain_args(["/home/u/通知.docx", "--exit-when-ready"])
    assert launched is not None
    assert launched.files == [Path("/home/u/通知.docx")] and launched.exit_when_ready


def test_a_file_named_at_start_is_offered_once_my_documents_are_open(
    qtbot: Any, make_window: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []

    def accept(dialog: ImportMetadataDialog) -> int:
        shown.append(dialog.read.path.name)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ImportMetadataDialog, "exec", accept)
    given = tmp_path / "会议纪要.txt"
    given.write_text("关于数据共享的会议纪要\n\n一、议定事项\n\n统一数据目录。\n", "utf-8")
    window = make_window(wait_index=False)
    finished: list[Any] = []
    window.completed.connect(lambda: window.personal.import_finished.connect(finished.append))
    # As main() does right after show(): My documents is not even built yet.
    assert not window.complete
    window.offer_import([given])
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    assert shown == ["会议纪要.txt"]  # the user was asked about the file
    assert [d.title for _, d in finished[0].imported] == ["关于数据共享的会议纪要"]
    assert "统一数据目录。" in window.reader.toPlainText()


def test_a_file_offered_while_an_import_runs_is_imported_after_it(
    qtbot: Any, make_window: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A second launch with a file while the first window is still importing: the file
    waits for the running import instead of being dropped."""
    import threading

    import desktop.ui.import_controller as controller

    shown: list[str] = []

    def accept(dialog: ImportMetadataDialog) -> int:
        shown.append(dialog.read.path.name)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ImportMetadataDialog, "exec", accept)
    gate = threading.Event()
    read = controller.read_for_import

    def held_read(library: Any, path: Path, language: str = "") -> Any:
        if path.name == "第一份.txt":
            assert gate.wait(30)  # the first import runs while the second file comes
        return read(library, path, language)

    monkeypatch.setattr(controller, "read_for_import", held_read)
    first = tmp_path / "第一份.txt"
    first.write_text("关于数据共享的会议纪要\n\n一、议定事项\n\n统一数据目录。\n", "utf-8")
    second = tmp_path / "第二份.txt"
    second.write_text("关于防汛工作的通知\n\n一、工作要求\n\n加强汛期值守。\n", "utf-8")
    window = make_window(wait_index=False)
    qtbot.waitUntil(lambda: window.complete, timeout=20000)
    qtbot.waitUntil(lambda: window.personal.library is not None and not window.personal.busy)
    finished: list[Any] = []
    window.personal.import_finished.connect(finished.append)
    window.offer_import([first])
    qtbot.waitUntil(lambda: window.personal.busy)
    window.offer_import([second])  # as a second launch hands it over
    gate.set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=20000)
    assert shown == ["第一份.txt", "第二份.txt"]
    imported = [d.title for outcome in finished for _, d in outcome.imported]
    assert imported == ["关于数据共享的会议纪要", "关于防汛工作的通知"]
