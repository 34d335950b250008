"""shiboken6's support modules as compiled files, for the one-folder bundle.

At every start shiboken6 loads its support package (``shibokensupport``: the signature
loader, its parser and mapping, the feature switch …) from a zip archive kept inside
``Shiboken.abi3.so`` and compiles each module from source: about 14 modules, 120 KB of
source, tens of milliseconds of processor time before the first window can be shown.
When a folder ``files.dir`` sits beside ``shiboken6/__init__`` it imports them from
there instead (shiboken6's own ``SBK_EMBED=0`` layout), through the ordinary import
system, which takes compiled ``.pyc`` files without their source.

``compile_support(out, optimize)`` takes the modules out of the running shiboken6 (in a
second process, so the build's process never loads Qt) and writes them compiled, with
the bundle's optimisation level and no timestamp in their header (a build stays
byte-identical), into ``out/shibokensupport/…``; it returns the spec's ``datas`` for
``shiboken6/files.dir``.
"""

from __future__ import annotations

import json
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

BUNDLE_FOLDER = "shiboken6/files.dir"
PACKAGE = "shibokensupport"

_EXTRACT = """
import json, sys
import shiboken6  # loads shibokensupport from the archive inside Shiboken.abi3.so
loader = sys.modules["shibokensupport"].__loader__
archive = getattr(loader, "zfile", None)
if archive is None:
    raise SystemExit("shibokensupport was not loaded from shiboken6's embedded archive")
out = sys.argv[1]
names = [n for n in archive.namelist() if n.startswith("shibokensupport/") and n.endswith(".py")]
archive.extractall(out, members=names)
print(json.dumps(names))
"""


def extract_sources(out: Path, python: str = sys.executable) -> list[str]:
    """Write the support package's sources under ``out``; their paths, relative to it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    made = subprocess.run(
        [python, "-c", _EXTRACT, str(out)], check=True, stdout=subprocess.PIPE, text=True
    )
    names: list[str] = json.loads(made.stdout.strip().splitlines()[-1])
    if f"{PACKAGE}/signature/loader.py" not in names:
        raise SystemExit(f"shiboken_support: no signature loader among {names}")
    return sorted(names)


def compile_support(
    out: Path, optimize: int, python: str = sys.executable
) -> list[tuple[str, str]]:
    """Compiled support modules under ``out/compiled``, as ``(source, destination)`` pairs."""
    sources = out / "sources"
    compiled = out / "compiled"
    names = extract_sources(sources, python)
    if compiled.exists():
        shutil.rmtree(compiled)
    datas = []
    for name in names:
        target = compiled / (name + "c")
        target.parent.mkdir(parents=True, exist_ok=True)
        py_compile.compile(
            str(sources / name),
            cfile=str(target),
            dfile=name,  # as shiboken6 names them in tracebacks
            doraise=True,
            optimize=optimize,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        datas.append((str(target), str(Path(BUNDLE_FOLDER) / Path(name).parent)))
    return datas
