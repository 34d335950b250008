"""``policy-library import`` and ``python -m index search --data-dir`` as other tools call them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.importing.cli import main as import_main
from tests.importing.files import REPO, write_docx


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_(*args: str) -> subprocess.CompletedProcess[str]:
    return run("-m", "desktop.importing.cli", "import", *args)


@pytest.fixture(scope="module")
def bundled_index(built_index: Path) -> Path:
    return built_index


@pytest.mark.slow
def test_import_prints_a_line_per_file_and_exit_status(tmp_path: Path, inbox: Path) -> None:
    data = tmp_path / "data"
    good = write_docx(inbox / "a.docx", title="数字政府建设工作通知")
    (inbox / "empty.txt").write_bytes(b"")

    proc = import_(str(good), "--data-dir", str(data))
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    assert line.startswith("imported u-") and line.endswith(" 数字政府建设工作通知")
    doc_id = line.split()[1]

    proc = import_(str(inbox / "empty.txt"), str(good), "--data-dir", str(data))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"failed {inbox / 'empty.txt'}: the file is empty",
        f"already {good}: already in the library as {doc_id} 《数字政府建设工作通知》",
    ]
    assert sorted(p.name for p in (data / "library" / "documents").iterdir()) == [f"{doc_id}.json"]


def test_import_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In this process, as ``policy-library import …`` calls it (the others here run it)
    for args in ((), ("--data-dir",), ("--frobnicate", "x.txt")):
        with pytest.raises(SystemExit) as exited:
            import_main(["import", *args])
        out, err = capsys.readouterr()
        assert exited.value.code == 2, args
        assert out == "" and err.strip()


@pytest.mark.slow
def test_index_search_includes_the_personal_library(
    tmp_path: Path, inbox: Path, bundled_index: Path
) -> None:
    data = tmp_path / "data"
    proc = import_(
        str(write_docx(inbox / "a.docx", title="数字政府建设工作通知")), "--data-dir", str(data)
    )
    assert proc.returncode == 0, proc.stderr
    doc_id = proc.stdout.split()[1]

    args = ["-m", "index", "search", "数字政府", "--json", "--index", str(bundled_index)]
    proc = run(*args, "--limit", "50", "--data-dir", str(data))
    assert proc.returncode == 0, proc.stderr
    hits = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {h["library"] for h in hits} == {"bundled", "personal"}
    assert {h["doc_id"] for h in hits if h["library"] == "personal"} == {doc_id}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)

    plain = run(*args)
    assert plain.returncode == 0
    assert all("library" not in json.loads(line) for line in plain.stdout.splitlines())

    readable = run(
        "-m",
        "index",
        "search",
        "数字政府建设工作",
        "--index",
        str(bundled_index),
        "--data-dir",
        str(data),
    )
    assert "(personal)" in readable.stdout

    missing = run(*args, "--data-dir", str(tmp_path / "nothing-here"))
    assert missing.returncode == 0
    assert {json.loads(line)["library"] for line in missing.stdout.splitlines()} == {"bundled"}


@pytest.mark.slow
def test_import_reanchors_notes_like_the_window(tmp_path: Path, inbox: Path) -> None:
    """A note on a removed document is kept detached; importing the file again brings
    it back in place — from the command line as from the window."""
    from desktop.annotations import AnnotationStore
    from desktop.annotations.selection import new_highlight
    from desktop.importing import PersonalLibrary

    data = tmp_path / "data"
    source = inbox / "节能通知.txt"
    source.write_text("关于开展节能检查的通知\n\n各单位要认真开展节能检查工作。\n", "utf-8")
    assert import_(str(source), "--data-dir", str(data)).returncode == 0
    library = PersonalLibrary.open(data)
    (doc,) = library.documents()
    block = next(b for b in doc.blocks if "节能检查工作" in b.text)
    start = block.text.index("节能检查工作")
    with AnnotationStore(data) as store:
        note = store.writer.add(
            new_highlight(doc, block.id, start, start + 6, note="重点")
        ).result()
    library.remove(doc.id)  # as an older program would: the note is not re-anchored
    library.close()  # let go of the data folder, as a closed window does

    other = inbox / "other.txt"
    other.write_text("关于统计工作的通知\n\n请按时报送统计数据。\n", "utf-8")
    proc = import_(str(other), "--data-dir", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "re-anchored" in proc.stderr
    with AnnotationStore(data) as store, store.reader() as reader:
        detached = reader.get(note.id)
        assert detached is not None and detached.is_detached and detached.note == "重点"

    proc = import_(str(source), "--data-dir", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with AnnotationStore(data) as store, store.reader() as reader:
        back = reader.get(note.id)
        assert back is not None and not back.is_detached
        assert back.block_id == block.id and (back.start, back.end) == (start, start + 6)
