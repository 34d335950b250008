"""Annotations (highlights, notes, tags, bookmarks): a durable store, anchoring, export/import.

Qt-free.  The GUI opens an :class:`AnnotationStore` on ``desktop.paths.user_data_dir()``,
writes through ``store.writer`` (futures; never blocks) and reads through
``store.reader()``.
"""

from desktop.annotations.anchoring import (
    AnchorIndex,
    AnchorResult,
    document_version,
    reanchor,
    reanchor_all,
    reanchor_annotation,
)
from desktop.annotations.backups import RecoveryReport
from desktop.annotations.exchange import ExchangeError, read_exchange_file, write_exchange_file
from desktop.annotations.history import UndoConflict
from desktop.annotations.merge import ImportReport
from desktop.annotations.model import (
    COLOR_KEYS,
    DEFAULT_COLOR_LABELS,
    AnchorStatus,
    Annotation,
    AnnotationKind,
)
from desktop.annotations.queries import (
    AnnotationFilter,
    AnnotationReader,
    DocumentGroup,
    SectionGroup,
    group_by_document,
)
from desktop.annotations.schema import CURRENT_VERSION, NewerSchemaError
from desktop.annotations.selection import SelectionError, new_bookmark, new_highlight
from desktop.annotations.store import AnnotationStore
from desktop.annotations.transfer import ExportFormat, export_annotations, import_annotations_file
from desktop.annotations.writer import StoreWriter, UnknownAnnotation

__all__ = [
    "COLOR_KEYS",
    "CURRENT_VERSION",
    "DEFAULT_COLOR_LABELS",
    "AnchorIndex",
    "AnchorResult",
    "AnchorStatus",
    "Annotation",
    "AnnotationFilter",
    "AnnotationKind",
    "AnnotationReader",
    "AnnotationStore",
    "DocumentGroup",
    "ExchangeError",
    "ExportFormat",
    "ImportReport",
    "NewerSchemaError",
    "RecoveryReport",
    "SectionGroup",
    "SelectionError",
    "StoreWriter",
    "UndoConflict",
    "UnknownAnnotation",
    "document_version",
    "export_annotations",
    "group_by_document",
    "import_annotations_file",
    "new_bookmark",
    "new_highlight",
    "read_exchange_file",
    "reanchor",
    "reanchor_all",
    "reanchor_annotation",
    "write_exchange_file",
]
