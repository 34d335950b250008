"""The personal library beside the bundled corpus: opening, searching, changing it.

Qt-free.  :class:`PersonalLibraryService` is the one way to import, remove and
re-anchor notes after either, for the window and ``policy-library import`` alike.
Everything here may take a while (opening can rebuild the personal index,
an import parses and indexes files), so the window calls it from worker threads and
hands the GUI thread a :class:`PersonalState`: an immutable picture of the library's
documents and a searcher opened on its index at that moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.personal_state import PersonalState
from index.document import Document
from index.library_names import BUNDLED_LIBRARY, PERSONAL_LIBRARY

if TYPE_CHECKING:  # the import readers pull in python-docx and pypdf: not at start-up
    from desktop.annotations import AnnotationStore
    from desktop.importing import ImportDraft, PersonalLibrary
    from index.search import CombinedSearcher, IndexSearcher

__all__ = [
    "BUNDLED_LIBRARY",
    "PERSONAL_LIBRARY",
    "ImportJob",
    "ImportOutcome",
    "PersonalLibraryService",
    "PersonalState",
    "ReadFile",
    "RemoveOutcome",
    "combined_searcher",
    "open_personal_library",
    "personal_state",
    "read_for_import",
    "update_annotations",
]

log = logging.getLogger(__name__)


def personal_state(library: PersonalLibrary) -> PersonalState:
    """Take a picture of ``library`` and open a searcher on its index (call off the GUI thread)."""
    from index.search import open_searcher

    documents = tuple(library.documents())
    searcher: IndexSearcher | None = None
    try:
        searcher = open_searcher(library.index_dir)
    except Exception:  # the documents stay readable; only their search is missing
        log.exception("the personal index %s could not be opened", library.index_dir)
    return PersonalState(documents, searcher, {doc.id: doc for doc in documents})


def open_personal_library(
    data_dir: Path | None = None, language: str = ""
) -> tuple[PersonalLibrary, PersonalState]:
    """Open (create, recover) the personal library and take its first picture
    (``language``: the interface language of the words a reader adds to a text)."""
    from desktop.importing import PersonalLibrary

    library = PersonalLibrary.open(data_dir, language=language)
    return library, personal_state(library)


def combined_searcher(
    bundled: IndexSearcher | None, personal: PersonalState | None
) -> IndexSearcher | CombinedSearcher | None:
    """What library search runs on: the bundled index alone while the personal one is empty."""
    from index.session import combine_searchers

    if personal is None or personal.searcher is None or not personal.documents:
        return combine_searchers(bundled)
    return combine_searchers(bundled, [(PERSONAL_LIBRARY, personal.searcher)])


# -- changing the personal library: the one service of the window and the command line ---------


@dataclass(frozen=True)
class ReadFile:
    """A file read before importing: its draft, or why it cannot be read."""

    path: Path
    draft: ImportDraft | None = None
    reason: str = ""
    existing: Document | None = None  # the same file, byte for byte, already imported
    same_name: tuple[Document, ...] = field(default_factory=tuple)  # candidates to replace


def read_for_import(library: PersonalLibrary, path: Path, language: str = "") -> ReadFile:
    """Parse ``path`` and look for the same file, or one of the same name, in the library
    (``language``: the interface language of the words the reader adds to the text)."""
    from desktop.importing import DocumentImportError
    from desktop.importing.readers import draft_from_file_bytes, read_file_bytes

    try:
        # Read once: a file on a USB stick pulled out meanwhile is not read again.
        data = read_file_bytes(path)
        draft = draft_from_file_bytes(data, path, language)
    except DocumentImportError as exc:
        return ReadFile(path, reason=exc.reason)
    except Exception as exc:
        log.exception("reading %s failed", path)
        return ReadFile(path, reason=f"unexpected error: {type(exc).__name__}: {exc}")
    existing = library.find_same_file(data)
    same_name = tuple(
        doc
        for doc in library.documents_from_file_named(path.name)
        if existing is None or doc.id != existing.id
    )
    return ReadFile(path, draft, existing=existing, same_name=same_name)


@dataclass(frozen=True)
class ImportJob:
    """One file to import; ``overrides`` replace metadata read from it, and with
    ``replace_doc_id`` it replaces that document (keeping its id, so notes stay with it)."""

    path: Path
    overrides: Mapping[str, str] | None = None
    replace_doc_id: str | None = None


@dataclass
class ImportOutcome:
    """What became of every file asked for."""

    total: int
    imported: list[tuple[Path, Document]] = field(default_factory=list)
    replaced: set[str] = field(default_factory=set)  # ids of documents imported over
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, reason)
    already: dict[Path, str] = field(default_factory=dict)  # file → id it is stored under
    skipped: list[Path] = field(default_factory=list)
    not_attempted: list[Path] = field(default_factory=list)
    cancelled: bool = False
    state: PersonalState | None = None
    notes_reanchored: int = 0


@dataclass(frozen=True)
class RemoveOutcome:
    document: Document
    annotations: int
    deleted_annotations: bool
    state: PersonalState
    notes_reanchored: int = 0


FileProgress = Callable[[int, int, str], bool]
# (file, the stored document or None, why not, whether it was already in the library)
FileReport = Callable[[Path, "Document | None", str, bool], None]


class PersonalLibraryService:
    """Import, removal and re-anchoring of notes, all or nothing per file (Qt-free).

    After a change every note is re-anchored against the documents as they now are: the
    notes of a replaced document find their place in the new text, those of a removed
    one become detached (never dropped) and come back when the same file returns.
    ``bundled_documents`` gives the other libraries' documents (called once per change);
    without it — or when it fails — notes are left as they are rather than detached.
    ``store`` is the window's open notes store (its writer is the one writer); without
    one, the store in ``data_dir`` is opened briefly when it exists.
    """

    def __init__(
        self,
        library: PersonalLibrary,
        data_dir: Path,
        bundled_documents: Callable[[], Mapping[str, Document]] | None = None,
        store: AnnotationStore | None = None,
    ) -> None:
        self.library = library
        self.data_dir = data_dir
        self.bundled_documents = bundled_documents
        self.store = store

    def import_files(
        self,
        jobs: Sequence[ImportJob],
        progress: FileProgress | None = None,
        report: FileReport | None = None,
        already_reason: Callable[[str], str] | None = None,
        language: str = "",
    ) -> ImportOutcome:
        """Import each job on its own; one failure never stops the others.

        ``progress(done, total, file name)`` is called before each file and at the end;
        returning False cancels before the next file.  ``report(path, document or None,
        reason, already)`` is called after each file.  ``already_reason(title)`` words the reason
        for a file already in the library.  Words the reader adds to a text (an .ofd's
        附件 and 批注) are in ``language``, the interface language.
        """
        from desktop.importing import AlreadyImportedError, DocumentImportError, LibraryError

        outcome = ImportOutcome(total=len(jobs))
        for number, job in enumerate(jobs):
            if progress is not None and not progress(number, len(jobs), job.path.name):
                outcome.cancelled = True
                outcome.not_attempted.extend(j.path for j in jobs[number:])
                break
            doc: Document | None = None
            try:
                doc = self.library.import_file(
                    job.path, job.overrides, job.replace_doc_id, language=language
                )
            except AlreadyImportedError as exc:
                reason = already_reason(exc.title) if already_reason else exc.reason
                outcome.failed.append((job.path, reason))
                outcome.already[job.path] = exc.doc_id
            except DocumentImportError as exc:
                outcome.failed.append((job.path, exc.reason))
            except LibraryError as exc:
                outcome.failed.append((job.path, str(exc)))
            except Exception as exc:  # one file never ends the batch
                log.exception("import of %s failed", job.path)
                outcome.failed.append((job.path, f"{type(exc).__name__}: {exc}"))
            else:
                outcome.imported.append((job.path, doc))
                if job.replace_doc_id:
                    outcome.replaced.add(doc.id)
            if report is not None:
                reason = "" if doc is not None else outcome.failed[-1][1]
                report(job.path, doc, reason, job.path in outcome.already)
        else:
            if progress is not None:
                progress(len(jobs), len(jobs), "")
        if outcome.imported:
            outcome.state = personal_state(self.library)
            outcome.notes_reanchored = self.reanchor(outcome.state)
        return outcome

    def edit_details(self, doc_id: str, values: Mapping[str, str]) -> ImportOutcome:
        """Change a document's details only (title, source, date, author): its text is
        not read again, so its notes stay where they are; the outcome is shaped like an
        import's (one file: the stored original's path, or the document's)."""
        from desktop.importing import DocumentImportError, LibraryError

        path = self.library.original_path(doc_id) or Path(doc_id)
        before = self.library.document(doc_id)
        outcome = ImportOutcome(total=1)
        try:
            doc = self.library.update_details(doc_id, values)
        except DocumentImportError as exc:
            outcome.failed.append((path, exc.reason))
            return outcome
        except LibraryError as exc:
            outcome.failed.append((path, str(exc)))
            return outcome
        outcome.imported.append((path, doc))
        outcome.replaced.add(doc.id)
        outcome.state = personal_state(self.library)
        if before is None or before.title != doc.title:
            # Only the title block has changed; its notes find it again by their words.
            outcome.notes_reanchored = self.reanchor(outcome.state)
        return outcome

    def remove(self, doc_id: str, delete_notes: bool = False) -> RemoveOutcome:
        """Remove a document; its notes are deleted if asked, else kept (detached)."""
        count = self.annotation_count(doc_id)
        document = self.library.remove(doc_id)
        state = personal_state(self.library)
        changed = self.reanchor(state, doc_id if delete_notes else None)
        return RemoveOutcome(document, count, delete_notes and count > 0, state, changed)

    def annotation_count(self, doc_id: str) -> int:
        from desktop.importing import annotation_count

        if self.store is not None:
            with self.store.reader() as reader:
                return len(reader.for_document(doc_id))
        return annotation_count(self.data_dir, doc_id)

    def reanchor(self, state: PersonalState, delete_doc_id: str | None = None) -> int:
        """Delete ``delete_doc_id``'s notes, then re-anchor all notes; returns how many
        changed (0 without the other libraries' documents: then nothing is touched)."""
        if self.bundled_documents is None:
            return 0
        try:
            bundled = self.bundled_documents()
        except Exception:
            log.exception(
                "the other libraries' documents could not be read; notes left as they are"
            )
            return 0
        from desktop.library import LayeredDocuments

        # The personal documents first; the others are read when a note needs one.
        documents = LayeredDocuments(dict(state.by_id), bundled)
        return update_annotations(self.store, self.data_dir, documents, delete_doc_id)


def update_annotations(
    store: AnnotationStore | None,
    data_dir: Path,
    documents: Mapping[str, Document],
    delete_doc_id: str | None = None,
) -> int:
    """Delete ``delete_doc_id``'s annotations, then re-anchor all against ``documents``.

    Goes through ``store`` (the window's: its writer is the one writer) or, without one,
    opens the store briefly.  Annotations of a document no longer there become
    detached, not lost.  Returns how many annotations were re-anchored or deleted.
    """
    from desktop.annotations import AnnotationStore
    from desktop.annotations.store import DATABASE_NAME

    if store is None and not (data_dir / DATABASE_NAME).exists():
        return 0  # no annotations at all
    own = store is None
    active = AnnotationStore(data_dir, backup_at_start=False) if store is None else store
    try:
        ids: list[str] = []
        if delete_doc_id is not None:
            with active.reader() as reader:
                ids = [annotation.id for annotation in reader.for_document(delete_doc_id)]
            for annotation_id in ids:
                active.writer.delete(annotation_id).result()
        # Looked up as notes ask for them: a library read from its catalog is not read whole.
        return len(ids) + active.writer.reanchor(documents).result()
    finally:
        if own:
            active.close()
