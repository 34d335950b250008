"""OFD files as real producers write them: a red-head template on every page, fonts in
PublicRes/DocumentRes, scaled (CTM) and rotated text, runs in any order in the XML,
DeltaX/DeltaY with the ``g`` shorthand, X/Y inherited between TextCodes, several
documents in one package, page numbers and running headers."""

from __future__ import annotations

import io
import random
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.importing import DocumentImportError, PersonalLibrary
from desktop.importing.ofd_reader import _deltas, _number, _numbers, read_ofd

OFD_NS = "http://www.ofdspec.org/2016"
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
BODY = 5.6  # 三号
TITLE = 7.76  # 二号
PITCH = 10.0  # 28.95 pt fixed line spacing
LEFT = 28.0
CHARS = 28  # 156 mm of 三号 text


@dataclass
class Obj:
    """One TextObject: text drawn from (x, baseline y) on the page."""

    x: float
    y: float
    size: float
    text: str
    font: str = "4"  # 仿宋 (PublicRes)
    scale: float = 1.0  # CTM scale: Size and positions are written in 1/scale units
    rotate: bool = False
    per_char: bool = False  # one TextCode per glyph, X only, Y inherited
    vertical: bool = False  # DeltaY only

    def xml(self, ident: int) -> str:
        s = self.scale
        size = self.size / s
        top = self.y - self.size  # the Boundary's origin: the top of the line box
        width = len(self.text) * self.size + 2
        ctm = f' CTM="{s:g} 0 0 {s:g} 0 0"' if s != 1 else ""
        if self.rotate:  # 90° clockwise: the baseline runs down the page
            ctm = ' CTM="0 1 -1 0 0 0"'
        head = (
            f'<ofd:TextObject ID="{ident}" Boundary="{self.x:g} {top:g} {width:g} '
            f'{self.size * 1.3:g}" Font="{self.font}" Size="{size:g}"{ctm}>'
            '<ofd:FillColor Value="0 0 0"/>'
        )
        if self.per_char:
            codes = f'<ofd:TextCode X="0" Y="{size:g}">{self.text[0]}</ofd:TextCode>'
            codes += "".join(
                f'<ofd:TextCode X="{i * size:g}">{ch}</ofd:TextCode>'
                for i, ch in enumerate(self.text)
                if i
            )
        elif self.vertical:
            codes = (
                f'<ofd:TextCode X="0" Y="{size:g}" DeltaY="g {len(self.text) - 1} {size:g}">'
                f"{self.text}</ofd:TextCode>"
            )
        else:
            # a real producer's mix: explicit steps, then the g shorthand
            n = len(self.text) - 1
            deltas = f"{size:g} {size:g} g {n - 2} {size:g}" if n > 2 else f"g {n} {size:g}"
            delta = f' DeltaX="{deltas}"' if n > 0 else ""
            codes = f'<ofd:TextCode X="0" Y="{size:g}"{delta}>{self.text}</ofd:TextCode>'
        return head + codes + "</ofd:TextObject>"


@dataclass
class Page:
    objects: list[Obj] = field(default_factory=list)
    templates: tuple[str, ...] = ()


def body_lines(text: str, y: float, *, indent: bool = True) -> tuple[list[Obj], float]:
    """A body paragraph broken into lines (the first indented two characters)."""
    objs = []
    first = CHARS - 2 if indent else CHARS
    parts = [text[:first]] + [text[i : i + CHARS] for i in range(first, len(text), CHARS)]
    for n, part in enumerate(parts):
        if part:
            x = LEFT + 2 * BODY if n == 0 and indent else LEFT
            objs.append(Obj(x, y, BODY, part))
            y += PITCH
    return objs, y


def write_package(
    path: Path,
    documents: list[tuple[dict[str, str], list[Page], dict[str, list[Obj]]]],
    *,
    shuffle: int | None = 7,
    outlines: str = "",
) -> Path:
    """An OFD package: per document (DocInfo, pages, template pages by ID)."""
    rng = random.Random(shuffle)
    ns = f'xmlns:ofd="{OFD_NS}"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        bodies = ""
        for d, (info, pages, templates) in enumerate(documents):
            fields = "".join(f"<ofd:{k}>{v}</ofd:{k}>" for k, v in info.items())
            bodies += (
                f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>{d:032x}</ofd:DocID>{fields}"
                f"</ofd:DocInfo><ofd:DocRoot>Doc_{d}/Document.xml</ofd:DocRoot></ofd:DocBody>"
            )
            folder = f"Doc_{d}"
            tpl_list = "".join(
                f'<ofd:TemplatePage ID="{t}" BaseLoc="Tpls/Tpl_{t}/Content.xml" '
                'ZOrder="Background"/>'
                for t in templates
            )
            page_list = "".join(
                # one page named from the package root, the others relative to the document
                f'<ofd:Page ID="{100 + i}" BaseLoc="'
                + (
                    f"/{folder}/Pages/Page_{i}/Content.xml"
                    if i == 1
                    else f"Pages/Page_{i}/Content.xml"
                )
                + '"/>'
                for i in range(len(pages))
            )
            archive.writestr(
                f"{folder}/Document.xml",
                f"{XML}<ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>"
                "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
                "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                f"{tpl_list}</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages>"
                + (outlines if d == 0 else "")
                + "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>",
            )
            # fonts: 仿宋 in PublicRes; 黑体 and a bold 楷体 in DocumentRes (under Res/)
            archive.writestr(
                f"{folder}/PublicRes.xml",
                f'{XML}<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="4" FontName="仿宋_GB2312" FamilyName="仿宋"/>'
                '<ofd:Font ID="5" FontName="方正小标宋简体" FamilyName="方正小标宋简体"/>'
                "</ofd:Fonts></ofd:Res>",
            )
            archive.writestr(
                f"{folder}/DocumentRes.xml",
                f'{XML}<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="6" FontName="SimHei" FamilyName="黑体"/>'
                '<ofd:Font ID="7" FontName="楷体_GB2312" FamilyName="楷体" Bold="true"/>'
                "</ofd:Fonts><ofd:MultiMedias>"
                '<ofd:MultiMedia ID="8" Type="Image"><ofd:MediaFile>seal.png</ofd:MediaFile>'
                "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>",
            )
            archive.writestr(f"{folder}/Res/seal.png", b"\x89PNG\r\n\x1a\n")
            archive.writestr(f"{folder}/Annots/Annotations.xml", f"{XML}<ofd:Annotations {ns}/>")
            for t, objs in templates.items():
                archive.writestr(
                    f"{folder}/Tpls/Tpl_{t}/Content.xml",
                    f'{XML}<ofd:Page {ns}><ofd:Content><ofd:Layer ID="{t}0" Type="Background">'
                    + "".join(o.xml(500 + i) for i, o in enumerate(objs))
                    + '<ofd:PathObject ID="599" Boundary="28 86 156 1" LineWidth="0.5">'
                    "<ofd:AbbreviatedData>M 0 0 L 156 0</ofd:AbbreviatedData></ofd:PathObject>"
                    "</ofd:Layer></ofd:Content></ofd:Page>",
                )
            for i, page in enumerate(pages):
                objs = list(page.objects)
                if shuffle is not None:
                    rng.shuffle(objs)  # producers write objects in drawing order, not reading order
                uses = "".join(
                    f'<ofd:Template TemplateID="{t}" ZOrder="Background"/>' for t in page.templates
                )
                archive.writestr(
                    f"{folder}/Pages/Page_{i}/Content.xml",
                    f"{XML}<ofd:Page {ns}>{uses}<ofd:Content>"
                    '<ofd:Layer ID="1" Type="Body"><ofd:PageBlock ID="2">'
                    + "".join(o.xml(10 + n) for n, o in enumerate(objs))
                    + '</ofd:PageBlock><ofd:ImageObject ID="3" Boundary="120 200 40 40" '
                    'ResourceID="8"/></ofd:Layer></ofd:Content></ofd:Page>',
                )
        archive.writestr(
            "OFD.xml",
            f'{XML}<ofd:OFD {ns} Version="1.0" DocType="OFD">{bodies}</ofd:OFD>',
        )
    return path


LONG = (
    "加快推进数字政府建设，是创新政府治理理念和方式、形成数字治理新格局的重要举措，"
    "对加快转变政府职能、建设法治政府具有重要意义。各地区各部门要统一思想认识。"
)
SECOND = "坚持以人民为中心，把满足人民对美好生活的向往作为数字政府建设的出发点和落脚点。"
RED_HEAD = "某某市人民政府文件"
FOOTER = "某某市人民政府办公室印发"


def red_head_notice() -> tuple[dict[str, str], list[Page], dict[str, list[Obj]]]:
    """A red-head notice over three pages, drawn the way an office suite exports it."""
    templates = {
        "1": [Obj(48, 60, 15.0, RED_HEAD, font="5")],  # the 发文机关标志 on the first page
        "2": [Obj(120, 283, 4.2, FOOTER)],  # a footer on every page
    }
    p1: list[Obj] = [Obj(80, 80, BODY, "某政发〔2024〕3号")]
    # the title in 二号, written at 22 units under a CTM of 0.3528 (points to millimetres)
    p1 += [
        Obj(40, 105, TITLE, "关于加快推进数字政府建设的", font="5", scale=0.3528),
        Obj(80, 105 + 1.5 * TITLE, TITLE, "实施意见", font="5", scale=0.3528),
    ]
    p1 += [Obj(LEFT, 140, BODY, "各区人民政府，市政府各委、办、局：")]
    lines, y = body_lines(LONG, 150)
    # one line written as two objects, the right half first, its baseline 0.3 mm higher
    split = lines[1]
    lines[1:2] = [
        Obj(split.x + 14 * BODY, split.y - 0.3, BODY, split.text[14:]),
        Obj(split.x, split.y, BODY, split.text[:14]),
    ]
    lines[2].per_char = True  # a converter's output: one glyph per TextCode
    p1 += lines
    p1 += [Obj(LEFT + 2 * BODY, y, BODY, "一、总体要求", font="6")]
    lines, y = body_lines(SECOND, y + PITCH)
    p1 += [*lines, Obj(98, 277, 4.9, "— 1 —")]
    p2 = [Obj(LEFT + 2 * BODY, 47, BODY, "（一）统一标准", font="7")]
    lines, y = body_lines(LONG, 57)
    p2 += [*lines, Obj(LEFT + 2 * BODY, y, BODY, "保障措施", font="6")]  # no numbering: 黑体
    lines, y = body_lines(SECOND, y + PITCH)
    p2 += [*lines, Obj(98, 277, 4.9, "— 2 —")]
    # a vertical note in the margin (DeltaY) and a rotated one: each kept whole, once
    p3 = [Obj(12, 30, 4.2, "装订线", vertical=True), Obj(200, 38, 4.2, "内部资料", rotate=True)]
    lines, y = body_lines(LONG, 47)
    p3 += [*lines, Obj(130, y + 2 * PITCH, BODY, "某某市人民政府")]
    p3 += [Obj(130, y + 3 * PITCH, BODY, "2024年3月5日"), Obj(98, 277, 4.9, "— 3 —")]
    pages = [Page(p1, ("1", "2")), Page(p2, ("2",)), Page(p3, ("2",))]
    info = {"Title": "关于加快推进数字政府建设的实施意见", "Author": "某某市人民政府办公室"}
    info["CreationDate"] = "2024-03-05"
    return info, pages, templates


def test_a_red_head_notice_reads_in_order_with_its_title_and_headings(tmp_path: Path) -> None:
    draft = read_ofd(write_package(tmp_path / "notice.ofd", [red_head_notice()]).read_bytes())
    assert draft.title == "关于加快推进数字政府建设的实施意见"  # two lines, CTM-scaled
    paragraphs = list(draft.paragraphs)
    assert paragraphs == [
        RED_HEAD,  # the template's red head, once, above the document number
        "某政发〔2024〕3号",
        "各区人民政府，市政府各委、办、局：",
        LONG,  # the split line and the one-glyph-per-code line in place
        "一、总体要求",
        SECOND,
        FOOTER,  # the template footer once, not on every page
        "（一）统一标准",
        LONG,
        "保障措施",
        SECOND,
        "装订线",
        "内部资料",
        LONG,
        "某某市人民政府",
        "2024年3月5日",
    ]
    levels = dict(zip(paragraphs, draft.levels, strict=True))
    assert levels["一、总体要求"] == 1 and levels["（一）统一标准"] == 2
    assert levels["保障措施"] == 1  # 黑体 at body size, known from DocumentRes
    assert levels[RED_HEAD] == 0 and levels["某政发〔2024〕3号"] == 0
    assert levels[LONG] == 0 and levels["某某市人民政府"] == 0
    assert not any("—" in p for p in paragraphs)  # page numbers dropped
    assert draft.author == "某某市人民政府办公室" and draft.published == "2024-03-05"


def test_the_title_is_found_without_docinfo_below_the_red_head(tmp_path: Path) -> None:
    _info, pages, templates = red_head_notice()
    # the red head drawn on the page itself, not by a template, and no DocInfo title
    pages[0].objects.append(Obj(48, 60, 15.0, RED_HEAD, font="5"))
    templates["1"] = []
    draft = read_ofd(write_package(tmp_path / "flat.ofd", [({}, pages, templates)]).read_bytes())
    assert draft.title == "关于加快推进数字政府建设的实施意见"
    assert list(draft.paragraphs[:2]) == [RED_HEAD, "某政发〔2024〕3号"]
    assert list(draft.levels[:2]) == [0, 0]


def test_a_running_header_drawn_on_each_page_appears_once(tmp_path: Path) -> None:
    pages = []
    for n in range(4):
        lines, _ = body_lines(f"第{n + 1}部分。" + LONG, 47)
        pages.append(Page([Obj(70, 25, 4.2, "某某市人民政府公报"), *lines]))
    draft = read_ofd(write_package(tmp_path / "gazette.ofd", [({}, pages, {})]).read_bytes())
    text = [draft.title, *draft.paragraphs]
    assert text.count("某某市人民政府公报") == 1
    assert [t for t in text if t.endswith("部分。" + LONG)] == [
        f"第{n + 1}部分。" + LONG for n in range(4)
    ]


def test_every_document_of_the_package_is_read_in_turn(tmp_path: Path) -> None:
    main = red_head_notice()
    lines, _ = body_lines("本细则自印发之日起施行。", 60)
    attachment: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = (
        {"Title": "附件：实施细则"},
        [Page([Obj(70, 40, TITLE, "附件：实施细则", font="5"), *lines])],
        {},
    )
    draft = read_ofd(write_package(tmp_path / "two.ofd", [main, attachment]).read_bytes())
    assert draft.title == "关于加快推进数字政府建设的实施意见"
    assert list(draft.paragraphs[-2:]) == ["附件：实施细则", "本细则自印发之日起施行。"]
    assert draft.levels[-2] == 1  # the attachment opens a section
    assert list(draft.paragraphs).count(FOOTER) == 1


def test_text_codes_inherit_x_and_y_and_follow_their_deltas(tmp_path: Path) -> None:
    ns = f'xmlns:ofd="{OFD_NS}"'
    # one object, three codes: the second keeps X (a new line below), the third keeps Y
    # and continues right of the second's DeltaX steps
    codes = (
        '<ofd:TextCode X="0" Y="5.6" DeltaX="g 8 5.6">一二三四五六七八九</ofd:TextCode>'
        '<ofd:TextCode Y="15.6" DeltaX="5.6 5.6">甲乙丙</ofd:TextCode>'
        '<ofd:TextCode X="16.8">丁戊</ofd:TextCode>'
    )
    page = (
        f'{XML}<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1">'
        f'<ofd:TextObject ID="2" Boundary="28 40 160 30" Size="5.6" Font="1">{codes}'
        "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
    )
    path = tmp_path / "codes.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocInfo><ofd:Title>码</ofd:Title></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" BaseLoc="P/C.xml"/></ofd:Pages>'
            "</ofd:Document>",
        )
        archive.writestr("Doc_0/P/C.xml", page)
    draft = read_ofd(path.read_bytes())
    assert list(draft.paragraphs) == ["一二三四五六七八九甲乙丙丁戊"]


def test_the_g_shorthand_is_expanded_only_as_far_as_the_glyphs() -> None:
    assert _deltas("1 2 g 3 5.6 7", 6) == [1, 2, 5.6, 5.6, 5.6, 7]
    assert _deltas("g 2 1 x g", 5) == [1, 1]
    assert _deltas("g 1000000000000 5.6", 3) == [5.6, 5.6, 5.6]  # not expanded further


_ATTRIBUTE = st.one_of(
    st.text(alphabet="0123456789.-eg inf", max_size=30),
    st.lists(st.floats(allow_nan=True), max_size=7).map(lambda xs: " ".join(map(str, xs))),
)


@settings(max_examples=60, deadline=None)
@given(
    boundary=_ATTRIBUTE,
    ctm=_ATTRIBUTE,
    size=_ATTRIBUTE,
    x=_ATTRIBUTE,
    y=_ATTRIBUTE,
    delta_x=_ATTRIBUTE,
    delta_y=_ATTRIBUTE,
    text=st.text(
        st.characters(categories=["Lo", "Lu", "Ll", "Po"], exclude_characters="&"),
        min_size=1,
        max_size=20,
    ),
)
def test_any_geometry_reads_or_is_refused_with_a_reason(
    boundary: str,
    ctm: str,
    size: str,
    x: str,
    y: str,
    delta_x: str,
    delta_y: str,
    text: str,
) -> None:
    ns = f'xmlns:ofd="{OFD_NS}"'
    attributes = f'Boundary="{boundary}" CTM="{ctm}" Size="{size}"'
    code = f'<ofd:TextCode X="{x}" Y="{y}" DeltaX="{delta_x}" DeltaY="{delta_y}">'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>D/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "D/Document.xml",
            f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" BaseLoc="C.xml"/></ofd:Pages>'
            "</ofd:Document>",
        )
        archive.writestr(
            "D/C.xml",
            f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" '
            f"{attributes}>{code}{text}</ofd:TextCode><ofd:TextCode>{text}</ofd:TextCode>"
            "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>",
        )
    try:
        draft = read_ofd(data.getvalue())
    except DocumentImportError as refused:
        assert refused.reason
        return
    read = Counter((draft.title + "".join(draft.paragraphs)).replace(" ", ""))
    written = Counter(text.replace(" ", "") * 2)
    assert written <= read  # every glyph is there once, whatever its geometry


def test_a_real_structure_notice_imports_into_the_library(tmp_path: Path) -> None:
    path = write_package(tmp_path / "notice.ofd", [red_head_notice()])
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        doc = library.import_file(path)
        headings = [b.text for b in doc.blocks if b.level]
        assert doc.title == "关于加快推进数字政府建设的实施意见"
        assert headings[:3] == ["一、总体要求", "（一）统一标准", "保障措施"]
        assert sum(b.text == FOOTER for b in doc.blocks) == 1
    finally:
        library.close()


def _one_page(tmp_path: Path, objects: str) -> bytes:
    ns = f'xmlns:ofd="{OFD_NS}"'
    path = tmp_path / "page.ofd"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "OFD.xml",
            f'{XML}<ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
            "<ofd:Title>表</ofd:Title></ofd:DocInfo><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"{XML}<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>"
            "0 0 297 210</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
            '<ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f'{XML}<ofd:Page {ns}>\n  <ofd:Content>\n    <ofd:Layer ID="3">\n{objects}'
            "\n    </ofd:Layer>\n  </ofd:Content>\n</ofd:Page>",
        )
    return path.read_bytes()


def _glyphs(
    ident: int, x: float, y: float, text: str, *, dy: float = 4.8331, delta: str = ""
) -> str:
    """A TextObject as a form filler writes it: its own glyph indexes, pretty-printed."""
    deltas = f' DeltaX="{delta}"' if delta else ""
    glyphs = " ".join(str(10 + i) for i in range(len(text)))
    return (
        f'      <ofd:TextObject ID="{ident}" Boundary="{x} {y} 40 5.5" Font="14" Size="5.6268">\n'
        f'        <ofd:CGTransform CodePosition="0" CodeCount="{len(text)}" '
        f'GlyphCount="{len(text)}">\n          <ofd:Glyphs>{glyphs}</ofd:Glyphs>\n'
        "        </ofd:CGTransform>\n"
        f'        <ofd:TextCode X="0.844" Y="{dy}"{deltas}>\n          {text}\n'
        "        </ofd:TextCode>\n      </ofd:TextObject>"
    )


def test_a_form_filled_glyph_by_glyph_reads_as_lines(tmp_path: Path) -> None:
    objects = "\n".join(
        [
            # written right to left, one baseline 0.33 mm off, a label spaced out
            _glyphs(30, 238, 179.6, "月"),
            _glyphs(29, 222.5, 179.6, "年"),
            _glyphs(28, 163, 179.6, "月", dy=4.5),
            _glyphs(27, 147.2, 179.6, "年"),
            _glyphs(26, 118.9, 179.6, "日至", delta="5.6301"),
            _glyphs(25, 103.1, 179.6, "月"),
            _glyphs(24, 87.2, 179.6, "年"),
            _glyphs(23, 38, 179.6, "证件有效期：", delta="g 5 5.6301"),
            _glyphs(21, 43, 111.7, "地址：", delta="24.5 7.7"),
            _glyphs(40, 43, 140, "Give"),
            _glyphs(41, 80, 140, "Take"),
        ]
    )
    draft = read_ofd(_one_page(tmp_path, objects))
    assert draft.title == "表"
    assert list(draft.paragraphs) == ["地址：", "Give Take", "证件有效期：年月日至年月年月"]


def _package(pages: int, content: str) -> bytes:
    """One document of ``pages`` pages that all point at the same ``content``."""
    ns = f'xmlns:ofd="{OFD_NS}"'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(f'<ofd:Page ID="{i}" BaseLoc="C.xml"/>' for i in range(pages))
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        )
        archive.writestr(
            "Doc_0/C.xml", f"<ofd:Page {ns}><ofd:Content>{content}</ofd:Content></ofd:Page>"
        )
    return data.getvalue()


def _text(chars: int) -> str:
    return (
        '<ofd:Layer ID="1"><ofd:TextObject ID="2" Boundary="28 40 160 10" Size="5.6">'
        f'<ofd:TextCode X="0" Y="5.6">{"政" * chars}</ofd:TextCode></ofd:TextObject></ofd:Layer>'
    )


def test_what_a_file_may_cost_is_bounded_and_refused_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.importing import ofd_reader
    from desktop.importing.limits import MAX_DOCUMENT_CHARS, MAX_PDF_PAGES
    from desktop.refusals import translate_reason

    reasons = []
    for data in (
        _package(MAX_PDF_PAGES + 1, _text(10)),  # refused before a page is read
        _package(1, _text(MAX_DOCUMENT_CHARS + 1)),  # one page holding too much text
        _package(3, _text(MAX_DOCUMENT_CHARS // 2)),  # too much over several pages
    ):
        with pytest.raises(DocumentImportError) as caught:
            read_ofd(data)
        reasons.append(caught.value.reason)
    bomb = _package(1, " " * 2 * 1024 * 1024 + _text(5))  # compresses 1000:1
    monkeypatch.setattr(ofd_reader, "MAX_OFD_PART_BYTES", 1024 * 1024)
    with pytest.raises(DocumentImportError) as caught:
        read_ofd(bomb)  # one part too large
    reasons.append(caught.value.reason)
    monkeypatch.setattr(ofd_reader, "MAX_OFD_PART_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(ofd_reader, "MAX_DOCX_UNCOMPRESSED_BYTES", 1024 * 1024)
    with pytest.raises(DocumentImportError) as caught:
        read_ofd(bomb)  # all parts together too large
    reasons.append(caught.value.reason)
    assert "more than 3000 pages" in reasons[0]
    assert "text is too long" in reasons[1] and "by page 1 of 1" in reasons[1]
    assert "by page 3 of 3" in reasons[2]
    assert "part Doc_0/C.xml" in reasons[3] and "larger than 1 MB" in reasons[3]
    assert "expand to more than 1 MB" in reasons[4]
    chinese = [translate_reason(reason, "zh_CN") for reason in reasons]
    assert "3000 页" in chinese[0] and "压缩炸弹" in chinese[3] and "压缩炸弹" in chinese[4]
    for reason in chinese:
        assert not reason.isascii() and "OFD file" not in reason and "too long" not in reason


def _outline_entry(title: str, page: int, children: str = "") -> str:
    return (
        f'<ofd:OutlineElem Title="{title}"><ofd:Actions><ofd:Action Event="CLICK">'
        f'<ofd:Goto><ofd:Dest Type="XYZ" PageID="{100 + page}" Left="0" Top="0"/></ofd:Goto>'
        f"</ofd:Action></ofd:Actions>{children}</ofd:OutlineElem>"
    )


def test_the_documents_own_outline_gives_the_heading_levels(tmp_path: Path) -> None:
    lines, y = body_lines(LONG, 47)
    objs = [Obj(LEFT, 30, TITLE, "年度工作要点", font="5"), *lines]
    objs.append(Obj(LEFT + 2 * BODY, y, BODY, "保障措施"))  # 仿宋, no number: only the outline
    objs.append(Obj(LEFT + 2 * BODY, y + PITCH, BODY, "组织领导"))
    lines, _ = body_lines(SECOND, y + 2 * PITCH)
    doc: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = ({}, [Page([*objs, *lines])], {})
    outline = (
        "<ofd:Outlines>"
        + _outline_entry(
            "年度工作要点",
            0,
            _outline_entry("保障措施", 0, _outline_entry("组 织 领 导", 0)),
        )
        + "</ofd:Outlines>"
    )
    plain = read_ofd(write_package(tmp_path / "plain.ofd", [doc]).read_bytes())
    marked = read_ofd(write_package(tmp_path / "marked.ofd", [doc], outlines=outline).read_bytes())
    assert plain.title == marked.title == "年度工作要点"
    assert (
        list(plain.paragraphs) == list(marked.paragraphs) == [LONG, "保障措施", "组织领导", SECOND]
    )
    assert list(plain.levels) == [0, 0, 0, 0]
    assert list(marked.levels) == [0, 1, 2, 0]


def test_a_document_set_all_in_a_heavy_face_has_no_headings_from_it(tmp_path: Path) -> None:
    objs = [Obj(LEFT, 30, TITLE, "年度工作要点", font="5")]
    lines, y = body_lines(LONG, 47)
    objs += [*lines, Obj(LEFT + 2 * BODY, y, BODY, "保障措施")]
    lines, _ = body_lines(SECOND, y + PITCH)
    objs += lines
    for obj in objs[1:]:
        obj.font = "6"  # everything in 黑体 (SimHei): the face says nothing about headings
    doc: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = ({}, [Page(objs)], {})
    draft = read_ofd(write_package(tmp_path / "hei.ofd", [doc]).read_bytes())
    assert list(draft.paragraphs) == [LONG, "保障措施", SECOND]
    assert list(draft.levels) == [0, 0, 0]


def test_template_text_beside_a_line_is_read_in_its_place_without_splitting_it(
    tmp_path: Path,
) -> None:
    left, right = LONG[:14], LONG[14:28]
    objs = [
        Obj(LEFT, 30, TITLE, "年度工作要点", font="5"),
        Obj(LEFT, 100.0, BODY, left),
        Obj(LEFT + 14 * BODY, 100.2, BODY, right),
    ]
    templates = {"1": [Obj(8, 100.1, 4.2, "秘密")]}  # a mark in the margin, same height
    doc: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = (
        {},
        [Page(objs, ("1",))],
        templates,
    )
    draft = read_ofd(write_package(tmp_path / "mark.ofd", [doc]).read_bytes())
    assert list(draft.paragraphs) == ["秘密", left + right]  # left to right along the row


def test_a_large_initial_or_amount_is_not_a_heading(tmp_path: Path) -> None:
    objs = [
        Obj(LEFT, 30, TITLE, "年度工作要点", font="5"),
        Obj(LEFT + 2 * BODY, 50, 9.0, LONG[0]),  # a drop cap
        Obj(LEFT + 2 * BODY + 9.0, 50, BODY, LONG[1:26]),
        Obj(LEFT, 60, BODY, LONG[26:54]),
        Obj(LEFT, 60 + PITCH, BODY, LONG[54:]),
        Obj(120, 90, 9.0, "¥21,800.00"),  # an amount set large
    ]
    doc: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = ({}, [Page(objs)], {})
    draft = read_ofd(write_package(tmp_path / "cap.ofd", [doc]).read_bytes())
    assert draft.title == "年度工作要点"
    assert list(draft.paragraphs) == [LONG, "¥21,800.00"]
    assert list(draft.levels) == [0, 0]


def test_a_declared_title_set_at_body_size_is_not_repeated_as_text(tmp_path: Path) -> None:
    lines, _ = body_lines(LONG, 60)
    objs = [Obj(70, 40, BODY, "关于开展专项检查的通知"), *lines]
    doc: tuple[dict[str, str], list[Page], dict[str, list[Obj]]] = (
        {"Title": "关于开展 专项检查的通知"},
        [Page(objs)],
        {},
    )
    draft = read_ofd(write_package(tmp_path / "plain-title.ofd", [doc]).read_bytes())
    assert draft.title == "关于开展专项检查的通知"
    assert list(draft.paragraphs) == [LONG]


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.none(),
        st.text(alphabet="0123456789.-+e_ naif", max_size=12),
        st.floats().map(str),
    ),
    default=st.floats(-10, 10),
)
def test_the_one_number_fast_path_agrees_with_the_general_parse(
    value: str | None, default: float
) -> None:
    assert _number(value, default) == (_numbers(value) or [default])[0]


def test_one_object_a_glyph_reads_as_one_object_a_line(tmp_path: Path) -> None:
    from desktop.limit_inputs import write_ofd

    by_line = read_ofd(write_ofd(tmp_path / "lines.ofd", 4, 170).read_bytes())
    by_glyph = read_ofd(write_ofd(tmp_path / "glyphs.ofd", 4, 170, per_glyph=True).read_bytes())
    assert len(by_line.paragraphs) == 4 and all(len(p) == 170 for p in by_line.paragraphs)
    assert (by_glyph.title, by_glyph.paragraphs) == (by_line.title, by_line.paragraphs)
