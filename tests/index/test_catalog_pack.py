"""Documents stored in the index's pack, several to a compressed chunk: every document
reads back exactly, an older pack (one zlib stream per record) still reads, and damage
is a clear error."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

import index.catalog
from index.catalog import CATALOG_NAME, PACK_NAME, Catalog, CatalogError, outline_of, write_catalog
from index.corpus import load_corpus
from index.document import Document


def _documents(sample_corpus: Path) -> tuple[Document, ...]:
    return load_corpus(sample_corpus).documents


@pytest.mark.parametrize("chunk_bytes", [1, 4096, 64 * 1024, 64 * 1024 * 1024])
def test_every_document_reads_back_whatever_the_chunk_size(
    sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int
) -> None:
    monkeypatch.setattr(index.catalog, "PACK_CHUNK_BYTES", chunk_bytes)
    documents = _documents(sample_corpus)
    write_catalog(tmp_path, documents)
    entries = json.loads((tmp_path / CATALOG_NAME).read_text("utf-8"))["documents"]
    chunks = {tuple(e["pack"][:2]) for e in entries}
    if chunk_bytes == 1:
        assert len(chunks) == len(documents)  # one document a chunk
    if chunk_bytes >= 64 * 1024 * 1024:
        assert len(chunks) == 1  # the whole library in one chunk
    catalog = Catalog(tmp_path)
    # in reverse: chunks are found by offset, not by reading along
    for doc in reversed(documents):
        assert catalog.read_document(doc.id) == doc
        assert catalog.outline(doc.id) == outline_of(doc)
        assert catalog.texts(doc.id) == tuple(b.text for b in doc.blocks)


def test_chunks_make_the_pack_smaller_than_a_stream_per_document(
    sample_corpus: Path, tmp_path: Path
) -> None:
    documents = _documents(sample_corpus)
    write_catalog(tmp_path, documents)
    per_document = sum(
        len(zlib.compress(json.dumps(_record(d), ensure_ascii=False).encode(), 6))
        + len(zlib.compress("\x1e".join(b.text for b in d.blocks).encode(), 6))
        for d in documents
    )
    assert (tmp_path / PACK_NAME).stat().st_size < per_document * 0.9


def _record(doc: Document) -> dict[str, object]:
    return {
        "blocks": [index.catalog._block_record(b) for b in doc.blocks],
        "outline": [[e.level, e.kind, e.title, e.block_id] for e in outline_of(doc)],
    }


def test_a_pack_of_the_previous_version_still_reads(sample_corpus: Path, tmp_path: Path) -> None:
    """Installed library packs were built with one zlib stream per record (version 2)."""
    documents = _documents(sample_corpus)
    write_catalog(tmp_path, documents)
    data = json.loads((tmp_path / CATALOG_NAME).read_text("utf-8"))
    offset = 0
    with (tmp_path / PACK_NAME).open("wb") as pack:
        for doc, entry in zip(documents, data["documents"], strict=True):
            structure = zlib.compress(
                json.dumps(_record(doc), ensure_ascii=False, separators=(",", ":")).encode()
            )
            texts = zlib.compress("\x1e".join(b.text for b in doc.blocks).encode())
            pack.write(structure + texts)
            entry["pack"] = [offset, len(structure), len(texts)]
            offset += len(structure) + len(texts)
    data["version"] = 2
    (tmp_path / CATALOG_NAME).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    catalog = Catalog(tmp_path)
    for doc in documents:
        assert catalog.read_document(doc.id) == doc


def test_a_damaged_chunk_is_a_catalog_error_naming_the_document(
    sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.catalog, "PACK_CHUNK_BYTES", 1)
    documents = _documents(sample_corpus)
    write_catalog(tmp_path, documents)
    victim = documents[len(documents) // 2]
    entry = Catalog(tmp_path).entry(victim.id)
    assert entry is not None
    pack = bytearray((tmp_path / PACK_NAME).read_bytes())
    pack[entry.pack[0] + entry.pack[1] // 2] ^= 0x55
    (tmp_path / PACK_NAME).write_bytes(bytes(pack))
    catalog = Catalog(tmp_path)
    with pytest.raises(CatalogError, match="cannot be read"):
        catalog.read_document(victim.id)
    # the other documents are in other chunks and read as before
    other = documents[0]
    assert catalog.read_document(other.id) == other
    # a pack cut short
    (tmp_path / PACK_NAME).write_bytes(bytes(pack[: entry.pack[0] + 10]))
    with pytest.raises(CatalogError):
        Catalog(tmp_path).texts(documents[-1].id)
