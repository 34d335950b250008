"""The input context chosen from what runs in the session (Qt-free; plain pytest)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.input_method import (
    Choice,
    IbusEndpoint,
    Problem,
    Situation,
    choose_input_context,
    find_ibus_endpoint,
    list_session_bus_names,
)

BUNDLED = frozenset({"ibus", "compose", "xim"})
IBUS_FILE = IbusEndpoint("/home/u/.config/ibus/bus/abc-unix-0", "ibus-daemon")
FCITX5_FILE = IbusEndpoint("/home/u/.config/ibus/bus/abc-unix-0", "fcitx5")
BASE_NAMES = frozenset({"org.freedesktop.DBus", ":1.0"})
FCITX4_NAMES = BASE_NAMES | {"org.fcitx.Fcitx", "org.fcitx.Fcitx-0", "org.freedesktop.portal.Fcitx"}
FCITX5_NAMES = BASE_NAMES | {"org.fcitx.Fcitx5", "org.fcitx.Fcitx-0"}  # with its fcitx4 frontend
FCITX5_IBUS_NAMES = FCITX5_NAMES | {"org.freedesktop.portal.IBus"}


def choose(
    env: dict[str, str],
    endpoint: IbusEndpoint | None = None,
    names: frozenset[str] | None = BASE_NAMES,
    ibus_installed: bool = True,
    plugins: frozenset[str] = BUNDLED,
    platform: str = "linux",
) -> Choice:
    return choose_input_context(Situation(env, plugins, endpoint, ibus_installed, names, platform))


# (session variables, ibus address file, bus names, ibus-daemon installed) → module, problem
TABLE = [
    # ibus desktops
    ({"QT_IM_MODULE": "ibus"}, IBUS_FILE, BASE_NAMES, True, "ibus", None),
    ({"QT_IM_MODULE": "ibus"}, None, BASE_NAMES, True, "ibus", None),  # ibus starts later
    ({"XMODIFIERS": "@im=ibus"}, IBUS_FILE, BASE_NAMES, True, "ibus", None),
    ({}, IBUS_FILE, BASE_NAMES, True, "ibus", None),
    # fcitx5 with its ibus front-end: the address file, or only the portal name
    ({"QT_IM_MODULE": "fcitx"}, FCITX5_FILE, FCITX5_IBUS_NAMES, True, "ibus", None),
    ({"QT_IM_MODULE": "fcitx5"}, FCITX5_FILE, FCITX5_IBUS_NAMES, True, "ibus", None),
    ({"XMODIFIERS": "@im=fcitx"}, FCITX5_FILE, FCITX5_IBUS_NAMES, True, "ibus", None),
    ({"QT_IM_MODULES": "wayland;fcitx;ibus"}, FCITX5_FILE, FCITX5_IBUS_NAMES, True, "ibus", None),
    ({"QT_IM_MODULE": "fcitx"}, None, FCITX5_IBUS_NAMES, True, "ibus", None),
    # fcitx5 without its ibus front-end
    ({"QT_IM_MODULE": "fcitx"}, None, FCITX5_NAMES, True, "compose", "FCITX5"),
    # fcitx 4: nothing Qt 6 can talk to
    (
        {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"},
        None,
        FCITX4_NAMES,
        True,
        "compose",
        "FCITX4",
    ),
    (
        {"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"},
        None,
        FCITX4_NAMES,
        False,
        "compose",
        "FCITX4",
    ),
    ({}, None, FCITX4_NAMES, True, "compose", "FCITX4"),  # running, though nobody asked for it
    # the session says fcitx, nothing answers
    ({"QT_IM_MODULE": "fcitx"}, None, BASE_NAMES, True, "compose", "NOT_RUNNING"),
    ({"QT_IM_MODULE": "fcitx"}, None, None, True, "compose", None),  # bus unknown: no claim
    # explicit choices of a plugin the bundle has are kept
    ({"QT_IM_MODULE": "compose"}, IBUS_FILE, BASE_NAMES, True, "compose", None),
    ({"QT_IM_MODULE": "xim"}, None, BASE_NAMES, True, "compose", None),
    ({"QT_IM_MODULE": "none"}, None, FCITX4_NAMES, True, "none", None),
    (
        {"QT_IM_MODULE": "compose", "XMODIFIERS": "@im=fcitx"},
        None,
        FCITX4_NAMES,
        True,
        "compose",
        None,
    ),
    ({"QT_IM_MODULES": "fcitx;ibus"}, None, BASE_NAMES, True, "ibus", None),
    # nothing asked, nothing running
    ({}, None, BASE_NAMES, True, "compose", None),
]
PROBLEMS = {
    None: None,
    "FCITX4": Problem.FCITX4,
    "FCITX5": Problem.FCITX5_WITHOUT_IBUS_FRONTEND,
    "NOT_RUNNING": Problem.FCITX_NOT_RUNNING,
}


@pytest.mark.parametrize(("env", "endpoint", "names", "installed", "module", "problem"), TABLE)
def test_the_input_context_follows_what_runs(
    env: dict[str, str],
    endpoint: IbusEndpoint | None,
    names: frozenset[str] | None,
    installed: bool,
    module: str,
    problem: str | None,
) -> None:
    choice = choose(env, endpoint, names, installed)
    assert choice.module == module
    assert choice.problem is PROBLEMS[problem]
    # Qt ≥ 6.7 reads the plural first: both always say the same
    assert choice.env["QT_IM_MODULE"] == choice.env["QT_IM_MODULES"] == module


def test_fcitx5_without_ibus_installed_is_reached_through_the_portal_name() -> None:
    # Qt's ibus plugin gives up when no ibus-daemon executable exists, unless IBUS_USE_PORTAL
    choice = choose({"QT_IM_MODULE": "fcitx"}, FCITX5_FILE, FCITX5_IBUS_NAMES, ibus_installed=False)
    assert choice.module == "ibus" and choice.env["IBUS_USE_PORTAL"] == "1"
    assert "IBUS_USE_PORTAL" not in choose({"QT_IM_MODULE": "fcitx"}, FCITX5_FILE).env
    assert "IBUS_USE_PORTAL" not in choose({}, IBUS_FILE, ibus_installed=False).env


def test_fcitx_is_never_chosen_without_a_plugin_that_loads() -> None:
    for env in ({"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULES": "fcitx5;fcitx"}):
        assert choose(env, None, FCITX4_NAMES).module not in {"fcitx", "fcitx5"}
    # a bundle that carries a fcitx plugin keeps it
    with_fcitx = BUNDLED | {"fcitx5"}
    assert choose({"QT_IM_MODULE": "fcitx5"}, None, FCITX5_NAMES, plugins=with_fcitx).module == (
        "fcitx5"
    )


def test_other_systems_keep_qt_s_own_choice() -> None:
    choice = choose({"QT_IM_MODULE": "fcitx"}, platform="win32")
    assert choice.module == "" and choice.env == {} and choice.problem is None


def _address_file(home: Path, display: str, pid: int) -> Path:
    from desktop.input_method import ibus_address_file

    path = ibus_address_file({"HOME": str(home), "DISPLAY": display})
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text(
        f"# written by the daemon\nIBUS_ADDRESS=unix:path=/tmp/x\nIBUS_DAEMON_PID={pid}\n"
    )
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ibus address files")
def test_a_live_ibus_address_file_is_found_and_a_stale_one_ignored(tmp_path: Path) -> None:
    path = _address_file(tmp_path, ":7.0", os.getpid())
    env = {"HOME": str(tmp_path), "DISPLAY": ":7.0"}
    assert path.name.endswith("-unix-7")
    found = find_ibus_endpoint(env)
    assert found is not None and found.path == str(path)
    assert found.owner == Path(f"/proc/{os.getpid()}/comm").read_text().strip()
    assert find_ibus_endpoint({**env, "DISPLAY": ":8"}) is None  # another display's
    dead = subprocess.Popen(["true"])
    dead.wait()
    path.write_text(f"IBUS_ADDRESS=unix:path=/tmp/x\nIBUS_DAEMON_PID={dead.pid}\n")
    assert find_ibus_endpoint(env) is None  # the daemon is gone
    path.write_text("garbage\x00\xff" * 5000)
    assert find_ibus_endpoint(env) is None


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")
def test_the_session_bus_names_are_listed_without_a_d_bus_library(tmp_path: Path) -> None:
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        names = list_session_bus_names({"DBUS_SESSION_BUS_ADDRESS": address})
        assert names is not None and "org.freedesktop.DBus" in names
        assert any(n.startswith(":1.") for n in names)  # this client's own connection
    finally:
        bus.terminate()
        bus.wait(timeout=10)


def test_an_unreachable_or_misbehaving_bus_gives_no_names(tmp_path: Path) -> None:
    assert list_session_bus_names({}) is None
    assert list_session_bus_names({"DBUS_SESSION_BUS_ADDRESS": "tcp:host=1.2.3.4,port=1"}) is None
    missing = f"unix:path={tmp_path / 'nothing'}"
    assert list_session_bus_names({"DBUS_SESSION_BUS_ADDRESS": missing}) is None
    # a peer that accepts and then floods garbage, or stays silent: bounded, None
    for reply in (b"OK 1234\r\n" + b"l\x02\x01\x01" + b"\xff" * 4000, b""):
        path = tmp_path / f"bus-{len(reply)}"
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        server.listen(1)

        def serve(data: bytes = reply, srv: socket.socket = server) -> None:
            conn, _ = srv.accept()
            conn.recv(4096)
            if data:
                conn.sendall(data)
            threading.Event().wait(2)
            conn.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        assert list_session_bus_names({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={path}"}) is None
        server.close()


_words = st.sampled_from(["fcitx", "fcitx5", "ibus", "xim", "compose", "none", "wayland", ""])


@given(
    modules=st.lists(st.one_of(_words, st.text(max_size=12)), max_size=4),
    single=st.one_of(_words, st.text(max_size=12)),
    xmodifiers=st.one_of(st.just("@im=fcitx"), st.just("@im=ibus"), st.text(max_size=20)),
    names=st.one_of(
        st.none(), st.frozensets(st.sampled_from(sorted(FCITX4_NAMES | FCITX5_IBUS_NAMES)))
    ),
    endpoint=st.sampled_from([None, IBUS_FILE, FCITX5_FILE]),
    installed=st.booleans(),
)
def test_any_session_gets_a_module_the_bundle_can_load(
    modules: list[str],
    single: str,
    xmodifiers: str,
    names: frozenset[str] | None,
    endpoint: IbusEndpoint | None,
    installed: bool,
) -> None:
    env = {"QT_IM_MODULES": ";".join(modules), "QT_IM_MODULE": single, "XMODIFIERS": xmodifiers}
    choice = choose(env, endpoint, names, installed)
    assert choice.module in BUNDLED - {"xim"} | {"none"}
    assert choice.env["QT_IM_MODULE"] == choice.env["QT_IM_MODULES"] == choice.module
    # a problem is only claimed when the program cannot reach what runs
    if choice.problem is not None:
        assert choice.module != "ibus" and endpoint is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sessions")
def test_the_diagnosis_command_prints_what_it_sees_and_chooses(tmp_path: Path) -> None:
    import json

    home = tmp_path / "home"
    _address_file(home, ":5", os.getpid())  # a live endpoint (this test's own process)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "DISPLAY": ":5",
        "QT_IM_MODULE": "fcitx",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop.input_method"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["module"] == "ibus" and report["set"]["QT_IM_MODULES"] == "ibus"
    assert report["ibus_endpoint"].endswith("-unix-5") and report["bus_names_known"] is False
    assert report["problem"] is None and isinstance(report["ms"], float)


WITH_FCITX = BUNDLED | {"fcitx", "fcitx5"}  # the release bundle: fcitx5-qt's plugin too


@pytest.mark.parametrize(
    ("env", "endpoint", "names", "modules"),
    [
        # fcitx 4 (Kylin V10, UOS 20): reached through the plugin, however the session says it
        ({"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}, None, FCITX4_NAMES, "fcitx"),
        ({"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}, None, FCITX4_NAMES, "fcitx"),
        ({}, None, FCITX4_NAMES, "fcitx"),
        # fcitx5 without its ibus front-end
        ({"QT_IM_MODULE": "fcitx"}, None, FCITX5_NAMES, "fcitx"),
        ({"QT_IM_MODULES": "wayland;fcitx;ibus"}, None, FCITX5_NAMES, "fcitx"),
        # fcitx5 with its ibus front-end: its own protocol first, ibus if the plugin fails
        ({"QT_IM_MODULE": "fcitx"}, FCITX5_FILE, FCITX5_IBUS_NAMES, "fcitx;ibus"),
        ({"XMODIFIERS": "@im=fcitx"}, FCITX5_FILE, FCITX5_IBUS_NAMES, "fcitx;ibus"),
        # an ibus desktop stays on ibus, even with fcitx's names on the bus
        ({"QT_IM_MODULE": "ibus"}, FCITX5_FILE, FCITX5_IBUS_NAMES, "ibus"),
        ({}, IBUS_FILE, FCITX4_NAMES, "ibus"),
        ({"XMODIFIERS": "@im=fcitx"}, IBUS_FILE, FCITX4_NAMES, "fcitx;ibus"),
        # the session says fcitx, nothing answers: not fcitx, and the user is told
        ({"QT_IM_MODULE": "fcitx"}, None, BASE_NAMES, "compose"),
    ],
)
def test_a_bundled_fcitx_plugin_reaches_fcitx4_and_fcitx5(
    env: dict[str, str],
    endpoint: IbusEndpoint | None,
    names: frozenset[str],
    modules: str,
) -> None:
    choice = choose(env, endpoint, names, plugins=WITH_FCITX)
    assert choice.env["QT_IM_MODULES"] == modules
    assert choice.module == choice.env["QT_IM_MODULE"] == modules.split(";")[0]
    if choice.module in ("fcitx", "ibus"):
        assert choice.problem is None  # no notice: Chinese can be typed
    else:
        assert choice.problem is Problem.FCITX_NOT_RUNNING


def test_the_fcitx_plugin_file_is_found_under_both_its_keys(tmp_path: Path) -> None:
    import desktop.input_method as im

    folder = tmp_path / "PySide6" / "Qt" / "plugins" / "platforminputcontexts"
    folder.mkdir(parents=True)
    (folder / "libfcitx5platforminputcontextplugin.so").write_bytes(b"")
    (folder / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    sys._MEIPASS = str(tmp_path)  # type: ignore[attr-defined]
    try:
        found = im.bundled_input_contexts()
    finally:
        del sys._MEIPASS  # type: ignore[attr-defined]
    assert {"fcitx", "fcitx5", "ibus"} <= found
