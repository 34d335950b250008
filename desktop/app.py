"""The one entry point: arguments, logging, exception hook, QApplication, translators, window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__, paths
from desktop.i18n import LANGUAGES

if TYPE_CHECKING:
    from desktop.library import Library
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LOG_FILE = "policy-library.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


def parse_args(argv: list[str]) -> argparse.Namespace:
    plain = _parse_plain_args(argv)
    return plain if plain is not None else _parse_all_args(argv)


def _parse_all_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="policy-library", description="政策文库 — Policy Library, an offline reader."
    )
    parser.add_argument("--version", action="version", version=f"policy-library {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check the corpus, index and user data folder without a window; print a JSON report",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language for this run")
    parser.add_argument("--debug", action="store_true", help="log debug messages")
    parser.add_argument(
        "files", nargs="*", type=Path, help="documents to offer for import into My documents"
    )
    # For the start-up benchmark and install smoke tests: report when ready, then quit.
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    # For the input-method tests: what the library search box holds, printed at exit.
    parser.add_argument("--report-search-on-exit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the window, open the first document, search it, print a JSON line and quit",
    )
    # Qt's own options (-platform, -style …) pass through.
    args, unknown = parser.parse_known_args(argv)
    args.files += [Path(a) for a in unknown if not a.startswith("-")]
    return args


# What a launch from the desktop (files, or nothing) and the start-up benchmark pass,
# read without building the parser above: its help texts' translation look-ups load
# the locale module and compile regular expressions, some 4 ms of processor time
# before the window. Any other argument goes to the parser.
_PLAIN_FLAGS = {
    "--self-check": "self_check",
    "--debug": "debug",
    "--exit-when-ready": "exit_when_ready",
    "--report-search-on-exit": "report_search_on_exit",
    "--smoke-test": "smoke_test",
}


def _parse_plain_args(argv: list[str]) -> argparse.Namespace | None:
    """What the parser makes of ``argv`` when it holds only files and the flags above,
    else None."""
    if any(a.startswith("-") and a not in _PLAIN_FLAGS for a in argv):
        return None
    args = argparse.Namespace(lang=None, files=[], **dict.fromkeys(_PLAIN_FLAGS.values(), False))
    for argument in argv:
        if argument in _PLAIN_FLAGS:
            setattr(args, _PLAIN_FLAGS[argument], True)
        else:
            args.files.append(Path(argument))
    return args


_log_handler: logging.Handler | None = None


class RotatingLog(logging.FileHandler):
    """The log file, renamed to ``.1`` (``.1`` to ``.2`` …, the last one dropped) before
    a message would take it past ``max_bytes``: what ``logging.handlers``'
    RotatingFileHandler does, without loading that module (and the socket, pickle and
    queue modules it needs) to start."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(str(path), mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._would_overflow(record):
                self._roll_over()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _would_overflow(self, record: logging.LogRecord) -> bool:
        base = self.baseFilename
        if os.path.exists(base) and not os.path.isfile(base):
            return False  # a device or pipe (/dev/null) is never renamed
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)
        added = len(f"{self.format(record)}\n".encode(self.encoding or "utf-8", "replace"))
        return self.stream.tell() + added >= self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if self.backups > 0 and os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def install_logging(debug: bool = False) -> Path | None:
    """One rotating log file in the user data folder (installed once per process).

    Never fails: when the log file cannot be opened (a read-only or full data folder)
    messages go to stderr and None is returned."""
    global _log_handler
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    handler: logging.Handler
    try:
        log_file = paths.log_dir() / LOG_FILE
        path: Path | None = log_file
        if _log_handler is not None and getattr(_log_handler, "baseFilename", "") == str(path):
            return path
        handler = RotatingLog(log_file, LOG_BYTES, LOG_BACKUPS)
    except (OSError, RuntimeError) as exc:
        path = None
        handler = logging.StreamHandler(sys.stderr)
        sys.stderr.write(f"policy-library: no log file ({exc}); logging to stderr\n")
    if _log_handler is not None:
        root.removeHandler(_log_handler)
        _log_handler.close()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _log_handler = handler
    return path


def install_qt_message_handler() -> None:
    """Qt's own warnings go to the log file too, not only to a console nobody sees."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


# ``policy-library annotations …`` and ``policy-library import …`` run without a window.
SMOKE_TEST_LIMIT_MS = 600_000

SUBCOMMANDS = {
    "annotations": "desktop.annotations.cli",
    "import": "desktop.importing.cli",
    "export-pdf": "desktop.export_pdf_cli",
    "packs": "desktop.packs_cli",
}


def _run_subcommand(name: str, argv: list[str]) -> int:
    import importlib

    module = importlib.import_module(SUBCOMMANDS[name])
    return int(module.main(argv))


def keep_printing_local(client_conf_files: list[Path] | None = None) -> None:
    """Reach the print service through its local socket, never over TCP — by default.

    Without a running CUPS daemon, libcups falls back to localhost:631 when the print
    dialog lists printers; pointing it at the domain socket keeps the program free of
    any AF_INET socket (printing still works wherever cupsd runs). A print server the
    user or administrator chose (``CUPS_SERVER``, or ``ServerName`` in CUPS's
    ``client.conf``) is left to libcups: offices that print through a central server.
    """
    import os

    if not sys.platform.startswith("linux") or "CUPS_SERVER" in os.environ:
        return
    files = cups_client_conf_files() if client_conf_files is None else client_conf_files
    server = configured_print_server(files)
    if server:
        log.info("printing through the configured print server %s", server)
        return
    os.environ["CUPS_SERVER"] = "/run/cups/cups.sock"


def cups_client_conf_files() -> list[Path]:
    """Where libcups looks for ``client.conf``: the user's first, then the system's."""
    import os

    server_root = Path(os.environ.get("CUPS_SERVERROOT") or "/etc/cups")
    return [Path.home() / ".cups" / "client.conf", server_root / "client.conf"]


def configured_print_server(files: list[Path]) -> str | None:
    """The ``ServerName`` of the first ``client.conf`` that sets one (as libcups reads it)."""
    for path in files:
        try:
            with path.open(encoding="utf-8", errors="replace") as fh:
                lines = fh.read(64 * 1024).splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.strip().partition(" ")
            if key.lower() == "servername" and value.strip():
                return value.strip()
    return None


def choose_input_method() -> None:
    """The input context Qt loads, from what is running (see ``desktop.input_method``)."""
    from desktop.input_method import apply_input_context

    apply_input_context()


def skip_feature_scan() -> None:
    """Spare every later import PySide6's look for ``from __feature__ import``.

    Once loaded, PySide6 reads the whole source of each module imported after it
    (``inspect.getsource``: a file read and kept in ``linecache``) to learn whether the
    module switches on one of its optional features (snake_case names, true properties).
    This program uses none of them: every module is known to keep PySide's default
    (selection 0) without its source being read. Where PySide has no such check (another
    version) nothing changes."""
    import shiboken6  # noqa: F401  (loads PySide's support modules)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_default_features  # type: ignore[attr-defined]


def _uses_default_features(_module: object) -> bool:
    return True  # recorded as selection 0: PySide's default, no optional feature


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    raw = sys.argv[1:] if argv is None else argv
    if raw and raw[0] in SUBCOMMANDS:
        gc.enable()  # the entry scripts load the program with the collector off
        return _run_subcommand(raw[0], raw[1:])
    # Start-up makes objects that live as long as the program (modules, classes, widgets,
    # the library's rows): collecting while they are made only costs time — a few dozen
    # passes before the first paint. Collection resumes right after the window's first
    # paint (what start-up made is frozen then: _collect_again), or when
    # main returns.
    gc.disable()
    try:
        return _start(raw, argv, started)
    finally:
        gc.enable()


def _start(raw: list[str], argv: list[str] | None, started: float) -> int:
    skip_feature_scan()
    keep_printing_local()
    choose_input_method()
    args = parse_args(raw)
    if args.self_check:
        from desktop.self_check import main as self_check_main

        gc.enable()
        return self_check_main()
    from desktop.data_folder import repair_home

    repair_home()
    from PySide6.QtWidgets import QApplication

    qt_argv = [sys.argv[0], *(sys.argv[1:] if argv is None else argv)]
    existing = QApplication.instance()
    app = existing or QApplication(qt_argv)
    # Qt has taken its own options (-platform …) out of arguments(): the rest are files
    # (parsed again only when Qt took something).
    left = app.arguments()[1:]
    files = args.files if existing or left == raw else parse_args(left).files
    # Named before anything asks for the data folder (the log is in it).
    app.setOrganizationName(paths.ORG_NAME)
    app.setApplicationName(paths.APP_ID)
    if not _data_folder_usable(args.lang):
        return 1
    install_logging(args.debug)
    from desktop.input_method import log_decision

    log_decision()
    relay = _SecondLaunchRelay.create()
    instance = _claim_instance(_arguments_to_hand_over(raw, args.files), relay)
    if isinstance(instance, dict):
        sys.stdout.write(
            f"policy-library is already running (process {instance.get('pid')}); "
            "its window was brought to the front\n"
        )
        return 0
    from desktop.crash import install_excepthook

    install_excepthook(unattended=bool(args.smoke_test or args.exit_when_ready))
    install_qt_message_handler()
    window = create_window(language_override=args.lang)
    window.show()
    from desktop.ui.first_paint import after_first_paint

    after_first_paint(window, _collect_again)
    after_first_paint(window, lambda: _close_when_asked_to_stop(window))
    relay.arrived.connect(lambda arguments: _bring_to_front(window, arguments))
    log.info("window shown %.0f ms after start", (time.perf_counter() - started) * 1000)
    if files:
        window.offer_import(files)

    if args.report_search_on_exit:
        _report_search_on_exit(window)
    if args.exit_when_ready:
        _exit_when_ready(window, started)
    elif args.smoke_test:
        _smoke_test(window, started)
    return int(app.exec())


def _collect_again() -> None:
    """Right after the first paint: what start-up made is kept out of the collector's
    passes (it lives as long as the window), then collection resumes. Enabled without
    that, the first pass would go through every object made since start, before the
    paint when it came at the first turn of the event loop."""
    gc.freeze()
    gc.enable()


_STOP_SIGNAL_WAKER: list[Any] = []


def _close_when_asked_to_stop(window: MainWindow) -> None:
    """After the first paint: SIGTERM (a logout, ``kill``), SIGHUP (the terminal that
    started the program closed) and Ctrl+C close the window as the user would: running
    work ends by the close-while-busy rule, the window's state is saved and the stores
    close, instead of the process ending wherever it is (a notes export half-written)."""
    import signal

    if sys.platform == "win32":  # no such signals reach a Windows program
        return
    import contextlib
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    # Python runs a signal's handler only when it runs again: while Qt waits for events
    # it does not, so the signal also wakes Qt's loop through this socket pair.
    receive, send = socket.socketpair()
    receive.setblocking(False)
    send.setblocking(False)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read)

    def drain() -> None:
        with contextlib.suppress(OSError):
            receive.recv(512)

    notifier.activated.connect(drain)
    _STOP_SIGNAL_WAKER.extend((receive, send, notifier))  # kept for the process's life

    def close() -> None:
        with contextlib.suppress(RuntimeError):  # the window is gone already
            window.close()

    def stop(signum: int, _frame: object) -> None:
        log.info("closing on %s", signal.Signals(signum).name)
        QTimer.singleShot(0, close)

    signal.set_wakeup_fd(send.fileno())
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, stop)
    log.info("SIGTERM, SIGHUP and Ctrl+C close the window")


class _SecondLaunchRelay:
    """Carries a second launch's arguments from the listening thread to the GUI thread."""

    @staticmethod
    def create() -> Any:
        from PySide6.QtCore import QObject, Signal

        class Relay(QObject):
            arrived = Signal(list)

        return Relay()


def _arguments_to_hand_over(raw: list[str], files: list[Path]) -> list[str]:
    """``raw`` with the files it names made absolute: a running window that takes them
    over has a working folder of its own (a file named from a terminal elsewhere would
    not be found there)."""
    named = set(files)
    return [
        os.path.abspath(arg) if not arg.startswith("-") and Path(arg) in named else arg
        for arg in raw
    ]


def _claim_instance(arguments: list[str], relay: Any) -> Any:
    """This process's single-instance server, or the running instance's answer (a dict)."""
    from desktop.single_instance import claim_instance

    try:
        return claim_instance(paths.user_data_dir(), arguments, relay.arrived.emit)
    except Exception:  # never a reason not to start
        log.exception("single-instance check failed; starting anyway")
        return None


def _bring_to_front(window: MainWindow, arguments: list[str]) -> None:
    log.info("a second launch handed over its arguments: %s", arguments)
    window.showNormal()
    window.raise_()
    window.activateWindow()
    try:
        named = parse_args(arguments).files
    except SystemExit:  # another version's launch: an option value this one lacks (--lang)
        named = [Path(arg) for arg in arguments if not arg.startswith("-")]
    files = [f for f in named if f.is_file()]
    if files:
        window.offer_import(files)


def _verify_index_in_background(window: MainWindow, choice: Any, corpus_dir: Path) -> None:
    """Start-up checked sizes and sampled checksums; now read every byte, off the GUI thread.

    A damaged index found this way is closed at once (no search answers from it) and
    rebuilt into the per-user folder, with the message of any unusable index."""
    from desktop.library import IndexChoice
    from index.store import check_index

    def damaged(status: Any) -> None:
        if status is None or status.ok:
            return
        log.error("the index %s failed its full check: %s", choice.path, status.message)
        if window.library is not None and window.library.searcher is not None:
            window.search_service.set_searcher(None)
            window.library.close_index()
        window.use_index(IndexChoice(paths.user_index_dir(), status, choice.bundled_status))

    def verify(_context: Any) -> Any:
        try:
            return check_index(choice.path, corpus_dir, full=True)
        except Exception:  # the check itself must never take the program down
            log.exception("full index check failed")
            return None

    # The window's runner: a window closed meanwhile waits for the check and drops it.
    window.tasks.run(verify, damaged, lane="index-check")


def _data_folder_usable(language: str | None) -> bool:
    """Explain (in a dialog and on stderr) a data folder that cannot be used at all."""
    from desktop.data_folder import data_folder_problem

    problem = data_folder_problem()
    if problem is None:
        return True
    from desktop.translators import system_language

    text = problem.message(language or system_language())
    sys.stderr.write(f"policy-library: {text}\n")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    if QGuiApplication.platformName() != "offscreen":  # nobody would see it (tests, CI)
        title = paths.APP_NAME_ZH if text != problem.message("en") else paths.APP_NAME
        QMessageBox.critical(None, title, text)  # type: ignore[arg-type,unused-ignore]
    return False


def _exit_when_ready(window: MainWindow, started: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.first_paint import after_first_paint

    def shown() -> None:
        sys.stdout.write(
            f"shown {(time.perf_counter() - started) * 1000:.0f} ms after main(); "
            f"processor {time.process_time() * 1000:.1f} ms since launch\n"
        )
        sys.stdout.flush()

    after_first_paint(window, shown)

    def ready() -> None:
        sys.stdout.write(f"ready {(time.perf_counter() - started) * 1000:.0f} ms after main()\n")
        sys.stdout.flush()
        window.close()
        QApplication.quit()

    # After the index is open and the events queued by then (first paint) are handled.
    window.index_ready.connect(lambda: QTimer.singleShot(0, ready))
    QTimer.singleShot(60_000, QApplication.quit)


def _report_search_on_exit(window: MainWindow) -> None:
    import json

    from PySide6.QtWidgets import QApplication

    panel = window.search_panel

    def report() -> None:
        model = panel.tree.model()
        state = {
            "query": panel.query_edit.text(),
            "result_rows": model.rowCount() if model is not None else 0,
            "status": panel.status.text(),
            "input_method_notice": _input_method_notice_text(window),
        }
        sys.stdout.write(json.dumps(state, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.connect(report)

    def ready() -> None:
        # Typing can begin: the index is open and the window's later parts are built.
        sys.stdout.write("ready\n")
        sys.stdout.flush()

    window.index_ready.connect(lambda: window.when_complete(ready))


def _input_method_notice_text(window: MainWindow) -> str:
    from PySide6.QtWidgets import QLabel, QToolBar

    bar = window.findChild(QToolBar, "inputMethodNotice")
    label = bar.findChild(QLabel, "inputMethodNoticeText") if bar is not None else None
    return label.text() if bar is not None and label is not None and not bar.isHidden() else ""


def _smoke_test(window: MainWindow, started: float) -> None:
    """Once the index is open: open the first document, search its title, report, quit."""
    import json

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from index.folding import is_unit_char

    outcome: dict[str, object] = {"ok": False}

    def run() -> None:
        library = window.library
        if library is None or not library.documents or library.searcher is None:
            outcome["error"] = "no documents or no index"
        else:
            doc = library.documents[0]
            opened = window.open_document(doc.id)
            shown = window.reader.toPlainText()
            probe = "".join(ch for ch in doc.title if is_unit_char(ch))[:4]
            result = library.searcher.search(probe, limit=5)
            outcome.update(
                ok=bool(opened and doc.title in shown and result.total > 0),
                document=doc.id,
                title_shown=doc.title in shown,
                query=probe,
                search_total=result.total,
                ms=round((time.perf_counter() - started) * 1000),
            )
        sys.stdout.write(json.dumps(outcome, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        window.close()
        QApplication.exit(0 if outcome["ok"] else 1)

    window.index_ready.connect(lambda: QTimer.singleShot(0, run))
    # Long enough for a rebuild of the bundled library from its archive (a damaged index).
    QTimer.singleShot(SMOKE_TEST_LIMIT_MS, lambda: QApplication.exit(3))


def _explain_input_method(window: MainWindow) -> None:
    """An input method runs that this program cannot reach: say so, and what to do."""
    from desktop.input_method import last_choice

    choice = last_choice()
    if choice is not None and choice.problem is not None:
        from desktop.ui.input_method_notice import notice_situation, show_input_method_notice

        show_input_method_notice(
            window,
            choice.problem,
            situation=notice_situation(choice),
            settings=window.settings,
        )


def _choose_index_in_background(window: MainWindow, library: Library, corpus_dir: Path) -> None:
    """Run :func:`~index.session.choose_index` (sizes, sampled checksums) in a thread — it
    loads the search engine too — and hand its choice to the window on the GUI thread.

    An intact index is trusted to match the corpus until the full check (off the GUI
    thread as well) says otherwise."""

    def chosen(choice: Any) -> None:
        if isinstance(choice, BaseException):
            raise choice  # the check itself failed: the crash handler reports it
        from index.catalog import Catalog

        catalog = library.catalog
        elsewhere = choice.path != getattr(catalog, "index_dir", None)
        if catalog is not None and (
            not choice.usable or (elsewhere and not Catalog.exists(choice.path))
        ):
            # Listed from an index that turned out unusable: what the corpus holds instead.
            library.read_corpus_instead()
            window.library_panel.set_entries(library.entries(), window.simplified)
        window.use_index(choice)
        # The index's files and the library's rows are kept from now on: out of the
        # collector's full passes (desktop.collector).
        from desktop import collector

        collector.settle()
        if choice.usable:
            _verify_index_in_background(window, choice, corpus_dir)

    def check(_context: Any) -> Any:
        try:
            from index.session import choose_index

            return choose_index(None, paths.bundled_index_dir(), paths.user_index_dir())
        except Exception as exc:  # handed to the GUI thread
            return exc

    def unused(_choice: Any) -> None:  # the window closed before the check ended
        log.info("index check finished after the window closed")

    window.tasks.run(check, chosen, lane="index-check", discard=unused)


def create_window(language_override: str | None = None) -> MainWindow:
    """Everything after QApplication: fonts, translators, library, index, the window."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setOrganizationName(paths.ORG_NAME)
    app.setApplicationName(paths.APP_ID)
    from desktop import fonts
    from desktop.library import likely_index_dir, open_library_listed_by
    from desktop.settings import Settings
    from desktop.translators import shared as shared_translators
    from desktop.ui.main_window import MainWindow

    app.setApplicationDisplayName(paths.APP_NAME_ZH)
    app.setApplicationVersion(__version__)
    icon = paths.icons_dir() / "policy-library.png"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    # The bundled serif is the fallback behind the system's fonts: where a system CJK
    # sans shows the interface's Chinese (the reading view is empty until a document
    # opens), it is registered right after the first paint, not before it.
    bundled_font_later = bool(fonts.system_ui_cjk_families())
    if not bundled_font_later:
        fonts.load_bundled_fonts()
    fonts.install_ui_fallback(app)
    settings = Settings()
    translators = shared_translators()
    translators.apply(language_override or settings.language)
    log.info("policy-library %s starting; user data in %s", __version__, paths.user_data_dir())

    corpus_dir = paths.corpus_dir()
    problem = ""
    library: Library | None
    # The window lists the library from the catalog of the index that will most likely
    # be chosen; the index itself is checked and opened after the first paint, off the
    # GUI thread (the search engine is not even loaded before then).
    listed_by = likely_index_dir(paths.bundled_index_dir(), paths.user_index_dir())
    try:
        library = open_library_listed_by(corpus_dir, listed_by)
    except FileNotFoundError:
        library = None
        problem = QCoreApplication.translate(
            "App",
            "The document folder was not found:\n%1\n\n"
            "Reinstall the program or ask your administrator.",
        ).replace("%1", str(corpus_dir))
        log.error("corpus folder missing: %s", corpus_dir)
    window = MainWindow(library, settings, translators, corpus_dir, problem)
    if library is not None and library.corpus.skipped:
        log.warning("%d corpus file(s) skipped", len(library.corpus.skipped))

    def after_show() -> None:
        _explain_input_method(window)
        if library is None:
            from desktop.ui.error_dialog import show_message

            show_message(window, QCoreApplication.translate("App", "Documents missing"), problem)
            return
        window.restore_session()
        # What start-up built lives as long as the window: keep the collector from
        # scanning it again and again (a full pass stalls the GUI thread for tens of ms).
        gc.freeze()
        _choose_index_in_background(window, library, corpus_dir)

    from desktop.ui.first_paint import after_first_paint

    # The window paints first; its remaining parts (notes, My documents, packs …) are
    # built in short steps, then the index, the last document and the checks follow
    # (the "library ready" moment the benchmark also prints).
    def after_paint() -> None:
        if bundled_font_later:
            fonts.add_bundled_fallback(app)
        window.complete_after_paint(after_show)

    after_first_paint(window, after_paint)
    return window
