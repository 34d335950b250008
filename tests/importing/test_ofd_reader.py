"""OFD files (GB/T 33190-2016): text in reading order, paragraphs, title and headings,
metadata; damaged, scanned and oversized files refused with a reason in Chinese."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from desktop.importing import DocumentImportError, PersonalLibrary
from desktop.importing.ofd_reader import read_ofd
from desktop.refusals import translate_reason

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
BODY = 5.6  # 三号 in millimetres
CHARS_PER_LINE = 28  # 156 mm of 三号 text
LEFT = 28.0
TOP = 37.0


def _text_object(ident: int, x: float, y: float, size: float, text: str) -> str:
    return (
        f'<ofd:TextObject ID="{ident}" Boundary="{x} {y} 160 {size * 1.5}" Font="1" '
        f'Size="{size}"><ofd:TextCode X="0" Y="{size}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def _layout(items: list[tuple[str, float, bool]]) -> list[list[str]]:
    """Pages of text objects for (text, size, centred) paragraphs: the first line of a
    body paragraph indented two characters, lines of CHARS_PER_LINE, 15 lines a page."""
    pages: list[list[str]] = [[]]
    y = TOP
    ident = 10
    for text, size, centred in items:
        if size == BODY and not centred:
            first, rest = text[: CHARS_PER_LINE - 2], text[CHARS_PER_LINE - 2 :]
            lines = [(LEFT + 2 * size, first)]
            lines += [
                (LEFT, rest[i : i + CHARS_PER_LINE]) for i in range(0, len(rest), CHARS_PER_LINE)
            ]
        else:
            lines = [(LEFT + 20, text)]
        for x, line in lines:
            if y > TOP + 15 * BODY * 1.8:
                pages.append([])
                y = TOP
            pages[-1].append(_text_object(ident, x, y, size, line))
            ident += 1
            y += size * 1.8
        y += 0.3 * size
    return pages


def write_ofd(
    path: Path,
    items: list[tuple[str, float, bool]],
    *,
    title: str = "",
    author: str = "",
    date: str = "",
    scanned: bool = False,
) -> Path:
    pages = _layout(items)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        info = f"<ofd:Title>{title}</ofd:Title>" if title else ""
        info += f"<ofd:Author>{author}</ofd:Author>" if author else ""
        info += f"<ofd:CreationDate>{date}</ofd:CreationDate>" if date else ""
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>abc</ofd:DocID>{info}</ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:CommonData>"
            f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        )
        for i, objects in enumerate(pages):
            content = "" if scanned else "".join(objects)
            if scanned:
                content = '<ofd:ImageObject ID="9" Boundary="0 0 210 297" ResourceID="5"/>'
            archive.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
                f'<ofd:Layer ID="2">{content}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return path


LONG = (
    "加快推进数字政府建设，是创新政府治理理念和方式、形成数字治理新格局的重要举措，"
    "对加快转变政府职能、建设法治政府具有重要意义。各地区各部门要统一思想认识。"
)
NOTICE = [
    ("关于加快推进数字政府建设的通知", 7.76, True),
    ("各省、自治区、直辖市人民政府：", BODY, False),
    (LONG, BODY, False),
    ("一、总体要求", BODY, False),
    (LONG * 3, BODY, False),  # runs over onto the next page
    ("（一）统一标准", BODY, False),
    ("一是统一数据目录。", BODY, False),
]


def test_text_paragraphs_title_and_headings(tmp_path: Path) -> None:
    ofd = write_ofd(
        tmp_path / "notice.ofd", NOTICE, author="市政府办公厅", date="2024-03-05T10:00:00"
    )
    draft = read_ofd(ofd.read_bytes())
    assert draft.title == "关于加快推进数字政府建设的通知"
    assert list(draft.paragraphs) == [
        "各省、自治区、直辖市人民政府：",
        LONG,
        "一、总体要求",
        LONG * 3,  # lines joined across the page break, nothing lost or doubled
        "（一）统一标准",
        "一是统一数据目录。",
    ]
    assert list(draft.levels) == [0, 0, 1, 0, 2, 3]
    assert draft.author == "市政府办公厅" and draft.published == "2024-03-05"
    assert draft.file_format == "ofd" and not draft.warnings


def test_a_larger_heading_size_makes_a_heading(tmp_path: Path) -> None:
    items = [("年度工作要点", 7.76, True), ("坚持稳中求进", 6.3, True), (LONG, BODY, False)]
    draft = read_ofd(write_ofd(tmp_path / "points.ofd", items).read_bytes())
    assert draft.title == "年度工作要点"
    assert list(draft.paragraphs) == ["坚持稳中求进", LONG]
    assert list(draft.levels) == [1, 0]


def test_imported_into_the_personal_library(tmp_path: Path) -> None:
    ofd = write_ofd(tmp_path / "notice.ofd", NOTICE)
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        doc = library.import_file(ofd)
        assert doc.title == "关于加快推进数字政府建设的通知"
        assert any(b.text == "一、总体要求" for b in doc.blocks)
        assert library.document(doc.id) is not None
    finally:
        library.close()


def _refusal(data: bytes) -> str:
    with pytest.raises(DocumentImportError) as caught:
        read_ofd(data)
    return str(caught.value.reason)


def test_damaged_scanned_and_oversized_files_are_refused_in_chinese(tmp_path: Path) -> None:
    reasons = [
        _refusal(b"PK\x03\x04 not really a zip"),
        _refusal(write_ofd(tmp_path / "scan.ofd", NOTICE, scanned=True).read_bytes()),
    ]
    crowded = io.BytesIO()
    with zipfile.ZipFile(crowded, "w") as archive:
        for i in range(5001):
            archive.writestr(f"x/{i}", "")
    reasons.append(_refusal(crowded.getvalue()))
    no_root = io.BytesIO()
    with zipfile.ZipFile(no_root, "w") as archive:
        archive.writestr("OFD.xml", f"<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>")
    reasons.append(_refusal(no_root.getvalue()))
    chinese = [translate_reason(reason, "zh_CN") for reason in reasons]
    assert "扫描图像" in chinese[1] and "压缩炸弹" in chinese[2]
    for reason in chinese:
        assert reason.startswith(("无法读取该 OFD 文件", "该 OFD 文件")), reason
