"""Background work: library search and index rebuilds never run on the GUI thread.

Searches go to a single worker thread (a QThreadPool of one), so they run one at a
time in the order asked.  Every request carries an id; a request that is no longer
the latest is skipped before it runs, and a late result is dropped on arrival.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from index.search import CombinedSearcher, IndexSearcher, SearchResult
from index.store import BuildError, BuildReport, build_index

log = logging.getLogger(__name__)

SEARCH_LIMIT = 500


class _SearchTask(QRunnable):
    def __init__(
        self, service: SearchService, request_id: int, query: str, doc_id: str | None
    ) -> None:
        super().__init__()
        self.service = service
        self.request_id = request_id
        self.query = query
        self.doc_id = doc_id

    def run(self) -> None:
        service = self.service
        if self.request_id != service.latest_request:
            return  # superseded while waiting
        searcher = service.searcher
        if searcher is None:
            return
        try:
            result = searcher.search(self.query, limit=SEARCH_LIMIT, doc_id=self.doc_id)
        except Exception as exc:
            log.exception("search failed for %r", self.query)
            service.relay_failed.emit(self.request_id, f"{type(exc).__name__}: {exc}")
            return
        service.relay_finished.emit(self.request_id, result)


class LatestRequestService(QObject):
    """One worker thread whose results count only for the newest request.

    Each request gets an id; a result is delivered (on the GUI thread) only while its id
    is still :attr:`latest_request`, so a slow, superseded request never shows.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._next_id = 0
        self.latest_request = 0

    def _start(self, make_task: Callable[[int], QRunnable]) -> int:
        self._next_id += 1
        self.latest_request = self._next_id
        self._pool.start(make_task(self._next_id))
        return self._next_id

    def cancel_pending(self) -> None:
        self._next_id += 1
        self.latest_request = self._next_id

    def wait_idle(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)


class SearchService(LatestRequestService):
    """Runs searches off the GUI thread; ``finished`` only ever reports the latest request."""

    finished = Signal(int, object)  # request id, SearchResult
    failed = Signal(int, str)
    # Emitted from the worker thread; queued to the GUI thread, where stale ids are dropped.
    relay_finished = Signal(int, object)
    relay_failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.searcher: IndexSearcher | CombinedSearcher | None = None
        self.relay_finished.connect(self._on_finished)
        self.relay_failed.connect(self._on_failed)

    def set_searcher(self, searcher: IndexSearcher | CombinedSearcher | None) -> None:
        self.searcher = searcher

    def search(self, query: str, doc_id: str | None = None) -> int:
        return self._start(lambda request_id: _SearchTask(self, request_id, query, doc_id))

    def _on_finished(self, request_id: int, result: SearchResult) -> None:
        if request_id == self.latest_request:
            self.finished.emit(request_id, result)

    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self.latest_request:
            self.failed.emit(request_id, message)


class IndexBuilder(QThread):
    """Rebuilds the index in a thread; ``progress`` reports documents done of total."""

    progress = Signal(int, int)
    succeeded = Signal(object)  # BuildReport
    failed = Signal(str, bool)  # message, whether the user cancelled

    def __init__(self, corpus_dir: Path, out_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.corpus_dir = corpus_dir
        self.out_dir = out_dir
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            report: BuildReport = build_index(
                self.corpus_dir, self.out_dir, progress=self._progress
            )
        except BuildError as exc:
            self.failed.emit(str(exc), self._cancel.is_set())
            return
        except Exception as exc:
            log.exception("index rebuild failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}", False)
            return
        self.succeeded.emit(report)
