"""One flipped bit anywhere in any index file is found: never a traceback, never a wrong answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.cli import main as index_cli
from index.integrity import CHUNK_BYTES, INTEGRITY_KEY, describe_files, verify_files
from index.store import MANIFEST_NAME, IndexState, build_index, check_index

REPO = Path(__file__).resolve().parents[2]
SEED_FILE = REPO / "resources" / "corpus" / "000_1d295d036ad38628.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article alone: its index's files are small, every byte can be checked."""
    root = tmp_path_factory.mktemp("seed-corpus")
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    return root


@pytest.fixture(scope="module")
def good_index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("integrity") / "index"
    build_index(corpus, out)
    return out


def _index_files(folder: Path) -> list[str]:
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    return sorted(manifest[INTEGRITY_KEY]["files"])


def _flip(path: Path, offset: int, bit: int = 0) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)[0]
        fh.seek(offset)
        fh.write(bytes([byte ^ (1 << bit)]))


def test_the_manifest_covers_every_index_file(good_index: Path, corpus: Path) -> None:
    on_disk = {
        p.name
        for p in good_index.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.endswith("LOCK")
    }
    assert set(_index_files(good_index)) == on_disk
    assert {"folded.u16", "folded.off", "folded.bst"} <= on_disk
    assert any(name.endswith(".trm") for name in on_disk)
    assert check_index(good_index, corpus, full=True).ok


def test_a_flipped_bit_in_every_index_file_is_detected(
    good_index: Path, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [name for name in _index_files(good_index) if (good_index / name).stat().st_size]
    assert len(files) >= 8
    for number, name in enumerate(files):
        size = (good_index / name).stat().st_size
        for offset, bit in ((size // 2, number % 8), (size - 1, 7), (0, 3)):
            copy = tmp_path / f"{name}-{offset}"
            shutil.copytree(good_index, copy)
            _flip(copy / name, offset, bit)
            for full in (False, True):  # the seed index's files are small: both read them all
                status = check_index(copy, corpus, full=full)
                assert status.state is IndexState.CORRUPT, (name, offset, full, status)
                assert name in status.message
            capsys.readouterr()
            assert index_cli(["search", "政务", "--index", str(copy)]) == 1
            assert index_cli(["check", "--index", str(copy), "--corpus", str(corpus)]) == 1
            out, err = capsys.readouterr()
            assert "Traceback" not in out + err
            assert "damaged" in err + out
            shutil.rmtree(copy)


def test_large_files_are_sampled_at_start_and_read_whole_by_the_full_check(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "data.bin").write_bytes(bytes(range(256)) * (CHUNK_BYTES * 40 // 256))
    manifest = {INTEGRITY_KEY: describe_files(folder)}
    assert verify_files(folder, manifest, full=True) == []
    assert verify_files(folder, manifest, full=False) == []
    _flip(folder / "data.bin", CHUNK_BYTES * 17 + 5)
    assert verify_files(folder, manifest, full=True) == ["data.bin is damaged (checksum mismatch)"]
    _flip(folder / "data.bin", CHUNK_BYTES * 17 + 5)  # back
    _flip(folder / "data.bin", CHUNK_BYTES * 40 - 1)  # the last chunk is always sampled
    assert verify_files(folder, manifest, full=False) == ["data.bin is damaged (checksum mismatch)"]


def test_an_index_without_checksums_is_stale_and_rebuilt(good_index: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old"
    shutil.copytree(good_index, copy)
    manifest = json.loads((copy / MANIFEST_NAME).read_text("utf-8"))
    del manifest[INTEGRITY_KEY]
    (copy / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    assert check_index(copy).state is IndexState.STALE
