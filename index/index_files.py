"""The names of an index folder's files, its manifest reader and the JSON reader of the
program's own files, without Whoosh: what the window reads to list a library before the
search engine is loaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX_NAME = "blocks"
MANIFEST_NAME = "manifest.json"


class IndexFileDamaged(ValueError):
    """A file of an index, read while the index is in use, is missing or damaged (a bad
    disk, another program): the same words as the index check's, for the user; building
    the index again mends it."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"the index file {name} is missing or damaged")


def read_manifest(index_dir: Path) -> dict[str, Any]:
    manifest = parse_json((index_dir / MANIFEST_NAME).read_bytes())
    if not isinstance(manifest, dict):
        raise ValueError("manifest is not a JSON object")
    return manifest


def parse_json(text: str | bytes) -> Any:
    """``json.loads(text)``, where any damage is a ValueError: garbage, bad UTF-8 and also
    brackets nested deeper than the recursion limit (for which json raises RecursionError:
    a caller treating ValueError as damage would let that one through as a traceback)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
