"""The 文库包 manager, driven as a user would: install, update, refusal, removal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.packs import PackService
from desktop.ui.packs_dialog import PackManagerDialog
from desktop.workers import BackgroundTasks
from index import paths
from index.packs.keys import PublicKey

from .conftest import PackMaker, repack, tree_digest
from .test_packs import PACK_ID, _v2_docs


@pytest.fixture
def manager(
    qtbot: Any,
    key: tuple[Path, PublicKey],
    user_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    shown: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return int(QMessageBox.StandardButton.Yes.value)  # the user agrees

    monkeypatch.setattr(QMessageBox, "exec", record)
    host = QWidget()
    qtbot.addWidget(host)
    tasks = BackgroundTasks(host, dialog_parent=host)
    changes: list[int] = []
    service = PackService(user_data_dir, extra_trust=[Path(str(key[0]) + ".pub")])
    dialog = PackManagerDialog(service, tasks, lambda: changes.append(1), host)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog, shown, changes
    tasks.shutdown()


def test_manager_installs_updates_refuses_and_removes(
    qtbot: Any, manager: Any, make_pack: PackMaker, user_data_dir: Path, tmp_path: Path
) -> None:
    dialog, shown, changes = manager
    assert dialog.table.rowCount() == 0

    dialog.install_file(make_pack())
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    _title, question = shown[0]
    assert "3" in question and "示范省人民政府办公厅" in question and "林长制" in question
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[:3] == [PACK_ID, "示范省政策", "1"] and row[5] == "3"
    assert changes == [1]

    shown.clear()
    dialog.install_file(make_pack(_v2_docs(), version="2"))
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "2", timeout=10000)
    [(_, question)] = shown
    assert "1" in question  # replaces the installed version 1
    assert "关于加强桥梁安全检查的通知" in question  # added
    assert "关于做好饮用水水源保护工作的意见" in question  # removed
    details = dialog.details.toPlainText()
    assert "桥梁" in details and "饮用水" in details and "农村公路" in details

    before = tree_digest(paths.packs_dir(user_data_dir))
    good = make_pack(name="again.pack")
    tampered = repack(
        good,
        tmp_path / "bad.pack",
        lambda e: e.__setitem__("documents/road.md", e["documents/road.md"] + b"x"),
    )
    shown.clear()
    dialog.install_file(tampered)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "signed" in shown[0][1] or "签名" in shown[0][1]
    assert tree_digest(paths.packs_dir(user_data_dir)) == before
    assert dialog.table.item(0, 2).text() == "2"

    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=10000)
    assert not (paths.packs_dir(user_data_dir) / PACK_ID).exists()
    assert len(changes) == 3


def test_manager_marks_a_pack_that_a_machine_pack_shadows(
    qtbot: Any,
    manager: Any,
    make_pack: PackMaker,
    key: tuple[Path, PublicKey],
    other_key: tuple[Path, PublicKey],
    tmp_path: Path,
) -> None:
    dialog, _shown, _changes = manager
    dialog.install_file(make_pack())
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    trust = [Path(str(k[0]) + ".pub") for k in (key, other_key)]
    admin = PackService(tmp_path / "admin-data", machine=True, extra_trust=trust)
    admin.install(make_pack(key_file=other_key[0], name="machine.pack"))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
    scopes = sorted(dialog.table.item(row, 6).text() for row in range(2))
    assert scopes == [
        "this machine",
        "this user (not used: another installed pack takes its place)",
    ]


def test_manager_says_a_pulled_out_stick_in_chinese(
    qtbot: Any, manager: Any, make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os
    import zipfile

    from desktop.translators import shared

    dialog, shown, _changes = manager
    pack = make_pack()
    read = zipfile.ZipExtFile.read

    def failing(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        if self.name.startswith(("documents/", "index/")):  # read after the description
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return read(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", failing)
    shared().apply("zh_CN")
    try:
        dialog.install_file(pack)  # asked (answered yes), then refused
        qtbot.waitUntil(lambda: len(shown) > 1, timeout=10000)
    finally:
        shared().apply("en")
    text = shown[-1][1]
    assert text.startswith("无法读取文库包文件：它所在的磁盘报告了错误，或已被拔出。"), text
    assert text.endswith(f"({pack}: 输入/输出错误)"), text
    assert dialog.table.rowCount() == 0
