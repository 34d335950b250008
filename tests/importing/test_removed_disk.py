"""A file on a USB stick pulled out while it is read: the import says so in the user's
language, the library is left as it was, and a file is read once (not again after the
stick is gone)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

import desktop.importing.readers as readers
from desktop.importing import PersonalLibrary
from desktop.personal import ImportJob, PersonalLibraryService, read_for_import
from desktop.refusals import translate_reason

TEXT = "关于做好防汛工作的通知\n\n" + "\n\n".join(
    f"第{i}条 各地区要加强汛期值守，确保人民群众生命财产安全。" for i in range(1, 30)
)


class _Stick:
    """Reads of ``path`` (opened as the importer opens it) that fail as a pulled-out USB
    stick makes them fail: ``error`` on reading, or the file gone once it was read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path, error: int | None) -> None:
        self.path = path
        self.error = error
        self.reads = 0
        real = os.fdopen

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real(fd, *args, **kwargs)
            if os.path.realpath(f"/proc/self/fd/{fd}") != str(path.resolve()):
                return handle
            stick = self

            class Pulled:
                def __enter__(self) -> Pulled:
                    return self

                def __exit__(self, *exc: object) -> None:
                    handle.close()

                def fileno(self) -> int:
                    return int(handle.fileno())

                def read(self, size: int = -1) -> bytes:
                    stick.reads += 1
                    if stick.error is not None:
                        handle.read(10)  # part of it, then the stick is gone
                        raise OSError(stick.error, os.strerror(stick.error))
                    data = handle.read(size)
                    path.unlink()  # read whole; then pulled out
                    return bytes(data)

            return Pulled()

        monkeypatch.setattr(readers.os, "fdopen", fdopen)


@pytest.mark.parametrize(
    "error", [errno.EIO, errno.ENOENT, errno.ENODEV], ids=["EIO", "ENOENT", "ENODEV"]
)
def test_a_file_whose_disk_is_pulled_out_is_refused_in_chinese_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    source = tmp_path / "stick" / "通知.txt"
    source.parent.mkdir()
    source.write_text(TEXT, "utf-8")
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*"))
        _Stick(monkeypatch, source, error)
        service = PersonalLibraryService(library, tmp_path / "data", lambda: {})
        outcome = service.import_files([ImportJob(source)], language="zh_CN")
        assert not outcome.imported and len(outcome.failed) == 1
        shown = translate_reason(outcome.failed[0][1], "zh_CN")
        assert shown.startswith("无法读取（") and ("拔出" in shown), shown
        words = shown.replace("U 盘", "")  # a USB stick, as it is called in Chinese
        assert not any(c.isascii() and c.isalpha() for c in words), shown
        assert library.documents() == []
        after = sorted(p.relative_to(tmp_path) for p in (tmp_path / "data").rglob("*"))
        assert after == before
    finally:
        library.close()


def test_a_file_is_read_once_before_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "stick" / "通知.txt"
    source.parent.mkdir()
    source.write_text(TEXT, "utf-8")
    library = PersonalLibrary.open(tmp_path / "data")
    try:
        stick = _Stick(monkeypatch, source, None)
        read = read_for_import(library, source, "zh_CN")
        assert stick.reads == 1
        assert read.reason == "" and read.draft is not None
        assert read.draft.title == "关于做好防汛工作的通知"
    finally:
        library.close()


@pytest.mark.parametrize(
    ("error", "missing"),
    [(errno.EIO, False), (errno.ENODEV, False), (None, True)],
    ids=["EIO", "ENODEV", "never-there"],
)
def test_a_notes_file_on_a_pulled_out_stick_is_refused_in_chinese(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: int | None,
    missing: bool,
) -> None:
    import desktop.annotations.exchange as exchange
    from desktop.annotations.cli import main as annotations_cli

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    notes = tmp_path / "stick" / "批注.json"
    notes.parent.mkdir()
    if not missing:
        notes.write_text('{"format": "policy-library-annotations"}', "utf-8")

        class Pulled:
            def __enter__(self) -> Pulled:
                return self

            def __exit__(self, *exc: object) -> None:
                pass

            def read(self, size: int = -1) -> bytes:
                assert error is not None
                raise OSError(error, os.strerror(error))

        monkeypatch.setattr(exchange, "open", lambda *_a, **_k: Pulled(), raising=False)
    code = annotations_cli(["import", str(notes), "--data-dir", str(tmp_path / "data")])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：未导入"), err
    words = err.replace(str(notes), "").replace("U 盘", "")
    assert not any(c.isascii() and c.isalpha() for c in words), err
    assert ("不存在" if missing else "拔出") in err, err
