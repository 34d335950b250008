"""The window's benchmark times what this code builds: an index cached by an older build
(still readable, but started through the older path) is built again."""

import shutil
from pathlib import Path

import pytest

from desktop import bench
from index.catalog import ROWS_NAME, CatalogRows
from index.integrity import INTEGRITY_KEY, describe_files
from index.manifest import MANIFEST_NAME, check_index, file_sizes, read_manifest, write_manifest
from tests.index.test_catalog_rows import first_rows_format


def _rows_together(index: Path) -> bool:
    return CatalogRows(index / ROWS_NAME).tree_groups() is not None


@pytest.mark.slow
def test_an_index_cached_by_an_older_build_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_corpus: Path, built_index: Path
) -> None:
    monkeypatch.setattr(bench, "_cache", lambda: tmp_path)
    cached = bench.index_for(sample_corpus)
    assert cached.parent == tmp_path and _rows_together(cached)

    # What an older build left: a valid index whose rows file has only the first format.
    shutil.rmtree(cached)
    shutil.copytree(built_index, cached)
    first_rows_format(cached)
    manifest = read_manifest(cached)
    manifest["files"] = file_sizes(cached)
    manifest[INTEGRITY_KEY] = describe_files(cached, MANIFEST_NAME)
    write_manifest(cached, manifest)
    assert check_index(cached, sample_corpus).ok and not _rows_together(cached)

    assert bench.index_for(sample_corpus) == cached
    assert _rows_together(cached)
    built = (cached / MANIFEST_NAME).stat().st_mtime_ns
    bench.index_for(sample_corpus)  # current: used as it is
    assert (cached / MANIFEST_NAME).stat().st_mtime_ns == built
