"""The bundled library (resources/corpus) for the tests that need all of it, loaded and
indexed once.

``.ci/setup`` builds resources/index and then records what it was built from
(``python -m tests.library_index stamp``): the corpus's hash, the index code's and the
pinned packages'. A test takes that index while all of them are unchanged, and builds its
own otherwise (a changed corpus or index code, an index rebuilt since, no set-up run).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

from index.corpus import Corpus, corpus_hash, load_corpus
from index.store import build_index

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "resources" / "corpus"
INDEX = REPO / "resources" / "index"
STAMP = REPO / "resources" / "index.inputs"


@functools.cache
def bundled_corpus() -> Corpus:
    """The whole bundled library, parsed once per test process (documents are frozen)."""
    return load_corpus(CORPUS)


def inputs_key(corpus: Path = CORPUS) -> str:
    """What an index of ``corpus`` depends on: its files, the index code, the pins."""
    digest = hashlib.sha256(corpus_hash(corpus).encode())
    for path in sorted((REPO / "index").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(hashlib.sha256((REPO / "pyproject.toml").read_bytes()).digest())
    return digest.hexdigest()


def _built(index: Path) -> str | None:
    try:
        return str(json.loads((index / "manifest.json").read_text("utf-8"))["built"])
    except (OSError, ValueError, KeyError):
        return None


def stamp() -> None:
    """Record that resources/index was just built from resources/corpus by this code."""
    from index import paths

    STAMP.unlink(missing_ok=True)
    if paths.bundled_index_dir().resolve() != INDEX or paths.corpus_dir().resolve() != CORPUS:
        return  # built elsewhere (POLICY_LIBRARY_INDEX_DIR, POLICY_LIBRARY_CORPUS_DIR)
    STAMP.write_text(json.dumps({"inputs": inputs_key(), "built": _built(INDEX)}) + "\n", "utf-8")


def set_up_index() -> Path | None:
    """resources/index when ``.ci/setup`` built it from this corpus with this code, else None."""
    try:
        recorded = json.loads(STAMP.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    built = _built(INDEX)
    if built is None or recorded.get("built") != built or recorded.get("inputs") != inputs_key():
        return None
    return INDEX


def library_index(tmp: Path) -> Path:
    """An index of the whole bundled library built by this code: the set-up's, or a new
    one in ``tmp``. Only read from it."""
    return set_up_index() or build_index(CORPUS, tmp / "index").out_dir


if __name__ == "__main__":
    if sys.argv[1:] != ["stamp"]:
        raise SystemExit("usage: python -m tests.library_index stamp")
    stamp()
