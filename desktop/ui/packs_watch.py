"""Reopening the installed packs when another program changes them.

An administrator may install, update or remove a pack with ``policy-library packs`` while
the window runs.  The packs folders and each pack's folder (where the pointer to its
version in use is replaced, :mod:`index.packs.layout`) are watched; a change is acted on
after a short pause, and only when the versions in use differ from those last seen, so
unrelated changes in a watched folder's parent cost one comparison.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from index.packs.layout import installed_version

__all__ = ["PacksWatch"]

log = logging.getLogger(__name__)

SETTLE_MS = 400  # an install writes a few entries: act once they are all there


def _versions(folders: Sequence[Path]) -> tuple[tuple[str, str], ...]:
    found = []
    for packs_dir in folders:
        try:
            children = sorted(packs_dir.iterdir()) if packs_dir.is_dir() else []
        except OSError:
            children = []
        for folder in children:
            if folder.is_dir() and not folder.name.startswith("."):
                version = installed_version(folder)
                found.append((str(folder), version.name if version is not None else ""))
    return tuple(found)


class PacksWatch(QObject):
    """Calls ``reload`` when the packs in use in ``folders`` change."""

    def __init__(
        self, folders: Sequence[Path], reload: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.folders = list(folders)
        self.reload = reload
        self.seen = _versions(self.folders)
        self.watcher = QFileSystemWatcher(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self._check)
        self.watcher.directoryChanged.connect(lambda _path: self.timer.start())
        self._watch()

    def _watch(self) -> None:
        wanted: set[str] = set()
        for packs_dir in self.folders:
            existing = packs_dir
            while not existing.is_dir() and existing.parent != existing:
                existing = existing.parent  # watched until the packs folder is made
            wanted.add(str(existing))
            if packs_dir.is_dir():
                wanted.update(
                    str(folder)
                    for folder in packs_dir.iterdir()
                    if folder.is_dir() and not folder.name.startswith(".")
                )
        gone = set(self.watcher.directories()) - wanted
        if gone:
            self.watcher.removePaths(sorted(gone))
        new = wanted - set(self.watcher.directories())
        if new:
            self.watcher.addPaths(sorted(new))

    def _check(self) -> None:
        try:
            self._watch()
            now = _versions(self.folders)
        except OSError as exc:
            log.warning("packs folders unreadable: %s", exc)
            return
        if now != self.seen:
            self.seen = now
            log.info("installed packs changed by another program; reopening them")
            self.reload()
