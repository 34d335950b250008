"""File → Library packs… in the window: a pack installed there is searched at once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.packs import PackService
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
    qtbot.waitUntil(lambda: not window.searchable.packs_opening, timeout=20000)
    result = search(window, "潮汐观测")
    assert {hit.library for hit in result.hits} == {"pack:coast"}
    assert result.hits[0].doc_id == "tides"
    dialog.close()


def test_installed_packs_are_opened_off_the_gui_thread_and_then_listed(
    make_window: Any,
    search: Any,
    tmp_path: Path,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    user_data_dir: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dikes.md").write_text(
        "---\ntitle: 关于海塘巡查的办法\ndate: 2025-02-01\n---\n\n海塘巡查每月不少于两次。\n"
    )
    key = tmp_path / "publisher.key"
    generate_key(key)
    pack = tmp_path / "coast.plpack"
    build_pack(corpus, pack, pack_id="coast", title="沿海", version="1", key_file=key)
    PackService(user_data_dir, extra_trust=[Path(str(key) + ".pub")]).install(pack)

    import desktop.pack_library

    opened_in: list[threading.Thread] = []
    opener = desktop.pack_library.open_installed_packs

    def recording(data_dir: Path) -> Any:
        opened_in.append(threading.current_thread())
        return opener(data_dir)

    monkeypatch.setattr(desktop.pack_library, "open_installed_packs", recording)
    window = make_window()
    assert opened_in and threading.main_thread() not in opened_in
    assert [title for _label, title, _rows in window.searchable.pack_groups()] == ["沿海"]
    result = search(window, "海塘巡查")
    assert {hit.library for hit in result.hits} == {"pack:coast"}
