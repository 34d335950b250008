"""Legal texts (laws, regulations, rules) in the national database's Markdown form.

The format, recognised from the text itself (:func:`looks_like_law`)::

    # 中华人民共和国民法典          ← title
    # 人格权编                      ← optional subtitle
    2020年5月28日 第十三届…会议通过  ← history lines: events
    2021年1月1日 施行
    <!-- INFO END -->
    ## 第一章  一般规定            ← 编/分编/章/节 (or an unnumbered heading), any depth
    第九百八十九条 本编调整…        ← an article (第X条, 第X条之一)
    除前款规定的人格权外，…        ← its next 款
    （一）…                         ← 项, never an outline heading
    1．…                            ← 目

Rules, all taken from the document's own structure:

* comments ``<!-- … -->`` are dropped wherever they are (never shown or indexed);
* a heading's kind comes from its words (第X编 → part, 第X分编 → subpart, 第X章 →
  chapter, 第X节 → section, else heading), its depth in the outline from the nesting
  of those kinds — Markdown depth only places unnumbered headings; a short line
  ``第X章 名称`` without ``#`` is a heading too; irregular spaces (``总  则``) are
  normalised in headings;
* a line opening with ``第X条`` (followed by a space or the end of the line) is an
  article; unnumbered paragraphs after it are its further 款 until the next article
  or heading; ``（一）``/``(一)`` lines are 项, ``1.``/``1．``/``（1）`` lines 目 and, inside
  an article, ``一、`` lines are 项 as well;
* outside articles (decisions, amendments, notices without articles) a short ``一、``
  line is a heading, as in the gov.cn format; ``（一）`` stays an item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from index.document import Block, BlockKind, Document, LawEvent, make_block_ids
from index.folding import fold_text
from index.numerals import NUMERAL_CHARS, cn_to_int
from index.parsing import ParseError

__all__ = [
    "INFO_END",
    "LAW_DEPARTMENTS",
    "category_for",
    "looks_like_law",
    "mark_current_versions",
    "parse_events",
    "parse_law",
    "version_date_from_name",
]

INFO_END = "<!-- INFO END -->"
# Folders of national laws grouped by legal department: category ("法律", department).
LAW_DEPARTMENTS = frozenset(
    {
        "宪法相关法",
        "民法典",
        "民法商法",
        "行政法",
        "经济法",
        "社会法",
        "刑法",
        "诉讼与非诉讼程序法",
    }
)

_N = f"[{NUMERAL_CHARS}0-9０-９]+"
_ARTICLE = re.compile(rf"^第\s*(?P<no>{_N})\s*条(?:之(?P<sub>{_N}))?(?=\s|$)")
_STRUCTURE = re.compile(rf"^第\s*(?P<no>{_N})\s*(?P<unit>分编|编|章|节)(?=\s|$)\s*(?P<name>.*)$")
_ITEM = re.compile(rf"^[（(]\s*[{NUMERAL_CHARS}]+\s*[）)]")
_SUBITEM = re.compile(r"^(?:[0-9０-９]+\s*[.．、](?![0-9０-９])|[（(]\s*[0-9０-９]+\s*[）)])")
_LIST_HEADING = re.compile(rf"^[{NUMERAL_CHARS}]+、")
_MD_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DATE = re.compile(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*")
_BODY_EFFECTIVE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起(?:施行|实施)")
_ORDER_NO = re.compile(
    rf"((?:中华人民共和国)?[\u4e00-\u9fff]{{0,16}}?(?:令|公告)\s*第\s*[{NUMERAL_CHARS}0-9]+\s*号)"
)
_VERSION_DATE = re.compile(r"[（(](\d{4})-(\d{2})-(\d{2})[)）]\s*$")
_SPACES = re.compile(r"[\s\u2000-\u200b\u3000]+")
_SENTENCE_PUNCT = re.compile(r"[。；，：;,:]")
_MAX_STRUCTURE_LINE = 40
_MAX_LIST_HEADING = 80

# Verbs a history line ends with, longest first; 公布施行 gives two events.
_ACTIONS = (
    "公布施行",
    "发布施行",
    "通过",
    "公布",
    "发布",
    "修正",
    "修订",
    "批准",
    "施行",
    "实施",
    "废止",
)
_KIND_OF_UNIT = {
    "编": BlockKind.PART,
    "分编": BlockKind.SUBPART,
    "章": BlockKind.CHAPTER,
    "节": BlockKind.SECTION,
}
# Nesting rank of the structural kinds (unnumbered headings are placed by Markdown depth).
_RANK = {BlockKind.PART: 1, BlockKind.SUBPART: 2, BlockKind.CHAPTER: 3, BlockKind.SECTION: 4}
_LIST_RANK = 5


def looks_like_law(text: str) -> bool:
    """The national database's format: the INFO END marker, or a ``#`` title followed
    by article lines (``第X条 …``) and no front matter."""
    head = text.lstrip("\ufeff")
    if head.startswith("---"):
        return False
    if INFO_END in text:
        return True
    if not head.lstrip().startswith("# "):
        return False
    return any(_ARTICLE.match(line.strip()) for line in head.splitlines()[:400])


# Folder names that start a category path (folders above them only hold the library).
CATEGORY_ROOTS = LAW_DEPARTMENTS | {
    "宪法",
    "法律",
    "行政法规",
    "部门规章",
    "监察法规",
    "司法解释",
    "地方性法规",
}


def category_for(folders: Sequence[str]) -> tuple[str, ...]:
    """The category of a file from its folders relative to the corpus root.

    The path starts at the first folder that names a kind of legal text (宪法, 行政法规,
    部门规章 …; ``laws/行政法`` → 行政法), else it is the folder path as it is.  A
    legal department's folder (行政法, 民法典 …) is a department of 法律.
    """
    parts = tuple(part for part in folders if part)
    for index, part in enumerate(parts):
        if part in CATEGORY_ROOTS:
            parts = parts[index:]
            break
    if parts and parts[0] in LAW_DEPARTMENTS:
        return ("法律", *parts)
    return parts


def version_date_from_name(name: str) -> str:
    """``数据安全法(2021-06-10)`` → ``2021-06-10``; empty when the name has no date."""
    match = _VERSION_DATE.search(name)
    return "-".join(match.groups()) if match else ""


def _iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _strip_comments(text: str) -> str:
    text = _COMMENT.sub("", text)
    cut = text.find("<!--")  # an unclosed comment runs to the end
    return text if cut < 0 else text[:cut]


def _event_from_line(date: str, line: str) -> list[LawEvent]:
    rest = line.strip().rstrip("）)。. ")
    if rest.endswith("根据"):
        rest = rest[: -len("根据")].rstrip("。 ")
    order = _ORDER_NO.search(rest)
    order_no = _SPACES.sub("", order.group(1)) if order else ""
    action = ""
    body = rest
    if re.search(r"通过的\s*《", rest):
        action = "修正"  # amended by a decision or amendment adopted that day
        body = rest[: rest.find("通过的")]
    else:
        for verb in _ACTIONS:
            if rest.endswith(verb):
                action = verb
                body = rest[: -len(verb)]
                break
    body = body.strip()
    if order_no and body.endswith(order.group(1) if order else ""):
        body = body[: -len(order.group(1))].strip() if order else body
    full = f"{date[:4]}年{int(date[5:7])}月{int(date[8:10])}日 {line.strip()}".strip()
    if action in ("公布施行", "发布施行"):
        return [
            LawEvent(date, action[:2], body, order_no, full),
            LawEvent(date, "施行", body, order_no, full),
        ]
    if action == "实施":
        action = "施行"
    return [LawEvent(date, action, body, order_no, full)]


def parse_events(lines: Iterable[str], title: str = "") -> tuple[list[LawEvent], list[str]]:
    """History lines → events; returns the events and the lines that are not history
    (a notice's preamble, a signature), to be kept as paragraphs.

    A line continues the previous one while the previous has an unclosed 《 〈 < or
    （; ``发布之日施行`` takes the date of the event before it; a line that is part of
    the title (a title broken over lines) is dropped."""
    events: list[LawEvent] = []
    other: list[str] = []
    pending: tuple[str, str] | None = None  # (date, text so far)
    folded_title = _SPACES.sub("", title)

    def unclosed(text: str) -> bool:
        return any(
            text.count(a) > text.count(b)
            for a, b in (("《", "》"), ("〈", "〉"), ("<", ">"), ("（", "）"))
        )

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            events.extend(_event_from_line(*pending))
            pending = None

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        match = _DATE.match(line)
        if match:
            flush()
            rest = line[match.end() :]
            if line.startswith(("（", "(")) and rest.endswith(("）", ")")):
                rest = rest[:-1]
            pending = (_iso(*match.groups()), rest)
            continue
        if pending is not None and unclosed(pending[1]):
            pending = (pending[0], pending[1] + line)
            continue
        if re.fullmatch(r"(?:发布|公布)之日(?:起)?(?:施行|实施)", line) and (pending or events):
            date = pending[0] if pending else events[-1].date
            flush()
            events.append(LawEvent(date, "施行", "", "", line))
            continue
        if folded_title and _SPACES.sub("", line) in folded_title:
            continue
        flush()
        other.append(line)
    flush()
    return events, other


def _normalise_heading(text: str) -> str:
    """``第一章  总  则`` → ``第一章 总则``: one space after the label, none between Chinese."""
    text = _SPACES.sub(" ", text).strip()
    match = _STRUCTURE.match(text)
    if match:
        label = text[: match.start("name")].strip()
        name = match.group("name")
    else:
        label, name = "", text
    name = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", name).strip()
    label = label.replace(" ", "")
    return f"{label} {name}".strip() if label else name


@dataclass
class _Line:
    text: str
    md_depth: int = 0  # Markdown heading depth, 0 for a paragraph


def _body_lines(lines: Iterable[str]) -> list[_Line]:
    out: list[_Line] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            content = (heading.group(2) or "").strip()
            if content:
                out.append(_Line(content, len(heading.group(1))))
            continue
        out.append(_Line(line))
    return out


def _article_number(match: re.Match[str]) -> tuple[int, int]:
    number = cn_to_int(match.group("no")) or 0
    sub = cn_to_int(match.group("sub")) or 0 if match.group("sub") else 0
    return number, sub


@dataclass
class _Pending:
    kind: BlockKind
    text: str
    level: int = 0
    outline_title: str = ""
    section: tuple[str, ...] = ()
    article_no: int = 0
    article_sub: int = 0
    article: str = ""
    clause: int = 0


def _structure_blocks(
    title: str, subtitle: str, preamble: list[str], body: list[_Line]
) -> list[_Pending]:
    pending: list[_Pending] = [_Pending(BlockKind.TITLE, title)]
    if subtitle:
        pending.append(_Pending(BlockKind.SUBTITLE, subtitle))
    for text in preamble:
        pending.append(_Pending(BlockKind.PARAGRAPH, text))

    stack: list[tuple[float, str]] = []  # (rank, outline title) of the open headings
    depth_rank: dict[int, float] = {}  # Markdown depth → rank seen for it in this document
    article: tuple[int, int, str] | None = None
    clause = 0

    def path() -> tuple[str, ...]:
        return tuple(t for _, t in stack)

    def open_heading(kind: BlockKind, text: str, rank: float) -> None:
        nonlocal article, clause
        while stack and stack[-1][0] >= rank:
            stack.pop()
        stack.append((rank, text))
        pending.append(_Pending(kind, text, len(stack), text, path()))
        article, clause = None, 0

    for line in body:
        text = line.text
        structure = _STRUCTURE.match(text)
        if line.md_depth:
            heading = _normalise_heading(text)
            if structure:
                kind = _KIND_OF_UNIT[structure.group("unit")]
                rank: float = _RANK[kind]
                depth_rank.setdefault(line.md_depth, rank)
            else:
                kind = BlockKind.HEADING
                rank = depth_rank.get(line.md_depth, float(line.md_depth))
            open_heading(kind, heading, rank)
            continue
        if (
            structure
            and len(text) <= _MAX_STRUCTURE_LINE
            and not _SENTENCE_PUNCT.search(structure.group("name"))
        ):
            kind = _KIND_OF_UNIT[structure.group("unit")]
            open_heading(kind, _normalise_heading(text), _RANK[kind])
            continue
        match = _ARTICLE.match(text)
        if match:
            number, sub = _article_number(match)
            label = _SPACES.sub("", match.group(0))
            article, clause = (number, sub, label), 1
            pending.append(
                _Pending(BlockKind.ARTICLE, text, 0, label, path(), number, sub, label, 1)
            )
            continue
        if article is not None:
            if _ITEM.match(text) or _LIST_HEADING.match(text):
                kind = BlockKind.ITEM
            elif _SUBITEM.match(text):
                kind = BlockKind.SUBITEM
            else:
                kind = BlockKind.PARAGRAPH
                clause += 1
            pending.append(_Pending(kind, text, 0, "", path(), *article, clause))
            continue
        if _ITEM.match(text):
            pending.append(_Pending(BlockKind.ITEM, text, 0, "", path()))
        elif _SUBITEM.match(text):
            pending.append(_Pending(BlockKind.SUBITEM, text, 0, "", path()))
        elif _LIST_HEADING.match(text) and len(text) <= _MAX_LIST_HEADING:
            open_heading(BlockKind.HEADING, text, _LIST_RANK)
        else:
            pending.append(_Pending(BlockKind.PARAGRAPH, text, 0, "", path()))
    return pending


def parse_law(
    text: str, doc_id: str, path: str = "", *, category: tuple[str, ...] = ()
) -> Document:
    """Parse one legal text (see the module docstring); raises :class:`ParseError`."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cut = text.find(INFO_END)
    if cut >= 0:
        head_lines = _strip_comments(text[:cut]).split("\n")
        body_lines = _strip_comments(text[cut + len(INFO_END) :]).split("\n")
    else:
        head_lines, body_lines = _split_head(_strip_comments(text).split("\n"))
    title = ""
    subtitle = ""
    info: list[str] = []
    extra_body: list[str] = []
    for raw in head_lines:
        line = raw.strip()
        if not line:
            continue
        heading = _MD_HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and not extra_body:
            content = _normalise_heading(heading.group(2) or "")
            if not content:
                continue
            if not title:
                title = content
                continue
            if not subtitle and not info:
                subtitle = content
                continue
        if heading and len(heading.group(1)) > 1:
            extra_body.append(raw)  # a heading before the marker belongs to the body
            continue
        if extra_body:
            extra_body.append(raw)
        else:
            info.append(line)
    if not title:
        raise ParseError("no title: a legal text opens with a '# ' title line")
    events, preamble = parse_events(info, f"{title}{subtitle}")
    body = _body_lines([*extra_body, *body_lines])
    pending = _structure_blocks(title, subtitle, preamble, body)
    if len(pending) <= 1 + bool(subtitle):
        raise ParseError("no body text after the title")
    ids = make_block_ids([(p.kind.value, p.text) for p in pending])
    blocks = tuple(
        Block(
            block_id,
            p.kind,
            p.text,
            p.level,
            p.outline_title,
            p.section,
            p.article_no,
            p.article_sub,
            p.article,
            p.clause,
        )
        for block_id, p in zip(ids, pending, strict=True)
    )
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if path else doc_id
    version_date = version_date_from_name(name) or _latest(events, exclude=("施行",))
    effective = _latest(events, only=("施行",)) or _body_effective_date(blocks)
    return Document(
        id=doc_id,
        title=title,
        blocks=blocks,
        published=version_date,
        path=path,
        subtitle=subtitle,
        category=category,
        version_date=version_date,
        effective_date=effective,
        events=tuple(events),
        version_group=version_group_key(title, subtitle),
    )


def _split_head(lines: list[str]) -> tuple[list[str], list[str]]:
    """Without the marker: the head ends at the first heading below ``#``, article or
    structural line, or at the first line that is neither a title nor history."""
    seen_title = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        heading = _MD_HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            seen_title = True
            continue
        if not seen_title:
            return lines[:index], lines[index:]
        if heading or _ARTICLE.match(line) or _STRUCTURE.match(line) or not _DATE.match(line):
            return lines[:index], lines[index:]
    return lines, []


def version_group_key(title: str, subtitle: str = "") -> str:
    """Versions of one document share it: the folded title and subtitle without spaces."""
    return fold_text(f"{title}·{subtitle}" if subtitle else title).replace(" ", "")


def _latest(
    events: Sequence[LawEvent], *, only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> str:
    dates = [e.date for e in events if (not only or e.action in only) and e.action not in exclude]
    return max(dates) if dates else ""


def _body_effective_date(blocks: Sequence[Block]) -> str:
    """``本法自2021年9月1日起施行``: the last such phrase in the text."""
    for block in reversed(blocks):
        match = _BODY_EFFECTIVE.search(block.text)
        if match:
            return _iso(*match.groups())
    return ""


def mark_current_versions(documents: Sequence[Document]) -> list[Document]:
    """Mark every document of a version group that is not its newest as not current.

    Documents without a version group (articles, notes) are always current; two files
    of one group with the same newest date are both current."""
    newest: dict[str, str] = {}
    for doc in documents:
        if doc.version_group:
            date = doc.version_date
            if date > newest.get(doc.version_group, ""):
                newest[doc.version_group] = date
    out = []
    for doc in documents:
        current = not doc.version_group or doc.version_date >= newest.get(doc.version_group, "")
        out.append(doc if current == doc.current else replace(doc, current=current))
    return out
