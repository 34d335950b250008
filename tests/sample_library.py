"""A small library with the bundled library's shapes, for tests that start the window.

The bundled library holds more than a thousand laws; a window test needs its kinds of
document, not its size: the gov.cn article, laws with 章/节, two versions of one law, a
law with 编, an administrative regulation, a departmental rule, a book of the Civil Code
and one law that stands identical in two folders.  Building its index takes seconds, not
minutes, so every test session can build its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = REPO / "resources" / "corpus"

SAMPLE_FILES = (
    "000_1d295d036ad38628.txt",
    "laws/README.md",
    "laws/宪法/宪法.md",
    "laws/行政法/数据安全法(2021-06-10).md",
    "laws/行政法/网络安全法(2016-11-07).md",
    "laws/行政法/个人信息保护法(2021-08-20).md",
    "laws/行政法/保守国家秘密法(2010-04-29).md",
    "laws/行政法/保守国家秘密法(2024-02-27).md",
    "laws/经济法/职业病防治法(2018-12-29).md",
    "laws/社会法/职业病防治法(2018-12-29).md",
    "laws/刑法/刑法.md",
    "laws/民法典/合同编.md",
    "laws/行政法规/不动产登记暂行条例(2019-03-24).md",
    "laws/部门规章/人力资源社会保障部/企业职工带薪年休假实施办法(2008-07-17).md",
)


def copy_sample_library(target: Path) -> Path:
    """Copy the sample files, keeping their folders (which give the categories)."""
    for relative in SAMPLE_FILES:
        source = BUNDLED_CORPUS / relative
        if not source.exists():
            continue  # README.md of the laws is optional; every law file is checked below
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    missing = [r for r in SAMPLE_FILES if r.endswith(".md") and not (target / r).exists()]
    missing = [r for r in missing if not r.endswith("README.md")]
    if missing:
        raise FileNotFoundError(f"sample library files missing from the corpus: {missing}")
    return target
