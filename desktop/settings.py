"""User settings: one QSettings in ini format at :func:`desktop.paths.settings_file`."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop import paths
from desktop.i18n import LANGUAGES

log = logging.getLogger(__name__)

ZOOM_STEPS = (70, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
DEFAULT_ZOOM = 100
LARGE_ZOOM = 150  # the source page's 超大
UI_SCALES = (100, 125, 150, 175, 200)  # menus, trees and panels, for older readers


class Script(StrEnum):
    ORIGINAL = "original"  # as published (Traditional in the seed corpus)
    SIMPLIFIED = "simplified"


class Settings:
    """Typed access to the settings file; every value is validated on read."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.settings_file()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()

    def _str(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def zoom(self) -> int:
        try:
            value = int(self._str("reader/zoom", str(DEFAULT_ZOOM)))
        except ValueError:
            return DEFAULT_ZOOM
        return value if value in ZOOM_STEPS else DEFAULT_ZOOM

    @zoom.setter
    def zoom(self, value: int) -> None:
        self._qs.setValue("reader/zoom", str(int(value)))

    @property
    def ui_scale(self) -> int:
        try:
            value = int(self._str("interface/scale", "100"))
        except ValueError:
            return 100
        return value if value in UI_SCALES else 100

    @ui_scale.setter
    def ui_scale(self, value: int) -> None:
        self._qs.setValue("interface/scale", str(int(value)))

    @property
    def script(self) -> Script:
        try:
            return Script(self._str("reader/script", Script.ORIGINAL.value))
        except ValueError:
            return Script.ORIGINAL

    @script.setter
    def script(self, value: Script) -> None:
        self._qs.setValue("reader/script", Script(value).value)

    @property
    def input_method_notice_dismissed(self) -> str:
        """The input-method situation the user said not to be told about again."""
        return self._str("notices/input_method_dismissed")

    @input_method_notice_dismissed.setter
    def input_method_notice_dismissed(self, value: str) -> None:
        self._qs.setValue("notices/input_method_dismissed", value)

    @property
    def language(self) -> str:
        """'zh_CN', 'en', or '' for the system's choice."""
        value = self._str("ui/language")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._qs.setValue("ui/language", value)

    @property
    def last_document(self) -> tuple[str, str]:
        """(document id, block id at the top of the view) when the window last closed."""
        return self._str("session/document"), self._str("session/block")

    @last_document.setter
    def last_document(self, value: tuple[str, str]) -> None:
        self._qs.setValue("session/document", value[0])
        self._qs.setValue("session/block", value[1])

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qs.setValue("window/state", value)
