"""File → Library packs… in the window: a pack installed there is searched at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.packs_dialog import PackManagerDialog
from index.packs.build import build_pack
from index.packs.keys import generate_key


def test_a_pack_installed_from_the_menu_is_searched_with_the_library(
    make_window: Any, search: Any, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tides.md").write_text(
        "---\ntitle: 关于加强海塘潮汐观测的通知\ndate: 2025-01-02\n---\n\n"
        "各沿海县要加强海塘潮汐观测，按时报送潮位数据。\n"
    )
    key = tmp_path / "publisher.key"
    generate_key(key)
    keys_dir = tmp_path / "system-config" / "trusted-keys.d"
    keys_dir.mkdir(parents=True)
    (keys_dir / "publisher.pub").write_text(Path(str(key) + ".pub").read_text())
    pack = tmp_path / "coast.plpack"
    build_pack(corpus, pack, pack_id="coast", title="沿海", version="1", key_file=key)

    window = make_window()
    action = window.packs_action
    assert action in window.file_menu.actions()
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Yes.value))
    action.trigger()
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, PackManagerDialog)]
    dialog.install_file(pack)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20000)
    result = search(window, "潮汐观测")
    assert {hit.library for hit in result.hits} == {"pack:coast"}
    assert result.hits[0].doc_id == "tides"
    dialog.close()
