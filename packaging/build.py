"""Build the installable application: ``python packaging/build.py``.

Steps: the index of ``resources/corpus`` (``--strict``), the translations, the
PyInstaller one-folder bundle, a sha256 manifest of every shipped file, the
minimum glibc computed from the bundled ELF files, then ``dist/*.tar.gz`` and a
``.deb`` in the deepin/UOS application layout.  Every output is reproducible:
timestamps come from ``SOURCE_DATE_EPOCH`` (default: the last commit's time) and
``PYTHONHASHSEED`` is fixed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import __version__  # noqa: E402

PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "policy-library.spec"
DEB_APP_ID = "org.policylibrary.reader"
BUNDLE_NAME = "policy-library"
MANIFEST_NAME = "MANIFEST.sha256"
BUILD_INFO = "build-info.json"

# Shared libraries Qt's xcb platform loads from the system (Debian/UOS/Kylin names).
DEB_DEPENDS = [
    line.strip()
    for line in (PACKAGING / "debian-runtime-libs.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 1_700_000_000


def run(cmd: list[str], env: dict[str, str]) -> None:
    log(" ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def shipped_files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*") if p.is_file() or p.is_symlink()), key=lambda p: p.as_posix()
    )


def write_manifest(bundle: Path) -> Path:
    lines = []
    for path in shipped_files(bundle):
        rel = path.relative_to(bundle).as_posix()
        if rel == MANIFEST_NAME or path.is_symlink():
            continue
        lines.append(f"{sha256(path)}  {rel}")
    manifest = bundle / MANIFEST_NAME
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    return manifest


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


def required_glibc(bundle: Path) -> tuple[str, dict[str, str]]:
    """The highest GLIBC_x.y symbol version any shipped ELF file needs, and per-file maxima."""
    per_file: dict[str, tuple[int, ...]] = {}
    for path in shipped_files(bundle):
        if path.is_symlink() or not is_elf(path):
            continue
        out = subprocess.run(
            ["readelf", "--version-info", "--wide", str(path)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        needs = out.split("Version needs section", 1)[1] if "Version needs section" in out else ""
        versions = [
            tuple(int(x) for x in m.groups() if x is not None) for m in _GLIBC.finditer(needs)
        ]
        if versions:
            per_file[path.relative_to(bundle).as_posix()] = max(versions)
    overall = max(per_file.values()) if per_file else (2, 17)
    return ".".join(map(str, overall)), {
        k: ".".join(map(str, v)) for k, v in sorted(per_file.items())
    }


def qt_inventory(bundle: Path) -> dict[str, list[str]]:
    internal = bundle / "_internal"
    qt_libs = sorted(p.name for p in internal.rglob("libQt6*.so*") if p.is_file()) or sorted(
        p.name for p in internal.rglob("Qt6*.dll")
    )
    modules = sorted(
        p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*") if p.is_file()
    )
    plugins = (
        sorted(
            p.relative_to(internal / "PySide6" / "Qt" / "plugins").as_posix()
            for p in (internal / "PySide6" / "Qt" / "plugins").rglob("*")
            if p.is_file()
        )
        if (internal / "PySide6" / "Qt" / "plugins").is_dir()
        else []
    )
    return {"pyside6_modules": sorted(set(modules)), "qt_libraries": qt_libs, "qt_plugins": plugins}


def normalise_mtimes(folder: Path, epoch: int) -> None:
    for path in [
        *shipped_files(folder),
        *sorted(p for p in folder.rglob("*") if p.is_dir()),
        folder,
    ]:
        if not path.is_symlink():
            os.utime(path, (epoch, epoch))


def _tar_filter(epoch: int) -> Callable[[tarfile.TarInfo], tarfile.TarInfo]:
    def reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if info.isdir() or info.mode & 0o111:
            info.mode = 0o755
        else:
            info.mode = 0o644
        return info

    return reset


def make_tarball(bundle: Path, out: Path, epoch: int) -> Path:
    """A .tar.gz of the bundle folder with sorted entries, fixed owners and times."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        entries = sorted([bundle, *bundle.rglob("*")], key=lambda p: p.as_posix())
        for path in entries:
            arcname = (
                (Path(bundle.name) / path.relative_to(bundle)).as_posix()
                if path != bundle
                else bundle.name
            )
            tar.add(path, arcname=arcname, recursive=False, filter=_tar_filter(epoch))
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue())
    return out


def desktop_entry(exec_path: str, icon: str) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        "Name=Policy Library\n"
        "Name[zh_CN]=政策文库\n"
        "GenericName=Policy document reader\n"
        "GenericName[zh_CN]=政策文件阅读器\n"
        "Comment=Read, search and annotate policy documents offline\n"
        "Comment[zh_CN]=离线阅读、检索和批注政策文件\n"
        f"Exec={exec_path} %F\n"
        f"Icon={icon}\n"
        "Terminal=false\n"
        "Categories=Office;Education;Viewer;\n"
        "Keywords=policy;document;search;政策;文件;检索;\n"
        "StartupWMClass=policy-library\n"
    )


def make_deb(
    bundle: Path, out_dir: Path, version: str, glibc: str, epoch: int, staging: Path
) -> Path:
    """A .deb in the deepin/UOS layout: /opt/apps/<appid>/{entries,files,info}."""
    root = staging / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    app = root / "opt" / "apps" / DEB_APP_ID
    files = app / "files"
    shutil.copytree(bundle, files / BUNDLE_NAME, symlinks=True)
    exec_path = f"/opt/apps/{DEB_APP_ID}/files/{BUNDLE_NAME}/{BUNDLE_NAME}"
    entry = desktop_entry(exec_path, DEB_APP_ID)
    (app / "entries" / "applications").mkdir(parents=True)
    (app / "entries" / "applications" / f"{DEB_APP_ID}.desktop").write_text(entry, "utf-8")
    icon_src = ROOT / "resources" / "icons" / "policy-library.png"
    if icon_src.exists():
        icon_dir = app / "entries" / "icons" / "hicolor" / "256x256" / "apps"
        icon_dir.mkdir(parents=True)
        shutil.copy2(icon_src, icon_dir / f"{DEB_APP_ID}.png")
        sys_icon = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
        sys_icon.mkdir(parents=True)
        shutil.copy2(icon_src, sys_icon / f"{DEB_APP_ID}.png")
    info = {
        "appid": DEB_APP_ID,
        "name": "Policy Library",
        "version": version,
        "arch": ["amd64"],
        "permissions": {
            "autostart": False,
            "notification": False,
            "trayicon": False,
            "clipboard": True,
            "account": False,
            "bluetooth": False,
            "camera": False,
            "audio_record": False,
            "installed_apps": False,
        },
    }
    (app / "info").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", "utf-8")
    # Also visible to desktops that do not read /opt/apps (plain Debian, Kylin).
    (root / "usr" / "share" / "applications").mkdir(parents=True)
    (root / "usr" / "share" / "applications" / f"{DEB_APP_ID}.desktop").write_text(entry, "utf-8")
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(exec_path, root / "usr" / "bin" / BUNDLE_NAME)

    installed_kb = (
        sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    )
    control = root / "DEBIAN"
    control.mkdir()
    depends = ", ".join([f"libc6 (>= {glibc})", *DEB_DEPENDS])
    (control / "control").write_text(
        f"Package: {DEB_APP_ID}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Maintainer: Policy Library maintainers <maintainers@policy-library.invalid>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {depends}\n"
        "Recommends: ibus | fcitx5-frontend-qt6 | fcitx5\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: 政策文库 Policy Library, an offline reader of policy documents\n"
        " Read policy documents by their outline, search them in Simplified or\n"
        " Traditional Chinese, highlight and annotate. Opens no network connection.\n",
        "utf-8",
    )
    for path in [*root.rglob("*"), root]:
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    normalise_mtimes(root, epoch)
    for path in root.rglob("*"):
        if path.is_symlink():
            os.utime(path, (epoch, epoch), follow_symlinks=False)
    out = out_dir / f"{DEB_APP_ID}_{version}_amd64.deb"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "--build", str(root), str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return out


def build(dist: Path, work: Path, skip_freeze: bool = False) -> dict[str, object]:
    started = time.perf_counter()
    epoch = source_date_epoch()
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    work.mkdir(parents=True, exist_ok=True)
    dist.mkdir(parents=True, exist_ok=True)
    index_dir = work / "index"
    run(
        [
            sys.executable,
            "-m",
            "index",
            "build",
            "--strict",
            "--quiet",
            "--corpus",
            str(ROOT / "resources" / "corpus"),
            "--out",
            str(index_dir),
        ],
        env,
    )
    run([sys.executable, "-m", "desktop.i18n", "build"], env)
    bundle = dist / BUNDLE_NAME
    if not skip_freeze:
        env["POLICY_LIBRARY_INDEX"] = str(index_dir)
        run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(dist),
                "--workpath",
                str(work / "pyinstaller"),
                str(SPEC),
            ],
            env,
        )
    manifest = write_manifest(bundle)
    glibc, per_file = required_glibc(bundle)
    inventory = qt_inventory(bundle)
    normalise_mtimes(bundle, epoch)
    version = __version__
    tarball = make_tarball(bundle, dist / f"{BUNDLE_NAME}-{version}-linux-x86_64.tar.gz", epoch)
    deb = make_deb(bundle, dist, version, glibc, epoch, work)
    bundle_bytes = sum(p.stat().st_size for p in shipped_files(bundle) if not p.is_symlink())
    info: dict[str, object] = {
        "version": version,
        "source_date_epoch": epoch,
        "bundle": str(bundle),
        "bundle_bytes": bundle_bytes,
        "bundle_files": len(shipped_files(bundle)),
        "tarball": tarball.name,
        "tarball_bytes": tarball.stat().st_size,
        "deb": deb.name,
        "deb_bytes": deb.stat().st_size,
        "min_glibc": glibc,
        "glibc_by_file": per_file,
        "manifest_sha256": sha256(manifest),
        **inventory,
        "build_seconds": round(time.perf_counter() - started, 1),
        "build_host": {"python": sys.version.split()[0], "platform": sys.platform},
    }
    (dist / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the bundle, the .tar.gz and the .deb into dist/."
    )
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    parser.add_argument(
        "--work", default=str(ROOT / "build"), help="scratch folder (default: build/)"
    )
    parser.add_argument(
        "--skip-freeze", action="store_true", help="reuse the bundle already in --dist"
    )
    args = parser.parse_args(argv)
    info = build(Path(args.dist).resolve(), Path(args.work).resolve(), skip_freeze=args.skip_freeze)
    summary = {
        k: v for k, v in info.items() if k not in ("glibc_by_file", "qt_plugins", "qt_libraries")
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
