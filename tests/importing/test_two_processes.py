"""Two processes on one data folder: imports queue, the app owns its folder, live work is kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.folder_lock import LOCK_FILE_NAME, FolderLock, read_holder
from desktop.importing import PersonalLibrary
from desktop.importing.library import LIBRARY_DIR_NAME
from tests.importing.files import REPO

PARAGRAPHS = "\n\n".join(f"第{i}条 各地区各部门要加强统筹协调，推进改革。" for i in range(40))


def _text_file(path: Path, title: str) -> Path:
    path.write_text(f"{title}\n\n{PARAGRAPHS}\n", "utf-8")
    return path


def _import(data: Path, *files: Path, wait: str = "60") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop",
            "import",
            *map(str, files),
            "--data-dir",
            str(data),
            "--wait",
            wait,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_imports_at_once_both_succeed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = [_text_file(tmp_path / f"a{i}.txt", f"甲文件{i}") for i in range(3)]
    second = [_text_file(tmp_path / f"b{i}.txt", f"乙文件{i}") for i in range(3)]
    runs = [_import(data, *first), _import(data, *second)]
    outputs = [run.communicate(timeout=180) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, (out, err)
        assert "Traceback" not in err and "LockError" not in err
        assert out.count("imported ") == 3
    library = PersonalLibrary.open(data)
    try:
        assert sorted(d.title for d in library.documents()) == sorted(
            [f"甲文件{i}" for i in range(3)] + [f"乙文件{i}" for i in range(3)]
        )
    finally:
        library.close()


@pytest.mark.slow
def test_a_busy_folder_fails_cleanly_with_one_message_naming_the_holder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from desktop.folder_lock import hold_data_folder; "
            "hold_data_folder(Path(sys.argv[1]), program='holder-test'); "
            "print('held', flush=True); time.sleep(60)",
            str(data),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        run = _import(data, _text_file(tmp_path / "c.txt", "丙文件"), wait="1.5")
        out, err = run.communicate(timeout=60)
        assert run.returncode == 1
        assert 1.4 <= time.monotonic() - started < 30
        lines = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(lines) == 1, err
        assert f"process {holder.pid}" in lines[0] and "holder-test" in lines[0]
        assert "Traceback" not in err and out == ""
    finally:
        holder.kill()
        holder.wait()
    # The holder is gone: its lock went with it (no stale lock to clear by hand).
    assert not FolderLock(data).held_elsewhere()
    run = _import(data, tmp_path / "c.txt", wait="0")
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err


def test_only_operations_whose_owner_is_gone_are_rolled_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = PersonalLibrary.open(data)
    doc = library.import_file(_text_file(tmp_path / "d.txt", "丁文件"))
    library.close()
    root = data / LIBRARY_DIR_NAME
    # An operation in progress elsewhere: its owner lock is held.
    live = root / ".op-live"
    (live / "old").mkdir(parents=True)
    (live / "op.json").write_text(json.dumps({"doc_id": doc.id}), "utf-8")
    owner = FolderLock(live)
    owner.path = live / "owner.lock"
    owner.acquire()
    try:
        reopened = PersonalLibrary.open(data)
        assert live.is_dir(), "a live operation of another process was touched"
        assert doc.id in reopened
        reopened.close()
    finally:
        owner.release()
    # Its owner is gone now: the interrupted change is rolled back (the document had
    # been moved out into old/ and is put back).
    os.replace(root / "documents" / f"{doc.id}.json", live / "old" / "document.json")
    reopened = PersonalLibrary.open(data)
    try:
        assert not live.exists()
        assert doc.id in reopened
    finally:
        reopened.close()


def test_the_lock_file_names_its_holder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = PersonalLibrary.open(data)
    try:
        holder = read_holder(data)
        assert holder is not None and holder.pid == os.getpid()
        assert (data / LOCK_FILE_NAME).is_file()
    finally:
        library.close()
