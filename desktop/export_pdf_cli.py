"""``policy-library export-pdf``: one document as an A4 PDF, without a window.

    export-pdf DOC_ID --output FILE [--with-notes] [--script original|simplified]
               [--data-dir DIR] [--corpus DIR]

DOC_ID is a document of the bundled library or of the personal one (imported files).
With ``--with-notes`` the highlights are marked and the notes listed, numbered, at the
end.  Qt draws the PDF on its offscreen platform when no other is asked for, so this
runs on a server or in a terminal session.  Exit status 0 on success, 1 with a message
on stderr on failure, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.refusals import cli_language, message
from index.document import Document

__all__ = ["document_notes", "main"]

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-library export-pdf", description="Write one document as an A4 PDF."
    )
    parser.add_argument("doc_id", metavar="DOC_ID")
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument(
        "--with-notes", action="store_true", help="mark highlights and list the notes at the end"
    )
    parser.add_argument("--script", choices=["original", "simplified"], default="original")
    parser.add_argument("--data-dir", type=Path, help="the user data folder (notes, imports)")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default: the bundled one)")
    return parser


class UnknownDocument(LookupError):
    pass


def find_document(doc_id: str, corpus: Path | None, data_dir: Path) -> Document:
    """The document ``doc_id`` from the bundled corpus, else from the personal library."""
    from desktop import paths
    from index.corpus import load_corpus

    root = corpus if corpus is not None else paths.corpus_dir()
    for doc in load_corpus(root).documents:
        if doc.id == doc_id:
            return doc
    from desktop.importing.library import LIBRARY_DIR_NAME, PersonalLibrary

    if (data_dir / LIBRARY_DIR_NAME).is_dir():
        for doc in PersonalLibrary.open(data_dir).documents():
            if doc.id == doc_id:
                return doc
    raise UnknownDocument(doc_id)


def document_notes(database: Path, doc: Document) -> list:
    """The highlights and notes of ``doc`` in the notes database, anchored in its text
    (the window's PDF export uses this too)."""
    from desktop.annotations import AnnotationReader, reanchor_all

    if not database.is_file():
        return []
    with AnnotationReader(database) as reader:
        return reanchor_all(reader.for_document(doc.id), {doc.id: doc})


def _notes(data_dir: Path, doc: Document) -> list:
    from desktop.annotations.store import DATABASE_NAME

    return document_notes(data_dir / DATABASE_NAME, doc)


def _run(args: argparse.Namespace) -> int:
    from desktop import paths

    data_dir = args.data_dir if args.data_dir is not None else paths.user_data_dir()
    doc = find_document(args.doc_id, args.corpus, data_dir)
    notes = _notes(data_dir, doc) if args.with_notes else []
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    assert app is not None
    from desktop import fonts
    from desktop.ui.printing import export_pdf

    fonts.load_bundled_fonts()
    pages = export_pdf(args.output, doc, args.script == "simplified", notes)
    key = "pdf_written_one" if pages == 1 else "pdf_written"
    print(message(key, cli_language(), path=args.output, pages=pages))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, or bad arguments (argparse printed why)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return _run(args)
    except UnknownDocument as exc:
        reason = f"no document with the id {exc.args[0]}"
        print(message("error", cli_language(), reason=reason), file=sys.stderr)
    except (OSError, sqlite3.Error) as exc:
        print(message("error", cli_language(), reason=exc), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
