"""Is the per-user data folder usable at all?  Checked once at start, before anything uses it.

The cases here are the ones that would otherwise end the program with a traceback
before a window could explain anything: ``HOME`` unset (the home folder is then taken
from the password database, as the login would), ``XDG_DATA_HOME`` or
``POLICY_LIBRARY_DATA_DIR`` naming a file or a device, a data folder that cannot be
created.  A folder that exists but cannot be written is *usable*: the program opens it
read-only (see :mod:`desktop.annotations.store`).

Qt-free; :func:`data_folder_problem` imports Qt only through :mod:`desktop.paths`.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths

if TYPE_CHECKING:  # loaded to explain a folder that cannot be used, not to start
    from desktop.storage_failures import StorageFailure

__all__ = ["data_folder_problem", "repair_home"]

log = logging.getLogger(__name__)


def repair_home() -> str | None:
    """Set ``HOME`` from the password database when it is unset or not absolute.

    Returns the value set (None if nothing needed doing or nothing is known)."""
    home = os.environ.get("HOME", "")
    if sys.platform == "win32" or (home and os.path.isabs(home)):
        return None
    try:
        import pwd

        found = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return None
    if not found or not os.path.isabs(found):
        return None
    os.environ["HOME"] = found
    return found


def _intended_folder() -> Path:
    override = os.environ.get(paths.DATA_DIR_ENV)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg)
    return Path(os.environ.get("HOME") or "~")


def data_folder_problem() -> StorageFailure | None:
    """None when the data folder exists (or was created); else why it cannot be used."""
    try:
        folder = paths.user_data_dir()
    except (OSError, RuntimeError) as exc:
        from desktop.storage_failures import FailureKind, StorageFailure, failure_of

        where = _intended_folder()
        failure = failure_of(exc, where) if isinstance(exc, OSError) else None
        if failure is None or failure.kind not in (
            FailureKind.NOT_A_FOLDER,
            FailureKind.READ_ONLY,
            FailureKind.PERMISSION,
            FailureKind.DISK_FULL,
        ):
            failure = StorageFailure(FailureKind.NOT_A_FOLDER, where, str(exc))
        log.error("the data folder cannot be used: %s", failure)
        return failure
    if not folder.is_dir():
        from desktop.storage_failures import FailureKind, StorageFailure

        return StorageFailure(FailureKind.NOT_A_FOLDER, folder, "not a folder")
    return None
