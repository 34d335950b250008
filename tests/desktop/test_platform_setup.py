"""Start-up settings that keep printing local and Chinese input working."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop.app import choose_input_method, keep_printing_local

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux desktop settings"
)


@linux_only
def test_a_session_asking_for_fcitx_gets_a_module_qt_can_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # nothing answers on this bus: the choice is made from the session as it is
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("QT_IM_MODULE", "fcitx")
    monkeypatch.setenv("QT_IM_MODULES", "fcitx")
    choose_input_method()
    assert os.environ["QT_IM_MODULE"] == os.environ["QT_IM_MODULES"] == "compose"
    monkeypatch.setenv("QT_IM_MODULE", "ibus")
    monkeypatch.delenv("QT_IM_MODULES")
    choose_input_method()
    assert os.environ["QT_IM_MODULE"] == os.environ["QT_IM_MODULES"] == "ibus"


@linux_only
def test_print_service_is_reached_through_its_local_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    keep_printing_local([])
    assert os.environ["CUPS_SERVER"].startswith("/")
    monkeypatch.setenv("CUPS_SERVER", "printhost.example:631")
    keep_printing_local([])
    assert os.environ["CUPS_SERVER"] == "printhost.example:631"  # an administrator's choice stays


@linux_only
def test_a_print_server_set_in_client_conf_is_not_overridden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    user_conf, system_conf = tmp_path / "user.conf", tmp_path / "client.conf"
    system_conf.write_text("# office print server\nServerName print.office.example:631\n")
    keep_printing_local([user_conf, system_conf])
    assert "CUPS_SERVER" not in os.environ  # libcups reads client.conf itself


@linux_only
def test_a_client_conf_without_a_server_keeps_printing_local(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    conf = tmp_path / "client.conf"
    conf.write_text("# ServerName print.office.example\nEncryption IfRequested\n")
    keep_printing_local([conf, tmp_path / "missing.conf"])
    assert os.environ["CUPS_SERVER"] == "/run/cups/cups.sock"


_PRINT_DIALOG_SCRIPT = """
from desktop.app import keep_printing_local
keep_printing_local([])
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication
app = QApplication([])
QPrinterInfo.availablePrinters()
printer = QPrinter()
dialog = QPrintDialog(printer)
dialog.show()
app.processEvents()
dialog.close()
del dialog
"""


@linux_only
def test_print_dialog_opens_no_network_socket(tmp_path: Path) -> None:
    """Qt's CUPS plugin lists printers when the print dialog opens: locally only."""
    import shutil
    import subprocess

    if shutil.which("strace") is None:
        pytest.fail("strace is needed (bash .ci/setup installs it)")
    log = tmp_path / "strace.log"
    env = {k: v for k, v in os.environ.items() if k != "CUPS_SERVER"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=socket,connect",
            "-o",
            str(log),
            sys.executable,
            "-c",
            _PRINT_DIALOG_SCRIPT,
        ],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    calls = log.read_text(errors="replace").splitlines()
    assert any("socket(" in line for line in calls)  # the trace did record sockets
    assert [line for line in calls if "AF_INET" in line] == []
