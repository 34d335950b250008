"""Stores opened read-only because another process held the folder take it once it is free."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore, new_highlight
from desktop.folder_lock import FolderBusyError
from desktop.importing import PersonalLibrary
from index.corpus import load_corpus

REPO = Path(__file__).resolve().parents[2]
HOLDER = (
    "import sys; from pathlib import Path; "
    "from desktop.folder_lock import hold_data_folder; "
    "hold = hold_data_folder(Path(sys.argv[1]), program='holder-test'); "
    "print('held', flush=True); sys.stdin.readline(); hold.release(); "
    "print('released', flush=True); sys.stdin.readline()"
)


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    data = tmp_path / "data"
    data.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield data, process
    process.kill()
    process.wait(timeout=30)


def _let_go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "released"


def test_the_note_store_becomes_writable_once_the_other_process_lets_go(
    held: tuple[Path, subprocess.Popen[str]], sample_corpus: Path
) -> None:
    data, process = held
    document = load_corpus(sample_corpus).documents[0]
    block = next(b for b in document.blocks if len(b.text) > 10)
    store = AnnotationStore(data, backup_at_start=False)
    try:
        assert store.waiting_for_folder
        assert not store.try_writable()  # still held: still read-only, the holder named
        assert isinstance(store.read_only_reason, FolderBusyError)
        assert "holder-test" in str(store.read_only_reason)
        with pytest.raises(FolderBusyError):
            store.writer.add(new_highlight(document, block.id, 0, 4)).result()
        _let_go(process)
        assert store.try_writable()
        assert not store.read_only and not store.waiting_for_folder
        saved = store.writer.add(new_highlight(document, block.id, 0, 4, note="接手后")).result()
        with store.reader() as reader:
            assert [a.note for a in reader.query()] == ["接手后"] and saved.note == "接手后"
        assert store.read_path == data / "annotations.sqlite3"
    finally:
        store.close()


def test_the_personal_library_becomes_writable_and_rereads_the_folder(
    held: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    data, process = held
    library = PersonalLibrary.open(data)
    try:
        assert library.waiting_for_folder and len(library) == 0
        assert not library.try_writable()
        _let_go(process)
        assert library.try_writable()
        assert not library.read_only
        source = tmp_path / "a.txt"
        source.write_text("接手后导入\n\n第一条 各地区要加强统筹。\n", "utf-8")
        imported = library.import_file(source)
        assert library.document(imported.id) is not None
    finally:
        library.close()
    again = PersonalLibrary.open(data)
    try:
        assert [d.title for d in again.documents()] == ["接手后导入"]
    finally:
        again.close()
