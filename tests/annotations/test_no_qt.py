"""The annotation core runs without Qt: importing it and using it never loads PySide6."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO_ROOT


def test_core_does_not_import_qt(tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import desktop.annotations.cli, desktop.annotations.bench\n"
        "from desktop.annotations import AnnotationStore\n"
        f"AnnotationStore(Path({str(tmp_path)!r})).close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
