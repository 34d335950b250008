"""Installing and removing library packs, with notes re-anchored after (Qt-free).

The one way for ``policy-library packs`` and the 文库包 manager: the pack itself is
handled by :mod:`index.packs.install`; afterwards, when documents changed or went away,
the user's notes are re-anchored against every document of every library as they now
are (:func:`desktop.personal.update_annotations`): notes on a changed document find
their place in the new text, notes on a removed one become detached, never dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.library import LayeredDocuments
from desktop.pack_library import installed_pack_documents
from index import paths
from index.document import Document
from index.folder_lock import HolderInfo
from index.packs.install import (
    LOCK_WAIT_SECONDS,
    InstallReport,
    PackInfo,
    PackPreview,
    install_pack,
    installed_packs,
    preview_pack,
    remove_pack,
)
from index.packs.keys import PublicKey, trusted_keys

if TYPE_CHECKING:
    from desktop.annotations import AnnotationStore

__all__ = ["PackChange", "PackService", "library_documents"]

log = logging.getLogger(__name__)

USER_SCOPE = "user"
MACHINE_SCOPE = "machine"


@dataclass(frozen=True)
class PackChange:
    report: InstallReport | None = None
    removed: PackInfo | None = None
    notes_reanchored: int = 0


def packs_dirs(data_dir: Path) -> list[tuple[str, Path]]:
    """Where packs are installed: ``(scope, folder)``, the user's first."""
    return [(USER_SCOPE, paths.packs_dir(data_dir)), (MACHINE_SCOPE, paths.system_packs_dir())]


def library_documents(
    data_dir: Path, others: Callable[[], Mapping[str, Document]] | None = None
) -> Mapping[str, Document]:
    """Every document notes can be anchored to: the installed packs' as they are on disk
    now (a removed pack's are gone, an updated one's are the new ones) and the bundled
    and personal libraries' (``others``, e.g. the window's, or read here).  Each
    document is read from its index's catalog when a note asks for it."""
    packs = installed_pack_documents(data_dir)
    if others is not None:
        rest = others()
    else:
        from desktop.library import bundled_documents

        rest = bundled_documents(paths.corpus_dir(), data_dir)
        personal = paths.personal_library_dir(data_dir)
        if personal.is_dir():
            from desktop.importing import PersonalLibrary

            mine = {doc.id: doc for doc in PersonalLibrary.open(data_dir).documents()}
            rest = LayeredDocuments(mine, rest)
    return LayeredDocuments(packs, rest)


class _PersonalIds(Container[str]):
    """The personal library's ids: its prefix and a hex digest of a fixed length."""

    def __contains__(self, doc_id: object) -> bool:
        from desktop.importing.library import is_personal_doc_id

        return isinstance(doc_id, str) and is_personal_doc_id(doc_id)


class PackService:
    """Install, update and remove packs for a user data folder (or for the machine)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        machine: bool = False,
        system_dir: Path | None = None,
        extra_trust: Sequence[Path] = (),
        store: AnnotationStore | None = None,
        other_documents: Callable[[], Mapping[str, Document]] | None = None,
        wait: float = LOCK_WAIT_SECONDS,
        on_wait: Callable[[HolderInfo | None], None] | None = None,
    ) -> None:
        self.other_documents = other_documents
        self.data_dir = data_dir
        self.scope = MACHINE_SCOPE if machine else USER_SCOPE
        self.target = (
            (system_dir or paths.system_packs_dir()) if machine else paths.packs_dir(data_dir)
        )
        self.extra_trust = tuple(extra_trust)
        self.store = store
        self.wait = wait  # seconds to wait while another install or removal runs
        self.on_wait = on_wait  # told who that is, once, when it has to wait

    def bundled_ids(self) -> Container[str]:
        """The bundled library's document ids (read from its index's catalog), which no
        pack may use; none if the bundled library cannot be read."""
        from desktop.library import bundled_documents

        try:
            return bundled_documents(paths.corpus_dir(), self.data_dir)
        except (OSError, ValueError) as exc:
            log.warning("the bundled library's ids cannot be read (%s); not checked", exc)
            return ()

    def other_packs_dirs(self) -> list[Path]:
        """The other scope's packs folder (the machine's for a user's pack, the installing
        user's for a machine pack): a pack installed here may not reuse its packs' document
        ids, nor the id of one of its packs from another publisher key."""
        return [
            folder
            for scope, folder in packs_dirs(self.data_dir)
            if scope != self.scope and folder != self.target
        ]

    @staticmethod
    def personal_ids() -> Container[str]:
        """Ids in the personal library's namespace, which no pack may use: any user of
        the machine may import a document that is given one of them."""
        return _PersonalIds()

    def trusted(self) -> list[PublicKey]:
        return trusted_keys(self.extra_trust)

    def installed(self) -> list[PackInfo]:
        """Every installed pack, those the library does not use marked ``shadowed``."""
        from index.session import choose_installed_packs

        in_use = {pack.folder for pack in choose_installed_packs(self.data_dir)[0]}
        return [
            replace(info, shadowed=info.folder not in in_use)
            for info in installed_packs(packs_dirs(self.data_dir))
        ]

    def preview(self, pack_file: Path) -> PackPreview:
        return preview_pack(
            pack_file,
            self.target,
            self.trusted(),
            reserved=self.bundled_ids(),
            personal=self.personal_ids(),
            other_packs_dirs=self.other_packs_dirs(),
        )

    def install(self, pack_file: Path) -> PackChange:
        report = install_pack(
            pack_file,
            self.target,
            self.trusted(),
            scope=self.scope,
            reserved=self.bundled_ids(),
            personal=self.personal_ids(),
            other_packs_dirs=self.other_packs_dirs(),
            wait=self.wait,
            on_wait=self.on_wait,
        )
        changed = 0
        if report.changes.changed or report.changes.removed:
            changed = self._reanchor()
        return PackChange(report=report, notes_reanchored=changed)

    def remove(self, pack_id: str) -> PackChange:
        info = remove_pack(pack_id, self.target, self.scope, wait=self.wait, on_wait=self.on_wait)
        return PackChange(removed=info, notes_reanchored=self._reanchor() if info.documents else 0)

    def _reanchor(self) -> int:
        """Re-anchor the user's notes; an unreadable library leaves them as they are."""
        from desktop.annotations.store import DATABASE_NAME
        from desktop.personal import update_annotations

        if self.store is None and not (self.data_dir / DATABASE_NAME).exists():
            return 0  # no notes at all: nothing to read the libraries for
        try:
            documents = library_documents(self.data_dir, self.other_documents)
        except Exception:
            log.exception("the libraries' documents could not be read; notes left as they are")
            return 0
        return update_annotations(self.store, self.data_dir, documents)
