"""The pack commands are command-line tools: they load no Qt and leave the home folder alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_no_qt import run_tool

from .conftest import DOCS_V1, write_corpus


@pytest.mark.slow
def test_pack_commands_load_no_qt(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    corpus = write_corpus(tmp_path / "corpus", DOCS_V1)
    key, pack, data = tmp_path / "k.key", tmp_path / "p.plpack", tmp_path / "data"
    steps = [
        ("index.cli", ["pack", "keygen", "--out", str(key)]),
        (
            "index.cli",
            [
                "pack",
                "build",
                "--corpus",
                str(corpus),
                "--id",
                "p",
                "--title",
                "T",
                "--version",
                "1",
                "--key",
                str(key),
                "--out",
                str(pack),
            ],
        ),
        (
            "desktop.app",
            ["packs", "install", str(pack), "--data-dir", str(data), "--trust", f"{key}.pub"],
        ),
        ("desktop.app", ["packs", "list", "--json", "--data-dir", str(data)]),
    ]
    for module, argv in steps:
        proc, qt = run_tool(tmp_path, home, module, argv)
        assert proc.returncode == 0, proc.stderr
        assert qt == [], argv
    assert json.loads(proc.stdout)["id"] == "p"
    assert (key.stat().st_mode & 0o777) == 0o600
    assert list(home.iterdir()) == []
