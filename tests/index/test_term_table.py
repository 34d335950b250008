"""The mapped terms table (index.terms) answers every look-up as Whoosh's reader does."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.reading import TermNotFound

from index.search import IndexSearcher
from index.store import INDEX_NAME
from index.terms import TermTable


def test_every_term_has_the_info_whooshs_reader_gives(multi_index: Path) -> None:
    ix = whoosh_index.open_dir(str(multi_index), indexname=INDEX_NAME, readonly=True)
    with ix.searcher() as searcher:
        (leaf, _), *others = list(searcher.reader().leaf_readers())
        assert not others
        terms = leaf._terms
        table = TermTable.open(terms)
        assert table is not None
        try:
            looked_up = 0
            for field, text in terms.terms():
                want = terms.term_info(field, text)
                got = table.term_info(field, text)
                assert got is not None
                assert vars(got) == vars(want)
                assert got.doc_frequency() == want.doc_frequency()
                looked_up += 1
            assert looked_up > 500
            for field, text in (("text", "鑫鑫".encode()), ("text", b"zz"), ("nofield", b"a")):
                try:
                    terms.term_info(field, text)
                except TermNotFound:
                    assert table.term_info(field, text) is None
                else:  # pragma: no cover - the fixture holds none of them
                    raise AssertionError(f"{text!r} is a term")
        finally:
            table.close()


def test_a_reader_it_cannot_map_is_asked_itself(multi_index: Path) -> None:
    assert TermTable.open(object()) is None
    with IndexSearcher(multi_index) as searcher:
        mapped = searcher.search("粤港澳 规划", limit=None)
        searcher._term_tables = [None] * len(searcher._term_tables)
        searcher._infos.clear()
        searcher._plans.clear()
        asked = searcher.search("粤港澳 规划", limit=None)
    assert mapped.total > 0
    assert [hit.to_json() for hit in asked.hits] == [hit.to_json() for hit in mapped.hits]
    assert asked.total == mapped.total
