"""Chinese typed through a real input method into the frozen program, as a user types it.

Under Xvfb with its own D-Bus session: ibus with ibus-libpinyin, and fcitx5 with
fcitx5-chinese-addons reached through fcitx5's ibus front-end (the bundle carries Qt's ibus
plugin only; a session with QT_IM_MODULE=fcitx is switched to ibus by the program). xdotool
types ``shuzizhengfu`` and a space into the library search; the program reports, as it quits,
what the search box holds and how many results it lists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Build

pytestmark = pytest.mark.slow

FCITX5_PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""


def _run(cmd: list[str], env: dict[str, str], timeout: int = 30) -> str:
    return subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    ).stdout.strip()


def _free_display() -> int:
    for number in range(70, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An X server and a D-Bus session bus of their own; the environment to reach them."""
    for tool in ("Xvfb", "xdotool", "dbus-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (bash .ci/setup installs it)")
    number = _free_display()
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.2)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "DISPLAY": f":{number}",
        "DBUS_SESSION_BUS_ADDRESS": address,
        "LANG": "C.UTF-8",
    }
    try:
        yield env
    finally:
        bus.terminate()
        xvfb.terminate()
        for proc in (bus, xvfb):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _start_ibus(env: dict[str, str]) -> dict[str, str]:
    if shutil.which("ibus-daemon") is None:
        pytest.fail("ibus and ibus-libpinyin are needed (bash .ci/setup installs them)")
    schema = "com.github.libpinyin.ibus-libpinyin.libpinyin"
    _run(["gsettings", "set", schema, "init-simplified-chinese", "true"], env)
    _run(["ibus-daemon", "--xim", "--replace", "--panel=disable", "--daemonize"], env)
    deadline = time.monotonic() + 30
    while _run(["ibus", "engine"], env) != "libpinyin":
        assert time.monotonic() < deadline, "ibus did not take the libpinyin engine"
        _run(["ibus", "engine", "libpinyin"], env)
        time.sleep(0.5)
    return {"QT_IM_MODULE": "ibus", "XMODIFIERS": "@im=ibus"}


def _start_fcitx5(env: dict[str, str]) -> dict[str, str]:
    if shutil.which("fcitx5") is None:
        pytest.fail("fcitx5 and fcitx5-chinese-addons are needed (bash .ci/setup installs them)")
    config = Path(env["HOME"]) / ".config" / "fcitx5"
    config.mkdir(parents=True)
    (config / "profile").write_text(FCITX5_PROFILE, "utf-8")
    # a daemon keeps inherited pipes open: its output goes nowhere
    subprocess.run(
        ["fcitx5", "-d", "--replace"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    bus_files = Path(env["HOME"]) / ".config" / "ibus" / "bus"
    deadline = time.monotonic() + 30
    while not list(bus_files.glob(f"*-unix-{env['DISPLAY'].lstrip(':')}")):
        assert time.monotonic() < deadline, "fcitx5's ibus front-end did not start"
        time.sleep(0.5)
    # The session says fcitx; the program must reach fcitx5 through its ibus front-end.
    return {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}


def _type_into_library_search(
    build: Build, env: dict[str, str], ime: dict[str, str], activate: list[str] | None
) -> dict[str, object]:
    app_env = {
        **env,
        **ime,
        "QT_QPA_PLATFORM": "xcb",
        "POLICY_LIBRARY_DATA_DIR": str(Path(env["HOME"]) / "data"),
    }
    program = subprocess.Popen(
        [str(build.bundle / "policy-library"), "--report-search-on-exit"],
        env=app_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = ""
        deadline = time.monotonic() + 90
        while not window:
            assert program.poll() is None, program.communicate()[1][-2000:]
            assert time.monotonic() < deadline, "the window did not appear"
            found = _run(["xdotool", "search", "--onlyvisible", "--pid", str(program.pid)], env)
            window = found.splitlines()[-1] if found else ""
            time.sleep(0.5)
        time.sleep(3)  # the index opens after the window shows
        _run(["xdotool", "windowfocus", window], env)
        time.sleep(1)
        _run(["xdotool", "key", "ctrl+shift+f"], env)  # Search the library…
        time.sleep(1)
        if activate:
            _run(activate, env)
            time.sleep(0.5)
        _run(["xdotool", "type", "--delay", "120", "shuzizhengfu"], env)
        time.sleep(1)
        _run(["xdotool", "key", "space"], env)  # the first candidate
        time.sleep(4)  # the search runs in the background
        _run(["xdotool", "key", "ctrl+q"], env)
        out, err = program.communicate(timeout=60)
    finally:
        if program.poll() is None:
            program.kill()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, err[-3000:]
    return dict(json.loads(lines[-1]))


def test_pinyin_through_ibus_libpinyin(build: Build, session: dict[str, str]) -> None:
    ime = _start_ibus(session)
    state = _type_into_library_search(build, session, ime, activate=None)
    assert state["query"] == "数字政府"
    assert isinstance(state["result_rows"], int) and state["result_rows"] > 0


def test_pinyin_through_fcitx5_and_its_ibus_front_end(
    build: Build, session: dict[str, str]
) -> None:
    ime = _start_fcitx5(session)
    state = _type_into_library_search(build, session, ime, activate=["fcitx5-remote", "-o"])
    assert state["query"] == "数字政府"
    assert isinstance(state["result_rows"], int) and state["result_rows"] > 0


@pytest.fixture(autouse=True)
def _stop_input_methods(session: dict[str, str]) -> Iterator[None]:
    yield
    _run(["ibus", "exit"], session)
    _run(["fcitx5-remote", "-e"], session)
