"""The window's benchmark (numbers, not pass/fail): ``python -m desktop.bench``.

``python -m desktop.bench [--corpus DIR | --synthetic N] [--runs N] [--json]`` measures,
for the bundled library, the library in ``DIR`` or a generated library of ``N`` legal
texts (:mod:`index.bench.synthetic_laws`; library and index are built once into a cache
folder):

* start → window shown (its first paint, the library listed in the tree) and start →
  library ready (the index open, the last document shown: what the program fills in
  right after the first paint), from launching ``python -m desktop``, and in the same
  run a bare PySide6 window (QApplication + QMainWindow shown) for the ratio; beside
  the wall time, the processor time each had used by then (as each reports it: on a
  busy machine the wall time also holds the time spent waiting for a processor);
* the peak resident memory of the started program;
* the longest GUI-thread stall while typing into the library filter and into library
  search (event-loop latency, measured by a 10 ms timer: the worst delay it suffers is
  the longest the window was frozen), and the same probe's worst delay with nothing to
  do (what the machine's load alone causes); beside each, the most processor time the
  GUI thread used between two ticks (its own longest piece of work: on a busy machine
  a stall also holds the time spent waiting for a processor);
* the time to open the largest document (from the request until the reading view has
  painted it), the longest stall while the rest of it is laid out, and the longest stall
  while scrolling through it page by page.

Runs offscreen with a throw-away user data folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index import paths

FILTER_TYPED = ("sjaq", "数据安全", "xzfg", "办法")  # pinyin initials and characters
SEARCH_TYPED = "数据安全 个人信息"
KEY_INTERVAL_MS = 90  # a brisk typist
TIMER_MS = 10

BARE_WINDOW = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QMainWindow(); w.resize(1200, 800); w.show(); app.processEvents()\n"
    "print(f'ready; processor {time.process_time() * 1000:.1f} ms since launch', flush=True)\n"
)


def _env(data: str, corpus: Path | None, index: Path | None) -> dict[str, str]:
    from desktop import paths

    env = {**os.environ, paths.DATA_DIR_ENV: data, "QT_QPA_PLATFORM": "offscreen"}
    if corpus is not None and index is not None:
        env[paths.CORPUS_DIR_ENV] = str(corpus)
        env[paths.INDEX_DIR_ENV] = str(index)
    return env


def _launch(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, float]:
    """Milliseconds from launch to the child's ``shown`` line (its first paint; the
    ``ready`` line when it prints none) and to its ``ready`` line, its peak RSS (KiB),
    and the processor time it had used by that first line (as it reports it: time
    spent waiting for a processor on a busy machine is not in it)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert proc.stdout is not None
    shown = ready = processor = float("nan")
    for line in proc.stdout:
        if line.startswith("shown"):
            shown = (time.perf_counter() - started) * 1000
            processor = _processor_ms(line)
        elif line.startswith("ready"):
            ready = (time.perf_counter() - started) * 1000
            if math.isnan(processor):
                processor = _processor_ms(line)
            break
    proc.stdout.close()
    _pid, _status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return (ready if math.isnan(shown) else shown), ready, int(usage.ru_maxrss), processor


def _processor_ms(line: str) -> float:
    """The ``processor N ms`` a child reports on a line (NaN when it reports none)."""
    found = re.search(r"processor ([0-9.]+) ms", line)
    return float(found.group(1)) if found else float("nan")


def cold_starts(
    runs: int,
    corpus: Path | None,
    index: Path | None,
    frozen: tuple[Path, Path] | None = None,
) -> dict[str, Any]:
    """The program and a bare PySide6 window, launched in turn ``runs`` times; with
    ``frozen`` (the bundle's executable, a frozen bare window's) both frozen, each run
    with a fresh home folder as well."""
    program = [sys.executable, "-m", "desktop", "--exit-when-ready"]
    bare_window = [sys.executable, "-c", BARE_WINDOW]
    if frozen is not None:
        program, bare_window = [str(frozen[0]), "--exit-when-ready"], [str(frozen[1])]
    bare, shown, ready, rss = [], [], [], []
    bare_cpu, shown_cpu = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            env = _env(data, corpus, index)
            if frozen is not None:
                env["HOME"] = data
            _shown, bare_ready, _rss, bare_processor = _launch(bare_window, env)
            bare.append(bare_ready)
            bare_cpu.append(bare_processor)
            first_paint, index_open, peak, processor = _launch(program, env)
            shown.append(first_paint)
            shown_cpu.append(processor)
            ready.append(index_open)
            rss.append(peak)
    bare_ms = statistics.median(bare)
    shown_ms = statistics.median(shown)
    ready_ms = statistics.median(ready)
    bare_cpu_ms = statistics.median(bare_cpu)
    shown_cpu_ms = statistics.median(shown_cpu)
    return {
        "start_cpu_ms": round(shown_cpu_ms, 1),
        "bare_window_cpu_ms": round(bare_cpu_ms, 1),
        "start_cpu_ratio": round(shown_cpu_ms / bare_cpu_ms, 2),
        "start_ms": round(shown_ms, 1),
        "start_runs_ms": [round(x, 1) for x in shown],
        "ready_ms": round(ready_ms, 1),
        "ready_runs_ms": [round(x, 1) for x in ready],
        "bare_window_ms": round(bare_ms, 1),
        "bare_runs_ms": [round(x, 1) for x in bare],
        "start_ratio": round(shown_ms / bare_ms, 2),
        "ready_ratio": round(ready_ms / bare_ms, 2),
        "peak_rss_mb": round(max(rss) / 1024, 1),
    }


def frozen_bare_window() -> Path:
    """A bare PySide6 window frozen by PyInstaller like the program (one folder, the same
    Qt modules left out): built once into the cache, keyed by the script and the
    versions of PySide6 and PyInstaller."""
    import importlib.metadata as metadata

    key = hashlib.sha256(
        "\0".join(
            (BARE_WINDOW, metadata.version("PySide6_Essentials"), metadata.version("pyinstaller"))
        ).encode()
    ).hexdigest()[:12]
    folder = _cache() / f"frozen-bare-window-{key}"
    exe = folder / "dist" / "bare-window" / "bare-window"
    if (folder / ".ready").is_file() and exe.is_file():
        return exe
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "bare-window.py"
    script.write_text(BARE_WINDOW, "utf-8")
    excluded = [
        f"PySide6.{name}"
        for name in ("QtNetwork", "QtQml", "QtQuick", "QtSql", "QtSvg", "QtOpenGL", "QtPdf")
    ] + ["tkinter", "unittest", "pydoc", "numpy"]
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--onedir"]
        + [f"--exclude-module={name}" for name in excluded]
        + ["--distpath", str(folder / "dist"), "--workpath", str(folder / "work")]
        + ["--specpath", str(folder), "--name", "bare-window", str(script)],
        check=True,
    )
    (folder / ".ready").touch()
    return exe


def _measure(app: object, act: Callable[[Callable[[], None]], None]) -> list[float]:
    """Event-loop latency while ``act(finish)`` runs: how late each 10 ms tick came
    (sorted; the last is the longest the window was frozen)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    last_cpu = [time.thread_time()]

    def tick() -> None:
        now, cpu = clock.nsecsElapsed(), time.thread_time()
        gaps.append(max(0.0, (now - last[0]) / 1e6 - TIMER_MS))
        _cpu_in_gaps.append((cpu - last_cpu[0]) * 1000)
        last[0], last_cpu[0] = now, cpu

    probe = QTimer()
    probe.setInterval(TIMER_MS)
    probe.timeout.connect(tick)
    loop = QEventLoop()
    probe.start()
    QTimer.singleShot(0, lambda: act(loop.quit))
    QTimer.singleShot(120_000, loop.quit)  # never hang, whatever goes wrong
    loop.exec()
    probe.stop()
    return sorted(gaps) or [0.0]


# The GUI thread's own processor time between two ticks of the latest measure: on a
# busy machine a stall is longer than the work that caused it (the program waits for a
# processor), and this is the part that is the program's.
_cpu_in_gaps: list[float] = []


def _worst(act: Callable[[Callable[[], None]], None]) -> float:
    return _measure(None, act)[-1]


def _worst_with_cpu(act: Callable[[Callable[[], None]], None]) -> tuple[float, float]:
    """The longest stall, and the most processor time the GUI thread spent between two
    ticks (its longest piece of work, whatever the machine's load)."""
    _cpu_in_gaps.clear()
    worst = _measure(None, act)[-1]
    return worst, max(_cpu_in_gaps, default=0.0)


def _type(
    widget: object, text: str, interval: int, finish: Callable[[], None], settle: int
) -> None:
    """Commit ``text`` one character at a time, as an input method does."""
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


def _largest_document(library: Any) -> str:
    catalog = getattr(library, "catalog", None)
    if catalog is not None:
        return str(max(catalog.documents, key=lambda e: e.blocks).id)
    return str(max(library.documents, key=lambda d: len(d.blocks)).id)


def in_process(corpus: Path | None, index: Path | None) -> dict[str, Any]:
    data = tempfile.mkdtemp(prefix="policy-library-bench-")
    os.environ.update(_env(data, corpus, index))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.app import create_window

    window = create_window()
    window.show()
    loop = QEventLoop()
    window.index_ready.connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    for _ in range(50):  # let start-up slices (library rows) finish
        app.processEvents()
    numbers: dict[str, Any] = {}
    panel = window.library_panel
    stalls, works = [], []
    for typed in FILTER_TYPED:
        panel.filter_edit.clear()
        app.processEvents()

        def typing(finish: Callable[[], None], text: str = typed) -> None:
            _type(panel.filter_edit, text, KEY_INTERVAL_MS, finish, 800)

        stall, cpu = _worst_with_cpu(typing)
        stalls.append(stall)
        works.append(cpu)

    def clear(finish: Callable[[], None]) -> None:
        panel.filter_edit.clear()
        QTimer.singleShot(800, finish)

    stall_clear, cpu_clear = _worst_with_cpu(clear)
    numbers["filter_max_stall_ms"] = round(max(*stalls, stall_clear), 1)
    numbers["filter_max_work_ms"] = round(max(*works, cpu_clear), 1)
    numbers["filter_stalls_ms"] = dict(
        zip(FILTER_TYPED, [round(s, 1) for s in stalls], strict=True)
    )

    edit = window.search_panel.query_edit
    window.focus_search()
    edit.clear()
    stall, cpu = _worst_with_cpu(
        lambda finish: _type(edit, SEARCH_TYPED, KEY_INTERVAL_MS, finish, 1500)
    )
    numbers["search_max_stall_ms"] = round(stall, 1)
    numbers["search_max_work_ms"] = round(cpu, 1)

    assert window.library is not None
    largest = _largest_document(window.library)
    opens, settles = [], []
    _open_work.clear()
    for _ in range(5):
        window.current = None
        # A document not read yet: it comes from the stored form each time.
        stored = getattr(window.library, "_stored", None)
        if stored is not None:
            stored._recent.clear()
        shown, settle = _open_and_time(app, window, largest)
        opens.append(shown)
        settles.append(settle)
    doc = window.current
    numbers["largest_document"] = doc.title if doc is not None else largest
    numbers["largest_blocks"] = len(doc.blocks) if doc is not None else 0
    numbers["open_largest_ms"] = round(statistics.median(opens), 1)
    numbers["open_largest_max_ms"] = round(max(opens), 1)
    numbers["open_largest_work_ms"] = round(statistics.median(_open_work or [0.0]), 1)
    numbers["open_then_max_stall_ms"] = round(max(settles), 1)

    bar = window.reader.verticalScrollBar()

    def scroll(finish: Callable[[], None]) -> None:
        def step() -> None:
            if bar.value() >= bar.maximum():
                finish()
                return
            bar.setValue(bar.value() + bar.pageStep())
            QTimer.singleShot(16, step)

        step()

    bar.setValue(0)
    stall, cpu = _worst_with_cpu(scroll)
    numbers["scroll_max_stall_ms"] = round(stall, 1)
    numbers["scroll_max_work_ms"] = round(cpu, 1)
    # The same probe with nothing to do: how late a tick comes on this machine, now (a
    # busy machine delays every tick; a stall well above this one is the program's own).
    numbers["idle_max_stall_ms"] = round(_worst(lambda finish: QTimer.singleShot(3000, finish)), 1)
    numbers["documents"] = len(window.library.documents)
    window.close()
    return numbers


def _cache() -> Path:
    return paths.bench_cache_dir()


def synthetic_library(docs: int) -> Path:
    """A generated library of ``docs`` legal texts in the cache folder (made once)."""
    from index.bench.synthetic_laws import ensure_law_library, law_library_dir

    if not (law_library_dir(_cache(), docs) / ".complete.json").is_file():
        sys.stderr.write(f"generating a library of {docs} documents …\n")
    return ensure_law_library(_cache(), docs)


_open_work: list[float] = []  # the GUI thread's processor time from request to paint


def _open_and_time(app: Any, window: Any, doc_id: str) -> tuple[float, float]:
    """Milliseconds from asking for ``doc_id`` until the reading view has painted it, and
    the longest GUI stall after that while the rest of the document is laid out."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    painted: list[float] = []
    started, cpu_started = time.perf_counter(), time.thread_time()

    class PaintProbe(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
                _open_work.append((time.thread_time() - cpu_started) * 1000)
            return False

    probe = PaintProbe()
    viewport = window.reader.viewport()
    viewport.installEventFilter(probe)
    try:
        window.open_document(doc_id, record=False)
        deadline = time.perf_counter() + 10
        while not painted and time.perf_counter() < deadline:
            app.processEvents()
    finally:
        viewport.removeEventFilter(probe)
    shown = ((painted[0] if painted else time.perf_counter()) - started) * 1000

    def settle(finish: Callable[[], None]) -> None:
        def check() -> None:
            if window.reader.complete:
                QTimer.singleShot(50, finish)
            else:
                QTimer.singleShot(5, check)

        check()

    return shown, _worst(settle)


def _rows_of_this_build(index: Path) -> bool:
    """Does the cached index's catalog keep what a build of this code writes (rows stored
    together and the tree's groups)?  One cached by an older build is still readable,
    but starts through the older path, so timing it would not time this code."""
    from index.catalog import ROWS_NAME, CatalogRows

    try:
        return CatalogRows(index / ROWS_NAME).tree_groups() is not None
    except (OSError, ValueError):
        return False


def index_for(corpus: Path) -> Path:
    """An index of ``corpus`` in the cache folder, built when missing or stale."""
    from index.store import build_index, check_index

    key = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:16]
    index = _cache() / f"{corpus.name}-{key}"
    if not check_index(index, corpus).ok or not _rows_of_this_build(index):
        sys.stderr.write(f"building the index of {corpus} into {index} …\n")
        report = build_index(corpus, index)
        sys.stderr.write(f"  {report.documents} documents in {report.seconds:.0f} s\n")
    return index


def stale_translations() -> list[str]:
    """The .ts sources without an up-to-date .qm beside them."""
    from desktop.i18n import ts_files

    stale = []
    for ts in ts_files():
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
            stale.append(ts.name)
    return stale


def compile_sources() -> None:
    """Compile the program's modules once, as an installation does: where the
    environment forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``) every start would
    otherwise compile them from source, which the bare window (PySide6's compiled
    modules only) does not."""
    import compileall

    root = Path(__file__).resolve().parents[1]
    for package in ("desktop", "index"):
        compileall.compile_dir(str(root / package), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.bench", description=__doc__)
    parser.add_argument("--corpus", help="a library folder (default: the bundled library)")
    parser.add_argument(
        "--synthetic", type=int, metavar="N", help="a generated library of N legal texts"
    )
    parser.add_argument("--runs", type=int, default=5, help="cold starts to time")
    parser.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    parser.add_argument(
        "--frozen",
        metavar="BUNDLE",
        help="time the frozen program in BUNDLE (packaging/build.py's dist/policy-library) "
        "against a frozen bare window, instead of the source tree",
    )
    parser.add_argument(
        "--starts-only", action="store_true", help="only the cold starts (no typing, opening)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    corpus = Path(args.corpus).resolve() if args.corpus else None
    if args.synthetic:
        corpus = synthetic_library(args.synthetic)
    index = index_for(corpus) if corpus is not None else None
    if corpus is None:
        from desktop import paths
        from index.store import check_index

        status = check_index(paths.bundled_index_dir(), paths.corpus_dir())
        if not status.ok:
            sys.stderr.write(f"the bundled index is {status.state.value}: python -m index build\n")
            return 1
    stale = stale_translations()
    if stale:
        # Each run starts with a fresh data folder: the program would compile them every time.
        sys.stderr.write(
            f"translations not built ({', '.join(stale)}): python -m desktop.i18n build\n"
        )
        return 1
    compile_sources()
    frozen = None
    if args.frozen:
        frozen = (Path(args.frozen).resolve() / "policy-library", frozen_bare_window())
    report: dict[str, Any] = {"corpus": str(corpus or "bundled"), "frozen": bool(frozen)}
    report.update(cold_starts(args.runs, corpus, index, frozen))
    if not args.starts_only:
        report.update(in_process(corpus, index))
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    out = sys.stdout.write
    documents = f" ({report['documents']} documents)" if "documents" in report else ""
    out(f"library: {report['corpus']}{documents}\n")
    out(
        f"start → window shown (first paint, library listed): median {report['start_ms']:.0f} "
        f"ms over {args.runs} runs; bare PySide6 window {report['bare_window_ms']:.0f} ms; "
        f"ratio {report['start_ratio']:.2f}  (target ≤ 2){' — frozen' if frozen else ''}\n"
    )
    out(
        f"processor time to the first paint: median {report['start_cpu_ms']:.0f} ms; bare "
        f"PySide6 window {report['bare_window_cpu_ms']:.0f} ms; ratio "
        f"{report['start_cpu_ratio']:.2f}\n"
    )
    out(
        f"start → library ready (index open, last document shown, search answers): median "
        f"{report['ready_ms']:.0f} ms; ratio {report['ready_ratio']:.2f}\n"
    )
    out(f"peak RSS of the started program: {report['peak_rss_mb']:.0f} MB\n")
    out(f"load average after the runs: {report['load_average']}\n")
    if args.starts_only:
        return 0
    out(f"longest delay of the probe with nothing to do: {report['idle_max_stall_ms']} ms\n")
    out(
        f"longest GUI stall typing into the library filter: {report['filter_max_stall_ms']} ms "
        f"{report['filter_stalls_ms']}  (target ≤ 50)\n"
    )
    out(
        f"longest GUI stall typing into library search: {report['search_max_stall_ms']} ms  "
        "(target ≤ 50)\n"
    )
    out(
        "the GUI thread's longest piece of work (processor time between two ticks): "
        f"filter {report['filter_max_work_ms']} ms, search {report['search_max_work_ms']} ms, "
        f"scrolling {report['scroll_max_work_ms']} ms\n"
    )
    out(
        f"open the largest document ({report['largest_document']}, "
        f"{report['largest_blocks']} blocks): median {report['open_largest_ms']} ms, "
        f"max {report['open_largest_max_ms']} ms  (target ≤ 100), GUI thread's processor "
        f"time {report['open_largest_work_ms']} ms; longest stall while the "
        f"rest is laid out: {report['open_then_max_stall_ms']} ms; "
        f"longest stall scrolling through it: {report['scroll_max_stall_ms']} ms\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
