"""A personal library's index is updated in place and searched together with the bundled one."""

from __future__ import annotations

from pathlib import Path

from index.parsing import parse_capture, parse_markdown
from index.search import CombinedSearcher, IndexSearcher
from index.store import IndexState, check_index, update_index

from .conftest import MARKDOWN_DOC, SECOND_CAPTURE


def test_add_replace_and_remove(tmp_path: Path) -> None:
    ix = tmp_path / "personal"
    notice = parse_markdown(MARKDOWN_DOC, "x")
    gba = parse_capture(SECOND_CAPTURE, "gba")
    manifest = update_index(ix, add=[notice, gba])
    assert (manifest["documents"], manifest["blocks"]) == (2, len(notice.blocks) + len(gba.blocks))
    assert check_index(ix).state is IndexState.OK
    with IndexSearcher(ix) as searcher:
        assert searcher.search("灣區").total == 2  # the title and one paragraph
        assert searcher.search("标准化").total >= 1

    revised = parse_capture(SECOND_CAPTURE.replace("一流灣區", "一流海灣"), "gba")
    update_index(ix, add=[revised])
    with IndexSearcher(ix) as searcher:
        assert searcher.search("一流灣區").total == 0
        assert searcher.search("一流海灣").total == 1
        assert searcher.search("统一事项清单").total == 1  # the other document is untouched

    manifest = update_index(ix, remove=["gba"])
    assert manifest["documents"] == 1
    with IndexSearcher(ix) as searcher:
        assert searcher.search("海灣").total == 0
        assert {h.doc_id for h in searcher.search("要求", limit=None).hits} == {"md-notice"}
    assert check_index(ix).ok


def test_combined_search_says_where_each_hit_comes_from(multi_index: Path, tmp_path: Path) -> None:
    personal = tmp_path / "personal"
    update_index(
        personal, add=[parse_markdown(MARKDOWN_DOC.replace("id: md-notice", "id: mine"), "x")]
    )
    with IndexSearcher(multi_index) as bundled, IndexSearcher(personal) as mine:
        combined = CombinedSearcher([("bundled", bundled), ("personal", mine)])
        result = combined.search("统一事项清单", limit=None)
        assert result.total == 2
        assert sorted(h.library for h in result.hits) == ["bundled", "personal"]
        assert result.hits[0].library == "bundled"  # equal scores: the bundled library first
        top = combined.search("数字", limit=3)
        assert len(top.hits) == 3 and top.total == bundled.search("数字").total
        assert all(h.to_json()["library"] for h in top.hits)
