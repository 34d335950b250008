"""The annotation store: user actions, undo, queries, durability settings, migrations."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.annotations import (
    CURRENT_VERSION,
    AnnotationFilter,
    AnnotationKind,
    AnnotationStore,
    NewerSchemaError,
    UndoConflict,
    UnknownAnnotation,
    group_by_document,
    new_bookmark,
    new_highlight,
)
from desktop.annotations.schema import MIGRATIONS, migrate, schema_version
from index.document import Document

from .conftest import block_with


def add(store: AnnotationStore, document: Document, needle: str, **kwargs):
    block_id, start, end = block_with(document, needle)
    return store.writer.add(new_highlight(document, block_id, start, end, **kwargs)).result()


def test_added_highlight_is_read_back(store, document):
    saved = add(
        store,
        document,
        "打破信息孤岛",
        color="blue",
        note="第一行\n第二行",
        tags=["数据", " 数据 "],
    )
    with store.reader() as reader:
        [stored] = reader.query()
    assert stored == saved
    assert stored.kind is AnnotationKind.NOTE
    assert stored.tags == ("数据",)
    assert stored.note == "第一行\n第二行"


def test_write_is_committed_when_the_future_resolves(store, document):
    saved = add(store, document, "打破信息孤岛")
    # A brand-new connection (another process would see the same) finds it.
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute(
            "SELECT count(*) FROM annotations WHERE id = ?", (saved.id,)
        ).fetchone() == (1,)
    finally:
        conn.close()


def test_database_settings(store):
    conn = store.writer.conn
    # Read the writer's own settings on its own thread.
    values = store.writer._submit(
        lambda: (
            conn.execute("PRAGMA journal_mode").fetchone()[0],
            conn.execute("PRAGMA synchronous").fetchone()[0],
            conn.isolation_level,
        )
    ).result()
    assert values == ("wal", 2, None)  # synchronous=2 is FULL
    with store.reader() as reader:
        assert reader.schema_version() == CURRENT_VERSION


def test_edit_delete_undo_redo(store, document):
    saved = add(store, document, "打破信息孤岛")
    store.writer.update(saved.id, color="pink", note="要跟进", tags=["待办"]).result()
    store.writer.delete(saved.id).result()
    with store.reader() as reader:
        assert reader.query() == []
        assert reader.get(saved.id).deleted  # a tombstone, not a removed row
        assert store.writer.undo_label == "delete"
        store.writer.undo().result()
        assert reader.get(saved.id).note == "要跟进"
        store.writer.undo().result()
        restored = reader.get(saved.id)
        assert (restored.color, restored.note, restored.tags) == ("yellow", "", ())
        store.writer.undo().result()
        assert reader.query() == []
        assert store.writer.undo().result() is None  # nothing left
        store.writer.redo().result()
        store.writer.redo().result()
        assert reader.get(saved.id).color == "pink"
        assert reader.get(saved.id).modified > saved.modified


def test_new_action_clears_redo(store, document):
    saved = add(store, document, "打破信息孤岛")
    store.writer.update(saved.id, note="一").result()
    store.writer.undo().result()
    store.writer.update(saved.id, note="二").result()
    assert store.writer.redo_label is None
    assert store.writer.redo().result() is None


def test_undo_refuses_to_clobber_an_imported_change(store, document, documents):
    saved = add(store, document, "打破信息孤岛")
    newer = saved.replace(
        note="来自另一台电脑", modified=(datetime.now(UTC) + timedelta(hours=1)).isoformat()
    )
    store.writer.import_annotations([newer], documents).result()
    with pytest.raises(UndoConflict):
        store.writer.undo().result()
    with store.reader() as reader:
        assert reader.get(saved.id).note == "来自另一台电脑"


def test_editing_unknown_or_deleted_annotation_fails(store, document):
    saved = add(store, document, "打破信息孤岛")
    store.writer.delete(saved.id).result()
    with pytest.raises(UnknownAnnotation):
        store.writer.update(saved.id, note="x").result()
    with pytest.raises(UnknownAnnotation):
        store.writer.delete("no-such-id").result()
    with pytest.raises(ValueError):
        store.writer.add(saved).result()  # the same id twice


def test_failed_action_changes_nothing(store, document):
    saved = add(store, document, "打破信息孤岛")
    with pytest.raises(ValueError):
        store.writer.update(saved.id, color="orange", note="不应保存").result()
    with store.reader() as reader:
        assert reader.get(saved.id) == saved


def test_bookmark(store, document):
    heading = document.headings()[1]
    mark = store.writer.add(new_bookmark(document, heading.id, "重点任务")).result()
    with store.reader() as reader:
        [found] = reader.query(AnnotationFilter(kinds=frozenset({AnnotationKind.BOOKMARK})))
    assert found.id == mark.id
    assert found.name == "重点任务"
    store.writer.update(mark.id, name="第二部分").result()
    with store.reader() as reader:
        assert reader.get(mark.id).name == "第二部分"


def test_any_text_typed_or_pasted_into_the_notes_search_is_answered(store, document):
    """A pasted page of words (more than SQLite's expression depth allows as conditions)
    and lone surrogates: an answer each, never an error."""
    a = add(store, document, "打破信息孤岛", note="数据共享")
    with store.reader() as reader:

        def ids(text: str) -> set[str]:
            return {x.id for x in reader.query(AnnotationFilter(text=text))}

        assert ids("数据 " * 3000) == {a.id}  # the same word pasted over and over
        assert ids(" ".join(f"词{i}" for i in range(3000))) == set()
        assert ids("数据\udfff") == set() and ids("\ud800 信息") == set()
        # As in the library search, what lies past the first 1,000 characters is not read.
        assert ids("信息孤岛" + " " * 1000 + "不在其中") == {a.id}


def test_color_labels_are_editable(store):
    store.writer.set_color_label("blue", "疑问点").result()
    with store.reader() as reader:
        labels = reader.color_labels()
    assert labels["blue"] == "疑问点"
    assert list(labels) == ["yellow", "green", "blue", "pink", "purple"]


def test_filters(store, document):
    a = add(store, document, "打破信息孤岛", color="blue", tags=["数据"])
    b = add(
        store, document, "告知承诺制", color="pink", note="參考其他省份做法", tags=["流程", "待办"]
    )
    c = add(store, document, "一网通办", tags=["待办"])
    with store.reader() as reader:

        def ids(**kwargs) -> set[str]:
            return {x.id for x in reader.query(AnnotationFilter(**kwargs))}

        assert ids(colors=frozenset({"blue", "pink"})) == {a.id, b.id}
        assert ids(tags=frozenset({"待办"})) == {b.id, c.id}
        assert ids(doc_ids=frozenset({"other"})) == set()
        # Folded search: Simplified finds Traditional in the note, and quote text is searched.
        assert ids(text="参考") == {b.id}
        assert ids(text="資訊 孤島") == set()
        assert ids(text="信息孤島") == {a.id}
        assert ids(text="一网通办 待办") == {c.id}
        now = datetime.now(UTC)
        assert ids(since=now - timedelta(minutes=5)) == {a.id, b.id, c.id}
        assert ids(until=now - timedelta(minutes=5)) == set()
        assert reader.tags() == [("待办", 2), ("数据", 1), ("流程", 1)]


def test_panel_groups_by_document_and_section(store, document, documents):
    late = add(store, document, "告知承诺制")
    early = add(store, document, "一网通办")
    mid = add(store, document, "打破信息孤岛")
    with store.reader() as reader:
        groups = group_by_document(reader.query(), documents)
    assert [g.title for g in groups] == ["关于加强数字政府建设的示范文件"]
    sections = groups[0].sections
    assert [s.path for s in sections] == [
        ("一、总体要求",),
        ("二、重点任务", "（一）推进数据共享"),
        ("二、重点任务", "（二）优化办事流程"),
    ]
    assert [s.annotations[0].id for s in sections] == [early.id, mid.id, late.id]


def test_reads_do_not_wait_for_an_open_write_transaction(store, document):
    add(store, document, "打破信息孤岛")
    holding = threading.Event()
    release = threading.Event()

    def hold_write_lock() -> None:
        store.writer.conn.execute("BEGIN IMMEDIATE")
        store.writer.conn.execute("UPDATE annotations SET note = 'uncommitted'")
        holding.set()
        release.wait(10)
        store.writer.conn.execute("ROLLBACK")

    pending = store.writer._submit(hold_write_lock)
    assert holding.wait(10)
    try:
        with store.reader() as reader:
            [seen] = reader.query()  # returns at once, with the committed state
        assert seen.note == ""
    finally:
        release.set()
        pending.result()


def test_reanchor_after_revision_updates_the_store(store, document):
    from .conftest import PARAGRAPHS, make_document

    saved = add(store, document, "打破信息孤岛")
    revised = make_document(
        ["新增段落。", *PARAGRAPHS[:5], "各地要" + PARAGRAPHS[5], *PARAGRAPHS[6:]]
    )
    assert store.writer.reanchor({revised.id: revised}).result() == 1
    with store.reader() as reader:
        moved = reader.get(saved.id)
    block = revised.block(moved.block_id)
    assert block is not None and block.text[moved.start : moved.end] == "打破信息孤岛"
    assert moved.modified == saved.modified  # not a user edit
    assert store.writer.reanchor({revised.id: revised}).result() == 0


# -- schema migrations --------------------------------------------------------


def test_empty_file_is_migrated_to_current(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "annotations.sqlite3").touch()  # version 0: an empty database
    with AnnotationStore(data) as store, store.reader() as reader:
        assert reader.schema_version() == CURRENT_VERSION
        assert store.writer.migrated_from == 0
        assert reader.color_labels()["yellow"] == "重点"


def _add_v2_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE annotations ADD COLUMN page_hint INTEGER NOT NULL DEFAULT 0")


def test_every_earlier_version_migrates_to_a_next_version(tmp_path: Path, document):
    """Build a database at every version so far, then migrate with one more step added:
    the pattern each new schema version follows; no data is lost on the way."""
    future = (*MIGRATIONS, _add_v2_column)
    for start in range(len(MIGRATIONS) + 1):
        data = tmp_path / f"v{start}"
        if start == CURRENT_VERSION:
            with AnnotationStore(data, backup_at_start=False) as store:
                add(store, document, "打破信息孤岛", note="保留")
        else:
            data.mkdir()
            conn = sqlite3.connect(data / "annotations.sqlite3", isolation_level=None)
            migrate(conn, MIGRATIONS[:start])
            conn.close()
        conn = sqlite3.connect(data / "annotations.sqlite3", isolation_level=None)
        assert migrate(conn, future) == start
        assert schema_version(conn) == len(future)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(annotations)")}
        assert "page_hint" in columns
        notes = [row[0] for row in conn.execute("SELECT note FROM annotations")]
        assert notes == (["保留"] if start == CURRENT_VERSION else [])
        conn.close()


def test_failed_migration_leaves_old_version(tmp_path: Path):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full")

    conn = sqlite3.connect(tmp_path / "a.sqlite3", isolation_level=None)
    migrate(conn)
    with pytest.raises(RuntimeError):
        migrate(conn, (*MIGRATIONS, broken))
    assert schema_version(conn) == CURRENT_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    conn.close()


def test_newer_database_is_refused_and_left_alone(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    path = data / "annotations.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError):
        AnnotationStore(data)
    assert path.read_bytes() == before
    assert list(data.glob("*.damaged-*")) == []


@pytest.mark.parametrize("damaged", ['["数据", ', "{}", "[1, 2]", "[" * 100_000 + "]" * 100_000])
def test_a_note_whose_stored_tags_are_damaged_still_lists_with_them_kept(
    tmp_path: Path, document, damaged: str
):
    with AnnotationStore(tmp_path / "data") as store:
        kept = add(store, document, "打破信息孤岛", note="要点", tags=["数据"])
        other = add(store, document, "数据共享", note="另一条")
        path = store.path
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE annotations SET tags = ? WHERE id = ?", (damaged, kept.id))
    conn.close()
    with AnnotationStore(tmp_path / "data") as store, store.reader() as reader:
        listed = {a.id: a for a in reader.query()}
    assert set(listed) == {kept.id, other.id}  # the other notes list too
    assert listed[kept.id].note == "要点" and listed[kept.id].tags == (damaged,)
    assert listed[other.id].tags == ()
