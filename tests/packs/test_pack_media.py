"""A pack on a read-only medium installs; a data folder on one, or a pack whose USB stick
is pulled out while it is read, is refused saying what happened, in the user's language,
and nothing is left installed or half-installed."""

from __future__ import annotations

import errno
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from index.packs.errors import PackError, explain
from index.packs.install import install_pack, installed_packs
from index.packs.keys import PublicKey
from tests.mounts import read_only_view


def _not_chinese(text: str, *paths: Path) -> list[str]:
    """The words of ``text`` in Latin letters, the paths in it left out."""
    for path in paths:
        text = text.replace(str(path), "")
    return re.findall(r"[A-Za-z]+", text)


def test_a_pack_on_a_read_only_stick_installs(
    tmp_path: Path, key: tuple[Path, PublicKey], make_pack: Any
) -> None:
    pack = make_pack()
    stick = read_only_view(pack.parent, tmp_path / "stick")
    with stick as view:
        report = install_pack(view / pack.name, tmp_path / "packs", [key[1]])
    assert report.info.id == "shifan-province"
    assert [p.id for p in installed_packs([("user", tmp_path / "packs")])] == [report.info.id]


def test_a_read_only_data_folder_is_refused_in_chinese(
    tmp_path: Path, key: tuple[Path, PublicKey], make_pack: Any
) -> None:
    pack = make_pack()
    data = tmp_path / "data"
    data.mkdir()
    with read_only_view(data, tmp_path / "ro") as view, pytest.raises(PackError) as refused:
        install_pack(pack, view / "packs", [key[1]])
    assert refused.value.code == "storage"
    said = explain(refused.value, "zh_CN")
    assert said.startswith("无法写入文库包文件夹。") and "只读文件系统" in said, said
    assert _not_chinese(said, tmp_path / "ro") == [], said
    assert "read-only file system" in explain(refused.value, "en")
    assert list(data.iterdir()) == []


@pytest.mark.parametrize("error", [errno.EIO, errno.ENODEV], ids=["EIO", "ENODEV"])
def test_a_pack_whose_stick_is_pulled_out_is_refused_as_unreadable(
    tmp_path: Path,
    key: tuple[Path, PublicKey],
    make_pack: Any,
    monkeypatch: pytest.MonkeyPatch,
    error: int,
) -> None:
    pack = make_pack()
    read = zipfile.ZipExtFile.read

    def failing(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        if self.name.startswith(("documents/", "index/")):  # read after the description
            raise OSError(error, os.strerror(error))
        return read(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", failing)
    packs = tmp_path / "packs"
    with pytest.raises(PackError) as refused:
        install_pack(pack, packs, [key[1]])
    assert refused.value.code == "unreadable"
    said = explain(refused.value, "zh_CN")
    assert said.startswith("无法读取文库包文件：") and "拔出" in said, said
    assert _not_chinese(said, pack) == [], said
    assert not packs.exists() or list(packs.iterdir()) == []
    monkeypatch.undo()
    shutil.rmtree(packs, ignore_errors=True)
    install_pack(pack, packs, [key[1]])  # the stick back: it installs
