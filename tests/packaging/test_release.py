"""The glibc-2.28 release: what it asks of the target system, its .deb, an old Debian root."""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, Build

pytestmark = pytest.mark.slow

LIMIT = (2, 28)
NOBODY = 65534
GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)")


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def _readelf(path: Path, *flags: str) -> str:
    return subprocess.run(
        ["readelf", *flags, "--wide", str(path)], capture_output=True, text=True, check=True
    ).stdout


def _deb_field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def _deb_members(deb: Path) -> dict[str, bytes]:
    data = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True
    ).stdout
    members: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                fh = tar.extractfile(member)
                assert fh is not None
                members[member.name.removeprefix("./")] = fh.read()
    return members


# -- glibc and RUNPATH -----------------------------------------------------------------------
def test_every_shipped_elf_file_needs_at_most_glibc_2_28(build: Build) -> None:
    files = _elf_files(build.bundle)
    assert len(files) > 40  # Python, Qt, the extension modules
    too_new = {}
    for path in files:
        out = _readelf(path, "--version-info")
        needs = out.split("Version needs section", 1)[-1] if "Version needs" in out else ""
        versions = [(int(a), int(b)) for a, b in GLIBC.findall(needs)]
        if versions and max(versions) > LIMIT:
            too_new[path.relative_to(build.bundle).as_posix()] = max(versions)
    assert too_new == {}
    assert tuple(int(x) for x in build.info["min_glibc"].split(".")) <= LIMIT
    # the Python runtime is the release one, not the build host's
    assert any(p.name.startswith("libpython3.11.so") for p in files)


def test_no_runpath_points_outside_the_bundle(build: Build) -> None:
    bundle = build.bundle.resolve()
    outside = []
    for path in _elf_files(bundle):
        for kind, value in re.findall(r"\((RUNPATH|RPATH)\).*\[(.*)\]", _readelf(path, "-d")):
            for entry in value.split(":"):
                if not entry.startswith("$ORIGIN"):
                    outside.append((path.name, kind, entry))
                    continue
                target = Path(os.path.normpath(str(path.parent) + entry[len("$ORIGIN") :]))
                if target != bundle and bundle not in target.parents:
                    outside.append((path.name, kind, entry))
    assert outside == []


# -- the .deb --------------------------------------------------------------------------------
def test_depends_name_the_package_of_every_library_taken_from_the_system(build: Build) -> None:
    depends = _deb_field(build.deb, "Depends")
    assert depends.startswith("libc6 (>= 2.28)") or re.match(r"libc6 \(>= 2\.2[0-8]\)", depends)
    alternatives = [{a.split(" (")[0].strip() for a in d.split("|")} for d in depends.split(",")]
    shipped = {p.name for p in build.bundle.rglob("*")}
    needed = set()
    for path in _elf_files(build.bundle):
        needed |= set(re.findall(r"\(NEEDED\).*\[(.*)\]", _readelf(path, "-d")))
    from_system = sorted(needed - shipped)
    assert "libxcb-cursor.so.0" in from_system and "libcups.so.2" in from_system
    for soname in from_system:
        found = subprocess.run(
            ["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True, check=False
        ).stdout
        owners = {line.split(":")[0] for line in found.splitlines() if line}
        assert owners, f"{soname}: no package of this machine provides it"
        assert any(owners & group for group in alternatives), f"{soname} ({owners}) not in Depends"


def test_input_methods_are_suggested_not_pulled_in(build: Build) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(build.deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "Recommends:" not in fields
    suggests = _deb_field(build.deb, "Suggests")
    assert "ibus" in suggests and "fcitx5" in suggests
    # only packages that make input work with the bundled Qt (its ibus plugin and the fcitx
    # plugin built for it): no input-context plugin built for another Qt
    named = {a.split(" (")[0].strip() for a in re.split(r"[,|]", suggests)}
    allowed = {"ibus", "ibus-libpinyin", "fcitx5", "fcitx5-chinese-addons", "fcitx-pinyin"}
    assert named <= allowed, named
    assert not any("frontend-qt" in name for name in named)
    depends = _deb_field(build.deb, "Depends")
    assert "ibus" not in depends and "fcitx" not in depends and "gtk" not in depends


def test_copyright_covers_every_shipped_component(build: Build) -> None:
    members = _deb_members(build.deb)
    text = members["usr/share/doc/org.policylibrary.reader/copyright"].decode("utf-8")
    patterns: list[str] = []
    for stanza in text.split("\n\n"):
        m = re.search(r"^Files: (.+)$", stanza, re.M)
        if m and "License:" in stanza:
            patterns += m.group(1).split()
    specific = [p for p in patterns if p != "*"]
    app = "opt/apps/org.policylibrary.reader/files/policy-library"
    internal = build.bundle / "_internal"
    # every top-level part of the program folder except the program's own code
    own = {"desktop", "index", "policy_library.egg-info", "resources", "base_library.zip"}
    parts = [f"{app}/_internal/{p.name}" for p in internal.iterdir() if p.name not in own]
    parts += [f"{app}/_internal/resources/corpus.tar.xz", f"{app}/_internal/resources/fonts/x.otf"]
    parts.append(f"{app}/policy-library")
    uncovered = [
        part
        for part in parts
        if not any(
            fnmatch.fnmatch(part, pat) or fnmatch.fnmatch(part + "/x", pat) for pat in specific
        )
    ]
    assert uncovered == []
    for licence in ("LGPL-3", "PSF-2.0", "Apache-2.0", "OFL-1.1", "public-domain", "BSD-3-clause"):
        assert f"License: {licence}" in text, licence
    assert "著作权法" in text and "Article 5" in text  # why the law texts may be shipped


def test_md5sums_list_every_file_with_its_digest(build: Build, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "--control", str(build.deb), str(tmp_path)], check=True)
    listed: dict[str, str] = {}
    for line in (tmp_path / "md5sums").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    members = _deb_members(build.deb)
    assert set(listed) == set(members)
    for name in list(members)[:: max(1, len(members) // 40)]:
        assert hashlib.md5(members[name]).hexdigest() == listed[name], name


def test_no_lock_files_are_shipped(build: Build) -> None:
    locks = [
        p.name
        for p in build.bundle.rglob("*")
        if re.search(r"(LOCK|\.lock)$", p.name, re.I) and p.is_file()
    ]
    assert locks == []


def test_lintian_reports_nothing_unexplained(build: Build) -> None:
    if shutil.which("lintian") is None:
        pytest.fail("lintian is needed (bash .ci/setup installs it)")
    proc = subprocess.run(
        ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", str(build.deb)],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    tags = [line for line in proc.stdout.splitlines() if re.match(r"^[EWI]: ", line)]
    print("\n".join(tags))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert tags == []  # everything left is overridden in packaging/deb/lintian-overrides


def test_the_diet_takes_out_what_the_program_never_uses(build: Build) -> None:
    assert build.info["tarball"].endswith(".tar.xz")
    # ICU data: the Chinese/English collation and case data Qt asks for, not the full 30 MB
    icudata = [p for p in build.bundle.rglob("libicudata.so.*") if p.is_file()]
    assert icudata and icudata[0].stat().st_size < 6 * 1024 * 1024
    internal = build.bundle / "_internal"
    assert not list(internal.rglob("objectify*.so")) and not (internal / "lxml" / "html").exists()
    assert not list(internal.rglob("imageformats/*"))
    opencc = {p.name for p in (internal / "opencc").rglob("*") if p.suffix in (".json", ".ocd2")}
    assert "t2s.json" in opencc and "s2t.json" not in opencc and "HKVariants.ocd2" not in opencc


def test_bundle_and_deb_stay_within_their_size_budget(build: Build) -> None:
    # 150 MB and 60 MB in decimal megabytes, the stricter reading of the budget.
    assert build.info["bundle_bytes"] <= 150_000_000
    assert build.info["deb_bytes"] <= 60_000_000


# -- the oldest Debian root ------------------------------------------------------------------
@pytest.fixture(scope="session")
def debian_root() -> Path:
    if os.geteuid() != 0:
        pytest.fail("the Debian root needs root (debootstrap, chroot)")
    proc = subprocess.run(
        ["bash", str(REPO / "packaging" / "debian_root.sh"), "bullseye"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def installed_in_root(build: Build, debian_root: Path) -> Iterator[tuple[Path, str, str]]:
    """The bundle read-only under the root's /opt, and an empty home for ``nobody``."""
    name = f"policy-library-{uuid.uuid4().hex[:8]}"
    app = debian_root / "opt" / name
    home = debian_root / "tmp" / f"home-{name}"
    shutil.copytree(build.bundle, app, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w,a+rX", str(app)], check=True)
    home.mkdir(parents=True)
    os.chown(home, NOBODY, NOBODY)
    yield debian_root, f"/opt/{name}/policy-library", f"/tmp/home-{name}"
    subprocess.run(["chmod", "-R", "u+w", str(app)], check=False)
    shutil.rmtree(app, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)


def _in_root(
    root: Path, cmd: list[str], home: str, trace: Path
) -> subprocess.CompletedProcess[str]:
    env = ["HOME=" + home, "QT_QPA_PLATFORM=offscreen", "LANG=C.UTF-8", "PATH=/usr/bin:/bin"]
    return subprocess.run(
        [
            *("strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)),
            *("chroot", f"--userspec={NOBODY}:{NOBODY}", str(root), "/usr/bin/env", "-i"),
            *env,
            *cmd,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_debian_11_root_is_older_than_the_build_host(debian_root: Path) -> None:
    out = subprocess.run(
        ["chroot", str(debian_root), "ldd", "--version"], capture_output=True, text=True
    ).stdout
    version = tuple(int(x) for x in re.search(r"(\d+)\.(\d+)\s*$", out.splitlines()[0]).groups())  # type: ignore[union-attr]
    assert version < (2, 36)  # so the check below means something on this Debian 12 host


def test_self_check_and_window_in_debian_11_as_a_user_without_network(
    installed_in_root: tuple[Path, str, str], tmp_path: Path
) -> None:
    root, program, home = installed_in_root
    trace = tmp_path / "strace.log"
    proc = _in_root(root, [program, "--self-check"], home, trace)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert all(check.get("ok", True) for check in report["checks"].values())
    calls = trace.read_text(errors="replace").splitlines()
    assert any("socket(" in line for line in calls)  # strace saw the process's sockets
    assert [line for line in calls if "AF_INET" in line] == []

    proc = _in_root(root, [program, "--smoke-test"], home, trace)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    smoke = json.loads(proc.stdout.strip().splitlines()[-1])
    assert smoke["ok"] is True and smoke["title_shown"] and smoke["search_total"] > 0
    assert [line for line in trace.read_text().splitlines() if "AF_INET" in line] == []
    assert list((root / home.lstrip("/")).rglob("*.ini"))  # the user's data went to HOME
