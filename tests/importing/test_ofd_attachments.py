"""OFD annotations and attachments: a stamp's, a watermark's or a link's text never joins the
body, a reviewer's note is kept as a marked note; attached files are read as further
sections (or listed by name with why not), and a hostile attachment costs nothing but
itself."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from desktop.importing import PersonalLibrary
from desktop.importing.ofd_reader import read_ofd
from desktop.refusals import translate_reason
from tests.importing.files import write_docx
from tests.importing.test_ofd_structure import (
    LONG,
    OFD_NS,
    SECOND,
    TITLE,
    XML,
    Obj,
    Page,
    body_lines,
    write_package,
)

NS = f'xmlns:ofd="{OFD_NS}"'
HAN = re.compile(r"[\u4e00-\u9fff]")
Document = tuple[dict[str, str], list[Page], dict[str, list[Obj]]]


def short_notice(title: str = "关于开展专项检查的通知", body: str = LONG) -> Document:
    lines, y = body_lines(body, 60)
    more, _ = body_lines(SECOND, y)
    objs = [Obj(60, 40, TITLE, title, font="5"), *lines, *more]
    return {"Title": title}, [Page(objs)], {}


def repack(path: Path, parts: dict[str, str | bytes], *, attachments: bool = False) -> Path:
    """The package at ``path`` with ``parts`` added or replaced (Doc_0 naming its
    attachment list when ``attachments``)."""
    with zipfile.ZipFile(path) as old:
        kept = {i.filename: old.read(i.filename) for i in old.infolist()}
    if attachments:
        document = kept["Doc_0/Document.xml"].decode()
        document = document.replace(
            "</ofd:Document>",
            "<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>",
        )
        kept["Doc_0/Document.xml"] = document.encode()
    for name, data in parts.items():
        kept[name] = data.encode() if isinstance(data, str) else data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
    return path


def _appearance(text: str, *, rotate: bool = False) -> str:
    ctm = ' CTM="0.7071 0.7071 -0.7071 0.7071 0 0"' if rotate else ""
    return (
        '<ofd:Appearance Boundary="30 60 150 60">'
        f'<ofd:TextObject ID="900" Boundary="0 0 150 30" Size="12"{ctm}>'
        f'<ofd:FillColor Value="200 0 0" Alpha="80"/><ofd:TextCode X="0" Y="12" '
        f'DeltaX="g {len(text) - 1} 12">{text}</ofd:TextCode></ofd:TextObject></ofd:Appearance>'
    )


def _annotated(tmp_path: Path) -> Path:
    path = write_package(tmp_path / "annotated.ofd", [short_notice()])
    annots = (
        f"{XML}<ofd:PageAnnot {NS}>"
        '<ofd:Annot ID="901" Type="Watermark" Visible="true">'
        + _appearance("样稿", rotate=True)
        + '</ofd:Annot><ofd:Annot ID="902" Type="Stamp" Subtype="SignatureInFile">'
        "<ofd:Remark>电子印章</ofd:Remark>"
        + _appearance("某某市人民政府印章")
        + '</ofd:Annot><ofd:Annot ID="903" Type="Link"><ofd:Remark>机密</ofd:Remark>'
        + _appearance("机密")
        + '</ofd:Annot><ofd:Annot ID="904" Type="Highlight" Creator="张三">'
        "<ofd:Remark>请核实第二段数据</ofd:Remark>"
        '<ofd:Appearance Boundary="28 60 156 6"><ofd:PathObject ID="905" Boundary="0 0 156 6">'
        "<ofd:AbbreviatedData>M 0 0 L 156 0</ofd:AbbreviatedData></ofd:PathObject>"
        '</ofd:Appearance></ofd:Annot><ofd:Annot ID="906" Type="Path">'
        + _appearance("此处需修改")
        + '</ofd:Annot><ofd:Annot ID="907" Type="Highlight" Visible="false">'
        "<ofd:Remark>已隐藏的意见</ofd:Remark></ofd:Annot></ofd:PageAnnot>"
    )
    return repack(
        path,
        {
            "Doc_0/Annots/Annotations.xml": f'{XML}<ofd:Annotations {NS}><ofd:Page PageID="100">'
            "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>",
            "Doc_0/Annots/Page_0/Annotation.xml": annots,
        },
    )


def test_stamps_watermarks_and_links_stay_out_and_a_reviewers_note_is_kept_marked(
    tmp_path: Path,
) -> None:
    path = _annotated(tmp_path)
    draft = read_ofd(path.read_bytes(), language="zh_CN")
    assert draft.title == "关于开展专项检查的通知"
    assert list(draft.paragraphs) == [
        LONG,
        SECOND,
        "批注（第 1 页）：请核实第二段数据",  # a highlight's remark
        "批注（第 1 页）：此处需修改",  # a note drawn on the page
    ]
    assert list(draft.levels) == [0, 0, 0, 0]
    text = draft.title + "".join(draft.paragraphs)
    for hidden in ("样稿", "印章", "机密", "已隐藏"):
        assert hidden not in text
    english = read_ofd(path.read_bytes(), language="en")
    assert list(english.paragraphs[2:]) == [
        "Note (page 1): 请核实第二段数据",
        "Note (page 1): 此处需修改",
    ]


def _attachment_list(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<ofd:Attachment ID="{n + 1}" Name="{name}" Format="{kind}" Size="1.2" '
        f'CreationDate="2024-03-05"><ofd:FileLoc>{location}</ofd:FileLoc></ofd:Attachment>'
        for n, (name, kind, location) in enumerate(entries)
    )
    return f"{XML}<ofd:Attachments {NS}>{items}</ofd:Attachments>"


def _with_attachments(
    path: Path, entries: list[tuple[str, str, str]], files: dict[str, bytes]
) -> bytes:
    parts: dict[str, str | bytes] = {"Doc_0/Attachs/Attachments.xml": _attachment_list(entries)}
    parts.update({f"Doc_0/Attachs/{name}": data for name, data in files.items()})
    return repack(path, parts, attachments=True).read_bytes()


def test_attached_files_are_read_as_sections_after_the_main_text(tmp_path: Path) -> None:
    rules = write_docx(
        tmp_path / "rules.docx",
        title="专项检查实施细则",
        body=["一、检查范围", "本细则适用于全市各级行政机关。"],
    )
    inner = write_package(
        tmp_path / "inner.ofd", [short_notice("检查工作方案", "按照统一部署开展检查。")]
    )
    data = _with_attachments(
        write_package(tmp_path / "main.ofd", [short_notice()]),
        [
            ("附件1：专项检查实施细则", "docx", "rules.docx"),
            ("附件2：检查工作方案", "ofd", "plan.ofd"),
            ("联系人", "txt", "contacts.txt"),  # no 附件 in its name
            ("附件4：检查统计表", "xlsx", "stats.xlsx"),
        ],
        {
            "rules.docx": rules.read_bytes(),
            "plan.ofd": inner.read_bytes(),
            "contacts.txt": "联系人名单\n\n王五，电话 12345678。\n".encode("gb18030"),
            "stats.xlsx": b"PK\x03\x04 a workbook",
        },
    )
    draft = read_ofd(data, language="zh_CN")
    assert draft.title == "关于开展专项检查的通知"
    sections = list(zip(draft.paragraphs, draft.levels, strict=True))
    assert sections == [
        (LONG, 0),  # the main text first, whole
        (SECOND, 0),
        ("附件1：专项检查实施细则", 1),  # the title the name gives: not repeated
        ("一、检查范围", 2),
        ("本细则适用于全市各级行政机关。", 0),
        ("附件2：检查工作方案", 1),
        ("按照统一部署开展检查。", 0),
        (SECOND, 0),
        ("附件：联系人", 1),
        ("联系人名单", 2),
        ("王五，电话 12345678。", 0),
        ("附件4：检查统计表.xlsx（未导入：不支持导入该格式（xlsx））", 0),
    ]
    assert [translate_reason(w, "zh_CN") for w in draft.warnings] == [
        "附件 附件4：检查统计表.xlsx 未导入：不支持导入该格式（xlsx）"
    ]
    english = read_ofd(data, language="en")
    assert "Attachment: 联系人" in english.paragraphs and "附件：联系人" not in english.paragraphs
    assert english.paragraphs[-1] == (
        "附件4：检查统计表.xlsx (not imported: its format (xlsx) is not one that can be imported)"
    )


def test_hostile_attachments_are_refused_and_the_main_text_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importing import ofd_reader

    monkeypatch.setattr(ofd_reader, "MAX_FILE_BYTES", 1024 * 1024)
    bomb = b" " * (3 * 1024 * 1024) + "正文".encode()  # 3 MB deflating 1000:1
    nested_zip = io.BytesIO()
    with zipfile.ZipFile(nested_zip, "w") as inner:
        inner.writestr("word/document.xml", "<w:document/>")
        inner.writestr("word/embedded.zip", b"PK\x03\x04")
        inner.writestr("evil/../../x.zip", b"PK\x03\x04")
    data = _with_attachments(
        write_package(tmp_path / "main.ofd", [short_notice()]),
        [
            ("passwd", "txt", "../../../etc/passwd.txt"),
            ("炸弹", "txt", "bomb.txt"),
            ("损坏", "pdf", "broken.pdf"),
            ("嵌套", "docx", "nested.docx"),
            ("缺失", "docx", "missing.docx"),
        ],
        {
            "bomb.txt": bomb,
            "broken.pdf": b"%PDF-1.7\n garbage",
            "nested.docx": nested_zip.getvalue(),
        },
    )
    draft = read_ofd(data, language="zh_CN")
    assert draft.title == "关于开展专项检查的通知"
    assert list(draft.paragraphs[:2]) == [LONG, SECOND]  # the main document, whole
    listed = list(draft.paragraphs[2:])
    assert [p.split("（", 1)[0] for p in listed] == [
        "附件：passwd.txt",
        "附件：炸弹.txt",
        "附件：损坏.pdf",
        "附件：嵌套.docx",
        "附件：缺失.docx",
    ]
    assert "不在文件包" not in listed[0] and "在文件包之外" in listed[0]
    assert "压缩炸弹" in listed[1]
    assert "文件包中没有该文件" in listed[4]
    assert list(draft.levels[2:]) == [0] * 5
    assert len(draft.warnings) == 5
    for text in [*listed, *(translate_reason(w, "zh_CN") for w in draft.warnings)]:
        assert "未导入" in text
        assert HAN.match(text.split("未导入：", 1)[1]), text  # the reason in Chinese


def _nest(tmp_path: Path, levels: int) -> bytes:
    """An .ofd attaching an .ofd attaching … ``levels`` deep."""
    data = write_package(
        tmp_path / "leaf.ofd", [short_notice("第4层", "最里层的正文。")]
    ).read_bytes()
    for level in range(levels - 1, 0, -1):
        outer = write_package(tmp_path / f"l{level}.ofd", [short_notice(f"第{level}层")])
        data = _with_attachments(outer, [(f"下一层{level}", "ofd", "next.ofd")], {"next.ofd": data})
    return data


def test_attachments_are_read_two_levels_deep_and_further_ones_listed(tmp_path: Path) -> None:
    draft = read_ofd(_nest(tmp_path, 4), language="zh_CN")
    assert draft.title == "第1层"
    headings = [
        (p, level) for p, level in zip(draft.paragraphs, draft.levels, strict=True) if level
    ]
    assert headings == [  # each attachment's title under its heading, nested in its section
        ("附件：下一层1", 1),
        ("第2层", 2),
        ("附件：下一层2", 2),
        ("第3层", 3),
    ]
    assert draft.paragraphs[-1] == "附件：下一层3.ofd（未导入：附件嵌套超过 2 层，只列出名称）"
    assert "最里层的正文。" not in "".join(draft.paragraphs)


def test_too_many_or_too_long_attachments_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importing import ofd_reader

    monkeypatch.setattr(ofd_reader, "_MAX_ATTACHMENTS", 2)
    monkeypatch.setattr(ofd_reader, "MAX_DOCUMENT_CHARS", 1000)
    long_text = ("长文\n\n" + "字" * 900 + "\n").encode()
    data = _with_attachments(
        write_package(tmp_path / "main.ofd", [short_notice()]),
        [("甲", "txt", "a.txt"), ("乙", "txt", "b.txt"), ("丙", "txt", "c.txt")],
        {"a.txt": "甲\n\n甲的正文。\n".encode(), "b.txt": long_text, "c.txt": b"c"},
    )
    draft = read_ofd(data, language="zh_CN")
    assert list(draft.paragraphs[2:]) == [
        "附件：甲",
        "甲的正文。",
        "附件：乙.txt（未导入：加上正文将超过 1000 个字符或 5000 段）",
        "附件：丙.txt（未导入：只读取前 2 个附件）",
    ]


def test_a_document_with_attachments_imports_into_the_library(tmp_path: Path) -> None:
    data = _with_attachments(
        write_package(tmp_path / "main.ofd", [short_notice()]),
        [("附件：名单", "txt", "list.txt")],
        {"list.txt": "名单\n\n王五。\n".encode()},
    )
    path = tmp_path / "with-attachment.ofd"
    path.write_bytes(data)
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        doc = library.import_file(path)
        headings = [b.text for b in doc.blocks if b.level == 1]
        assert doc.title == "关于开展专项检查的通知"
        assert any(b.text == "王五。" for b in doc.blocks)
        assert len(headings) == 1 and "名单" in headings[0]
    finally:
        library.close()


def _noted_with_attachment(tmp_path: Path) -> Path:
    """An .ofd with a reviewer's note and an attachment named without 附件."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    data = _with_attachments(
        _annotated(tmp_path),
        [("名单", "txt", "list.txt")],
        {"list.txt": "名单\n\n王五。\n".encode()},
    )
    path = tmp_path / "noted.ofd"
    path.write_bytes(data)
    return path


def _terminal(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


@pytest.mark.parametrize(
    ("terminal", "interface", "note", "heading"),
    [
        ("zh_CN.UTF-8", "en", "Note (page 1): 请核实第二段数据", "Attachment: 名单"),
        ("en_US.UTF-8", "zh_CN", "批注（第 1 页）：请核实第二段数据", "附件：名单"),
    ],
)
def test_the_words_added_to_an_imported_ofd_are_in_the_interface_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    terminal: str,
    interface: str,
    note: str,
    heading: str,
) -> None:
    """The interface language chosen in the window, not the system's locale, names a
    reviewer's note and an attachment: in the draft the import dialog shows and in the
    document stored."""
    from desktop.personal import ImportJob, PersonalLibraryService, read_for_import

    _terminal(monkeypatch, terminal)
    path = _noted_with_attachment(tmp_path)
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        read = read_for_import(library, path, interface)
        assert read.draft is not None
        assert note in read.draft.paragraphs and heading in read.draft.paragraphs
        service = PersonalLibraryService(library, tmp_path / "data")
        outcome = service.import_files([ImportJob(path)], language=interface)
        assert not outcome.failed
        texts = [b.text for b in outcome.imported[0][1].blocks]
        assert note in texts and heading in texts
        other = {"Note (page 1): 请核实第二段数据", "批注（第 1 页）：请核实第二段数据"} - {note}
        assert not other & set(texts)
    finally:
        library.close()


class Faint(Obj):
    """A text object drawn see-through (FillColor Alpha)."""

    def xml(self, ident: int) -> str:
        solid = '<ofd:FillColor Value="0 0 0"/>'
        return super().xml(ident).replace(solid, '<ofd:FillColor Value="0 0 0" Alpha="60"/>')


def test_watermarks_drawn_on_the_pages_are_left_out(tmp_path: Path) -> None:
    pages = []
    for n in range(4):
        lines, _ = body_lines(f"第{n + 1}部分。" + LONG, 60)
        objs = [*lines, Obj(90, 150, 20.0, "样稿", rotate=True)]  # the same mark on each page
        if n == 0:
            objs += [
                Faint(100, 220, 20.0, "机密", rotate=True),
                Obj(200, 38, 4.2, "内部资料", rotate=True),
            ]
        pages.append(Page(objs))
    doc: Document = ({"Title": "年度工作要点"}, pages, {})
    draft = read_ofd(write_package(tmp_path / "marked.ofd", [doc]).read_bytes())
    assert list(draft.paragraphs) == [
        "内部资料",  # turned once, solid: a note in the margin, kept
        *(f"第{n + 1}部分。" + LONG for n in range(4)),
    ]


def test_an_attachment_damaged_in_the_package_is_listed_and_the_text_kept(tmp_path: Path) -> None:
    data = bytearray(
        _with_attachments(
            write_package(tmp_path / "main.ofd", [short_notice()]),
            [("名单", "txt", "list.txt")],
            {"list.txt": ("名单\n\n" + "王五，电话 12345678。" * 200).encode()},
        )
    )
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("Doc_0/Attachs/list.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 40):  # its compressed bytes garbled
        data[i] ^= 0x5A
    draft = read_ofd(bytes(data), language="zh_CN")
    assert list(draft.paragraphs[:2]) == [LONG, SECOND]
    assert draft.paragraphs[2].startswith("附件：名单.txt（未导入：无法读取该文件（")
    assert len(draft.paragraphs) == 3


@pytest.mark.parametrize(
    ("system", "interface", "note"),
    [
        ("en_US.UTF-8", "zh_CN", "批注（第 1 页）：请核实第二段数据"),
        ("zh_CN.UTF-8", "en", "Note (page 1): 请核实第二段数据"),
    ],
)
def test_a_damaged_ofd_document_read_again_keeps_the_interface_language_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str, interface: str, note: str
) -> None:
    """A stored document cut to zero bytes is read again from its original at the next
    start: the 批注 / 附件 words are in the interface language, as when it was imported,
    so its text (and the notes on it) come back the same."""
    from desktop.personal import open_personal_library

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", system)
    path = _noted_with_attachment(tmp_path)
    library = PersonalLibrary.open(tmp_path / "data", language=interface)
    try:
        doc = library.import_file(path, language=interface)
    finally:
        library.close()
    assert note in [b.text for b in doc.blocks]
    (library.documents_dir / f"{doc.id}.json").write_bytes(b"")

    reopened, state = open_personal_library(tmp_path / "data", interface)
    try:
        (again,) = reopened.documents()
        assert [(b.id, b.text) for b in again.blocks] == [(b.id, b.text) for b in doc.blocks]
        assert state.by_id[doc.id].blocks == again.blocks
    finally:
        state.close()
        reopened.close()
