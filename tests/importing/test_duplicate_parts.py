"""A .docx or .ofd whose zip names one part twice is refused as damaged or ambiguous:
one reader takes the first entry, another the last, so the file could show one text in
Word or WPS and import another.  The refusal is translated; nothing is imported."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

from desktop.importing import DocumentImportError, PersonalLibrary
from desktop.importing.docx_reader import read_docx
from desktop.importing.ofd_reader import read_ofd
from desktop.refusals import translate_reason
from tests.importing.files import write_docx
from tests.importing.test_ofd_reader import NOTICE, write_ofd


def _with_second(data: bytes, name: str, copy_of: str, replace: tuple[str, str]) -> bytes:
    """The zip ``data`` with a second entry ``name``: the part ``copy_of`` with one
    text replaced by another (a hostile file's other text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        other = source.read(copy_of).decode().replace(*replace)
        assert replace[1] in other
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
            target.writestr(name, other)
    return out.getvalue()


def _refused(read: object, data: bytes) -> str:
    with pytest.raises(DocumentImportError) as caught:
        read(data)  # type: ignore[operator]
    return caught.value.reason


@pytest.mark.parametrize("second", ["word/document.xml", "Word/Document.XML"])
def test_a_docx_with_its_text_twice_is_refused(tmp_path: Path, second: str) -> None:
    data = write_docx(tmp_path / "valid.docx").read_bytes()
    assert "一、总体要求" in read_docx(data).paragraphs
    twice = _with_second(data, second, "word/document.xml", ("总体要求", "另有要求"))
    reason = _refused(read_docx, twice)
    assert reason == f"the .docx is damaged or ambiguous (it holds the part {second} twice)"
    assert translate_reason(reason, "zh_CN") == (
        f"该 .docx 已损坏或含义不明（部件 {second} 出现了两次）"
    )


@pytest.mark.parametrize(
    "second", ["Doc_0/Pages/Page_0/Content.xml", "/doc_0/pages/page_0/content.xml"]
)
def test_an_ofd_with_a_page_twice_is_refused(tmp_path: Path, second: str) -> None:
    data = write_ofd(tmp_path / "notice.ofd", NOTICE).read_bytes()
    assert "一、总体要求" in read_ofd(data).paragraphs
    page = "Doc_0/Pages/Page_0/Content.xml"
    twice = _with_second(data, second, page, ("总体要求", "另有要求"))
    reason = _refused(read_ofd, twice)
    assert reason == f"the OFD file is damaged or ambiguous (it holds the part {second} twice)"
    assert translate_reason(reason, "zh_CN").startswith("该 OFD 文件已损坏或含义不明")


def test_nothing_of_an_ambiguous_file_is_imported(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "valid.docx").read_bytes()
    hostile = tmp_path / "hostile.docx"
    hostile.write_bytes(
        _with_second(data, "word/document.xml", "word/document.xml", ("总体要求", "另有要求"))
    )
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        with pytest.raises(DocumentImportError, match="ambiguous"):
            library.import_file(hostile)
        assert library.documents() == []
    finally:
        library.close()
