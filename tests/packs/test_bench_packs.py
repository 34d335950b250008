"""``python -m index bench --packs``: the combined search over packs agrees with a scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.bench.packs import format_packs_report, run_packs_bench


@pytest.mark.slow
def test_search_over_packs_finds_what_a_scan_finds(tmp_path: Path) -> None:
    report = run_packs_bench(3, 12, 40, root=tmp_path)
    assert (report["packs"], report["docs"], report["queries"]) == (3, 12, 40)
    assert report["recall"] == 1.0 and report["precision"] == 1.0
    assert report["wrong_totals"] == 0 and report["wrong_top_hits"] == 0
    # Top 20 and top 500 of every query, against ranking every match of every pack.
    assert report["wrong_rankings"] == 0
    assert len(report["slowest"]) == 5 and report["cpu_p95_ms"] <= report["cpu_max_ms"]
    assert len(list((tmp_path).rglob("packs/bench00*/index"))) == 3
    assert "recall 1.0" in format_packs_report(report)


@pytest.mark.slow
def test_timings_only_run_reuses_the_built_packs(tmp_path: Path) -> None:
    first = run_packs_bench(2, 8, 10, root=tmp_path, oracle=False)
    assert first["build_s"] is not None and first["recall"] is None
    again = run_packs_bench(2, 8, 10, root=tmp_path, oracle=False)
    assert again["build_s"] is None and again["queries"] == 10 and again["blocks"] > 0
    assert "not checked" in format_packs_report(again)
