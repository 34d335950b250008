"""``python -m index``: build, check and search the index from the command line.

Contract relied on by other tools and the tests:

* ``search QUERY [--limit N] [--json] [--data-dir DIR]``: with ``--json`` stdout holds
  only JSON Lines, one hit per line, best first; no hit prints nothing and exits 0; a
  usage error prints a message on stderr and exits 2.  With ``--data-dir`` the packs
  installed in ``DIR/packs`` and the personal library in ``DIR/library`` are searched
  too (:mod:`index.session`) and every hit carries ``"library"``: ``"bundled"``,
  ``"pack:<id>"`` or ``"personal"``.
* ``build [--corpus DIR] [--out DIR] [--strict]``: exit 1 when the build fails
  (with ``--strict``, when any corpus file is skipped).
* ``check [--index DIR] [--corpus DIR]``: exit 0 if usable, 1 if missing, stale or corrupt.
* ``pack keygen|build``: publisher keys and signed library packs (:mod:`index.packs.cli`).
* ``bench --docs N [--queries Q] [--json]``: the benchmark of :mod:`index.bench.runner`;
  ``--corpus DIR`` runs it on a real corpus folder instead of a synthetic one.
* ``outline DOC_ID [--index DIR] [--json]``: the document's metadata and outline,
  ``{"doc_id", "title", "category", "version_date", "effective_date", "events": [...],
  "outline": [{"level", "kind", "title", "block_id"}], ...}``; exit 1 for an unknown id.
* ``search ... --all-versions``: also earlier versions (default: current versions only);
  every hit carries ``article``, ``doc_category``, ``doc_date`` and ``current``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from index import paths
from index.index_files import IndexFileDamaged
from index.interrupts import exit_status, stopped_by_signals, stopped_message
from index.packs.errors import user_language
from index.search import SearchHit
from index.session import SessionError, choose_index, open_session
from index.store import BuildError, build_index, check_index

__all__ = ["main"]

_MARK_OPEN = "【"
_MARK_CLOSE = "】"


def _mark(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out = []
    last = 0
    for start, end in _merged(spans):
        out.append(text[last:start])
        out.append(_MARK_OPEN + text[start:end] + _MARK_CLOSE)
        last = end
    out.append(text[last:])
    return "".join(out)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _print_hit(rank: int, hit: SearchHit) -> None:
    where = " › ".join(hit.section) if hit.section else hit.kind
    library = f" ({hit.library})" if hit.library else ""
    print(f"{rank}. 《{hit.doc_title}》{library} {where}  [{hit.score:.2f}]")
    print(f"   {_mark(hit.text, hit.spans)}")


def _cmd_search(args: argparse.Namespace) -> int:
    try:
        session = open_session(
            Path(args.index) if args.index else None,
            Path(args.data_dir) if args.data_dir else None,
            corpus_dir=paths.corpus_dir(),
            full_check=True,  # every byte: never a silently wrong answer
        )
    except SessionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with session:
        for note in session.notes:
            print(f"note: {note}", file=sys.stderr)
        result = session.search(
            args.query,
            limit=args.limit,
            doc_id=args.doc,
            all_versions=args.all_versions,
            libraries=set(args.library) if args.library else None,
        )
    if args.json:
        out = sys.stdout
        for hit in result.hits:
            out.write(json.dumps(hit.to_json(), ensure_ascii=False) + "\n")
        return 0
    for note in result.parsed.notes:
        print(f"note: {note}", file=sys.stderr)
    if not result.hits:
        print(f"no match for {args.query!r}")
        return 0
    shown = len(result.hits)
    print(
        f"{result.total} blocks match {args.query!r}"
        + (f"; the best {shown}:" if shown < result.total else ":")
    )
    for rank, hit in enumerate(result.hits, start=1):
        _print_hit(rank, hit)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus) if args.corpus else paths.corpus_dir()
    out = Path(args.out) if args.out else paths.bundled_index_dir()

    def progress(done: int, total: int) -> bool:
        if not args.quiet and (done == total or done % 100 == 0):
            print(f"\r{done}/{total} documents", end="\n" if done == total else "", file=sys.stderr)
        return True

    try:
        report = build_index(corpus, out, strict=args.strict, progress=progress, parallel=True)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for skipped in report.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    for kept, copy in report.manifest.get("identical_copies", []):
        print(f"note: {copy} is identical to {kept}; indexed once, under both", file=sys.stderr)
    for note in report.manifest.get("renamed", []):
        print(f"note: {note}", file=sys.stderr)
    print(
        f"indexed {report.documents} documents ({report.blocks} blocks) from {corpus} "
        f"into {report.out_dir} in {report.seconds:.2f}s"
    )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    index_dir = Path(args.index) if args.index else paths.bundled_index_dir()
    corpus = Path(args.corpus) if args.corpus else paths.corpus_dir()
    status = check_index(index_dir, corpus, full=True)
    print(f"{status.state.value}: {status.message}")
    return 0 if status.ok else 1


def _cmd_bench(args: argparse.Namespace) -> int:
    from index.bench.runner import format_report, run_bench

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.packs:
        from index.bench.packs import format_packs_report, run_packs_bench

        packs_report = run_packs_bench(
            args.packs, args.docs, args.queries, progress=progress, oracle=not args.no_oracle
        )
        print(
            json.dumps(packs_report, ensure_ascii=False)
            if args.json
            else format_packs_report(packs_report)
        )
        return 0
    corpus = Path(args.corpus) if args.corpus else None
    if corpus is not None and not corpus.is_dir():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 2
    report = run_bench(args.docs, args.queries, progress=progress, corpus_dir=corpus)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _cmd_outline(args: argparse.Namespace) -> int:
    from index.catalog import Catalog, CatalogError

    if args.index:
        index_dir = Path(args.index)
    else:
        index_dir = choose_index(
            paths.corpus_dir(), paths.bundled_index_dir(), paths.user_index_dir()
        ).path
    if not Catalog.exists(index_dir):
        print(
            f"error: no library catalog in {index_dir}; build it with: python -m index build",
            file=sys.stderr,
        )
        return 1
    catalog = Catalog(index_dir)
    try:
        data = catalog.outline_json(args.doc_id)
    except KeyError:
        print(f"error: no document {args.doc_id!r} in {index_dir}", file=sys.stderr)
        return 1
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"《{data['title']}》{data['subtitle']}  {data['category'] or ''}")
    for key in ("version_date", "effective_date"):
        if data[key]:
            print(f"{key}: {data[key]}")
    for event in data["events"]:
        print(f"  {event['date']} {event['action']} {event['body']} {event['order_no']}".rstrip())
    for row in data["outline"]:
        print(f"{'  ' * (row['level'] - 1)}{row['title']}  [{row['block_id']}]")
    return 0


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m index", description="Build, check and search the library index."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    search = sub.add_parser("search", help="search the index")
    search.add_argument("query", help='the query (terms ANDed; OR; -exclude; "phrase")')
    search.add_argument(
        "--limit", type=_positive_int, default=20, help="at most this many hits (default 20)"
    )
    search.add_argument(
        "--json", action="store_true", help="JSON Lines on stdout, one hit per line"
    )
    search.add_argument("--index", help="index folder (default: the bundled index)")
    search.add_argument("--doc", help="only this document id")
    search.add_argument(
        "--data-dir",
        help="user data folder: also search its packs and personal library (DIR/library)",
    )
    search.add_argument(
        "--library",
        action="append",
        metavar="NAME",
        help="only hits from this library: bundled, personal or pack:ID (may be repeated)",
    )
    search.add_argument(
        "--all-versions",
        action="store_true",
        help="also search earlier versions of documents (default: current versions only)",
    )
    search.set_defaults(func=_cmd_search)

    build = sub.add_parser("build", help="build the index from a corpus folder")
    build.add_argument("--corpus", help="corpus folder (default: resources/corpus)")
    build.add_argument("--out", help="index folder to write (default: resources/index)")
    build.add_argument("--strict", action="store_true", help="fail if any corpus file is skipped")
    build.add_argument("--quiet", action="store_true", help="no progress output")
    build.set_defaults(func=_cmd_build)

    check = sub.add_parser("check", help="report whether the index is usable and current")
    check.add_argument("--index", help="index folder (default: the bundled index)")
    check.add_argument("--corpus", help="corpus folder to compare with (default: resources/corpus)")
    check.set_defaults(func=_cmd_check)

    outline = sub.add_parser("outline", help="a document's metadata and outline")
    outline.add_argument("doc_id", help="document id (its path in the corpus, without .md)")
    outline.add_argument("--index", help="index folder (default: the bundled index)")
    outline.add_argument("--json", action="store_true", help="print JSON")
    outline.set_defaults(func=_cmd_outline)

    bench = sub.add_parser("bench", help="benchmark the search against a scan and SQLite FTS5")
    bench.add_argument(
        "--docs", type=_positive_int, default=1000, help="synthetic documents (default 1000)"
    )
    bench.add_argument(
        "--queries", type=_positive_int, default=200, help="queries to run (default 200)"
    )
    bench.add_argument(
        "--corpus", help="a real corpus folder to measure (default: a synthetic corpus)"
    )
    bench.add_argument(
        "--packs",
        type=_positive_int,
        help="deal the synthetic documents into N installed packs and search them together",
    )
    bench.add_argument(
        "--no-oracle",
        action="store_true",
        help="with --packs: timings only, no scan to check recall against (large libraries)",
    )
    bench.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    bench.set_defaults(func=_cmd_bench)

    from index.packs.cli import add_pack_parser

    add_pack_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with stopped_by_signals():  # kill, a closed terminal: cleaned up as for Ctrl+C
            return int(args.func(args))
    except KeyboardInterrupt as stopped:
        print(stopped_message(user_language()), file=sys.stderr)
        return exit_status(stopped)
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except BuildError:
        raise
    except IndexFileDamaged as exc:
        print(f"error: {exc}; build it with: python -m index build", file=sys.stderr)
        return 1
    except Exception as exc:  # a damaged file Whoosh trips over: a message, not a traceback
        logging.getLogger(__name__).debug("command failed", exc_info=True)
        print(
            f"error: the index could not be read ({type(exc).__name__}: {exc}); "
            "rebuild it with: python -m index build",
            file=sys.stderr,
        )
        return 1
