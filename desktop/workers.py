"""Background work, one way: the GUI thread never blocks and never races a worker.

:class:`BackgroundTasks` (in the manner of Picard's ``run_task``/``to_main`` and Anki's
``taskman``) runs a function off the GUI thread and hands its result back on the GUI
thread.  Work goes to named *lanes*, one worker thread each, so jobs of one kind run
one at a time in the order asked (searches never overlap, one library change at a
time) while jobs of different kinds do not wait for each other:

* ``search`` — library search; ``notes-panel`` — the notes panel's queries (both
  through :class:`LatestRequestService`: a request no longer the latest is skipped
  before it runs, and a late result is dropped on arrival);
* ``library`` — index rebuilds and personal-library opening, imports and removals;
* ``packs`` — opening the installed library packs (checks, catalogs, tree rows);
* ``files`` — export and import of notes files.

A task's function receives a :class:`TaskContext`: ``progress(done, total, label)``
reports (and returns False once the user has asked to cancel; work checks it between
steps, so a file is imported whole or not at all).  A task started with a
:class:`ProgressText` shows the one non-modal progress dialog with Cancel.

The close-while-busy rule, for the whole window: :meth:`BackgroundTasks.shutdown`
cancels every task, waits for each running step to end, and drops the results that
nobody will see (``discard`` releases what they hold, such as open searchers).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop import collector

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from PySide6.QtWidgets import QProgressDialog

    from index.facets import SearchOptions
    from index.search import CombinedSearcher, IndexSearcher, SearchResult

__all__ = [
    "SEARCH_LIMIT",
    "BackgroundTasks",
    "LatestRequestService",
    "ProgressText",
    "SearchService",
    "Task",
    "TaskContext",
]

log = logging.getLogger(__name__)

SEARCH_LIMIT = 500

T = TypeVar("T")


@dataclass(frozen=True)
class ProgressText:
    """What the progress dialog of a task says (``name`` is its object name)."""

    name: str
    title: str
    label: str


class TaskContext:
    """Handed to a task's function in its worker thread."""

    def __init__(self, task: Task) -> None:
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task.cancel_requested

    def progress(self, done: int, total: int, label: str = "") -> bool:
        """Report progress; returns False once the task is to stop."""
        self._task.progressed.emit(done, total, label)
        return not self._task.cancel_requested


class Task(QObject):
    """One piece of background work; lives on the GUI thread."""

    progressed = Signal(int, int, str)  # emitted from the worker, delivered queued
    settled = Signal()  # the result was handed over (or dropped)

    def __init__(
        self,
        work: Callable[[TaskContext], Any],
        done: Callable[[Any], None] | None,
        failed: Callable[[str], None] | None,
        discard: Callable[[Any], None] | None,
        lane: str,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.work = work
        self.done = done
        self.failed = failed
        self.discard = discard
        self.lane = lane
        self._cancel = threading.Event()
        self.finished = False
        self.future: Future[None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()


class BackgroundTasks(QObject):
    """The window's one runner of background work; see the module docstring."""

    _to_main = Signal(object)  # a callable to run on the GUI thread
    _results_ready = Signal()

    def __init__(self, parent: QObject | None = None, dialog_parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dialog_parent = dialog_parent
        self._to_main.connect(self._call, Qt.ConnectionType.QueuedConnection)
        self._results_ready.connect(self._hand_over, Qt.ConnectionType.QueuedConnection)
        self._results: deque[tuple[Task, Any, str | None]] = deque()
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._pending: dict[str, set[Future[None]]] = {}
        self._lock = threading.Lock()
        self.running: list[Task] = []
        self.progress_dialog: QProgressDialog | None = None
        self._dialog_task: Task | None = None
        self.closing = False

    # -- running ---------------------------------------------------------------------------
    def run(
        self,
        work: Callable[[TaskContext], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[str], None] | None = None,
        *,
        lane: str = "library",
        progress: ProgressText | None = None,
        discard: Callable[[T], None] | None = None,
    ) -> Task:
        """Run ``work(context)`` in ``lane``; ``done(result)`` or ``failed(message)`` follow
        on the GUI thread (unless the window is closing: then ``discard(result)``)."""
        task: Task = Task(work, done, failed, discard, lane, self)
        if self.closing:  # nothing new starts once the window is closing
            task.finished = True
            return task
        self.running.append(task)
        if progress is not None:
            self._show_progress(task, progress)
        task.future = self.submit(lane, lambda: self._execute(task))
        return task

    def submit(self, lane: str, function: Callable[[], None]) -> Future[None]:
        """Run ``function`` in ``lane``'s worker thread (results are the caller's affair)."""
        # concurrent.futures is loaded with the first background work, after the first paint
        from concurrent.futures import Future, ThreadPoolExecutor

        if self.closing:
            skipped: Future[None] = Future()
            skipped.set_result(None)
            return skipped
        with self._lock:
            executor = self._lanes.get(lane)
            if executor is None:
                executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"tasks-{lane}")
                self._lanes[lane] = executor
            future = executor.submit(function)
            pending = self._pending.setdefault(lane, set())
            pending.add(future)
        future.add_done_callback(lambda f: self._forget(lane, f))
        return future

    def _forget(self, lane: str, future: Future[None]) -> None:
        with self._lock:
            self._pending.get(lane, set()).discard(future)

    def to_main(self, function: Callable[..., None], *args: Any) -> None:
        """Call ``function(*args)`` on the GUI thread (from any thread)."""
        try:
            self._to_main.emit(lambda: function(*args))
        except RuntimeError:  # the window is gone; nobody is left to tell
            log.debug("background result after the runner was deleted")

    def watch(self, future: Future[T], callback: Callable[[Future[T]], None]) -> None:
        """Call ``callback(future)`` on the GUI thread once ``future`` (of another executor,
        such as the notes writer) is done."""
        future.add_done_callback(lambda done: self.to_main(callback, done))

    def _call(self, function: Callable[[], None]) -> None:
        function()

    def _execute(self, task: Task) -> None:
        try:
            result, error = task.work(TaskContext(task)), None
        except Exception as exc:
            log.exception("background task failed")
            result, error = None, f"{type(exc).__name__}: {exc}"
        self._results.append((task, result, error))
        # RuntimeError: the runner is gone, and shutdown() has handed everything over.
        with contextlib.suppress(RuntimeError):
            self._results_ready.emit()

    def _hand_over(self) -> None:
        """Deliver every finished task's result, in the order they finished."""
        while True:
            try:
                task, result, error = self._results.popleft()
            except IndexError:
                return
            self._finish(task, result, error)

    def _finish(self, task: Task, result: Any, error: str | None) -> None:
        task.finished = True
        if task in self.running:
            self.running.remove(task)
        if self._dialog_task is task:
            self._close_progress()
        try:
            if self.closing:
                if error is None and task.discard is not None:
                    task.discard(result)
            elif error is not None:
                if task.failed is not None:
                    task.failed(error)
            elif task.done is not None:
                task.done(result)
        finally:
            task.settled.emit()
            task.deleteLater()

    # -- the one progress dialog -----------------------------------------------------------
    def _show_progress(self, task: Task, text: ProgressText) -> None:
        from desktop.ui.progress import background_progress

        self._close_progress()
        parent = self._dialog_parent
        dialog = background_progress(parent, text.name, text.title, text.label, task.cancel)  # type: ignore[arg-type]
        self.progress_dialog = dialog
        self._dialog_task = task
        task.progressed.connect(self._on_progress)

    def _on_progress(self, done: int, total: int, label: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        if label and not dialog.wasCanceled():
            dialog.setLabelText(label)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self._dialog_task = None

    # -- state and closing -----------------------------------------------------------------
    def busy(self, lane: str | None = None) -> bool:
        """Is a task of ``lane`` (of any lane) started and not yet handed over?"""
        return any(lane is None or task.lane == lane for task in self.running)

    def wait_idle(self, lane: str | None = None, msecs: int = 30_000) -> bool:
        """Wait for the worker of ``lane`` (of every lane) to run out of work."""
        with self._lock:
            futures = [
                f
                for name, pending in self._pending.items()
                if lane in (None, name)
                for f in pending
            ]
        from concurrent.futures import wait as wait_futures

        _done, not_done = wait_futures(futures, timeout=msecs / 1000)
        return not not_done

    def shutdown(self) -> None:
        """The close-while-busy rule: cancel all, let running steps end, drop the results."""
        self.closing = True
        for task in list(self.running):
            task.cancel()
        self._close_progress()
        with self._lock:
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for executor in lanes:
            executor.shutdown(wait=True, cancel_futures=False)
        self._hand_over()  # dropped, and what they hold released, now


class LatestRequestService(QObject):
    """One lane whose results count only for the newest request.

    :meth:`request` gives each request an id; it is skipped if a newer one was asked for
    before it started, and its result reaches :meth:`on_result` (on the GUI thread)
    only while its id is still :attr:`latest_request` — a slow, superseded request
    never shows.  Subclasses turn results into their own signals.
    """

    lane = "requests"

    def __init__(self, parent: QObject | None = None, tasks: BackgroundTasks | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or _runner_of(parent) or BackgroundTasks(self)
        self._next_id = 0
        self.latest_request = 0

    def request(self, work: Callable[[int], object]) -> int:
        """Run ``work(request id)`` in this service's lane; returns the id."""
        self._next_id += 1
        request_id = self.latest_request = self._next_id

        def run() -> None:
            if request_id != self.latest_request:
                return  # superseded while waiting
            try:
                result = work(request_id)
            except Exception as exc:
                self.tasks.to_main(self._fail, request_id, self.failure_message(exc))
                return
            self.tasks.to_main(self._deliver, request_id, result)

        self.tasks.submit(self.lane, run)
        return request_id

    def failure_message(self, exc: Exception) -> str:
        """What a failed request says (in a worker thread); logged here."""
        log.exception("%s request failed", self.lane)
        return f"{type(exc).__name__}: {exc}"

    def _deliver(self, request_id: int, result: object) -> None:
        if request_id == self.latest_request:
            self.on_result(request_id, result)

    def _fail(self, request_id: int, message: str) -> None:
        if request_id == self.latest_request:
            self.on_failure(request_id, message)

    def on_result(self, request_id: int, result: object) -> None:
        raise NotImplementedError

    def on_failure(self, request_id: int, message: str) -> None:
        raise NotImplementedError

    def cancel_pending(self) -> None:
        self._next_id += 1
        self.latest_request = self._next_id

    def wait_idle(self, msecs: int = 5000) -> bool:
        return self.tasks.wait_idle(self.lane, msecs)


def _runner_of(parent: QObject | None) -> BackgroundTasks | None:
    """The runner of the window ``parent`` belongs to, if it has one."""
    while parent is not None:
        runner = getattr(parent, "tasks", None)
        if isinstance(runner, BackgroundTasks):
            return runner
        parent = parent.parent()
    return None


def _prepare(searcher: IndexSearcher | CombinedSearcher) -> None:
    try:
        searcher.prepare()
    except Exception:  # the first search reads the same files and reports the problem
        log.exception("preparing the searcher failed")
        return
    # The catalog and the tables just read are kept as long as the searcher is.
    collector.settle()


class SearchService(LatestRequestService):
    """Runs searches off the GUI thread; ``finished`` only ever reports the latest request."""

    lane = "search"
    finished = Signal(int, object)  # request id, SearchResult
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None, tasks: BackgroundTasks | None = None) -> None:
        super().__init__(parent, tasks)
        self.searcher: IndexSearcher | CombinedSearcher | None = None

    def set_searcher(self, searcher: IndexSearcher | CombinedSearcher | None) -> None:
        self.searcher = searcher
        if searcher is not None:
            # What the first query reads is read now, in the search lane (before any
            # search), not while the user waits for the first answer.
            self.tasks.submit(self.lane, lambda: _prepare(searcher))

    def search(
        self, query: str, doc_id: str | None = None, options: SearchOptions | None = None
    ) -> int:
        def work(_request_id: int) -> SearchResult | None:
            searcher = self.searcher  # the one installed when the search starts
            if searcher is None:
                return None
            return searcher.search(query, limit=SEARCH_LIMIT, doc_id=doc_id, options=options)

        return self.request(work)

    def on_result(self, request_id: int, result: object) -> None:
        if result is not None:
            self.finished.emit(request_id, result)

    def failure_message(self, exc: Exception) -> str:
        from index.index_files import IndexFileDamaged

        if not isinstance(exc, IndexFileDamaged):
            return super().failure_message(exc)
        # Damage, not a fault of the program: said in the interface language, as the
        # index check says it, with no traceback.
        from desktop.refusals import translate_reason
        from desktop.translators import shared as shared_translators

        log.error("search: %s", exc)
        return translate_reason(str(exc), shared_translators().language)

    def on_failure(self, request_id: int, message: str) -> None:
        self.failed.emit(request_id, message)
