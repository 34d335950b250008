"""Handing the store's futures back to the GUI thread.

The annotation writer resolves its futures on its own thread.  ``FutureBridge.watch``
relays a finished future through a queued signal, so the callback always runs on the
thread the bridge lives in (the GUI thread) — after the commit, never before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


class FutureBridge(QObject):
    _relay = Signal(object, object)  # callback, finished future

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def watch(self, future: Future[Any], callback: Callable[[Future[Any]], None]) -> None:
        """Call ``callback(future)`` on this object's thread once ``future`` is done."""
        self.pending += 1

        def relay(done: Future[Any]) -> None:
            try:
                self._relay.emit(callback, done)
            except RuntimeError:  # the window is gone; nobody is left to tell
                log.debug("future finished after its bridge was deleted")

        future.add_done_callback(relay)

    def _deliver(self, callback: Callable[[Future[Any]], None], future: Future[Any]) -> None:
        self.pending -= 1
        callback(future)
