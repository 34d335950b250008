"""Time the frozen application: ``python packaging/bench_frozen.py [--bundle DIR] [--runs N]``.

Prints, as JSON: the wall time from starting the executable to the window being shown
with the index open (the program prints "ready" at that moment and quits), and the
wall time of ``--self-check``; each the median, minimum and maximum of N runs, with a
fresh temporary HOME so every run is a first start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_until_ready(exe: Path, home: str) -> float:
    env = {**os.environ, "HOME": home, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("POLICY_LIBRARY_DATA_DIR", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "--exit-when-ready"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ready"):
            elapsed = time.perf_counter() - started
            proc.wait(timeout=60)
            return elapsed
    proc.wait(timeout=60)
    raise RuntimeError("the program never reported ready")


def time_self_check(exe: Path, home: str) -> float:
    env = {**os.environ, "HOME": home}
    env.pop("POLICY_LIBRARY_DATA_DIR", None)
    started = time.perf_counter()
    subprocess.run(
        [str(exe), "--self-check"], env=env, stdout=subprocess.DEVNULL, check=True, timeout=60
    )
    return time.perf_counter() - started


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values) * 1000),
        "min_ms": round(min(values) * 1000),
        "max_ms": round(max(values) * 1000),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", default=str(ROOT / "dist" / "policy-library"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = Path(args.bundle) / "policy-library"
    ready, check = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            ready.append(time_until_ready(exe, home))
        with tempfile.TemporaryDirectory() as home:
            check.append(time_self_check(exe, home))
    result = {"runs": args.runs, "start_to_window": summary(ready), "self_check": summary(check)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
