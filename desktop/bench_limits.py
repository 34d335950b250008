"""Time and memory of every documented input limit, at the limit and beyond, beside the naive way.

``python -m desktop.bench_limits`` writes each input (desktop/limit_inputs.py) into a
temporary folder, reads or imports it in a fresh process and prints one row per case:
wall time, processor time (user + system, start-up included) and peak resident memory
(``VmHWM``), with the outcome.  Where the naive alternative is cheap to show (parsing a
whole notes file with ``json.load``, reading a PDF with pypdf's default limits) it is
measured the same way, killed after ``--naive-timeout`` seconds.  The load average is
printed first and last: the machine may be shared.

``--only WORD`` runs the cases whose name contains WORD.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop import limit_inputs as inputs

REPO = Path(__file__).resolve().parents[1]

_WRAPPER = """
import json, resource, sys
outcome = {"outcome": "ok"}
try:
__BODY__
except BaseException as exc:
    outcome["outcome"] = type(exc).__name__ + ": " + str(exc)[:90]
usage = resource.getrusage(resource.RUSAGE_SELF)
outcome["cpu"] = usage.ru_utime + usage.ru_stime
with open("/proc/self/status") as status:
    outcome["peak_mb"] = int(next(x for x in status if x.startswith("VmHWM:")).split()[1]) / 1024
print("MEASURED " + json.dumps(outcome))
"""


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], Path]  # writes the input, returns its path
    body: str  # Python source; ``path`` is the input, ``data`` an empty data folder
    naive: str = ""  # the alternative, or "" where it is not cheap to show


@dataclass(frozen=True)
class Row:
    wall: float
    cpu: float
    peak_mb: float
    outcome: str


def _import(kind: str = "import") -> str:
    if kind == "read":
        return "from desktop.importing.readers import read_file\nread_file(path)"
    return (
        "from desktop.importing import PersonalLibrary\n"
        "library = PersonalLibrary.open(data)\n"
        "doc = library.import_file(path)\n"
        "outcome['blocks'] = len(doc.blocks)"
    )


_READ_NOTES = (
    "from desktop.annotations.exchange import read_exchange_file\n"
    "outcome['notes'] = len(read_exchange_file(path))"
)
_JSON_LOAD = (
    "import json\n"
    "document = json.loads(path.read_bytes())\n"
    "notes = document['annotations'] if isinstance(document, dict) else document\n"
    "outcome['notes'] = len(notes)"
)
_PYPDF_DEFAULTS = (
    "import pypdf\n"
    "reader = pypdf.PdfReader(str(path))\n"
    "outcome['chars'] = sum(len(page.extract_text() or '') for page in reader.pages)"
)
_REANCHOR = """
import random
from desktop.annotations.anchoring import reanchor_all
from desktop.annotations.model import AnchorStatus, Annotation, AnnotationKind
from index.corpus import load_document
corpus = Path("resources/corpus")
doc = load_document(next(corpus.glob("000_*.txt")), corpus)
rng = random.Random(7)
blocks = [b for b in doc.blocks if len(b.text) > 60]
pool = "".join(sorted({ch for b in doc.blocks for ch in b.text}))
notes = []
for i in range(100):
    block = rng.choice(blocks)
    start = rng.randrange(0, len(block.text) - 40)
    quote = block.text[start : start + 20] + "某" + block.text[start + 21 : start + 40]
    context = "".join(rng.choice(pool) for _ in range(1000))
    notes.append(Annotation(
        id=f"00000000-0000-4000-8000-{i:012d}", doc_id=doc.id, block_id="gone", start=start,
        end=start + 40, exact=quote, prefix=context, suffix=context,
        kind=AnnotationKind.HIGHLIGHT, color="yellow", note="", tags=(), name="",
        created="2024-01-01T00:00:00Z", modified="2024-01-01T00:00:00Z", deleted=False,
        corpus_version="", anchor_status=AnchorStatus.ANCHORED))
found = reanchor_all(notes, {doc.id: doc})
outcome["found"] = sum(a.anchor_status is AnchorStatus.REANCHORED for a in found)
"""


def _cases() -> list[Case]:
    from desktop.annotations.exchange import LIMITS
    from desktop.importing.limits import (
        MAX_DOCUMENT_CHARS,
        MAX_DOCUMENT_PARAGRAPHS,
        MAX_FILE_BYTES,
        MAX_PDF_PAGES,
    )

    mb = 1024 * 1024
    return [
        Case(
            "notes file: 50 MB of {} (17 M empty notes)",
            lambda d: inputs.write_empty_objects_notes_file(d / "empty.json", LIMITS.file_bytes),
            _READ_NOTES,
            _JSON_LOAD,
        ),
        Case(
            f"notes file at the limits ({LIMITS.entries:,} notes, 50 MB)",
            lambda d: inputs.write_notes_file_at_the_limits(
                d / "full.json", LIMITS.entries, LIMITS.file_bytes - 100_000
            ),
            _READ_NOTES,
            _JSON_LOAD,
        ),
        Case("re-anchor 100 notes, 1,000-character contexts", lambda d: d, _REANCHOR),
        Case(
            "docx of 346,000 paragraphs",
            lambda d: inputs.write_long_docx(d / "long.docx", 346_000),
            _import("read"),
        ),
        Case(
            f"docx at the limit ({MAX_DOCUMENT_PARAGRAPHS:,} paragraphs), whole import",
            lambda d: inputs.write_long_docx(
                d / "limit.docx", MAX_DOCUMENT_PARAGRAPHS, "第{i}段 各地区各部门要加强统筹协调。"
            ),
            _import(),
        ),
        Case(
            f"PDF at the page limit ({MAX_PDF_PAGES:,} pages), whole import",
            lambda d: inputs.write_many_pages_pdf(d / "pages.pdf", MAX_PDF_PAGES),
            _import(),
            _PYPDF_DEFAULTS,
        ),
        Case(
            "PDF of 100,000 pages (39 MB)",
            lambda d: inputs.write_many_pages_pdf(d / "many.pdf", 100_000),
            _import("read"),
            _PYPDF_DEFAULTS,
        ),
        Case(
            "PDF: one content stream inflating to 1 GB",
            lambda d: inputs.write_flate_bomb_pdf(d / "bomb.pdf", 1024 * mb),
            _import("read"),
            _PYPDF_DEFAULTS,
        ),
        Case(
            f"PDF: {MAX_PDF_PAGES:,} pages drawing forms 10 x 8 deep",
            lambda d: inputs.write_many_pages_pdf(d / "forms.pdf", MAX_PDF_PAGES, repeat="forms"),
            _import("read"),
            _PYPDF_DEFAULTS,
        ),
        Case(
            "PDF: an object nested 2,000,000 deep",
            lambda d: inputs.write_nested_pdf(d / "nested.pdf", 2_000_000),
            _import("read"),
            _PYPDF_DEFAULTS,
        ),
        Case(
            f"OFD at the text limit ({MAX_DOCUMENT_CHARS:,} characters on "
            f"{MAX_DOCUMENT_CHARS // 170:,} pages), whole import",
            lambda d: inputs.write_ofd(d / "limit.ofd", MAX_DOCUMENT_CHARS // 170, 170),
            _import(),
        ),
        Case(
            f"OFD at the text limit, one text object a glyph ({MAX_DOCUMENT_CHARS:,} objects)",
            lambda d: inputs.write_ofd(
                d / "glyphs.ofd", MAX_DOCUMENT_CHARS // 170, 170, per_glyph=True
            ),
            _import("read"),
        ),
        Case(
            f"OFD of {MAX_PDF_PAGES + 1:,} pages",
            lambda d: inputs.write_ofd(d / "pages.ofd", MAX_PDF_PAGES + 1, 28),
            _import("read"),
        ),
        Case(
            f"OFD at the text limit in columns (竖排), one text object a glyph "
            f"({MAX_DOCUMENT_CHARS:,} objects)",
            lambda d: inputs.write_vertical_ofd(d / "columns.ofd", MAX_DOCUMENT_CHARS // 170, 170),
            _import("read"),
        ),
        Case(
            "OFD with an attachment inflating to 1 GB",
            lambda d: inputs.write_ofd_with_attachment(d / "attached-bomb.ofd", 1024 * mb),
            _import("read"),
        ),
        Case(
            "OFD attaching an OFD attaching … 50 deep",
            lambda d: inputs.write_ofd_with_attachment(d / "nested.ofd", nested=50),
            _import("read"),
        ),
        Case(
            "OFD: one page inflating to 1 GB",
            lambda d: inputs.write_ofd_bomb(d / "bomb.ofd", 1024 * mb),
            _import("read"),
        ),
        Case(
            f"any file over {MAX_FILE_BYTES // mb} MB",
            lambda d: _sparse(d / "big.pdf", MAX_FILE_BYTES + 1),
            _import("read"),
        ),
    ]


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        out.truncate(size)
    return path


def _run(body: str, path: Path, data: Path, timeout: float) -> Row:
    prelude = f"from pathlib import Path\npath = Path({str(path)!r})\ndata = Path({str(data)!r})\n"
    code = _WRAPPER.replace("__BODY__", textwrap.indent(prelude + body, "    "))
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Row(timeout, float("nan"), float("nan"), f"killed after {timeout:.0f} s")
    wall = time.perf_counter() - started
    line = next((x for x in done.stdout.splitlines() if x.startswith("MEASURED ")), None)
    if line is None:
        return Row(wall, float("nan"), float("nan"), "crashed: " + done.stderr[-200:])
    outcome = json.loads(line[len("MEASURED ") :])
    extra = {k: v for k, v in outcome.items() if k not in ("outcome", "cpu", "peak_mb")}
    text = outcome["outcome"] + (f" {extra}" if extra else "")
    return Row(wall, outcome["cpu"], outcome["peak_mb"], text)


def _show(label: str, row: Row) -> None:
    print(
        f"  {label:6} {row.wall:7.1f} s wall {row.cpu:7.1f} s CPU {row.peak_mb:7.0f} MB  "
        f"{row.outcome}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.bench_limits", description=__doc__)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--naive-timeout", type=float, default=60.0)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive alternatives")
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for case in _cases():
        if args.only and args.only not in case.name:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-limits-") as folder:
            root = Path(folder)
            path = case.write(root)
            size = path.stat().st_size if path.is_file() else 0
            print(f"{case.name}" + (f" [{size / 1024 / 1024:.1f} MB file]" if size else ""))
            _show("now", _run(case.body, path, root / "data", timeout=300))
            if case.naive and not args.no_naive:
                _show("naive", _run(case.naive, path, root / "naive", args.naive_timeout))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
