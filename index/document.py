"""The corpus model: a Document is an ordered list of Blocks with its metadata.

Two kinds of documents share it:

* articles in the gov.cn format (and Markdown notes): blocks are the title, headings
  (``一、`` level 1, ``（一）`` level 2, ``一是`` level 3), paragraphs and a byline;
* legal texts (laws, regulations, rules): the title (and a subtitle such as a book of
  the Civil Code), structural headings — ``part`` 编, ``subpart`` 分编, ``chapter`` 章,
  ``section`` 节, or a plain ``heading`` (序言, 附则 without a number …) — and the
  ``article`` 条 as the unit of reading.  An article's first paragraph is the article
  block itself (款 1); each following unnumbered paragraph is a ``paragraph`` block with
  ``clause`` 2, 3 …; ``（一）`` items are ``item`` blocks (项) and ``1.`` items ``subitem``
  blocks (目).  Every block inside an article carries the article's number
  (``article_no``, ``article_sub`` for 之一/之二) and label (``第二十一条之一``) and the 款
  it lies in (``clause``), so a citation needs no look-up.

Structural headings have ``level`` = their depth in the outline (1 = outermost);
``section`` is the outline path containing a block, outermost first (a heading's path
ends with its own outline title).  An article's ``level`` is 0: it is an outline entry
under its section (see :meth:`Document.outline_entries`), not a heading.

Document metadata of a legal text: ``category`` is the folder path as categories
(``("法律", "行政法")``, ``("行政法规",)``, ``("部门规章", "公安部")``, ``("宪法",)``),
``version_date`` the version's date (from the file name, ISO), ``effective_date`` the
date it takes effect (施行), ``events`` the history lines (通过/公布/修正/修订/施行 …),
``version_group`` the key shared by versions of one document (same title and
subtitle) and ``current`` whether this is the newest version of its group.  ``path``
is the file's path relative to the corpus root; ``copies`` lists the paths of
byte-identical copies of the same file that were recognised and not loaded twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "ARTICLE_KINDS",
    "HEADING_KINDS",
    "Block",
    "BlockKind",
    "CrossReference",
    "Document",
    "LawEvent",
    "make_block_ids",
]


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BYLINE = "byline"
    # Legal texts.
    SUBTITLE = "subtitle"
    PART = "part"  # 编
    SUBPART = "subpart"  # 分编
    CHAPTER = "chapter"  # 章
    SECTION = "section"  # 节
    ARTICLE = "article"  # 条 (its first 款)
    ITEM = "item"  # 项 （一）
    SUBITEM = "subitem"  # 目 1.


# Blocks that open an outline level (the outline of a document shows them nested).
HEADING_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.PART, BlockKind.SUBPART, BlockKind.CHAPTER, BlockKind.SECTION}
)
# Blocks that belong to an article (its 款, 项 and 目).
ARTICLE_KINDS = frozenset(
    {BlockKind.ARTICLE, BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.SUBITEM}
)


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A reference in a block's text to an article or a document.

    ``start``/``end`` are offsets in the block's text.  ``doc_title`` names the target
    document (《…》, or empty for the same document: 本法/本条例/前款/第X条); ``article_no``
    and ``article_sub`` the target article (0: the document itself); ``clause`` the
    target 款 (0: the whole article).  ``block_id`` is the target block when it was
    resolved (inside the same document, or in a document of the library with that
    title), ``doc_id`` the target document when it is another one.
    """

    start: int
    end: int
    text: str
    doc_title: str = ""
    article_no: int = 0
    article_sub: int = 0
    clause: int = 0
    doc_id: str = ""
    block_id: str = ""


@dataclass(frozen=True, slots=True)
class LawEvent:
    """One history line of a legal text: ``2021年6月10日 第十三届…会议通过``.

    ``action`` is one of 通过 / 公布 / 修正 / 修订 / 施行 / 废止 (or another verb the line
    ends with, else empty); ``body`` the issuing body (会议, 国务院 …); ``order_no`` the
    order number such as ``中华人民共和国国务院令第711号``; ``text`` the whole line.
    """

    date: str  # ISO 8601
    action: str
    body: str = ""
    order_no: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a document's text: what search hits and annotations point at.

    ``id`` depends only on the block's kind and text (and, for repeated texts, on how
    many identical blocks precede it), so editing another part of the document does
    not change it.  ``level`` is 1–3 for gov.cn headings (一、 / （一） / 一是), the
    outline depth for the structural headings of a legal text, 0 otherwise;
    ``outline_title`` is what the outline shows for a heading or an article.
    ``section`` is the outline path containing the block, outermost first; a heading's
    path ends with its own outline title.  ``article_no``/``article_sub``/``article``
    (label) and ``clause`` (款, 1-based) are set on every block inside an article;
    ``refs`` are the cross-references found in the text.
    """

    id: str
    kind: BlockKind
    text: str
    level: int = 0
    outline_title: str = ""
    section: tuple[str, ...] = ()
    article_no: int = 0
    article_sub: int = 0
    article: str = ""  # 第二十一条 / 第二十一条之一
    clause: int = 0
    refs: tuple[CrossReference, ...] = ()

    @property
    def is_heading(self) -> bool:
        """Opens an outline level (一、/（一）/一是, or 编/分编/章/节/an unnumbered heading)."""
        return self.kind in HEADING_KINDS

    @property
    def is_outline_entry(self) -> bool:
        """Shown in the outline: the headings and the articles."""
        return self.kind in HEADING_KINDS or self.kind is BlockKind.ARTICLE

    @property
    def in_article(self) -> bool:
        return self.article_no > 0


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    blocks: tuple[Block, ...]
    published: str = ""  # ISO 8601 date or date-time, as precise as the source gives it
    source: str = ""
    author: str = ""
    editor: str = ""
    url: str = ""
    path: str = ""  # where it was loaded from, relative to the corpus root
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    # Legal texts (empty for other documents); see the module docstring.
    subtitle: str = ""
    category: tuple[str, ...] = ()
    version_date: str = ""
    effective_date: str = ""
    events: tuple[LawEvent, ...] = ()
    version_group: str = ""
    current: bool = True
    copies: tuple[str, ...] = ()

    @property
    def year(self) -> str:
        date = self.published or self.version_date
        return date[:4] if len(date) >= 4 else ""

    @property
    def date(self) -> str:
        """The date a reader sorts by: the version date, else the publication date."""
        return self.version_date or self.published[:10]

    @property
    def display_title(self) -> str:
        """Title and subtitle (a book of the Civil Code): ``中华人民共和国民法典·人格权编``."""
        return f"{self.title}·{self.subtitle}" if self.subtitle else self.title

    @property
    def is_law(self) -> bool:
        """A legal text: it has articles."""
        return any(block.kind is BlockKind.ARTICLE for block in self.blocks)

    def block(self, block_id: str) -> Block | None:
        for block in self.blocks:
            if block.id == block_id:
                return block
        return None

    def headings(self) -> list[Block]:
        """Blocks that open an outline level (not the articles)."""
        return [b for b in self.blocks if b.kind in HEADING_KINDS]

    def outline_entries(self) -> list[Block]:
        """Headings and articles in document order."""
        return [b for b in self.blocks if b.is_outline_entry]

    def articles(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.ARTICLE]

    def article(self, number: int, sub: int = 0) -> Block | None:
        """The article ``第{number}条`` (``之{sub}``), or None."""
        for b in self.blocks:
            if b.kind is BlockKind.ARTICLE and b.article_no == number and b.article_sub == sub:
                return b
        return None


def _block_digest(kind: str, text: str) -> str:
    import hashlib  # loads OpenSSL: not to list the library at start

    return hashlib.sha1(f"{kind}\x1f{text}".encode()).hexdigest()[:12]


def make_block_ids(items: list[tuple[str, str]]) -> list[str]:
    """Stable ids for ``(kind, text)`` items in document order.

    The id is a digest of kind and text; the n-th repetition of an identical block
    gets a ``-n`` suffix, so ids stay unique and stable under unrelated edits.
    """
    seen: dict[str, int] = {}
    ids = []
    for kind, text in items:
        digest = _block_digest(kind, text)
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        ids.append(f"b{digest}" if count == 1 else f"b{digest}-{count}")
    return ids
