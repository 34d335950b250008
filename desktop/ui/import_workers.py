"""The personal library's slow work (open, read, import, remove) in a thread of its own.

A :class:`LibraryTask` runs one function off the GUI thread.  The function receives a
``progress(done, total, name)`` callback that returns False once the user has asked
to cancel; it checks it between files, so a file is imported whole or not at all.
The result comes back through ``succeeded`` (queued to the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], bool]


class LibraryTask(QThread):
    progress = Signal(int, int, str)  # done, total, the file being worked on
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Progress], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, name: str) -> bool:
        self.progress.emit(done, total, name)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Exception as exc:
            log.exception("personal library task failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.succeeded.emit(result)
