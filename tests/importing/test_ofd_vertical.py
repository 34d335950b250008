"""Vertical text (竖排, GB/T 33190 §11): columns read top to bottom and right to left,
whether a producer writes a column as one text object stepping down (DeltaY), one
object a glyph, glyphs following a ReadDirection, or a turned baseline with its glyphs
turned back (CharDirection); a horizontal title over vertical text is read first."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from desktop.importing.ofd_reader import read_ofd
from tests.importing.test_ofd_structure import OFD_NS, XML

NS = f'xmlns:ofd="{OFD_NS}"'
SIZE = 5.6
PITCH = 9.0  # from one column to the next, leftwards
RIGHT = 180.0  # the first column's left edge
TOP = 30.0  # the first glyph's baseline in a column
PER_COLUMN = 20  # glyphs a column holds

TITLE = "关于做好古籍保护工作的通知"
FIRST = (
    "各区文化和旅游局：为贯彻落实国家古籍工作规划，进一步做好本市古籍保护工作，"
    "现将有关事项通知如下。"
)
SECOND = "一、摸清底数。各单位要全面开展古籍普查登记，建立古籍保护名录，做到账物相符、底数清楚。"
THIRD = "二、加强修复。要统筹修复力量，优先抢救濒危古籍，修复方案报市文化和旅游局备案。"


def _columns(paragraphs: list[str], *, first_x: float = RIGHT) -> list[tuple[float, float, str]]:
    """(left x, top baseline, text) of each column: a paragraph opens two glyphs down
    (its indent), the columns step leftwards, a page holding 17 columns."""
    out = []
    x = first_x
    for text in paragraphs:
        rest = text
        first = True
        while rest:
            room = PER_COLUMN - 2 if first else PER_COLUMN
            top = TOP + 2 * SIZE if first else TOP
            out.append((x, top, rest[:room]))
            rest = rest[room:]
            first = False
            x -= PITCH
    return out


def _pages(
    columns: list[tuple[float, float, str]], per_page: int
) -> list[list[tuple[float, float, str]]]:
    pages = []
    for start in range(0, len(columns), per_page):
        shift = columns[start][0] - RIGHT if start else 0.0  # further pages start at the right
        pages.append([(x - shift, y, t) for x, y, t in columns[start : start + per_page]])
    return pages


def _object(ident: int, x: float, y: float, text: str, how: str, size: float = SIZE) -> str:
    """One column written the way ``how`` names."""
    top = y - size
    n = len(text) - 1
    if how == "delta":  # one object, DeltaY steps
        delta = f' DeltaY="g {n} {size:g}"' if n else ""
        return (
            f'<ofd:TextObject ID="{ident}" Boundary="{x:g} {top:g} {size * 1.2:g} '
            f'{size * (n + 2):g}" Font="1" Size="{size:g}"><ofd:TextCode X="0" Y="{size:g}"'
            f"{delta}>{text}</ofd:TextCode></ofd:TextObject>"
        )
    if how == "read":  # one object, no steps: the glyphs follow ReadDirection 90
        return (
            f'<ofd:TextObject ID="{ident}" Boundary="{x:g} {top:g} {size * 1.2:g} '
            f'{size * (n + 2):g}" Font="1" Size="{size:g}" ReadDirection="90">'
            f'<ofd:TextCode X="0" Y="{size:g}">{text}</ofd:TextCode></ofd:TextObject>'
        )
    if how == "turned":  # the baseline turned down the page, each glyph turned back
        return (
            f'<ofd:TextObject ID="{ident}" Boundary="{x + size:g} {y:g} {size * 1.2:g} '
            f'{size * (n + 2):g}" Font="1" Size="{size:g}" CTM="0 1 -1 0 0 0" '
            f'CharDirection="270"><ofd:TextCode X="0" Y="{size:g}" DeltaX="g {max(n, 1)} '
            f'{size:g}">{text}</ofd:TextCode></ofd:TextObject>'
        )
    assert how == "glyphs"  # one object a glyph, as converters write
    return "".join(
        f'<ofd:TextObject ID="{ident * 100 + i}" Boundary="{x:g} {top + i * size:g} '
        f'{size:g} {size:g}" Font="1" Size="{size:g}"><ofd:TextCode X="0" Y="{size:g}">'
        f"{ch}</ofd:TextCode></ofd:TextObject>"
        for i, ch in enumerate(text)
    )


def _write(path: Path, pages: list[str], *, title: str = "") -> bytes:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        info = f"<ofd:Title>{title}</ofd:Title>" if title else ""
        archive.writestr(
            "OFD.xml",
            f"{XML}<ofd:OFD {NS}><ofd:DocBody><ofd:DocInfo>{info}</ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"{XML}<ofd:Document {NS}><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        )
        for i, content in enumerate(pages):
            archive.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'{XML}<ofd:Page {NS}><ofd:Content><ofd:Layer ID="1">{content}'
                "</ofd:Layer></ofd:Content></ofd:Page>",
            )
    return path.read_bytes()


def _vertical_notice(path: Path, how: str, *, seed: int = 3) -> bytes:
    """The title as the first, larger column; three paragraphs over two pages."""
    rng = random.Random(seed)
    columns = _columns([FIRST, SECOND, THIRD], first_x=RIGHT - 2 * PITCH)
    pages = _pages(columns, per_page=14)
    contents = []
    for n, page in enumerate(pages):
        objects = [_object(10 + i, x, y, t, how) for i, (x, y, t) in enumerate(page)]
        if n == 0:  # the title, larger, in the rightmost column
            objects.append(_object(9, RIGHT + 4, TOP + SIZE, TITLE, how, size=7.0))
        rng.shuffle(objects)  # drawing order, not reading order
        contents.append("".join(objects))
    return _write(path, contents)


@pytest.mark.parametrize("how", ["delta", "glyphs", "read", "turned"])
def test_columns_read_top_to_bottom_right_to_left_in_paragraphs(tmp_path: Path, how: str) -> None:
    draft = read_ofd(_vertical_notice(tmp_path / f"{how}.ofd", how))
    assert draft.title == TITLE
    assert list(draft.paragraphs) == [FIRST, SECOND, THIRD]  # joined across the page break
    assert list(draft.levels) == [0, 1, 1]  # 一、/二、 numbering as in horizontal text


def test_a_horizontal_title_over_vertical_text_is_read_first(tmp_path: Path) -> None:
    columns = _columns([FIRST, SECOND])
    glyphs = [_object(10 + i, x, y + 20, t, "glyphs") for i, (x, y, t) in enumerate(columns)]
    # the title above, one object a glyph too; a date line below, horizontal
    title = "".join(
        f'<ofd:TextObject ID="{500 + i}" Boundary="{40 + i * 7:g} 22 7 7" Size="7">'
        f'<ofd:TextCode X="0" Y="7">{ch}</ofd:TextCode></ofd:TextObject>'
        for i, ch in enumerate(TITLE)
    )
    date = (
        '<ofd:TextObject ID="600" Boundary="120 250 60 6" Size="5.6">'
        '<ofd:TextCode X="0" Y="5.6" DeltaX="g 9 5.6">2024年3月5日</ofd:TextCode>'
        "</ofd:TextObject>"
    )
    objects = [*glyphs, title, date]
    random.Random(5).shuffle(objects)
    draft = read_ofd(_write(tmp_path / "mixed.ofd", ["".join(objects)]))
    assert draft.title == TITLE
    assert list(draft.paragraphs) == [FIRST, SECOND, "2024年3月5日"]


def test_horizontal_text_one_object_a_glyph_stays_in_lines(tmp_path: Path) -> None:
    """Lines 1.2 sizes apart, one object a glyph: glyphs stand over one another as much
    as beside one another, and the text stays horizontal."""
    text = FIRST + SECOND
    lines = [text[i : i + 28] for i in range(0, len(text), 28)]
    objects = "".join(
        f'<ofd:TextObject ID="{n * 100 + i}" Boundary="{28 + i * SIZE:g} {40 + n * 1.2 * SIZE:g} '
        f'{SIZE:g} {SIZE:g}" Size="{SIZE:g}"><ofd:TextCode X="0" Y="{SIZE:g}">{ch}'
        "</ofd:TextCode></ofd:TextObject>"
        for n, line in enumerate(lines)
        for i, ch in enumerate(line)
    )
    draft = read_ofd(_write(tmp_path / "tight.ofd", [objects], title="标题"))
    assert "".join(draft.paragraphs) == text
