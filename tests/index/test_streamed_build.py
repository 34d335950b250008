"""A library built from documents read one at a time: the same documents and index as
from the whole corpus held at once, never more than a few parsed documents alive."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

import index.corpus
from index.build import build_index
from index.catalog import Catalog
from index.corpus import load_corpus
from index.corpus_scan import scan_corpus
from index.crossrefs import ReferenceTables
from index.document import Document
from index.index_files import MANIFEST_NAME

REPO = Path(__file__).resolve().parents[2]
LAWS = REPO / "resources" / "corpus" / "laws" / "宪法相关法"
SEED = REPO / "resources" / "corpus" / "000_1d295d036ad38628.txt"


@pytest.fixture(scope="module")
def law_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Laws that cite each other, in several versions, with an identical copy and two
    files of one id."""
    root = tmp_path_factory.mktemp("laws")
    shutil.copytree(LAWS, root / "宪法相关法")
    shutil.copy(SEED, root / SEED.name)
    copy = root / "copies"
    copy.mkdir()
    first = sorted(LAWS.glob("*.md"))[0]
    shutil.copy(first, copy / first.name)  # byte-identical: indexed once
    for number, body in enumerate(("推进政务服务标准化。", "加强组织领导。")):
        (copy / f"notice{number}.md").write_text(  # one front-matter id: the second renamed
            f"---\ntitle: 关于政务服务的通知\nid: md-notice\n---\n\n{body}\n", "utf-8"
        )
    return root


def test_streamed_corpus_gives_the_documents_the_whole_corpus_gives(law_corpus: Path) -> None:
    whole = load_corpus(law_corpus)
    streamed = scan_corpus(law_corpus)
    documents = list(streamed.documents())
    assert documents == list(whole.documents)
    # References resolved against tables gathered while scanning (one read fewer).
    tables = ReferenceTables()
    assert list(scan_corpus(law_corpus, tables.add).documents(tables=tables)) == documents
    assert whole.copies and whole.renamed and not all(d.current for d in documents)
    assert any(ref.doc_id for d in documents for b in d.blocks for ref in b.refs)
    assert streamed.copies == whole.copies and streamed.renamed == whole.renamed
    assert streamed.skipped == whole.skipped
    assert streamed.block_counts() == [len(d.blocks) for d in whole.documents]


def _index_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_NAME
    }


@pytest.mark.slow
def test_parallel_build_writes_the_same_index(law_corpus: Path, tmp_path: Path) -> None:
    serial = build_index(law_corpus, tmp_path / "serial", parallel=False)
    parallel = build_index(law_corpus, tmp_path / "parallel", parallel=True)
    assert _index_files(tmp_path / "serial") == _index_files(tmp_path / "parallel")
    for key in ("catalog", "sidecar", "files", "documents", "blocks", "identical_copies"):
        assert serial.manifest[key] == parallel.manifest[key]
    catalog = Catalog(tmp_path / "parallel")
    assert [entry.id for entry in catalog.documents] == [
        d.id for d in load_corpus(law_corpus).documents
    ]


@pytest.mark.slow
def test_build_holds_few_parsed_documents_at_once(
    law_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    most = 0
    parse = index.corpus.document_from_bytes

    def counted(data: bytes, path: Path, root: Path | None = None) -> Document:
        nonlocal most
        doc = parse(data, path, root)
        most = max(most, sum(isinstance(o, Document) for o in gc.get_objects()))
        return doc

    before = sum(isinstance(o, Document) for o in gc.get_objects())
    monkeypatch.setattr(index.corpus, "document_from_bytes", counted)
    report = build_index(law_corpus, tmp_path / "index", parallel=False)
    assert report.documents > 50
    # One document in its stages (parsed, linked, being written) and the one read next:
    # a handful, whatever the size of the corpus.
    assert most - before <= 5
