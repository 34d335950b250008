"""The command-line tools never load Qt and never write to the user's home unasked.

Each tool runs in a fresh interpreter with an empty HOME and no data-folder override;
a hook records, at exit, every PySide6 module that was loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "resources" / "corpus"

_WRAPPER = """
import atexit, json, sys
def _report():
    with open({report!r}, "w") as fh:
        json.dump(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")), fh)
atexit.register(_report)
{setup}
from {module} import main
sys.exit(main({argv!r}))
"""


def run_tool(
    tmp_path: Path, home: Path, module: str, argv: list[str], setup: str = ""
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    report = tmp_path / f"modules-{len(list(tmp_path.glob('modules-*')))}.json"
    script = _WRAPPER.format(report=str(report), setup=setup, module=module, argv=argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "POLICY_LIBRARY"))}
    env["HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc, json.loads(report.read_text())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.mark.slow
def test_index_search_and_check_load_no_qt(tmp_path: Path, home: Path) -> None:
    proc, qt = run_tool(tmp_path, home, "index.cli", ["search", "国务院", "--json"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), "the bundled library should answer"
    assert qt == []
    proc, qt = run_tool(tmp_path, home, "index.cli", ["check"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert qt == []
    assert list(home.iterdir()) == []


def test_search_without_bundled_index_neither_loads_qt_nor_touches_home(
    tmp_path: Path, home: Path
) -> None:
    missing = tmp_path / "no-index"
    setup = (
        "import pathlib, index.paths\n"
        f"index.paths.bundled_index_dir = lambda: pathlib.Path({str(missing)!r})"
    )
    proc, qt = run_tool(tmp_path, home, "index.cli", ["search", "国务院"], setup=setup)
    assert proc.returncode == 1
    assert "python -m index build" in proc.stderr
    assert qt == []
    assert list(home.iterdir()) == []


@pytest.mark.slow
def test_import_and_notes_commands_load_no_qt(tmp_path: Path, home: Path) -> None:
    proc, qt = run_tool(tmp_path, home, "desktop.app", ["import", "--help"])
    assert proc.returncode == 0 and "--data-dir" in proc.stdout
    assert qt == []

    data = tmp_path / "data"
    note = tmp_path / "通知.txt"
    note.write_text("关于开展节能检查的通知\n\n各单位要认真开展节能检查工作。\n", "utf-8")
    proc, qt = run_tool(
        tmp_path, home, "desktop.app", ["import", str(note), "--data-dir", str(data)]
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("imported u-")
    assert qt == []

    proc, qt = run_tool(
        tmp_path, home, "index.cli", ["search", "节能检查", "--json", "--data-dir", str(data)]
    )
    assert proc.returncode == 0, proc.stderr
    hits = [json.loads(line) for line in proc.stdout.splitlines()]
    assert hits and {hit["library"] for hit in hits} == {"personal"}
    assert qt == []

    out = tmp_path / "notes.json"
    proc, qt = run_tool(
        tmp_path,
        home,
        "desktop.app",
        [
            "annotations",
            "export",
            "--format",
            "json",
            "--output",
            str(out),
            "--data-dir",
            str(data),
        ],
    )
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    assert qt == []
    assert list(home.iterdir()) == []


@pytest.mark.slow
def test_default_user_folder_is_the_one_qt_names(tmp_path: Path, home: Path) -> None:
    """Without --data-dir the tools use the folder the window uses, found without Qt."""
    note = tmp_path / "通知.txt"
    note.write_text("关于开展节能检查的通知\n\n各单位要认真开展节能检查工作。\n", "utf-8")
    proc, qt = run_tool(tmp_path, home, "desktop.app", ["import", str(note)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert qt == []

    script = (
        "from PySide6.QtCore import QCoreApplication, QStandardPaths\n"
        "from index import paths\n"
        "QCoreApplication.setOrganizationName(paths.ORG_NAME)\n"
        "QCoreApplication.setApplicationName(paths.APP_ID)\n"
        "print(QStandardPaths.writableLocation("
        "QStandardPaths.StandardLocation.AppLocalDataLocation))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "POLICY_LIBRARY"))}
    env["HOME"] = str(home)
    qt_location = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    ).stdout.strip()
    assert qt_location
    assert (Path(qt_location) / "library" / "documents").is_dir()
