"""A smaller ICU data library for the bundle: Chinese and English only.

Qt's wheels ship ``libicudata.so.NN`` (about 30 MB): every locale, collation, currency,
time-zone name and legacy code page ICU knows. The program shows Chinese and English and
decodes imported files in Python, so the locale data of other languages, the legacy
converters other than the Chinese ones and the data trees Qt never reads are taken out
with ICU's own ``icupkg``, and the rest is linked back into a library with the same soname and data
symbol (assembled with binutils; it needs nothing from glibc). ICU falls back to its root
locale for anything missing, so a missing language degrades, never crashes.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

# Languages whose locale data stay (with all their scripts and regions).
KEEP_LANGUAGES = ("zh", "en", "yue")  # Hong Kong's number spell-out falls back to yue
# Legacy converters kept: the Chinese national and Big5 encodings.
KEEP_CONVERTERS = re.compile(
    r"gb18030|big5|windows-950|ibm-1373|ibm-1386|ibm-5478|windows-936", re.I
)
_LOCALE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]*)*$")
# ICU data trees Qt never reads: Qt formats numbers, dates and names from its own CLDR
# tables and finds text boundaries with its own Unicode tables; it asks ICU for collation
# (QCollator), case mapping and legacy code pages only.
UNUSED_TREES = ("brkitr/", "translit/", "rbnf/", "curr/", "lang/", "region/", "zone/", "unit/")
UNUSED_ITEMS = ("unames.icu",)


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The ``icudtNN_dat`` symbol: its name, file offset and size."""
    symbols = subprocess.run(
        ["readelf", "--dyn-syms", "--wide", str(library)], capture_output=True, text=True
    ).stdout
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) >= 8 and re.fullmatch(r"icudt\d+_dat", fields[7]) and fields[6] != "UND":
            name, section = fields[7], fields[6]
            address, size = int(fields[1], 16), int(fields[2], 0)
            break
    else:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    headers = subprocess.run(
        ["readelf", "--section-headers", "--wide", str(library)], capture_output=True, text=True
    ).stdout
    for line in headers.splitlines():
        m = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m and m.group(1) == section:
            return name, address - int(m.group(2), 16) + int(m.group(3), 16), size
    raise ValueError(f"{library}: section {section} of {name} not found")


def removable(item: str) -> bool:
    """Whether an item of the ICU package (``icudt73l/coll/de.res``) is dropped."""
    parts = item.split("/")[1:]  # without the package name
    name = parts[-1]
    if "/".join(parts).startswith(UNUSED_TREES) or name in UNUSED_ITEMS:
        return True
    stem, _, ext = name.rpartition(".")
    if ext == "cnv":
        return not KEEP_CONVERTERS.search(stem)
    if ext != "res" or stem in ("res_index", "root", "pool"):
        return False
    m = _LOCALE.match(stem)
    return m is not None and m.group(1) not in KEEP_LANGUAGES


def subset_library(library: Path, out: Path) -> dict[str, int]:
    """Write the Chinese/English subset of ``library`` to ``out``; return sizes and counts."""
    name, offset, size = data_symbol(library)
    soname = library.name
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        package = name.removesuffix("_dat") + "l"  # icupkg wants the package's own file name
        full, small_dir = tmp / f"{package}.dat", tmp / "small"
        small_dir.mkdir()
        with library.open("rb") as fh:
            fh.seek(offset)
            full.write_bytes(fh.read(size))
        listing = subprocess.run(
            ["icupkg", "-l", str(full)], capture_output=True, text=True, check=True
        ).stdout.split()
        items = [i.removeprefix(package + "/") for i in listing]
        drop = [i for i in items if removable(f"{package}/{i}")]
        (tmp / "drop.txt").write_text("\n".join(drop) + "\n", "utf-8")
        subprocess.run(
            ["icupkg", "-r", str(tmp / "drop.txt"), str(full), str(small_dir / full.name)],
            capture_output=True,
            check=True,
        )
        (tmp / "data.S").write_text(
            "\t.section .rodata\n"
            f"\t.globl {name}\n"
            f"\t.type {name}, @object\n"
            "\t.balign 16\n"
            f"{name}:\n"
            f'\t.incbin "{small_dir / full.name}"\n'
            f"\t.size {name}, . - {name}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            "utf-8",
        )
        subprocess.run(["as", "-o", str(tmp / "data.o"), str(tmp / "data.S")], check=True)
        subprocess.run(
            ["ld", "-shared", "-s", "-soname", soname, "-o", str(out), str(tmp / "data.o")],
            check=True,
        )
        small = (small_dir / full.name).stat().st_size
    return {"items": len(items), "dropped": len(drop), "data_bytes": size, "subset_bytes": small}


def shrink_in_place(bundle: Path) -> dict[str, int] | None:
    """Replace the bundle's libicudata with its subset (None when it ships no ICU data)."""
    found = sorted(p for p in bundle.rglob("libicudata.so.*") if p.is_file() and not p.is_symlink())
    if not found:
        return None
    library = found[0]
    smaller = library.with_name(library.name + ".subset")
    result = subset_library(library, smaller)
    smaller.replace(library)
    library.chmod(0o755)
    return result
