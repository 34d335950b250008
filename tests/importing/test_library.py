"""The personal library: stored documents, originals, incremental index, replace and remove."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.annotations import (
    AnchorIndex,
    AnchorStatus,
    AnnotationStore,
    new_highlight,
    reanchor_annotation,
)
from desktop.importing import (
    AlreadyImportedError,
    DocumentImportError,
    LibraryError,
    PersonalLibrary,
    annotation_count,
    document_from_json,
    personal_doc_id,
)
from index.document import BlockKind
from index.search import CombinedSearcher, IndexSearcher
from tests.importing.files import NOTICE_BODY, NOTICE_TITLE, write_docx


def search_ids(library: PersonalLibrary, query: str) -> set[str]:
    with IndexSearcher(library.index_dir) as searcher:
        return {hit.doc_id for hit in searcher.search(query, limit=None).hits}


def test_import_stores_document_original_and_index(library: PersonalLibrary, inbox: Path) -> None:
    source = write_docx(inbox / "通知.docx")
    data = source.read_bytes()
    doc = library.import_file(source)

    assert doc.id == personal_doc_id(data) and doc.id.startswith("u-")
    assert doc.title == NOTICE_TITLE
    assert [b.text for b in doc.blocks if b.kind is not BlockKind.TITLE] == NOTICE_BODY
    assert [b.level for b in doc.headings()] == [1, 2, 3, 1]
    stored = document_from_json((library.documents_dir / f"{doc.id}.json").read_text("utf-8"))
    assert stored == doc and stored.extra == doc.extra
    original = library.original_path(doc.id)
    assert original is not None and original.name == "通知.docx"
    assert original.read_bytes() == data and source.read_bytes() == data  # copied, not moved
    assert doc.extra["original_name"] == "通知.docx" and doc.extra["format"] == "docx"
    assert search_ids(library, "政务数据") == {doc.id}
    assert search_ids(library, "统一数据目录") == {doc.id}

    reopened = PersonalLibrary.open(library.root.parent)
    assert reopened.documents() == [doc]
    assert reopened.documents()[0].extra == doc.extra


def test_metadata_overrides(library: PersonalLibrary, inbox: Path) -> None:
    doc = library.import_file(
        write_docx(inbox / "a.docx"),
        {"title": "改过的标题", "date": "2023年12月1日", "source": "某部", "author": "张三"},
    )
    assert (doc.title, doc.published, doc.source, doc.author) == (
        "改过的标题",
        "2023-12-01",
        "某部",
        "张三",
    )
    assert doc.blocks[0].text == "改过的标题"
    assert search_ids(library, "改过的标题") == {doc.id}
    with pytest.raises(DocumentImportError, match="unknown metadata field 'colour'"):
        library.import_file(write_docx(inbox / "b.docx", title="另一个"), {"colour": "red"})
    with pytest.raises(DocumentImportError, match="title cannot be empty"):
        library.import_file(write_docx(inbox / "c.docx", title="第三个"), {"title": "  "})
    assert len(library) == 1


def test_same_file_twice_is_reported_with_its_id(library: PersonalLibrary, inbox: Path) -> None:
    path = write_docx(inbox / "a.docx")
    doc = library.import_file(path)
    copy = inbox / "copy-of-a.docx"
    shutil.copy(path, copy)
    with pytest.raises(AlreadyImportedError) as info:
        library.import_file(copy)
    assert info.value.doc_id == doc.id
    assert len(library) == 1


def test_reimport_replaces_keeps_id_and_search_finds_new_text(
    library: PersonalLibrary, inbox: Path
) -> None:
    old_path = write_docx(inbox / "notice.docx")
    old = library.import_file(old_path)
    revised_body = [text.replace("统一数据目录", "统一共享清单") for text in NOTICE_BODY]
    new_path = write_docx(inbox / "notice.docx", body=revised_body)
    assert [d.id for d in library.documents_from_file_named("notice.docx")] == [old.id]

    new = library.import_file(new_path, replace_doc_id=old.id)

    assert new.id == old.id and len(library) == 1
    assert library.document(old.id) == new
    assert search_ids(library, "统一共享清单") == {old.id}
    assert search_ids(library, "统一数据目录") == set()
    original = library.original_path(old.id)
    assert original is not None and original.read_bytes() == new_path.read_bytes()
    assert new.extra["first_imported_at"] == old.extra["imported_at"]
    with pytest.raises(DocumentImportError, match="no document u-missing to replace"):
        library.import_file(inbox / "notice.docx", replace_doc_id="u-missing")


def test_reimport_keeps_annotations_anchored(
    library: PersonalLibrary, inbox: Path, data_dir: Path
) -> None:
    old = library.import_file(write_docx(inbox / "notice.docx"))
    block = next(b for b in old.blocks if b.text.startswith("坚持以人民为中心"))
    start = block.text.index("推进政务数据有序共享")
    with AnnotationStore(data_dir, backup_at_start=False) as store:
        highlight = store.writer.add(
            new_highlight(old, block.id, start, start + len("推进政务数据有序共享"), note="重点")
        ).result()
        # The revision inserts a paragraph before and rewrites the highlighted sentence.
        body = list(NOTICE_BODY)
        body.insert(1, "现将有关事项通知如下。")
        body[3] = "坚持以人民为中心，推进政务数据有序共享，全面提升政务服务效能。"
        new = library.import_file(
            write_docx(inbox / "notice.docx", body=body), replace_doc_id=old.id
        )
        assert annotation_count(data_dir, old.id) == 1
        result = reanchor_annotation(AnchorIndex(new), highlight)
        assert store.writer.reanchor({old.id: new}).result() == 1
        with store.reader() as reader:
            (stored,) = reader.for_document(old.id)
    for anchored in (result, stored):
        assert anchored.anchor_status is AnchorStatus.REANCHORED
        assert anchored.doc_id == old.id
        moved = new.block(anchored.block_id)
        assert moved is not None
        assert moved.text[anchored.start : anchored.end] == "推进政务数据有序共享"
        assert anchored.note == "重点"


def test_remove_drops_document_files_and_index_but_not_annotations(
    library: PersonalLibrary, inbox: Path, data_dir: Path
) -> None:
    keep = library.import_file(write_docx(inbox / "keep.docx", title="保留的文件"))
    doc = library.import_file(write_docx(inbox / "gone.docx", title="删除的文件"))
    block = doc.blocks[1]
    with AnnotationStore(data_dir, backup_at_start=False) as store:
        store.writer.add(new_highlight(doc, block.id, 0, 2)).result()

    removed = library.remove(doc.id)

    assert removed == doc
    assert library.document(doc.id) is None and library.original_path(doc.id) is None
    assert not (library.documents_dir / f"{doc.id}.json").exists()
    assert not (library.originals_dir / doc.id).exists()
    assert search_ids(library, "删除的文件") == set()
    assert search_ids(library, "保留的文件") == {keep.id}
    assert annotation_count(data_dir, doc.id) == 1  # the caller decides about them
    with pytest.raises(LibraryError, match="no document"):
        library.remove(doc.id)
    # The same file can come back afterwards, under its old id.
    assert library.import_file(inbox / "gone.docx").id == doc.id


def test_import_files_reports_each_file_and_can_cancel(
    library: PersonalLibrary, inbox: Path, tmp_path: Path
) -> None:
    from desktop.personal import ImportJob, PersonalLibraryService

    service = PersonalLibraryService(library, tmp_path / "data")
    good = [write_docx(inbox / f"{n}.docx", title=f"第{n}号通知") for n in range(3)]
    bad = inbox / "bad.txt"
    bad.write_bytes(b"")
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int, _name: str) -> bool:
        calls.append((done, total))
        return True

    outcome = service.import_files([ImportJob(p) for p in (good[0], bad, good[1])], progress)
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert [p for p, _ in outcome.imported] == [good[0], good[1]]
    assert outcome.failed == [(bad, "the file is empty")]
    assert not outcome.cancelled

    outcome = service.import_files(
        [ImportJob(good[2]), ImportJob(good[0])], lambda done, _t, _n: done < 1
    )
    assert outcome.cancelled and [p for p, _ in outcome.imported] == [good[2]]
    assert outcome.not_attempted == [good[0]]


def test_damaged_index_is_rebuilt_from_stored_documents(
    library: PersonalLibrary, inbox: Path
) -> None:
    doc = library.import_file(write_docx(inbox / "a.docx"))
    for path in library.index_dir.iterdir():
        if path.suffix != ".json":
            path.write_bytes(b"garbage")
    reopened = PersonalLibrary.open(library.root.parent)
    assert search_ids(reopened, "政务数据") == {doc.id}


@pytest.mark.parametrize("damage", ["zero bytes", "nested too deeply"])
def test_a_stored_document_lost_to_damage_is_read_again_from_its_original(
    library: PersonalLibrary, inbox: Path, damage: str
) -> None:
    """A crash or power loss can cut the stored document to zero bytes: the document
    does not vanish from the library, it is read again from the stored original, with
    the same block ids (notes stay on their words), searchable, and stored again."""
    doc = library.import_file(write_docx(inbox / "a.docx"))
    library.close()
    stored = library.documents_dir / f"{doc.id}.json"
    stored.write_text("" if damage == "zero bytes" else "[" * 100_000 + "]" * 100_000, "utf-8")
    reopened = PersonalLibrary.open(library.root.parent)
    try:
        (again,) = reopened.documents()
        assert again.id == doc.id and again.title == doc.title
        assert [(b.id, b.text) for b in again.blocks] == [(b.id, b.text) for b in doc.blocks]
        assert search_ids(reopened, "政务数据") == {doc.id}
        assert document_from_json(stored.read_text("utf-8")).blocks == doc.blocks
    finally:
        reopened.close()


def test_search_across_bundled_and_personal(
    library: PersonalLibrary, inbox: Path, built_index: Path
) -> None:
    bundled_dir = built_index
    doc = library.import_file(write_docx(inbox / "a.docx", title="数字政府建设的通知"))
    with IndexSearcher(bundled_dir) as bundled, IndexSearcher(library.index_dir) as personal:
        result = CombinedSearcher([("bundled", bundled), ("personal", personal)]).search(
            "数字政府", limit=None
        )
    libraries = {(hit.library, hit.doc_id) for hit in result.hits}
    assert ("personal", doc.id) in libraries
    assert any(lib == "bundled" for lib, _ in libraries)
    assert result.total == len(result.hits)


@pytest.mark.parametrize("system", ["zh_CN.UTF-8", "en_US.UTF-8"])
def test_why_the_library_refused_a_change_is_worded_in_the_language_asked_for(
    library: PersonalLibrary, inbox: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    """A read-only data folder or a full disk: the reason reaches the window (and the
    terminal) in its own language, whatever the system's locale says."""
    import errno

    import desktop.importing.library as library_module
    from desktop.refusals import translate_reason
    from desktop.storage_failures import FailureKind, StorageFailure

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", system)
    source = write_docx(inbox / "a.docx")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(library_module, "update_index", full_disk)
        with pytest.raises(DocumentImportError) as full:
            library.import_file(source)
    assert library.documents() == []  # nothing was changed

    library.read_only_reason = StorageFailure(FailureKind.READ_ONLY, library.root)
    with pytest.raises(DocumentImportError) as read_only:
        library.import_file(source)
    with pytest.raises(LibraryError) as removing:
        library.remove("p-none")

    for caught, english, chinese in (
        (full, "The disk holding", "所在的磁盘已满"),
        (read_only, "is on a read-only file system", "位于只读文件系统上"),
        (removing, "is on a read-only file system", "位于只读文件系统上"),
    ):
        reason = (
            caught.value.reason
            if isinstance(caught.value, DocumentImportError)
            else (str(caught.value))
        )
        assert english in translate_reason(reason, "en")
        assert chinese not in translate_reason(reason, "en")
        assert chinese in translate_reason(reason, "zh_CN")
        assert english not in translate_reason(reason, "zh_CN")
    assert translate_reason(full.value.reason, "zh_CN").endswith("（未做任何改动）")


@pytest.mark.parametrize("damage", ["nested too deeply", "a list", "garbage"])
def test_a_damaged_record_of_an_interrupted_change_never_stops_the_library_opening(
    library: PersonalLibrary, inbox: Path, damage: str
) -> None:
    """The record of a change cut short (op.json) or the personal index's manifest left
    damaged by a bad disk: the library opens with every document, searchable."""
    from desktop.importing.library import _OP_PREFIX
    from index.store import MANIFEST_NAME

    doc = library.import_file(write_docx(inbox / "a.docx"))
    library.close()
    text = {
        "nested too deeply": "[" * 100_000 + "]" * 100_000,
        "a list": '["doc_id"]',
        "garbage": '{"doc_id": ',
    }[damage]
    op_dir = library.root / (_OP_PREFIX + "cut-short")
    op_dir.mkdir()
    (op_dir / "op.json").write_text(text, "utf-8")
    (library.index_dir / MANIFEST_NAME).write_text(text, "utf-8")
    reopened = PersonalLibrary.open(library.root.parent)
    try:
        assert [d.id for d in reopened.documents()] == [doc.id]
        assert not reopened.read_only
        assert search_ids(reopened, "政务数据") == {doc.id}
    finally:
        reopened.close()
