"""The one place that knows where things live.

Read-only install data (corpus, prebuilt index, fonts, translations) sits under
``resources/`` — next to the source tree when run from source, inside the bundle
(``sys._MEIPASS``) when frozen.  Per-user data (settings, logs, annotations, a
rebuilt index) lives in the per-user application data folder, never next to the
program.  ``POLICY_LIBRARY_DATA_DIR`` overrides the per-user folder (tests, portable
use).  This module imports no Qt at import time so the Qt-free core may use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "policy-library"
APP_NAME = "Policy Library"
APP_NAME_ZH = "政策文库"
ORG_NAME = "PolicyLibrary"

DATA_DIR_ENV = "POLICY_LIBRARY_DATA_DIR"
# Another library in place of the bundled one (the window benchmark, administrators
# trying a collection): its folder of documents and the index built from it.
CORPUS_DIR_ENV = "POLICY_LIBRARY_CORPUS_DIR"
INDEX_DIR_ENV = "POLICY_LIBRARY_INDEX_DIR"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def install_root() -> Path:
    """The folder holding ``resources/`` (the source tree, or the frozen bundle)."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS"))  # noqa: B009 - set only in frozen builds
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def corpus_dir() -> Path:
    override = os.environ.get(CORPUS_DIR_ENV)
    return Path(override) if override else resources_dir() / "corpus"


def bundled_index_dir() -> Path:
    """The index built from the bundled corpus (by ``python -m index build`` or the build)."""
    override = os.environ.get(INDEX_DIR_ENV)
    return Path(override) if override else resources_dir() / "index"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def user_data_dir() -> Path:
    """Per-user writable data folder (created on first use)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else _standard_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _standard_data_dir() -> Path:
    try:
        from PySide6.QtCore import QCoreApplication, QStandardPaths
    except ImportError:  # pragma: no cover - the core can run without Qt
        return _fallback_data_dir()
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(ORG_NAME)
    if not QCoreApplication.applicationName():
        QCoreApplication.setApplicationName(APP_ID)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location) if location else _fallback_data_dir()


def _fallback_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / ORG_NAME / APP_ID
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG_NAME / APP_ID


def user_index_dir() -> Path:
    """Where an index rebuilt on this machine lives (the bundled one may be read-only)."""
    return user_data_dir() / "index"


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return user_data_dir() / "settings.ini"
