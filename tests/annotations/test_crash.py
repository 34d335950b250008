"""Durability: a writer killed with SIGKILL at random moments loses no acknowledged write."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.annotations import AnnotationFilter, AnnotationStore
from desktop.annotations.database import integrity_errors

from .conftest import REPO_ROOT, SEED_CORPUS

pytestmark = pytest.mark.slow

WRITER_SCRIPT = """
import sys
from pathlib import Path
from desktop.annotations import AnnotationStore, new_highlight
from index.corpus import load_document

corpus = Path(sys.argv[2])
document = load_document(corpus / "000_1d295d036ad38628.txt", corpus)
blocks = [b for b in document.blocks if len(b.text) > 40]
store = AnnotationStore(Path(sys.argv[1]), backup_at_start=False)
n = 0
while True:
    block = blocks[n % len(blocks)]
    start = n % 20
    annotation = new_highlight(document, block.id, start, start + 12, tags=["t%d" % (n % 5)])
    store.writer.add(annotation).result()
    print("add", annotation.id, flush=True)
    store.writer.update(annotation.id, note="note " + annotation.id).result()
    print("note", annotation.id, flush=True)
    n += 1
"""

KILLS = 24


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT, encoding="utf-8")
    data = tmp_path / "data"
    rng = random.Random(20261126)
    added: set[str] = set()
    noted: set[str] = set()
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(script), str(data), str(SEED_CORPUS)],
            stdout=subprocess.PIPE,
            cwd=REPO_ROOT,
            env=env,
            text=True,
        )
        assert child.stdout is not None
        # Let it acknowledge a few writes, then kill it mid-stream at a random moment.
        lines = [child.stdout.readline() for _ in range(rng.randint(1, 12))]
        time.sleep(rng.uniform(0, 0.02))
        child.send_signal(signal.SIGKILL)
        child.wait()
        lines += child.stdout.readlines()
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        assert lines and lines[0].startswith("add ")
        for line in lines:
            if line.endswith("\n"):  # a whole line: printed after its commit
                op, annotation_id = line.split()
                (added if op == "add" else noted).add(annotation_id)
        _check(data, added, noted)
    assert len(added) >= KILLS


def _check(data: Path, added: set[str], noted: set[str]) -> None:
    conn = sqlite3.connect(data / "annotations.sqlite3")
    try:
        assert integrity_errors(conn) == []
    finally:
        conn.close()
    with AnnotationStore(data, backup_at_start=False) as store:
        assert store.recovery is None
        with store.reader() as reader:
            stored = {a.id: a for a in reader.query(AnnotationFilter(include_deleted=True))}
    assert added <= set(stored), "an acknowledged annotation is missing"
    for annotation_id in noted:
        assert stored[annotation_id].note == "note " + annotation_id
    for annotation in stored.values():  # nothing half-written
        assert len(annotation.exact) == 12 and annotation.tags
        assert annotation.note in ("", "note " + annotation.id)
