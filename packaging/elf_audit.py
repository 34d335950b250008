"""What the shipped ELF files ask of the target system: ``python packaging/elf_audit.py DIR``.

For every ELF file under a folder (by its magic bytes, whatever its name): the highest
``GLIBC_x.y`` symbol version it needs, its ``DT_NEEDED`` libraries and its RUNPATH/RPATH.
A RUNPATH is acceptable only when it is ``$ORIGIN``-relative and stays inside the folder;
a needed library that no shipped file provides must come from the target system.
Uses ``readelf`` only (binutils); standard library only, so any Python can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")
_DYNAMIC = re.compile(r"\((NEEDED|RUNPATH|RPATH|SONAME)\)\s+.*?\[(.*)\]")

Version = tuple[int, ...]


def version_text(version: Version) -> str:
    return ".".join(map(str, version))


def parse_version(text: str) -> Version:
    return tuple(int(x) for x in text.split("."))


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(root: Path) -> list[Path]:
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file() and is_elf(path):
                found.append(path)
    return sorted(found, key=lambda p: p.as_posix())


@dataclass
class ElfFile:
    path: Path
    glibc: Version | None = None
    needed: list[str] = field(default_factory=list)
    runpaths: list[str] = field(default_factory=list)
    soname: str | None = None


def read_elf(path: Path) -> ElfFile:
    out = subprocess.run(
        ["readelf", "--dynamic", "--version-info", "--wide", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    info = ElfFile(path)
    needs = out.split("Version needs section", 1)[1] if "Version needs section" in out else ""
    versions = [tuple(int(x) for x in m.groups() if x is not None) for m in _GLIBC.finditer(needs)]
    info.glibc = max(versions) if versions else None
    for kind, value in _DYNAMIC.findall(out):
        if kind == "NEEDED":
            info.needed.append(value)
        elif kind == "SONAME":
            info.soname = value
        else:
            info.runpaths.extend(p for p in value.split(":") if p)
    return info


def runpath_inside(elf: Path, runpath: str, root: Path) -> bool:
    """True when ``runpath`` is ``$ORIGIN``-relative and resolves inside ``root``."""
    if not runpath.startswith(("$ORIGIN", "${ORIGIN}")):
        return False
    rest = runpath.split("}", 1)[1] if runpath.startswith("${") else runpath[len("$ORIGIN") :]
    target = Path(os.path.normpath(str(elf.parent) + rest))
    root = Path(os.path.normpath(root))
    return target == root or root in target.parents


@dataclass
class Audit:
    root: Path
    files: list[ElfFile]

    @property
    def max_glibc(self) -> Version:
        return max((f.glibc for f in self.files if f.glibc), default=(2, 17))

    def glibc_by_file(self) -> dict[str, str]:
        return {
            f.path.relative_to(self.root).as_posix(): version_text(f.glibc)
            for f in self.files
            if f.glibc
        }

    def above(self, limit: Version) -> dict[str, str]:
        return {k: v for k, v in self.glibc_by_file().items() if parse_version(v) > limit}

    def runpaths_outside(self) -> dict[str, list[str]]:
        bad: dict[str, list[str]] = {}
        for f in self.files:
            outside = [r for r in f.runpaths if not runpath_inside(f.path, r, self.root)]
            if outside:
                bad[f.path.relative_to(self.root).as_posix()] = outside
        return bad

    def provided(self) -> set[str]:
        names = {f.path.name for f in self.files}
        names |= {f.soname for f in self.files if f.soname}
        # symlinked sonames (libfoo.so.1 -> libfoo.so.1.2.3) are provided too
        for folder, _dirs, files in os.walk(self.root):
            names |= {n for n in files if (Path(folder) / n).is_symlink()}
        return names

    def system_libraries(self) -> dict[str, list[str]]:
        """DT_NEEDED names no shipped file provides -> the shipped files that need them."""
        provided = self.provided()
        wanted: dict[str, list[str]] = {}
        for f in self.files:
            for name in f.needed:
                if name not in provided:
                    wanted.setdefault(name, []).append(f.path.relative_to(self.root).as_posix())
        return dict(sorted(wanted.items()))


def audit(root: Path) -> Audit:
    return Audit(root, [read_elf(p) for p in elf_files(root)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--max-glibc", help="fail if any file needs a newer GLIBC_ version")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = parser.parse_args(argv)
    result = audit(args.root)
    above = result.above(parse_version(args.max_glibc)) if args.max_glibc else {}
    outside = result.runpaths_outside()
    report = {
        "elf_files": len(result.files),
        "max_glibc": version_text(result.max_glibc),
        "above_limit": above,
        "runpaths_outside": outside,
        "system_libraries": sorted(result.system_libraries()),
    }
    if args.json:
        report["glibc_by_file"] = result.glibc_by_file()
    print(json.dumps(report, indent=2))
    return 1 if above or outside else 0


if __name__ == "__main__":
    sys.exit(main())
