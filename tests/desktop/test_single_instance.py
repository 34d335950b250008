"""One window per data folder: the first launch listens, a second hands its arguments
over; and the log file rolls over at its size, keeping a fixed number of old logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.app import RotatingLog
from desktop.single_instance import InstanceServer, claim_instance, endpoint_for


def test_a_second_claim_hands_its_arguments_to_the_first(tmp_path: Path) -> None:
    received: list[list[str]] = []
    arrived = threading.Event()

    def on_arguments(arguments: list[str]) -> None:
        received.append(arguments)
        arrived.set()

    first = claim_instance(tmp_path, [], on_arguments)
    assert isinstance(first, InstanceServer)
    try:
        second = claim_instance(tmp_path, ["/tmp/某文件.docx", "--lang"])
        assert second == {"pid": os.getpid(), "accepted": True}
        assert arrived.wait(5)
        assert received == [["/tmp/某文件.docx", "--lang"]]
        # Another data folder is another endpoint: nobody answers there.
        other = claim_instance(tmp_path / "other", [])
        assert isinstance(other, InstanceServer)
        other.close()
    finally:
        first.close()
    # Closed: the endpoint is free for the next first launch.
    again = claim_instance(tmp_path, [])
    assert isinstance(again, InstanceServer)
    again.close()


def test_a_claim_with_another_key_is_refused_and_the_server_goes_on(tmp_path: Path) -> None:
    from multiprocessing import AuthenticationError
    from multiprocessing.connection import Client

    received: list[list[str]] = []
    first = claim_instance(tmp_path, [], received.append)
    assert isinstance(first, InstanceServer)
    try:
        address, family = endpoint_for(tmp_path)
        try:
            Client(address, family=family, authkey=b"not the key").close()
            raise AssertionError("a wrong key was accepted")
        except (AuthenticationError, EOFError, OSError):
            pass
        assert claim_instance(tmp_path, ["a"]) == {"pid": os.getpid(), "accepted": True}
    finally:
        first.close()


_FIRST_CLAIM = """
import sys
from pathlib import Path
from desktop.single_instance import InstanceServer, claim_instance

server = claim_instance(Path(sys.argv[1]), [])
loaded = [
    m for m in ("multiprocessing", "json", "hashlib", "pickle", "socket", "selectors")
    if m in sys.modules
]
import json

print(json.dumps({"first": isinstance(server, InstanceServer),
                  "loaded": loaded}))
"""


def test_the_first_launch_claims_without_loading_multiprocessing(tmp_path: Path) -> None:
    """Nobody else running (every first launch): the endpoint is made with _socket
    alone; the socket module, multiprocessing, pickle and OpenSSL's hashlib load when a
    second launch arrives."""
    import json

    run = subprocess.run(
        [sys.executable, "-c", _FIRST_CLAIM, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report == {"first": True, "loaded": []}


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, text, None, None)


def test_the_log_rolls_over_at_its_size_keeping_its_backups(tmp_path: Path) -> None:
    path = tmp_path / "policy-library.log"
    handler = RotatingLog(path, max_bytes=200, backups=2)
    try:
        for number in range(12):
            handler.handle(_record(f"message {number:02d} " + "字" * 20))
    finally:
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["policy-library.log", "policy-library.log.1", "policy-library.log.2"]
    for name in files:
        assert (tmp_path / name).stat().st_size < 200
    # The newest messages in the log, the ones before in .1, then .2; older ones dropped.
    newest = path.read_text(encoding="utf-8")
    older = (tmp_path / "policy-library.log.1").read_text(encoding="utf-8")
    oldest = (tmp_path / "policy-library.log.2").read_text(encoding="utf-8")
    assert "message 11" in newest
    numbers = [
        int(line.split()[1]) for text in (oldest, older, newest) for line in text.splitlines()
    ]
    assert numbers == sorted(numbers) and numbers[-1] == 11 and numbers[0] > 0
    # A log that is not a regular file is written to, never renamed.
    null = RotatingLog(Path(os.devnull), max_bytes=10, backups=2)
    null.handle(_record("to nowhere, and longer than ten bytes"))
    null.close()
    assert Path(os.devnull).exists() and not Path(os.devnull + ".1").exists()


class _Window:
    """What a second launch's hand-over does to the running window, recorded."""

    def __init__(self) -> None:
        self.offered: list[list[Path]] = []

    def showNormal(self) -> None: ...

    def raise_(self) -> None: ...

    def activateWindow(self) -> None: ...

    def offer_import(self, files: list[Path]) -> None:
        self.offered.append(files)


def test_a_file_named_from_another_folder_reaches_the_running_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``policy-library 通知.txt`` typed in the folder holding the file, while the
    program already runs from another folder: the running window is offered that file."""
    from desktop.app import _arguments_to_hand_over, _bring_to_front, parse_args

    here = tmp_path / "downloads"
    here.mkdir()
    (here / "通知.txt").write_text("关于防汛工作的通知\n\n加强汛期值守。\n", "utf-8")
    monkeypatch.chdir(here)
    raw = ["通知.txt", "--lang", "en"]
    handed = _arguments_to_hand_over(raw, parse_args(raw).files)
    running = tmp_path / "home"
    running.mkdir()
    monkeypatch.chdir(running)  # the running window's working folder
    window = _Window()
    _bring_to_front(window, handed)  # type: ignore[arg-type]
    assert window.offered == [[here / "通知.txt"]]


def test_a_newer_versions_options_do_not_end_the_running_window(tmp_path: Path) -> None:
    from desktop.app import _bring_to_front

    given = tmp_path / "通知.txt"
    given.write_text("关于防汛工作的通知\n\n加强汛期值守。\n", "utf-8")
    window = _Window()
    # A language this version does not have: argparse would end the program.
    _bring_to_front(window, ["--lang", "zh_TW", str(given)])  # type: ignore[arg-type]
    assert window.offered == [[given]]


def test_a_malformed_hand_over_leaves_the_server_answering(tmp_path: Path) -> None:
    import json

    from desktop.single_instance import _authkey, _connect

    received: list[list[str]] = []
    first = claim_instance(tmp_path, [], received.append)
    assert isinstance(first, InstanceServer)
    try:
        address, family = endpoint_for(tmp_path)
        conn = _connect(address, family, _authkey(tmp_path))
        conn.send_bytes(json.dumps({"arguments": 5}).encode())
        assert conn.poll(5)
        conn.recv_bytes()
        conn.close()
        assert claim_instance(tmp_path, ["b"]) == {"pid": os.getpid(), "accepted": True}
    finally:
        first.close()
    assert received[-1] == ["b"]
