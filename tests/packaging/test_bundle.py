"""The frozen bundle, the .tar.xz and the .deb, verified as an installer would be used."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from index.corpus import corpus_hash

from .conftest import REPO, Build

pytestmark = pytest.mark.slow

NOBODY = 65534


def _as_user(
    cmd: list[str], home: Path, trace_to: Path | None = None, timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` as an unprivileged user with a temporary HOME (as root, via setpriv).

    With ``trace_to``, strace records every socket the process tree creates or connects.
    """
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    prefix: list[str] = []
    if trace_to is not None:
        prefix = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace_to)]
    if os.geteuid() == 0:
        prefix += ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    return subprocess.run(
        prefix + cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _read_only_copy(bundle: Path, where: Path) -> Path:
    copy = where / "opt" / "policy-library"
    shutil.copytree(bundle, copy, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(where / "opt")], check=True)
    return copy


def _home(where: Path, name: str = "home") -> Path:
    home = where / name
    home.mkdir()
    if os.geteuid() == 0:
        os.chown(home, NOBODY, NOBODY)
    return home


def _inet_sockets(strace_log: Path) -> list[str]:
    text = strace_log.read_text(errors="replace") if strace_log.exists() else ""
    return [line for line in text.splitlines() if "AF_INET" in line]


def test_manifest_lists_every_shipped_file(build: Build) -> None:
    lines = (build.bundle / "MANIFEST.sha256").read_text("utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    shipped = {
        p.relative_to(build.bundle).as_posix()
        for p in build.bundle.rglob("*")
        if p.is_file() and not p.is_symlink() and p.name != "MANIFEST.sha256"
    }
    assert set(listed) == shipped
    for rel in list(listed)[:: max(1, len(listed) // 25)]:
        assert hashlib.sha256((build.bundle / rel).read_bytes()).hexdigest() == listed[rel]


def test_bundle_ships_the_prebuilt_index_of_the_corpus(build: Build) -> None:
    internal = build.bundle / "_internal"
    manifest = json.loads((internal / "resources" / "index" / "manifest.json").read_text("utf-8"))
    assert manifest["corpus_hash"] == corpus_hash(REPO / "resources" / "corpus")
    # the corpus ships as one archive, not as a folder of files
    assert not (internal / "resources" / "corpus").exists()
    assert manifest["corpus_hash"] == corpus_hash(internal / "resources" / "corpus.tar.xz")
    assert (internal / "resources" / "fonts" / "PolicyLibSerifSC-Regular.otf").exists()
    assert list((internal / "resources" / "i18n").glob("*.qm"))
    assert (internal / "opencc" / "clib" / "share" / "opencc" / "t2s.json").exists()


def test_only_the_qt_parts_in_use_are_shipped(build: Build) -> None:
    assert build.info["pyside6_modules"] == ["QtCore", "QtGui", "QtPrintSupport", "QtWidgets"]
    names = {p.name for p in build.bundle.rglob("*")}
    for unwanted in ("libQt6Network.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6", "libQt6Pdf.so.6"):
        assert unwanted not in names
    plugins = build.info["qt_plugins"]
    assert "platforms/libqxcb.so" in plugins and "platforms/libqoffscreen.so" in plugins
    assert "platforminputcontexts/libibusplatforminputcontextplugin.so" in plugins
    # fcitx 4 and fcitx5 (packaging/fcitx5_qt_plugin.sh), within the glibc floor like the rest
    assert "platforminputcontexts/libfcitx5platforminputcontextplugin.so" in plugins
    assert not [
        p
        for p in plugins
        if p.startswith(("tls/", "networkinformation/", "sqldrivers/", "platforms/libqvnc"))
    ]
    translations = [p.name for p in build.bundle.rglob("*.qm") if "PySide6" in p.parts]
    assert translations and all("zh_CN" in t or "_en" in t for t in translations)


def test_self_check_from_a_read_only_install_as_a_user(build: Build, shared_tmp: Path) -> None:
    app = _read_only_copy(build.bundle, shared_tmp)
    home = _home(shared_tmp)
    before = sorted(p.relative_to(app).as_posix() for p in app.rglob("*"))
    strace_log = shared_tmp / "strace.log"
    proc = _as_user(
        [str(app / "policy-library"), "--self-check"],
        home,
        trace_to=strace_log,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    text = json.dumps(report, ensure_ascii=False)
    assert (
        str(app / "_internal" / "resources" / "index") in text
    )  # the shipped index, not a rebuild
    assert "政府" in text or "數字" in text
    assert sorted(p.relative_to(app).as_posix() for p in app.rglob("*")) == before
    user_files = [p for p in home.rglob("*") if p.is_file()]
    assert user_files, "the user's data folder is created in the user's home"
    assert not _inet_sockets(strace_log)


def test_frozen_window_opens_the_seed_document_and_quits(build: Build, shared_tmp: Path) -> None:
    app = _read_only_copy(build.bundle, shared_tmp)
    home = _home(shared_tmp)
    strace_log = shared_tmp / "strace.log"
    proc = _as_user(
        [str(app / "policy-library"), "--smoke-test"],
        home,
        trace_to=strace_log,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["document"] == "1d295d036ad38628"
    assert report["search_total"] > 0
    assert not _inet_sockets(strace_log)


def test_frozen_window_rebuilds_a_damaged_shipped_index_from_the_corpus_archive(
    build: Build, shared_tmp: Path
) -> None:
    from index.store import IndexState, check_index

    copy = shared_tmp / "copy"
    shutil.copytree(build.bundle, copy, symlinks=True)
    shipped_index = copy / "_internal" / "resources" / "index"
    postings = next(shipped_index.glob("*.pst"))
    with postings.open("r+b") as fh:
        fh.seek(1000)  # in the first MiB, which the check at start always reads
        byte = fh.read(1)[0]
        fh.seek(-1, 1)
        fh.write(bytes([byte ^ 0x10]))
    assert check_index(shipped_index, full=True).state is IndexState.CORRUPT
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(copy)], check=True)
    home = _home(shared_tmp)
    strace_log = shared_tmp / "strace.log"
    proc = _as_user(
        [str(copy / "policy-library"), "--smoke-test"], home, trace_to=strace_log, timeout=900
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["document"] == "1d295d036ad38628" and report["search_total"] > 0
    rebuilt = home / ".local" / "share" / "PolicyLibrary" / "policy-library" / "index"
    archive = copy / "_internal" / "resources" / "corpus.tar.xz"
    assert check_index(rebuilt, archive, full=True).ok
    assert check_index(rebuilt, REPO / "resources" / "corpus").ok
    assert not _inet_sockets(strace_log)


def test_upgrade_keeps_the_users_data(build: Build, shared_tmp: Path) -> None:
    old = _read_only_copy(build.bundle, shared_tmp)
    home = _home(shared_tmp)
    assert _as_user([str(old / "policy-library"), "--self-check"], home).returncode == 0
    before = {
        p.relative_to(home).as_posix(): p.read_bytes()
        for p in home.rglob("*")
        if p.is_file() and p.suffix != ".log"
    }
    assert before
    # A newer bundle replaces the program folder; the user's folder is left as it was.
    subprocess.run(["chmod", "-R", "u+w", str(shared_tmp / "opt")], check=True)
    shutil.rmtree(shared_tmp / "opt")
    new = _read_only_copy(build.bundle, shared_tmp)
    proc = _as_user([str(new / "policy-library"), "--self-check"], home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for rel, data in before.items():
        assert (home / rel).exists(), rel
        if rel.endswith(".ini"):
            assert (home / rel).read_bytes() == data, rel


def test_tarball_holds_the_bundle(build: Build) -> None:
    with tarfile.open(build.tarball) as tar:
        names = set(tar.getnames())
        members = tar.getmembers()
    assert "policy-library/policy-library" in names
    assert "policy-library/_internal/resources/index/manifest.json" in names
    assert all(m.uid == 0 and m.mtime == build.info["source_date_epoch"] for m in members)


def test_deb_layout_and_depends(build: Build) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(build.deb)], capture_output=True, text=True, check=True
    ).stdout
    depends = re.search(r"^Depends: (.*)$", fields, re.M)
    assert depends is not None
    assert f"libc6 (>= {build.info['min_glibc']})" in depends.group(1)
    assert "libxcb-cursor0" in depends.group(1) and "libxkbcommon-x11-0" in depends.group(1)
    contents = subprocess.run(
        ["dpkg-deb", "--contents", str(build.deb)], capture_output=True, text=True, check=True
    ).stdout
    app = "./opt/apps/org.policylibrary.reader"
    for path in (
        f"{app}/info",
        f"{app}/entries/applications/org.policylibrary.reader.desktop",
        f"{app}/files/policy-library/policy-library",
    ):
        assert path in contents, path
    extract = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(build.deb)], capture_output=True, check=True
    ).stdout
    import io

    with tarfile.open(fileobj=io.BytesIO(extract)) as tar:
        entry = tar.extractfile(f"{app}/entries/applications/org.policylibrary.reader.desktop")
        assert entry is not None
        desktop = entry.read().decode("utf-8")
    assert "Name[zh_CN]=政策文库" in desktop and "Name=Policy Library" in desktop
    assert "Exec=/opt/apps/org.policylibrary.reader/files/policy-library/policy-library" in desktop


def test_min_glibc_is_computed_from_the_shipped_files(build: Build) -> None:
    per_file = build.info["glibc_by_file"]
    highest = max(per_file.values(), key=lambda v: tuple(int(x) for x in v.split(".")))
    assert build.info["min_glibc"] == highest
    # Qt itself (manylinux_2_28 wheels) must not be what raises the requirement.
    qt = [v for k, v in per_file.items() if "libQt6" in k]
    assert qt and max(tuple(int(x) for x in v.split(".")) for v in qt) <= (2, 28)


def test_windows_installer_script_references_built_files(build: Build) -> None:
    iss = (REPO / "packaging" / "windows" / "policy-library.iss").read_text("utf-8")
    assert "{autopf}" in iss and "PrivilegesRequired=admin" in iss
    assert "政策文库" in iss and "Policy Library" in iss
    defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', iss, re.M))
    base = REPO / "packaging" / "windows"
    bundle_dir = (base / defines["BundleDir"].replace("\\", "/")).resolve()
    # The Windows build names the executable policy-library.exe; this build's is policy-library.
    assert bundle_dir.name == build.bundle.name
    assert (build.bundle / Path(defines["AppExe"]).stem).exists()
    for source in re.findall(r"(?:SetupIconFile)=(.+)$", iss, re.M):
        assert (base / source.strip().replace("\\", "/")).resolve().exists(), source
    version = defines["AppVersion"]
    assert version == build.info["version"]


def test_two_builds_of_the_same_commit_are_identical(build: Build, second_build: Build) -> None:
    second = second_build
    assert second.dist != build.dist
    assert (second.bundle / "MANIFEST.sha256").read_bytes() == (
        build.bundle / "MANIFEST.sha256"
    ).read_bytes()

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    assert digest(second.tarball) == digest(build.tarball)
    assert digest(second.deb) == digest(build.deb)


def test_frozen_program_installs_a_signed_pack_and_refuses_a_tampered_one(
    build: Build, shared_tmp: Path
) -> None:
    """The installed program verifies pack signatures without cryptography (left out of it)."""
    import sys

    internal = build.bundle / "_internal"
    assert not (internal / "cryptography").exists() and not list(internal.glob("_cffi_backend*"))
    corpus = shared_tmp / "pack-corpus"
    corpus.mkdir()
    shutil.copy(REPO / "resources" / "corpus" / "laws" / "宪法" / "宪法.md", corpus)
    key = shared_tmp / "publisher.key"
    pack = shared_tmp / "constitution.pack"
    for args in (
        ["keygen", "--out", str(key)],
        ["build", "--corpus", str(corpus), "--id", "frozen-test", "--title", "宪法包",
         "--version", "1", "--key", str(key), "--out", str(pack)],
    ):  # fmt: skip
        made = subprocess.run(
            [sys.executable, "-m", "index", "pack", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
    tampered = shared_tmp / "tampered.pack"
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    for path in (key.with_name("publisher.key.pub"), pack, tampered):
        path.chmod(0o644)
    app = _read_only_copy(build.bundle, shared_tmp)
    home = _home(shared_tmp)
    program = str(app / "policy-library")
    trust = ["--trust", str(key.with_name("publisher.key.pub"))]
    refused = _as_user([program, "packs", "install", str(tampered), *trust], home)
    assert refused.returncode != 0
    assert "refused" in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    installed = _as_user([program, "packs", "install", str(pack), *trust], home, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    listed = _as_user([program, "packs", "list", "--json"], home)
    assert listed.returncode == 0, listed.stderr
    assert "frozen-test" in listed.stdout and "宪法包" in listed.stdout
