"""The modules the program imports until its window is first painted.

``python packaging/startup_modules.py`` starts the program from the source tree (Qt's
offscreen platform, a fresh data folder), notes every module loaded when the window's
first paint is reported and writes their names, one a line, to
``packaging/startup-modules.txt``; ``--check`` only prints what would change.

The frozen program keeps its modules in one archive inside the executable, each entry
compressed with zlib by default, so every start decompressed again the ~2.9 MB of
bytecode it imports before the first paint. The spec stores these entries as they are
(the rest stays compressed, so the folder stays within its size budget). A module missing
from the list is still found; it is only decompressed. Run this again after changing what
the program imports before its first paint.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = Path(__file__).resolve().parent / "startup-modules.txt"
NOT_FROZEN = {"site", "_sitebuiltins", "sitecustomize", "_distutils_hack", "signature_bootstrap"}

_RECORD = """
import sys
out = sys.argv[1]
sys.argv[1:] = []
real = sys.stdout


class Watch:
    def write(self, text):
        if text.startswith("shown") and not getattr(self, "done", False):
            self.done = True
            with open(out, "w", encoding="utf-8") as fh:
                fh.write("\\n".join(sorted(sys.modules)) + "\\n")
        return real.write(text)

    def flush(self):
        real.flush()


sys.stdout = Watch()
from desktop.app import main

raise SystemExit(main(["--exit-when-ready"]))
"""


def record(python: str = sys.executable) -> list[str]:
    """Names of the modules loaded at the first paint, sorted."""
    with tempfile.TemporaryDirectory() as data:
        out = Path(data) / "modules.txt"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "POLICY_LIBRARY_DATA_DIR": str(Path(data) / "user"),
            "LANG": "C.UTF-8",
        }
        subprocess.run(
            [python, "-c", _RECORD, str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
        names = out.read_text("utf-8").split()
    # not the program's: the recording's own script, the interpreter's built-in modules and
    # what a source tree's site-packages loads (the frozen program has no site)
    return sorted(
        n
        for n in names
        if (n == "__future__" or not n.startswith("__"))
        and n not in sys.builtin_module_names
        and n not in NOT_FROZEN
    )


def read(path: Path = LIST) -> set[str]:
    if not path.is_file():
        return set()
    lines = path.read_text("utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the changes, write nothing")
    args = parser.parse_args(argv)
    names = record()
    old = read()
    added, removed = sorted(set(names) - old), sorted(old - set(names))
    print(f"{len(names)} modules; added {added}; removed {removed}")
    if not args.check:
        header = "# written by packaging/startup_modules.py: modules imported by the first paint\n"
        LIST.write_text(header + "\n".join(names) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
