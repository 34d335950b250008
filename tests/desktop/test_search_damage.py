"""A search that finds an index file damaged says so in the interface language, as the
index check does, without a traceback in the log."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from desktop.translators import shared
from desktop.workers import SearchService
from index.search import IndexSearcher


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh_CN", "索引文件 versions.json 缺失或已损坏"),
        ("en", "the index file versions.json is missing or damaged"),
    ],
)
def test_a_search_on_a_damaged_index_says_which_file_in_the_interface_language(
    qapp, qtbot, built_index: Path, tmp_path: Path, caplog, language: str, expected: str
) -> None:
    copy = tmp_path / "index"
    shutil.copytree(built_index, copy)
    searcher = IndexSearcher(copy)
    service = SearchService()
    shared().apply(language)
    try:
        (copy / "versions.json").write_text('{"noncurrent":[[0,', "utf-8")  # cut short
        service.searcher = searcher
        caplog.set_level(logging.INFO)
        with qtbot.waitSignal(service.failed, timeout=30_000) as failed:
            service.search("的")
        assert failed.args[1] == expected
        assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    finally:
        service.wait_idle()
        shared().apply("en")
        searcher.close()
