"""Packs for the tests: a publisher key, a small corpus in versions, and a repacker."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from index.packs.archive import MANIFEST_FILE, METADATA_FILE, SIGNATURE_FILE
from index.packs.build import build_pack, canonical_json
from index.packs.keys import PublicKey, generate_key, load_private_key, sign

FRONT = "---\ntitle: {title}\ndate: 2024-03-15\nsource: 示范省人民政府办公厅\n---\n\n"

DOCS_V1 = {
    "road.md": (
        "关于加强农村公路养护管理的通知",
        [
            "## 一、总体要求",
            "各市县要建立健全农村公路养护长效机制，确保路况良好，群众出行安全便捷。",
            "## 二、主要措施",
            "落实养护资金，县级财政每年安排专项经费，用于农村公路日常养护和应急抢修。",
        ],
    ),
    "water.md": (
        "关于做好饮用水水源保护工作的意见",
        [
            "## 一、划定保护区",
            "各地要依法划定饮用水水源保护区，设立明确的地理界标和警示标志。",
            "## 二、加强监测",
            "定期开展水质监测，发现异常立即报告并启动应急预案。",
        ],
    ),
    "forest.md": (
        "关于推进林长制的实施方案",
        [
            "## 一、组织体系",
            "建立省市县乡村五级林长体系，各级林长负责责任区域内森林草原资源保护发展。",
        ],
    ),
}


def write_corpus(folder: Path, docs: dict[str, tuple[str, list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, paragraphs) in docs.items():
        (folder / name).write_text(FRONT.format(title=title) + "\n\n".join(paragraphs) + "\n")
    return folder


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, PublicKey]:
    path = tmp_path / "keys" / "publisher.key"
    return path, generate_key(path)


@pytest.fixture
def other_key(tmp_path: Path) -> tuple[Path, PublicKey]:
    path = tmp_path / "keys" / "other.key"
    return path, generate_key(path)


PackMaker = Callable[..., Path]


@pytest.fixture
def make_pack(tmp_path: Path, key: tuple[Path, PublicKey]) -> PackMaker:
    def make(
        docs: dict[str, tuple[str, list[str]]] = DOCS_V1,
        version: str = "1",
        pack_id: str = "shifan-province",
        key_file: Path | None = None,
        name: str | None = None,
    ) -> Path:
        corpus = write_corpus(tmp_path / f"corpus-{pack_id}-{version}-{name}", docs)
        out = tmp_path / "built" / (name or f"{pack_id}-{version}.pack")
        build_pack(
            corpus,
            out,
            pack_id=pack_id,
            title="示范省政策",
            version=version,
            key_file=key_file or key[0],
            publisher="示范省人民政府办公厅",
            date="2026-11-30",
        )
        return out

    return make


def repack(
    source: Path,
    out: Path,
    mutate: Callable[[dict[str, bytes]], None],
    key_file: Path | None = None,
    manifest_change: Callable[[dict[str, object]], None] | None = None,
) -> Path:
    """Copy a pack changing its entries; with ``key_file`` the manifest is recomputed and
    signed again (a well-signed pack with bad contents)."""
    with zipfile.ZipFile(source) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    mutate(entries)
    if key_file is not None:
        manifest = json.loads(entries[MANIFEST_FILE])
        manifest["files"] = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in entries.items()
            if name not in (MANIFEST_FILE, METADATA_FILE, SIGNATURE_FILE)
        }
        manifest["metadata_sha256"] = hashlib.sha256(entries[METADATA_FILE]).hexdigest()
        if manifest_change is not None:
            manifest_change(manifest)
        entries[MANIFEST_FILE] = canonical_json(manifest)
        entries[SIGNATURE_FILE] = sign(load_private_key(key_file), entries[MANIFEST_FILE])
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` with its bytes' sha256 (folders: "dir")."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        )
        for path in sorted(folder.rglob("*"))
    }
