"""Chinese typed through a real input method into the frozen program, as a user types it.

Under Xvfb with its own D-Bus session: ibus with ibus-libpinyin; fcitx5 with
fcitx5-chinese-addons, through its ibus front-end and (frozen program: fcitx5-qt's plugin,
built by packaging/fcitx5_qt_plugin.sh) through its own protocol; fcitx 4.2.9.9 with its
pinyin through the same plugin. Without the plugin (the source tree's Qt) fcitx 4 and fcitx5
without its ibus front-end are explained to the user. xdotool types ``shuzizhengfu`` and a
space into the library search; the program reports, as it quits, what the search box holds
and how many results it lists.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, Build

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


def _start_xvfb() -> tuple[subprocess.Popen[bytes], int]:
    """Xvfb on a display number it takes itself (no race with another test's server); it
    writes the number once it accepts connections."""
    read_end, write_end = os.pipe()
    try:
        xvfb = subprocess.Popen(
            [
                *("Xvfb", "-displayfd", str(write_end)),
                *("-screen", "0", "1280x900x24", "-nolisten", "tcp"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        written = b""
        deadline = time.monotonic() + 20
        while not written.endswith(b"\n"):
            left = deadline - time.monotonic()
            assert left > 0 and select.select([read_end], [], [], left)[0], "Xvfb did not start"
            chunk = os.read(read_end, 32)
            assert chunk, "Xvfb did not start"
            written += chunk
    finally:
        os.close(read_end)
    return xvfb, int(written)


@pytest.fixture
def session() -> Iterator[dict[str, str]]:
    """An X server and a D-Bus session bus of their own; the environment to reach them."""
    for tool in ("Xvfb", "xdotool", "dbus-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (bash .ci/setup installs it)")
    # A short folder: ibus's socket lives under HOME and a socket path is limited to 107
    # bytes (a long pytest temp path made the Qt plugin fail to reach the daemon).
    base = Path(tempfile.mkdtemp(prefix="im-", dir="/tmp"))
    home = base / "home"
    runtime = base / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    xvfb, number = _start_xvfb()
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
        shutil.rmtree(base, ignore_errors=True)


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


def _start_fcitx5(env: dict[str, str], ibus_frontend: bool = True) -> dict[str, str]:
    if shutil.which("fcitx5") is None:
        pytest.fail("fcitx5 and fcitx5-chinese-addons are needed (bash .ci/setup installs them)")
    config = Path(env["HOME"]) / ".config" / "fcitx5"
    config.mkdir(parents=True)
    (config / "profile").write_text(FCITX5_PROFILE, "utf-8")
    # a daemon keeps inherited pipes open: its output goes nowhere
    subprocess.run(
        ["fcitx5", "-d", "--replace", *([] if ibus_frontend else ["--disable=ibusfrontend"])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    bus_files = Path(env["HOME"]) / ".config" / "ibus" / "bus"
    deadline = time.monotonic() + 30
    if not ibus_frontend:
        from desktop.input_method import FCITX5_NAME, list_session_bus_names

        while FCITX5_NAME not in (list_session_bus_names(env) or ()):
            assert time.monotonic() < deadline, "fcitx5 did not start"
            time.sleep(0.5)
        assert not bus_files.exists()
    while ibus_frontend and not list(bus_files.glob(f"*-unix-{env['DISPLAY'].lstrip(':')}")):
        assert time.monotonic() < deadline, "fcitx5's ibus front-end did not start"
        time.sleep(0.5)
    # The session says fcitx; the program must reach fcitx5 through its ibus front-end.
    return {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}


def _type_into_library_search(
    build: Build | list[str],
    env: dict[str, str],
    ime: dict[str, str],
    activate: list[str] | None,
) -> dict[str, object]:
    app_env = {
        **env,
        **ime,
        "QT_QPA_PLATFORM": "xcb",
        "POLICY_LIBRARY_DATA_DIR": str(Path(env["HOME"]) / "data"),
    }
    command = [str(build.bundle / "policy-library")] if isinstance(build, Build) else build
    errors = Path(env["HOME"]) / "program-stderr.txt"
    with errors.open("w", encoding="utf-8") as stderr:
        program = subprocess.Popen(
            [*command, "--report-search-on-exit"],
            env=app_env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    printed: list[str] = []
    ready = threading.Event()

    def read_output() -> None:
        assert program.stdout is not None
        for line in program.stdout:
            printed.append(line)
            if line.strip() == "ready":
                ready.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()

    def failure() -> str:
        return errors.read_text("utf-8", errors="replace")[-3000:]

    try:
        window = ""
        deadline = time.monotonic() + 90
        while not window:
            assert program.poll() is None, failure()
            assert time.monotonic() < deadline, "the window did not appear"
            found = _run(["xdotool", "search", "--onlyvisible", "--pid", str(program.pid)], env)
            window = found.splitlines()[-1] if found else ""
            time.sleep(0.5)
        # Typing starts once the program says it is ready (index open, window complete),
        # however long that takes on a busy machine.
        assert ready.wait(max(deadline - time.monotonic(), 1)), failure() or "not ready"
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
        program.wait(timeout=60)
        reader.join(timeout=10)
    finally:
        if program.poll() is None:
            program.kill()
    out = "".join(printed)
    err = failure()
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


@pytest.mark.parametrize(
    ("session_says", "ibus_installed"),
    [
        ({"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}, True),  # QT_IM_MODULE unset
        ({"QT_IM_MODULES": "wayland;fcitx;ibus", "XMODIFIERS": "@im=fcitx"}, True),
        ({"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}, False),  # fcitx5 without ibus
    ],
    ids=["xmodifiers-only", "qt-im-modules", "no-ibus-daemon"],
)
def test_pinyin_through_fcitx5_however_the_session_says_so(
    session: dict[str, str],
    program: tuple[list[str], dict[str, str]],
    tmp_path: Path,
    session_says: dict[str, str],
    ibus_installed: bool,
) -> None:
    _start_fcitx5(session)
    app_env = {**session_says, **program[1]}
    if not ibus_installed:
        # Qt's ibus plugin gives up without an ibus-daemon on PATH, unless told to use
        # the IBus portal name, which fcitx5's ibus front-end owns
        empty = tmp_path / "bin"
        empty.mkdir()
        app_env["PATH"] = str(empty)
    state = _type_into_library_search(
        program[0], session, app_env, activate=["fcitx5-remote", "-o"]
    )
    assert state["query"] == "数字政府"
    assert isinstance(state["result_rows"], int) and state["result_rows"] > 0
    assert state["input_method_notice"] == ""


def test_fcitx5_without_its_ibus_front_end_is_explained_without_the_plugin(
    session: dict[str, str], source_program: tuple[list[str], dict[str, str]]
) -> None:
    program = source_program
    _start_fcitx5(session, ibus_frontend=False)
    ime = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}
    state = _type_into_library_search(
        program[0], session, {**ime, **program[1]}, activate=["fcitx5-remote", "-o"]
    )
    assert str(state["query"]).strip() == "shuzizhengfu"
    notice = str(state["input_method_notice"])
    assert "fcitx5 is running without its ibus front-end" in notice
    assert "IBus Frontend" in notice


@pytest.fixture
def source_program(sample_corpus: Path, built_index: Path) -> tuple[list[str], dict[str, str]]:
    """The source tree's program, whose Qt (the development venv's PySide6) has no fcitx
    plugin: what a build without it would do."""
    return [sys.executable, "-m", "desktop"], {
        "POLICY_LIBRARY_CORPUS_DIR": str(sample_corpus),
        "POLICY_LIBRARY_INDEX_DIR": str(built_index),
    }


@pytest.fixture
def program(sample_corpus: Path, built_index: Path) -> tuple[list[str], dict[str, str]]:
    """The frozen program of POLICY_LIBRARY_DIST when given, else the source tree's on the
    sample library (the command, and the variables it needs)."""
    given = os.environ.get("POLICY_LIBRARY_DIST")
    if given:
        return [str(Path(given) / "policy-library" / "policy-library")], {}
    return [sys.executable, "-m", "desktop"], {
        "POLICY_LIBRARY_CORPUS_DIR": str(sample_corpus),
        "POLICY_LIBRARY_INDEX_DIR": str(built_index),
    }


def _fcitx4(env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """fcitx 4 from Debian 12's packages, unpacked apart (they conflict with fcitx5's)."""
    made = subprocess.run(
        ["bash", str(Path(__file__).with_name("fcitx4_root.sh"))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(
            "fcitx 4's Debian packages could not be fetched with apt-get download "
            f"(tests/packaging/fcitx4_root.sh): {made.stderr.strip()[-300:]}"
        )
    root = Path(made.stdout.strip().splitlines()[-1])
    # pinyin enabled, as on a Chinese desktop (in a C locale fcitx 4 enables the keyboard only)
    config = Path(env["HOME"]) / ".config" / "fcitx"
    config.mkdir(parents=True, exist_ok=True)
    (config / "profile").write_text(
        "[Profile]\nIMName=pinyin\nEnabledIMList=fcitx-keyboard-us:True,pinyin:True\n", "utf-8"
    )
    fcitx_env = {
        **env,
        "FCITXDIR": str(root / "usr"),
        "LD_LIBRARY_PATH": str(root / "usr" / "lib" / "x86_64-linux-gnu"),
        "XMODIFIERS": "@im=fcitx",
    }
    return root, fcitx_env


def _start_fcitx4(session: dict[str, str]) -> list[str]:
    """fcitx 4 running on the session's display; the fcitx-remote command to drive it."""
    from desktop.input_method import list_session_bus_names

    root, fcitx_env = _fcitx4(session)
    subprocess.run(
        [str(root / "usr" / "bin" / "fcitx"), "-d", "-r"],
        env=fcitx_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    own_name = f"org.fcitx.Fcitx-{session['DISPLAY'].lstrip(':')}"
    deadline = time.monotonic() + 30
    while own_name not in (list_session_bus_names(session) or ()):
        assert time.monotonic() < deadline, "fcitx 4 did not take its D-Bus name"
        time.sleep(0.5)
    names = list_session_bus_names(session) or frozenset()
    assert "org.fcitx.Fcitx5" not in names and "org.freedesktop.portal.IBus" not in names
    assert not (Path(session["HOME"]) / ".config" / "ibus" / "bus").exists()
    fcitx_remote = ["env", f"LD_LIBRARY_PATH={fcitx_env['LD_LIBRARY_PATH']}"]
    return [*fcitx_remote, str(root / "usr" / "bin" / "fcitx-remote")]


FCITX_SESSION = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}


def _chosen(session: dict[str, str]) -> str:
    logs = list((Path(session["HOME"]) / "data").rglob("policy-library.log"))
    assert logs, "no log file"
    return logs[0].read_text("utf-8")


def test_pinyin_through_fcitx4_into_the_frozen_program(
    build: Build, session: dict[str, str]
) -> None:
    """fcitx 4 (Kylin V10, UOS 20) through the bundled fcitx5-qt plugin."""
    fcitx_remote = _start_fcitx4(session)
    try:
        state = _type_into_library_search(build, session, FCITX_SESSION, [*fcitx_remote, "-o"])
    finally:
        _run([*fcitx_remote, "-e"], session)
    assert state["query"] == "数字政府"
    assert isinstance(state["result_rows"], int) and state["result_rows"] > 0
    assert state["input_method_notice"] == ""
    text = _chosen(session)
    assert "input method: chose fcitx (fcitx asked for; fcitx4 runs" in text
    assert "Chinese cannot be typed" not in text


def test_pinyin_through_fcitx5_without_its_ibus_front_end_into_the_frozen_program(
    build: Build, session: dict[str, str]
) -> None:
    _start_fcitx5(session, ibus_frontend=False)
    state = _type_into_library_search(
        build, session, {"XMODIFIERS": "@im=fcitx"}, activate=["fcitx5-remote", "-o"]
    )
    assert state["query"] == "数字政府"
    assert isinstance(state["result_rows"], int) and state["result_rows"] > 0
    assert state["input_method_notice"] == ""
    assert "input method: chose fcitx (fcitx5 runs" in _chosen(session)


def test_fcitx4_is_explained_to_the_user_and_logged_without_the_plugin(
    session: dict[str, str], source_program: tuple[list[str], dict[str, str]]
) -> None:
    """Without fcitx5-qt's plugin, fcitx 4 answers no protocol Qt 6 speaks: the window says
    what to do."""
    program = source_program
    fcitx_remote = _start_fcitx4(session)
    ime = FCITX_SESSION
    try:
        state = _type_into_library_search(
            program[0], session, {**ime, **program[1]}, activate=[*fcitx_remote, "-o"]
        )
        # the same in --self-check, while fcitx 4 runs
        data = str(Path(session["HOME"]) / "data")
        report = subprocess.run(
            [*program[0], "--self-check"],
            env={**session, **ime, **program[1], "POLICY_LIBRARY_DATA_DIR": data},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        _run([*fcitx_remote, "-e"], session)
    # typing still works, as plain letters; the notice says why and what to install
    assert str(state["query"]).strip() == "shuzizhengfu"  # and the space
    notice = str(state["input_method_notice"])
    assert "fcitx 4 is running" in notice
    assert "fcitx5-chinese-addons" in notice and "ibus-libpinyin" in notice
    logs = list((Path(session["HOME"]) / "data").rglob("policy-library.log"))
    assert logs, "no log file"
    text = logs[0].read_text("utf-8")
    assert "input method: chose compose" in text
    assert "'QT_IM_MODULE': 'fcitx'" in text and "running fcitx4" in text
    assert "input method: fcitx4" in text

    check = json.loads(report.stdout)["checks"]["input_method"]
    assert check["ok"] is False and check["problem"] == "fcitx4", check


@pytest.fixture(autouse=True)
def _stop_input_methods(session: dict[str, str]) -> Iterator[None]:
    yield
    _run(["ibus", "exit"], session)
    _run(["fcitx5-remote", "-e"], session)
