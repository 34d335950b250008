"""What start-up leaves for later: the library catalog is read once (the window and the
searcher share it), and what the first query needs is read in the search lane before the
user types, so the first search does no more work than the next ones."""

from __future__ import annotations

from typing import Any

from index.catalog import Catalog


def test_catalog_read_once_and_first_search_prepared(
    qtbot: Any, make_window: Any, search: Any, monkeypatch: Any
) -> None:
    decoded: list[Catalog] = []
    original = Catalog._load

    def counting(self: Catalog) -> Any:
        if self._entries is None:
            decoded.append(self)
        return original(self)

    monkeypatch.setattr(Catalog, "_load", counting)
    window = make_window()
    library = window.library
    assert library.catalog is not None and library.searcher.catalog is library.catalog
    assert window.search_service.wait_idle()
    assert decoded == [library.catalog]  # one decode of catalog.json for window and search
    searcher = library.searcher
    names_built = []
    real_names = searcher._document_names

    def spy(all_versions: bool) -> Any:
        names_built.append(searcher._names is None)
        return real_names(all_versions)

    monkeypatch.setattr(searcher, "_document_names", spy)
    for query in ("数据安全法第二十一条", "个人信息"):
        assert search(window, query).total > 0
    # Both searches found the document names made already.
    assert names_built and not any(names_built)
    assert decoded == [library.catalog]
