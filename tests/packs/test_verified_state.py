"""Opening an installed pack trusts what installing verified — only while its files are
the verified ones: a pack damaged after installing is still left out, never searched."""

from __future__ import annotations

import os
import time
from pathlib import Path

from desktop.packs import PackService
from index import paths
from index.packs.keys import PublicKey
from index.packs.verified import RECORD_FILE, record_verified_state, recorded_state_matches
from index.session import open_packs

from .conftest import PackMaker

PACK_ID = "shifan-province"


def _install(make_pack: PackMaker, key: tuple[Path, PublicKey], data: Path) -> Path:
    PackService(data, extra_trust=[Path(str(key[0]) + ".pub")]).install(make_pack())
    return paths.packs_dir(data) / PACK_ID


def _opened(data: Path, *, full_check: bool = False) -> tuple[list[str], list[str]]:
    searchers, notes = open_packs(data, full_check=full_check)
    for _, searcher in searchers:
        searcher.close()
    return [label for label, _ in searchers], notes


def _largest_index_file(folder: Path) -> Path:
    return max((folder / "index").iterdir(), key=lambda path: path.stat().st_size)


def _flip_a_byte_in_place(path: Path) -> None:
    """Change one byte in the middle, keeping the size and (set back) the modification time."""
    before = path.stat()
    time.sleep(0.05)  # file times tick coarsely: the change must fall in a later tick
    with path.open("r+b") as fh:
        fh.seek(before.st_size // 2)
        byte = fh.read(1)
        fh.seek(before.st_size // 2)
        fh.write(bytes([byte[0] ^ 0x01]))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_an_installed_pack_opens_as_verified(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    folder = _install(make_pack, key, user_data_dir)
    assert (folder / RECORD_FILE).is_file()
    assert recorded_state_matches(folder)
    assert _opened(user_data_dir) == ([f"pack:{PACK_ID}"], [])
    assert _opened(user_data_dir, full_check=True) == ([f"pack:{PACK_ID}"], [])


def test_a_truncated_index_file_leaves_the_pack_out(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    folder = _install(make_pack, key, user_data_dir)
    victim = _largest_index_file(folder)
    victim.write_bytes(victim.read_bytes()[:-7])
    labels, notes = _opened(user_data_dir)
    assert labels == []
    assert len(notes) == 1 and f"pack:{PACK_ID} left out" in notes[0]
    assert not recorded_state_matches(folder)  # nothing vouches for the damaged files


def test_a_byte_changed_in_place_with_its_time_set_back_leaves_the_pack_out(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    folder = _install(make_pack, key, user_data_dir)
    _flip_a_byte_in_place(_largest_index_file(folder))
    labels, notes = _opened(user_data_dir)
    assert labels == [] and "damaged" in notes[0]


def test_a_file_added_to_the_index_leaves_the_pack_out(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    folder = _install(make_pack, key, user_data_dir)
    (folder / "index" / "extra.seg").write_bytes(b"\0" * 64)
    labels, notes = _opened(user_data_dir)
    assert labels == [] and "extra.seg" in notes[0]


def test_damage_the_file_times_do_not_show_is_found_by_the_full_check(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    """A failing disk changes bytes, not file times: what the full check (command-line
    search, self-check, the window after start) is for."""
    folder = _install(make_pack, key, user_data_dir)
    _flip_a_byte_in_place(_largest_index_file(folder))
    record_verified_state(folder)  # as if the damage had kept every file time
    labels, notes = _opened(user_data_dir, full_check=True)
    assert labels == [] and "damaged" in notes[0]


def test_a_pack_without_a_record_is_checked_in_full_once_then_recorded(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    """Packs installed before the record existed, or copied back from a backup."""
    folder = _install(make_pack, key, user_data_dir)
    (folder / RECORD_FILE).unlink()
    assert _opened(user_data_dir) == ([f"pack:{PACK_ID}"], [])
    assert recorded_state_matches(folder)


def test_a_damaged_pack_without_a_record_is_left_out_and_not_recorded(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    folder = _install(make_pack, key, user_data_dir)
    (folder / RECORD_FILE).unlink()
    _flip_a_byte_in_place(_largest_index_file(folder))
    labels, notes = _opened(user_data_dir)
    assert labels == [] and "damaged" in notes[0]
    assert not (folder / RECORD_FILE).exists()
