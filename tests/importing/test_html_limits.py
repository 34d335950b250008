"""Hostile HTML pages within the 50 MB import limit: bounded time and memory, a clear refusal.

Each is imported in a fresh process (tests/measured.py) bound, as every documented limit
is, to 30 s of processor time and 1 GB; the library is left as it was when refused.
"""

from __future__ import annotations

from pathlib import Path

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
