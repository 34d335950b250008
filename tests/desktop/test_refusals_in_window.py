"""The window says why a file was refused in the interface language (Chinese here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.desktop.conftest import ShownDialog
from tests.desktop.test_import_ui import answers, import_via_menu  # noqa: F401  (fixture)

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_import_refusal_in_chinese(
    qtbot: Any,
    make_window: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],  # noqa: F811
    dialogs: list[ShownDialog],
    tmp_path: Path,
) -> None:
    window = make_window(language="zh_CN")
    qtbot.waitUntil(
        lambda: window.personal.library is not None and not window.personal.busy, timeout=10000
    )
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a Word file")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    import_via_menu(qtbot, window, monkeypatch, [corrupt, empty])
    (summary,) = [d for d in dialogs if d.kind == "importSummary"]
    lines = [line for line in summary.informative.splitlines() if line.strip()]
    assert len(lines) == 2
    for line in lines:
        reason = line.split("：", 1)[-1]
        assert HAN.search(reason), f"reason not in Chinese: {line}"
    assert "文件是空的" in summary.informative
