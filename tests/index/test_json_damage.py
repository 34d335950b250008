"""A JSON file of an index, a pack or the data folder that is garbage or nested too deeply
(a bad disk, another program) is damage with a message, or a safe default: never a
traceback (json raises RecursionError, not ValueError, for brackets nested too deeply)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.catalog import Catalog, CatalogError
from index.cli import main as index_cli
from index.folder_lock import LOCK_FILE_NAME, FolderLock, read_holder
from index.sidecar import FoldedTexts, SidecarError
from index.store import MANIFEST_NAME, IndexState, build_index, check_index

REPO = Path(__file__).resolve().parents[2]
SEED_FILE = REPO / "resources" / "corpus" / "000_1d295d036ad38628.txt"
DAMAGE = {"nested too deeply": "[" * 100_000 + "]" * 100_000, "garbage": '{"a": [1, 2'}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed-corpus")
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    return root


@pytest.fixture(scope="module")
def good_index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("json-damage") / "index"
    build_index(corpus, out)
    return out


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_index_manifest_is_reported_as_damage(
    good_index: Path,
    corpus: Path,
    tmp_path: Path,
    damage: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(good_index, copy)
    (copy / MANIFEST_NAME).write_text(DAMAGE[damage], "utf-8")
    status = check_index(copy, corpus)
    assert status.state is IndexState.CORRUPT and "manifest" in status.message
    capsys.readouterr()
    assert index_cli(["check", "--index", str(copy), "--corpus", str(corpus)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "manifest" in out + err


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_catalog_or_top_list_index_is_a_damage_error(
    good_index: Path, tmp_path: Path, damage: str
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(good_index, copy)
    for name in ("catalog.json", "tops.idx"):
        (copy / name).write_text(DAMAGE[damage], "utf-8")
    (copy / "catalog.rows").unlink()  # the whole catalog read at once
    with pytest.raises(CatalogError, match="cannot be read"):
        Catalog(copy).documents  # noqa: B018
    with pytest.raises(SidecarError, match="damaged"):
        FoldedTexts(copy).prepare()


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_lock_file_holding_damage_names_no_holder_and_the_folder_is_still_taken(
    tmp_path: Path, damage: str
) -> None:
    (tmp_path / LOCK_FILE_NAME).write_text("x" + DAMAGE[damage][:4000], "utf-8")
    assert read_holder(tmp_path) is None
    lock = FolderLock(tmp_path)
    lock.acquire()
    try:
        assert lock.acquired
    finally:
        lock.release()


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_an_installed_pack_whose_pack_json_is_damaged_is_listed_by_its_folder_name(
    tmp_path: Path, damage: str
) -> None:
    from index.packs.archive import METADATA_FILE
    from index.session import _pack_metadata, _pack_title

    folder = tmp_path / "公文汇编"
    folder.mkdir()
    (folder / METADATA_FILE).write_text(DAMAGE[damage], "utf-8")
    assert _pack_title(folder, _pack_metadata(folder)) == "公文汇编"


VERSIONS_DAMAGE = {
    "truncated": '{"noncurrent":[],"top_gr',
    "not JSON": "\x00\x00\x00\x00",
    "a list": "[]",
    "no ranges": '{"top_gram_df":{}}',
    "ranges not pairs": '{"noncurrent":[5],"top_gram_df":{}}',
    "a range past the index": '{"noncurrent":[[0,1000000]],"top_gram_df":{}}',
    "a count not a number": '{"noncurrent":[],"top_gram_df":{"的":"x"}}',
    "nested too deeply": '{"noncurrent":' + "[" * 100_000 + "]" * 100_000 + "}",
}


@pytest.mark.parametrize("damage", sorted(VERSIONS_DAMAGE))
def test_a_damaged_versions_file_fails_a_search_as_damage(
    good_index: Path, tmp_path: Path, damage: str
) -> None:
    """Found damaged while the index is in use (after its check at opening): the search
    says which file is damaged, as the check would, instead of a JSON or type error —
    and never shows an old version's blocks as current."""
    from index.index_files import IndexFileDamaged
    from index.search import IndexSearcher

    copy = tmp_path / "index"
    shutil.copytree(good_index, copy)
    with IndexSearcher(copy) as searcher:
        assert searcher.search("的").total > 0
    searcher = IndexSearcher(copy)
    try:
        (copy / "versions.json").write_text(VERSIONS_DAMAGE[damage], "utf-8")
        with pytest.raises(IndexFileDamaged, match=r"^the index file versions\.json is missing"):
            searcher.search("的")
        assert searcher.search("的", all_versions=True).total > 0  # needs no versions
    finally:
        searcher.close()
