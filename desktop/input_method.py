"""Which input context Qt loads, chosen before QApplication from what is actually running (Qt-free).

The bundled Qt has these input-context plugins that matter here: ``ibus`` and ``compose``
(PySide6's own), and in the release bundle fcitx5-qt's (keys ``fcitx``/``fcitx5``, compiled
for this Qt by ``packaging/fcitx5_qt_plugin.sh``). What works, and how it is recognised:

* ibus — its daemon writes an address file ``~/.config/ibus/bus/<machine-id>-<host>-<display>``;
* fcitx5 — owns ``org.fcitx.Fcitx5``: reached through the fcitx plugin when bundled; else
  through its ``ibusfrontend`` addon (in Debian's ``fcitx5-modules``, on by default), which
  writes the same address file and owns ``org.freedesktop.portal.IBus`` on the session bus,
  so Qt's ibus plugin reaches it. Qt's ibus plugin refuses to start without an
  ``ibus-daemon`` executable unless ``IBUS_USE_PORTAL`` is set: on a machine with fcitx5 but
  no ibus it is set, and the plugin talks to fcitx5 through the portal name;
* fcitx 4 — owns ``org.fcitx.Fcitx-<display>`` (no ibus endpoint): reached through the fcitx
  plugin only. Without it, that is diagnosed, with the session bus's names, and explained to
  the user.

``choose_input_context`` is a pure function of a ``Situation`` (environment, address file,
bus names, bundled plugins); ``observe`` reads the situation from this machine;
``apply_input_context`` does both and sets ``QT_IM_MODULE`` and ``QT_IM_MODULES``.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import shutil
import struct
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import _socket

log = logging.getLogger(__name__)

__all__ = [
    "ADVICE",
    "NOTICE_CONTEXT",
    "Choice",
    "IbusEndpoint",
    "Problem",
    "Situation",
    "apply_input_context",
    "bundled_input_contexts",
    "choose_input_context",
    "find_ibus_endpoint",
    "last_choice",
    "list_session_bus_names",
    "log_decision",
    "observe",
]

IBUS_PORTAL_NAME = "org.freedesktop.portal.IBus"
FCITX5_NAME = "org.fcitx.Fcitx5"
_FCITX4_NAME = re.compile(r"^org\.fcitx\.Fcitx(-\d+)?$")
# What Qt's plugins answer to (the compose plugin also answers to "xim"); "none" turns
# input methods off.
_ALIASES = {"xim": "compose"}
_FCITX = ("fcitx", "fcitx5")


class Problem(enum.Enum):
    """An input method runs that this program cannot reach."""

    FCITX4 = "fcitx4"  # fcitx 4 (often with Sogou pinyin): no ibus endpoint, no Qt 6 plugin
    FCITX5_WITHOUT_IBUS_FRONTEND = "fcitx5-without-ibus-frontend"
    FCITX_NOT_RUNNING = "fcitx-not-running"  # the session asks for fcitx, none answers


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate reads
    """Marks a text for translation (lupdate finds it) without importing Qt."""
    return text


NOTICE_CONTEXT = "InputMethodNotice"
# What the user is told (the window translates it; --self-check prints it in English).
ADVICE = {
    Problem.FCITX4: QT_TRANSLATE_NOOP(
        "InputMethodNotice",
        "Chinese input: fcitx 4 is running (for example with Sogou Pinyin), and this program "
        "cannot receive text from it: its Qt 6 reaches input methods through the ibus "
        "protocol only. To type Chinese here, switch to fcitx5 (packages fcitx5 and "
        "fcitx5-chinese-addons; its ibus front-end is on by default) or to ibus (packages "
        "ibus and ibus-libpinyin), for example with im-config, then log in again. Until "
        "then, the library filter finds titles by pinyin or initials typed as letters "
        "(szzf finds 数字政府).",
    ),
    Problem.FCITX5_WITHOUT_IBUS_FRONTEND: QT_TRANSLATE_NOOP(
        "InputMethodNotice",
        "Chinese input: fcitx5 is running without its ibus front-end, the only way this "
        "program receives text from it. Enable the addon “IBus Frontend” in the Fcitx 5 "
        "configuration (Addons), restart fcitx5 and then this program. Until then, the "
        "library filter finds titles by pinyin or initials typed as letters (szzf finds "
        "数字政府).",
    ),
    Problem.FCITX_NOT_RUNNING: QT_TRANSLATE_NOOP(
        "InputMethodNotice",
        "Chinese input: the desktop is set up for fcitx, but no fcitx is running. Start "
        "fcitx5 or ibus (packages fcitx5 and fcitx5-chinese-addons, or ibus and "
        "ibus-libpinyin) and then restart this program.",
    ),
}


@dataclass(frozen=True)
class IbusEndpoint:
    """A live ibus address file: who wrote it (``ibus-daemon``, ``fcitx5`` …) and where."""

    path: str
    owner: str


@dataclass(frozen=True)
class Situation:
    env: Mapping[str, str]
    plugins: frozenset[str]  # input-context plugins the bundled Qt can load
    ibus_endpoint: IbusEndpoint | None = None
    ibus_daemon_installed: bool = False  # Qt's ibus plugin looks for this executable
    bus_names: frozenset[str] | None = None  # None: the session bus could not be asked
    platform: str = "linux"


@dataclass(frozen=True)
class Choice:
    module: str  # "" when nothing is changed (not Linux)
    env: dict[str, str] = field(default_factory=dict)  # variables to set before QApplication
    problem: Problem | None = None
    running: tuple[str, ...] = ()  # input methods seen running, for the log and the message
    reason: str = ""


def _requested(env: Mapping[str, str]) -> list[str]:
    """The modules the session asks Qt for, in Qt's order (QT_IM_MODULES first, Qt ≥ 6.7)."""
    plural = env.get("QT_IM_MODULES", "").strip()
    if plural:
        return [m.strip().lower() for m in plural.split(";") if m.strip()]
    single = env.get("QT_IM_MODULE", "").strip().lower()
    return [single] if single else []


def _hinted(env: Mapping[str, str]) -> list[str]:
    """What XMODIFIERS (``@im=fcitx``) and GTK_IM_MODULE say the desktop uses."""
    hints = []
    match = re.search(r"@im=([^@\s]+)", env.get("XMODIFIERS", ""))
    if match:
        hints.append(match.group(1).lower())
    gtk = env.get("GTK_IM_MODULE", "").strip().lower()
    if gtk:
        hints.append(gtk)
    return hints


def _running(names: frozenset[str] | None) -> tuple[str, ...]:
    if names is None:
        return ()
    found = []
    if FCITX5_NAME in names:
        found.append("fcitx5")
    elif any(_FCITX4_NAME.match(n) for n in names):  # fcitx5's fcitx4 front-end owns them too
        found.append("fcitx4")
    if "org.freedesktop.IBus" in names or IBUS_PORTAL_NAME in names:
        found.append("ibus")
    return tuple(found)


def choose_input_context(situation: Situation) -> Choice:
    """The module Qt should load, the variables that say so, and any problem to explain."""
    env = situation.env
    if not situation.platform.startswith("linux"):
        return Choice(module="", reason="not Linux: Qt's own choice")
    requested = _requested(env)
    hinted = _hinted(env)
    running = _running(situation.bus_names)
    endpoint = situation.ibus_endpoint
    portal = situation.bus_names is not None and IBUS_PORTAL_NAME in situation.bus_names
    ibus_reachable = "ibus" in situation.plugins and (endpoint is not None or portal)
    # fcitx5-qt's plugin (bundled by the release build) speaks fcitx5's protocol and fcitx 4's
    fcitx_key = next((k for k in ("fcitx", "fcitx5") if k in situation.plugins), "")
    fcitx_reachable = bool(fcitx_key) and bool({"fcitx4", "fcitx5"} & set(running))
    fcitx_running = next(n for n in ("fcitx5", "fcitx4", "") if not n or n in running)
    wants_fcitx = any(m in _FCITX for m in requested + hinted) or bool(
        {"fcitx4", "fcitx5"} & set(running)
    )

    module = ""
    reason = ""
    explicit = False  # another module the bundle has, chosen by the user: no notice
    for name in requested:
        name = _ALIASES.get(name, name)
        if name == "none" or (name in situation.plugins and name not in ("ibus", *_FCITX)):
            module, reason = name, f"{name} as the session asks"
            explicit = True
            break
        if name == "ibus" and "ibus" in situation.plugins:
            module, reason = "ibus", "ibus as the session asks"
            break
        if name in _FCITX and fcitx_reachable:
            module, reason = fcitx_key, f"{name} asked for; {fcitx_running} runs (fcitx plugin)"
            break
        if name in _FCITX and ibus_reachable:
            module = "ibus"
            reason = f"{name} asked for; reached through the ibus protocol ({_where(endpoint)})"
            break
    # Unasked, fcitx goes first unless the ibus endpoint is ibus-daemon's own and the desktop
    # does not hint at fcitx (XMODIFIERS, GTK_IM_MODULE).
    ibus_daemon_runs = endpoint is not None and endpoint.owner == "ibus-daemon"
    if (
        not module
        and fcitx_reachable
        and (not ibus_daemon_runs or any(m in _FCITX for m in hinted))
    ):
        module, reason = fcitx_key, f"{fcitx_running} runs (fcitx plugin)"
    if not module and ibus_reachable:
        module, reason = "ibus", f"an ibus endpoint is running ({_where(endpoint)})"
    if not module:
        module = "compose" if "compose" in situation.plugins else "none"
        reason = "no input method this program can reach is running"

    variables = {"QT_IM_MODULE": module, "QT_IM_MODULES": module}
    if module in _FCITX and ibus_reachable:
        # Qt >= 6.7 tries the modules of QT_IM_MODULES in turn: ibus if the plugin fails
        variables["QT_IM_MODULES"] = f"{module};ibus"
    if (
        module == "ibus"
        and not situation.ibus_daemon_installed
        and "IBUS_USE_PORTAL" not in env
        and (portal or (endpoint is not None and endpoint.owner != "ibus-daemon"))
    ):
        # Qt's ibus plugin gives up without an ibus-daemon executable unless told to use
        # the portal name, which fcitx5's ibus front-end owns.
        variables["IBUS_USE_PORTAL"] = "1"
        reason += "; through the IBus portal name (no ibus-daemon installed)"

    problem = None
    if module not in ("ibus", *_FCITX) and not explicit and not ibus_reachable:
        if "fcitx5" in running:
            problem = Problem.FCITX5_WITHOUT_IBUS_FRONTEND
        elif "fcitx4" in running:
            problem = Problem.FCITX4
        elif wants_fcitx and situation.bus_names is not None:
            problem = Problem.FCITX_NOT_RUNNING
    return Choice(module, variables, problem, running, reason)


def _where(endpoint: IbusEndpoint | None) -> str:
    if endpoint is None:
        return IBUS_PORTAL_NAME
    return f"{endpoint.owner}, {endpoint.path}"


# -- reading this machine -------------------------------------------------------------------


def bundled_input_contexts() -> frozenset[str]:
    """The input-context plugins next to the Qt this program runs (without importing Qt)."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    bases = list(spec.submodule_search_locations or []) if spec else []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        bases.append(str(Path(frozen) / "PySide6"))
    names: set[str] = set()
    for base in bases:
        folder = Path(base) / "Qt" / "plugins" / "platforminputcontexts"
        if folder.is_dir():
            for plugin in folder.iterdir():
                match = re.match(r"^(?:lib)?(\w+?)(?:platforminputcontext)?plugin\.", plugin.name)
                if match:
                    names.add(match.group(1))
    if "compose" in names:
        names.add("xim")
    if "fcitx5" in names:  # fcitx5-qt's plugin answers to both
        names.add("fcitx")
    return frozenset(names)


def _machine_id() -> str:
    for candidate in ("/var/lib/dbus/machine-id", "/etc/machine-id"):
        try:
            text = Path(candidate).read_text("ascii", errors="replace").strip()
        except OSError:
            continue
        if text:
            return text
    return ""


def ibus_address_file(env: Mapping[str, str]) -> Path | None:
    """Where ibus (and fcitx5's ibus front-end) write the address, as Qt's plugin reads it."""
    if env.get("IBUS_ADDRESS_FILE"):
        return Path(env["IBUS_ADDRESS_FILE"])
    display = env.get("DISPLAY", "")
    if not display:
        return None
    host, _, rest = display.partition(":")
    number = rest.split(".")[0] or "0"
    config = Path(env.get("XDG_CONFIG_HOME") or Path(env.get("HOME", "~")).expanduser() / ".config")
    return config / "ibus" / "bus" / f"{_machine_id()}-{host or 'unix'}-{number}"


def find_ibus_endpoint(env: Mapping[str, str]) -> IbusEndpoint | None:
    """The live ibus endpoint of this display: address file present, its process alive."""
    path = ibus_address_file(env)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            text = fh.read(16 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    values = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#")
    )
    try:
        pid = int(values.get("IBUS_DAEMON_PID", "").strip())
    except ValueError:
        return None
    if not values.get("IBUS_ADDRESS", "").strip() or pid <= 0 or not _alive(pid):
        return None
    return IbusEndpoint(str(path), _process_name(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text("utf-8", errors="replace").strip() or "?"
    except OSError:
        return "?"


# -- the session bus's names, without a D-Bus library ----------------------------------------

_BUS_TIMEOUT = 1.0
_MAX_REPLY = 1 << 20


def _bus_socket_address(env: Mapping[str, str]) -> str | bytes | None:
    """The first unix-socket address of the session bus (never a TCP one)."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address and env.get("XDG_RUNTIME_DIR"):
        address = f"unix:path={env['XDG_RUNTIME_DIR']}/bus"
    for entry in address.split(";"):
        kind, _, params = entry.partition(":")
        if kind != "unix":
            continue
        keys = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        from urllib.parse import unquote_to_bytes

        if "path" in keys:
            return unquote_to_bytes(keys["path"]).decode("utf-8", "surrogateescape")
        if "abstract" in keys:
            return b"\0" + unquote_to_bytes(keys["abstract"])
    return None


def _pad(data: bytearray, boundary: int) -> None:
    data.extend(b"\0" * (-len(data) % boundary))


def _method_call(serial: int, member: str) -> bytes:
    fields = bytearray()
    for code, sig, value in (
        (1, b"o", "/org/freedesktop/DBus"),
        (2, b"s", "org.freedesktop.DBus"),
        (3, b"s", member),
        (6, b"s", "org.freedesktop.DBus"),
    ):
        _pad(fields, 8)
        encoded = value.encode()
        fields += struct.pack("<BB", code, 1) + sig + b"\0"
        _pad(fields, 4)
        fields += struct.pack("<I", len(encoded)) + encoded + b"\0"
    message = bytearray(struct.pack("<cBBBII", b"l", 1, 0, 1, 0, serial))
    message += struct.pack("<I", len(fields)) + fields
    _pad(message, 8)
    return bytes(message)


def _read_exact(sock: _socket.socket, count: int) -> bytes:
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise OSError("the session bus closed the connection")
        data += chunk
    return bytes(data)


def _parse_names(body: bytes, big_endian: bool) -> list[str]:
    order = ">" if big_endian else "<"
    (length,) = struct.unpack_from(order + "I", body, 0)
    pos, end, names = 4, 4 + length, []
    while pos < end:
        pos += -pos % 4
        (size,) = struct.unpack_from(order + "I", body, pos)
        names.append(body[pos + 4 : pos + 4 + size].decode("utf-8", "replace"))
        pos += 4 + size + 1
    return names


def list_session_bus_names(env: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """``org.freedesktop.DBus.ListNames`` on the session bus; None when it cannot be asked.

    A minimal client (EXTERNAL authentication over the bus's unix socket, two method
    calls), bounded in time (one second) and in size (1 MiB), so the choice is made
    before Qt starts and without a D-Bus tool on the machine."""
    env = os.environ if env is None else env
    target = _bus_socket_address(env)
    if target is None:
        return None
    # _socket, the C module under the socket module: see desktop.single_instance.
    import _socket

    if not hasattr(_socket, "AF_UNIX"):
        return None
    try:
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            sock.settimeout(_BUS_TIMEOUT)
            sock.connect(target)
            uid = str(os.getuid()).encode().hex()  # type: ignore[attr-defined,unused-ignore]
            sock.sendall(b"\0AUTH EXTERNAL " + uid.encode() + b"\r\n")
            line = b""
            while not line.endswith(b"\r\n") and len(line) < 512:
                line += _read_exact(sock, 1)
            if not line.startswith(b"OK"):
                return None
            sock.sendall(b"BEGIN\r\n" + _method_call(1, "Hello") + _method_call(2, "ListNames"))
            received = 0
            while received < _MAX_REPLY:
                head = _read_exact(sock, 16)
                big = head[:1] == b"B"
                order = ">" if big else "<"
                kind = head[1]
                body_len, _serial, fields_len = struct.unpack(order + "III", head[4:16])
                header_rest = fields_len + (-(16 + fields_len) % 8)
                received += 16 + header_rest + body_len
                if received > _MAX_REPLY:
                    return None
                fields = _read_exact(sock, header_rest)
                body = _read_exact(sock, body_len)
                if kind == 3:  # an error
                    return None
                if kind == 2 and _reply_serial(fields, order) == 2:
                    return frozenset(_parse_names(body, big))
        finally:
            sock.close()
    except (OSError, struct.error, ValueError):
        return None
    return None


def _reply_serial(fields: bytes, order: str) -> int | None:
    pos = 0
    while pos + 4 <= len(fields):
        pos += -pos % 8
        if pos + 4 > len(fields):
            break
        code, sig_len = fields[pos], fields[pos + 1]
        sig = fields[pos + 2 : pos + 2 + sig_len]
        pos += 2 + sig_len + 1
        if sig in (b"u", b"i"):
            pos += -pos % 4
            (value,) = struct.unpack_from(order + "I", fields, pos)
            pos += 4
            if code == 5:
                return int(value)
        elif sig in (b"s", b"o"):
            pos += -pos % 4
            (size,) = struct.unpack_from(order + "I", fields, pos)
            pos += 4 + size + 1
        elif sig == b"g":
            pos += 1 + fields[pos] + 1
        else:
            return None
    return None


# -- putting it together --------------------------------------------------------------------


def observe(env: Mapping[str, str] | None = None) -> Situation:
    env = dict(os.environ if env is None else env)
    linux = sys.platform.startswith("linux")
    return Situation(
        env=env,
        plugins=bundled_input_contexts(),
        ibus_endpoint=find_ibus_endpoint(env) if linux else None,
        ibus_daemon_installed=shutil.which("ibus-daemon", path=env.get("PATH")) is not None,
        bus_names=list_session_bus_names(env) if linux else None,
        platform=sys.platform,
    )


_last: tuple[Situation | None, Choice] | None = None


def apply_input_context() -> Choice:
    """Choose and set the variables Qt reads (before QApplication); ``log_decision`` logs it."""
    global _last
    situation: Situation | None
    try:
        situation = observe()
        choice = choose_input_context(situation)
    except Exception:  # never a reason not to start
        situation, choice = None, Choice(module="", reason="the session could not be examined")
    os.environ.update(choice.env)
    _last = (situation, choice)
    return choice


def log_decision() -> None:
    """Log what was seen and chosen (once the log file is installed)."""
    if _last is None:
        return
    situation, choice = _last
    if situation is None:
        log.warning("input method: %s; Qt's own choice", choice.reason)
        return
    if not choice.module:
        return
    seen = {
        k: situation.env[k]
        for k in ("QT_IM_MODULES", "QT_IM_MODULE", "XMODIFIERS", "GTK_IM_MODULE")
        if k in situation.env
    }
    log.info(
        "input method: chose %s (%s); session variables %s; ibus endpoint %s; running %s; "
        "bundled plugins %s; ibus-daemon installed: %s",
        choice.module,
        choice.reason,
        seen or "none",
        _where(situation.ibus_endpoint) if situation.ibus_endpoint else "none",
        ", ".join(choice.running) or ("unknown" if situation.bus_names is None else "none"),
        ", ".join(sorted(situation.plugins)) or "none",
        situation.ibus_daemon_installed,
    )
    if choice.problem is not None:
        log.warning(
            "input method: %s; Chinese cannot be typed in this program", choice.problem.value
        )


def last_choice() -> Choice | None:
    """The choice made at start-up (for the window's notice)."""
    return None if _last is None else _last[1]


def main() -> int:
    """``python -m desktop.input_method``: what this session runs, what the program would
    choose, and how long looking took (a diagnosis for administrators)."""
    import json
    import time

    started = time.perf_counter()
    situation = observe()
    choice = choose_input_context(situation)
    took = (time.perf_counter() - started) * 1000
    report = {
        "module": choice.module,
        "set": choice.env,
        "reason": choice.reason,
        "running": list(choice.running),
        "problem": choice.problem.value if choice.problem else None,
        "advice": ADVICE[choice.problem] if choice.problem else None,
        "ibus_endpoint": _where(situation.ibus_endpoint) if situation.ibus_endpoint else None,
        "bus_names_known": situation.bus_names is not None,
        "bundled_plugins": sorted(situation.plugins),
        "ms": round(took, 2),
    }
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
