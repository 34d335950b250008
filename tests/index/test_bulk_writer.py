"""The bulk gram writer against a plain oracle: every term's blocks and every top list."""

from __future__ import annotations

import heapq
import random
from collections import Counter
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index.analysis import bucket_term, gram_counts
from index.folding import fold_text
from index.ranking import block_weight, top_size
from index.schema import INDEX_NAME, make_schema
from index.writer import BulkGramWriter

MIN_DF = 4
BUCKETS = 8  # few: rare bigrams of one block often share a bucket


def _texts() -> list[str]:
    rng = random.Random(20261203)
    common = "的法规定国家"
    rare = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥ABCxyz"
    texts = []
    for _ in range(700):
        words = []
        for _ in range(rng.randint(1, 12)):
            pool = common if rng.random() < 0.6 else rare
            words.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 5))))
        texts.append(rng.choice(["", " ", "，"]).join(words))
    # U+0000 and line breaks: grams that sort among the bucket terms, and whitespace
    texts[10:13] = ["\x00甲乙\x000丙", "的法\n规定\r\n国家\x1f的", "\x00\x00的"]
    texts[13:16] = ["\x000\x00甲"] * 3
    return texts


@pytest.mark.parametrize("arrays", [True, False], ids=["numpy", "python"])
@pytest.mark.parametrize("budget", [256 << 20, 40_000])
def test_bulk_writer_postings_and_top_lists_match_a_plain_oracle(
    tmp_path: Path, budget: int, arrays: bool
) -> None:
    # A small memory budget: the postings go through run files merged at the commit.
    texts = _texts()
    folded = [fold_text(t) for t in texts]
    boosts = [3 if n % 7 == 0 else 1 for n in range(len(texts))]
    counts = [gram_counts(f) for f in folded]
    bigram_df = Counter(g for c in counts for g in c if len(g) == 2)
    lengths = [len(f) for f in folded]

    # The oracle: blocks and weights per term, rare bigrams summed into their bucket.
    postings: dict[str, dict[int, float]] = {}
    for docnum, (c, boost) in enumerate(zip(counts, boosts, strict=True)):
        for gram, freq in c.items():
            if len(gram) == 2 and bigram_df[gram] < MIN_DF:
                gram = bucket_term(gram, BUCKETS)
            row = postings.setdefault(gram, {})
            row[docnum] = row.get(docnum, 0.0) + freq * boost
    expected_tops = {}
    for gram, row in postings.items():
        keep = top_size(len(row))
        if keep and len(set(gram)) == len(gram):
            best = heapq.nsmallest(
                keep, ((-block_weight(w, lengths[d]), d) for d, w in row.items())
            )
            expected_tops[gram] = [d for _, d in best]
    assert expected_tops, "the texts should give some grams a top list"
    assert any(term.startswith("\x00") for term in postings), "and some bucket terms"

    ix = FileStorage(str(tmp_path)).create_index(make_schema(), indexname=INDEX_NAME)
    writer = BulkGramWriter(
        ix,
        bigram_df=bigram_df,
        min_bigram_df=MIN_DF,
        buckets=BUCKETS,
        lengths=lengths,
        compound=False,
        memory_budget=budget,
        arrays=arrays,
    )
    for docnum, (text, boost) in enumerate(zip(texts, boosts, strict=True)):
        fields = {"doc_id": f"d{docnum}", "block": (docnum,), "text": text, "_text_boost": boost}
        if docnum % 2:  # folded by the caller, or by the writer
            fields["_text_folded"] = folded[docnum]
        writer.add_document(**fields)
    writer.commit(optimize=True)
    assert (writer.runs_written > 3) == (budget < 1 << 20)
    assert not list(tmp_path.glob(".postings-*"))

    assert {g: list(v) for g, v in writer.tops.items()} == expected_tops
    with ix.searcher() as searcher:
        reader = searcher.reader()
        indexed = {
            term.decode("utf-8"): list(reader.postings("text", term).all_ids())
            for field, term in reader.all_terms()
            if field == "text"
        }
    assert indexed == {gram: sorted(row) for gram, row in postings.items()}
    assert {"\x00", "\x000", "\x00甲"} <= indexed.keys()
    assert list(indexed) == sorted(indexed, key=lambda term: term.encode("utf-8"))


def test_numpy_and_python_writers_make_the_same_files(tmp_path: Path) -> None:
    # numpy with half of the postings written by a forked process, numpy alone, Python
    texts = _texts()
    folded = [fold_text(t) for t in texts]
    bigram_df = Counter(g for f in folded for g in gram_counts(f) if len(g) == 2)
    files = {}
    tops = {}
    boosts = [3 if n % 7 == 0 else 1 for n in range(len(texts))]
    # and numpy with every block's grams given ahead to a forked process
    for arrays, parallel, ahead in (
        (True, True, True),
        (True, True, False),
        (True, False, False),
        (False, False, False),
    ):
        folder = tmp_path / f"{arrays}{parallel}{ahead}"
        folder.mkdir()
        ix = FileStorage(str(folder)).create_index(make_schema(), indexname=INDEX_NAME)
        random.seed(7)  # Whoosh's segment name
        writer = BulkGramWriter(
            ix,
            bigram_df=bigram_df,
            min_bigram_df=MIN_DF,
            buckets=BUCKETS,
            lengths=[len(f) for f in folded],
            compound=False,
            memory_budget=40_000,
            arrays=arrays,
            parallel=parallel,
        )
        if ahead:
            assert writer.grams_ahead(folded, boosts)
        for docnum, text in enumerate(texts):
            writer.add_document(
                doc_id=f"d{docnum}", block=(docnum,), text=text, _text_boost=boosts[docnum]
            )
        writer.commit(optimize=True)
        files[arrays, parallel, ahead] = {p.name: p.read_bytes() for p in folder.iterdir()}
        tops[arrays, parallel, ahead] = list(writer.tops.items())
    assert all(f == files[False, False, False] for f in files.values())
    assert all(t == tops[False, False, False] for t in tops.values())
    assert tops[False, False, False] != []
    assert not list(tmp_path.glob("*/.postings-*"))


def test_a_block_other_than_the_one_given_ahead_is_refused(tmp_path: Path) -> None:
    texts = _texts()[:50]
    folded = [fold_text(t) for t in texts]
    ix = FileStorage(str(tmp_path)).create_index(make_schema(), indexname=INDEX_NAME)
    writer = BulkGramWriter(
        ix, kept=set(), lengths=[len(f) for f in folded], compound=False, arrays=True, parallel=True
    )
    assert writer.grams_ahead(folded, [1] * len(folded))
    writer.add_document(doc_id="d0", block=(0,), text=texts[0], _text_boost=1)
    with pytest.raises(ValueError, match="given ahead"):
        writer.add_document(doc_id="d1", block=(1,), text=texts[1] + "甲", _text_boost=1)
    writer.cancel()
    assert not list(tmp_path.glob(".postings-*"))
