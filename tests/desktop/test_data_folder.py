"""Odd data folders: never a traceback; read-only folders open read-only with a banner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QToolBar

from desktop import paths
from desktop.annotations import AnnotationStore, new_highlight
from desktop.app import install_logging
from index.corpus import load_corpus
from tests.mounts import read_only_view

REPO = Path(__file__).resolve().parents[2]


def _start(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--exit-when-ready"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_data_folder_that_is_a_file_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    a_file = tmp_path / "data"
    a_file.write_text("not a folder")
    cases: list[dict[str, str | None]] = [
        {paths.DATA_DIR_ENV: str(a_file)},
        {"XDG_DATA_HOME": "/dev/null", "HOME": str(tmp_path)},
        {paths.DATA_DIR_ENV: str(a_file), "LANG": "zh_CN.UTF-8", "LC_ALL": None},
    ]
    for changes in cases:
        done = _start(changes)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "cannot be used" in done.stderr or "无法使用数据文件夹" in done.stderr


def test_without_home_the_program_starts_in_the_accounts_home(tmp_path: Path) -> None:
    done = _start({"HOME": None, "XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert done.returncode == 0, done.stderr
    assert "ready" in done.stdout
    assert (tmp_path / "xdg" / paths.ORG_NAME / paths.APP_ID / "logs").is_dir()


def test_logging_on_a_read_only_folder_does_not_stop_start_up(
    tmp_path: Path, monkeypatch: Any
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    with read_only_view(source, tmp_path / "ro") as data:
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
        assert install_logging() is None


def test_read_only_folder_opens_read_only_with_a_banner(
    tmp_path: Path, monkeypatch: Any, make_window: Any, qtbot: Any, sample_corpus: Path
) -> None:
    source = tmp_path / "source"
    document = load_corpus(sample_corpus).documents[0]
    block = next(b for b in document.blocks if len(b.text) > 10)
    with AnnotationStore(source, backup_at_start=False) as store:
        store.writer.add(new_highlight(document, block.id, 0, 4, note="只读也能看到")).result()
    with read_only_view(source, tmp_path / "ro") as data:
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
        window = make_window()
        notes = window.annotations
        assert notes.store is not None and notes.store.read_only
        qtbot.waitUntil(lambda: window.findChild(QToolBar, "readOnlyBanner") is not None)
        banner = window.findChild(QLabel, "readOnlyBannerText")
        assert "read-only" in banner.text().lower() or "只读" in banner.text()
        assert not notes.note_action.isEnabled()
        with notes.store.reader() as reader:
            assert [a.note for a in reader.query()] == ["只读也能看到"]
        window.close()


def test_a_full_disk_shows_every_note_read_only_with_the_reason(
    tmp_path: Path, monkeypatch: Any, make_window: Any, qtbot: Any, sample_corpus: Path
) -> None:
    from tests.mounts import fill_disk, small_tmpfs

    document = load_corpus(sample_corpus).documents[0]
    block = next(b for b in document.blocks if len(b.text) > 10)
    with small_tmpfs(tmp_path / "disk", "16m") as disk:
        data = disk / "data"
        with AnnotationStore(data, backup_at_start=False) as store:
            for i in range(5):
                store.writer.add(new_highlight(document, block.id, i, i + 3, note=f"第{i}条"))
            store.writer.backup().result()
        fill_disk(disk)
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
        window = make_window()
        notes = window.annotations
        assert notes.store is not None and notes.store.read_only
        qtbot.waitUntil(lambda: window.findChild(QToolBar, "readOnlyBanner") is not None)
        assert "full" in window.findChild(QLabel, "readOnlyBannerText").text()
        with notes.store.reader() as reader:
            assert reader.count() == 5
        window.close()
        assert not [p.name for p in data.iterdir() if ".damaged" in p.name]


def test_a_folder_in_place_of_the_notes_file_is_named_in_the_interface_language(
    tmp_path: Path, monkeypatch: Any, make_window: Any, dialogs: list[Any]
) -> None:
    """A Chinese interface on an English system: the notes are unavailable and the window
    says why in Chinese (a folder where the notes file should be), not "disk I/O error"."""
    data = tmp_path / "data"
    (data / "annotations.sqlite3").mkdir(parents=True)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    window = make_window(language="zh_CN")
    assert window.annotations.store is None
    (told,) = [d for d in dialogs if "annotations.sqlite3" in d.text]
    assert "该位置上是一个文件夹" in told.text and "没有移动或删除任何内容" in told.text
    assert "I/O" not in told.text and "输入/输出" not in told.text
    assert (data / "annotations.sqlite3").is_dir()
    window.close()
