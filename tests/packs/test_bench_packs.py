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
    assert len(list((tmp_path).rglob("packs/bench00*/index"))) == 3
    assert "recall 1.0" in format_packs_report(report)
