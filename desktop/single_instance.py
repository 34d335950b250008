"""One window per user and data folder: a second launch hands its arguments to the first.

The first program listens on a local endpoint (an abstract Unix socket on Linux, a
socket file in the user's runtime folder on other POSIX systems, a named pipe on
Windows) derived from the user and the data folder.  A second launch connects, sends
its arguments and exits; the first brings its window to the front.  Nothing here
opens a network connection, and Qt's network module is not used.

If the endpoint cannot be reached or made, the program starts anyway: the data
folder's lock (:mod:`desktop.folder_lock`) then keeps the second one read-only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import _socket
    from multiprocessing.connection import Connection

try:  # CPython's own SHA-256: hashlib would load OpenSSL to start (the same digest)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - another Python
    from hashlib import sha256

__all__ = ["InstanceServer", "claim_instance", "endpoint_for"]

log = logging.getLogger(__name__)

_TIMEOUT = 3.0


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return os.environ.get("USERNAME", "user")


def endpoint_for(data_dir: Path) -> tuple[str, str]:
    """``(address, family)`` of the endpoint of this user and data folder."""
    key = sha256(f"{_user()}\0{data_dir.resolve()}".encode()).hexdigest()[:24]
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return rf"\\.\pipe\policy-library-{key}", "AF_PIPE"
    if sys.platform.startswith("linux"):
        return f"\0policy-library-{key}", "AF_UNIX"
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return str(Path(runtime) / f"policy-library-{key}.sock"), "AF_UNIX"


def _authkey(data_dir: Path) -> bytes:
    return sha256(f"policy-library\0{_user()}\0{data_dir.resolve()}".encode()).digest()


# The endpoint speaks multiprocessing.connection's protocol (its framing and its
# challenge of the shared key). On a Unix socket the socket itself is made, connected
# and accepted with _socket, the C module under the socket module (whose own module
# makes four enum classes of _socket's constants and loads selectors: some 5 ms of
# processor time before the window, for nothing used here): when nobody else is
# running — every first launch — neither socket, multiprocessing nor json is loaded
# before the window shows; they are when a second launch arrives. Windows' named pipes
# go through multiprocessing.connection whole.


def _connect(address: str, family: str, authkey: bytes) -> Connection:
    """A connection to the running instance, its key checked both ways: what
    ``multiprocessing.connection.Client`` makes (OSError when nobody listens)."""
    if family == "AF_PIPE":  # pragma: no cover - Windows only
        from multiprocessing.connection import Client

        return Client(address, family=family, authkey=authkey)
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(address)
    except BaseException:
        sock.close()
        raise
    from multiprocessing.connection import Connection, answer_challenge, deliver_challenge

    conn = Connection(sock.detach())
    try:
        answer_challenge(conn, authkey)
        deliver_challenge(conn, authkey)
    except BaseException:
        conn.close()
        raise
    return conn


def _hand_over(data_dir: Path, arguments: Sequence[str]) -> dict[str, Any] | None:
    address, family = endpoint_for(data_dir)
    try:
        conn = _connect(address, family, _authkey(data_dir))
    except (OSError, EOFError, ValueError) as exc:
        log.debug("no running instance at %r: %s", address, exc)
        return None
    import json

    from index.index_files import parse_json

    try:
        conn.send_bytes(json.dumps({"arguments": list(arguments)}).encode("utf-8"))
        if not conn.poll(_TIMEOUT):
            return None
        answer = parse_json(conn.recv_bytes(65536).decode("utf-8"))
        return answer if isinstance(answer, dict) else None
    except (OSError, EOFError, ValueError) as exc:
        log.warning("the running instance did not answer: %s", exc)
        return None
    finally:
        conn.close()


class _UnixListener:
    """``multiprocessing.connection.Listener``'s accept on a socket made by _socket
    (bound and listening before the window shows)."""

    def __init__(self, address: str, authkey: bytes) -> None:
        import _socket

        self._socket: _socket.socket = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            self._socket.bind(address)
            self._socket.listen(5)
        except OSError:
            self._socket.close()
            raise
        self._address = address
        self._authkey = authkey

    def accept(self) -> Connection:
        # socket.socket.accept wraps the descriptor from _socket's _accept in a socket
        fd, _peer = self._socket._accept()  # type: ignore[attr-defined]
        from multiprocessing.connection import Connection, answer_challenge, deliver_challenge

        os.set_blocking(fd, True)
        conn = Connection(fd)
        try:
            deliver_challenge(conn, self._authkey)
            answer_challenge(conn, self._authkey)
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        import _socket

        with contextlib.suppress(OSError):
            self._socket.shutdown(_socket.SHUT_RDWR)  # wakes the thread waiting in accept
        self._socket.close()
        if not self._address.startswith("\0"):
            with contextlib.suppress(OSError):
                os.unlink(self._address)


class InstanceServer:
    """Accepts hand-overs in a thread; ``on_arguments`` runs in that thread."""

    def __init__(self, listener: Any, on_arguments: Callable[[list[str]], None]) -> None:
        self._listener = listener
        self.on_arguments = on_arguments
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn = self._listener.accept()
            except (OSError, EOFError) as exc:  # a failed handshake, or closed
                if self._closed:
                    return
                log.info("single-instance connection refused: %s", exc)
                continue
            except Exception as exc:  # AuthenticationError and friends
                log.info("single-instance connection refused: %s", exc)
                continue
            self._answer(conn)

    def _answer(self, conn: Connection) -> None:
        import json

        from index.index_files import parse_json

        try:
            if not conn.poll(_TIMEOUT):
                return
            message = parse_json(conn.recv_bytes(65536).decode("utf-8"))
            arguments = message.get("arguments", []) if isinstance(message, dict) else []
            if not isinstance(arguments, list):  # another version's message: no arguments
                arguments = []
            arguments = [str(a) for a in arguments][:100]
            conn.send_bytes(json.dumps({"pid": os.getpid(), "accepted": True}).encode("utf-8"))
            self.on_arguments(arguments)
        except (OSError, EOFError, ValueError) as exc:
            log.info("single-instance message dropped: %s", exc)
        finally:
            conn.close()

    def close(self) -> None:
        """Stop answering; the endpoint is free once this returns (the thread waiting in
        accept held the socket, and with it the endpoint's name, until it had left)."""
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=_TIMEOUT)


def claim_instance(
    data_dir: Path,
    arguments: Sequence[str],
    on_arguments: Callable[[list[str]], None] = lambda _args: None,
) -> InstanceServer | dict[str, Any] | None:
    """Become the running instance, or hand ``arguments`` to the one already running.

    Returns the :class:`InstanceServer` when this process is now the first, the running
    instance's answer (``{"pid": …}``) when the arguments were handed over (exit then),
    or None when neither worked (start anyway; the folder lock decides)."""
    answer = _hand_over(data_dir, arguments)
    if answer is not None:
        return answer
    address, family = endpoint_for(data_dir)
    if family == "AF_UNIX" and not address.startswith("\0"):
        Path(address).unlink(missing_ok=True)  # left by a crash: nobody answered on it
    try:
        listener: Any
        if family == "AF_PIPE":  # pragma: no cover - Windows only
            from multiprocessing.connection import Listener

            listener = Listener(address, family=family, authkey=_authkey(data_dir))
        else:
            listener = _UnixListener(address, _authkey(data_dir))
    except OSError as exc:
        log.warning("cannot listen for a second launch (%s); starting anyway", exc)
        return None
    return InstanceServer(listener, on_arguments)
