from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.corpus import load_document
from index.document import Document
from index.search import IndexSearcher
from index.store import build_index

REPO = Path(__file__).resolve().parents[2]
SEED_CORPUS = REPO / "resources" / "corpus"
SEED_FILE = SEED_CORPUS / "000_1d295d036ad38628.txt"

MARKDOWN_DOC = """---
title: 关于推进政务服务标准化的通知
date: 2023-05-04
source: 国务院办公厅
editor: 王五
id: md-notice
---

各省、自治区、直辖市人民政府：为推进政务服务标准化，现通知如下。

## 一、总体要求

坚持以人民为中心，推进C++与Python 2.0系统建设，目标2035年。

### （一）统一标准

一是统一事项清单。各地区要在2023年底前完成。二是不在段首。

二是规范办事指南。指南要写清“办什么、怎么办”。

## 二、保障措施

加强组织领导，落实12345+N热线。

（国务院办公厅 张三）
"""

SECOND_CAPTURE = """EN
https://www.gov.cn/

粵港澳大灣區發展規劃綱要解讀

2019-02-18 10:00 來源: 新華社
字號:默認 超大 | 打印 |

規劃綱要提出,建設富有活力和國際競爭力的一流灣區。

一、總體要求

(一)指導思想

一是堅持創新驅動。推動粵港澳科技合作。

二是堅持協調發展。

【我要糾錯】責任編輯:李四
掃一掃在手機打開當前頁
"""


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return load_document(SEED_FILE, SEED_CORPUS)


@pytest.fixture(scope="session")
def multi_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus of three documents in both formats, Traditional and Simplified."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED_FILE, root / SEED_FILE.name)
    (root / "001_gba2019.txt").write_text(SECOND_CAPTURE, "utf-8")
    sub = root / "notices"
    sub.mkdir()
    (sub / "notice.md").write_text(MARKDOWN_DOC, "utf-8")
    return root


@pytest.fixture(scope="session")
def multi_index(multi_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index") / "ix"
    build_index(multi_corpus, out, strict=True)
    return out


@pytest.fixture(scope="session")
def searcher(multi_index: Path) -> Iterator[IndexSearcher]:
    with IndexSearcher(multi_index) as s:
        yield s
