"""Updating and removing a pack while a window holds its files open: with Windows' rule
(a folder holding an open file cannot be renamed, an open file cannot be deleted) the
pack is updated or removed all the same, the window reading the version it opened until
it opens the packs again, and the old version is deleted once nothing holds it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

import pytest

from desktop.pack_library import PackDocuments, open_installed_packs
from desktop.packs import PackService
from index.packs.keys import PublicKey
from index.packs.layout import installed_version

from .conftest import DOCS_V1, PackMaker
from .held_open import windows_open_file_rules

PACK_ID = "shifan-province"


@contextmanager
def held_open(folder: Path) -> Iterator[list[IO[bytes]]]:
    """Every file of ``folder`` open for reading, as a window reading the pack may."""
    with ExitStack() as stack:
        yield [stack.enter_context(path.open("rb")) for path in folder.rglob("*") if path.is_file()]


def _documents(data_dir: Path) -> list[str]:
    opened, _ = open_installed_packs(data_dir)
    try:
        return sorted(PackDocuments(opened))
    finally:
        for pack in opened:
            pack.close()


def test_the_stand_in_refuses_what_windows_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "held"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    windows_open_file_rules(monkeypatch)
    with held_open(folder):
        with pytest.raises(PermissionError):
            folder.rename(tmp_path / "moved")
        with pytest.raises(PermissionError):
            (folder / "a.txt").unlink()
    folder.rename(tmp_path / "moved")  # once closed


@pytest.mark.parametrize("machine", [False, True])
def test_update_and_remove_while_the_pack_s_files_are_held_open(
    machine: bool,
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = PackService(user_data_dir, machine=machine, extra_trust=[Path(str(key[0]) + ".pub")])
    pack_dir = service.target / PACK_ID
    service.install(make_pack())
    windows_open_file_rules(monkeypatch)
    v1 = installed_version(pack_dir)
    assert v1 is not None and _documents(user_data_dir) == ["forest", "road", "water"]

    window_packs, _ = open_installed_packs(user_data_dir)  # the window's searchers
    try:
        with held_open(v1):
            without_forest = {k: v for k, v in DOCS_V1.items() if k != "forest.md"}
            report = service.install(make_pack(without_forest, version="2"))
            assert report.report is not None and report.report.changes.removed == ("forest",)
            v2 = installed_version(pack_dir)
            assert v2 is not None and v2 != v1
            assert v1.is_dir()  # still held: left in place, not half deleted
            # The window goes on reading what it opened; opening again finds version 2.
            assert "forest" in PackDocuments(window_packs)
            assert _documents(user_data_dir) == ["road", "water"]
            assert [p.version for p in service.installed() if p.id == PACK_ID] == ["2"]
    finally:
        for pack in window_packs:
            pack.close()
    # Nothing holds version 1 now: the next change, of any pack, deletes it.
    service.install(make_pack({"forest.md": DOCS_V1["forest.md"]}, pack_id="forest-pack"))
    assert not v1.exists()
    service.remove("forest-pack")
    with held_open(v2):
        service.remove(PACK_ID)
        assert _documents(user_data_dir) == []
        assert [p for p in service.installed() if p.id == PACK_ID] == []
        assert v2.is_dir()
    # Installed again, then removed with nothing held: no file of the pack is left.
    service.install(make_pack(version="3"))
    assert _documents(user_data_dir) == ["forest", "road", "water"]
    assert not v2.exists()
    service.remove(PACK_ID)
    assert not pack_dir.exists()
    assert [p.name for p in service.target.iterdir() if not p.name.startswith(".")] == []


def test_a_pack_installed_flat_is_updated_and_removed(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    """A pack folder laid out flat (as earlier versions of the program installed packs)
    is read as it is, updated into a version folder, and removed."""
    service = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")])
    pack_dir = service.target / PACK_ID
    service.install(make_pack())
    version = installed_version(pack_dir)
    assert version is not None
    (pack_dir / "current").unlink()
    for child in version.iterdir():
        child.rename(pack_dir / child.name)
    version.rmdir()
    assert installed_version(pack_dir) == pack_dir
    assert _documents(user_data_dir) == ["forest", "road", "water"]

    without_forest = {k: v for k, v in DOCS_V1.items() if k != "forest.md"}
    change = service.install(make_pack(without_forest, version="2"))
    assert change.report is not None and change.report.changes.removed == ("forest",)
    v2 = installed_version(pack_dir)
    assert v2 is not None and v2.parent == pack_dir
    assert sorted(p.name for p in pack_dir.iterdir()) == ["current", v2.name]
    assert _documents(user_data_dir) == ["road", "water"]
    service.remove(PACK_ID)
    assert not pack_dir.exists() and _documents(user_data_dir) == []
