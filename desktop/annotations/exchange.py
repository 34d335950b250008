"""The JSON exchange file (format ``policy-library-annotations``, version 1).

Written atomically; read defensively: a file that is too large, truncated, nested too
deeply, of another format or version, or holding a single bad entry is rejected as a
whole with a message naming the problem, before anything is written to the store.

Besides the fields of the issue's format, entries carry ``kind``, ``name`` and
``corpus_version``; a reader of version 1 treats them as optional.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.annotations.model import (
    COLOR_KEYS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
    parse_timestamp,
)
from desktop.storage_failures import read_error

__all__ = [
    "EXCHANGE_FORMAT",
    "EXCHANGE_VERSION",
    "LIMITS",
    "ExchangeError",
    "annotation_to_entry",
    "dump_exchange",
    "parse_exchange",
    "read_exchange_file",
    "write_exchange_file",
]

EXCHANGE_FORMAT = "policy-library-annotations"
EXCHANGE_VERSION = 1


class _Limits:
    file_bytes = 50 * 1024 * 1024
    entries = 200_000
    depth = 8  # the format itself needs 4: file → list → entry → tags
    id_chars = 200
    quote_chars = 20_000
    context_chars = 1_000
    note_chars = 100_000
    name_chars = 1_000
    tags = 100
    tag_chars = 200
    offset = 50_000_000  # no block is longer; larger offsets are nonsense


LIMITS = _Limits()


class ExchangeError(ValueError):
    """The file is not an acceptable exchange file; nothing was imported."""


def annotation_to_entry(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "doc_id": a.doc_id,
        "block_id": a.block_id,
        "start": a.start,
        "end": a.end,
        "exact": a.exact,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "kind": a.kind.value,
        "color": a.color,
        "note": a.note,
        "tags": list(a.tags),
        "name": a.name,
        "created": a.created,
        "modified": a.modified,
        "deleted": a.deleted,
        "corpus_version": a.corpus_version,
    }


def dump_exchange(annotations: Iterable[Annotation]) -> str:
    document = {
        "format": EXCHANGE_FORMAT,
        "version": EXCHANGE_VERSION,
        "annotations": [annotation_to_entry(a) for a in annotations],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def write_exchange_file(path: Path, annotations: Iterable[Annotation]) -> int:
    """Write the exchange file atomically; returns the number of entries."""
    items = list(annotations)
    write_atomically(path, dump_exchange(items).encode("utf-8"))
    return len(items)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves nothing behind
        raise


def read_exchange_file(path: Path) -> list[Annotation]:
    """Read and validate an exchange file; :class:`ExchangeError` says what is wrong."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExchangeError(f"cannot read {path}: {read_error(exc, opened=False)}") from None
    if size > LIMITS.file_bytes:
        raise ExchangeError(
            f"the file is too large ({size} bytes; the limit is {LIMITS.file_bytes})"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(LIMITS.file_bytes + 1)
    except OSError as exc:
        raise ExchangeError(f"cannot read {path}: {read_error(exc)}") from None
    return parse_exchange(data)


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: no per-char branch
_BRACKETS = re.compile(r"[\[\]{}]")
# The file object, its list, and per entry one object and one list of tags.
_CONTAINERS_PER_ENTRY = 2
_CONTAINERS_AROUND = 4
_MAX_INT_DIGITS = 20


def _check_structure(text: str) -> None:
    """Count the containers before any object is built.

    A file with more objects or lists than its entries can need is refused at once,
    whatever it would cost to parse.  The count of every bracket is an upper bound;
    only when it is too high are strings cut out (brackets inside quotes do not count)
    and the count made exact."""
    allowed = LIMITS.entries * _CONTAINERS_PER_ENTRY + _CONTAINERS_AROUND
    if text.count("{") + text.count("[") <= allowed:
        return
    bare = _STRING.sub("", text)
    containers = bare.count("{") + bare.count("[")
    if containers > allowed:
        raise ExchangeError(
            f"too many annotations: the file holds {containers} JSON objects and lists "
            f"(at most {LIMITS.entries} annotations are read)"
        )


def _check_depth(document: object) -> None:
    """The deepest nesting of the parsed document (its containers are few by now)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Iterable[object] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > LIMITS.depth:
            raise ExchangeError(f"the file is nested too deeply (more than {LIMITS.depth} levels)")
        stack.extend((child, depth + 1) for child in children)


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        raise ExchangeError(
            f"the file holds a number with {len(digits)} digits (at most {_MAX_INT_DIGITS})"
        )
    return int(digits)


def _reject_constant(name: str) -> None:
    raise ExchangeError(f"the file holds {name}, which is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ExchangeError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_exchange(data: bytes) -> list[Annotation]:
    if len(data) > LIMITS.file_bytes:
        raise ExchangeError(f"the file is too large (more than {LIMITS.file_bytes} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError(
            f"the file is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    _check_structure(text)
    try:
        document = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_bounded_int,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"the file is not valid JSON (truncated or damaged): {exc.msg} at line {exc.lineno}"
        ) from None
    except RecursionError:
        raise ExchangeError("the file is nested too deeply") from None
    _check_depth(document)
    check_surrogates = _SURROGATE_ESCAPE.search(text) is not None
    if not isinstance(document, dict):
        raise ExchangeError("the file does not hold a JSON object")
    if document.get("format") != EXCHANGE_FORMAT:
        raise ExchangeError(f"not an annotations exchange file (format is not {EXCHANGE_FORMAT!r})")
    version = document.get("version")
    if type(version) is not int:
        raise ExchangeError("the file has no version number")
    if version != EXCHANGE_VERSION:
        raise ExchangeError(
            f"the file is version {version}; this program reads version {EXCHANGE_VERSION}"
        )
    entries = document.get("annotations")
    if not isinstance(entries, list):
        raise ExchangeError("'annotations' must be a list")
    if len(entries) > LIMITS.entries:
        raise ExchangeError(f"too many annotations ({len(entries)}; at most {LIMITS.entries})")
    result: list[Annotation] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        try:
            annotation = _entry_to_annotation(entry, check_surrogates)
        except _EntryError as exc:
            raise ExchangeError(f"annotation {number}: {exc}") from None
        if annotation.id in seen:
            raise ExchangeError(f"annotation {number}: the id {annotation.id} appears twice")
        seen.add(annotation.id)
        result.append(annotation)
    return result


class _EntryError(ValueError):
    pass


def _text(entry: dict[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    if key not in entry:
        if required:
            raise _EntryError(f"{key!r} is missing")
        return ""
    value = entry[key]
    if not isinstance(value, str):
        raise _EntryError(f"{key!r} must be text")
    if len(value) > limit:
        raise _EntryError(f"{key!r} is too long ({len(value)} characters; at most {limit})")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _valid_text(key: str, value: str) -> None:
    """Refuse a lone surrogate (valid in JSON's escapes, not in any text the store keeps)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _EntryError(
            f"{key!r} holds an invalid character (an unpaired surrogate at {exc.start})"
        ) from None


def _offset(entry: dict[str, Any], key: str) -> int:
    value = entry.get(key)
    if type(value) is not int:
        raise _EntryError(f"{key!r} must be a whole number")
    if not 0 <= value <= LIMITS.offset:
        raise _EntryError(f"{key!r} is out of range ({value})")
    return value


def _timestamp(entry: dict[str, Any], key: str) -> str:
    value = _text(entry, key, 64)
    try:
        parse_timestamp(value).timestamp()
    except (ValueError, OverflowError):
        raise _EntryError(f"{key!r} is not an ISO 8601 time with a time zone: {value!r}") from None
    return value


def _entry_to_annotation(entry: object, check_surrogates: bool = True) -> Annotation:
    if not isinstance(entry, dict):
        raise _EntryError("must be a JSON object")
    raw_id = _text(entry, "id", LIMITS.id_chars)
    try:
        annotation_id = str(uuid.UUID(raw_id))
    except ValueError:
        raise _EntryError(f"'id' is not a UUID: {raw_id!r}") from None
    start, end = _offset(entry, "start"), _offset(entry, "end")
    if start > end:
        raise _EntryError(f"'start' ({start}) is after 'end' ({end})")
    kind_name = _text(entry, "kind", 20, required=False) or AnnotationKind.HIGHLIGHT.value
    try:
        kind = AnnotationKind(kind_name)
    except ValueError:
        raise _EntryError(f"unknown 'kind' {kind_name!r}") from None
    color = _text(entry, "color", 20, required=kind is not AnnotationKind.BOOKMARK)
    if color not in COLOR_KEYS and not (kind is AnnotationKind.BOOKMARK and color == ""):
        raise _EntryError(f"unknown 'color' {color!r} (one of {', '.join(COLOR_KEYS)})")
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _EntryError("'tags' must be a list of text")
    if len(tags) > LIMITS.tags or any(len(t) > LIMITS.tag_chars for t in tags):
        raise _EntryError(f"'tags' holds too many or too long tags (at most {LIMITS.tags})")
    deleted = entry.get("deleted", False)
    if not isinstance(deleted, bool):
        raise _EntryError("'deleted' must be true or false")
    exact = _text(entry, "exact", LIMITS.quote_chars)
    if not exact and not deleted:
        raise _EntryError("'exact' (the quoted text) is empty")
    annotation = Annotation(
        id=annotation_id,
        doc_id=_text(entry, "doc_id", LIMITS.id_chars),
        block_id=_text(entry, "block_id", LIMITS.id_chars),
        start=start,
        end=end,
        exact=exact,
        prefix=_text(entry, "prefix", LIMITS.context_chars, required=False),
        suffix=_text(entry, "suffix", LIMITS.context_chars, required=False),
        kind=kind,
        color=color,
        note=_text(entry, "note", LIMITS.note_chars, required=False),
        tags=tuple(tags),
        name=_text(entry, "name", LIMITS.name_chars, required=False),
        created=_timestamp(entry, "created"),
        modified=_timestamp(entry, "modified"),
        deleted=deleted,
        corpus_version=_text(entry, "corpus_version", LIMITS.id_chars, required=False),
        anchor_status=AnchorStatus.ANCHORED,
    )
    if check_surrogates:  # only a \\uD8xx-style escape in the file can make one
        for key in ("doc_id", "block_id", "exact", "prefix", "suffix", "note", "name"):
            _valid_text(key, getattr(annotation, key))
        for tag in annotation.tags:
            _valid_text("tags", tag)
        _valid_text("corpus_version", annotation.corpus_version)
    return annotation
