"""Benchmarks (numbers, not pass/fail): ``python -m desktop.bench``.

* cold start: from launching ``python -m desktop`` to the window shown with the index open;
* GUI-thread stall while typing a library query (event-loop latency, measured by a
  10 ms timer: the worst delay it suffers is the longest the window was frozen);
* opening the seed document (layout, outline, marks).

Runs offscreen with a throw-away user data folder.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

TYPED = "数字政府建设 一网通办 数据共享"
KEY_INTERVALS_MS = (90, 250)  # a brisk typist, and one slow enough for every search to land
TIMER_MS = 10


def cold_start(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "POLICY_LIBRARY_DATA_DIR": data, "QT_QPA_PLATFORM": "offscreen"}
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "desktop", "--exit-when-ready"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("ready"):
                    times.append((time.perf_counter() - started) * 1000)
                    break
            proc.wait(timeout=60)
    return times


def _measure(app: object, act: Callable[[Callable[[], None]], None]) -> list[float]:
    """Event-loop latency while ``act(finish)`` runs: how late each 10 ms tick came."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append(max(0.0, (now - last[0]) / 1e6 - TIMER_MS))
        last[0] = now

    probe = QTimer()
    probe.setInterval(TIMER_MS)
    probe.timeout.connect(tick)
    loop = QEventLoop()
    probe.start()
    QTimer.singleShot(0, lambda: act(loop.quit))
    QTimer.singleShot(60_000, loop.quit)  # never hang, whatever goes wrong
    loop.exec()
    probe.stop()
    return sorted(gaps)


def _type(
    widget: object, text: str, interval: int, finish: Callable[[], None], settle: int
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def step(i: int) -> None:
        if i >= len(text):
            QTimer.singleShot(settle, finish)
            return
        event = QInputMethodEvent()
        event.setCommitString(text[i])
        QApplication.sendEvent(widget, event)  # type: ignore[arg-type]
        QTimer.singleShot(interval, lambda: step(i + 1))

    step(0)


def in_process() -> tuple[dict[int, tuple[int, float, float, int]], dict[str, float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["POLICY_LIBRARY_DATA_DIR"] = tempfile.mkdtemp(prefix="policy-library-bench-")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.app import create_window

    window = create_window()
    window.show()
    loop = QEventLoop()
    window.index_ready.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    numbers: dict[str, float] = {}
    typing: dict[int, tuple[int, float, float, int]] = {}
    searches = [0]
    window.search_shown.connect(lambda _r: searches.__setitem__(0, searches[0] + 1))
    edit = window.search_panel.query_edit
    for interval in KEY_INTERVALS_MS:
        window.focus_search()
        edit.clear()
        searches[0] = 0

        def act(finish: Callable[[], None], iv: int = interval) -> None:
            _type(edit, TYPED, iv, finish, 600)

        gaps = _measure(app, act)
        typing[interval] = (
            searches[0],
            gaps[-1],
            gaps[int(len(gaps) * 0.99)],
            len(gaps),
        )
    # Pinyin into the library filter: filtering runs on the GUI thread.
    gaps = _measure(
        app, lambda finish: _type(window.library_panel.filter_edit, "szzfjs", 90, finish, 200)
    )
    numbers["filter_max_stall_ms"] = gaps[-1]
    window.library_panel.filter_edit.clear()

    assert window.library is not None
    seed = window.library.documents[0].id
    opens = []
    for _ in range(11):
        window.current = None
        started = time.perf_counter()
        window.open_document(seed, record=False)
        app.processEvents()  # include the repaint
        opens.append((time.perf_counter() - started) * 1000)
    window.close()
    numbers["open_first_ms"] = opens[0]
    numbers["open_median_ms"] = statistics.median(opens[1:])
    numbers["open_max_ms"] = max(opens)
    return typing, numbers


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    runs = int(args[0]) if args else 5
    from desktop import paths
    from index.store import check_index

    status = check_index(paths.bundled_index_dir(), paths.corpus_dir())
    sys.stdout.write(f"bundled index: {status.state.value} ({status.message})\n")
    if not status.ok:
        sys.stdout.write(
            "  (every start below includes rebuilding the index; run: python -m index build)\n"
        )
    starts = cold_start(runs)
    typing, numbers = in_process()
    out = sys.stdout.write
    out(f"cold start to window with index open ({runs} runs): ")
    median = statistics.median(starts)
    out(f"median {median:.0f} ms, min {min(starts):.0f}, max {max(starts):.0f}  (target ≤ 1500)\n")
    for interval in KEY_INTERVALS_MS:
        shown, worst, p99, ticks = typing[interval]
        out(
            f"GUI-thread stall while typing {len(TYPED)} characters into library search, one per "
            f"{interval} ms ({shown} result sets shown, {ticks} ticks): "
            f"max {worst:.1f} ms, p99 {p99:.1f} ms  (target ≤ 50)\n"
        )
    worst_filter = numbers["filter_max_stall_ms"]
    out(
        f"GUI-thread stall while typing pinyin into the library filter: max {worst_filter:.1f} ms\n"
    )
    out(
        f"open the seed document: first {numbers['open_first_ms']:.1f} ms, "
        f"median {numbers['open_median_ms']:.1f} ms, "
        f"max {numbers['open_max_ms']:.1f} ms  (target ≤ 150)\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
