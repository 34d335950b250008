"""Importing the user's own files into a personal library (Qt-free).

``PersonalLibrary.open(data_dir)`` opens (or creates) the library in
``data_dir/library``; ``read_file(path)`` parses a file without importing it, to
prefill the import dialog; ``import_file`` / ``remove`` change the
library all or nothing.  Supported: .docx, .pdf (with a text layer), .txt (UTF-8,
GB18030, Big5; gov.cn page captures), .md and .html.  Limits are in
:mod:`desktop.importing.limits`.
"""

from desktop.importing.annotation_counts import annotation_count
from desktop.importing.draft import METADATA_FIELDS, ImportDraft
from desktop.importing.errors import AlreadyImportedError, DocumentImportError, LibraryError
from desktop.importing.library import (
    LIBRARY_DIR_NAME,
    PersonalLibrary,
    personal_doc_id,
)
from desktop.importing.limits import MAX_FILE_BYTES
from desktop.importing.readers import SUPPORTED_SUFFIXES, read_file
from desktop.importing.serialization import document_from_json, document_to_json

__all__ = [
    "LIBRARY_DIR_NAME",
    "MAX_FILE_BYTES",
    "METADATA_FIELDS",
    "SUPPORTED_SUFFIXES",
    "AlreadyImportedError",
    "DocumentImportError",
    "ImportDraft",
    "LibraryError",
    "PersonalLibrary",
    "annotation_count",
    "document_from_json",
    "document_to_json",
    "personal_doc_id",
    "read_file",
]
