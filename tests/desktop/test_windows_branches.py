"""The Windows code paths of the folder lock and of the single-instance endpoint, on Linux.

Nothing here runs on Windows itself: ``sys.platform`` is made to read ``win32`` and
``msvcrt`` / ``ctypes.windll`` are stand-ins (tests/desktop/windows_emulation.py), so
the branches' own logic — which byte is locked, where the holder's description is
written and read, how a process is looked up, which pipe name is used — is exercised,
with a second real process holding the lock.  What Windows itself does with them (its
mandatory byte locks, named pipes) is not.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop import folder_lock, single_instance
from desktop.folder_lock import LOCK_FILE_NAME, FolderBusyError, FolderLock, read_holder
from tests.desktop import windows_emulation

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from tests.desktop import windows_emulation
windows_emulation.install()
from desktop.folder_lock import FolderLock
lock = FolderLock(Path(sys.argv[1]), program="windows-holder")
lock.acquire()
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msvcrt", windows_emulation.fake_msvcrt())
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.fixture
def windows_holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait(timeout=30)


def test_a_folder_held_by_another_process_is_busy_and_names_it(
    on_windows: None, tmp_path: Path, windows_holder: subprocess.Popen[str]
) -> None:
    raw = (tmp_path / LOCK_FILE_NAME).read_bytes()
    assert raw[:1] == b" ", "the locked first byte holds no part of the description"
    holder = read_holder(tmp_path)
    assert holder is not None and holder.pid == windows_holder.pid
    assert holder.program == "windows-holder"
    lock = FolderLock(tmp_path)
    assert lock.held_elsewhere()
    with pytest.raises(FolderBusyError) as busy:
        lock.acquire(timeout=0.3)
    assert f"process {windows_holder.pid}" in busy.value.message("en")
    assert busy.value.waited >= 0.3
    windows_holder.kill()
    windows_holder.wait(timeout=30)
    assert not lock.held_elsewhere()  # the system let go when the holder died
    lock.acquire()
    try:
        assert read_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        lock.release()
    assert (tmp_path / LOCK_FILE_NAME).read_bytes() == b""


def test_the_description_is_read_past_the_locked_byte(tmp_path: Path) -> None:
    # Windows refuses to read a byte another process has locked: the reader never asks.
    (tmp_path / LOCK_FILE_NAME).write_bytes(
        b'X{"program": "p", "pid": 7, "host": "h", "started": "2024-01-01T00:00:00"}\n'
    )
    holder = read_holder(tmp_path)
    assert holder is not None and holder.pid == 7


class _Kernel32:
    def __init__(self, live: set[int]) -> None:
        self.live = live
        self.opened: list[tuple[int, bool, int]] = []
        self.closed: list[int] = []

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        self.opened.append((access, inherit, pid))
        return 1000 + pid if pid in self.live else 0

    def CloseHandle(self, handle: int) -> int:
        self.closed.append(handle)
        return 1


def test_a_process_is_looked_up_with_a_limited_query_handle(
    on_windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel32 = _Kernel32(live={4242})
    monkeypatch.setattr(ctypes, "windll", type("windll", (), {"kernel32": kernel32}), raising=False)
    assert folder_lock.process_alive(4242)
    assert not folder_lock.process_alive(4243)
    assert not folder_lock.process_alive(0)
    # PROCESS_QUERY_LIMITED_INFORMATION, not inherited; every handle opened is closed.
    assert kernel32.opened == [(0x1000, False, 4242), (0x1000, False, 4243)]
    assert kernel32.closed == [1000 + 4242]


def test_the_second_launch_endpoint_is_a_named_pipe_per_user_and_folder(
    on_windows: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delattr(os, "getuid")
    monkeypatch.setenv("USERNAME", "zhang")
    address, family = single_instance.endpoint_for(tmp_path / "a")
    assert family == "AF_PIPE"
    assert address.startswith("\\\\.\\pipe\\policy-library-")
    assert single_instance.endpoint_for(tmp_path / "a") == (address, family)
    assert single_instance.endpoint_for(tmp_path / "b")[0] != address
    monkeypatch.setenv("USERNAME", "li")
    assert single_instance.endpoint_for(tmp_path / "a")[0] != address


def test_windows_branches_take_no_posix_lock(
    on_windows: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def no_flock(*_args: Any) -> None:
        raise AssertionError("flock is POSIX only")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    lock = FolderLock(tmp_path)
    lock.acquire()
    lock.release()
