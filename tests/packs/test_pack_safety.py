"""Packs that cannot be installed safely are refused: one install or removal at a time
per packs folder, and no document id used twice across the libraries."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.packs import PackService
from index import paths
from index.build import build_index
from index.packs.errors import PackError, explain
from index.packs.install import install_pack, remove_pack
from index.packs.keys import PublicKey

from .conftest import DOCS_V1, PackMaker, tree_digest, write_corpus

PACK_ID = "shifan-province"


def _hold_lock(packs_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the packs folder's lock until its input closes."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from index.packs.install import packs_folder_lock
        with packs_folder_lock(Path({str(packs_dir)!r}), wait=0):
            print("held", flush=True)
            sys.stdin.read()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_install_or_removal_waits_then_names_the_holder(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    packs = paths.packs_dir(user_data_dir)
    install_pack(make_pack(), packs, [key[1]])
    before = tree_digest(packs)
    holder = _hold_lock(packs)
    try:
        v2 = make_pack({"road.md": DOCS_V1["road.md"]}, version="2")
        with pytest.raises(PackError) as refused:
            install_pack(v2, packs, [key[1]], wait=0.5)
        assert refused.value.code == "busy"
        assert f"pid {holder.pid}" in refused.value.detail
        zh, en = explain(refused.value, "zh"), explain(refused.value, "en")
        assert "另一个程序正在安装或删除文库包" in zh and "Another program" in en
        with pytest.raises(PackError) as refused_removal:
            remove_pack(PACK_ID, packs, wait=0.2)
        assert refused_removal.value.code == "busy"
        assert tree_digest(packs) == before
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    # Once the other one has finished, the same install goes through.
    report = install_pack(v2, packs, [key[1]], wait=5)
    assert report.changes.removed == ("forest", "water")


def test_the_wait_is_told_and_ends_when_the_holder_finishes(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    packs = paths.packs_dir(user_data_dir)
    holder = _hold_lock(packs)
    told: list[object] = []

    def waiting(who: object) -> None:
        told.append(who)
        assert holder.stdin is not None
        holder.stdin.close()  # the other install finishes while this one waits

    report = install_pack(make_pack(), packs, [key[1]], wait=30, on_wait=waiting)
    holder.wait(timeout=30)
    assert len(told) == 1 and getattr(told[0], "pid", None) == holder.pid
    assert report.info.id == PACK_ID and (packs / PACK_ID).is_dir()


def test_document_ids_of_the_bundled_library_are_refused(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundled = write_corpus(tmp_path / "bundled", {"road.md": DOCS_V1["road.md"]})
    build_index(bundled, tmp_path / "bundled-index")
    monkeypatch.setenv(paths.CORPUS_DIR_ENV, str(bundled))
    monkeypatch.setenv(paths.INDEX_DIR_ENV, str(tmp_path / "bundled-index"))
    service = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")])
    pack = make_pack()
    for attempt in (service.preview, service.install):
        with pytest.raises(PackError) as refused:
            attempt(pack)
        assert refused.value.code == "doc_clash"
        assert "'road'" in refused.value.detail and "bundled library" in refused.value.detail
        assert "文库中已有的文件" in explain(refused.value, "zh")
        assert "already in the library" in explain(refused.value, "en")
    assert not paths.packs_dir(user_data_dir).exists()
    # Without the clashing document the pack installs.
    others = {name: doc for name, doc in DOCS_V1.items() if name != "road.md"}
    service.install(make_pack(others, version="2"))
    assert (paths.packs_dir(user_data_dir) / PACK_ID).is_dir()


def test_document_ids_of_another_pack_are_refused_in_either_folder(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    trust = [Path(str(key[0]) + ".pub")]
    machine = PackService(user_data_dir, machine=True, extra_trust=trust)
    user = PackService(user_data_dir, extra_trust=trust)
    machine.install(make_pack({"water.md": DOCS_V1["water.md"]}, pack_id="water-pack"))
    user.install(make_pack({"forest.md": DOCS_V1["forest.md"]}, pack_id="forest-pack"))
    machine_before = tree_digest(paths.system_packs_dir())
    user_before = tree_digest(paths.packs_dir(user_data_dir))

    with pytest.raises(PackError) as refused:  # "water" is in the machine's pack
        user.install(make_pack({name: DOCS_V1[name] for name in ("road.md", "water.md")}))
    assert refused.value.code == "doc_clash" and "water-pack" in refused.value.detail
    with pytest.raises(PackError) as refused:  # "forest" is in another pack of this folder
        user.install(make_pack({"forest.md": DOCS_V1["forest.md"]}, pack_id="copy"))
    assert refused.value.code == "doc_clash" and "forest-pack" in refused.value.detail
    assert tree_digest(paths.system_packs_dir()) == machine_before
    assert tree_digest(paths.packs_dir(user_data_dir)) == user_before

    # A pack's own next version reuses its ids, of course.
    user.install(make_pack({"forest.md": DOCS_V1["forest.md"]}, pack_id="forest-pack", version="2"))
    assert [p.version for p in user.installed() if p.id == "forest-pack"] == ["2"]
