"""Translations: .ts sources in resources/i18n, compiled to .qm by ``python -m desktop.i18n build``.

At start-up the app loads ``policy_library_<lang>.qm`` from resources/i18n; when the
.qm files were not built it compiles them into the per-user cache (if lrelease is
available) or runs in English.  Qt's own ``qtbase_<lang>.qm`` translates the
standard dialogs.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from desktop import paths

log = logging.getLogger(__name__)

CATALOG = "policy_library"
# The interface languages (the one list: settings, --lang and the catalogs follow it).
LANGUAGES = ("en", "zh_CN")
SOURCE_LANGUAGE = "en"


def ts_files() -> list[Path]:
    return sorted(paths.i18n_dir().glob(f"{CATALOG}_*.ts"))


def lrelease_executable() -> str | None:
    """pyside6-lrelease next to the running Python, or on PATH."""
    candidates = [
        Path(sys.executable).with_name("pyside6-lrelease"),
        Path(sys.executable).with_name("lrelease"),
    ]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    import shutil

    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_catalogs(out_dir: Path | None = None) -> list[Path]:
    """Compile every .ts into ``out_dir`` (default resources/i18n); returns the .qm written."""
    import subprocess

    exe = lrelease_executable()
    if exe is None:
        raise RuntimeError("lrelease was not found (install PySide6 or Qt's linguist tools)")
    target = out_dir or paths.i18n_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in ts_files():
        qm = target / (ts.stem + ".qm")
        # Compiled aside and moved into place: a program or a build reading the catalog
        # meanwhile finds the old one or the new one, never a half-written file.
        partial = target / f".{ts.stem}.{os.getpid()}.qm"
        result = subprocess.run(
            [exe, "-silent", str(ts), "-qm", str(partial)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not partial.is_file():
            partial.unlink(missing_ok=True)
            raise RuntimeError(f"lrelease failed for {ts.name}: {result.stderr.strip()}")
        os.replace(partial, qm)
        written.append(qm)
    return written


def user_qm_dir() -> Path:
    return paths.user_data_dir() / "i18n"


def find_catalog(language: str) -> Path | None:
    """The compiled catalog for ``language``: shipped, cached, or compiled now.

    English is the source language; its catalog holds only the plural forms of the
    counted messages ("%n file(s)" → "1 file", "2 files")."""
    name = f"{CATALOG}_{language}.qm"
    ts = paths.i18n_dir() / f"{CATALOG}_{language}.ts"
    for folder in (paths.i18n_dir(), user_qm_dir()):
        qm = folder / name
        if qm.is_file() and (not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime):
            return qm
    if not ts.is_file():
        return None
    try:
        compile_catalogs(user_qm_dir())
    except (OSError, RuntimeError) as exc:
        log.warning("translations could not be compiled, running in English: %s", exc)
        return None
    qm = user_qm_dir() / name
    return qm if qm.is_file() else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["build"]:
        sys.stderr.write("usage: python -m desktop.i18n build\n")
        return 2
    try:
        written = compile_catalogs()
    except RuntimeError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    for qm in written:
        sys.stdout.write(f"wrote {qm}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
