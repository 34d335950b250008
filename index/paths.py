"""The one place that knows where things live, computed without Qt.

Read-only install data (corpus, prebuilt index, fonts, translations) sits under
``resources/`` — next to the source tree when run from source, inside the bundle
(``sys._MEIPASS``) when frozen.  Per-user data (settings, logs, annotations, the
personal library, installed packs, a rebuilt index) lives in the per-user application
data folder, never next to the program.  ``POLICY_LIBRARY_DATA_DIR`` overrides the
per-user folder (tests, portable use).

The per-user folder is the one Qt's ``QStandardPaths.AppLocalDataLocation`` names for
this organisation and application (``$XDG_DATA_HOME`` or ``~/.local/share`` on Linux,
``%LOCALAPPDATA%`` on Windows, ``~/Library/Application Support`` on macOS, then
``<org>/<app>``), worked out here so that the command-line tools never load Qt.
:mod:`desktop.paths` re-exports this module for the application.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "APP_ID",
    "APP_NAME",
    "APP_NAME_ZH",
    "BUNDLED_FONT_FILES",
    "CORPUS_ARCHIVE_NAME",
    "CORPUS_DIR_ENV",
    "DATA_DIR_ENV",
    "INDEX_DIR_ENV",
    "ORG_NAME",
    "bench_cache_dir",
    "bundled_index_dir",
    "corpus_dir",
    "fonts_dir",
    "help_dir",
    "i18n_dir",
    "icons_dir",
    "install_root",
    "is_frozen",
    "log_dir",
    "packs_dir",
    "personal_library_dir",
    "program_trusted_keys_dir",
    "resources_dir",
    "settings_file",
    "system_config_dir",
    "system_packs_dir",
    "system_trusted_keys_dir",
    "user_data_dir",
    "user_data_location",
    "user_index_dir",
]

APP_ID = "policy-library"
APP_NAME = "Policy Library"
APP_NAME_ZH = "政策文库"
ORG_NAME = "PolicyLibrary"

DATA_DIR_ENV = "POLICY_LIBRARY_DATA_DIR"
# Another library in place of the bundled one (the window benchmark, trying a
# collection): its folder of documents and the index built from it.
CORPUS_DIR_ENV = "POLICY_LIBRARY_CORPUS_DIR"
INDEX_DIR_ENV = "POLICY_LIBRARY_INDEX_DIR"
# Per-machine library packs and configuration (administrators; tests point them elsewhere).
SYSTEM_PACKS_ENV = "POLICY_LIBRARY_SYSTEM_PACKS_DIR"
SYSTEM_CONFIG_ENV = "POLICY_LIBRARY_SYSTEM_CONFIG_DIR"
TRUSTED_KEYS_SUBDIR = "trusted-keys"

# The installed program's corpus: one solid archive in place of the folder
# (index.corpus_archive; the folder is what the source tree has).
CORPUS_ARCHIVE_NAME = "corpus.tar.xz"

# The bundled CJK serif (resources/fonts): the regular weight only; Qt emboldens it for
# headings (a bold face would add 3.7 MB to the program for the same reading).
BUNDLED_FONT_FILES = ("PolicyLibSerifSC-Regular.otf",)

# Inside a user data folder.
INDEX_SUBDIR = "index"
PERSONAL_LIBRARY_SUBDIR = "library"
PACKS_SUBDIR = "packs"


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
    """The bundled corpus: its folder, or (an installed program) the archive made of it.

    Everything that reads a corpus (:func:`index.corpus.load_corpus`, the index build and
    check) takes either."""
    override = os.environ.get(CORPUS_DIR_ENV)
    if override:
        return Path(override)
    folder = resources_dir() / "corpus"
    archive = resources_dir() / CORPUS_ARCHIVE_NAME
    return archive if not folder.is_dir() and archive.is_file() else folder


def bundled_index_dir() -> Path:
    """The index built from the bundled corpus (by ``python -m index build`` or the build)."""
    override = os.environ.get(INDEX_DIR_ENV)
    return Path(override) if override else resources_dir() / "index"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def help_dir() -> Path:
    """The user guide, one HTML page per interface language, read offline."""
    return resources_dir() / "help"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def user_data_location() -> Path:
    """The per-user data folder, without creating it (for read-only look-ups)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else _standard_data_dir()


def user_data_dir() -> Path:
    """Per-user writable data folder (created on first use)."""
    path = user_data_location()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _standard_data_dir() -> Path:
    """What ``QStandardPaths.AppLocalDataLocation`` gives for ORG_NAME / APP_ID."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # Qt, like the XDG specification, ignores a relative XDG_DATA_HOME.
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORG_NAME / APP_ID


def user_index_dir(data_dir: Path | None = None) -> Path:
    """Where an index rebuilt on this machine lives (the bundled one may be read-only)."""
    return (data_dir or user_data_location()) / INDEX_SUBDIR


def personal_library_dir(data_dir: Path | None = None) -> Path:
    """The personal library (imported documents and their index) in a user data folder."""
    return (data_dir or user_data_location()) / PERSONAL_LIBRARY_SUBDIR


def packs_dir(data_dir: Path | None = None) -> Path:
    """Installed library packs, one folder each holding an ``index/``."""
    return (data_dir or user_data_location()) / PACKS_SUBDIR


def system_packs_dir() -> Path:
    """Packs installed for every user of the machine by an administrator (read-only to users)."""
    override = os.environ.get(SYSTEM_PACKS_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA") or "C:/ProgramData")
        return base / ORG_NAME / PACKS_SUBDIR
    return Path("/var/lib") / APP_ID / PACKS_SUBDIR


def system_config_dir() -> Path:
    override = os.environ.get(SYSTEM_CONFIG_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA") or "C:/ProgramData") / ORG_NAME
    return Path("/etc") / APP_ID


def system_trusted_keys_dir() -> Path:
    """Public keys of trusted pack publishers in the system configuration (``*.pub``)."""
    return system_config_dir() / "trusted-keys.d"


def program_trusted_keys_dir() -> Path:
    """Public keys of trusted pack publishers shipped next to the program (``*.pub``)."""
    base = Path(sys.executable).resolve().parent if is_frozen() else install_root()
    return base / TRUSTED_KEYS_SUBDIR


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return user_data_dir() / "settings.ini"


def bench_cache_dir() -> Path:
    """Where the benchmarks keep what is slow to make (generated libraries, built
    indexes and packs) between runs and worktrees: ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "policy-library-bench"
