"""What opening the installed packs costs the window (numbers, not pass/fail).

``python -m desktop.packs_bench --data-dir DIR [--runs N] [--json]`` times, for the packs
installed in ``DIR/packs`` (``python -m index bench --packs N`` leaves such a folder in
``build/bench/packs-…/data``), what the window does when it opens them
(:func:`desktop.pack_library.open_installed_packs`, which the window runs in its ``packs``
background lane): every pack's searcher, its catalog and its rows for the library tree; then
reading one document of each pack as opening it in the reader does.  First run and the
median of ``N``.  Qt-free.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from desktop.pack_library import PackDocuments, open_installed_packs

__all__ = ["main", "measure_pack_opening"]


def measure_pack_opening(data_dir: Path, runs: int = 5) -> dict[str, Any]:
    open_ms: list[float] = []
    read_ms: list[float] = []
    packs = documents = 0
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        opened, notes = open_installed_packs(data_dir)
        rows = sum(len(pack.entries()) for pack in opened)
        open_ms.append((time.perf_counter() - started) * 1000)
        if notes:
            raise RuntimeError("; ".join(notes))
        lookup = PackDocuments(opened)
        started = time.perf_counter()
        for pack in opened:
            first = next(iter(pack.documents))
            assert lookup[first].blocks
        read_ms.append((time.perf_counter() - started) * 1000)
        packs, documents = len(opened), rows
        for pack in opened:
            pack.close()
    return {
        "packs": packs,
        "documents": documents,
        "runs": len(open_ms),
        "open_first_ms": round(open_ms[0], 1),
        "open_median_ms": round(statistics.median(open_ms), 1),
        "read_one_per_pack_median_ms": round(statistics.median(read_ms), 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.packs_bench")
    parser.add_argument("--data-dir", required=True, help="user data folder with packs/")
    parser.add_argument("--runs", type=int, default=5, help="times to open them (default 5)")
    parser.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    args = parser.parse_args(argv)
    report = measure_pack_opening(Path(args.data_dir), args.runs)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['packs']} packs, {report['documents']} documents "
            f"(load {report['load_avg']})\n"
            f"open for the window (searchers, catalogs, tree rows; off the GUI thread): first "
            f"{report['open_first_ms']} ms, median of {report['runs']} "
            f"{report['open_median_ms']} ms\n"
            f"read one document of each pack: median {report['read_one_per_pack_median_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
