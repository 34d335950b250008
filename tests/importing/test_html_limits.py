"""Hostile HTML pages within the 50 MB import limit: bounded time and memory, a clear refusal.

Each is imported in a fresh process (tests/measured.py) bound, as every documented limit
is, to 30 s of processor time and 1 GB; the library is left as it was when refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.importing.limits import MAX_FILE_BYTES
from desktop.refusals import translate_reason
from tests.measured import Measured, run_measured

SECONDS = 30
MEGABYTES = 1024


def _import(path: Path, data: Path, *, cpu_limit: float | None = None) -> Measured:
    """Import ``path`` in a fresh process (with the page's processor-time limit set to
    ``cpu_limit``, so that a test need not spend the whole of it)."""
    assert path.stat().st_size <= MAX_FILE_BYTES, "a test input must be within the file limit"
    measured = run_measured(
        f"""
        from pathlib import Path
        from desktop.importing import PersonalLibrary, html_reader
        if {cpu_limit!r} is not None:
            html_reader.MAX_HTML_CPU_SECONDS = {cpu_limit!r}
        library = PersonalLibrary.open(Path({str(data)!r}))
        try:
            doc = library.import_file(Path({str(path)!r}))
            print("title", doc.title)
            print("last", doc.blocks[-1].text)
        finally:
            print("documents", len(library))
            library.close()
        """
    )
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES, measured
    return measured


@pytest.mark.slow
def test_a_page_of_markup_alone_is_refused_in_bounded_time(tmp_path: Path) -> None:
    """Millions of empty tags take minutes to tokenise: the reading stops at its limit."""
    page = tmp_path / "tags.html"
    page.write_bytes(b"<html><body><h1>T</h1><p>x</p>" + b"<b>" * 5_000_000 + b"</body></html>")
    measured = _import(page, tmp_path / "data", cpu_limit=2.0)
    assert measured.raised == "DocumentImportError", measured
    assert "the page takes too long to read (more than 2 s of processing)" in measured.message
    assert "documents 0" in measured.stdout  # the library is as it was
    reason = measured.message.split(": ", 1)[1]
    assert translate_reason(reason, "zh_CN").startswith("读取该网页耗时过长（已处理超过 2 秒）")


@pytest.mark.slow
def test_stray_end_tags_inside_a_dropped_element_cost_each_one_step(tmp_path: Path) -> None:
    """A dropped element (here an inline SVG) opening a hundred thousand elements, then as
    many end tags that close none of them: each end tag is one step, not a search down
    the open elements (that took minutes), and the text after the element is kept."""
    page = tmp_path / "svg.html"
    page.write_bytes(
        "<html><body><h1>通知</h1><p>正文之前。</p><svg>".encode()
        + b"<g>" * 100_000
        + b"</x>" * 100_000
        + "</svg><p>正文之后。</p></body></html>".encode()
    )
    measured = _import(page, tmp_path / "data")
    assert measured.raised is None, measured.message
    assert "title 通知" in measured.stdout
    assert "last 正文之后。" in measured.stdout


@pytest.mark.slow
def test_a_tag_of_millions_of_attributes_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """The standard tokenizer kept a few hundred bytes per attribute while locating the
    end of a start tag (2 GB for this 10 MB page): now the page reads in little memory."""
    page = tmp_path / "attributes.html"
    page.write_bytes(
        "<html><body><h1>通知</h1><p ".encode()
        + b"a=b " * 2_500_000
        + "/><p>正文。</p><p a='>' ".encode()
        + b'b=">" ' * 1_000_000
        + ">末段。</p></body></html>".encode()
    )
    measured = _import(page, tmp_path / "data")
    assert measured.peak_mb < 300, measured
    assert measured.raised is None, measured.message
    assert "last 末段。" in measured.stdout


def test_long_tags_are_read_by_name_and_the_text_around_them_kept(tmp_path: Path) -> None:
    """An inline image of 300 KB and a script whose tag is as long: the text around
    them is read as it always was, and the script's text is still left out."""
    from desktop.importing.readers import read_file

    page = tmp_path / "capture.html"
    image = "A" * 300_000
    page.write_text(
        '<html><head><meta name="ArticleTitle" content="关于数据共享的通知"></head><body>'
        "<h1>关于数据共享的通知</h1><p>第一段。</p>"
        f'<img src="data:image/png;base64,{image}" alt="图一"/><p>第二段。</p>'
        f'<script data-x="{image}">document.write("<p>脚本文字</p>");</script>'
        "<p>第三段。</p></body></html>",
        "utf-8",
    )
    draft = read_file(page)
    assert draft.title == "关于数据共享的通知"
    assert list(draft.paragraphs) == ["第一段。", "第二段。", "第三段。"]
