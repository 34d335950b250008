"""Bad files: a clear reason per file, and the library exactly as it was."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.importing import DocumentImportError, PersonalLibrary
from desktop.importing.limits import MAX_FILE_BYTES
from desktop.importing.readers import draft_from_file_bytes
from index.search import IndexSearcher
from tests.importing.conftest import snapshot
from tests.importing.files import docx_bytes, nested_zip_bytes, write_docx, write_pdf, write_zip

Maker = Callable[[Path], Path]


def empty_txt(d: Path) -> Path:
    (d / "empty.txt").write_bytes(b"")
    return d / "empty.txt"


def blank_md(d: Path) -> Path:
    (d / "blank.md").write_bytes(b" \n\r\n\t \n")
    return d / "blank.md"


def title_only_txt(d: Path) -> Path:
    (d / "title.txt").write_text("只有标题\n", "utf-8")
    return d / "title.txt"


def junk_txt(d: Path) -> Path:
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    return d / "junk.txt"


def junk_without_nul_txt(d: Path) -> Path:
    # High bytes only: not UTF-8, and as GB18030 or Big5 no common Chinese at all.
    pairs = [(0x81 + (i * 37) % 0x7E, 0x30 + (i * 11) % 10) for i in range(3000)]
    data = bytes(b for pair in pairs for b in pair)
    (d / "junk2.txt").write_bytes(data)
    return d / "junk2.txt"


def png_as_md(d: Path) -> Path:
    (d / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(500))
    return d / "image.md"


def oversized_txt(d: Path) -> Path:
    path = d / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    return path


def random_docx(d: Path) -> Path:
    (d / "random.docx").write_bytes(os.urandom(4096))
    return d / "random.docx"


def truncated_docx(d: Path) -> Path:
    data = docx_bytes(d)
    (d / "cut.docx").write_bytes(data[: len(data) // 2])
    return d / "cut.docx"


def old_doc(d: Path) -> Path:
    (d / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    return d / "old.docx"


def encrypted_docx(d: Path) -> Path:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    data = ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 999
    (d / "locked.docx").write_bytes(data)
    return d / "locked.docx"


def zip_without_document(d: Path) -> Path:
    return write_zip(d / "other.docx", {"content.xml": b"<x/>"})


def bomb_by_size(d: Path) -> Path:
    # 210 MB of zeros compress to about 200 KB: over the total limit.
    path = d / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", b"<w/>")
        with archive.open("word/media/fill.bin", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(210):
                part.write(chunk)
    return path


def bomb_by_ratio(d: Path) -> Path:
    return write_zip(
        d / "ratio.docx",
        {"word/document.xml": b"<w/>", "word/styles.xml": b"<" + b"a" * (20 * 1024 * 1024)},
    )


def nested_archive_docx(d: Path) -> Path:
    return write_zip(
        d / "nested.docx",
        {"word/document.xml": b"<w/>", "word/inner.zip": nested_zip_bytes()},
    )


def pdf_garbage(d: Path) -> Path:
    (d / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    return d / "broken.pdf"


def not_a_pdf(d: Path) -> Path:
    (d / "fake.pdf").write_text("这不是PDF文件", "utf-8")
    return d / "fake.pdf"


def html_only_script(d: Path) -> Path:
    (d / "s.html").write_text("<html><script>var 文字 = 1;</script></html>", "utf-8")
    return d / "s.html"


CASES: list[tuple[Maker, str]] = [
    (empty_txt, "empty"),
    (blank_md, "empty"),
    (title_only_txt, "no body text"),
    (junk_txt, "binary"),
    (junk_without_nul_txt, "not text|does not look like"),
    (png_as_md, "binary"),
    (oversized_txt, "too large.*limit is 50 MB"),
    (random_docx, "not a Word .docx"),
    (truncated_docx, "not a Word .docx|damaged"),
    (old_doc, r"97–2003 document \(\.doc\)"),
    (encrypted_docx, "encrypted"),
    (zip_without_document, "no word/document.xml"),
    (bomb_by_size, "zip bomb"),
    (bomb_by_ratio, "zip bomb"),
    (nested_archive_docx, "nested archive"),
    (pdf_garbage, "damaged|no pages|no text"),
    (not_a_pdf, "not a PDF"),
    (html_only_script, "holds no text|no body|no title"),
]


@pytest.mark.parametrize(("make", "reason"), CASES, ids=[m.__name__ for m, _ in CASES])
def test_bad_file_is_refused_and_changes_nothing(
    library: PersonalLibrary, inbox: Path, make: Maker, reason: str
) -> None:
    library.import_file(write_docx(inbox / "good.docx"))
    before = snapshot(library.root)
    bad = make(inbox)
    with pytest.raises(DocumentImportError, match=reason) as info:
        library.import_file(bad)
    assert info.value.path == bad
    assert str(info.value).startswith(bad.name + ": ")
    assert snapshot(library.root) == before
    assert len(library) == 1
    assert bad.exists()  # the user's file is never moved or deleted


def test_pdf_without_text_layer_is_refused(
    qapp: object, library: PersonalLibrary, inbox: Path
) -> None:
    before = snapshot(library.root)
    scan = write_pdf(inbox / "scan.pdf", [[], []])
    with pytest.raises(DocumentImportError, match="no text layer on any of its 2 page"):
        library.import_file(scan)
    assert snapshot(library.root) == before


def test_encrypted_pdf_is_refused(qapp: object, library: PersonalLibrary, inbox: Path) -> None:
    before = snapshot(library.root)
    locked = write_pdf(inbox / "locked.pdf", [["机密文件", "正文。"]], password="secret")
    with pytest.raises(DocumentImportError, match="encrypted"):
        library.import_file(locked)
    assert snapshot(library.root) == before


def test_failed_index_update_rolls_back_every_change(
    library: PersonalLibrary, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = library.import_file(write_docx(inbox / "a.docx"))
    before = snapshot(library.root)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("desktop.importing.library.update_index", broken)
    (inbox / "b.txt").write_text("另一份通知\n正文。\n", "utf-8")
    with pytest.raises(DocumentImportError, match=r"disk full.*nothing was changed"):
        library.import_file(inbox / "b.txt")
    with pytest.raises(DocumentImportError, match="nothing was changed"):
        library.import_file(inbox / "b.txt", replace_doc_id=first.id)
    with pytest.raises(DocumentImportError, match="nothing was changed"):
        library.remove(first.id)
    assert snapshot(library.root) == before
    assert library.document(first.id) == first
    assert [d.id for d in PersonalLibrary.open(library.root.parent).documents()] == [first.id]


def test_interrupted_change_is_rolled_back_at_open(library: PersonalLibrary, inbox: Path) -> None:
    doc = library.import_file(write_docx(inbox / "a.docx"))
    before = snapshot(library.root)
    # A crash after the stored version moved aside and before the index update.
    op = library.root / ".op-crashed"
    (op / "new").mkdir(parents=True)
    (op / "op.json").write_text(f'{{"doc_id": "{doc.id}"}}', "utf-8")
    library._move_out(doc.id, op / "old")
    (library.documents_dir / f"{doc.id}.json").write_text("{half written", "utf-8")

    reopened = PersonalLibrary.open(library.root.parent)
    assert reopened.document(doc.id) == doc
    assert not op.exists()
    stored = {k: v for k, v in snapshot(reopened.root).items() if not k.startswith("index/")}
    assert stored == {k: v for k, v in before.items() if not k.startswith("index/")}
    with IndexSearcher(reopened.index_dir) as searcher:
        hits = searcher.search("政务数据共享", limit=None).hits
    assert {hit.doc_id for hit in hits} == {doc.id}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
        st.binary(max_size=2000).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]),
)
def test_any_bytes_give_a_draft_or_a_reason(data: bytes, suffix: str) -> None:
    try:
        draft = draft_from_file_bytes(data, Path("input" + suffix))
    except DocumentImportError as exc:
        assert exc.reason and exc.path == Path("input" + suffix)
    else:
        assert draft.title.strip() and draft.paragraphs
