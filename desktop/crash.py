"""The global exception hook: log the traceback, then show a plain error dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

_showing = False
# Unattended runs (--smoke-test, --exit-when-ready) have nobody to close a dialog: an
# unexpected error ends the program with this status instead.
UNATTENDED_EXIT_STATUS = 70  # EX_SOFTWARE
_unattended = False


def _show_dialog(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.error_dialog import ErrorDialog

    if QApplication.instance() is None:
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    dialog = ErrorDialog(exc, details, QApplication.activeWindow())
    dialog.exec()


def handle_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.critical("unexpected error", exc_info=(exc_type, exc, tb))
    if _unattended:
        _quit_unattended(exc_type, exc, tb)
        return
    if _showing:
        return  # an error while the dialog is up: logged, not stacked
    _showing = True
    try:
        _show_dialog(exc_type, exc, tb)
    except Exception:
        log.exception("the error dialog could not be shown")
    finally:
        _showing = False


# Unattended runs (--smoke-test, --exit-when-ready) have nobody to close a dialog: an
# unexpected error ends the program with this status instead.
UNATTENDED_EXIT_STATUS = 70  # EX_SOFTWARE
_unattended = False


def _quit_unattended(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    from PySide6.QtWidgets import QApplication

    sys.stderr.write("".join(traceback.format_exception(exc_type, exc, tb)))
    sys.stderr.flush()
    app = QApplication.instance()
    if app is not None:
        app.exit(UNATTENDED_EXIT_STATUS)  # app.exec() returns it
    else:
        raise SystemExit(UNATTENDED_EXIT_STATUS)


def install_excepthook(*, unattended: bool = False) -> ExceptHook:
    """Install :func:`handle_exception`; returns the previous hook.

    ``unattended``: no dialog; an unexpected error exits with
    :data:`UNATTENDED_EXIT_STATUS` after writing the traceback to stderr (and the log).
    """
    global _unattended
    _unattended = unattended
    previous = sys.excepthook
    sys.excepthook = handle_exception
    return previous
