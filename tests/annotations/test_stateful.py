"""The store against an in-memory model: add, edit, delete, undo, redo, export/import."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from desktop.annotations import (
    COLOR_KEYS,
    AnnotationFilter,
    AnnotationStore,
    ExportFormat,
    export_annotations,
    import_annotations_file,
    new_highlight,
)

from .conftest import PARAGRAPHS, make_document

pytestmark = pytest.mark.slow

DOCUMENT = make_document(PARAGRAPHS)
DOCUMENTS = {DOCUMENT.id: DOCUMENT}
BODY_BLOCKS = [b for b in DOCUMENT.blocks if len(b.text) > 10]


@dataclass(frozen=True)
class Content:
    color: str
    note: str
    tags: tuple[str, ...]
    deleted: bool


def content(annotation) -> Content:
    return Content(annotation.color, annotation.note, annotation.tags, annotation.deleted)


notes = st.text(alphabet="批注笔记abc 重點\n", max_size=12)
tag_lists = st.lists(st.sampled_from(["数据", "流程", "待办", "重點"]), max_size=3, unique=True)


class StoreMachine(RuleBasedStateMachine):
    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="annotations-state-"))
        self.store = AnnotationStore(self.dir / "data", backup_at_start=False)
        self.model: dict[str, Content] = {}
        self.undo: list[tuple[str, Content | None, Content]] = []
        self.redo: list[tuple[str, Content | None, Content]] = []

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _did(self, annotation_id: str, before: Content | None, after: Content) -> None:
        self.model[annotation_id] = after
        self.undo.append((annotation_id, before, after))
        self.redo.clear()

    @rule(
        target=ids,
        block=st.sampled_from(BODY_BLOCKS),
        data=st.data(),
        color=st.sampled_from(COLOR_KEYS),
    )
    def add(self, block, data, color):
        start = data.draw(st.integers(0, len(block.text) - 2))
        end = data.draw(st.integers(start + 1, len(block.text)))
        saved = self.store.writer.add(
            new_highlight(DOCUMENT, block.id, start, end, color=color)
        ).result()
        self._did(saved.id, None, content(saved))
        return saved.id

    @rule(annotation_id=ids, note=notes, tags=tag_lists, color=st.sampled_from(COLOR_KEYS))
    def edit(self, annotation_id, note, tags, color):
        before = self.model[annotation_id]
        if before.deleted:
            return
        saved = self.store.writer.update(annotation_id, note=note, tags=tags, color=color).result()
        self._did(annotation_id, before, content(saved))

    @rule(annotation_id=ids)
    def delete(self, annotation_id):
        before = self.model[annotation_id]
        if before.deleted:
            return
        saved = self.store.writer.delete(annotation_id).result()
        self._did(annotation_id, before, content(saved))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self):
        annotation_id, before, after = self.undo.pop()
        self.store.writer.undo().result()
        self.model[annotation_id] = (
            before if before is not None else Content(after.color, after.note, after.tags, True)
        )
        self.redo.append((annotation_id, before, after))

    @precondition(lambda self: bool(self.redo))
    @rule()
    def redo_last(self):
        annotation_id, before, after = self.redo.pop()
        self.store.writer.redo().result()
        self.model[annotation_id] = after
        self.undo.append((annotation_id, before, after))

    @rule()
    def export_and_import_round_trip(self):
        path = self.dir / "exchange.json"
        with self.store.reader() as reader:
            export_annotations(reader, path, ExportFormat.JSON, DOCUMENTS)
        # Into the same store: nothing changes.
        report = import_annotations_file(self.store.writer, path, DOCUMENTS).result()
        assert (report.added, report.updated) == (0, 0)
        assert report.unchanged == len(self.model)
        # Into an empty store: the same records arrive.
        with AnnotationStore(
            Path(tempfile.mkdtemp(dir=self.dir)) / "copy", backup_at_start=False
        ) as copy:
            report = import_annotations_file(copy.writer, path, DOCUMENTS).result()
            assert report.added == len(self.model)
            with copy.reader() as theirs, self.store.reader() as ours:
                everything = AnnotationFilter(include_deleted=True)
                assert theirs.query(everything) == ours.query(everything)

    @invariant()
    def store_matches_model(self):
        with self.store.reader() as reader:
            stored = {
                a.id: content(a) for a in reader.query(AnnotationFilter(include_deleted=True))
            }
        assert stored == self.model
        live = {k for k, v in self.model.items() if not v.deleted}
        with self.store.reader() as reader:
            assert {a.id for a in reader.query()} == live


StoreMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestStoreMachine = StoreMachine.TestCase
