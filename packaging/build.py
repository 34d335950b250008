"""Build the installable application: ``python packaging/build.py``.

Steps: the index of ``resources/corpus`` (``--strict``), the translations, the
PyInstaller one-folder bundle, a sha256 manifest of every shipped file, the
minimum glibc and the system libraries computed from the bundled ELF files, then
``dist/*.tar.xz`` and a ``.deb`` in the deepin/UOS application layout.  Every output
is reproducible: timestamps come from ``SOURCE_DATE_EPOCH`` (default: the last
commit's time) and ``PYTHONHASHSEED`` is fixed.

``--glibc-2.28`` (the release build) first makes, or takes from the cache, a
CPython 3.11 compiled for glibc 2.28 (``packaging/python_glibc228.sh``) and a
virtual environment of the pinned wheels for ``manylinux_2_28``, then runs this
same build with that Python and fails if any shipped file needs a newer glibc.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import lzma
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
# packaging/ is not a package: its name is taken by the PyPI distribution of that name.
sys.path.insert(1, str(ROOT / "packaging"))

import elf_audit  # noqa: E402
import icu_subset  # noqa: E402

from desktop import __version__  # noqa: E402
from index.corpus_archive import write_corpus_archive  # noqa: E402
from index.paths import CORPUS_ARCHIVE_NAME  # noqa: E402

PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "policy-library.spec"
DEB_APP_ID = "org.policylibrary.reader"
BUNDLE_NAME = "policy-library"
MANIFEST_NAME = "MANIFEST.sha256"
BUILD_INFO = "build-info.json"

DEB_DIR = PACKAGING / "deb"
# The Debian packages of every system library the program may load; the computed Depends
# must be a subset (the same list sets up the development machine and the test root).
RUNTIME_LIBRARIES = PACKAGING / "debian-runtime-libs.txt"
RELEASE_GLIBC = "2.28"
# Package names that differ between Debian releases (and so UOS V20 / Kylin V10, which
# follow buster): the host's name first, the older one as an alternative.
DEB_ALTERNATIVES = {"libgcc-s1": "libgcc-s1 | libgcc1"}
# Whoosh leaves its lock files behind in a finished index; nothing may ship them.
LOCK_FILE_SUFFIXES = ("_WRITELOCK", "_READLOCK", ".lock")


SHARED_LIBRARY = re.compile(r"\.so(\.[0-9.]+)?$|\.so\.[0-9]")


def runtime_libraries() -> list[str]:
    lines = RUNTIME_LIBRARIES.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cache_dir() -> Path:
    return Path(os.environ.get("POLICY_LIBRARY_CACHE", "/var/cache/policy-library-ci"))


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


def fcitx_plugin() -> Path:
    """fcitx5-qt's input-context plugin, built (cached) for the Qt of the running PySide6."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("build: PySide6 is not importable")
    qt_dir = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    script = PACKAGING / "fcitx5_qt_plugin.sh"
    made = subprocess.run(
        ["bash", str(script), str(qt_dir)], stdout=subprocess.PIPE, text=True, check=False
    )
    lines = made.stdout.strip().splitlines()
    if made.returncode != 0 or not lines or not Path(lines[-1]).is_file():
        raise SystemExit(f"build: {script.name} failed; the bundle would not reach fcitx")
    return Path(lines[-1])


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


def debian_package_of(soname: str) -> str:
    """The Debian package that provides ``soname`` on this build machine (``dpkg -S``)."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    candidates = []
    for line in cache.splitlines():
        name, _, path = line.strip().partition(" => ")
        if name.split(" (")[0] == soname and "x86-64" in name:
            candidates.append(path)
    for path in candidates:
        variants = [path, os.path.realpath(path)]
        variants += [p.replace("/usr/lib/", "/lib/", 1) for p in list(variants)]
        variants += [
            p.replace("/lib/", "/usr/lib/", 1) for p in list(variants) if p.startswith("/lib/")
        ]
        for variant in dict.fromkeys(variants):
            out = subprocess.run(
                ["dpkg", "-S", variant], capture_output=True, text=True, check=False
            )
            if out.returncode == 0 and out.stdout:
                package = out.stdout.split(":", 1)[0].split(",")[0].strip()
                return package.removesuffix("t64")  # Debian 13's 64-bit time_t renames
    raise SystemExit(
        f"build: the shipped files need {soname}, which no Debian package on this machine "
        "provides; install its package here (and list it in packaging/debian-runtime-libs.txt)"
    )


def debian_depends(audit: elf_audit.Audit, glibc: str, strict: bool) -> list[str]:
    """Depends from the DT_NEEDED entries no shipped file provides, as Debian packages."""
    packages = sorted({debian_package_of(name) for name in audit.system_libraries()})
    unlisted = sorted(set(packages) - set(runtime_libraries()))
    if unlisted:
        message = (
            f"the shipped files need {', '.join(unlisted)}, not in {RUNTIME_LIBRARIES.name}; "
            "add them there (it sets up the development machine and the test root too)"
        )
        if strict:
            raise SystemExit(f"build: {message}")
        log(f"warning: {message}")
    rest = [DEB_ALTERNATIVES.get(p, p) for p in packages if p != "libc6"]
    return [f"libc6 (>= {glibc})", *rest]


def strip_foreign_runpaths(audit: elf_audit.Audit) -> list[str]:
    """Remove RUNPATH/RPATH entries pointing outside the bundle (the build host's prefix)."""
    changed = []
    for rel, paths in audit.runpaths_outside().items():
        subprocess.run(["patchelf", "--remove-rpath", str(audit.root / rel)], check=True)
        log(f"removed RUNPATH {':'.join(paths)} from {rel}")
        changed.append(rel)
    return changed


def remove_lock_files(folder: Path) -> None:
    for path in list(folder.rglob("*")):
        if path.is_file() and path.name.endswith(LOCK_FILE_SUFFIXES):
            path.unlink()


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
    """A .tar.xz of the bundle folder with sorted entries, fixed owners and times."""
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
    with lzma.open(out, "wb", preset=6) as xz:
        xz.write(buffer.getvalue())
    return out


def gzip_bytes(data: bytes) -> bytes:
    """gzip without a name or time stamp (as Debian's tools write them)."""
    import gzip

    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return out.getvalue()


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
    bundle: Path, out_dir: Path, version: str, depends: list[str], epoch: int, staging: Path
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

    doc = root / "usr" / "share" / "doc" / DEB_APP_ID
    doc.mkdir(parents=True)
    shutil.copy2(DEB_DIR / "copyright", doc / "copyright")
    changelog = (DEB_DIR / "changelog").read_text("utf-8")
    (doc / "changelog.gz").write_bytes(gzip_bytes(changelog.encode("utf-8")))
    man = root / "usr" / "share" / "man" / "man1"
    man.mkdir(parents=True)
    (man / f"{BUNDLE_NAME}.1.gz").write_bytes(
        gzip_bytes((DEB_DIR / f"{BUNDLE_NAME}.1").read_bytes())
    )
    overrides = root / "usr" / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy2(DEB_DIR / "lintian-overrides", overrides / DEB_APP_ID)

    installed_kb = (
        sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    )
    control = root / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: {DEB_APP_ID}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Maintainer: Policy Library maintainers <maintainers@policy-library.invalid>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends)}\n"
        # Chinese input: only what the bundled Qt reaches (its ibus plugin and the fcitx
        # plugin built for it): ibus, fcitx5, fcitx 4. Not fcitx5-frontend-qt6 (built for
        # Debian's Qt, refused by the bundled one).
        "Suggests: ibus-libpinyin | fcitx5-chinese-addons | fcitx-pinyin\n"
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
        executable = path.is_dir() or bool(path.stat().st_mode & 0o111)
        # Shared libraries are mapped, not run: Debian wants them 0644.
        if SHARED_LIBRARY.search(path.name) and not path.is_dir():
            executable = False
        path.chmod(0o755 if executable else 0o644)
    md5sums = [
        f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}"
        for p in shipped_files(root)
        if not p.is_symlink() and p.parts[len(root.parts)] != "DEBIAN"
    ]
    (control / "md5sums").write_text("\n".join(md5sums) + "\n", "utf-8")
    (control / "md5sums").chmod(0o644)
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


def build(
    dist: Path, work: Path, skip_freeze: bool = False, max_glibc: str | None = None
) -> dict[str, object]:
    """Build into ``dist``; with ``max_glibc``, fail unless every shipped file stays within it."""
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
    remove_lock_files(index_dir)
    # The corpus ships as one solid archive (a seventh of the folder's size): the program
    # reads it only to rebuild a damaged index and to compare an index with it.
    corpus_archive = write_corpus_archive(
        ROOT / "resources" / "corpus", work / CORPUS_ARCHIVE_NAME, epoch
    )
    log(f"corpus archive {corpus_archive.stat().st_size:,} bytes")
    run([sys.executable, "-m", "desktop.i18n", "build"], env)
    bundle = dist / BUNDLE_NAME
    if not skip_freeze:
        env["POLICY_LIBRARY_INDEX"] = str(index_dir)
        env["POLICY_LIBRARY_CORPUS_ARCHIVE"] = str(corpus_archive)
        if sys.platform.startswith("linux"):
            env["POLICY_LIBRARY_FCITX_PLUGIN"] = str(fcitx_plugin())
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
    remove_lock_files(bundle)
    icu = icu_subset.shrink_in_place(bundle) if not skip_freeze else None
    if icu:
        log(f"ICU data {icu['data_bytes']:,} -> {icu['subset_bytes']:,} bytes (zh, en)")
    audit = elf_audit.audit(bundle)
    # A development build from the host's Python: its prefix must not travel along.
    if max_glibc is None and strip_foreign_runpaths(audit):
        audit = elf_audit.audit(bundle)
    problems = audit.runpaths_outside()
    if problems:
        raise SystemExit(f"build: RUNPATH/RPATH outside the bundle: {problems}")
    if max_glibc is not None:
        above = audit.above(elf_audit.parse_version(max_glibc))
        if above:
            raise SystemExit(f"build: files needing more than glibc {max_glibc}: {above}")
    glibc = elf_audit.version_text(audit.max_glibc)
    depends = debian_depends(audit, glibc, strict=max_glibc is not None)
    manifest = write_manifest(bundle)
    inventory = qt_inventory(bundle)
    normalise_mtimes(bundle, epoch)
    version = __version__
    tarball = make_tarball(bundle, dist / f"{BUNDLE_NAME}-{version}-linux-x86_64.tar.xz", epoch)
    deb = make_deb(bundle, dist, version, depends, epoch, work)
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
        "glibc_limit": max_glibc,
        "depends": depends,
        "system_libraries": audit.system_libraries(),
        "elf_files": len(audit.files),
        "icu_subset": icu,
        "glibc_by_file": audit.glibc_by_file(),
        "manifest_sha256": sha256(manifest),
        **inventory,
        "build_seconds": round(time.perf_counter() - started, 1),
        "build_host": {"python": sys.version.split()[0], "platform": sys.platform},
    }
    (dist / BUILD_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return info


# -- the glibc-2.28 release build ------------------------------------------------------------


def _pins() -> list[str]:
    """The runtime pins and the freezer's, from pyproject.toml."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    freezer = [
        pin
        for pin in project["optional-dependencies"]["dev"]
        if pin.lower().startswith(("pyinstaller==", "pyinstaller-hooks-contrib=="))
    ]
    return [*project["dependencies"], *freezer]


def release_python() -> Path:
    """The glibc-2.28 CPython prefix (built once, then taken from the cache)."""
    script = PACKAGING / "python_glibc228.sh"
    out = subprocess.run(
        ["bash", str(script)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        env={**os.environ, "HOSTPY": sys.executable},
    )
    return Path(out.stdout.strip().splitlines()[-1])


def release_venv(prefix: Path) -> Path:
    """A virtual environment of ``prefix``'s Python with the pinned manylinux_2_28 wheels."""
    pins = _pins()
    stamp = sorted(p.name for p in prefix.glob(".built-*"))
    key = hashlib.sha256("\n".join([*pins, *stamp]).encode()).hexdigest()[:12]
    venv = cache_dir() / f"venv-glibc{RELEASE_GLIBC}-{key}"
    if (venv / ".ready").exists():
        return venv
    wheels = cache_dir() / f"wheels-glibc{RELEASE_GLIBC}"
    log(f"downloading the pinned wheels for manylinux_2_28 into {wheels}")
    platforms = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"]
    platforms += ["manylinux1_x86_64", "linux_x86_64", "any"]
    # The host's pip downloads: the new Python has no TLS module, on purpose.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--only-binary=:all:",
            "--python-version",
            "3.11",
            "--implementation",
            "cp",
            "--abi",
            "cp311",
            *[arg for platform in platforms for arg in ("--platform", platform)],
            "-d",
            str(wheels),
            *pins,
        ],
        check=True,
    )
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([str(prefix / "bin" / "python3.11"), "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
            "--find-links",
            str(wheels),
            *pins,
        ],
        check=True,
    )
    (venv / ".ready").touch()
    return venv


def release_build(dist: Path, work: Path) -> int:
    started = time.perf_counter()
    prefix = release_python()
    venv = release_venv(prefix)
    log(f"glibc-{RELEASE_GLIBC} Python and wheels ready in {time.perf_counter() - started:.0f} s")
    cmd = [str(venv / "bin" / "python"), str(Path(__file__).resolve())]
    cmd += ["--dist", str(dist), "--work", str(work), "--max-glibc", RELEASE_GLIBC]
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the bundle, the .tar.xz and the .deb into dist/."
    )
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    parser.add_argument(
        "--work", default=str(ROOT / "build"), help="scratch folder (default: build/)"
    )
    parser.add_argument(
        "--skip-freeze", action="store_true", help="reuse the bundle already in --dist"
    )
    parser.add_argument(
        f"--glibc-{RELEASE_GLIBC}",
        dest="release",
        action="store_true",
        help=f"the release build: a Python compiled for glibc {RELEASE_GLIBC} (cached), "
        "every shipped file checked against it",
    )
    parser.add_argument("--max-glibc", help="fail if a shipped file needs a newer glibc")
    args = parser.parse_args(argv)
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    if args.release:
        return release_build(dist, work)
    info = build(dist, work, skip_freeze=args.skip_freeze, max_glibc=args.max_glibc)
    summary = {
        k: v
        for k, v in info.items()
        if k not in ("glibc_by_file", "qt_plugins", "qt_libraries", "system_libraries")
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
