"""Library packs end to end: build, install, search, update, refusals, removal."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop.annotations import AnnotationStore
from desktop.annotations.selection import new_highlight
from desktop.packs import PackService
from index import paths
from index.corpus import load_corpus
from index.packs.archive import DOCUMENTS_DIR, MANIFEST_FILE, SIGNATURE_FILE
from index.packs.errors import PackError, explain
from index.packs.install import install_pack, installed_packs, preview_pack
from index.packs.keys import PublicKey
from index.packs.layout import installed_version
from index.packs.verified import RECORD_FILE, recorded_state_matches
from index.session import open_session

from .conftest import DOCS_V1, PackMaker, repack, tree_digest

PACK_ID = "shifan-province"


def _version(pack_dir: Path) -> Path:
    """The folder of the version of a pack in use."""
    version = installed_version(pack_dir)
    assert version is not None
    return version


def _search(data_dir: Path, query: str) -> list[tuple[str, str]]:
    with open_session(paths.bundled_index_dir(), data_dir) as session:
        return [(hit.library, hit.doc_id) for hit in session.search(query, limit=50).hits]


def test_built_pack_is_reproducible_and_holds_no_local_paths(
    make_pack: PackMaker, tmp_path: Path
) -> None:
    first = make_pack(name="first.pack")
    second = make_pack(name="second.pack")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        for name in archive.namelist():
            assert not name.startswith("/") and ".." not in name
            data = archive.read(name)
            assert str(tmp_path).encode() not in data, name
            assert str(Path.home()).encode() + b"/" not in data, name


def test_install_then_search_labels_hits_with_the_pack(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path, tmp_path: Path
) -> None:
    pack = make_pack()
    # Built in one folder, installed from another.
    moved = tmp_path / "usb-stick" / "pack.plpack"
    moved.parent.mkdir()
    moved.write_bytes(pack.read_bytes())
    pack.unlink()
    report = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")]).install(moved)
    assert report.report is not None
    assert sorted(report.report.changes.added) == ["forest", "road", "water"]
    hits = _search(user_data_dir, "饮用水水源")
    assert (f"pack:{PACK_ID}", "water") in hits
    assert all(library == f"pack:{PACK_ID}" for library, doc in hits if doc == "water")
    [info] = installed_packs([("user", paths.packs_dir(user_data_dir))])
    assert (info.id, info.version, info.documents, info.publisher) == (
        PACK_ID,
        "1",
        3,
        "示范省人民政府办公厅",
    )


def test_machine_packs_are_searched_too(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    service = PackService(user_data_dir, machine=True, extra_trust=[Path(str(key[0]) + ".pub")])
    service.install(make_pack())
    assert (_version(paths.system_packs_dir() / PACK_ID) / "index").is_dir()
    assert not paths.packs_dir(user_data_dir).exists()
    assert (f"pack:{PACK_ID}", "forest") in _search(user_data_dir, "林长")
    assert [p.scope for p in service.installed()] == ["machine"]


def test_trusted_key_from_the_system_configuration(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    with pytest.raises(PackError) as refused:
        PackService(user_data_dir).install(make_pack())
    assert refused.value.code == "untrusted"
    keys_dir = paths.system_trusted_keys_dir()
    keys_dir.mkdir(parents=True)
    (keys_dir / "shifan.pub").write_text(key[1].text() + "\n")
    PackService(user_data_dir).install(make_pack())
    assert (f"pack:{PACK_ID}", "road") in _search(user_data_dir, "农村公路")


def _v2_docs() -> dict[str, tuple[str, list[str]]]:
    docs = dict(DOCS_V1)
    title, paragraphs = docs["road.md"]
    # An edited paragraph before the noted one: the note must move with its text.
    docs["road.md"] = (
        title,
        [
            "## 一、总体要求",
            "各市县要建立健全农村公路养护长效机制，确保路况良好。",
            *paragraphs[2:],
        ],
    )
    del docs["water.md"]
    docs["bridge.md"] = ("关于加强桥梁安全检查的通知", ["## 一、排查", "全面排查危桥险桥。"])
    return docs


def _highlight(store: AnnotationStore, doc_id: str, needle: str) -> str:
    [document] = [
        d
        for d in load_corpus(
            _version(paths.packs_dir(store.data_dir) / PACK_ID) / DOCUMENTS_DIR
        ).documents
        if d.id == doc_id
    ]
    for block in document.blocks:
        at = block.text.find(needle)
        if at >= 0:
            note = new_highlight(document, block.id, at, at + len(needle), note="重点")
            return store.writer.add(note).result().id
    raise AssertionError(needle)


@pytest.mark.slow
def test_update_replaces_the_pack_and_keeps_every_note(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    trust = [Path(str(key[0]) + ".pub")]
    PackService(user_data_dir, extra_trust=trust).install(make_pack())
    with AnnotationStore(user_data_dir, backup_at_start=False) as store:
        on_changed = _highlight(store, "road", "县级财政每年安排专项经费")
        on_removed = _highlight(store, "water", "地理界标")

    v2 = make_pack(_v2_docs(), version="2")
    preview = preview_pack(v2, paths.packs_dir(user_data_dir), [key[1]])
    assert preview.previous is not None and preview.previous.version == "1"
    assert (preview.changes.added, preview.changes.changed, preview.changes.removed) == (
        ("bridge",),
        ("road",),
        ("water",),
    )
    change = PackService(user_data_dir, extra_trust=trust).install(v2)
    assert change.report is not None and change.report.changes == preview.changes
    assert change.notes_reanchored >= 1

    hits = _search(user_data_dir, "危桥险桥")
    assert (f"pack:{PACK_ID}", "bridge") in hits
    assert not [h for h in _search(user_data_dir, "地理界标") if h[1] == "water"]
    with AnnotationStore(user_data_dir, backup_at_start=False) as store, store.reader() as reader:
        moved = reader.get(on_changed)
        kept = reader.get(on_removed)
    assert moved is not None and not moved.is_detached
    road = load_corpus(_version(paths.packs_dir(user_data_dir) / PACK_ID) / DOCUMENTS_DIR).document(
        "road"
    )
    assert road is not None
    block = road.block(moved.block_id)
    assert block is not None and block.text[moved.start : moved.end] == "县级财政每年安排专项经费"
    assert kept is not None and kept.is_detached and kept.note == "重点"


def _refusals(make_pack: PackMaker, key_file: Path, other_key_file: Path, tmp: Path) -> dict:
    good = make_pack(name="good.pack")

    def corrupt_document(entries: dict[str, bytes]) -> None:
        name = f"{DOCUMENTS_DIR}/road.md"
        data = bytearray(entries[name])
        data[-5] ^= 0x01
        entries[name] = bytes(data)

    def binary_document(entries: dict[str, bytes]) -> None:
        entries[f"{DOCUMENTS_DIR}/road.md"] = b"\x00\x01\x02 not text" * 10

    def drop_signature(entries: dict[str, bytes]) -> None:
        del entries[SIGNATURE_FILE]

    def newer(manifest: dict[str, object]) -> None:
        manifest["format"] = 99

    truncated = tmp / "truncated.pack"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    return {
        "unsigned": repack(good, tmp / "unsigned.pack", drop_signature),
        "untrusted": make_pack(key_file=other_key_file, name="wrong-key.pack"),
        "tampered": repack(good, tmp / "tampered.pack", corrupt_document),
        "damaged": truncated,
        "newer_format": repack(good, tmp / "newer.pack", lambda e: None, key_file, newer),
        "parse": repack(good, tmp / "unparsable.pack", binary_document, key_file),
    }


@pytest.mark.parametrize(
    "case", ["unsigned", "untrusted", "tampered", "damaged", "newer_format", "parse"]
)
def test_refused_packs_change_nothing(
    case: str,
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    user_data_dir: Path,
    tmp_path: Path,
) -> None:
    packs = paths.packs_dir(user_data_dir)
    install_pack(make_pack(), packs, [key[1]])
    before = tree_digest(packs)
    bad = _refusals(make_pack, key[0], other_key[0], tmp_path)[case]
    with pytest.raises(PackError) as refused:
        install_pack(bad, packs, [key[1]])
    assert refused.value.code == case
    assert tree_digest(packs) == before
    assert explain(refused.value, "zh") != explain(refused.value, "en")


def test_a_pack_asking_for_a_zip_version_never_made_is_refused_as_damaged(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path, tmp_path: Path
) -> None:
    """A flipped bit in the directory's "version needed to extract" (zipfile refuses
    such an archive outright) is a damaged pack, not a traceback."""
    packs = paths.packs_dir(user_data_dir)
    data = bytearray(make_pack().read_bytes())
    directory = data.rindex(b"PK\x01\x02")  # the last entry's directory record
    data[directory + 6 : directory + 8] = (148).to_bytes(2, "little")  # version 14.8
    bad = tmp_path / "version.pack"
    bad.write_bytes(bytes(data))
    with pytest.raises(PackError) as raised:
        install_pack(bad, packs, [key[1]])
    assert "14.8" in str(raised.value)
    assert not installed_packs([("user", packs)])


def test_any_flipped_bit_in_the_pack_file_is_refused_and_changes_nothing(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path, tmp_path: Path
) -> None:
    """Bits flipped across the whole file (inside compressed entries too, where zlib fails
    before any checksum is compared): each one refused as a PackError, never a traceback."""
    packs = paths.packs_dir(user_data_dir)
    good = make_pack()
    install_pack(good, packs, [key[1]])
    before = tree_digest(packs)
    data = good.read_bytes()
    rng = random.Random(20261202)
    positions = sorted(rng.sample(range(len(data)), 120))
    for n, position in enumerate(positions):
        flipped = bytearray(data)
        flipped[position] ^= 1 << (n % 8)
        bad = tmp_path / f"flipped-{position}.pack"
        bad.write_bytes(bytes(flipped))
        try:
            install_pack(bad, packs, [key[1]])
        except PackError:
            assert tree_digest(packs) == before, position
        else:  # a flip the format ignores (e.g. in a zip comment) must change nothing
            # but the record of the (re-installed, equal) files' times
            record = f"{PACK_ID}/{RECORD_FILE}"
            after = tree_digest(packs)
            assert {**after, record: ""} == {**before, record: ""}, position
            assert recorded_state_matches(_version(packs / PACK_ID))
            before = after


def test_refused_into_an_empty_folder_leaves_no_folder(
    make_pack: PackMaker, other_key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    packs = paths.packs_dir(user_data_dir)
    with pytest.raises(PackError):
        install_pack(make_pack(), packs, [other_key[1]])
    assert not packs.exists()


def test_same_id_from_another_publisher_is_refused(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    user_data_dir: Path,
) -> None:
    packs = paths.packs_dir(user_data_dir)
    install_pack(make_pack(), packs, [key[1]])
    before = tree_digest(packs)
    impostor = make_pack(version="9", key_file=other_key[0], name="impostor.pack")
    with pytest.raises(PackError) as refused:
        install_pack(impostor, packs, [key[1], other_key[1]])
    assert refused.value.code == "id_clash"
    assert tree_digest(packs) == before


@pytest.mark.parametrize(
    "name", ["../escape.md", "/abs.md", "documents/../../x.md", "other/x.md", "documents/a\\b.md"]
)
def test_unsafe_entry_names_are_refused(
    name: str, make_pack: PackMaker, key: tuple[Path, PublicKey], tmp_path: Path
) -> None:
    bad = repack(make_pack(), tmp_path / "bad.pack", lambda e: e.__setitem__(name, b"x"))
    with pytest.raises(PackError) as refused:
        install_pack(bad, tmp_path / "packs", [key[1]])
    assert refused.value.code == "layout"
    assert not (tmp_path / "escape.md").exists() and not (tmp_path / "packs").exists()


def test_symlink_entries_are_refused(
    make_pack: PackMaker, key: tuple[Path, PublicKey], tmp_path: Path
) -> None:
    source = make_pack()
    bad = tmp_path / "link.pack"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        link = zipfile.ZipInfo("documents/link.md")
        link.external_attr = (0o120777) << 16
        out.writestr(link, "/etc/passwd")
    with pytest.raises(PackError) as refused:
        install_pack(bad, tmp_path / "packs", [key[1]])
    assert refused.value.code == "layout"


@pytest.mark.slow
def test_remove_keeps_notes_detached(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    service = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")])
    service.install(make_pack())
    with AnnotationStore(user_data_dir, backup_at_start=False) as store:
        noted = _highlight(store, "forest", "五级林长体系")
    service.remove(PACK_ID)
    assert not (paths.packs_dir(user_data_dir) / PACK_ID).exists()
    assert not [h for h in _search(user_data_dir, "林长") if h[0] == f"pack:{PACK_ID}"]
    with AnnotationStore(user_data_dir, backup_at_start=False) as store, store.reader() as reader:
        kept = reader.get(noted)
    assert kept is not None and kept.is_detached
    with pytest.raises(PackError) as refused:
        service.remove(PACK_ID)
    assert refused.value.code == "not_installed"


def test_command_line_install_list_remove(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.packs_cli import main

    pack = str(make_pack())
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["install", pack, "--data-dir", str(user_data_dir)]) == 1
    assert "受信任" in capsys.readouterr().err
    trust = ["--trust", str(key[0]) + ".pub"]
    assert main(["install", pack, "--data-dir", str(user_data_dir), *trust]) == 0
    out = capsys.readouterr().out
    assert "已安装 shifan-province 1" in out and "新增：water" in out
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert main(["list", "--json", "--data-dir", str(user_data_dir)]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (listed["id"], listed["documents"], listed["scope"]) == (PACK_ID, 3, "user")
    assert main(["remove", PACK_ID, "--data-dir", str(user_data_dir)]) == 0
    assert "removed shifan-province" in capsys.readouterr().out
    assert main(["list", "--data-dir", str(user_data_dir)]) == 0
    assert "no packs installed" in capsys.readouterr().out


def test_notes_on_pack_documents_follow_imports_updates_and_removals(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from desktop.importing.cli import main as import_main

    service = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")])
    service.install(make_pack())
    with AnnotationStore(user_data_dir, backup_at_start=False) as store:
        noted = _highlight(store, "road", "县级财政每年安排专项经费")

    def stored() -> Any:
        with (
            AnnotationStore(user_data_dir, backup_at_start=False) as store,
            store.reader() as reader,
        ):
            return reader.get(noted)

    # Importing a document of one's own re-anchors every note: the pack's stay in place.
    mine = tmp_path / "mine.txt"
    mine.write_text("关于本单位值班安排的通知\n\n节假日期间实行二十四小时值班。\n")
    assert import_main([str(mine), "--data-dir", str(user_data_dir)]) == 0, capsys.readouterr()
    before = stored()
    assert before is not None and not before.is_detached

    # Version 2 changes the noted document: the note moves with its text.
    service.install(make_pack(_v2_docs(), version="2"))
    moved = stored()
    assert moved is not None and not moved.is_detached
    # Checked against the new version of the document.
    assert moved.corpus_version != before.corpus_version
    road = load_corpus(_version(paths.packs_dir(user_data_dir) / PACK_ID) / DOCUMENTS_DIR).document(
        "road"
    )
    assert road is not None
    block = road.block(moved.block_id)
    assert block is not None
    assert block.text[moved.start : moved.end] == "县级财政每年安排专项经费"

    # Version 3 no longer has it: the note is kept, detached, with its quote and text.
    without = {name: doc for name, doc in _v2_docs().items() if name != "road.md"}
    change = service.install(make_pack(without, version="3"))
    assert change.report is not None and change.report.changes.removed == ("road",)
    kept = stored()
    assert kept is not None and kept.is_detached
    assert kept.exact == "县级财政每年安排专项经费" and kept.note == "重点"


def test_results_narrowed_to_one_library_keep_exact_totals(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")]).install(make_pack())
    pack = f"pack:{PACK_ID}"
    with open_session(paths.bundled_index_dir(), user_data_dir) as session:
        everything = session.search("县级", limit=None)
        libraries = {hit.library for hit in everything.hits}
        assert {"bundled", pack} <= libraries
        assert everything.total == len(everything.hits)
        counted = 0
        for library in libraries:
            only = session.search("县级", limit=None, libraries={library})
            assert {hit.library for hit in only.hits} == {library}
            wanted = [(h.doc_id, h.block_id) for h in everything.hits if h.library == library]
            assert sorted((h.doc_id, h.block_id) for h in only.hits) == sorted(wanted)
            assert only.total == len(wanted)
            counted += only.total
        assert counted == everything.total
        bundled_total = sum(1 for hit in everything.hits if hit.library == "bundled")
        assert bundled_total > 2
        top = session.search("县级", limit=2, libraries={"bundled"})  # the total stays exact
        assert len(top.hits) == 2 and top.total == bundled_total
        assert session.search("县级", libraries={"pack:not-installed"}).total == 0


def test_command_line_search_narrowed_to_a_pack(
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from index.cli import main as index_main

    PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")]).install(make_pack())
    argv = ["search", "县级", "--json", "--limit", "100", "--data-dir", str(user_data_dir)]
    assert index_main([*argv, "--library", f"pack:{PACK_ID}"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(hit["library"], hit["doc_id"]) for hit in lines] == [(f"pack:{PACK_ID}", "road")]
    assert index_main([*argv, "--library", "bundled"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and {hit["library"] for hit in lines} == {"bundled"}


def test_the_window_s_pack_opening_benchmark_counts_what_it_opened(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    from desktop.packs_bench import measure_pack_opening

    PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")]).install(make_pack())
    report = measure_pack_opening(user_data_dir, runs=2)
    assert (report["packs"], report["documents"], report["runs"]) == (1, 3, 2)
    assert report["open_median_ms"] > 0


def test_a_manifest_nested_too_deeply_is_refused_and_changes_nothing(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path, tmp_path: Path
) -> None:
    """The manifest is read before its signature is checked: a hostile one nested a
    hundred thousand deep is a refusal in the user's language, not a crash."""
    packs = paths.packs_dir(user_data_dir)
    install_pack(make_pack(), packs, [key[1]])
    before = tree_digest(packs)
    deep = b"[" * 100_000 + b"]" * 100_000
    bad = repack(make_pack(), tmp_path / "deep.pack", lambda e: e.__setitem__(MANIFEST_FILE, deep))
    for attempt in (preview_pack, install_pack):
        with pytest.raises(PackError) as refused:
            attempt(bad, packs, [key[1]])
        assert refused.value.code == "layout"
        assert explain(refused.value, "zh").startswith("文库包的内容结构不正确。")
        assert "nested too deeply" in refused.value.detail
    assert tree_digest(packs) == before


def test_installed_files_damaged_into_deep_nesting_are_damage_not_a_crash(
    make_pack: PackMaker, key: tuple[Path, PublicKey], user_data_dir: Path
) -> None:
    """A damaged record of the verified state is no record (the index gets the full
    check, and passes); a damaged installed manifest leaves the pack out of the list."""
    from index.packs.verified import check_installed_index

    packs = paths.packs_dir(user_data_dir)
    install_pack(make_pack(), packs, [key[1]])
    folder = _version(packs / PACK_ID)
    deep = "[" * 100_000 + "]" * 100_000
    (folder / RECORD_FILE).write_text(deep, "utf-8")
    assert check_installed_index(folder).ok
    assert recorded_state_matches(folder)  # the full check's pass was recorded again
    (folder / MANIFEST_FILE).write_text(deep, "utf-8")
    assert installed_packs([("user", packs)]) == []
