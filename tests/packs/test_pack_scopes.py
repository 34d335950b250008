"""Pack ids and document ids across the user's and the machine's packs folders: clashes
are refused at install in either order, and what got installed anyway (another user's
copy the administrator could not see) is resolved when the library opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.pack_library import PackDocuments, open_installed_packs
from desktop.packs import PackService
from index import paths
from index.packs.errors import PackError, explain
from index.packs.keys import PublicKey
from index.session import choose_installed_packs

from .conftest import DOCS_V1, PackMaker, tree_digest

PACK_ID = "shifan-province"


def _trust(*keys: tuple[Path, PublicKey]) -> list[Path]:
    return [Path(str(key[0]) + ".pub") for key in keys]


def _states(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    return tree_digest(paths.packs_dir(data_dir)), tree_digest(paths.system_packs_dir())


def test_machine_pack_with_a_user_s_pack_id_from_another_key_is_refused(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    user_data_dir: Path,
) -> None:
    trust = _trust(key, other_key)
    PackService(user_data_dir, extra_trust=trust).install(make_pack())
    before = _states(user_data_dir)
    machine = PackService(user_data_dir, machine=True, extra_trust=trust)
    impostor = make_pack(key_file=other_key[0], name="machine.pack")
    for attempt in (machine.preview, machine.install):
        with pytest.raises(PackError) as refused:
            attempt(impostor)
        assert refused.value.code == "id_clash"
        detail = refused.value.detail
        assert PACK_ID in detail and key[1].fingerprint in detail
        assert other_key[1].fingerprint in detail
        assert str(paths.packs_dir(user_data_dir)) in detail
        assert "同名" in explain(refused.value, "zh")
        assert _states(user_data_dir) == before
    # From the user's pack's own publisher the machine copy installs.
    machine.install(make_pack(version="2", name="same-key.pack"))


def test_user_pack_with_a_machine_pack_s_id_from_another_key_is_refused(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    user_data_dir: Path,
) -> None:
    trust = _trust(key, other_key)
    PackService(user_data_dir, machine=True, extra_trust=trust).install(make_pack())
    before = _states(user_data_dir)
    user = PackService(user_data_dir, extra_trust=trust)
    impostor = make_pack(key_file=other_key[0], name="user.pack")
    for attempt in (user.preview, user.install):
        with pytest.raises(PackError) as refused:
            attempt(impostor)
        assert refused.value.code == "id_clash"
        assert str(paths.system_packs_dir()) in refused.value.detail
        assert _states(user_data_dir) == before
    assert not paths.packs_dir(user_data_dir).exists()


def test_pack_documents_in_the_personal_library_s_id_space_are_refused(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    extra = ("关于规范个人文档编号的通知", ["各单位要规范文档编号，避免重复。"])
    docs = {**DOCS_V1, "u-0123456789abcdef.md": extra}
    for machine in (False, True):
        service = PackService(user_data_dir, machine=machine, extra_trust=_trust(key))
        before = _states(user_data_dir)
        with pytest.raises(PackError) as refused:
            service.install(make_pack(docs, name=f"personal-{machine}.pack"))
        assert refused.value.code == "doc_clash"
        assert "'u-0123456789abcdef'" in refused.value.detail
        assert "personal library" in refused.value.detail
        assert _states(user_data_dir) == before
    # An id merely starting like one is the publisher's own.
    PackService(user_data_dir, extra_trust=_trust(key)).install(
        make_pack({**DOCS_V1, "u-turn.md": extra}, name="u-turn.pack")
    )


def test_another_user_s_pack_is_shadowed_by_a_later_machine_pack_of_its_id(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    user_data_dir: Path,
    tmp_path: Path,
) -> None:
    """The administrator installs from their own account and cannot see this user's
    copy: the install succeeds, and this user's window shows the machine's pack, once."""
    trust = _trust(key, other_key)
    PackService(user_data_dir, extra_trust=trust).install(make_pack())
    mine_before = tree_digest(paths.packs_dir(user_data_dir))
    admin = PackService(tmp_path / "admin-data", machine=True, extra_trust=trust)
    admin.install(
        make_pack({"water.md": DOCS_V1["water.md"]}, key_file=other_key[0], name="m.pack")
    )

    chosen, notes = choose_installed_packs(user_data_dir)
    assert [(p.pack_id, p.folder.parent.parent) for p in chosen] == [
        (PACK_ID, paths.system_packs_dir())
    ]
    assert len(notes) == 1 and "shadowed" in notes[0] and other_key[1].fingerprint in notes[0]
    opened, open_notes = open_installed_packs(user_data_dir)
    try:
        documents = PackDocuments(opened)
        assert sorted(documents) == ["water"]  # the user's road/forest are not shown
        assert open_notes == notes
    finally:
        for pack in opened:
            pack.close()
    assert tree_digest(paths.packs_dir(user_data_dir)) == mine_before  # nothing lost
    listed = PackService(user_data_dir, extra_trust=trust).installed()
    assert [(p.scope, p.shadowed) for p in listed if p.id == PACK_ID] == [
        ("user", True),
        ("machine", False),
    ]

    # From the same publisher key the user's copy goes on shadowing the machine's.
    admin.remove(PACK_ID)
    admin.install(make_pack(version="0", name="same.pack"))
    chosen, notes = choose_installed_packs(user_data_dir)
    assert [p.folder.parent.parent for p in chosen] == [
        paths.packs_dir(user_data_dir)
    ] and not notes


def test_a_pack_whose_document_ids_a_machine_pack_took_later_is_left_out(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path, tmp_path: Path
) -> None:
    trust = _trust(key)
    PackService(user_data_dir, extra_trust=trust).install(
        make_pack({"forest.md": DOCS_V1["forest.md"]}, pack_id="forest-pack")
    )
    admin = PackService(tmp_path / "admin-data", machine=True, extra_trust=trust)
    admin.install(make_pack(pack_id="national"))  # has "forest" too

    chosen, notes = choose_installed_packs(user_data_dir)
    assert [p.pack_id for p in chosen] == ["national"]
    listed = PackService(user_data_dir, extra_trust=trust).installed()
    assert {p.id: p.shadowed for p in listed} == {"forest-pack": True, "national": False}
    assert len(notes) == 1 and "forest-pack" in notes[0] and "'forest'" in notes[0]
    opened, _ = open_installed_packs(user_data_dir)
    try:
        documents = PackDocuments(opened)
        assert sorted(documents) == ["forest", "road", "water"]
        assert documents.pack_of("forest").label == "pack:national"  # type: ignore[union-attr]
    finally:
        for pack in opened:
            pack.close()
