"""Parsers that turn document text into a :class:`Document`.

Two formats are read:

* gov.cn page captures (plain text copied from the site): page chrome around the
  article, a title line, a ``date time 來源: source`` line, the article, a closing
  byline in parentheses and an editor line;
* hand-authored Markdown with a ``---`` front matter (``title``, ``date``,
  ``source``, ``author``, ``editor``, ``id``, ``url``).

Both produce the same outline: ``一、`` level 1, ``(一)``/``（一）`` level 2, a paragraph
opening with ``一是``/``二是``… level 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.dates import normalise_date
from index.document import Block, BlockKind, Document, make_block_ids

__all__ = [
    "ParseError",
    "build_blocks",
    "heading_level",
    "looks_like_markdown",
    "outline_title",
    "parse_capture",
    "parse_markdown",
]


class ParseError(ValueError):
    """The text holds no document (no title or no body)."""


_CN_NUM = "一二三四五六七八九十百零〇"
_LEVEL1 = re.compile(rf"^[{_CN_NUM}]+、")
_LEVEL2 = re.compile(rf"^[(（][{_CN_NUM}]+[)）]")
_LEVEL3 = re.compile(rf"^[{_CN_NUM}]+是")
# A heading line is short; a longer line opening with a number is a numbered paragraph.
_MAX_HEADING_CHARS = 80

# Page chrome of gov.cn captures, in Traditional and Simplified forms.
_CHROME_LINE = re.compile(
    r"""^(?:
        EN | 中文 | 繁體 | 繁体 | 简体 | 簡體
      | https?://\S+
      | www\.\S+
      | 字[號号][:：].* | .*\|\s*打印\s*\|?\s*$ | 打印本?[頁页]? | [關关]閉窗口 | [關关]闭窗口
      | 【?我要[糾纠][錯错]】?.* | [掃扫]一[掃扫].* | 分享到[:：]?.* | 【字[體体][:：].*
      | 相[關关](?:文章|新聞|新闻|稿件)[:：]?
    )$""",
    re.VERBOSE,
)
_DATE_SOURCE = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:\s*[來来]源[:：]\s*(?P<source>.*))?$"
)
_EDITOR = re.compile(r"[責责]任[編编][輯辑][:：]\s*(?P<editor>\S.*)$")
_BYLINE = re.compile(r"^[(（](?P<inner>[^()（）]+)[)）]$")
_URL = re.compile(r"^https?://\S+$")


def heading_level(text: str) -> int:
    """Outline level of a paragraph: 1 (一、), 2 ((一)), 3 (一是…), or 0 for body text."""
    if _LEVEL2.match(text):
        return 2
    if _LEVEL1.match(text) and len(text) <= _MAX_HEADING_CHARS:
        return 1
    if _LEVEL3.match(text):
        return 3
    return 0


def outline_title(text: str, level: int) -> str:
    """What the outline shows: level 3 (and a long level 2) keep the lead clause only."""
    title = text.strip()
    if level == 3 or len(title) > _MAX_HEADING_CHARS:
        cut = title.find("。")
        if cut > 0:
            title = title[:cut]
    return title.rstrip("。.;；:：")


def _is_byline(text: str) -> bool:
    match = _BYLINE.match(text)
    if not match or _LEVEL2.match(text):
        return False
    inner = match.group("inner").strip()
    return 0 < len(inner) <= 60 and "。" not in inner


@dataclass
class _Body:
    title: str
    paragraphs: list[str]
    byline: str = ""


def build_blocks(
    title: str, paragraphs: list[str], byline: str, levels: list[int] | None = None
) -> tuple[Block, ...]:
    """Blocks with outline levels and section paths, in document order."""
    kinds: list[tuple[BlockKind, int, str]] = [(BlockKind.TITLE, 0, title)]
    for i, text in enumerate(paragraphs):
        level = levels[i] if levels is not None else heading_level(text)
        kinds.append((BlockKind.HEADING if level else BlockKind.PARAGRAPH, level, text))
    if byline:
        kinds.append((BlockKind.BYLINE, 0, byline))
    ids = make_block_ids([(kind.value, text) for kind, _, text in kinds])

    blocks: list[Block] = []
    path: list[tuple[int, str]] = []  # (level, outline title) of the open headings
    for block_id, (kind, level, text) in zip(ids, kinds, strict=True):
        if kind is BlockKind.HEADING:
            while path and path[-1][0] >= level:
                path.pop()
            heading = outline_title(text, level)
            section = (*(t for _, t in path), heading)
            if level < 3:  # a 一是 item covers its own paragraph only
                path.append((level, heading))
            blocks.append(Block(block_id, kind, text, level, heading, section))
        elif kind is BlockKind.PARAGRAPH:
            blocks.append(Block(block_id, kind, text, 0, "", tuple(t for _, t in path)))
        else:
            blocks.append(Block(block_id, kind, text))
    return tuple(blocks)


def _paragraphs(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def parse_capture(text: str, doc_id: str, path: str = "") -> Document:
    """Parse a gov.cn page capture."""
    lines = _paragraphs(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    url = ""
    title = ""
    published = ""
    source = ""
    editor = ""
    body: list[str] = []
    for line in lines:
        if not title:
            if _URL.match(line) and not url:
                url = line
                continue
            if _CHROME_LINE.match(line):
                continue
            title = line
            continue
        if not published and not body:
            match = _DATE_SOURCE.match(line)
            if match:
                published = match.group("date")
                if match.group("time"):
                    published += "T" + match.group("time")
                source = (match.group("source") or "").strip()
                continue
        editor_match = _EDITOR.search(line)
        if editor_match:
            editor = editor_match.group("editor").strip()
            continue
        if _CHROME_LINE.match(line):
            continue
        body.append(line)

    if not title:
        raise ParseError("no title: the file holds no text")
    if not body:
        raise ParseError("no body text after the title")

    byline = ""
    if _is_byline(body[-1]):
        byline = body.pop()
    author = byline[1:-1].strip() if byline else ""
    published = normalise_date(published)
    return Document(
        id=doc_id,
        title=title,
        blocks=build_blocks(title, body, byline),
        published=published,
        source=source,
        author=author,
        editor=editor,
        url=url,
        path=path,
    )


_FRONT_MATTER_KEYS = {
    "title": "title",
    "标题": "title",
    "標題": "title",
    "date": "date",
    "published": "date",
    "日期": "date",
    "source": "source",
    "来源": "source",
    "來源": "source",
    "author": "author",
    "作者": "author",
    "editor": "editor",
    "责任编辑": "editor",
    "責任編輯": "editor",
    "id": "id",
    "url": "url",
}


def looks_like_markdown(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---")


def _split_front_matter(text: str) -> tuple[dict[str, str], list[str]]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    if not lines or lines[0].strip() != "---":
        return meta, lines
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return meta, lines[index + 1 :]
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition("：")
        if sep:
            name = _FRONT_MATTER_KEYS.get(key.strip().lower())
            if name:
                meta[name] = value.strip().strip("\"'")
    raise ParseError("the front matter has no closing '---' line")


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_INLINE = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def _strip_inline_markup(text: str) -> str:
    return _MD_INLINE.sub(lambda m: m.group(2), text).strip()


def parse_markdown(text: str, doc_id: str, path: str = "") -> Document:
    """Parse a Markdown document with front matter.

    ``#`` is the title (unless the front matter names one), ``##``/``###``/``####``
    are outline levels 1–3; plain paragraphs get levels from their numbering
    (一、 / （一） / 一是).  A final paragraph wholly in parentheses is the byline.
    """
    meta, lines = _split_front_matter(text)
    doc_id = meta.get("id") or doc_id
    title = meta.get("title", "")
    paragraphs: list[str] = []
    levels: list[int] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            joined = _strip_inline_markup("".join(part.strip() for part in current))
            if joined:
                paragraphs.append(joined)
                levels.append(heading_level(joined))
            current.clear()

    for line in lines:
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            depth = len(heading.group(1))
            content = _strip_inline_markup(heading.group(2))
            if not content:
                continue
            if depth == 1 and not title:
                title = content
            elif depth == 1:
                paragraphs.append(content)
                levels.append(1)
            else:
                paragraphs.append(content)
                levels.append(min(depth - 1, 3))
        elif not line.strip():
            flush()
        else:
            current.append(line)
    flush()

    if not title:
        raise ParseError("no title: give 'title:' in the front matter or a '# ' line")
    if not paragraphs:
        raise ParseError("no body text")
    byline = ""
    if _is_byline(paragraphs[-1]) and levels[-1] == 0:
        byline = paragraphs.pop()
        levels.pop()
    author = meta.get("author") or (byline[1:-1].strip() if byline else "")
    return Document(
        id=doc_id,
        title=title,
        blocks=build_blocks(title, paragraphs, byline, levels),
        published=normalise_date(meta.get("date", "")),
        source=meta.get("source", ""),
        author=author,
        editor=meta.get("editor", ""),
        url=meta.get("url", ""),
        path=path,
    )
