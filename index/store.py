"""Building, describing and checking the Whoosh index of a corpus — one name for three jobs.

* :mod:`index.schema` — what an index holds: schema, format versions, stored values;
* :mod:`index.build` — building the bundled index at once, a personal one in place;
* :mod:`index.manifest` — the manifest, and checking an index against it.

Callers import from here; the modules above say which job a change belongs to.
"""

from __future__ import annotations

from index.build import BuildError, BuildReport, build_index, create_empty_index, update_index
from index.manifest import IndexState, IndexStatus, check_index, read_manifest
from index.schema import (
    INDEX_NAME,
    KINDS,
    MANIFEST_NAME,
    SCHEMA_VERSION,
    expected_format,
    make_schema,
    pack_block_id,
    unpack_block_id,
)

__all__ = [
    "INDEX_NAME",
    "KINDS",
    "MANIFEST_NAME",
    "SCHEMA_VERSION",
    "BuildError",
    "BuildReport",
    "IndexState",
    "IndexStatus",
    "build_index",
    "check_index",
    "create_empty_index",
    "expected_format",
    "make_schema",
    "pack_block_id",
    "read_manifest",
    "unpack_block_id",
    "update_index",
]
