"""OFD (GB/T 33190-2016, the national format for electronic documents): text and headings.

An OFD file is a zip.  ``OFD.xml`` lists one or more documents (each ``DocBody`` has a
``DocInfo`` with title, author and date and a ``DocRoot`` naming its ``Document.xml``);
a document lists its pages and, in ``CommonData``, its template pages and its resource
files (``PublicRes`` / ``DocumentRes``, which name the fonts); every path is relative to
the folder of the file that names it.  A page's ``Content.xml`` places text objects:
a ``TextObject`` has a ``Boundary`` (its origin on the page, in millimetres), an
optional ``CTM`` (scale, rotation, offset of its own coordinates), a font and a
``Size``; its ``TextCode`` runs start at ``X``/``Y`` (inherited from the previous run
when absent) and step from glyph to glyph by ``DeltaX``/``DeltaY`` (``g 3 5.6`` is
5.6 three times).

The reader places every glyph on the page, rebuilds lines by position (top to bottom,
then left to right), paragraphs from indents and gaps, the title and headings from the
document's bookmarks (``Outlines``) and the font sizes (larger than the body text; the
发文机关标志 and 发文字号 above the title of a red-head document are not the title), bold
or 黑体 paragraphs at body size as headings (unless most of the text is in that face),
and the 一、/（一） numbering as for every other format.  A template page's text (a
running header, a footer, a red head drawn by the template) is read once, where it first
appears, never as body text repeated on every page, and never taken for the title; page
numbers (``— 2 —``, ``第 2 页``) and running lines repeated at the top or bottom of the
pages are dropped.  Scanned pages (images only) are reported.

Vertical text (竖排) is read in columns, top to bottom and right to left, whether a column
is one object stepping down (``DeltaY``), glyphs following ``ReadDirection`` 90, a
baseline turned down the page with its glyphs turned back (``CharDirection``), or one
object a glyph; columns join into paragraphs as lines do (a column starting lower is a
paragraph's first), and lines above the columns (a horizontal title) are read first.

Annotations (``Annotations.xml``, per page): a stamp's, a watermark's or a link's text is
never read; a reviewer's remark or a note drawn on the page is kept after the text as a
marked note (批注（第 N 页）：…).  A watermark drawn on the pages themselves (turned text
drawn see-through, or the same turned text at the same place on most pages) is dropped.

Attached files (``Attachments.xml``): each in a format the importer reads becomes a
section after the text under its 附件 heading (an attached .ofd's own attachments too,
two levels deep at most); any other, or one outside the package, missing, too large, a
loop, past the first 20 or too long with the text, is listed by name with why it was
not imported.  An attachment never costs the main text: whatever reading it raises
only lists it.

What a file may cost is bounded before and while it is read: the parts and their total
size once uncompressed, each XML part (``MAX_OFD_PART_BYTES``), the pages (counted from
the documents' page lists before any page is read) and the characters (counted run by
run, so no page is expanded far past the limit).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from desktop.importing.draft import ImportDraft
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_DOCUMENT_PARAGRAPHS,
    MAX_DOCX_ENTRIES,
    MAX_DOCX_UNCOMPRESSED_BYTES,
    MAX_FILE_BYTES,
    MAX_OFD_PART_BYTES,
    MAX_PDF_PAGES,
)
from desktop.importing.readers import SUPPORTED_SUFFIXES
from desktop.importing.zip_safety import repeated_part
from index.dates import normalise_date
from index.parsing import heading_level

__all__ = ["read_ofd"]

log = logging.getLogger(__name__)

_SAME_LINE = 0.5  # runs whose baselines differ by less than this many font sizes
_INDENT = 1.2  # a line starting this many font sizes right of the margin opens a paragraph
_GAP = 2.2  # a vertical gap of this many font sizes opens a paragraph
_LARGER = 1.1  # a size this much above the body's is a title or heading (三号 5.6 mm → 小二 6.3 mm)
_TITLE_PITCH = 2.0  # the lines of a two-line title are at most this many sizes apart
_WORD_GAP = 1.0  # a horizontal gap of this many sizes between runs of a line is a space
_RUN_BREAK = 3.0  # glyphs of one TextCode further apart than this many sizes are two runs
_MAX_HEADING_CHARS = 40
_FAR = 1e6  # no coordinate, size or step of a page is larger (in millimetres)
_REPEATED_ON = 3  # a first or last line found on this many pages is a running header/footer
_NEIGHBOUR = 1.25  # glyphs this many sizes apart, or closer, are neighbours in a line or column
_COLUMN_BREAK = 2.0  # a gap of this many sizes in a column starts another one
_ATTACHABLE = SUPPORTED_SUFFIXES  # attached files in these formats are read as sections

_PAGE_NUMBER = re.compile(
    r"^(?:[—\-–－‒―~～]\s*\d{1,4}\s*[—\-–－‒―~～]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# 发文字号: 国办发〔2024〕3号, 京政发[2023]12号
_DOCUMENT_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d{1,5}\s*号")


@dataclass
class _Run:
    page: int
    x: float
    y: float
    end: float  # right edge of the last glyph (upright text)
    size: float
    text: str
    upright: bool = True  # a horizontal baseline, left to right
    template: bool = False  # drawn by a template page
    heavy: bool = False  # bold or a 黑体 face
    vertical: bool = False  # upright glyphs set top to bottom (竖排): ``y`` is the first's
    bottom: float = 0.0  # the baseline of the last glyph of vertical text


@dataclass
class _Line:
    page: int
    x: float
    y: float
    size: float
    text: str
    upright: bool = True
    template: bool = False
    heavy_chars: int = 0
    vertical: bool = False  # a column, read top to bottom; ``y`` is its top


@dataclass
class _Paragraph:
    text: str
    size: float
    template: bool = False
    heavy: bool = False
    alone: bool = False  # rotated or vertical text: never joined with its neighbours


@dataclass
class _Budget:
    """Characters read so far: counted run by run, so that no page, however large, is
    expanded far past the document limit before the import is refused."""

    chars: int = 0
    page: int = 0
    pages: int = 0

    def spend(self, count: int) -> None:
        self.chars += count
        if self.chars > MAX_DOCUMENT_CHARS:
            raise DocumentImportError(
                f"the text is too long (more than {MAX_DOCUMENT_CHARS} characters by page "
                f"{self.page + 1} of {self.pages}; a document may have at most "
                f"{MAX_DOCUMENT_CHARS} characters); split it into smaller documents"
            )


@dataclass
class _Fonts:
    """Font ID → whether the face is bold or 黑体 (from the resource files)."""

    heavy: dict[str, bool] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)  # resource files already read


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _first(element: Any, name: str) -> Any:
    found = [e for e in element.iter() if _local(e.tag) == name]
    return found[0] if found else None


def _text_of(element: Any, name: str) -> str:
    if element is None:
        return ""
    found = _first(element, name)
    return " ".join((found.text or "").split()) if found is not None else ""


def _resolve(folder: str, location: str) -> str:
    """A path named in a part: absolute from the package root, or relative to ``folder``."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.join(folder, location)


class _Archive:
    """The zip with its parts read under the import limits."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise DocumentImportError(
                "the OFD file cannot be read (it may be damaged: not a valid zip container)"
            ) from None
        infos = self.zip.infolist()
        if len(infos) > MAX_DOCX_ENTRIES:
            raise DocumentImportError(
                f"the OFD file holds {len(infos)} parts (the limit is {MAX_DOCX_ENTRIES}); "
                "refused as a possible zip bomb"
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise DocumentImportError(
                "the OFD file is encrypted; remove the protection and import it again"
            )
        twice = repeated_part((info.filename for info in infos), self._key)
        if twice is not None:
            raise DocumentImportError(
                f"the OFD file is damaged or ambiguous (it holds the part {twice} twice)"
            )
        self.names = {info.filename.lstrip("/").lower(): info.filename for info in infos}
        self.budget = MAX_DOCX_UNCOMPRESSED_BYTES

    def has(self, name: str) -> bool:
        return self._key(name) in self.names

    @staticmethod
    def _key(name: str) -> str:
        return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()

    def stored(self, name: str) -> str | None:
        """The name a part is stored under (paths are matched without case), or None."""
        return self.names.get(self._key(name))

    def raw(self, name: str, cap: int) -> bytes | None:
        """A part's bytes once uncompressed, or None when it is larger than ``cap`` or than
        what is left of the package's total (a zip header may lie: the reading is bounded
        too); what is read counts against that total."""
        stored = self.names.get(self._key(name))
        if stored is None:
            return None
        cap = min(cap, self.budget)
        info = self.zip.getinfo(stored)
        if info.file_size > cap:
            return None
        with self.zip.open(stored) as part:
            data = part.read(cap + 1)
        if len(data) > cap:
            return None
        self.budget -= len(data)
        return data

    def xml(self, name: str) -> Any:
        from lxml import etree

        stored = self.names.get(self._key(name))
        if stored is None:
            raise DocumentImportError(
                f"the OFD file cannot be read (it may be damaged: {name} is missing)"
            )
        cap = min(MAX_OFD_PART_BYTES, self.budget)
        info = self.zip.getinfo(stored)
        data = b""
        if info.file_size <= cap:  # a header may lie: the reading below is bounded too
            with self.zip.open(stored) as part:
                data = part.read(cap + 1)
        if info.file_size > cap or len(data) > cap:
            if cap < MAX_OFD_PART_BYTES:
                limit = MAX_DOCX_UNCOMPRESSED_BYTES // (1024 * 1024)
                raise DocumentImportError(
                    f"the OFD file would expand to more than {limit} MB; "
                    "refused as a possible zip bomb"
                )
            raise DocumentImportError(
                f"part {name} of the OFD file is larger than "
                f"{MAX_OFD_PART_BYTES // (1024 * 1024)} MB; refused as a possible zip bomb"
            )
        self.budget -= len(data)
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        return etree.fromstring(data, parser)


def _numbers(value: str | None) -> list[float]:
    """The numbers of an attribute, each finite and within ±_FAR; anything else skipped."""
    if not value:
        return []
    try:  # the usual case, checked in one pass (NaN fails the comparison)
        fast = [float(part) for part in value.split()]
        if all(-_FAR <= number <= _FAR for number in fast):
            return fast
    except ValueError:
        pass
    out = []
    for part in value.split():
        try:
            number = float(part)
        except ValueError:
            continue
        if math.isfinite(number):  # clamped: positions stay finite whatever a file says
            out.append(max(-_FAR, min(_FAR, number)))
    return out


def _number(value: str | None, default: float) -> float:
    """The first number of an attribute (most hold one), or ``default``."""
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        return (_numbers(value) or [default])[0]
    return max(-_FAR, min(_FAR, number)) if math.isfinite(number) else default


def _deltas(value: str | None, count: int) -> list[float]:
    """The first ``count`` steps of a DeltaX/DeltaY list; ``g N V`` stands for V N times.

    Expansion stops at ``count`` (one less than the glyphs of the run), so a hostile
    ``g 1000000000 1`` costs nothing.
    """
    parts = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(parts) and len(out) < count:
        if parts[i] == "g":
            repeat = _numbers(parts[i + 1] if i + 1 < len(parts) else "")
            step = _numbers(parts[i + 2] if i + 2 < len(parts) else "")
            if repeat and step:
                out.extend([step[0]] * max(0, min(int(repeat[0]), count - len(out))))
            i += 3
            continue
        out.extend(_numbers(parts[i]))
        i += 1
    return out[:count]


def _matrix(value: str | None) -> tuple[float, float, float, float, float, float]:
    numbers = _numbers(value)
    if len(numbers) != 6:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    a, b, c, d, e, f = numbers
    return (a, b, c, d, e, f)


def _read_fonts(archive: _Archive, folder: str, locations: list[str], fonts: _Fonts) -> None:
    """Fonts of the resource files named (relative to ``folder``); a missing file is skipped."""
    for location in locations:
        path = _resolve(folder, location)
        if path in fonts.read:
            continue
        fonts.read.add(path)
        if not location.strip() or not archive.has(path):
            log.info("an OFD resource file is missing: %s", path)
            continue
        for font in archive.xml(path).iter():
            if _local(font.tag) != "Font" or not font.get("ID"):
                continue
            names = f"{font.get('FontName', '')} {font.get('FamilyName', '')}".lower()
            bold = font.get("Bold", "").lower() == "true" or "bold" in names
            fonts.heavy[font.get("ID", "")] = bold or "黑" in names or "hei" in names


def _column(placed: list[tuple[float, float]], size: float) -> bool:
    """Whether the glyphs stand one under another, stepping down the page (a column
    read top to bottom) or up it (read bottom to top, in the order written)."""
    if abs(placed[1][0] - placed[0][0]) > 0.5 * size:
        return False  # the usual case, a line: known from the first step
    steps = list(pairwise(placed))
    return all(abs(q[0] - p[0]) <= 0.5 * size for p, q in steps) and (
        all(q[1] > p[1] for p, q in steps) or all(q[1] < p[1] for p, q in steps)
    )


def _column_runs(
    placed: list[tuple[float, float]],
    text: str,
    size: float,
    where: tuple[int, bool, bool],
) -> list[_Run]:
    """A column's glyphs as vertical runs (``where``: page, template, heavy), split where
    a gap of _RUN_BREAK sizes opens."""
    page, template, heavy = where
    out = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and abs(placed[i][1] - placed[i - 1][1]) <= _RUN_BREAK * size:
            continue
        piece = text[start:i]
        if piece.strip():
            ys = [y for _, y in placed[start:i]]
            left = min(x for x, _ in placed[start:i])
            out.append(_Run(page, left, min(ys), left + size, size, piece, True, template, heavy))
            out[-1].vertical = True
            out[-1].bottom = max(ys)
        start = i
    return out


def _text_runs(obj: Any, page: int, fonts: _Fonts, template: bool, budget: _Budget) -> list[_Run]:
    """The runs of one TextObject in page coordinates (millimetres, y downwards)."""
    box = [*_numbers(obj.get("Boundary")), 0.0, 0.0]
    a, b, c, d, e, f = _matrix(obj.get("CTM"))
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    size = (_number(obj.get("Size"), 0.0) or 3.5) * scale
    heavy = _number(obj.get("Weight"), 400.0) >= 600 or fonts.heavy.get(obj.get("Font", ""), False)
    # The baseline's direction on the page: rotated text is kept whole, in its own line.
    upright = a > 0 and abs(b) <= 0.1 * a
    # GB/T 33190 §11: ReadDirection, the way the glyphs follow one another when no DeltaX
    # or DeltaY says; CharDirection turns each glyph.  A baseline turned to run down the
    # page with its glyphs turned back upright is a column (竖排) too.
    read_attribute, char_attribute = obj.get("ReadDirection"), obj.get("CharDirection")
    reading = round(_number(read_attribute, 0.0)) % 360 if read_attribute else 0
    turned = bool(char_attribute) and round(_number(char_attribute, 0.0)) % 360 in (90, 270)
    column = upright or (turned and b > 0 and abs(a) <= 0.1 * b)
    x = y = 0.0
    runs: list[_Run] = []

    def place(px: float, py: float) -> tuple[float, float]:
        return box[0] + a * px + c * py + e, box[1] + b * px + d * py + f

    for code in obj:
        if not isinstance(code.tag, str) or not code.tag.endswith("TextCode"):
            if (
                not upright
                and not column
                and _local(code.tag) == "FillColor"
                and _number(code.get("Alpha"), 255.0) < 255
            ):
                return []  # turned and see-through: a watermark (样稿, 机密) drawn
            continue
        x = _number(code.get("X"), x)
        y = _number(code.get("Y"), y)
        text = code.text or ""
        if "\n" in text or "\r" in text or "\t" in text:  # an indented, pretty-printed part
            text = re.sub(r"[\r\n\t]+ *", "", text).strip()
        if not text.strip():
            continue
        budget.spend(len(text))
        steps = len(text) - 1
        if not steps:  # one glyph (converters often write one object a glyph)
            sx, sy = place(x, y)
            one = _Run(page, sx, sy, sx + size, size, text, upright, template, heavy)
            if column and (not upright or reading in (90, 270)):  # a glyph of a column
                one.upright = one.vertical = True
                one.bottom = sy
            runs.append(one)
            continue
        dx = _deltas(code.get("DeltaX"), steps)
        dy = _deltas(code.get("DeltaY"), steps)
        advance = size / scale  # a glyph without DeltaX: a full-width step
        if not dx and not dy and reading in (90, 180, 270):
            if reading == 180:
                dx = [-advance] * steps
            else:
                dy = [advance if reading == 90 else -advance] * steps
        vertical = any(dy) and not any(dx)
        points = [(x, y)]
        for i in range(steps):
            px, py = points[-1]
            step_x = dx[i] if i < len(dx) else (0.0 if vertical else advance)
            points.append((px + step_x, py + (dy[i] if i < len(dy) else 0.0)))
        placed = [place(px, py) for px, py in points]
        if column and _column(placed, size):
            runs.extend(_column_runs(placed, text, size, (page, template, heavy)))
            continue
        if upright and all(
            q[0] < p[0] and abs(q[1] - p[1]) <= _SAME_LINE * size for p, q in pairwise(placed)
        ):  # read right to left (ReadDirection 180): one run, in the order written
            sx, sy = min(placed)
            end = max(px for px, _ in placed) + size
            runs.append(_Run(page, sx, sy, end, size, text, True, template, heavy))
            continue
        if not upright or vertical:
            sx, sy = place(*points[0])
            runs.append(_Run(page, sx, sy, sx, size, text, False, template, heavy))
            continue
        start = 0
        for i in range(1, len(text) + 1):
            if i < len(text):
                step_x = placed[i][0] - placed[i - 1][0]
                step_y = placed[i][1] - placed[i - 1][1]
                if abs(step_y) <= _SAME_LINE * size and -0.3 * size <= step_x <= _RUN_BREAK * size:
                    continue
            piece = text[start:i]
            if piece.strip():
                sx, sy = placed[start]
                end = placed[i - 1][0] + size
                runs.append(_Run(page, sx, sy, end, size, piece, True, template, heavy))
            start = i
    return runs


def _page_runs(
    page_xml: Any, page: int, fonts: _Fonts, budget: _Budget, *, template: bool = False
) -> list[_Run]:
    runs: list[_Run] = []
    for obj in page_xml.iter():
        if _local(obj.tag) == "TextObject":
            runs.extend(_text_runs(obj, page, fonts, template, budget))
    return runs


def _is_cjk(char: str) -> bool:
    """A Chinese character or full-width punctuation: no space is read between two."""
    return bool(char) and (
        "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
    )


def _in_rows(groups: list[list[_Run]]) -> list[list[_Run]]:
    """The line groups in reading order: by page, top to bottom, and left to right among
    groups at the same height (a template's text beside a page's, rotated text)."""
    groups = sorted(groups, key=lambda g: (g[0].page, g[0].y, g[0].x))
    ordered: list[list[_Run]] = []
    row: list[list[_Run]] = []
    for group in groups:
        head = row[0][0] if row else None
        if (
            head is not None
            and head.page == group[0].page
            and abs(group[0].y - head.y) <= _SAME_LINE * max(head.size, group[0].size)
        ):
            row.append(group)
            continue
        ordered.extend(sorted(row, key=lambda g: min(r.x for r in g)))
        row = [group]
    ordered.extend(sorted(row, key=lambda g: min(r.x for r in g)))
    return ordered


def _mark_column_glyphs(runs: list[_Run]) -> None:
    """Lone glyphs (one text object a glyph) set in columns: on a page mostly in columns,
    or where most lone glyphs stand one under another rather than side by side, those
    with no neighbour beside them are read as columns."""
    lone = [r for r in runs if len(r.text) == 1 and r.upright and not r.vertical]
    in_columns = sum(len(r.text) for r in runs if r.vertical)
    if len(lone) < 3 and not (lone and in_columns):
        return
    if not in_columns:  # glyphs written one after another along lines: the usual case
        along = sum(
            abs(two.y - one.y) <= _SAME_LINE * one.size
            and 0 < two.x - one.x <= _NEIGHBOUR * one.size
            for one, two in pairwise(lone)
        )
        if along * 2 >= len(lone):
            return
    beside: set[int] = set()
    pairs = 0
    rows = sorted(lone, key=lambda r: (r.template, round(r.y * 2), r.x))
    for one, two in pairwise(rows):
        if (
            one.template == two.template
            and abs(two.y - one.y) <= _SAME_LINE * one.size
            and 0 < two.x - one.x <= _NEIGHBOUR * one.size
        ):
            beside.update((id(one), id(two)))
            pairs += 1
    columns = in_columns > sum(len(r.text) for r in runs if not r.vertical)
    if not columns:
        if len(lone) < 3 or pairs * 2 >= len(lone):  # mostly lines: the usual case ends here
            return
        under = 0
        for one, two in pairwise(sorted(lone, key=lambda r: (r.template, round(r.x * 2), r.y))):
            if (
                one.template == two.template
                and abs(two.x - one.x) <= 0.5 * one.size
                and 0 < two.y - one.y <= _NEIGHBOUR * one.size
            ):
                under += 1
        if under < 3 or under <= 2 * pairs:
            return
    for run in lone:
        if id(run) not in beside:
            run.vertical = True
            run.bottom = run.y


def _columns(runs: list[_Run]) -> list[_Line]:
    """Vertical runs joined into columns: each read top to bottom, right to left."""
    out: list[_Line] = []
    for template in (False, True):
        clusters: list[list[_Run]] = []  # runs at the same x, whatever their height
        for run in sorted((r for r in runs if r.template == template), key=lambda r: r.x):
            if clusters and run.x - clusters[-1][-1].x <= 0.6 * run.size:
                clusters[-1].append(run)
            else:
                clusters.append([run])
        for cluster in reversed(clusters):
            cluster.sort(key=lambda r: r.y)
            piece = [cluster[0]]
            for run in cluster[1:]:
                if run.y - piece[-1].bottom > _COLUMN_BREAK * run.size:
                    out.append(_column_line(piece))
                    piece = []
                piece.append(run)
            out.append(_column_line(piece))
    return out


def _column_line(runs: list[_Run]) -> _Line:
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[run.size] += len(run.text)
    first = runs[0]
    return _Line(
        first.page,
        min(r.x for r in runs),
        first.y,
        sizes.most_common(1)[0][0],
        "".join(r.text for r in runs),
        True,
        first.template,
        sum(len(r.text) for r in runs if r.heavy),
        vertical=True,
    )


def _lines(runs: list[_Run]) -> list[_Line]:
    """Lines in reading order: by page, then top to bottom, each left to right; columns
    (竖排) right to left, after the lines above them."""
    _mark_column_glyphs(runs)
    columns = _columns([r for r in runs if r.vertical]) if any(r.vertical for r in runs) else []
    if columns:
        runs = [r for r in runs if not r.vertical]
    lines: list[_Line] = []
    groups: list[list[_Run]] = []
    for template in (False, True):  # a template's text never joins a line of the page's
        for run in sorted(
            (r for r in runs if r.template == template), key=lambda r: (r.page, r.y, r.x)
        ):
            group = groups[-1] if groups and groups[-1][0].template == template else None
            if (
                group is not None
                and run.upright
                and group[0].upright
                and group[0].page == run.page
                and abs(group[0].y - run.y) <= _SAME_LINE * max(group[0].size, run.size)
            ):
                group.append(run)
            else:
                groups.append([run])
    groups = _in_rows(groups)
    for group in groups:
        group.sort(key=lambda r: r.x)
        text = ""
        previous: _Run | None = None
        for run in group:
            if (
                previous is not None
                and run.x - previous.end > _WORD_GAP * run.size
                and not (_is_cjk(text[-1:]) and _is_cjk(run.text[:1]))
            ):
                text += " "  # a gap between words; spaced-out Chinese (主  送) stays joined
            text += run.text
            previous = run
        sizes: Counter[float] = Counter()
        for run in group:
            sizes[run.size] += len(run.text)
        size = sizes.most_common(1)[0][0]  # most of its text: not a large ¥ or a drop cap
        heavy = sum(len(r.text) for r in group if r.heavy)
        first = group[0]
        lines.append(
            _Line(first.page, first.x, first.y, size, text, first.upright, first.template, heavy)
        )
    if columns:  # lines above the columns' top are read first (a title over 竖排 text)
        top = min(column.y for column in columns)
        at = next((i for i, line in enumerate(lines) if line.y > top), len(lines))
        lines[at:at] = columns
    return lines


def _set_apart(page_lines: list[_Line]) -> list[_Line]:
    """The first and last line of a page when a gap sets them apart from the text."""
    out = []
    if len(page_lines) > 1:
        first, second = page_lines[0], page_lines[1]
        if second.y - first.y > _GAP * max(first.size, second.size):
            out.append(first)
        last, before = page_lines[-1], page_lines[-2]
        if last.y - before.y > _GAP * max(last.size, before.size):
            out.append(last)
    return out


def _without_running_lines(lines: list[_Line]) -> list[_Line]:
    """Drops page numbers and watermarks drawn on the pages (the same turned text at the
    same place on many pages), and keeps once a running header or footer: a line set
    apart at the top or bottom of many pages, with the same text at the same height."""
    lines = [line for line in lines if not _PAGE_NUMBER.match(line.text.strip())]
    drawn = {
        (line.page, line.text, round(line.x), round(line.y))
        for line in lines
        if not line.upright and not line.template
    }
    turned = Counter((text, x, y) for _, text, x, y in drawn)  # on how many pages
    page_count = len({line.page for line in lines})
    marks = {k for k, n in turned.items() if n >= _REPEATED_ON and n * 2 >= page_count}
    if marks:
        lines = [
            line
            for line in lines
            if line.upright or (line.text, round(line.x), round(line.y)) not in marks
        ]
    pages: dict[int, list[_Line]] = {}
    for line in lines:
        if not line.template and line.upright and not line.vertical:
            pages.setdefault(line.page, []).append(line)
    edges: Counter[tuple[str, int]] = Counter()
    for page_lines in pages.values():
        edges.update({(line.text.strip(), round(line.y)) for line in _set_apart(page_lines)})
    repeated = {
        key
        for key, count in edges.items()
        if count >= _REPEATED_ON and count * 2 >= len(pages) and len(key[0]) <= 60
    }
    if not repeated:
        return lines
    seen: set[tuple[str, int]] = set()
    kept = []
    for line in lines:
        key = (line.text.strip(), round(line.y))
        if key in repeated and not line.template:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _paragraphs(lines: list[_Line], body: float) -> list[_Paragraph]:
    """The paragraphs in reading order."""
    margins: dict[int, float] = {}
    tops: dict[int, float] = {}  # of the columns (竖排): a paragraph's first is set lower
    for line in lines:
        if abs(line.size - body) < 0.5 and line.upright and not line.template:
            if line.vertical:
                tops[line.page] = min(tops.get(line.page, line.y), line.y)
            else:
                margins[line.page] = min(margins.get(line.page, line.x), line.x)
    out: list[_Paragraph] = []
    heavy: list[int] = []
    previous: _Line | None = None
    for line in lines:
        if line.vertical:
            starts = _column_starts(line, previous, tops.get(line.page, line.y), body)
            _add_line(out, heavy, line, starts)
            previous = line
            continue
        margin = margins.get(line.page, line.x)
        indented = line.x > margin + _INDENT * line.size
        larger = line.size > body * _LARGER
        step = line.y - previous.y if previous is not None else 0.0
        same_page = previous is not None and line.page == previous.page
        continues_title = (
            previous is not None
            and larger
            and same_page
            and abs(line.size - previous.size) < 0.5
            and 0 < step <= _TITLE_PITCH * line.size
            and not out[-1].text.endswith(("。", "：", ":"))
        )
        starts = (
            previous is None
            or not line.upright
            or not previous.upright
            or previous.vertical
            or line.template != previous.template
            or abs(line.size - previous.size) >= 0.5
            or (indented and not continues_title)
            or (same_page and step > _GAP * line.size)
            or (larger and not continues_title)
        )
        _add_line(out, heavy, line, starts)
        previous = line
    for paragraph, heavy_chars in zip(out, heavy, strict=True):
        paragraph.heavy = heavy_chars >= max(1, len(paragraph.text.replace(" ", "")))
    return [p for p in out if p.text]


def _add_line(out: list[_Paragraph], heavy: list[int], line: _Line, starts: bool) -> None:
    text = line.text.strip()
    if starts:
        out.append(_Paragraph(text, line.size, line.template, alone=not line.upright))
        heavy.append(line.heavy_chars)
    else:
        out[-1].text += text
        heavy[-1] += line.heavy_chars


def _column_starts(line: _Line, previous: _Line | None, top: float, body: float) -> bool:
    """Whether a column (竖排) opens a paragraph: it starts lower than the columns' top
    (the indent), a gap wider than a column's pitch precedes it, or it is set in another
    size (a title, a heading)."""
    if previous is None or not previous.vertical or line.template != previous.template:
        return True
    if abs(line.size - previous.size) >= 0.5 or line.size > body * _LARGER:
        return True
    if line.y > top + _INDENT * line.size:
        return True
    step = previous.x - line.x  # the next column is to the left
    return line.page == previous.page and not 0 < step <= _GAP * line.size


def _title_index(paragraphs: list[_Paragraph], body: float, declared: str) -> int | None:
    """Which paragraph is the title: the one DocInfo names, else the large text at the top
    (below the 发文机关标志 and 发文字号 of a red-head document); None when there is none."""
    wanted = _fold(declared)
    if wanted:  # the title the file declares, wherever it is set and in whatever size
        for i, p in enumerate(paragraphs[:12]):
            if not p.template and _fold(p.text) == wanted:
                return i
    candidates = [
        i
        for i, p in enumerate(paragraphs[:12])
        if not p.template and not p.alone and p.size > body * _LARGER
    ]
    if not candidates:
        return None
    numbers = [
        i
        for i, p in enumerate(paragraphs[:12])
        if not p.template and len(p.text) <= 40 and _DOCUMENT_NUMBER.search(p.text)
    ]
    if numbers:
        after = [i for i in candidates if i > numbers[0]]
        if after and after[0] <= numbers[0] + 3:
            return after[0]  # the red head and the number above it stay as body text
    first = next(i for i, p in enumerate(paragraphs) if not p.template)
    largest = max(round(paragraphs[i].size, 1) for i in candidates)
    if first in candidates and round(paragraphs[first].size, 1) == largest:
        return first
    return None


@dataclass
class _Read:
    title: str
    paragraphs: list[str]
    levels: list[int]


def _fold(text: str) -> str:
    return "".join(text.split())


def _levels(
    paragraphs: list[_Paragraph],
    body: float,
    title_size: float | None,
    above_title: int,
    outline: dict[str, int],
) -> list[int]:
    """Outline levels: the document's own outline (bookmarks) first, then font sizes,
    numbering and heavy faces; the paragraphs above the title (a red head) are body text."""
    larger = sorted(
        {
            round(p.size, 1)
            for p in paragraphs[above_title:]
            if p.size > body * _LARGER and not p.template and not p.alone
        }
        - ({round(title_size, 1)} if title_size is not None else set()),
        reverse=True,
    )
    # A heavy face marks headings only where most of the text is not in it.
    heavy_chars = sum(len(p.text) for p in paragraphs if p.heavy)
    heavy_marks = heavy_chars * 2 < sum(len(p.text) for p in paragraphs)
    levels = []
    for n, p in enumerate(paragraphs):
        numbered = heading_level(p.text)
        if p.template or p.alone or n < above_title:
            levels.append(0)
        elif _fold(p.text) in outline:
            levels.append(min(3, outline[_fold(p.text)]))
        elif round(p.size, 1) in larger and sum(ch.isalpha() for ch in p.text) >= 2:
            levels.append(min(3, larger.index(round(p.size, 1)) + 1))  # words, not ¥ 20.00
        elif numbered:
            levels.append(numbered)
        elif (
            p.heavy
            and heavy_marks
            and len(p.text) <= _MAX_HEADING_CHARS
            and not p.text.endswith(("。", "；", ";", "，", ","))
        ):
            levels.append(min(3, len(larger) + 1))
        else:
            levels.append(0)
    return levels


def _document(lines: list[_Line], declared_title: str, outline: dict[str, int]) -> _Read:
    weights: Counter[float] = Counter()
    for line in lines:
        if not line.template and line.upright:
            weights[round(line.size, 1)] += len(line.text)
    if not weights:
        for line in lines:
            weights[round(line.size, 1)] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    paragraphs = _paragraphs(lines, body_size)
    index = _title_index(paragraphs, body_size, declared_title)
    title = declared_title
    title_size = None
    if index is not None:
        title = paragraphs[index].text
        title_size = paragraphs[index].size
        # the lines of a title that stayed apart (two sizes too far) are not headings
        paragraphs = paragraphs[:index] + paragraphs[index + 1 :]
    top = outline.get(_fold(title), 0)  # an outline under the title: its sections start at 1
    if top:
        outline = {text: level - top for text, level in outline.items() if level > top}
    levels = _levels(paragraphs, body_size, title_size, index or 0, outline)
    texts = [p.text for p in paragraphs]
    if index is None and not title and texts:
        title, texts, levels = texts[0], texts[1:], levels[1:]
    return _Read(title, texts, levels)


class _DocumentReader:
    """One ``DocBody``: its pages (with their templates, once each) as lines."""

    def __init__(self, archive: _Archive, doc_root: str, first_page: int, budget: _Budget) -> None:
        self.archive = archive
        path = _resolve("", doc_root)
        self.document = archive.xml(path)
        self.folder = posixpath.dirname(path)
        self.fonts = _Fonts()
        self.first_page = first_page
        self.budget = budget
        common = _first(self.document, "CommonData")
        self.templates: dict[str, str] = {}
        resources: list[str] = []
        if common is not None:
            for item in common:
                name = _local(item.tag)
                if name in ("PublicRes", "DocumentRes"):
                    resources.append(item.text or "")
                elif name == "TemplatePage" and item.get("ID") and item.get("BaseLoc"):
                    self.templates[item.get("ID", "")] = item.get("BaseLoc", "")
        _read_fonts(archive, self.folder, resources, self.fonts)
        self.pages = [
            p for p in self.document.iter() if _local(p.tag) == "Page" and p.get("BaseLoc")
        ]
        self.templates_read: set[str] = set()
        self.empty_pages = 0
        self.outline = _outline(self.document)
        parts = {_local(child.tag): (child.text or "").strip() for child in self.document}
        self.annotations_at = parts.get("Annotations", "")
        self.attachments_at = parts.get("Attachments", "")

    def notes(self) -> list[tuple[int, str]]:
        """(page within the document, from 1; text) of each visible annotation that says
        something: a reviewer's remark, a note typed on the page.  A stamp's or watermark's
        text (机密, 样稿, a seal's name) and a link's are never read: they are not what
        the document says."""
        if not self.annotations_at:
            return []
        path = _resolve(self.folder, self.annotations_at)
        if not self.archive.has(path):
            log.info("an OFD annotation list is missing: %s", path)
            return []
        pages = {page.get("ID", ""): n for n, page in enumerate(self.pages)}
        folder = posixpath.dirname(path)
        notes: list[tuple[int, str]] = []
        read: set[str] = set()
        for page in self.archive.xml(path):
            location = _text_of(page, "FileLoc") if _local(page.tag) == "Page" else ""
            number = pages.get(page.get("PageID", ""))
            if not location or number is None:
                continue
            for base in (folder, self.folder):  # producers differ on what it is relative to
                found = _resolve(base, location)
                if self.archive.has(found):
                    break
            else:
                log.info("an OFD page annotation file is missing: %s", location)
                continue
            if found.lower() in read:
                continue
            read.add(found.lower())
            for annot in self.archive.xml(found).iter():
                if _local(annot.tag) != "Annot" or (
                    annot.get("Type", "").strip().lower() in _SILENT_ANNOTATIONS
                ):
                    continue
                if annot.get("Visible", "true").strip().lower() == "false":
                    continue
                said = []
                remark = _text_of(annot, "Remark")
                if remark:
                    self.budget.spend(len(remark))
                    said.append(remark)
                appearance = _first(annot, "Appearance")
                if appearance is not None:
                    runs = _page_runs(appearance, number, self.fonts, self.budget)
                    drawn = "".join(line.text.strip() for line in _lines(runs))
                    if drawn and _fold(drawn) != _fold(remark):
                        said.append(drawn)
                if said and len(notes) < _MAX_NOTES:
                    notes.append((number + 1, " ".join(said)))
        return notes

    def attachments(self) -> list[_Attachment]:
        """The files attached to the document (``Attachments.xml``), in their order."""
        if not self.attachments_at:
            return []
        path = _resolve(self.folder, self.attachments_at)
        if not self.archive.has(path):
            log.info("an OFD attachment list is missing: %s", path)
            return []
        folder = posixpath.dirname(path)
        found = []
        for item in self.archive.xml(path):
            if _local(item.tag) != "Attachment":
                continue
            location = _text_of(item, "FileLoc")
            name = " ".join(item.get("Name", "").split()) or posixpath.basename(location)
            written = item.get("Format", "").strip().lower().lstrip(".")
            # the Format attribute, else what the file's or the attachment's name ends with
            kinds = [written] + [
                posixpath.splitext(n)[1].lower().lstrip(".") for n in (location, name)
            ]
            kind = next((k for k in kinds if "." + k in _ATTACHABLE), "")
            kind = kind or next((k for k in kinds if k), "")
            target = ""
            if location:
                joined = posixpath.normpath(_resolve(folder, location))
                target = "" if joined == ".." or joined.startswith("../") else joined
            found.append(_Attachment(name or "?", location, target, kind))
        return found

    def lines(self) -> list[_Line]:
        """The lines of every page in reading order (built page by page: only one
        page's glyph runs are held at a time)."""
        lines: list[_Line] = []
        self.budget.pages = self.first_page + len(self.pages)
        for offset, page in enumerate(self.pages):
            number = self.first_page + offset
            self.budget.page = number
            path = _resolve(self.folder, page.get("BaseLoc", ""))
            content = self.archive.xml(path)
            page_folder = posixpath.dirname(path)
            page_res = [r.text or "" for r in content if _local(r.tag) == "PageRes"]
            _read_fonts(self.archive, self.folder, page_res, self.fonts)
            _read_fonts(self.archive, page_folder, page_res, self.fonts)
            found = _page_runs(content, number, self.fonts, self.budget)
            found += self._template_runs(content, number)
            self.empty_pages += not found
            lines.extend(_lines(found))
        return lines

    def _template_runs(self, content: Any, number: int) -> list[_Run]:
        runs: list[_Run] = []
        for use in content:
            ident = use.get("TemplateID", "") if _local(use.tag) == "Template" else ""
            if not ident or ident in self.templates_read or ident not in self.templates:
                continue
            self.templates_read.add(ident)  # read once: its text is on every page using it
            path = _resolve(self.folder, self.templates[ident])
            template = self.archive.xml(path)
            runs.extend(_page_runs(template, number, self.fonts, self.budget, template=True))
        return runs


_MAX_OUTLINE_ENTRIES = 5000


def _outline(document: Any) -> dict[str, int]:
    """The document's bookmarks (``Outlines``): folded title → nesting depth (from 1)."""
    outlines = _first(document, "Outlines")
    found: dict[str, int] = {}
    if outlines is None:
        return found
    stack = [(child, 1) for child in reversed(list(outlines))]
    while stack and len(found) < _MAX_OUTLINE_ENTRIES:
        element, depth = stack.pop()
        if _local(element.tag) != "OutlineElem":
            continue
        title = _fold(element.get("Title", ""))
        if title:
            found.setdefault(title, depth)
        stack.extend((child, depth + 1) for child in reversed(list(element)))
    return found


def read_ofd(data: bytes, *, language: str = "") -> ImportDraft:
    """The text, title and headings of an OFD file; raises :class:`DocumentImportError`.

    ``language`` ('zh_CN' or 'en', the user's locale when not given) is the language of
    the words the reader adds to the text: the 附件 headings and the marked notes."""
    from desktop.storage_failures import user_language

    return _read(data, language or user_language(), 0, frozenset())


@contextlib.contextmanager
def _damaged() -> Iterator[None]:
    """A part that cannot be parsed (bad XML, a broken zip member) refuses the file."""
    from lxml import etree

    try:
        yield
    except DocumentImportError:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        log.info("an OFD file could not be read: %r", exc)
        raise DocumentImportError(
            f"the OFD file cannot be read (it may be damaged: {exc})"
        ) from None


def _read(data: bytes, language: str, depth: int, within: frozenset[str]) -> ImportDraft:
    """:func:`read_ofd` of a package attached ``depth`` levels deep, inside the packages
    whose digests are ``within`` (an attachment that is one of them is a loop)."""
    documents: list[tuple[Any, list[_Line], dict[str, int], list[tuple[int, str]]]] = []
    total_pages = 0
    empty_pages = 0
    with _damaged():
        archive = _Archive(data)
    with archive.zip:  # open until the attached files are read, one at a time
        with _damaged():
            root = archive.xml("OFD.xml")
            bodies = [b for b in root.iter() if _local(b.tag) == "DocBody"]
            roots = [(b, _text_of(b, "DocRoot")) for b in bodies]
            unique: dict[str, tuple[Any, str]] = {}  # a document named twice is read once
            for body, doc_root in roots:
                if doc_root:
                    unique.setdefault(_resolve("", doc_root).lower(), (body, doc_root))
            roots = list(unique.values())
            if not roots:
                raise DocumentImportError(
                    "the OFD file cannot be read (it may be damaged: OFD.xml names no document)"
                )
            budget = _Budget()
            readers = []
            for body, doc_root in roots:
                reader = _DocumentReader(archive, doc_root, total_pages, budget)
                total_pages += len(reader.pages)
                if total_pages > MAX_PDF_PAGES:  # refused before any page is read
                    raise DocumentImportError(
                        f"the OFD file has more than {MAX_PDF_PAGES} pages; "
                        "split it into smaller documents"
                    )
                readers.append((body, reader))
            for body, reader in readers:
                lines = reader.lines()
                empty_pages += reader.empty_pages
                notes = reader.notes()
                documents.append((_first(body, "DocInfo"), lines, reader.outline, notes))
            attached = _attached_files(archive, [r for _, r in readers], depth)
        if not any(lines for _, lines, _, _ in documents):
            raise DocumentImportError(
                "the OFD file holds no text (its pages are probably scanned images); "
                "import a version with text"
            )
        title = ""
        texts: list[str] = []
        levels: list[int] = []
        for info, lines, outline, notes in documents:
            if lines:
                read = _document(_without_running_lines(lines), _text_of(info, "Title"), outline)
                if not title:
                    title = read.title
                elif read.title:
                    texts.append(read.title)  # a further document (an attachment) opens a section
                    levels.append(1)
                texts.extend(read.paragraphs)
                levels.extend(read.levels)
            for page, note in notes:  # after the text they annotate, marked as notes
                texts.append(_say("note", language, page=page, text=note))
                levels.append(0)
        warnings = []
        if empty_pages:
            warnings.append(f"{empty_pages} of {total_pages} pages hold no text (scanned images?)")
        sections = _Sections(title, texts, levels, warnings, language)
        within = within | {hashlib.sha256(data).hexdigest()}
        for attachment, refused in attached:
            sections.add(attachment, archive, refused, depth, within)
    info = documents[0][0]
    author = _text_of(info, "Author")
    created = _text_of(info, "CreationDate")
    return ImportDraft.from_paragraphs(
        title,
        texts,
        levels,
        author=author,
        published=normalise_date(created[:10]) if created else "",
        file_format="ofd",
        warnings=tuple(warnings),
    )


_SILENT_ANNOTATIONS = frozenset({"stamp", "watermark", "link"})
_MAX_NOTES = 1000  # marked notes kept from a document's annotations
_MAX_ATTACHMENTS = 20  # attached files read; any further ones are listed by name
_MAX_ATTACHMENT_DEPTH = 2  # an attachment's attachments are read; theirs are listed

# The words the reader adds to a document's text, in the user's language.
_WORDS = {
    "attachment": ("Attachment: {name}", "附件：{name}"),
    "not_read": (" (not imported: {reason})", "（未导入：{reason}）"),
    "note": ("Note (page {page}): {text}", "批注（第 {page} 页）：{text}"),
}


def _say(key: str, language: str, **values: object) -> str:
    english, chinese = _WORDS[key]
    return (chinese if language.startswith("zh") else english).format(**values)


@dataclass
class _Attachment:
    name: str  # as the attachment list gives it
    location: str  # FileLoc, as written
    target: str  # the part of the package it names; "" when that is outside the package
    kind: str  # the format (suffix without the dot)


def _attached_files(
    archive: _Archive, readers: list[_DocumentReader], depth: int
) -> list[tuple[_Attachment, str]]:
    """Each attached file with why it is not read ("" for one to read): outside the
    package, missing, in a format not imported, too many, too deep."""
    out: list[tuple[_Attachment, str]] = []
    seen: set[str] = set()
    for reader in readers:
        for attachment in reader.attachments():
            key = attachment.target.lower() or attachment.location
            if key in seen:
                continue  # listed twice: read once
            seen.add(key)
            refused = ""
            if not attachment.target:
                refused = f"its location ({attachment.location}) is outside the package"
            elif "." + attachment.kind not in _ATTACHABLE:
                refused = f"its format ({attachment.kind or '?'}) is not one that can be imported"
            elif depth + 1 > _MAX_ATTACHMENT_DEPTH:
                refused = (
                    f"attachments nested more than {_MAX_ATTACHMENT_DEPTH} deep are only listed"
                )
            elif sum(not why for _, why in out) >= _MAX_ATTACHMENTS:
                refused = f"only the first {_MAX_ATTACHMENTS} attachments are read"
            elif archive.stored(attachment.target) is None:
                refused = "it is not in the package"
            out.append((attachment, refused))
    return out


class _Sections:
    """The text with each attached file after it: read as a further section, or listed
    by name with why it was not imported (the main text is kept whatever an attachment
    holds)."""

    def __init__(
        self, title: str, texts: list[str], levels: list[int], warnings: list[str], language: str
    ) -> None:
        self.texts = texts
        self.levels = levels
        self.warnings = warnings
        self.language = language
        self.chars = len(title) + sum(map(len, texts))

    def add(
        self,
        attachment: _Attachment,
        archive: _Archive,
        refused: str,
        depth: int,
        within: frozenset[str],
    ) -> None:
        """The attachment's section, read now (its bytes are held only meanwhile), or
        its name with why it is not imported."""
        section: list[tuple[str, int]] = []
        if not refused:
            try:
                content = archive.raw(attachment.target, MAX_FILE_BYTES)
                if content is None:
                    raise DocumentImportError(
                        f"it would expand to more than {MAX_FILE_BYTES // (1024 * 1024)} MB, "
                        "or past what the package may hold; refused as a possible zip bomb"
                    )
                section = self._section(attachment, content, depth, within)
                del content
            except DocumentImportError as exc:
                refused = exc.reason
            except (RecursionError, MemoryError) as exc:
                refused = f"the file is too complex to read ({type(exc).__name__})"
            except Exception as exc:  # a hostile attachment never costs the main text
                log.info("an OFD attachment could not be read: %r", exc)
                refused = f"the file cannot be read ({type(exc).__name__}: {exc})"
        if refused:
            from desktop.refusals import translate_reason

            name = attachment.name
            if attachment.kind and not posixpath.splitext(name)[1]:
                name += "." + attachment.kind
            said = translate_reason(refused, self.language)
            self.texts.append(self._heading(name) + _say("not_read", self.language, reason=said))
            self.levels.append(0)
            self.chars += len(self.texts[-1])
            self.warnings.append(f"attachment {name} was not imported: {refused}")
            return
        for text, level in section:
            self.texts.append(text)
            self.levels.append(level)
            self.chars += len(text)

    def _heading(self, name: str) -> str:
        """The attachment's name as its heading: as written when it says 附件 itself."""
        if _fold(name).startswith("附件"):
            return name
        return _say("attachment", self.language, name=name)

    def _section(
        self, attachment: _Attachment, content: bytes, depth: int, within: frozenset[str]
    ) -> list[tuple[str, int]]:
        if hashlib.sha256(content).hexdigest() in within:
            raise DocumentImportError(
                "it is the document itself or one that holds it (an attachment loop)"
            )
        if attachment.kind == "ofd":
            draft = _read(content, self.language, depth + 1, within)
        else:
            from desktop.importing.readers import draft_from_bytes

            draft = draft_from_bytes(content, "." + attachment.kind, self.language)
        draft.validate()
        section = [(self._heading(attachment.name), 1)]
        if _fold(draft.title) not in _fold(attachment.name):  # 附件1：实施细则 names it
            section.append((draft.title, 2))
        section += [
            (text, min(3, level + 1) if level else 0)
            for text, level in zip(draft.paragraphs, draft.levels, strict=True)
        ]
        chars = sum(len(text) for text, _ in section)
        if (
            self.chars + chars > MAX_DOCUMENT_CHARS
            or len(self.texts) + len(section) > MAX_DOCUMENT_PARAGRAPHS
        ):
            raise DocumentImportError(
                f"with the main text it would exceed {MAX_DOCUMENT_CHARS} characters "
                f"or {MAX_DOCUMENT_PARAGRAPHS} paragraphs"
            )
        self.warnings.extend(f"attachment {attachment.name}: {w}" for w in draft.warnings)
        return section
