"""One rule for dates: the bundled corpus and imported documents write them the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.importing.draft import ImportDraft
from index.corpus import load_corpus
from index.dates import normalise_date


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2024年3月5日", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2022-08-26 13:48", "2022-08-26T13:48"),
        ("2022-08-26 13:48:07", "2022-08-26T13:48"),
        ("2024年3月", "2024-03"),
        ("2024-3", "2024-03"),
        ("2024年", "2024"),
        (" 2024年13月 ", "2024年13月"),
        ("二〇二四年三月", "二〇二四年三月"),
        ("2024年3月5日 起施行", "2024年3月5日 起施行"),
    ],
)
def test_dates_are_normalised_or_kept(typed: str, stored: str) -> None:
    assert normalise_date(typed) == stored


@pytest.mark.parametrize("typed", ["2024年3月", "2024年3月5日", "2023-05-04", "2024年"])
def test_corpus_and_import_store_the_same_date(tmp_path: Path, typed: str) -> None:
    (tmp_path / "doc.md").write_text(
        f"---\ntitle: 关于节能检查的通知\ndate: {typed}\n---\n\n各单位要认真开展节能检查。\n",
        "utf-8",
    )
    bundled = load_corpus(tmp_path).documents[0].published
    draft = ImportDraft.from_paragraphs("关于节能检查的通知", ["各单位要认真开展节能检查。"])
    imported = draft.with_metadata({"date": typed}).published
    assert bundled == imported == normalise_date(typed)
