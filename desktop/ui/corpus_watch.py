"""After start-up, check in the background that the index still matches the corpus.

The window opens from the index's catalog without reading the corpus; comparing the
corpus with what the index was built from reads every file, so it runs in a thread and
reports only a mismatch (then the index is rebuilt, as for a stale index at start).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.library import corpus_matches

log = logging.getLogger(__name__)


class CorpusWatch(QObject):
    stale = Signal(object)  # IndexStatus, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def check(self, index_dir: Path, corpus_dir: Path) -> None:
        def run() -> None:
            try:
                status = corpus_matches(index_dir, corpus_dir)
            except OSError as exc:
                log.warning("the corpus could not be compared with the index: %s", exc)
                return
            if not status.ok:
                log.info("index %s: %s", index_dir, status.message)
                self.stale.emit(status)

        self._thread = threading.Thread(target=run, name="corpus-check", daemon=True)
        self._thread.start()

    def wait(self, seconds: float = 30.0) -> None:
        if self._thread is not None:
            self._thread.join(seconds)
