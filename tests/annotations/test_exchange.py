"""The JSON exchange file: round trip, merge rules, and rejection of bad files."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.annotations import (
    AnchorStatus,
    AnnotationFilter,
    AnnotationStore,
    ExchangeError,
    ExportFormat,
    export_annotations,
    import_annotations_file,
    new_highlight,
)
from desktop.annotations.exchange import parse_exchange

from .conftest import PARAGRAPHS, block_with, make_document


def _entry(document, needle: str, **overrides):
    block_id, start, end = block_with(document, needle)
    entry = {
        "id": str(uuid.uuid4()),
        "doc_id": document.id,
        "block_id": block_id,
        "start": start,
        "end": end,
        "exact": needle,
        "prefix": "",
        "suffix": "",
        "color": "yellow",
        "note": "笔记",
        "tags": ["标签"],
        "created": "2026-11-26T10:00:00+08:00",
        "modified": "2026-11-26T10:00:00+08:00",
        "deleted": False,
    }
    entry.update(overrides)
    return entry


def _file(tmp_path: Path, entries, **top) -> Path:
    body = {"format": "policy-library-annotations", "version": 1, "annotations": entries, **top}
    path = tmp_path / f"exchange-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def _snapshot(store: AnnotationStore):
    with store.reader() as reader:
        return reader.query(AnnotationFilter(include_deleted=True))


def test_export_import_round_trip_between_two_stores(tmp_path: Path, document, documents):
    with AnnotationStore(tmp_path / "a") as first:
        block_id, start, end = block_with(document, "打破信息孤岛")
        kept = first.writer.add(
            new_highlight(document, block_id, start, end, note="甲机笔记")
        ).result()
        block_id, start, end = block_with(document, "一网通办")
        gone = first.writer.add(new_highlight(document, block_id, start, end)).result()
        first.writer.delete(gone.id).result()
        with first.reader() as reader:
            assert (
                export_annotations(reader, tmp_path / "x.json", ExportFormat.JSON, documents) == 2
            )
        exported = _snapshot(first)
    with AnnotationStore(tmp_path / "b") as second:
        report = import_annotations_file(second.writer, tmp_path / "x.json", documents).result()
        assert (report.added, report.updated, report.unchanged, report.detached) == (2, 0, 0, 0)
        assert report.deleted == 1
        assert _snapshot(second) == exported
        with second.reader() as reader:
            assert [a.id for a in reader.query()] == [kept.id]
        again = import_annotations_file(second.writer, tmp_path / "x.json", documents).result()
        assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_newest_modified_wins_and_tombstones_travel(tmp_path: Path, store, document, documents):
    older = _entry(document, "打破信息孤岛", note="旧")
    store.writer.import_annotations(
        parse_exchange(
            json.dumps(
                {"format": "policy-library-annotations", "version": 1, "annotations": [older]}
            ).encode()
        ),
        documents,
    ).result()
    # Same instant written in another time zone: not newer, so unchanged.
    same_instant = dict(older, note="同时", modified="2026-11-26T02:00:00+00:00")
    newer = dict(older, note="新", modified="2026-11-26T11:00:00+08:00")
    report = import_annotations_file(
        store.writer, _file(tmp_path, [same_instant]), documents
    ).result()
    assert (report.updated, report.unchanged) == (0, 1)
    report = import_annotations_file(store.writer, _file(tmp_path, [newer]), documents).result()
    assert report.updated == 1
    with store.reader() as reader:
        assert reader.get(older["id"]).note == "新"
    stale = dict(older, note="过时", modified="2026-11-25T10:00:00+08:00")
    import_annotations_file(store.writer, _file(tmp_path, [stale]), documents).result()
    tombstone = dict(newer, deleted=True, modified="2026-11-27T10:00:00+08:00")
    report = import_annotations_file(store.writer, _file(tmp_path, [tombstone]), documents).result()
    assert report.deleted == 1
    with store.reader() as reader:
        assert reader.get(older["id"]).note == "新"
        assert reader.get(older["id"]).deleted
        assert reader.query() == []


def test_quote_wins_over_wrong_offsets(tmp_path: Path, store, document, documents):
    entry = _entry(document, "打破信息孤岛")
    entry.update(start=0, end=6, block_id=document.blocks[1].id)  # offsets of other text
    missing = _entry(document, "一网通办", exact="这句话在文中并不存在啊", doc_id=document.id)
    report = import_annotations_file(
        store.writer, _file(tmp_path, [entry, missing]), documents
    ).result()
    assert (report.added, report.detached) == (2, 1)
    with store.reader() as reader:
        fixed = reader.get(entry["id"])
        block = document.block(fixed.block_id)
        assert block is not None and block.text[fixed.start : fixed.end] == "打破信息孤岛"
        assert fixed.anchor_status is AnchorStatus.REANCHORED
        kept = reader.get(missing["id"])
        assert kept.is_detached and kept.exact == "这句话在文中并不存在啊" and kept.note == "笔记"


def test_export_writes_current_anchors(tmp_path: Path, store, document):
    block_id, start, end = block_with(document, "打破信息孤岛")
    saved = store.writer.add(new_highlight(document, block_id, start, end)).result()
    revised = make_document(
        ["序言一段。", *PARAGRAPHS[:5], "各地" + PARAGRAPHS[5], *PARAGRAPHS[6:]]
    )
    with store.reader() as reader:
        export_annotations(reader, tmp_path / "x.json", ExportFormat.JSON, {revised.id: revised})
    [entry] = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["annotations"]
    block = revised.block(entry["block_id"])
    assert entry["id"] == saved.id
    assert block is not None and block.text[entry["start"] : entry["end"]] == "打破信息孤岛"


def _good(document):
    return _entry(document, "打破信息孤岛")


BAD_ENTRY_CHANGES = [
    ("start", -1),
    ("start", 10**12),
    ("end", "5"),
    ("start", True),
    ("start", 1.5),
    ("exact", None),
    ("exact", "长" * 20_001),
    ("note", "注" * 100_001),
    ("tags", "not-a-list"),
    ("tags", [1, 2]),
    ("tags", ["t"] * 101),
    ("color", "orange"),
    ("id", "not-a-uuid"),
    ("created", "2026-11-26T10:00:00"),  # no time zone
    ("modified", "yesterday"),
    ("deleted", "no"),
    ("doc_id", {"nested": True}),
]


def _hostile_files(tmp_path: Path, document) -> list[tuple[str, Path]]:
    files: list[tuple[str, Path]] = []

    def raw(name: str, data: bytes) -> None:
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        files.append((name, path))

    good = json.dumps(
        {"format": "policy-library-annotations", "version": 1, "annotations": [_good(document)]}
    ).encode()
    raw("truncated", good[: len(good) // 2])
    raw("empty", b"")
    raw("binary", bytes(range(256)) * 4)
    raw("array", b"[]")
    raw(
        "wrong-format",
        json.dumps({"format": "something-else", "version": 1, "annotations": []}).encode(),
    )
    raw("wrong-version", good.replace(b'"version": 1', b'"version": 2'))
    raw("version-as-text", good.replace(b'"version": 1', b'"version": "1"'))
    raw(
        "annotations-not-list",
        json.dumps(
            {"format": "policy-library-annotations", "version": 1, "annotations": {}}
        ).encode(),
    )
    raw(
        "deep",
        b'{"format": "policy-library-annotations", "version": 1, "annotations": ['
        + b"[" * 5000
        + b"]" * 5000
        + b"]}",
    )
    raw("nan", good.replace(b'"start": ', b'"start": NaN, "x": '))
    raw("duplicate-key", good.replace(b'"version": 1', b'"version": 1, "version": 1'))
    dup = _good(document)
    raw(
        "duplicate-id",
        json.dumps(
            {"format": "policy-library-annotations", "version": 1, "annotations": [dup, dup]}
        ).encode(),
    )
    for key, value in BAD_ENTRY_CHANGES:
        entry = dict(_good(document), **{key: value})
        body = {
            "format": "policy-library-annotations",
            "version": 1,
            "annotations": [_good(document), entry],
        }
        raw(f"bad-{key}-{type(value).__name__}", json.dumps(body).encode())
    missing = _good(document)
    del missing["modified"]
    raw(
        "missing-modified",
        json.dumps(
            {"format": "policy-library-annotations", "version": 1, "annotations": [missing]}
        ).encode(),
    )
    return files


def test_bad_files_are_rejected_and_change_nothing(tmp_path: Path, store, document, documents):
    block_id, start, end = block_with(document, "一网通办")
    store.writer.add(new_highlight(document, block_id, start, end, note="原有")).result()
    before = _snapshot(store)
    for name, path in _hostile_files(tmp_path, document):
        with pytest.raises(ExchangeError) as caught:
            import_annotations_file(store.writer, path, documents).result()
        assert str(caught.value), name
        assert _snapshot(store) == before, name


def test_oversized_file_is_rejected_before_reading(tmp_path: Path, store, documents, monkeypatch):
    from desktop.annotations import exchange

    monkeypatch.setattr(exchange.LIMITS, "file_bytes", 1000)
    path = _file(tmp_path, [], padding="x" * 2000)
    with pytest.raises(ExchangeError, match="too large"):
        import_annotations_file(store.writer, path, documents)


def test_too_many_entries(tmp_path: Path, store, document, documents, monkeypatch):
    from desktop.annotations import exchange

    monkeypatch.setattr(exchange.LIMITS, "entries", 3)
    path = _file(tmp_path, [_entry(document, "一网通办") for _ in range(4)])
    with pytest.raises(ExchangeError, match="too many"):
        import_annotations_file(store.writer, path, documents)


def test_message_names_the_bad_entry_and_field(document):
    body = {
        "format": "policy-library-annotations",
        "version": 1,
        "annotations": [_good(document), dict(_good(document), start=-5)],
    }
    with pytest.raises(ExchangeError, match=r"annotation 2: 'start' is out of range"):
        parse_exchange(json.dumps(body).encode())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_damage_to_entries_is_rejected_or_valid(document, data):
    """Any field replaced by any JSON value: either a clean ExchangeError or valid records."""
    entry = _good(document)
    key = data.draw(st.sampled_from(sorted(entry)))
    entry[key] = data.draw(json_values)
    body = json.dumps(
        {"format": "policy-library-annotations", "version": 1, "annotations": [entry]}
    )
    try:
        [annotation] = parse_exchange(body.encode())
    except ExchangeError:
        return
    assert 0 <= annotation.start <= annotation.end
    assert isinstance(annotation.tags, tuple) and all(isinstance(t, str) for t in annotation.tags)
    datetime.fromisoformat(annotation.modified)


def test_import_timestamps_across_zones_compare_as_instants(tmp_path, store, document, documents):
    base = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    first = _entry(document, "打破信息孤岛", modified=base.isoformat())
    import_annotations_file(store.writer, _file(tmp_path, [first]), documents).result()
    # 17:30+08:00 is 09:30 UTC: older, although the text sorts after.
    older = dict(
        first,
        note="应被忽略",
        modified=(base - timedelta(minutes=30))
        .astimezone(timezone(timedelta(hours=8)))
        .isoformat(),
    )
    report = import_annotations_file(store.writer, _file(tmp_path, [older]), documents).result()
    assert report.unchanged == 1


def test_rejection_messages_say_what_is_wrong(tmp_path: Path, document):
    messages = {}
    for name, path in _hostile_files(tmp_path, document):
        with pytest.raises(ExchangeError) as caught:
            parse_exchange(path.read_bytes())
        messages[name] = str(caught.value)
    assert "not valid JSON" in messages["truncated"]
    assert "version 2" in messages["wrong-version"]
    assert "nested too deeply" in messages["deep"]
    assert "appears twice" in messages["duplicate-id"]
    assert "annotation 2: unknown 'color' 'orange'" in messages["bad-color-str"]
    assert "'modified' is missing" in messages["missing-modified"]
