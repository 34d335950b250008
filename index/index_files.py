"""The names of an index folder's files and its manifest reader, without Whoosh: what the
window reads to list a library before the search engine is loaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX_NAME = "blocks"
MANIFEST_NAME = "manifest.json"


def read_manifest(index_dir: Path) -> dict[str, Any]:
    with (index_dir / MANIFEST_NAME).open(encoding="utf-8") as fh:
        manifest = json.load(fh)
    if not isinstance(manifest, dict):
        raise ValueError("manifest is not a JSON object")
    return manifest
