"""Every documented limit of a notes file, tested at the limit with time and memory bounds.

Bounds: 30 s and 1 GB on the test machine (measured in a fresh process), far above what
the code needs (see the README's figures) so that a loaded machine does not fail them,
and far below what an unbounded parse of the same input costs.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore
from desktop.annotations.exchange import EXCHANGE_FORMAT, LIMITS, ExchangeError, parse_exchange
from tests.measured import run_measured

SECONDS = 30
MEGABYTES = 1024


def _entry(i: int, **changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": str(uuid.UUID(int=i + 1)),
        "doc_id": "x",
        "block_id": "b1",
        "start": 0,
        "end": 2,
        "exact": "政务",
        "color": "pink",
        "created": "2024-01-01T00:00:00Z",
        "modified": "2024-01-01T00:00:00Z",
    }
    entry.update(changes)
    return entry


def _document(entries: list[dict[str, object]]) -> bytes:
    return json.dumps(
        {"format": EXCHANGE_FORMAT, "version": 1, "annotations": entries}, ensure_ascii=False
    ).encode()


@pytest.mark.parametrize("shape", ["exchange", "bare-list"])
def test_fifty_megabytes_of_empty_objects_are_refused_fast(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "many.json"
    head = b'{"format":"policy-library-annotations","version":1,"annotations":['
    if shape == "bare-list":
        head = b"["
    count = (LIMITS.file_bytes - len(head) - 2) // 3
    with path.open("wb") as fh:
        fh.write(head + b"{}")
        for _ in range(count // 10_000):
            fh.write(b",{}" * 10_000)
        fh.write(b"]}" if shape == "exchange" else b"]")
    assert path.stat().st_size <= LIMITS.file_bytes
    measured = run_measured(
        f"""
        from pathlib import Path
        from desktop.annotations.exchange import read_exchange_file
        read_exchange_file(Path({str(path)!r}))
        """
    )
    assert measured.raised == "ExchangeError"
    assert "too many annotations" in measured.message
    assert measured.seconds < SECONDS and measured.peak_mb < MEGABYTES


@pytest.mark.slow
def test_a_file_at_every_limit_is_read_within_the_bounds(tmp_path: Path) -> None:
    path = tmp_path / "at-limit.json"
    sample = len(json.dumps(_entry(0, note=""), ensure_ascii=False).encode()) + 1
    pad = (LIMITS.file_bytes - 100) // LIMITS.entries - sample
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"format":"{EXCHANGE_FORMAT}","version":1,"annotations":[')
        for i in range(LIMITS.entries):
            fh.write(("," if i else "") + json.dumps(_entry(i, note="n" * pad), ensure_ascii=False))
        fh.write("]}")
    assert LIMITS.file_bytes - 200_000 < path.stat().st_size <= LIMITS.file_bytes
    measured = run_measured(
        f"""
        from pathlib import Path
        from desktop.annotations.exchange import read_exchange_file
        print("read", len(read_exchange_file(Path({str(path)!r}))))
        """
    )
    assert measured.raised is None, measured.message
    assert f"read {LIMITS.entries}" in measured.stdout
    assert measured.seconds < SECONDS and measured.peak_mb < MEGABYTES


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (
            b'{"format":"policy-library-annotations","version":1,"annotations":[],"n":'
            + b"7" * 5000
            + b"}",
            "digits",
        ),
        (_document([_entry(0, note="\\ud800")]).replace(b"\\\\ud800", b"\\ud800"), "surrogate"),
        (_document([_entry(0, tags=["\\udfff"])]).replace(b"\\\\udfff", b"\\udfff"), "surrogate"),
        (_document([_entry(0, start=10**30)]), "digits"),
    ],
)
def test_huge_numbers_and_lone_surrogates_are_refused_cleanly(
    tmp_path: Path, raw: bytes, says: str
) -> None:
    with pytest.raises(ExchangeError, match=says):
        parse_exchange(raw)
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    with AnnotationStore(tmp_path / "data") as store:
        before = (tmp_path / "data" / "annotations.sqlite3").read_bytes()
        from desktop.annotations import import_annotations_file

        with pytest.raises(ExchangeError):
            import_annotations_file(store.writer, path, {})
        with store.reader() as reader:
            assert reader.count(include_deleted=True) == 0
    assert before


def test_a_paired_surrogate_escape_is_an_ordinary_character() -> None:
    raw = _document([_entry(0, note="\\ud83d\\ude00")]).replace(b"\\\\u", b"\\u")
    (annotation,) = parse_exchange(raw)
    assert annotation.note == "😀"


def test_notes_with_long_contexts_re_anchor_in_bounded_time() -> None:
    """100 notes whose quote changed and whose stored contexts are 1,000 characters."""
    measured = run_measured(
        """
        import random
        from pathlib import Path
        from desktop.annotations.anchoring import reanchor_all
        from desktop.annotations.model import AnchorStatus, Annotation, AnnotationKind
        from index.corpus import load_corpus

        doc = load_corpus(Path("resources/corpus")).documents[0]
        rng = random.Random(7)
        blocks = [b for b in doc.blocks if len(b.text) > 60]
        pool = "".join(sorted({ch for b in doc.blocks for ch in b.text}))
        notes, expected = [], {}
        for i in range(100):
            block = rng.choice(blocks)
            start = rng.randrange(0, len(block.text) - 40)
            quote = block.text[start : start + 20] + "某" + block.text[start + 21 : start + 40]
            context = "".join(rng.choice(pool) for _ in range(1000))
            note_id = f"00000000-0000-4000-8000-{i:012d}"
            expected[note_id] = (block.id, start)
            notes.append(
                Annotation(
                    id=note_id, doc_id=doc.id, block_id="gone", start=start, end=start + 40,
                    exact=quote, prefix=context, suffix=context, kind=AnnotationKind.HIGHLIGHT,
                    color="yellow", note="", tags=(), name="", created="2024-01-01T00:00:00Z",
                    modified="2024-01-01T00:00:00Z", deleted=False, corpus_version="",
                    anchor_status=AnchorStatus.ANCHORED,
                )
            )
        found = reanchor_all(notes, {doc.id: doc})
        right = sum(
            a.anchor_status is AnchorStatus.REANCHORED
            and a.block_id == expected[a.id][0]
            and abs(a.start - expected[a.id][1]) <= 1
            for a in found
        )
        print("right", right)
        """
    )
    assert measured.raised is None, measured.message
    assert "right 100" in measured.stdout
    assert measured.seconds < SECONDS and measured.peak_mb < MEGABYTES
