"""How the pack's layout costs search and the reader: two built indexes of one corpus,
side by side.

``python -m index.bench.stored_texts INDEX_A INDEX_B [--queries 400] [--runs 2]``

For each index, in fresh processes taking turns (A, B, A, B …): the benchmark's query
set (:func:`index.bench.runner.make_queries`, drawn from the library's own texts)
searched with ``limit=20`` as the window does, each query timed (wall and its
thread's CPU); and every document opened from a fresh catalog (nothing decoded before),
timed.  The answers of the two indexes must be the same.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from index.bench.runner import _latency, _run_project, make_queries
from index.catalog import PACK_NAME, Catalog
from index.folding import fold_text


def _open_documents(index_dir: Path, step: int) -> dict[str, Any]:
    ids = [entry.id for entry in Catalog(index_dir).documents][::step]
    walls, cpus = [], []
    for doc_id in ids:
        catalog = Catalog(index_dir)
        catalog.documents  # noqa: B018 - the catalog is read before the reader asks
        started, cpu = time.perf_counter(), time.thread_time()
        catalog.read_document(doc_id)
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - started)
    return {"documents": len(ids), "wall": _latency(walls), "cpu": _latency(cpus)}


def _open_in_process(index_dir: Path, step: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "index.bench.stored_texts",
            "--open-worker",
            str(index_dir),
            str(step),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def run(indexes: list[Path], queries: int, runs: int, step: int) -> dict[str, Any]:
    catalog = Catalog(indexes[0])
    originals = [text for entry in catalog.documents for text in catalog.texts(entry.id)]
    query_list = make_queries(originals, [fold_text(t) for t in originals], queries, seed=1)
    del originals
    report: dict[str, Any] = {"queries": len(query_list), "runs": runs, "indexes": {}}
    answers: dict[Path, Any] = {}
    for run_no in range(runs):
        for index_dir in indexes:
            searched = _run_project(index_dir, query_list)
            opened = _open_in_process(index_dir, step)
            answers.setdefault(index_dir, searched["answers"])
            entry = report["indexes"].setdefault(
                str(index_dir),
                {"pack_bytes": (index_dir / PACK_NAME).stat().st_size, "runs": []},
            )
            cold = searched["times"][:20]
            entry["runs"].append(
                {
                    "search_wall": _latency(searched["times"]),
                    "search_cpu": _latency(searched["cpu_times"]),
                    "first_20_queries_wall": _latency(cold),
                    "peak_rss_mb": round(searched["peak_kb"] / 1024, 1),
                    "open_document": opened,
                }
            )
            print(f"run {run_no + 1}: {index_dir} done", file=sys.stderr, flush=True)
    first = answers[indexes[0]]
    report["same_answers"] = all(a == first for a in answers.values())
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--open-worker":
        print(json.dumps(_open_documents(Path(args[1]), int(args[2]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("indexes", nargs="+", type=Path)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--step", type=int, default=3, help="open every STEP-th document")
    ns = parser.parse_args(args)
    report = run(ns.indexes, ns.queries, ns.runs, ns.step)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["same_answers"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
