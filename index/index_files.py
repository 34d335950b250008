"""The names of an index folder's files and its manifest reader, without Whoosh: what the
window reads to list a library before the search engine is loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from index.json_files import parse_json

INDEX_NAME = "blocks"
MANIFEST_NAME = "manifest.json"


def read_manifest(index_dir: Path) -> dict[str, Any]:
    manifest = parse_json((index_dir / MANIFEST_NAME).read_bytes())
    if not isinstance(manifest, dict):
        raise ValueError("manifest is not a JSON object")
    return manifest
