"""What an index holds: its Whoosh schema, format versions and compact stored values.

The format versions are written into every manifest (:mod:`index.manifest`); an index
of another format is stale and is rebuilt, never read.
"""

from __future__ import annotations

import re

from whoosh.fields import ID, STORED, Schema

from index.analysis import ANALYZER_VERSION, GramField
from index.document import HEADING_KINDS, BlockKind
from index.folding import FOLDING_VERSION
from index.index_files import INDEX_NAME, MANIFEST_NAME
from index.ranking import HEADING_BOOST

__all__ = [
    "INDEX_NAME",
    "KINDS",
    "KIND_CODES",
    "MANIFEST_NAME",
    "SCHEMA_VERSION",
    "block_boost",
    "expected_format",
    "make_schema",
    "pack_block_id",
    "unpack_block_id",
]

SCHEMA_VERSION = 2


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True),  # indexed for every block; stored as _add_document says
        # (block id, kind, level, order, navigation): one stored value, not five.  The
        # navigation says where the block's document title and section headings are
        # (see _navigation), so they are stored once, not with every block.
        block=STORED(),
        outline=STORED(),
        section=STORED(),
        doc_title=STORED(),
        text=GramField(stored=True),
    )


def expected_format() -> dict[str, int]:
    return {
        "schema_version": SCHEMA_VERSION,
        "analyzer_version": ANALYZER_VERSION,
        "folding_version": FOLDING_VERSION,
    }


def block_boost(kind: str) -> int:
    """Titles and headings outrank body text that matches equally well."""
    return HEADING_BOOST if kind == BlockKind.TITLE or kind in HEADING_KINDS else 1


# Stored compactly (a library holds a million blocks): the kind as its index here, and
# a block id of the usual form ("b" and 12 hex digits) as a number.
KINDS = tuple(kind.value for kind in BlockKind)
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
_PLAIN_BLOCK_ID = re.compile(r"b[0-9a-f]{12}")


def pack_block_id(block_id: str) -> int | str:
    return int(block_id[1:], 16) if _PLAIN_BLOCK_ID.fullmatch(block_id) else block_id


def unpack_block_id(value: int | str) -> str:
    return f"b{value:012x}" if isinstance(value, int) else value
