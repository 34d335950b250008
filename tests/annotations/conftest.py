"""Shared fixtures: a small policy document written here, its revisions, and a store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations import AnnotationStore
from index.document import Document
from index.parsing import parse_markdown

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_CORPUS = REPO_ROOT / "resources" / "corpus"

PARAGRAPHS = [
    "## 一、总体要求",
    "坚持以人民为中心的发展思想，推进政务服务标准化、规范化、便利化，"
    "让企业和群众办事更加方便快捷，切实提升群众的获得感和满意度。",
    "到2025年，政务服务事项全面实现网上可办，一网通办能力显著增强，"
    "线上线下融合发展的服务体系基本建成。",
    "## 二、重点任务",
    "### （一）推进数据共享",
    "建立健全政务数据共享协调机制，打破信息孤岛，推动数据跨部门、跨层级、"
    "跨地区有序流动，为数字政府建设提供有力支撑。",
    "加强数据安全保护，落实网络安全等级保护制度，防范数据泄露风险。",
    "### （二）优化办事流程",
    "全面梳理高频事项，压减办事环节、申请材料和办理时间，推行告知承诺制，能减则减、能并则并。",
]


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder holding only the seed article (the bundled one also holds the laws)."""
    folder = tmp_path_factory.mktemp("seed-corpus")
    name = "000_1d295d036ad38628.txt"
    (folder / name).write_bytes((SEED_CORPUS / name).read_bytes())
    return folder


def make_document(paragraphs: list[str], doc_id: str = "demo") -> Document:
    front = (
        "---\ntitle: 关于加强数字政府建设的示范文件\ndate: 2024-03-15\nsource: 示范办公厅\n---\n"
    )
    return parse_markdown(front + "\n\n".join(paragraphs) + "\n", doc_id)


@pytest.fixture
def document() -> Document:
    return make_document(PARAGRAPHS)


@pytest.fixture
def documents(document: Document) -> dict[str, Document]:
    return {document.id: document}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AnnotationStore]:
    with AnnotationStore(tmp_path / "data") as opened:
        yield opened


def block_with(document: Document, needle: str) -> tuple[str, int, int]:
    """``(block_id, start, end)`` of the first occurrence of ``needle``."""
    for block in document.blocks:
        at = block.text.find(needle)
        if at >= 0:
            return block.id, at, at + len(needle)
    raise AssertionError(f"{needle!r} not in the document")
