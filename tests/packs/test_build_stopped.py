"""A build asked to stop (kill, a closed terminal, Ctrl+C) ends as Ctrl+C ends it: its
forked processes stopped, its staging folder and half-written file removed, a message
and a failing exit status."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from index.packs.keys import PublicKey
from tests.packs.conftest import DOCS_V1, write_corpus
from tests.stopped_commands import stop_when

ROOT = Path(__file__).resolve().parents[2]

# Runs ``python -m index ARGS`` with the forked workers of the stage named in argv[1]
# announcing themselves on stderr and then hanging, so that the build is stopped while
# they run, whatever the machine's speed.
HANGING_WORKERS = """
import os, sys, time, zipfile
import index.build, index.gram_arrays

BUILDER = os.getpid()

def hanging(run):
    def in_a_worker_hang(*args, **kwargs):
        if os.getpid() != BUILDER:
            print(f"worker {os.getpid()}", file=sys.stderr, flush=True)
            time.sleep(120)
        return run(*args, **kwargs)
    return in_a_worker_hang

if sys.argv[1] == "indexing":  # the catalog's process, the grams' postings process
    index.build.scan_corpus = hanging(index.build.scan_corpus)
    index.gram_arrays.GramPostings.add = hanging(index.gram_arrays.GramPostings.add)
else:  # the deflating process
    zipfile._get_compressor = hanging(zipfile._get_compressor)
from index.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _workers(stderr: Path) -> list[int]:
    lines = stderr.read_text("utf-8", "replace").splitlines()
    return [int(line.split()[1]) for line in lines if line.startswith("worker ")]


def _stopped_build(
    tmp_path: Path,
    key: Path,
    command: list[str],
    hanging: str,
    workers: int,
    signum: int,
    language: str,
) -> tuple[int, str, list[int]]:
    stderr = tmp_path / "stderr.txt"
    env = {**os.environ, "LANG": language, "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
    started: list[int] = []

    def workers_running() -> None:
        started.extend(_workers(stderr))
        assert all(_alive(pid) for pid in started)

    status = stop_when(
        [sys.executable, "-c", HANGING_WORKERS, hanging, *command],
        cwd=ROOT,
        env=env,
        stderr=stderr,
        ready=lambda: len(_workers(stderr)) >= workers,
        waiting_for="the build's workers starting",
        signum=signum,
        # kill PID: the building process only; a closed terminal, Ctrl+C: the whole group
        whole_group=signum != signal.SIGTERM,
        before_stop=workers_running,
    )
    return status, stderr.read_text("utf-8"), started


@pytest.mark.parametrize(
    ("signum", "hanging", "workers", "language"),
    [
        # while the catalog and the grams' postings are written by forked processes
        (signal.SIGTERM, "indexing", 2, "en_US.UTF-8"),
        (signal.SIGHUP, "indexing", 2, "zh_CN.UTF-8"),
        (signal.SIGINT, "indexing", 2, "en_US.UTF-8"),
        # while the pack's files are deflated by a forked process
        (signal.SIGTERM, "deflating", 1, "zh_CN.UTF-8"),
    ],
    ids=["kill-indexing", "hangup-indexing", "ctrl-c-indexing", "kill-deflating"],
)
def test_a_pack_build_stopped_leaves_nothing_and_says_so(
    tmp_path: Path,
    key: tuple[Path, PublicKey],
    signum: int,
    hanging: str,
    workers: int,
    language: str,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", DOCS_V1)
    out = tmp_path / "built" / "p.pack"
    out.parent.mkdir()
    command = ["pack", "build", "--corpus", str(corpus), "--id", "p", "--title", "T"]
    command += ["--version", "1", "--key", str(key[0]), "--out", str(out)]
    status, stderr, started = _stopped_build(
        tmp_path, key[0], command, hanging, workers, signum, language
    )
    assert status == 128 + signum, stderr
    assert list(out.parent.iterdir()) == []  # no staging folder, no pack, no .tmp
    assert not any(_alive(pid) for pid in started)
    assert "Traceback" not in stderr
    if language.startswith("zh"):
        assert "已中止" in stderr
    else:
        assert "stopped: the command was interrupted;" in stderr


def test_an_index_build_stopped_keeps_the_previous_index(
    tmp_path: Path, key: tuple[Path, PublicKey]
) -> None:
    corpus = write_corpus(tmp_path / "corpus", DOCS_V1)
    out = tmp_path / "built" / "index"
    out.mkdir(parents=True)
    (out / "previous.txt").write_text("the index built before")
    command = ["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]
    status, stderr, started = _stopped_build(
        tmp_path, key[0], command, "indexing", 2, signal.SIGTERM, "en_US.UTF-8"
    )
    assert status == 128 + signal.SIGTERM, stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["index"]
    assert [p.name for p in out.iterdir()] == ["previous.txt"]
    assert not any(_alive(pid) for pid in started)
    assert "stopped: the command was interrupted;" in stderr


# ``policy-library packs ARGS`` whose first extracted file announces itself and hangs.
HANGING_INSTALL = """
import sys, time
import index.packs.archive as archive
def hanging(*args, **kwargs):
    print("extracting", file=sys.stderr, flush=True)
    time.sleep(120)
archive.PackArchive.extract_verified = hanging
from desktop.packs_cli import main
sys.exit(main(sys.argv[1:]))
"""


def _staging_folder_in(packs: Path) -> None:
    assert [p.name for p in packs.iterdir() if p.name.startswith(".")]


def test_a_pack_install_stopped_leaves_no_staging_folder(
    tmp_path: Path, key: tuple[Path, PublicKey], make_pack: object
) -> None:
    pack = make_pack()  # type: ignore[operator]
    data = tmp_path / "data"
    stderr = tmp_path / "stderr.txt"
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
    command = ["install", str(pack), "--data-dir", str(data), "--trust", f"{key[0]}.pub"]
    packs = data / "packs"
    status = stop_when(
        [sys.executable, "-c", HANGING_INSTALL, *command],
        cwd=ROOT,
        env=env,
        stderr=stderr,
        ready=lambda: "extracting" in stderr.read_text("utf-8", "replace"),
        waiting_for="the install extracting",
        signum=signal.SIGTERM,
        whole_group=False,
        before_stop=lambda: _staging_folder_in(packs),
    )
    said = stderr.read_text("utf-8")
    assert status == 128 + signal.SIGTERM, said
    assert not (data / "packs").exists() or list((data / "packs").iterdir()) == []
    assert "已中止" in said and "Traceback" not in said
