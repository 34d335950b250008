"""The personal library: imported documents kept beside the bundled corpus, with their own index.

Layout of ``<data dir>/library``::

    documents/<doc id>.json       the parsed document (see :mod:`.serialization`)
    originals/<doc id>/<name>     a copy of the imported file, under its own name
    index/                        the Whoosh index (:func:`index.store.update_index`)
    .op-*/                        one operation in progress (gone when it ends)

Every change is all or nothing.  New files are written into an operation folder
first; then the stored version (if any) moves into it, the new files move into place,
and the index is updated in one transaction.  If the index update fails, the moves
are undone.  An ``op.json`` in the operation folder, written before the first move,
lets :meth:`PersonalLibrary.open` roll back an operation that a crash interrupted; a
``committed`` marker written after the index update means there is nothing to undo.
An operation folder also names its owner (pid, host, start time) and holds
``owner.lock``, locked by the owner while it works: only an operation whose owner is
gone is ever rolled back, never another process's live one.

One process writes the library at a time: :meth:`PersonalLibrary.open` takes the data
folder's lock (:mod:`desktop.folder_lock`).  Without it (another process holds it, or
the folder is read-only or full) the library opens read-only: documents are read and
searched, changes are refused with the reason.

Stored originals are private to the user: files 0600 in 0700 folders.  A symbolic link
is refused as an import source (the message names its target): what is stored is
always the file the user chose, never whatever a link points to later.

Removing a document never touches its annotations: the caller decides about them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from desktop.folder_lock import (
    FolderBusyError,
    FolderHold,
    HolderInfo,
    hold_data_folder,
    process_alive,
    this_process,
)
from desktop.importing.draft import ImportDraft
from desktop.importing.errors import AlreadyImportedError, DocumentImportError, LibraryError
from desktop.importing.readers import draft_from_file_bytes, read_file, read_file_bytes
from desktop.importing.serialization import document_from_json, document_to_json
from desktop.storage_failures import StorageFailure, failure_of, probe_writable
from index.document import BlockKind, Document, make_block_ids
from index.index_files import parse_json
from index.store import IndexState, check_index, create_empty_index, update_index

__all__ = [
    "LIBRARY_DIR_NAME",
    "PERSONAL_ID_PREFIX",
    "PersonalLibrary",
    "personal_doc_id",
]

log = logging.getLogger(__name__)

LIBRARY_DIR_NAME = "library"
PERSONAL_ID_PREFIX = "u-"
_ID_HEX_CHARS = 16
_OP_PREFIX = ".op-"
_OWNER_LOCK = "owner.lock"
_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600


def personal_doc_id(data: bytes) -> str:
    """``u-`` and a digest of the file's bytes: the same file always gets the same id."""
    return PERSONAL_ID_PREFIX + hashlib.sha256(data).hexdigest()[:_ID_HEX_CHARS]


def is_personal_doc_id(doc_id: str) -> bool:
    """Whether ``doc_id`` is of the form :func:`personal_doc_id` gives."""
    digest = doc_id[len(PERSONAL_ID_PREFIX) :]
    return (
        doc_id.startswith(PERSONAL_ID_PREFIX)
        and len(digest) == _ID_HEX_CHARS
        and all(c in "0123456789abcdef" for c in digest)
    )


def _safe_file_name(name: str) -> str:
    name = name.replace("/", "_").replace("\\", "_").strip(". ") or "original"
    return name[:200]


class PersonalLibrary:
    """Imported documents in ``root``; open with :meth:`open`.  Thread-safe for one process."""

    def __init__(self, root: Path, language: str = "") -> None:
        self.root = root
        # the interface language ('zh_CN' or 'en'; the terminal's when not given): the
        # words a reader adds to a text read again from its original (an .ofd's 附件, 批注)
        self.language = language
        self.documents_dir = root / "documents"
        self.originals_dir = root / "originals"
        self.index_dir = root / "index"
        self._lock = threading.RLock()
        self._documents: dict[str, Document] = {}
        self._hold: FolderHold | None = None
        self.read_only_reason: BaseException | None = None

    @classmethod
    def open(
        cls,
        data_dir: Path | None = None,
        *,
        lock_timeout: float = 0.0,
        when_busy: str = "read-only",
        on_wait: Callable[[HolderInfo | None], None] | None = None,
        language: str = "",
    ) -> PersonalLibrary:
        """The library in ``data_dir/library`` (default: the per-user data folder).

        Creates it when missing, finishes or rolls back an interrupted operation, and
        rebuilds the index from the stored documents if it is missing, stale or damaged.
        Takes the data folder's lock, waiting up to ``lock_timeout`` seconds; if another
        process keeps it, ``when_busy="raise"`` raises :class:`FolderBusyError`, else the
        library opens read-only (as it does on a read-only or full folder).  A stored
        document read again from its original has the words a reader adds to the text
        (an .ofd's 附件 and 批注) in ``language``, the interface language.
        """
        if data_dir is None:
            from desktop.paths import user_data_dir

            data_dir = user_data_dir()
        library = cls(data_dir / LIBRARY_DIR_NAME, language)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not data_dir.is_dir():
                raise failure_of(exc, data_dir) or exc from None
        library.read_only_reason = probe_writable(data_dir)
        if library.read_only_reason is None:
            try:
                library._hold = hold_data_folder(data_dir, lock_timeout, on_wait=on_wait)
            except FolderBusyError as exc:
                if when_busy == "raise":
                    raise
                library.read_only_reason = exc
            except OSError as exc:
                library.read_only_reason = failure_of(exc, data_dir) or exc
        try:
            library._prepare()
        except BaseException:
            library.close()
            raise
        return library

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def waiting_for_folder(self) -> bool:
        """Read-only only because another process held the data folder at open."""
        return isinstance(self.read_only_reason, FolderBusyError)

    def try_writable(self) -> bool:
        """Become writable if the other process has let the folder go; True when writable.

        Then does what opening does for a writer: finishes or rolls back an operation
        whose owner is gone, re-reads the documents (the other process may have added
        some) and checks the index.  Otherwise the library stays read-only.
        """
        if not self.waiting_for_folder:
            return not self.read_only
        data_dir = self.root.parent
        try:
            hold = hold_data_folder(data_dir, 0.0)
        except FolderBusyError as exc:
            self.read_only_reason = exc
            return False
        except OSError as exc:
            self.read_only_reason = failure_of(exc, data_dir) or exc
            return False
        with self._lock:
            self.read_only_reason = None
            try:
                self._prepare()
            except Exception as exc:  # stays read-only and says why; never a traceback
                hold.release()
                self.read_only_reason = failure_of(exc, data_dir) or exc
                log.exception("the personal library stays read-only")
                return False
            self._hold = hold
        log.info("the data folder is free again: the personal library is writable")
        return True

    def close(self) -> None:
        """Let go of the data folder (another process may write it from now on)."""
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    def _refuse_if_read_only(self) -> None:
        reason = self.read_only_reason
        if reason is None:
            return
        if isinstance(reason, FolderBusyError | StorageFailure):
            text = reason.message("en")  # the window or the terminal words it in its language
        else:
            text = str(reason)
        raise LibraryError(text)

    # -- reading ---------------------------------------------------------------------

    def documents(self) -> list[Document]:
        """Every document, in the order imported (oldest first)."""
        with self._lock:
            docs = list(self._documents.values())
        return sorted(docs, key=lambda d: (d.extra.get("imported_at", ""), d.id))

    def document(self, doc_id: str) -> Document | None:
        with self._lock:
            return self._documents.get(doc_id)

    def __contains__(self, doc_id: object) -> bool:
        with self._lock:
            return doc_id in self._documents

    def __len__(self) -> int:
        with self._lock:
            return len(self._documents)

    def original_path(self, doc_id: str) -> Path | None:
        """The stored copy of the imported file, or None."""
        folder = self.originals_dir / doc_id
        if doc_id not in self or not folder.is_dir():
            return None
        files = sorted(p for p in folder.iterdir() if p.is_file())
        return files[0] if files else None

    def documents_from_file_named(self, name: str) -> list[Document]:
        """Documents imported from a file of this name: candidates to offer for replacing."""
        return [d for d in self.documents() if d.extra.get("original_name") == name]

    def find_same_file(self, data: bytes) -> Document | None:
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            for doc in self._documents.values():
                if doc.extra.get("sha256") == digest:
                    return doc
        return None

    @staticmethod
    def read(path: Path, language: str = "") -> ImportDraft:
        """Parse ``path`` without importing it: the metadata to prefill the import dialog
        (``language``: the interface language, see :func:`draft_from_bytes`)."""
        return read_file(path, language)

    def reload(self) -> None:
        """Re-read the stored documents (after another process changed the library)."""
        with self._lock:
            self._load_documents()

    # -- changing --------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        metadata_overrides: Mapping[str, str] | None = None,
        replace_doc_id: str | None = None,
        language: str = "",
    ) -> Document:
        """Import one file; returns the stored document.

        ``metadata_overrides`` (keys ``title``, ``source``, ``date``, ``author``,
        ``editor``, ``url``) replace the values read from the file.  With
        ``replace_doc_id`` the file replaces that document and keeps its id, so
        annotations stay with it; otherwise the id is :func:`personal_doc_id` of the
        bytes and a file already in the library raises :class:`AlreadyImportedError`.
        Any failure raises :class:`DocumentImportError` and leaves the library as it was.
        Words the reader adds to the text (an .ofd's 附件 and 批注) are in ``language``,
        the interface language ('zh_CN' or 'en'; the terminal's when not given).
        """
        path = Path(path)
        try:
            self._refuse_if_read_only()
        except LibraryError as exc:
            raise DocumentImportError(str(exc), path) from None
        data = read_file_bytes(path)
        try:
            draft = draft_from_file_bytes(data, path, language).with_metadata(metadata_overrides)
            draft.validate()
        except DocumentImportError as exc:
            raise exc.with_path(path) from None

        with self._lock:
            same = self.find_same_file(data)
            if replace_doc_id is not None:
                if replace_doc_id not in self._documents:
                    raise DocumentImportError(
                        f"there is no document {replace_doc_id} to replace", path
                    )
                if same is not None and same.id != replace_doc_id:
                    raise AlreadyImportedError(same.id, same.title, path)
                doc_id = replace_doc_id
            else:
                if same is not None:
                    raise AlreadyImportedError(same.id, same.title, path)
                doc_id = personal_doc_id(data)
                if doc_id in self._documents:  # a digest prefix shared by two files
                    doc_id = personal_doc_id(data + doc_id.encode())
            name = _safe_file_name(path.name)
            extra = {
                "original_name": path.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": str(len(data)),
                "imported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            }
            previous = self._documents.get(doc_id)
            if previous is not None and "imported_at" in previous.extra:
                extra["first_imported_at"] = previous.extra.get(
                    "first_imported_at", previous.extra["imported_at"]
                )
            doc = draft.to_document(doc_id, f"originals/{doc_id}/{name}", extra)
            try:
                self._apply(doc_id, doc, data, name)
            except DocumentImportError as exc:
                raise exc.with_path(path) from None
            self._documents[doc_id] = doc
        log.info("imported %s as %s (%d blocks)", path, doc_id, len(doc.blocks))
        return doc

    def update_details(self, doc_id: str, values: Mapping[str, str]) -> Document:
        """Change a document's title, source, date, author (any of ``METADATA_FIELDS``).

        Only the details change: the text is not read again, so every block but the
        title keeps its id and notes stay on their words; the stored document and its
        index entry (the title is searched) are replaced all or nothing, and the stored
        original is left as it is.  Raises :class:`DocumentImportError` with the reason.
        """
        self._refuse_if_read_only()
        with self._lock:
            doc = self._documents.get(doc_id)
            if doc is None:
                raise DocumentImportError(f"there is no document {doc_id} to replace")
            current = ImportDraft(
                title=doc.title,
                paragraphs=(),
                levels=(),
                published=doc.published,
                source=doc.source,
                author=doc.author,
                editor=doc.editor,
                url=doc.url,
            )
            edited = current.with_metadata(values)
            blocks = doc.blocks
            if edited.title != doc.title:
                kinds = [
                    (b.kind.value, edited.title if b.kind is BlockKind.TITLE else b.text)
                    for b in blocks
                ]
                ids = make_block_ids(kinds)
                blocks = tuple(
                    replace(b, id=ids[i], text=edited.title) if b.kind is BlockKind.TITLE else b
                    for i, b in enumerate(blocks)
                )
            extra = {
                **doc.extra,
                "details_edited_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            }
            updated = replace(
                doc,
                title=edited.title,
                blocks=blocks,
                published=edited.published,
                source=edited.source,
                author=edited.author,
                editor=edited.editor,
                url=edited.url,
                extra=extra,
            )
            self._apply(doc_id, updated, None, "", keep_original=True)
            self._documents[doc_id] = updated
        log.info("edited the details of %s", doc_id)
        return updated

    def remove(self, doc_id: str) -> Document:
        """Remove a document, its stored original and its index entries; returns it.

        Annotations are not touched (the caller asks the user what to do with them).
        """
        self._refuse_if_read_only()
        with self._lock:
            doc = self._documents.get(doc_id)
            if doc is None:
                raise LibraryError(f"there is no document {doc_id} in the personal library")
            self._apply(doc_id, None, None, "")
            del self._documents[doc_id]
        log.info("removed %s", doc_id)
        return doc

    def rebuild_index(self) -> None:
        """Build the index afresh from the stored documents (replaced atomically)."""
        self._refuse_if_read_only()
        with self._lock:
            staging = Path(tempfile.mkdtemp(prefix=".index-", dir=self.root))
            try:
                create_empty_index(staging)
                if self._documents:
                    update_index(staging, add=list(self._documents.values()))
                old = self.root / ".index-old"
                shutil.rmtree(old, ignore_errors=True)
                if self.index_dir.exists():
                    self.index_dir.rename(old)
                staging.rename(self.index_dir)
                shutil.rmtree(old, ignore_errors=True)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        log.info("rebuilt the personal index (%d documents)", len(self._documents))

    # -- internals -------------------------------------------------------------------

    def _json_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{doc_id}.json"

    def _prepare(self) -> None:
        with self._lock:
            if self.read_only:
                # Read what is there; repair nothing (another process may be mid-change).
                if self.documents_dir.is_dir():
                    self._load_documents()
                return
            for folder in (self.root, self.documents_dir):
                folder.mkdir(parents=True, exist_ok=True)
            _private_dir(self.originals_dir)
            for leftover in sorted(self.root.glob(".index-*")):
                shutil.rmtree(leftover, ignore_errors=True)
            for op_dir in sorted(self.root.glob(_OP_PREFIX + "*")):
                self._recover(op_dir)
            self._load_documents()
            _sweep_orphan_segments(self.index_dir)
            status = check_index(self.index_dir)
            if status.state is IndexState.MISSING and not self._documents:
                create_empty_index(self.index_dir)
            elif not status.ok:
                log.warning("personal index unusable (%s); rebuilding", status.message)
                self.rebuild_index()
            else:
                self._reconcile_index()

    def _load_documents(self) -> None:
        documents: dict[str, Document] = {}
        for json_path in sorted(self.documents_dir.glob("*.json")):
            try:
                doc = document_from_json(json_path.read_text("utf-8"))
            except (OSError, ValueError, RecursionError) as exc:
                log.error("unreadable stored document %s: %s", json_path, exc)
                found = self._read_original_again(json_path.stem)
                if found is None:
                    continue
                doc = found
            if doc.id != json_path.stem:
                log.error("stored document %s holds id %s; ignored", json_path, doc.id)
                continue
            documents[doc.id] = doc
        self._documents = documents

    def _read_original_again(self, doc_id: str) -> Document | None:
        """The document read again from its stored original when its stored form is
        unreadable (a file cut to zero bytes by a crash or power loss): its text comes
        back with the same block ids, so its notes stay on their words; details edited
        after the import do not.  Written back when the library is writable."""
        folder = self.originals_dir / doc_id
        try:
            originals = sorted(p for p in folder.iterdir() if p.is_file())
        except OSError:
            return None
        if len(originals) != 1:
            return None
        original = originals[0]
        try:
            data = read_file_bytes(original)
            draft = draft_from_file_bytes(data, original, self.language)
            modified = datetime.fromtimestamp(original.stat().st_mtime, UTC)
        except (DocumentImportError, OSError) as exc:
            log.error("the original of %s cannot be read again either: %s", doc_id, exc)
            return None
        extra = {
            "original_name": original.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": str(len(data)),
            "imported_at": modified.replace(microsecond=0).isoformat(),
        }
        doc = draft.to_document(doc_id, f"originals/{doc_id}/{original.name}", extra)
        log.warning("stored document %s was unreadable: read again from %s", doc_id, original)
        if not self.read_only:
            try:
                _write_durably(self._json_path(doc_id), document_to_json(doc).encode())
            except OSError as exc:
                log.warning("the document read again could not be stored: %s", exc)
        return doc

    def _reconcile_index(self) -> None:
        """Make the index hold exactly the stored documents (after a crash or manual edits)."""
        from whoosh import index as whoosh_index

        from index.store import INDEX_NAME

        ix = whoosh_index.open_dir(str(self.index_dir), indexname=INDEX_NAME, readonly=True)
        with ix.searcher() as searcher:
            indexed = {fields["doc_id"] for fields in searcher.all_stored_fields()}
        missing = [doc for doc_id, doc in self._documents.items() if doc_id not in indexed]
        extra = sorted(indexed - set(self._documents))
        if missing or extra:
            log.warning(
                "personal index out of step: adding %d, removing %d documents",
                len(missing),
                len(extra),
            )
            update_index(self.index_dir, add=missing, remove=extra)

    def _move_in_place(self, source: Path, doc_id: str) -> None:
        """Move ``source/{document.json,original}`` into the library under ``doc_id``."""
        if (source / "original").is_dir():
            _private_dir(self.originals_dir)
            (source / "original").rename(self.originals_dir / doc_id)
        if (source / "document.json").is_file():
            os.replace(source / "document.json", self._json_path(doc_id))

    def _move_out(self, doc_id: str, target: Path, *, keep_original: bool = False) -> None:
        target.mkdir(exist_ok=True)
        if not keep_original and (self.originals_dir / doc_id).exists():
            (self.originals_dir / doc_id).rename(target / "original")
        if self._json_path(doc_id).exists():
            os.replace(self._json_path(doc_id), target / "document.json")

    def _apply(
        self,
        doc_id: str,
        doc: Document | None,
        data: bytes | None,
        name: str,
        *,
        keep_original: bool = False,
    ) -> None:
        """Put ``doc`` (and the file ``data``) in place of ``doc_id``, or remove it if None;
        with ``keep_original`` only the stored document changes, the original stays."""
        try:
            op_dir = Path(tempfile.mkdtemp(prefix=_OP_PREFIX, dir=self.root))
        except OSError as exc:
            raise DocumentImportError(_storage_reason(exc, self.root)) from None
        owner = _OwnerLock(op_dir)
        try:
            try:
                owner.acquire()
                if doc is not None and data is not None:
                    staged = op_dir / "new"
                    (staged / "original").mkdir(parents=True, mode=_PRIVATE_DIR)
                    _write_durably(staged / "original" / name, data, _PRIVATE_FILE)
                    _write_durably(staged / "document.json", document_to_json(doc).encode())
                elif doc is not None and keep_original:
                    (op_dir / "new").mkdir()
                    _write_durably(op_dir / "new" / "document.json", document_to_json(doc).encode())
                record: dict[str, object] = {"doc_id": doc_id, "owner": this_process().to_json()}
                if keep_original:
                    record["keep_original"] = True
                _write_durably(op_dir / "op.json", json.dumps(record).encode())
            except OSError as exc:
                raise DocumentImportError(_storage_reason(exc, self.root)) from None
            # From here on an interrupted operation is rolled back by open().
            try:
                self._move_out(doc_id, op_dir / "old", keep_original=keep_original)
                if doc is not None:
                    self._move_in_place(op_dir / "new", doc_id)
                if doc is not None:
                    update_index(self.index_dir, add=[doc])
                else:
                    update_index(self.index_dir, remove=[doc_id])
            except Exception as exc:
                log.exception("library change for %s failed; rolling back", doc_id)
                _sweep_orphan_segments(self.index_dir)
                self._roll_back(op_dir, doc_id, keep_original=keep_original)
                failure = failure_of(exc, self.root)
                if failure is not None:
                    raise DocumentImportError(
                        failure.message("en") + " (nothing was changed)"
                    ) from None
                raise DocumentImportError(
                    f"the library could not be updated ({type(exc).__name__}: {exc}); "
                    "nothing was changed"
                ) from None
            (op_dir / "committed").touch()
        finally:
            owner.release()
            shutil.rmtree(op_dir, ignore_errors=True)

    def _roll_back(self, op_dir: Path, doc_id: str, *, keep_original: bool = False) -> None:
        """Undo the moves of an operation and bring the index back in step with the files.

        Works from any point of an interrupted operation: an item is new in place only
        if it has left the staging folder ``new/``, and old only if ``old/`` lacks it.
        An operation that kept the original (new details only) never touches it.
        """
        staged = op_dir / "new"
        items = [("document.json", self._json_path(doc_id))]
        if not keep_original:
            items.insert(0, ("original", self.originals_dir / doc_id))
        for item, target in items:
            if staged.is_dir() and not (staged / item).exists():
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink(missing_ok=True)
            old_item = op_dir / "old" / item
            if old_item.exists() and not target.exists():
                os.replace(old_item, target)
        old_doc: Document | None = None
        if self._json_path(doc_id).is_file():
            try:
                old_doc = document_from_json(self._json_path(doc_id).read_text("utf-8"))
            except (OSError, ValueError) as exc:
                log.error("cannot read the restored document %s: %s", doc_id, exc)
        try:
            if old_doc is not None:
                update_index(self.index_dir, add=[old_doc])
            else:
                update_index(self.index_dir, remove=[doc_id])
        except Exception as exc:  # the index is checked and repaired at the next open
            log.error("could not restore the index entry of %s: %s", doc_id, exc)

    def _recover(self, op_dir: Path) -> None:
        if _owner_alive(op_dir):
            log.info("%s belongs to a running process; left alone", op_dir)
            return
        try:
            if (op_dir / "op.json").is_file() and not (op_dir / "committed").exists():
                record = parse_json((op_dir / "op.json").read_bytes())
                if not isinstance(record, dict):
                    raise ValueError("op.json is not a JSON object")
                doc_id = str(record["doc_id"])
                log.warning("rolling back an interrupted change of %s", doc_id)
                self._roll_back(op_dir, doc_id, keep_original=bool(record.get("keep_original")))
        except (OSError, ValueError, KeyError) as exc:
            log.error("cannot recover %s: %s", op_dir, exc)
            return
        shutil.rmtree(op_dir, ignore_errors=True)


def _write_durably(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if os.name == "posix":
        os.chmod(path, mode)  # whatever the umask


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=_PRIVATE_DIR)
    if os.name == "posix" and folder.stat().st_mode & 0o777 != _PRIVATE_DIR:
        os.chmod(folder, _PRIVATE_DIR)


def _storage_reason(exc: OSError, folder: Path) -> str:
    failure = failure_of(exc, folder)
    if failure is not None:
        return failure.message("en")
    return f"the library could not store the file ({exc.strerror or exc})"


class _OwnerLock:
    """``owner.lock`` in an operation folder, locked while its operation runs."""

    def __init__(self, op_dir: Path) -> None:
        from desktop.folder_lock import FolderLock

        self._lock = FolderLock(op_dir)
        self._lock.path = op_dir / _OWNER_LOCK

    def acquire(self) -> None:
        self._lock.acquire(0.0)

    def release(self) -> None:
        self._lock.release()


def _owner_alive(op_dir: Path) -> bool:
    """Whether the process that started this operation is still at work on it."""
    from desktop.folder_lock import FolderLock

    if (op_dir / _OWNER_LOCK).exists():
        probe = FolderLock(op_dir)
        probe.path = op_dir / _OWNER_LOCK
        return probe.held_elsewhere()
    try:
        record = parse_json((op_dir / "op.json").read_bytes())
    except (OSError, ValueError):
        return False
    owner = HolderInfo.from_json(record.get("owner")) if isinstance(record, dict) else None
    if owner is None:
        return False
    me = this_process()
    if owner.host != me.host or owner.pid == me.pid:
        return False
    return process_alive(owner.pid)


def _sweep_orphan_segments(index_dir: Path) -> None:
    """Remove segment files no generation of the index refers to (left by a failed write)."""
    if not index_dir.is_dir():
        return
    try:
        from whoosh import index as whoosh_index
        from whoosh.filedb.filestore import FileStorage

        from index.store import INDEX_NAME

        storage = FileStorage(str(index_dir))
        generation = whoosh_index.TOC._latest_generation(storage, INDEX_NAME)
        if generation < 0:
            return
        toc = whoosh_index.TOC.read(storage, INDEX_NAME, generation)
        whoosh_index.clean_files(storage, INDEX_NAME, generation, toc.segments)
    except Exception as exc:  # a damaged index is rebuilt by _prepare; nothing to sweep
        log.info("segment sweep of %s skipped: %s", index_dir, exc)
