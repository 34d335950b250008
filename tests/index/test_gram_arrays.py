"""Gram keys and their bucket numbers in arrays, against the strings they stand for."""

from __future__ import annotations

import random
import zlib

import numpy as np

from index.analysis import bucket_term, gram_counts
from index.gram_arrays import (
    BUCKET_BASE,
    MAX_BUCKETS,
    bigram_document_frequencies,
    crc32_of_keys,
    gram_key,
    key_text,
    space_table,
)


def _grams(count: int) -> list[str]:
    rng = random.Random(20261203)
    spans = [(0, 0x80), (0x80, 0x800), (0x800, 0x10000), (0x10000, 0x110000)]

    def char() -> str:
        return chr(rng.randrange(*rng.choice(spans)))

    return [char() + char() if rng.random() < 0.7 else char() for _ in range(count)]


def test_keys_sort_as_terms_and_give_zlib_bucket_numbers() -> None:
    grams = _grams(5000)
    buckets = [f"\x00{n:06x}" for n in (0, 5, 0x3F, 0x12345, MAX_BUCKETS - 1)]
    keys = [gram_key(g) for g in grams] + [BUCKET_BASE + int(b[1:], 16) for b in buckets]
    assert [key_text(k) for k in keys] == grams + buckets
    # in term order, but for the grams beginning with U+0000 (put in place when written)
    ordinary = [k for k in keys if k >= 1 << 21 or k >= BUCKET_BASE]
    by_key = [key_text(k) for k in sorted(ordinary)]
    assert by_key == sorted(by_key, key=lambda t: t.encode("utf-8", "surrogatepass"))
    assert len(ordinary) > 5000 * 0.9
    crcs = crc32_of_keys(np.array(keys[: len(grams)], dtype=np.uint64)).tolist()
    assert crcs == [zlib.crc32(g.encode("utf-8", "surrogatepass")) for g in grams]
    assert [f"\x00{c % 4096:06x}" for c in crcs] == [bucket_term(g, 4096) for g in grams]


def test_whitespace_is_what_str_split_splits_on() -> None:
    table = space_table()
    assert [c for c in range(0x110000) if len(f"a{chr(c)}a".split()) == 2] == list(
        np.flatnonzero(table)
    )
    assert not table[-1]


def test_bigram_document_frequencies_count_blocks() -> None:
    texts = ["甲乙 甲乙，丙", "", "甲乙\n丙丁", "\u3000丙丁\x00", *(["戊己"] * 3)]
    keys, df, characters = bigram_document_frequencies(texts, batch_chars=8)
    want: dict[str, int] = {}
    for text in texts:
        for gram in gram_counts(text):
            if len(gram) == 2:
                want[gram] = want.get(gram, 0) + 1
    assert dict(zip(map(key_text, keys.tolist()), df.tolist(), strict=True)) == want
    assert set(map(chr, characters.tolist())) == set("".join(texts))
