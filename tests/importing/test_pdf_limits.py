"""Hostile PDFs within the 50 MB import limit: bounded time and memory, a clear refusal.

Each is imported in a fresh process (tests/measured.py) and bound, as every documented
limit is, to 30 s of processor time and 1 GB; the refusal names what is wrong, and the
library is left as it was.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.importing.cpu_budget import OverBudget, cpu_budget
from desktop.importing.limits import MAX_FILE_BYTES, MAX_PDF_CPU_SECONDS, MAX_PDF_PAGES
from desktop.limit_inputs import (
    write_flate_bomb_pdf,
    write_form_bomb_pdf,
    write_many_pages_pdf,
    write_nested_pdf,
)
from tests.measured import Measured, run_measured

SECONDS = 30
MEGABYTES = 1024


def _import(path: Path, data: Path) -> Measured:
    assert path.stat().st_size <= MAX_FILE_BYTES, "a test input must be within the file limit"
    measured = run_measured(
        f"""
        from pathlib import Path
        from desktop.importing import PersonalLibrary
        library = PersonalLibrary.open(Path({str(data)!r}))
        try:
            doc = library.import_file(Path({str(path)!r}))
            print("blocks", len(doc.blocks))
            print("last", doc.blocks[-1].text)
        finally:
            print("documents", len(library))
            library.close()
        """
    )
    assert measured.cpu_seconds < SECONDS and measured.peak_mb < MEGABYTES, measured
    return measured


def _refused(measured: Measured, *words: str) -> None:
    assert measured.raised == "DocumentImportError", measured
    for word in words:
        assert word in measured.message, measured.message
    assert "documents 0" in measured.stdout  # the library is as it was


@pytest.mark.slow
def test_a_pdf_at_the_page_limit_is_imported_whole(tmp_path: Path) -> None:
    path = write_many_pages_pdf(tmp_path / "at-limit.pdf", MAX_PDF_PAGES)
    measured = _import(path, tmp_path / "data")
    assert measured.raised is None, measured.message
    # The first article is the title; every other one a paragraph, the last one included.
    assert f"blocks {MAX_PDF_PAGES}" in measured.stdout
    assert f"last Article {MAX_PDF_PAGES} The departments" in measured.stdout


def test_one_page_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = write_many_pages_pdf(tmp_path / "over.pdf", MAX_PDF_PAGES + 1)
    _refused(_import(path, tmp_path / "data"), f"{MAX_PDF_PAGES + 1} pages")


@pytest.mark.slow
def test_a_hundred_thousand_pages_are_refused_before_the_page_tree_is_walked(
    tmp_path: Path,
) -> None:
    path = write_many_pages_pdf(tmp_path / "pages.pdf", 100_000)
    _refused(_import(path, tmp_path / "data"), "100000 pages")
    # The same file whose page tree understates its size is stopped by the walk's limit.
    lying = tmp_path / "lying.pdf"
    lying.write_bytes(path.read_bytes().replace(b"/Count 100000", b"/Count 1     ", 1))
    _refused(_import(lying, tmp_path / "data"), "beyond what this program reads safely")


@pytest.mark.slow
def test_a_content_stream_inflating_to_a_gigabyte_is_refused(tmp_path: Path) -> None:
    path = write_flate_bomb_pdf(tmp_path / "bomb.pdf", 1024 * 1024 * 1024)
    _refused(_import(path, tmp_path / "data"), "no page of the PDF could be read")


@pytest.mark.slow
@pytest.mark.parametrize("repeat", ["forms", "flate"])
def test_thousands_of_pages_each_as_heavy_as_a_page_may_be_are_stopped_in_time(
    tmp_path: Path, repeat: str
) -> None:
    path = write_many_pages_pdf(tmp_path / f"{repeat}.pdf", MAX_PDF_PAGES, repeat=repeat)
    measured = _import(path, tmp_path / "data")
    _refused(measured, "takes too long", f"of {MAX_PDF_PAGES})")


def test_a_form_drawing_itself_ten_times_eight_deep_reads_in_bounded_time(tmp_path: Path) -> None:
    # 10 ** 8 drawings declared; at most MAX_PDF_FORM_DRAWS are followed.
    path = write_form_bomb_pdf(tmp_path / "forms.pdf", depth=8)
    measured = _import(path, tmp_path / "data")
    assert measured.cpu_seconds < MAX_PDF_CPU_SECONDS / 2, measured


@pytest.mark.slow
def test_an_operand_nested_a_hundred_thousand_deep_is_refused(tmp_path: Path) -> None:
    path = write_nested_pdf(tmp_path / "nested.pdf", 100_000, where="content")
    _refused(_import(path, tmp_path / "data"), "no page of the PDF could be read")


@pytest.mark.slow
def test_an_object_nested_two_million_deep_is_stopped_in_time(tmp_path: Path) -> None:
    path = write_nested_pdf(tmp_path / "nested.pdf", 2_000_000)
    _refused(_import(path, tmp_path / "data"), "takes too long", "before its first page")


# -- the budget itself --------------------------------------------------------------------
def test_the_budget_stops_a_loop_that_swallows_every_error() -> None:
    started = time.thread_time()
    with pytest.raises(OverBudget), cpu_budget(0.3):
        while True:
            try:
                sum(range(1000))
            except Exception:  # what a recovering parser does
                continue
    assert 0.3 <= time.thread_time() - started < 1.5


def test_without_a_thread_clock_the_budget_counts_wall_time_three_times_as_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(time, "pthread_getcpuclockid")  # as on Windows
    started = time.monotonic()
    with pytest.raises(OverBudget), cpu_budget(0.1):
        while True:
            time.sleep(0.01)  # no processor time: only the wall clock can end this
    assert 0.3 <= time.monotonic() - started < 1.5


def test_work_done_in_time_is_not_interrupted_later() -> None:
    with cpu_budget(0.3) as used:
        total = sum(range(10_000))
    assert total == 49_995_000 and used() < 0.3
    deadline = time.thread_time() + 0.6
    while time.thread_time() < deadline:  # past the budget: nothing is raised
        sum(range(1000))


def test_a_page_a_limit_stops_is_named_and_the_rest_imported_in_the_users_language(
    tmp_path: Path,
) -> None:
    from desktop.importing.pdf_reader import read_pdf
    from desktop.limit_inputs import write_pdf_objects
    from desktop.refusals import translate_reason

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)

    text = b"BT /F1 11 Tf 50 780 Td (Article 1 The departments shall report each year.) Tj ET"
    nested = b"[" * 100_000 + b"]" * 100_000 + b" TJ"
    page = (
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
    )
    path = write_pdf_objects(
        tmp_path / "two.pdf",
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            page % 6,
            page % 7,
            stream(text),
            stream(nested),
        ],
    )
    draft = read_pdf(path.read_bytes())
    assert draft.title.startswith("Article 1 The departments")
    (warning,) = draft.warnings
    assert warning.startswith("1 of 2 pages could not be read") and warning.endswith("page 2")
    assert (
        translate_reason(warning, "zh_CN")
        == "2 页中有 1 页无法读取（已损坏或超出限制），未导入：第 2 页"
    )
