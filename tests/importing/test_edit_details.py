"""Editing a personal document's details changes the details only: the text is not
read again, notes stay on their words, the search index knows the new title, and a
failure changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.annotations import AnnotationReader, AnnotationStore, new_highlight
from desktop.importing import DocumentImportError, PersonalLibrary
from desktop.personal import ImportJob, PersonalLibraryService
from index.document import BlockKind
from index.search import IndexSearcher
from tests.importing.files import write_docx

BODY = [
    "一、总体要求",
    "加快推进数字政府建设，是创新政府治理理念和方式的重要举措。",
    "（一）统一标准",
    "统一数据目录，打破信息孤岛，推动数据共享。",
]


def _search(library: PersonalLibrary, query: str) -> set[str]:
    with IndexSearcher(library.index_dir) as searcher:
        return {hit.doc_id for hit in searcher.search(query, limit=None).hits}


def _files(library: PersonalLibrary) -> dict[str, bytes]:
    return {
        str(p.relative_to(library.root)): p.read_bytes()
        for p in sorted(library.root.rglob("*"))
        if p.is_file() and "index" not in p.parts
    }


def test_only_the_details_change(library: PersonalLibrary, inbox: Path) -> None:
    path = write_docx(inbox / "notice.docx", title="关于数字政府建设的通知", body=BODY)
    doc = library.import_file(
        path, {"url": "https://www.example.gov.cn/1.html", "editor": "张编辑"}
    )
    original = library.original_path(doc.id)
    assert original is not None
    stored_original = original.read_bytes()
    # The stored original no longer says what the document says (a newer reader, a
    # user's earlier edit): editing the details must not read it again.
    original.write_bytes(b"not a docx any more")

    edited = library.update_details(
        doc.id,
        {"title": "数字政府建设通知（修订）", "source": "市政府办公厅", "date": "2024年3月5日"},
    )
    assert (edited.id, edited.title, edited.source, edited.published[:10]) == (
        doc.id,
        "数字政府建设通知（修订）",
        "市政府办公厅",
        "2024-03-05",
    )
    # what was not edited stays: the import-time url and editor, the author, the text
    assert edited.url == "https://www.example.gov.cn/1.html" and edited.editor == "张编辑"
    assert edited.author == doc.author
    body = [(b.id, b.kind, b.text, b.level) for b in doc.blocks if b.kind is not BlockKind.TITLE]
    assert [
        (b.id, b.kind, b.text, b.level) for b in edited.blocks if b.kind is not BlockKind.TITLE
    ] == body
    assert edited.blocks[0].kind is BlockKind.TITLE
    assert edited.blocks[0].text == "数字政府建设通知（修订）"
    assert original.read_bytes() == b"not a docx any more"  # left alone, not re-imported
    original.write_bytes(stored_original)

    # The index entry follows the title; a new start sees the new details.
    assert doc.id in _search(library, "修订")
    assert doc.id not in _search(library, "关于数字政府建设的通知")
    library.close()
    reopened = PersonalLibrary.open(library.root.parent)
    try:
        again = reopened.document(doc.id)
        assert again is not None and again.title == "数字政府建设通知（修订）"
        assert again.source == "市政府办公厅" and again.url == "https://www.example.gov.cn/1.html"
        assert [b.text for b in again.blocks[1:]] == [b.text for b in doc.blocks[1:]]
        assert doc.id in _search(reopened, "修订")
    finally:
        reopened.close()


def test_details_of_a_document_whose_original_is_gone_can_be_edited(
    library: PersonalLibrary, inbox: Path
) -> None:
    doc = library.import_file(write_docx(inbox / "a.docx", title="第一号通知", body=BODY))
    original = library.original_path(doc.id)
    assert original is not None
    original.unlink()
    edited = library.update_details(doc.id, {"author": "王五"})
    assert edited.author == "王五" and edited.title == "第一号通知"
    assert [b.id for b in edited.blocks] == [b.id for b in doc.blocks]  # title unchanged


def test_a_bad_value_or_a_failed_index_update_changes_nothing(
    library: PersonalLibrary, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = library.import_file(write_docx(inbox / "a.docx", title="第二号通知", body=BODY))
    before = _files(library)
    with pytest.raises(DocumentImportError) as caught:
        library.update_details(doc.id, {"title": "   "})
    assert caught.value.reason == "the title cannot be empty"
    with pytest.raises(DocumentImportError):
        library.update_details("u-0000000000000000", {"title": "无"})

    import desktop.importing.library as module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(module, "update_index", broken)
    with pytest.raises(DocumentImportError) as caught:
        library.update_details(doc.id, {"title": "改不成的标题"})
    assert "nothing was changed" in caught.value.reason
    monkeypatch.undo()
    assert _files(library) == before  # the stored document and the original as they were
    assert library.document(doc.id) == doc
    assert doc.id in _search(library, "第二号通知")
    assert library.original_path(doc.id) is not None


def test_notes_stay_on_their_words_through_the_service(
    library: PersonalLibrary, inbox: Path, data_dir: Path
) -> None:
    doc = library.import_file(write_docx(inbox / "a.docx", title="第三号通知", body=BODY))
    block = next(b for b in doc.blocks if "信息孤岛" in b.text)
    start = block.text.index("信息孤岛")
    with AnnotationStore(data_dir) as store:
        note = store.writer.add(
            new_highlight(doc, block.id, start, start + 4, note="要落实")
        ).result()
        service = PersonalLibraryService(library, data_dir, lambda: {}, store)
        outcome = service.edit_details(
            doc.id, {"title": "第三号通知（修订）", "date": "2024-05-06"}
        )
        assert not outcome.failed
        assert outcome.state is not None
        assert outcome.state.by_id[doc.id].title == "第三号通知（修订）"
        refused = service.edit_details(doc.id, {"title": ""})
        assert refused.failed and not refused.imported
    with AnnotationReader(store.path) as notes:
        kept = notes.get(note.id)
    assert kept is not None and not kept.deleted
    assert (kept.doc_id, kept.block_id, kept.start, kept.exact) == (
        doc.id,
        block.id,
        start,
        "信息孤岛",
    )
    # an import over the document still works afterwards (same id, notes kept)
    service = PersonalLibraryService(library, data_dir, lambda: {})
    again = service.import_files(
        [ImportJob(write_docx(inbox / "b.docx", title="第三号通知", body=BODY), None, doc.id)]
    )
    assert again.imported and again.imported[0][1].id == doc.id


@settings(max_examples=15, deadline=None)
@given(
    title=st.text(max_size=400),
    source=st.text(max_size=80),
    date=st.text(max_size=20),
    author=st.text(max_size=80),
)
def test_any_details_are_stored_as_given_or_refused_with_a_reason(
    tmp_path_factory: pytest.TempPathFactory, title: str, source: str, date: str, author: str
) -> None:
    root = tmp_path_factory.mktemp("details")
    library = PersonalLibrary.open(root / "data")
    try:
        doc = library.import_file(write_docx(root / "a.docx", title="第四号通知", body=BODY))
        try:
            edited = library.update_details(
                doc.id, {"title": title, "source": source, "date": date, "author": author}
            )
        except DocumentImportError as refused:
            assert refused.reason
            assert library.document(doc.id) == doc  # nothing changed
            return
        assert edited.title == " ".join(title.split())[:300]
        assert edited.source == " ".join(source.split())
        assert [b.text for b in edited.blocks[1:]] == [b.text for b in doc.blocks[1:]]
        library.close()
        library = PersonalLibrary.open(root / "data")
        assert library.document(doc.id) == edited  # as stored, read back
    finally:
        library.close()
