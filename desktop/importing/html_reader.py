"""HTML → :class:`ImportDraft`: text only.

The page is tokenised with the standard library's :class:`html.parser.HTMLParser`,
which never runs scripts or fetches anything; the contents of script, style, iframe,
object and similar elements are dropped, as are navigation, forms and comments.
``h1`` is the title, ``h2``–``h4`` are outline levels 1–3.  Saved gov.cn pages carry
their metadata in ``<meta name="ArticleTitle" …>`` and similar tags, used to prefill.
"""

from __future__ import annotations

import html.parser
import logging
import re
from collections import Counter
from html.parser import HTMLParser

from desktop.importing.cpu_budget import OverBudget, cpu_budget
from desktop.importing.draft import ImportDraft, normalise_date
from desktop.importing.errors import DocumentImportError
from desktop.importing.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_DOCUMENT_PARAGRAPHS,
    MAX_HTML_CPU_SECONDS,
)
from desktop.importing.text_layout import clean_inline_text
from index.parsing import heading_level

__all__ = ["read_html"]

log = logging.getLogger(__name__)

# Elements whose whole content is dropped.
_DROPPED = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "form",
        "select",
        "button",
        "textarea",
        "nav",
        "frameset",
        "frame",
    }
)
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "wbr", "param"}
)
# Elements that end a paragraph.
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "blockquote",
        "pre",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "address",
        "center",
        "body",
        "html",
    }
)
_HEADING_LEVELS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
_META_NAMES = {
    "articletitle": "title",
    "title": "title",
    "og:title": "title",
    "pubdate": "date",
    "publishdate": "date",
    "firstpublishedtime": "date",
    "contentsource": "source",
    "source": "source",
    "author": "author",
}


_MAX_TITLE_CHARS = 300

# The standard tokenizer finds a start tag's end with a pattern that keeps a few hundred
# bytes for each attribute while it matches: one tag of five million attributes (20 MB)
# takes gigabytes.  A start tag is first looked at through a window this long; one that
# goes on past it is found with a pattern that keeps nothing, and read by its name only
# (no page needs the attributes of such a tag: an inline image's data, say).
_LONG_TAG_CHARS = 64 * 1024
_STDLIB_TAG_END = getattr(html.parser, "locatestarttagend_tolerant", None)
_LONG_TAG = re.compile(r"""<([a-zA-Z][^\t\n\r\f />\x00]*)(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (tag of the enclosing heading or "", text)
        self.meta: dict[str, str] = {}
        self.page_title = ""
        self.dropped_elements = 0
        # The open elements inside a dropped one, and how many of each are open: an end
        # tag is looked up in the count, not searched for down a stack that a hostile page
        # makes millions deep.
        self._skip: list[str] = []
        self._skipping: Counter[str] = Counter()
        self._in_title = False
        self._heading = ""
        self._buffer: list[str] = []
        self._chars = 0

    def _flush(self) -> None:
        text = clean_inline_text("".join(self._buffer))
        self._buffer.clear()
        if text:
            self.blocks.append((self._heading, text))
            self._chars += len(text)
            # Stop reading as soon as the page cannot be within the limits (a title
            # and a byline may still leave the body).
            if len(self.blocks) > MAX_DOCUMENT_PARAGRAPHS + 2 or self._chars > (
                MAX_DOCUMENT_CHARS + 2 * _MAX_TITLE_CHARS
            ):
                raise DocumentImportError(
                    f"the page is too long (more than {MAX_DOCUMENT_PARAGRAPHS} paragraphs "
                    f"or {MAX_DOCUMENT_CHARS} characters); split it into smaller documents"
                )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("name") or values.get("property") or "").lower()
            field = _META_NAMES.get(key)
            if field and values.get("content") and field not in self.meta:
                self.meta[field] = clean_inline_text(values["content"])
            return
        if self._skip:
            if tag not in _VOID:
                self._open_skipped(tag)
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _DROPPED:
            self.dropped_elements += 1
            self._open_skipped(tag)
            return
        if tag in _BLOCK:
            self._flush()
        if tag in _HEADING_LEVELS:
            self._heading = tag

    def parse_starttag(self, i: int) -> int:
        rawdata = self.rawdata
        window = i + _LONG_TAG_CHARS
        if _STDLIB_TAG_END is None or len(rawdata) <= window:
            return super().parse_starttag(i)
        probe = _STDLIB_TAG_END.match(rawdata, i, window)
        if probe is None or probe.end() < window - 2:  # it ends inside the window
            return super().parse_starttag(i)
        found = _LONG_TAG.match(rawdata, i)
        if found is None:
            return -1  # no end: the standard way, at the end of the page, reads it as text
        tag = self.lasttag = found.group(1).lower()
        if rawdata[found.end() - 2] == "/":
            self.handle_startendtag(tag, [])
        else:
            self.handle_starttag(tag, [])
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
        return found.end()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and (self._skip and self._skip[-1] == tag):
            self._close_skipped()

    def _open_skipped(self, tag: str) -> None:
        self._skip.append(tag)
        self._skipping[tag] += 1

    def _close_skipped(self) -> str:
        tag = self._skip.pop()
        self._skipping[tag] -= 1
        return tag

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            # Close up to the matching tag; an unclosed inner tag must not trap the rest.
            if self._skipping[tag] > 0:
                while self._skip and self._close_skipped() != tag:
                    pass
            return
        if tag == "title":
            self._in_title = False
            return
        if tag in _BLOCK:
            self._flush()
        if tag in _HEADING_LEVELS:
            self._heading = ""

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title += data
            return
        if not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def read_html(text: str) -> ImportDraft:
    collector = _TextCollector()
    try:
        with cpu_budget(MAX_HTML_CPU_SECONDS):
            collector.feed(text)
            collector.close()
    except OverBudget:
        raise DocumentImportError(
            f"the page takes too long to read (more than {MAX_HTML_CPU_SECONDS:.0f} s of "
            "processing): it is damaged or built to exhaust the reader"
        ) from None
    meta = collector.meta
    title = meta.get("title", "") or ""
    paragraphs: list[str] = []
    levels: list[int] = []
    for tag, block in collector.blocks:
        level = _HEADING_LEVELS.get(tag)
        if level == 0 and not title:
            title = block
            continue
        if level == 0 and block == title:
            continue
        if not paragraphs and block == title:
            continue
        paragraphs.append(block)
        levels.append(level if level else 0)
    if not title:
        title = clean_inline_text(collector.page_title)
    if not title and paragraphs:
        title = paragraphs.pop(0)
        levels.pop(0)
    levels = [level or heading_level(p) for level, p in zip(levels, paragraphs, strict=True)]
    warnings: tuple[str, ...] = ()
    if collector.dropped_elements:
        warnings = (
            f"{collector.dropped_elements} script, style, frame, form or navigation element(s) "
            "were removed; only the text was imported",
        )
    return ImportDraft.from_paragraphs(
        title,
        paragraphs,
        levels,
        published=normalise_date(meta.get("date", "")),
        source=meta.get("source", ""),
        author=meta.get("author", ""),
        file_format="html",
        warnings=warnings,
    )
