"""Benchmark of the annotation core: ``python -m desktop.annotations.bench [--count N]``.

Prints: adding one highlight (until its commit is acknowledged), the panel query of N
annotations, re-anchoring N (unchanged and revised document), and exporting N to
.docx, Markdown and JSON.  Uses a temporary data folder and the bundled corpus.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from desktop.annotations.anchoring import reanchor_all
from desktop.annotations.model import COLOR_KEYS, Annotation
from desktop.annotations.queries import AnnotationFilter, group_by_document
from desktop.annotations.selection import new_highlight
from desktop.annotations.store import AnnotationStore
from desktop.annotations.transfer import ExportFormat, export_annotations
from index.corpus import load_corpus
from index.document import Document
from index.parsing import parse_capture


def _random_highlights(document: Document, count: int, rng: random.Random) -> list[Annotation]:
    blocks = [b for b in document.blocks if len(b.text) >= 20]
    result = []
    for n in range(count):
        block = rng.choice(blocks)
        start = rng.randrange(0, len(block.text) - 10)
        end = min(len(block.text), start + rng.randint(6, 40))
        result.append(
            new_highlight(
                document,
                block.id,
                start,
                end,
                color=COLOR_KEYS[n % len(COLOR_KEYS)],
                note=f"第{n}条批注" if n % 3 == 0 else "",
                tags=[f"标签{n % 7}"],
            )
        )
    return result


def _revised(document: Document, rng: random.Random) -> Document:
    """A new edition: paragraphs inserted, words changed in a third of them, one removed."""
    paragraphs = [b.text for b in document.blocks[1:]]
    for i in range(len(paragraphs)):
        if i % 3 == 1 and len(paragraphs[i]) > 30:
            at = rng.randrange(5, len(paragraphs[i]) - 5)
            paragraphs[i] = paragraphs[i][:at] + "进一步" + paragraphs[i][at + 2 :]
    del paragraphs[len(paragraphs) // 2]
    paragraphs.insert(1, "编者按：本文根据作者发言整理，有删节。")
    text = "\n".join([document.title, "2022-08-26 13:48 來源: 人民網", *paragraphs])
    return parse_capture(text, document.id)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.annotations.bench")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.corpus is None:
        from desktop import paths

        args.corpus = paths.corpus_dir()
    document = load_corpus(args.corpus).documents[0]
    documents = {document.id: document}
    rng = random.Random(4)

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        with AnnotationStore(data, backup_at_start=False) as store:
            timings = []
            for annotation in _random_highlights(document, 200, rng):
                started = time.perf_counter()
                store.writer.add(annotation).result()
                timings.append(time.perf_counter() - started)
            timings.sort()
            print(
                f"add one highlight (committed): median {_ms(statistics.median(timings))}, "
                f"p95 {_ms(timings[int(len(timings) * 0.95)])}, max {_ms(timings[-1])} "
                f"(200 adds, synchronous=FULL, data dir {tmp})"
            )

            bulk = _random_highlights(document, args.count - 200, rng)
            started = time.perf_counter()
            store.writer.import_annotations(bulk, documents).result()
            print(
                f"bulk load of {len(bulk)} (one transaction): {_ms(time.perf_counter() - started)}"
            )

            with store.reader() as reader:
                started = time.perf_counter()
                everything = reader.query()
                queried = time.perf_counter() - started
                started = time.perf_counter()
                groups = group_by_document(everything, documents)
                grouped = time.perf_counter() - started
                sections = sum(len(g.sections) for g in groups)
                print(
                    f"panel query of {len(everything)}: query {_ms(queried)}, "
                    f"group into {sections} sections {_ms(grouped)}"
                )
                started = time.perf_counter()
                found = reader.query(AnnotationFilter(text="数字政府", tags=frozenset({"标签3"})))
                elapsed = time.perf_counter() - started
                print(f"filtered search (text + tag), {len(found)} hits: {_ms(elapsed)}")

                started = time.perf_counter()
                same = reanchor_all(everything, documents)
                unchanged = time.perf_counter() - started
                assert all(a is b for a, b in zip(same, everything, strict=True))
                print(f"re-anchor {len(everything)}, document unchanged: {_ms(unchanged)}")
                revised = _revised(document, rng)
                started = time.perf_counter()
                moved = reanchor_all(everything, {revised.id: revised})
                elapsed = time.perf_counter() - started
                outcome = Counter(a.anchor_status.value for a in moved)
                print(
                    f"re-anchor {len(everything)}, revised document: {_ms(elapsed)} "
                    f"({', '.join(f'{k} {v}' for k, v in sorted(outcome.items()))})"
                )

                for fmt in (ExportFormat.DOCX, ExportFormat.MARKDOWN, ExportFormat.JSON):
                    out = Path(tmp) / f"notes.{fmt.value}"
                    started = time.perf_counter()
                    n = export_annotations(reader, out, fmt, documents)
                    elapsed = time.perf_counter() - started
                    size = out.stat().st_size / 1e6
                    print(f"export {n} to .{fmt.value}: {_ms(elapsed)} ({size:.1f} MB)")

            started = time.perf_counter()
            store.writer.backup().result()
            print(f"backup of the store with {args.count}: {_ms(time.perf_counter() - started)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
