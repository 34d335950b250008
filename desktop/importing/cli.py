"""``policy-library import FILE... [--data-dir DIR]``: import files into the personal library.

Prints one line per file: ``imported <id> <title>`` or ``failed <file>: <reason>``
(also ``already <file>: …`` for a file already in the library, which counts as a
failure).  Exit status: 0 if every file was imported, 1 if any failed, 2 on a usage
error.  Afterwards notes are re-anchored against the documents as they now are (the
bundled corpus and the personal library), as the window does; how many changed is
said on stderr.  While another process (the program, another import) writes the same
data folder, the import waits for it up to ``--wait`` seconds (default 120), then fails
with one message naming that process.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from desktop.folder_lock import FolderBusyError, HolderInfo
from desktop.importing.errors import LibraryError
from desktop.importing.library import PersonalLibrary
from desktop.importing.limits import MAX_FILE_BYTES
from desktop.importing.readers import SUPPORTED_SUFFIXES
from desktop.refusals import cli_language, message, translate_reason
from desktop.storage_failures import StorageFailure, user_language
from index import paths
from index.document import Document
from index.interrupts import exit_status, stopped_by_signals, stopped_message

DEFAULT_WAIT_SECONDS = 120.0

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-library import",
        description=(
            "Import documents into the personal library "
            f"({', '.join(SUPPORTED_SUFFIXES)}; at most "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB each)."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to import")
    parser.add_argument(
        "--data-dir",
        help="user data folder holding the library (default: the per-user data folder)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_SECONDS,
        help="seconds to wait while another process uses the data folder (default 120)",
    )
    return parser


def _waiting(holder: HolderInfo | None) -> None:
    who = holder.describe(user_language()) if holder is not None else "another program"
    print(f"waiting: the data folder is in use by {who} …", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "import":  # called as ``policy-library import …``
        args = args[1:]
    parsed = build_parser().parse_args(args)
    try:
        with stopped_by_signals():  # kill, a closed terminal: cleaned up as for Ctrl+C
            return _import(parsed)
    except KeyboardInterrupt as stopped:
        print(stopped_message(cli_language()), file=sys.stderr)
        return exit_status(stopped)


def _import(parsed: argparse.Namespace) -> int:
    # After the arguments: --help and usage errors answer without loading the library code.
    from desktop.personal import ImportJob, PersonalLibraryService

    data_dir = Path(parsed.data_dir) if parsed.data_dir else paths.user_data_dir()
    try:
        library = PersonalLibrary.open(
            data_dir, lock_timeout=max(0.0, parsed.wait), when_busy="raise", on_wait=_waiting
        )
    except (FolderBusyError, StorageFailure) as exc:
        busy = exc.message(user_language())
        print(message("error_text", cli_language(), text=busy), file=sys.stderr)
        return 1
    except (OSError, LibraryError) as exc:
        print(message("library_unavailable", cli_language(), reason=exc), file=sys.stderr)
        return 1
    if library.read_only_reason is not None:
        cause = library.read_only_reason
        text = (
            cause.message(user_language())
            if isinstance(cause, StorageFailure)
            else translate_reason(str(cause), cli_language())
        )
        print(message("nothing_imported", cli_language(), text=text), file=sys.stderr)
        library.close()
        return 1
    try:
        service = PersonalLibraryService(library, data_dir, lambda: _bundled_documents(data_dir))
        jobs = [ImportJob(Path(name)) for name in parsed.files]
        outcome = service.import_files(jobs, report=_print_file, language=cli_language())
    finally:
        library.close()
    if outcome.notes_reanchored:
        count = outcome.notes_reanchored
        key = "reanchored_one" if count == 1 else "reanchored"
        print(message(key, cli_language(), count=count), file=sys.stderr)
    return 1 if outcome.failed else 0


def _print_file(path: Path, doc: Document | None, reason: str, already: bool) -> None:
    language = cli_language()
    if doc is not None:
        print(message("imported", language, doc_id=doc.id, title=doc.title))
        for warning in doc.extra.get("warnings", "").splitlines():
            print(f"  note: {translate_reason(warning, language)}")
    else:
        key = "import_already" if already else "import_failed"
        print(message(key, language, path=path, reason=reason))
    sys.stdout.flush()


def _bundled_documents(data_dir: Path) -> Mapping[str, Document]:
    """The bundled library and the installed packs, for re-anchoring notes (a missing
    corpus raises: notes stay); documents are read from the indexes' catalogs as notes
    ask for them."""
    from desktop.library import library_documents

    return library_documents(paths.corpus_dir(), data_dir)


if __name__ == "__main__":
    sys.exit(main())
