"""Start-up settings that keep printing local and Chinese input working."""

from __future__ import annotations

import os
import sys

import pytest

from desktop.app import choose_input_method, keep_printing_local

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux desktop settings"
)


@linux_only
def test_fcitx_sessions_use_the_ibus_front_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_IM_MODULE", "fcitx")
    choose_input_method()
    assert os.environ["QT_IM_MODULE"] == "ibus"


@linux_only
@pytest.mark.parametrize("module", ["ibus", "xim", ""])
def test_other_input_methods_are_left_alone(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setenv("QT_IM_MODULE", module)
    choose_input_method()
    assert os.environ["QT_IM_MODULE"] == module


@linux_only
def test_print_service_is_reached_through_its_local_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    keep_printing_local()
    assert os.environ["CUPS_SERVER"].startswith("/")
    monkeypatch.setenv("CUPS_SERVER", "printhost.example:631")
    keep_printing_local()
    assert os.environ["CUPS_SERVER"] == "printhost.example:631"  # an administrator's choice stays
