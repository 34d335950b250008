"""``policy-library --self-check``: is this installation usable?  A JSON report, no window.

Opens the corpus, the index (resolved as the window does), and the user data folder,
runs queries in Simplified and Traditional, and exits 0 only if everything works.
The queries are taken from the corpus itself (the start of the first document's
title), so the check holds for any corpus.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from typing import Any

from desktop import __version__, paths

log = logging.getLogger(__name__)

KNOWN_QUERY = "数字政府"  # in the seed document; checked when the seed is in the corpus


def _check(report: dict[str, Any], name: str, ok: bool, **details: Any) -> bool:
    report["checks"][name] = {"ok": ok, **details}
    return ok


def _probe_queries(title: str) -> list[str]:
    from index.folding import is_unit_char, simplify_text

    units = "".join(ch for ch in title if is_unit_char(ch))[:4]
    if not units:
        return []
    queries = [simplify_text(units)]
    if units != queries[0]:
        queries.append(units)
    return queries


def _check_annotation_store(report: dict[str, Any], data_dir: Any) -> bool:
    """The user's note store opens (created on first use) and reads."""
    from desktop.annotations import AnnotationStore

    try:
        with AnnotationStore(data_dir, backup_at_start=False) as store, store.reader() as reader:
            count = reader.count()
            return _check(report, "annotations", True, path=str(store.path), annotations=count)
    except Exception as exc:  # a damaged or newer store: reported, never raised
        return _check(report, "annotations", False, error=f"{type(exc).__name__}: {exc}")


def run_self_check() -> dict[str, Any]:
    from desktop.library import choose_index
    from index.corpus import load_corpus
    from index.folding import simplify_text
    from index.search import open_searcher

    started = time.perf_counter()
    report: dict[str, Any] = {"program": "policy-library", "version": __version__, "checks": {}}
    ok = True

    # User data folder: must exist and be writable.
    try:
        data_dir = paths.user_data_dir()
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".self-check-", delete=True) as fh:
            fh.write(b"ok")
        ok &= _check(report, "user_data", True, path=str(data_dir))
    except OSError as exc:
        ok &= _check(report, "user_data", False, error=str(exc))
    else:
        ok &= _check_annotation_store(report, data_dir)

    corpus_dir = paths.corpus_dir()
    try:
        corpus = load_corpus(corpus_dir)
    except FileNotFoundError as exc:
        _check(report, "corpus", False, path=str(corpus_dir), error=str(exc))
        report["ok"] = False
        return report
    corpus_ok = bool(corpus.documents)
    ok &= _check(
        report,
        "corpus",
        corpus_ok,
        path=str(corpus_dir),
        documents=len(corpus.documents),
        skipped=[str(s) for s in corpus.skipped],
    )

    # Start-up samples the checksums; the self-check reads every byte.
    choice = choose_index(corpus_dir, paths.bundled_index_dir(), paths.user_index_dir(), full=True)
    index_details: dict[str, Any] = {
        "path": str(choice.path),
        "state": choice.status.state.value,
        "message": choice.status.message,
        "bundled_state": choice.bundled_status.state.value,
    }
    if not choice.usable:
        index_details["hint"] = (
            "start the application once to rebuild the index, or run: python -m index build"
        )
    ok &= _check(report, "index", choice.usable, **index_details)

    queries: list[dict[str, Any]] = []
    if choice.usable and corpus.documents:
        probes = _probe_queries(corpus.documents[0].title)
        if any(KNOWN_QUERY in simplify_text(d.title) for d in corpus.documents):
            probes = [KNOWN_QUERY, "數字政府", *probes]
        totals = {}
        try:
            with open_searcher(choice.path) as searcher:
                for query in probes:
                    t0 = time.perf_counter()
                    result = searcher.search(query, limit=5)
                    ms = (time.perf_counter() - t0) * 1000
                    totals[query] = result.total
                    marked = bool(result.hits) and all(hit.spans for hit in result.hits)
                    queries.append(
                        {
                            "query": query,
                            "total": result.total,
                            "marked": marked,
                            "ms": round(ms, 1),
                        }
                    )
                    ok &= result.total > 0 and marked
        except Exception as exc:  # a damaged index shows up here as a Whoosh error
            ok = False
            queries.append({"error": f"{type(exc).__name__}: {exc}"})
        # The same words in either script must find the same paragraphs.
        by_simplified: dict[str, set[int]] = {}
        for query, total in totals.items():
            by_simplified.setdefault(simplify_text(query), set()).add(total)
        consistent = all(len(v) == 1 for v in by_simplified.values())
        ok &= _check(
            report,
            "search",
            bool(queries) and consistent,
            queries=queries,
            scripts_agree=consistent,
        )
    else:
        ok &= _check(report, "search", False, error="no usable index")

    fonts = [name for name in paths.BUNDLED_FONT_FILES if (paths.fonts_dir() / name).is_file()]
    ok &= _check(report, "fonts", bool(fonts), files=fonts)
    from desktop import i18n

    ts = [p.name for p in i18n.ts_files()]
    qm = sorted(p.name for p in paths.i18n_dir().glob("*.qm"))
    # Missing .qm is not fatal: the app compiles them into the user folder or runs in English.
    _check(report, "translations", True, sources=ts, compiled=qm)
    _check_input_method(report)
    report["ok"] = bool(ok)
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report


def _check_input_method(report: dict[str, Any]) -> None:
    """Can Chinese be typed in this session? Reported, not counted against the
    installation: the input method belongs to the user's desktop session."""
    from desktop.input_method import ADVICE, choose_input_context, last_choice, observe

    try:
        choice = last_choice() or choose_input_context(observe())
    except Exception as exc:  # a report, never a traceback
        _check(report, "input_method", False, error=f"{type(exc).__name__}: {exc}")
        return
    details: dict[str, Any] = {
        "module": choice.module or "Qt's default",
        "reason": choice.reason,
        "running": list(choice.running),
    }
    if choice.problem is not None:
        details.update(problem=choice.problem.value, advice=ADVICE[choice.problem])
    _check(report, "input_method", choice.problem is None, **details)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        report = run_self_check()
    except Exception as exc:  # the report must come out whatever breaks
        log.exception("self-check crashed")
        report = {
            "program": "policy-library",
            "version": __version__,
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
        }
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0 if report.get("ok") else 1
