"""The `python -m index` contract that other tools rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.cli import main
from index.folding import fold_text

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "index", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_lines_contract(multi_index: Path) -> None:
    proc = run("search", "数字政府", "--limit", "5", "--json", "--index", str(multi_index))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 5
    hits = [json.loads(line) for line in lines]
    for hit in hits:
        assert {
            "doc_id",
            "doc_title",
            "block_id",
            "kind",
            "section",
            "text",
            "spans",
            "score",
        } <= set(hit)
        assert hit["kind"] in ("title", "heading", "paragraph", "byline")
        assert isinstance(hit["section"], list)
        for start, end in hit["spans"]:
            assert fold_text(hit["text"][start:end]) == "数字政府"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_no_hit_prints_nothing(multi_index: Path) -> None:
    proc = run("search", "量子计算机", "--json", "--index", str(multi_index))
    assert (proc.returncode, proc.stdout) == (0, "")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    # In this process: ``python -m index`` exits with what ``main`` raises or returns
    # (index/__main__.py), and the other tests here run it as a command.
    for args in (
        ("search",),
        ("search", "x", "--limit", "0"),
        ("search", "x", "--limit", "many"),
        ("frobnicate",),
    ):
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        out, err = capsys.readouterr()
        assert exited.value.code == 2, args
        assert out == ""
        assert err.strip()


def test_readable_output_marks_matches(multi_index: Path) -> None:
    proc = run("search", "粤", "--index", str(multi_index))
    assert proc.returncode == 0
    assert "【粵】" in proc.stdout


@pytest.mark.slow
def test_build_and_check(tmp_path: Path, multi_corpus: Path) -> None:
    out = tmp_path / "ix"
    proc = run("build", "--corpus", str(multi_corpus), "--out", str(out), "--strict", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "indexed 3 documents" in proc.stdout
    assert run("check", "--index", str(out), "--corpus", str(multi_corpus)).returncode == 0
    missing = run("check", "--index", str(tmp_path / "none"), "--corpus", str(multi_corpus))
    assert missing.returncode == 1 and missing.stdout.startswith("missing")


@pytest.mark.slow
def test_strict_build_fails_on_a_bad_file(tmp_path: Path, multi_corpus: Path) -> None:
    import shutil

    corpus = tmp_path / "c"
    shutil.copytree(multi_corpus, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    proc = run(
        "build", "--corpus", str(corpus), "--out", str(tmp_path / "ix"), "--strict", "--quiet"
    )
    assert proc.returncode == 1
    assert "broken.txt" in proc.stderr and "binary" in proc.stderr
    lenient = run("build", "--corpus", str(corpus), "--out", str(tmp_path / "ix"), "--quiet")
    assert lenient.returncode == 0
    assert "skipped" in lenient.stderr and "broken.txt" in lenient.stderr


def test_search_without_index_says_how_to_build(tmp_path: Path) -> None:
    proc = run("search", "数字", "--index", str(tmp_path / "none"))
    assert proc.returncode == 1
    assert "python -m index build" in proc.stderr


def test_undecodable_bytes_in_the_query_are_searched_not_an_index_error(
    multi_index: Path,
) -> None:
    """Bytes that are not UTF-8 on the command line: the search answers (nothing
    matches them), and never says the index is damaged."""
    query = b"\xed\xa0\x80\xff"
    proc = subprocess.run(
        [sys.executable, "-m", "index", "search", query, "--json", "--index", str(multi_index)],
        cwd=REPO,
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=120,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")
