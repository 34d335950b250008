"""Export to a file (JSON exchange, Markdown or Word study notes) and import from one."""

from __future__ import annotations

import dataclasses
import logging
from concurrent.futures import Future
from enum import StrEnum
from pathlib import Path

from desktop.annotations.anchoring import DocumentSource, reanchor_all
from desktop.annotations.exchange import read_exchange_file, write_atomically, write_exchange_file
from desktop.annotations.merge import ImportReport
from desktop.annotations.queries import AnnotationFilter, AnnotationReader, group_by_document
from desktop.annotations.read_only import ReadOnlyWriter
from desktop.annotations.study_notes import Script, StudyNotes, render_markdown
from desktop.annotations.writer import StoreWriter

__all__ = ["ExportFormat", "export_annotations", "import_annotations_file"]

log = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    JSON = "json"
    MARKDOWN = "md"
    DOCX = "docx"


def export_annotations(
    reader: AnnotationReader,
    path: Path,
    fmt: ExportFormat,
    documents: DocumentSource,
    where: AnnotationFilter | None = None,
    script: Script = Script.ORIGINAL,
    author: str = "",
) -> int:
    """Write the annotations matching ``where`` to ``path``; returns how many.

    Annotations are written at their current anchors in ``documents``.  The JSON file
    carries deletions too (tombstones), so that they travel to the other copy; the
    study notes hold live annotations only, in ``script``, with ``author`` (may be
    blank) as the Word file's author.
    """
    where = where or AnnotationFilter()
    if fmt is ExportFormat.JSON:
        where = dataclasses.replace(where, include_deleted=True)
    annotations = reanchor_all(reader.query(where), documents)
    if fmt is ExportFormat.JSON:
        count = write_exchange_file(path, annotations)
    else:
        live = [a for a in annotations if not a.deleted]
        groups = group_by_document(live, documents)
        notes = StudyNotes(groups, reader.color_labels(), script)
        if fmt is ExportFormat.MARKDOWN:
            write_atomically(path, render_markdown(notes).encode("utf-8"))
        else:  # the Word writer loads python-docx: only when it is asked for
            from desktop.annotations.study_notes_docx import write_study_notes_docx

            write_study_notes_docx(path, notes, author)
        count = len(live)
    log.info("exported %d annotations to %s (%s)", count, path, fmt.value)
    return count


def import_annotations_file(
    writer: StoreWriter | ReadOnlyWriter, path: Path, documents: DocumentSource
) -> Future[ImportReport]:
    """Validate the exchange file here (raises :class:`ExchangeError`), merge in the writer."""
    incoming = read_exchange_file(path)
    return writer.import_annotations(incoming, documents)
