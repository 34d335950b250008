"""The searchable library, Qt-free: which indexes make it up, and searching them as one.

A library session is the bundled index, the index of every installed pack and the
personal library's index, resolved the same way by the window, the self-check and
``python -m index search``:

* the bundled index is used if it is usable and matches the bundled corpus, else a
  usable index rebuilt in the per-user folder; otherwise the caller rebuilds into the
  per-user folder (the install folder may be read-only) — :func:`choose_index`;
* packs live in ``<data dir>/packs/<pack id>/index`` (per user) and
  ``<system packs dir>/<pack id>/index`` (per machine, :func:`index.paths.system_packs_dir`);
  one that cannot be read is left out with a note, it never hides the rest (a pack whose
  index files are the ones its install verified is not read again to open it, see
  :mod:`index.packs.verified`);
* the personal library's index is ``<data dir>/library/index``.

Hits of a combined search say where they come from (:attr:`SearchHit.library`):
``bundled``, ``personal`` or ``pack:<pack id>``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from index import paths
from index.facets import SearchOptions
from index.index_files import parse_json
from index.library_names import BUNDLED_LIBRARY, PACK_LIBRARY_PREFIX, PERSONAL_LIBRARY
from index.packs.archive import METADATA_FILE
from index.packs.keys import KeyFileError, parse_public_key
from index.packs.layout import installed_version
from index.packs.verified import check_installed_index
from index.search import CombinedSearcher, IndexSearcher, SearchResult, open_searcher
from index.store import IndexState, IndexStatus, check_index

__all__ = [
    "BUNDLED_LIBRARY",
    "PACK_LIBRARY_PREFIX",
    "PERSONAL_LIBRARY",
    "IndexChoice",
    "InstalledPack",
    "LibrarySession",
    "SessionError",
    "choose_index",
    "choose_installed_packs",
    "combine_searchers",
    "installed_pack_folders",
    "only_libraries",
    "open_pack_libraries",
    "open_packs",
    "open_session",
    "pack_index_dirs",
]

log = logging.getLogger(__name__)


Searcher = IndexSearcher | CombinedSearcher


class SessionError(RuntimeError):
    """A library that was asked for cannot be searched; the message says why."""


@dataclass(frozen=True)
class IndexChoice:
    """Where the index to use lives, or why none is usable (``path`` is then the rebuild target)."""

    path: Path
    status: IndexStatus
    bundled_status: IndexStatus

    @property
    def usable(self) -> bool:
        return self.status.ok


def choose_index(
    corpus_dir: Path | None, bundled_dir: Path, user_dir: Path, *, full: bool = False
) -> IndexChoice:
    """The bundled index if usable (and built from ``corpus_dir``), else the per-user one.

    ``full``: verify every byte of the index files (:mod:`index.integrity`), not a sample."""
    bundled = check_index(bundled_dir, corpus_dir, full=full)
    if bundled.ok:
        return IndexChoice(bundled_dir, bundled, bundled)
    log.info("bundled index not usable (%s): %s", bundled.state, bundled.message)
    user = check_index(user_dir, corpus_dir, full=full)
    if user.ok:
        return IndexChoice(user_dir, user, bundled)
    log.info("per-user index not usable (%s): %s", user.state, user.message)
    # Report the more telling of the two problems: a damaged index beats a missing one.
    status = bundled if bundled.state is not IndexState.MISSING else user
    return IndexChoice(user_dir, status, bundled)


def pack_index_dirs(packs_dir: Path) -> list[tuple[str, Path]]:
    """``(label, index folder)`` of every installed pack, by pack id (none if no folder)."""
    if not packs_dir.is_dir():
        return []
    found = []
    for folder in sorted(packs_dir.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            version = installed_version(folder)  # None: what is left of a removed pack
            if version is not None:
                found.append((PACK_LIBRARY_PREFIX + folder.name, version / paths.INDEX_SUBDIR))
    return found


@dataclass(frozen=True)
class InstalledPack:
    """An installed pack's folder (``documents/``, ``index/``, ``pack.json``) and names."""

    label: str  # "pack:<pack id>", as hits say where they come from
    pack_id: str
    title: str  # the title its publisher gave it (the id when pack.json is unreadable)
    folder: Path

    @property
    def index_dir(self) -> Path:
        return self.folder / paths.INDEX_SUBDIR


def _pack_metadata(folder: Path) -> dict[str, object]:
    """The pack's ``pack.json`` (empty for an index laid out as a pack, the benchmark's,
    or when unreadable)."""
    try:
        metadata = parse_json((folder / METADATA_FILE).read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("%s of %s unreadable: %s", METADATA_FILE, folder, exc)
        return {}
    return metadata if isinstance(metadata, dict) else {}


def _pack_title(folder: Path, metadata: dict[str, object]) -> str:
    title = metadata.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else folder.name


def _document_ids(metadata: dict[str, object]) -> set[str]:
    contents = metadata.get("contents")
    if not isinstance(contents, list):
        return set()
    return {str(item["id"]) for item in contents if isinstance(item, dict) and "id" in item}


def _publisher(metadata: dict[str, object]) -> str:
    """The publisher and its key's fingerprint, as the pack manager shows them."""
    try:
        key = parse_public_key(str(metadata.get("publisher_key"))).fingerprint
    except KeyFileError:
        key = "?"
    return f"{metadata.get('publisher', '?')} ({key})"


def installed_pack_folders(data_dir: Path | None) -> list[InstalledPack]:
    """Every installed pack as :func:`choose_installed_packs` chooses them."""
    return choose_installed_packs(data_dir)[0]


def choose_installed_packs(data_dir: Path | None) -> tuple[list[InstalledPack], list[str]]:
    """Every installed pack — the user's, then the machine's, each by pack id — and a
    note for each one shadowed or left out.

    A user's copy of a machine pack from the same publisher key shadows the machine's;
    from another key (installed before the administrator installed the machine's) the
    machine's wins and the user's is shadowed.  A pack with a document id that a pack
    chosen before it has (the machine's first) is left out: one id, one document.
    """

    def listed(packs_dir: Path) -> list[tuple[str, Path, Path, dict[str, object]]]:
        return [
            (label[len(PACK_LIBRARY_PREFIX) :], d.parent, packs_dir, _pack_metadata(d.parent))
            for label, d in pack_index_dirs(packs_dir)
        ]

    user = listed(paths.packs_dir(data_dir))
    machine = listed(paths.system_packs_dir())
    notes: list[str] = []
    machine_by_id = {pack_id: metadata for pack_id, _, _, metadata in machine}
    chosen_user = []
    for pack_id, folder, where, metadata in user:
        theirs = machine_by_id.get(pack_id)
        if theirs is None or theirs.get("publisher_key") == metadata.get("publisher_key"):
            chosen_user.append((pack_id, folder, where, metadata))
            machine_by_id.pop(pack_id, None)
        else:
            notes.append(
                f"{PACK_LIBRARY_PREFIX}{pack_id} in {where} from {_publisher(metadata)} is "
                f"shadowed by the machine's pack of the same id from {_publisher(theirs)}"
            )
    chosen_machine = [item for item in machine if item[0] in machine_by_id]
    taken: dict[str, str] = {}
    kept: set[Path] = set()
    for pack_id, folder, where, metadata in [*chosen_machine, *chosen_user]:
        ids = _document_ids(metadata)
        clash = sorted(doc_id for doc_id in ids if doc_id in taken)
        if clash:
            notes.append(
                f"{PACK_LIBRARY_PREFIX}{pack_id} in {where} left out: its document "
                f"{clash[0]!r} is also in {taken[clash[0]]}"
            )
            continue
        kept.add(folder)
        taken.update(dict.fromkeys(ids, f"{PACK_LIBRARY_PREFIX}{pack_id}"))
    return [
        InstalledPack(PACK_LIBRARY_PREFIX + pack_id, pack_id, _pack_title(folder, metadata), folder)
        for pack_id, folder, _, metadata in [*chosen_user, *chosen_machine]
        if folder in kept
    ], notes


def open_pack_libraries(
    data_dir: Path, *, full_check: bool = False
) -> tuple[list[tuple[InstalledPack, IndexSearcher]], list[str]]:
    """Searchers on every usable installed pack, and a note for each one left out."""
    opened: list[tuple[InstalledPack, IndexSearcher]] = []
    chosen, notes = choose_installed_packs(data_dir)
    for pack in chosen:
        status = check_installed_index(pack.folder, full=full_check)
        if not status.ok:
            notes.append(f"{pack.label} left out: {status.message}")
            continue
        try:
            opened.append((pack, IndexSearcher(pack.index_dir)))
        except Exception as exc:  # a pack never hides the rest of the library
            notes.append(f"{pack.label} left out: {type(exc).__name__}: {exc}")
    return opened, notes


def open_packs(
    data_dir: Path, *, full_check: bool = False
) -> tuple[list[tuple[str, IndexSearcher]], list[str]]:
    """Searchers on every usable installed pack by label, and a note for each one left out."""
    opened, notes = open_pack_libraries(data_dir, full_check=full_check)
    return [(pack.label, searcher) for pack, searcher in opened], notes


def combine_searchers(
    bundled: IndexSearcher | None,
    others: Sequence[tuple[str, IndexSearcher]] = (),
    *,
    label_alone: bool = False,
) -> Searcher | None:
    """What library search runs on: the bundled index alone when nothing else is there
    (unless ``label_alone``: then its hits say ``bundled`` too)."""
    if bundled is None:
        return None
    if not others and not label_alone:
        return bundled
    return CombinedSearcher([(BUNDLED_LIBRARY, bundled), *others])


def only_libraries(searcher: Searcher | None, libraries: Collection[str]) -> Searcher | None:
    """``searcher`` narrowed to the libraries named (``bundled``, ``personal``,
    ``pack:<id>``): a facet of the result list, with exact totals, ranked with the
    statistics of what is left.  None when none of them is there."""
    if searcher is None:
        return None
    if isinstance(searcher, CombinedSearcher):
        kept = [(label, one) for label, one in searcher.searchers if label in libraries]
        return CombinedSearcher(kept) if kept else None
    return searcher if BUNDLED_LIBRARY in libraries else None


@dataclass
class LibrarySession:
    """Open searchers over the libraries found, searched as one; close when done."""

    bundled: IndexSearcher
    others: list[tuple[str, IndexSearcher]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    label_hits: bool = False

    @property
    def searcher(self) -> Searcher:
        combined = combine_searchers(self.bundled, self.others, label_alone=self.label_hits)
        assert combined is not None
        return combined

    def search(
        self,
        query: str,
        limit: int | None = 20,
        doc_id: str | None = None,
        *,
        all_versions: bool = False,
        options: SearchOptions | None = None,
        libraries: Collection[str] | None = None,
    ) -> SearchResult:
        """``libraries``: only hits from these (see :func:`only_libraries`)."""
        searcher: Searcher | None = self.searcher
        if libraries is not None:
            searcher = only_libraries(searcher, libraries) or CombinedSearcher([])
        assert searcher is not None
        return searcher.search(
            query, limit=limit, doc_id=doc_id, all_versions=all_versions, options=options
        )

    def close(self) -> None:
        for _, searcher in self.others:
            searcher.close()
        self.others = []
        self.bundled.close()

    def __enter__(self) -> LibrarySession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_session(
    bundled_index: Path | None = None,
    data_dir: Path | None = None,
    *,
    corpus_dir: Path | None = None,
    full_check: bool = False,
) -> LibrarySession:
    """Open the bundled library and, with ``data_dir``, its packs and personal library.

    Without ``bundled_index`` the index is chosen as :func:`choose_index` does (the
    per-user rebuild in the default user data folder is looked at, never created).
    Raises :class:`SessionError` when the bundled index or a damaged personal index
    cannot be searched; a missing personal library or an unreadable pack is a note.
    ``full_check`` reads every byte of every index against its checksums first (the
    command line does: a damaged file must never give a silently wrong answer).
    """
    if bundled_index is None:
        choice = choose_index(
            corpus_dir, paths.bundled_index_dir(), paths.user_index_dir(), full=full_check
        )
        bundled_index = choice.path
        status = choice.status
    else:
        status = check_index(bundled_index, full=full_check)
    if not status.ok:
        raise SessionError(f"{status.message}; build it with: python -m index build")
    notes: list[str] = []
    others: list[tuple[str, IndexSearcher]] = []
    bundled = open_searcher(bundled_index)
    try:
        if data_dir is not None:
            others, notes = open_packs(data_dir, full_check=full_check)
            personal_dir = paths.personal_library_dir(data_dir) / paths.INDEX_SUBDIR
            personal = check_index(personal_dir, full=full_check)
            if personal.ok:
                others.append((PERSONAL_LIBRARY, IndexSearcher(personal_dir)))
            elif personal.state is IndexState.MISSING:
                notes.append(f"no personal library in {data_dir}")
            else:
                raise SessionError(
                    f"personal library index: {personal.message}; opening the library "
                    "(the app, or policy-library import) rebuilds it"
                )
    except BaseException:
        for _, searcher in others:
            searcher.close()
        bundled.close()
        raise
    return LibrarySession(bundled, others, notes, label_hits=data_dir is not None)
