"""``policy-library annotations export|import``: the annotation store from the command line.

    annotations export --format json|md|docx --output FILE [--data-dir DIR] [--corpus DIR]
                       [--tag TAG]... [--color COLOR]... [--since DATE] [--until DATE]
                       [--script original|simplified|traditional] [--author NAME]
    annotations import FILE [--data-dir DIR] [--corpus DIR] [--wait SECONDS]

Exit status 0 on success, 1 with a message on stderr on failure, 2 for bad arguments.
Export reads the store (it works on a read-only data folder and while the program
runs); import waits up to ``--wait`` seconds for the data folder's lock, then says
which process holds it.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop.annotations.exchange import ExchangeError
from desktop.annotations.model import COLOR_KEYS
from desktop.annotations.queries import AnnotationFilter
from desktop.annotations.schema import NewerSchemaError
from desktop.annotations.store import AnnotationStore
from desktop.annotations.study_notes import Script
from desktop.annotations.transfer import ExportFormat, export_annotations, import_annotations_file
from desktop.folder_lock import FolderBusyError
from desktop.refusals import cli_language, message
from desktop.storage_failures import StorageFailure, failure_of, user_language
from index.corpus import load_corpus
from index.document import Document
from index.interrupts import exit_status, stopped_by_signals, stopped_message

__all__ = ["main"]

log = logging.getLogger(__name__)

DEFAULT_WAIT_SECONDS = 30.0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-library annotations")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--data-dir", type=Path, help="the folder holding the annotation store")
        sub.add_argument("--corpus", type=Path, help="the corpus folder (default: the bundled one)")

    export = commands.add_parser("export", help="write annotations to a file")
    export.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    export.add_argument("--output", required=True, type=Path)
    export.add_argument(
        "--tag", action="append", default=[], help="only with this tag (repeatable)"
    )
    export.add_argument("--color", action="append", default=[], choices=COLOR_KEYS)
    export.add_argument("--since", type=_day, help="created on or after this day")
    export.add_argument("--until", type=_day, help="created on or before this day")
    export.add_argument(
        "--script",
        choices=[s.value for s in Script],
        default=Script.ORIGINAL.value,
        help="study notes (md, docx) in the documents' own script, Simplified or Traditional",
    )
    export.add_argument("--author", default="", help="the Word file's author (default: blank)")
    common(export)

    imp = commands.add_parser("import", help="merge an exchange file into the store")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_SECONDS,
        help="seconds to wait while another process uses the data folder (default 30)",
    )
    common(imp)
    return parser


def _documents(corpus: Path | None, data_dir: Path | None) -> Mapping[str, Document]:
    """The documents notes refer to: a given corpus folder parsed, else the bundled
    library read from its index's catalog as notes ask for them."""
    if corpus is not None:
        return {doc.id: doc for doc in load_corpus(corpus).documents}
    from desktop import paths
    from desktop.library import library_documents

    return library_documents(paths.corpus_dir(), data_dir)


def _data_dir(value: Path | None) -> Path:
    if value is not None:
        return value
    from desktop import paths

    return paths.user_data_dir()


def _waiting(holder: object) -> None:
    who = holder.describe(user_language()) if hasattr(holder, "describe") else "another program"
    print(f"waiting: the data folder is in use by {who} …", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> int:
    documents = _documents(args.corpus, args.data_dir)
    importing = args.command == "import"
    with AnnotationStore(
        _data_dir(args.data_dir),
        backup_at_start=importing,
        read_only=not importing,
        lock_timeout=args.wait if importing else 0.0,
        when_busy="raise",
    ) as store:
        if importing and store.read_only_reason is not None:
            raise store.read_only_reason
        if store.recovery is not None:
            print(message("warning", cli_language(), reason=store.recovery), file=sys.stderr)
        if store.startup_backup is not None:
            store.startup_backup.result()
        if args.command == "export":
            local = datetime.now().astimezone().tzinfo
            where = AnnotationFilter(
                colors=frozenset(args.color),
                tags=frozenset(args.tag),
                since=datetime.combine(args.since, time(), local) if args.since else None,
                until=(
                    datetime.combine(args.until + timedelta(days=1), time(), local)
                    if args.until
                    else None
                ),
            )
            with store.reader() as reader:
                count = export_annotations(
                    reader,
                    args.output,
                    ExportFormat(args.format),
                    documents,
                    where,
                    script=Script(args.script),
                    author=args.author,
                )
            key = "exported_one" if count == 1 else "exported"
            print(message(key, cli_language(), count=count, path=args.output))
            return 0
        report = import_annotations_file(store.writer, args.file, documents).result()
        print(message("imported_notes", cli_language(), file=args.file, report=report))
        return 0


def _os_reason(exc: BaseException) -> str:
    """An OS error as its file and the system's own (localised) wording."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, or bad arguments (argparse printed why)
        return exc.code if isinstance(exc.code, int) else 2
    language = cli_language()
    try:
        with stopped_by_signals():  # kill, a closed terminal: cleaned up as for Ctrl+C
            return _run(args)
    except KeyboardInterrupt as stopped:
        print(stopped_message(language), file=sys.stderr)
        return exit_status(stopped)
    except ExchangeError as exc:
        print(message("not_imported", language, file=args.file, reason=exc), file=sys.stderr)
    except NewerSchemaError as exc:
        print(message("error", language, reason=exc), file=sys.stderr)
    except FolderBusyError as exc:
        print(message("error_text", language, text=exc.message(language)), file=sys.stderr)
    except StorageFailure as exc:
        print(message("error_text", language, text=exc.message(language)), file=sys.stderr)
    except FileNotFoundError as exc:
        print(message("error", language, reason=_os_reason(exc)), file=sys.stderr)
    except (OSError, sqlite3.Error) as exc:
        failure = failure_of(exc, _data_dir(args.data_dir) if args.data_dir else Path("."))
        if failure is not None:
            text = failure.message(language)
            print(message("error_text", language, text=text), file=sys.stderr)
        else:
            print(message("error", language, reason=_os_reason(exc)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
