"""Benchmarks of annotations in the window (numbers, not pass/fail):
``python -m desktop.annotations_bench_ui [--annotations N] [--screenshots DIR]``.

* highlight latency: from the highlight action to the highlight painted in the view
  (the store's commit included) and to the next repaint of the reading area;
* the notes panel with N annotations (default 10,000): GUI-thread stall (event-loop
  latency measured by a 10 ms timer) and time to the result while loading everything,
  picking a colour filter and typing a search.

Runs offscreen with a throw-away user data folder.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.bench import _measure, _type

HIGHLIGHT_RUNS = 30
TYPED = "数字政府"


def _wait(signal: Any, timeout_ms: int = 60_000) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _start_window() -> Any:
    from desktop.app import create_window

    window = create_window()
    window.resize(1400, 860)
    window.show()
    _wait(window.index_ready)
    # A reader needs well over a second to select the first passage; the store's
    # start-up work (backup, re-anchoring) is done by then, so measure from there.
    from PySide6.QtTest import QTest

    QTest.qWait(1500)
    return window


def _select(window: Any, index: int, start: int, end: int) -> None:
    from PySide6.QtGui import QTextCursor

    from desktop.text import utf16_offset

    placed = window.reader.placed[index]
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(placed.start + utf16_offset(placed.block.text, start))
    cursor.setPosition(
        placed.start + utf16_offset(placed.block.text, end), QTextCursor.MoveMode.KeepAnchor
    )
    window.reader.setTextCursor(cursor)


def highlight_latency(
    window: Any, runs: int, rng: random.Random
) -> tuple[list[float], list[float]]:
    """Milliseconds from the action to the highlight painted, and to the next repaint."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    ui = window.annotations
    viewport = window.reader.viewport()
    painted_ms: list[float] = []
    shown_ms: list[float] = []

    class PaintWatch(QObject):
        started = 0.0
        after_paint = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.after_paint:
                shown_ms.append((time.perf_counter() - self.started) * 1000)
                self.after_paint = False
                loop.quit()
            return False

    watch = PaintWatch()
    viewport.installEventFilter(watch)
    blocks = [i for i, p in enumerate(window.reader.placed) if len(p.block.text) > 20]
    loop = QEventLoop()

    def on_painted() -> None:
        if watch.started:
            painted_ms.append((time.perf_counter() - watch.started) * 1000)
            watch.after_paint = True

    ui.painted.connect(on_painted)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.setInterval(5000)  # never hang, whatever goes wrong
    guard.timeout.connect(loop.quit)
    for n in range(runs):
        index = rng.choice(blocks)
        length = len(window.reader.placed[index].block.text)
        start = rng.randrange(0, length - 10)
        window.reader.scroll_to_block(window.reader.placed[index].block.id)
        _select(window, index, start, start + rng.randrange(2, 10))
        window.repaint()
        watch.started = time.perf_counter()
        ui.highlight_selection(("yellow", "green", "blue", "pink", "purple")[n % 5], note="")
        guard.start()
        loop.exec()
        guard.stop()
        watch.started = 0.0
    ui.painted.disconnect(on_painted)
    viewport.removeEventFilter(watch)
    return painted_ms, shown_ms


def seed_store(data_dir: Path, count: int, rng: random.Random) -> None:
    """``count`` highlights and notes over the library, written in one import."""
    from desktop.annotations import AnnotationStore, new_highlight
    from desktop.library import Library

    library = Library.load(_corpus())
    documents = {d.id: d for d in library.documents}
    blocks = [(d, b) for d in library.documents for b in d.blocks if len(b.text) > 12]
    tags = ["学习", "待办", "数字政府", "营商环境", "考核", "引用"]
    made = []
    for n in range(count):
        doc, block = rng.choice(blocks)
        start = rng.randrange(0, len(block.text) - 8)
        made.append(
            new_highlight(
                doc,
                block.id,
                start,
                start + rng.randrange(2, 8),
                color=("yellow", "green", "blue", "pink", "purple")[n % 5],
                note=f"笔记 {n}" if n % 3 == 0 else "",
                tags=rng.sample(tags, rng.randrange(0, 3)),
            )
        )
    store = AnnotationStore(data_dir, backup_at_start=False)
    try:
        store.writer.import_annotations(made, documents).result()
    finally:
        store.close()


def _corpus() -> Path:
    from desktop import paths

    return paths.corpus_dir()


def panel_numbers(app: Any, window: Any) -> dict[str, tuple[float, float]]:
    """(max GUI stall ms, ms to the result shown) per panel operation."""
    panel = window.annotations.panel
    window.annotations.dock.show()
    window.annotations.dock.raise_()
    out: dict[str, tuple[float, float]] = {}

    def timed(name: str, start: Callable[[], None], settle_ms: int = 300) -> None:
        from PySide6.QtCore import QTimer

        took = [0.0]

        def act(finish: Callable[[], None]) -> None:
            began = time.perf_counter()

            def done(_count: int) -> None:
                took[0] = (time.perf_counter() - began) * 1000
                panel.shown.disconnect(done)
                QTimer.singleShot(settle_ms, finish)

            panel.shown.connect(done)
            start()

        gaps = _measure(app, act)
        out[name] = (gaps[-1], took[0])

    timed("load all", panel.refresh)
    timed("colour filter", lambda: panel.select(color="blue"))
    timed("tag filter", lambda: panel.select(tag="学习"))
    panel.select()
    _wait(panel.shown)
    # Typing: stall over the whole typing, results shown when typing pauses.
    began = [0.0]
    shown = [0]

    def count(_n: int) -> None:
        shown[0] += 1

    panel.shown.connect(count)

    def typing(finish: Callable[[], None]) -> None:
        began[0] = time.perf_counter()
        _type(panel.search_edit, TYPED, 120, finish, 800)

    gaps = _measure(app, typing)
    panel.shown.disconnect(count)
    out[f"typing '{TYPED}' ({shown[0]} results shown)"] = (gaps[-1], float("nan"))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    count = 10_000
    shots: Path | None = None
    if "--annotations" in args:
        count = int(args[args.index("--annotations") + 1])
    if "--screenshots" in args:
        shots = Path(args[args.index("--screenshots") + 1])
        shots.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = Path(tempfile.mkdtemp(prefix="policy-library-annotations-bench-"))
    os.environ["POLICY_LIBRARY_DATA_DIR"] = str(data_dir)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = random.Random(4)
    out = sys.stdout.write

    window = _start_window()
    painted, shown = highlight_latency(window, HIGHLIGHT_RUNS, rng)
    out(f"highlight latency, empty store ({len(painted)} highlights):\n")
    out(
        f"  action → highlight painted (commit included): first {painted[0]:.1f} ms, median "
        f"{statistics.median(painted):.1f} ms, max {max(painted):.1f} ms  (target < 50)\n"
    )
    out(
        f"  action → reading area repainted: median {statistics.median(shown):.1f} ms, "
        f"max {max(shown):.1f} ms\n"
    )
    if shots is not None:
        window.annotations.dock.show()
        window.annotations.dock.raise_()
        _wait(window.annotations.panel.shown, 3000)
        window.grab().save(str(shots / "annotations-window.png"))
    window.close()

    started = time.perf_counter()
    seed_store(data_dir, count, rng)
    out(f"seeded {count} annotations in {time.perf_counter() - started:.1f} s (one import)\n")
    window = _start_window()
    numbers = panel_numbers(app, window)
    out(f"notes panel with {count} annotations (GUI-thread stall = worst event-loop delay):\n")
    for name, (stall, took) in numbers.items():
        result = "" if took != took else f", result shown after {took:.0f} ms"
        out(f"  {name}: max stall {stall:.1f} ms{result}\n")
    painted, shown = highlight_latency(window, HIGHLIGHT_RUNS, rng)
    out(
        f"highlight latency with {count} in the store: action → painted median "
        f"{statistics.median(painted):.1f} ms, max {max(painted):.1f} ms; → repainted median "
        f"{statistics.median(shown):.1f} ms, max {max(shown):.1f} ms\n"
    )
    if shots is not None:
        window.grab().save(str(shots / "annotations-10000.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
