"""The window says, in the user's language, when Chinese cannot be typed here and what to do."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QToolBar, QToolButton

from desktop import input_method
from desktop.input_method import IbusEndpoint, Situation

PLUGINS = frozenset({"ibus", "compose", "xim"})
FCITX4_SESSION = Situation(
    env={"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"},
    plugins=PLUGINS,
    bus_names=frozenset({"org.freedesktop.DBus", "org.fcitx.Fcitx", "org.fcitx.Fcitx-0"}),
)
IBUS_SESSION = Situation(
    env={"QT_IM_MODULE": "ibus"},
    plugins=PLUGINS,
    ibus_endpoint=IbusEndpoint("/home/u/.config/ibus/bus/m-unix-0", "ibus-daemon"),
    ibus_daemon_installed=True,
    bus_names=frozenset({"org.freedesktop.DBus"}),
)


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Start-up's choice made for a given session (the variables it sets are restored)."""
    for name in ("QT_IM_MODULE", "QT_IM_MODULES", "IBUS_USE_PORTAL"):
        monkeypatch.setenv(name, "")

    def choose(situation: Situation) -> None:
        monkeypatch.setattr(input_method, "observe", lambda env=None: situation)
        input_method.apply_input_context()

    yield choose
    monkeypatch.setattr(input_method, "_last", None)


def _notice(window: Any) -> QToolBar | None:
    bar = window.findChild(QToolBar, "inputMethodNotice")
    return bar if bar is not None and bar.isVisible() else None


def test_fcitx4_is_explained_in_both_languages(qtbot: Any, make_window: Any, session: Any) -> None:
    session(FCITX4_SESSION)
    window = make_window(language="en")
    qtbot.waitUntil(lambda: _notice(window) is not None)
    bar = _notice(window)
    assert bar is not None
    label = bar.findChild(QLabel, "inputMethodNoticeText")
    assert label is not None
    assert "fcitx 4 is running" in label.text()
    assert "fcitx5-chinese-addons" in label.text() and "ibus-libpinyin" in label.text()
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: "无法从它接收文字" in label.text())
    assert "fcitx5-chinese-addons" in label.text() and "ibus-libpinyin" in label.text()
    # the window is usable meanwhile: nothing modal, and the notice can be put away
    assert not window.findChildren(type(window)) and window.isEnabled()
    close = bar.findChild(QToolButton, "inputMethodNoticeClose")
    assert close is not None
    close.click()
    assert _notice(window) is None


def test_a_working_input_method_gets_no_notice(qtbot: Any, make_window: Any, session: Any) -> None:
    session(IBUS_SESSION)
    window = make_window(language="en")
    qtbot.wait(200)  # past the first events after showing, when the notice would appear
    assert _notice(window) is None


def test_self_check_reports_an_unreachable_input_method(
    app_paths: Any, session: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from desktop import self_check

    session(FCITX4_SESSION)
    assert self_check.main() == 0  # the installation works; the session's input method does not
    check = json.loads(capsys.readouterr().out)["checks"]["input_method"]
    assert check["ok"] is False and check["problem"] == "fcitx4"
    assert check["running"] == ["fcitx4"] and check["module"] == "compose"
    assert "fcitx5-chinese-addons" in check["advice"]
    session(IBUS_SESSION)
    assert self_check.main() == 0
    check = json.loads(capsys.readouterr().out)["checks"]["input_method"]
    assert check["ok"] is True and check["module"] == "ibus" and "problem" not in check


def test_dont_show_again_holds_until_the_situation_changes(
    qtbot: Any, make_window: Any, session: Any, app_paths: Any
) -> None:
    from desktop.settings import Settings

    session(FCITX4_SESSION)
    first = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: _notice(first) is not None)
    bar = _notice(first)
    assert bar is not None
    never = bar.findChild(QToolButton, "inputMethodNoticeNever")
    assert never is not None and never.isVisible() and never.text() == "不再提示"
    first.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: never.text() == "Don't show again")
    never.click()
    assert _notice(first) is None
    assert Settings().input_method_notice_dismissed  # kept for the next start
    first.close()

    # The same situation at the next start: no notice.
    session(FCITX4_SESSION)
    second = make_window(language="zh_CN")
    qtbot.wait(300)  # past the first events after showing, when the notice would appear
    assert _notice(second) is None
    second.close()

    # Another situation (fcitx5 now runs, without its ibus front-end): told again.
    session(
        Situation(
            env={"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"},
            plugins=PLUGINS,
            bus_names=frozenset({"org.freedesktop.DBus", input_method.FCITX5_NAME}),
        )
    )
    third = make_window(language="zh_CN")
    qtbot.waitUntil(lambda: _notice(third) is not None)
    label = third.findChild(QLabel, "inputMethodNoticeText")
    assert label is not None and "IBus" in label.text()
