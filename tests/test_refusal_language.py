"""Every refusal reaches a Chinese user in Chinese: import, notes import, the command lines.

Two nets: each refusal path run end to end under ``LANG=zh_CN.UTF-8`` (fails on a
reason with no Chinese in it), and every refusal sentence written in the code (found
by reading the source) checked to have a translation — so a new English refusal
without one fails here before a user sees it.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from desktop.refusals import REASONS, cli_language, message, translate_reason
from tests.importing.test_bad_input import CASES, bomb_by_size, oversized_txt

REPO = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
REFUSING_ERRORS = {
    "DocumentImportError",
    "LibraryError",
    "ExchangeError",
    "_EntryError",
    "NewerSchemaError",
    "ParseError",
}
SOURCES = [
    *sorted((REPO / "desktop" / "importing").glob("*.py")),
    REPO / "desktop" / "annotations" / "exchange.py",
    REPO / "desktop" / "annotations" / "schema.py",
    REPO / "index" / "parsing.py",  # its reasons reach the user through text imports
]


@pytest.fixture
def chinese_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def _written_refusals() -> list[tuple[str, int, str]]:
    """(file, line, sample sentence) for every refusal raised with a literal reason."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in REFUSING_ERRORS and not (
                name == "__init__" and path.name == "errors.py"
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                sample = first.value
            elif isinstance(first, ast.JoinedStr):
                sample = "".join(
                    str(part.value) if isinstance(part, ast.Constant) else "7"
                    for part in first.values
                )
            else:
                continue
            found.append((path.name, node.lineno, sample))
    return found


def test_every_written_refusal_has_a_translation():
    refusals = _written_refusals()
    assert len(refusals) > 50  # the scan sees the raise sites
    missing = [
        (name, line, sample)
        for name, line, sample in refusals
        if not HAN.search(translate_reason(sample, "zh_CN"))
    ]
    assert missing == []


def test_templates_translate_and_english_stays_english():
    for english, chinese in REASONS:
        sample = re.sub(r"\{\w+\}", "7", english)
        assert HAN.search(translate_reason(sample, "zh_CN")), english
        assert translate_reason(sample, "en") == sample
        assert set(re.findall(r"\{\w+\}", chinese)) <= set(re.findall(r"\{\w+\}", english))


def test_nested_reason_is_translated_too():
    got = translate_reason("annotation 3: 'exact' is missing", "zh_CN")
    assert got == "第 3 条批注：缺少 'exact'"


def test_terminal_language(monkeypatch: pytest.MonkeyPatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli_language() == "zh_CN"
    monkeypatch.setenv("LC_ALL", "C")
    assert cli_language() == "en"
    assert message("exported_one", "en", path="x") == "exported 1 annotation to x"


FAST_CASES = [(make, reason) for make, reason in CASES if make not in (bomb_by_size, oversized_txt)]


def test_import_refusals_in_chinese(tmp_path: Path, chinese_terminal, capsys):
    from desktop.importing.cli import main as import_cli

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = [make(inbox) for make, _ in FAST_CASES]
    code = import_cli([*map(str, files), "--data-dir", str(tmp_path / "data")])
    assert code == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == len(files)
    for line in lines:
        head, _, reason = line.partition("：")
        assert head.startswith("未导入"), line
        assert HAN.search(reason), f"reason not in Chinese: {line}"


NOTES_FILES = {
    "not_json.json": b"{not json",
    "latin1.json": b'{"a": "\xff"}',
    "list.json": b"[1, 2]",
    "wrong_format.json": json.dumps({"format": "other", "version": 1}).encode(),
    "no_version.json": json.dumps({"format": "policy-library-annotations"}).encode(),
    "twice.json": b'{"format": "policy-library-annotations", "format": "x"}',
    "deep.json": b"[" * 200 + b"]" * 200,
}


@pytest.mark.parametrize("name", sorted(NOTES_FILES))
def test_notes_import_refusals_in_chinese(tmp_path: Path, chinese_terminal, capsys, name):
    from desktop.annotations.cli import main as annotations_cli

    path = tmp_path / name
    path.write_bytes(NOTES_FILES[name])
    code = annotations_cli(["import", str(path), "--data-dir", str(tmp_path / "data")])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：未导入"), err
    reason = err.split("：", 2)[-1]
    assert HAN.search(reason), f"reason not in Chinese: {err}"


def test_notes_entry_refusal_in_chinese(tmp_path: Path, chinese_terminal, capsys):
    from desktop.annotations.cli import main as annotations_cli
    from desktop.annotations.exchange import EXCHANGE_FORMAT, EXCHANGE_VERSION

    path = tmp_path / "entry.json"
    path.write_text(
        json.dumps(
            {"format": EXCHANGE_FORMAT, "version": EXCHANGE_VERSION, "annotations": [{"id": 5}]}
        ),
        "utf-8",
    )
    assert annotations_cli(["import", str(path), "--data-dir", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert "第 1 条批注" in err and HAN.search(err.split("第 1 条批注：")[-1]), err


@pytest.mark.slow
def test_export_pdf_refusal_in_chinese(tmp_path: Path, chinese_terminal, capsys):
    from desktop.export_pdf_cli import main as export_pdf_cli

    code = export_pdf_cli(
        ["nope", "--output", str(tmp_path / "x.pdf"), "--data-dir", str(tmp_path)]
    )
    assert code == 1
    assert capsys.readouterr().err.strip() == "错误：没有标识为 nope 的文档"


def test_english_terminal_keeps_english(tmp_path: Path, monkeypatch, capsys):
    from desktop.importing.cli import main as import_cli

    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    import_cli([str(tmp_path / "empty.txt"), "--data-dir", str(tmp_path / "data")])
    assert capsys.readouterr().out.strip().endswith(": the file is empty")


@pytest.mark.parametrize("holder", ["policy-library", None])
def test_a_busy_data_folder_is_refused_wholly_in_chinese(tmp_path: Path, holder: str | None):
    """The window words the refusal with the reason the library gives: the holder
    described in it (or "another program") is in Chinese too, as the terminal says it."""
    from desktop.folder_lock import FolderBusyError, FolderLock
    from desktop.importing import PersonalLibrary
    from desktop.importing.errors import DocumentImportError

    data = tmp_path / "data"
    data.mkdir()
    held = FolderLock(data, program=holder or "")
    held.acquire()
    try:
        if holder is None:  # a holder that could not be described
            (data / held.path.name).write_bytes(b"\0")
        library = PersonalLibrary.open(data, lock_timeout=0)
        try:
            busy = library.read_only_reason
            assert isinstance(busy, FolderBusyError)
            with pytest.raises(DocumentImportError) as refused:
                library.import_file(_text(tmp_path / "a.txt"))
        finally:
            library.close()
    finally:
        held.release()
    shown = translate_reason(refused.value.reason, "zh_CN")  # as the import dialog shows it
    assert shown == busy.message("zh_CN")
    english = re.sub(r"/[^ ]*|\d", "", shown)  # the folder's path, numbers
    assert not re.search(r"process|started|another|program|waited", english), shown
    assert "正被" in shown and ("进程" in shown if holder else "另一个程序" in shown)


def _text(path: Path) -> Path:
    path.write_text("标题\n\n第一条 各地区各部门要加强统筹协调。\n", "utf-8")
    return path
