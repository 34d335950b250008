"""The window's benchmark reads from each launched window, beside the wall time, the
processor time it had used by its first paint (the figure a busy machine does not
inflate)."""

import math
import sys
from pathlib import Path

from desktop import bench


def test_a_bare_window_launch_reports_its_processor_time(tmp_path: Path) -> None:
    env = bench._env(str(tmp_path), None, None)
    shown, ready, peak_kib, processor = bench._launch(
        [sys.executable, "-c", bench.BARE_WINDOW], env
    )
    assert shown == ready and peak_kib > 0
    assert math.isfinite(processor) and processor > 0
    # Processor time since launch, single-threaded start: it cannot be far above the
    # wall time the parent measured around the whole launch.
    assert processor <= ready * 1.5 + 50


def test_a_line_without_processor_time_reads_as_unknown() -> None:
    assert math.isnan(bench._processor_ms("ready\n"))
    assert (
        bench._processor_ms("shown 412 ms after main(); processor 398.5 ms since launch\n") == 398.5
    )
