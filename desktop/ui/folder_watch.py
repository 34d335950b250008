"""A window opened read-only because another process held its data folder turns writable.

Started while, say, ``policy-library import`` runs, the window reads the data folder but
does not own it (:mod:`desktop.folder_lock`): the notes store and the personal library
open read-only and the banner says who holds the folder.  :class:`FolderWatch` asks the
operating system every :data:`POLL_MS` whether the lock is still held — opening the lock
file and trying the lock without waiting, a few microseconds — and once it is free takes
it in the background (lane ``library``) and makes both writable, doing what opening for
writing does (check, recover, re-read what the other process added).  Then the banner
goes, the note actions come back and the documents the other process imported appear.
If yet another process took the folder first, the banner names that one and the watch
goes on.  A folder read-only for any other reason (a read-only mount, a full disk) stays
read-only for the session: nothing here changes that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.folder_lock import FolderLock
from desktop.personal import PersonalState, personal_state
from desktop.workers import TaskContext

if TYPE_CHECKING:
    from desktop.ui.annotation_controller import AnnotationUi
    from desktop.ui.import_controller import PersonalLibraryController

__all__ = ["POLL_MS", "FolderWatch"]

log = logging.getLogger(__name__)

POLL_MS = 1000


@dataclass
class _Attempt:
    notes_writable: bool = False
    library_state: PersonalState | None = None  # set when the personal library turned writable


class FolderWatch(QObject):
    """Polls the data folder's lock while the window waits for it; see the module docstring."""

    writable = Signal()  # the window owns its data folder now

    def __init__(
        self,
        annotations: AnnotationUi,
        personal: PersonalLibraryController,
        data_dir: Path,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(annotations)
        self.annotations = annotations
        self.personal = personal
        self.lock = FolderLock(data_dir)
        self._trying = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        if self._waiting():
            self.timer.start()

    def _waiting(self) -> bool:
        """Whether part of the window is read-only because the folder was held elsewhere."""
        store = self.annotations.store
        if store is not None and store.waiting_for_folder:
            return True
        library = self.personal.library
        if library is not None:
            return library.waiting_for_folder
        # The personal library opens in the background: look again once it is open.
        return self.personal.parts.library.library is not None

    def poll(self) -> None:
        if self._trying:
            return
        if not self._waiting():
            self.timer.stop()
            return
        store = self.annotations.store
        library = self.personal.library
        if library is None and (store is None or not store.waiting_for_folder):
            return  # the notes are settled; the library, still opening, takes the lock itself
        if self.lock.held_elsewhere():
            return
        self._trying = True

        def work(_context: TaskContext) -> _Attempt:
            attempt = _Attempt()
            if store is not None and store.waiting_for_folder:
                attempt.notes_writable = store.try_writable()
            if library is not None and library.waiting_for_folder and library.try_writable():
                attempt.library_state = personal_state(library)
            return attempt

        def done(attempt: _Attempt) -> None:
            self._trying = False
            self._apply(attempt)

        def failed(message: str) -> None:
            self._trying = False
            log.error("taking the data folder failed: %s", message)

        self.annotations.tasks.run(work, done, failed, lane="library", discard=_discard)

    def _apply(self, attempt: _Attempt) -> None:
        if attempt.notes_writable:
            self.annotations.folder_writable()
        if attempt.library_state is not None:
            self.personal.folder_writable(attempt.library_state)
        self.annotations.show_read_only_state()
        if not self._waiting():
            self.timer.stop()
            store = self.annotations.store
            if store is None or not store.read_only:
                log.info("the window owns its data folder now")
                self.writable.emit()


def _discard(attempt: _Attempt) -> None:
    if attempt.library_state is not None:
        attempt.library_state.close()
