"""Why a file could not be imported: one exception per file, with a message a reader understands."""

from __future__ import annotations

from pathlib import Path

__all__ = ["AlreadyImportedError", "DocumentImportError", "LibraryError"]


class LibraryError(Exception):
    """A personal-library operation failed and changed nothing; the message says why."""


class DocumentImportError(LibraryError):
    """The file cannot become a document of the personal library; ``reason`` says why.

    Raised before anything in the library changes, or after a failed change was rolled
    back: a failed import never leaves a partial document or index entry behind.
    """

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def with_path(self, path: Path) -> DocumentImportError:
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}" if self.path is not None else self.reason


class AlreadyImportedError(DocumentImportError):
    """The same file (byte for byte) is already in the library as ``doc_id``.

    Pass ``replace_doc_id=doc_id`` to import it again over the stored one.
    """

    def __init__(self, doc_id: str, title: str, path: Path | None = None) -> None:
        super().__init__(f"already in the library as {doc_id} 《{title}》", path)
        self.doc_id = doc_id
        self.title = title
