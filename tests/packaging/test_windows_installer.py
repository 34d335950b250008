"""The Windows installer script compiled by Inno Setup 6.4 and installed silently under wine.

The program folder is a stub (tests/packaging/windows_stub/stub.c, cross-compiled by zig)
that keeps the program's rule for its per-user data folder and answers ``--self-check``
with the exit code written beside it; what is tested is the installer, not the program.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import CACHE, REPO

pytestmark = pytest.mark.slow

ISS = REPO / "packaging" / "windows" / "policy-library.iss"
START_MENU = "drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs"
APP_DIR = "drive_c/Program Files/PolicyLibrary"


def _zig() -> list[str]:
    """zig (PyPI ``ziglang``, the pin of pyproject's release extra), installed in the cache."""
    pin = re.search(r'"(ziglang==[^"]+)"', (REPO / "pyproject.toml").read_text("utf-8"))
    assert pin is not None
    venv = CACHE / pin.group(1).replace("==", "-")
    if not (venv / "bin" / "python").exists():
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", pin.group(1)], check=True)
    return [str(venv / "bin" / "python"), "-m", "ziglang"]


def _wine_env(prefix: Path) -> dict[str, str]:
    return {
        **os.environ,
        "WINEPREFIX": str(prefix),
        "WINEDEBUG": "-all",
        "WINEDLLOVERRIDES": "mscoree,mshtml=",
    }


def _wine(prefix: Path, *args: str, timeout: int = 300) -> int:
    """Run a Windows program under wine (in Xvfb) and wait for all it started to end."""
    script = 'wine "$@"; rc=$?; wineserver -w; exit $rc'
    proc = subprocess.run(
        ["xvfb-run", "-a", "sh", "-c", script, "wine", *args],
        env=_wine_env(prefix),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc.returncode


@dataclass(frozen=True)
class Installer:
    setup: Path
    failing_setup: Path


@pytest.fixture(scope="module")
def installer(tmp_path_factory: pytest.TempPathFactory) -> Installer:
    for tool in ("wine", "xvfb-run", "npm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (bash .ci/setup installs it)")
    base = tmp_path_factory.mktemp("windows")
    stub = base / "program"
    stub.mkdir()
    env = {**os.environ, "ZIG_GLOBAL_CACHE_DIR": str(CACHE / "zig-cache")}
    subprocess.run(
        [
            *_zig(),
            "cc",
            "-target",
            "x86_64-windows-gnu",
            "-O2",
            "-o",
            str(stub / "policy-library.exe"),
            str(REPO / "tests" / "packaging" / "windows_stub" / "stub.c"),
        ],
        env=env,
        check=True,
        timeout=900,
    )
    (stub / "_internal").mkdir()
    (stub / "_internal" / "data.txt").write_text("program data\n")
    built = {}
    for name, exit_code in (("good", None), ("failing", 1)):
        if exit_code is not None:
            (stub / "stub-exit-code.txt").write_text(f"{exit_code}\n")
        out = base / name
        proc = subprocess.run(
            [
                "bash",
                str(REPO / "packaging" / "windows" / "iscc.sh"),
                str(ISS),
                f"/DBundleDir={stub}",
                f"/DOutputDir={out}",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        (setup,) = out.glob("policy-library-*-setup.exe")
        built[name] = setup
    return Installer(built["good"], built["failing"])


@pytest.fixture
def wine_prefix(tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the cached Windows 10 prefix (made by iscc.sh)."""
    prefix = tmp_path / "prefix"
    subprocess.run(
        ["cp", "-a", "--reflink=auto", str(CACHE / "wine-iscc"), str(prefix)], check=True
    )
    yield prefix
    subprocess.run(["wineserver", "-k"], env=_wine_env(prefix), check=False)


def _profile(prefix: Path) -> Path:
    (user,) = [p for p in (prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
    return user / "AppData" / "Local"


def _log(prefix: Path) -> str:
    return (prefix / "drive_c" / "setup.log").read_text("utf-8-sig", errors="replace")


def test_silent_install_checks_itself_and_leaves_no_data_in_the_admins_profile(
    installer: Installer, wine_prefix: Path
) -> None:
    rc = _wine(wine_prefix, str(installer.setup), "/VERYSILENT", "/SUPPRESSMSGBOXES",
               "/NORESTART", "/LOG=C:\\setup.log")  # fmt: skip
    assert rc == 0, _log(wine_prefix)[-3000:]
    assert (wine_prefix / APP_DIR / "policy-library.exe").exists()
    assert (wine_prefix / APP_DIR / "_internal" / "data.txt").exists()
    assert (wine_prefix / APP_DIR / "unins000.exe").exists()
    menu = wine_prefix / START_MENU
    assert (menu / "Policy Library.lnk").exists()
    assert [p.name for p in menu.glob("*Uninstall*.lnk")]
    log = _log(wine_prefix)
    assert "self-check exit code: 0" in log and '"ok": true' in log
    assert not (_profile(wine_prefix) / "PolicyLibrary").exists()


def test_uninstall_keeps_the_users_notes(installer: Installer, wine_prefix: Path) -> None:
    assert _wine(wine_prefix, str(installer.setup), "/VERYSILENT", "/SUPPRESSMSGBOXES") == 0
    notes = _profile(wine_prefix) / "PolicyLibrary" / "policy-library" / "annotations.sqlite"
    notes.parent.mkdir(parents=True)
    notes.write_bytes(b"SQLite format 3\x00 the user's notes")
    uninstaller = "C:\\Program Files\\PolicyLibrary\\unins000.exe"
    assert _wine(wine_prefix, uninstaller, "/VERYSILENT", "/SUPPRESSMSGBOXES") == 0
    assert not (wine_prefix / APP_DIR / "policy-library.exe").exists()
    assert not (wine_prefix / START_MENU / "Policy Library.lnk").exists()
    assert notes.read_bytes() == b"SQLite format 3\x00 the user's notes"


def test_a_failing_self_check_fails_the_install(installer: Installer, wine_prefix: Path) -> None:
    rc = _wine(wine_prefix, str(installer.failing_setup), "/VERYSILENT", "/SUPPRESSMSGBOXES",
               "/NORESTART", "/LOG=C:\\setup.log")  # fmt: skip
    log = _log(wine_prefix)
    assert rc == 9, log[-3000:]
    assert "self-check exit code: 1" in log
    assert "did not pass its self-check" in log  # the message the administrator sees
    assert not (_profile(wine_prefix) / "PolicyLibrary").exists()
