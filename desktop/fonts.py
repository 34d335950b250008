"""Fonts: the bundled CJK serif as a fallback behind the system's 仿宋/宋体 families."""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import paths

log = logging.getLogger(__name__)

BUNDLED_FAMILY = "PolicyLib Serif SC"
BUNDLED_FILES = paths.BUNDLED_FONT_FILES
# Set to 1 to skip the bundled font (to see what a machine without it would show).
DISABLE_ENV = "POLICY_LIBRARY_NO_BUNDLED_FONT"

# Official documents are set in 仿宋 (body) and 宋体; the first family present wins and
# every later one is a per-glyph fallback.
READING_FAMILIES = (
    "FangSong",
    "仿宋",
    "FangSong_GB2312",
    "仿宋_GB2312",
    "STFangsong",
    "华文仿宋",
    "SimSun",
    "宋体",
    "NSimSun",
    "Songti SC",
    "STSong",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "思源宋体",
    "AR PL UMing CN",
)

# The interface (menus, trees, panels) is set in the system's sans; for Chinese the
# first of these present, and only without any of them the bundled serif.
UI_CJK_FAMILIES = (
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "SimHei",
    "黑体",
    "Droid Sans Fallback",
)

_loaded: list[str] = []
_ui_base_size: list[float] = []  # the system's interface point size, before any scaling
_families_cache: dict[tuple[str, ...], list[str]] = {}  # fonts do not change while running


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts once; returns the families they provide."""
    if _loaded or os.environ.get(DISABLE_ENV) == "1":
        return list(_loaded)
    for name in BUNDLED_FILES:
        path = paths.fonts_dir() / name
        if not path.is_file():
            log.warning("bundled font missing: %s", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("bundled font could not be loaded: %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _loaded:
                _loaded.append(family)
    log.info("bundled font families: %s", _loaded)
    return list(_loaded)


def reading_families() -> list[str]:
    """System serif families present on this machine, then the bundled fallback."""
    key = tuple(_loaded)
    cached = _families_cache.get(key)
    if cached is None:
        installed = set(QFontDatabase.families())
        cached = [f for f in READING_FAMILIES if f in installed]
        cached.extend(f for f in _loaded if f not in cached)
        _families_cache[key] = cached or ["serif"]
    return list(_families_cache[key])


def reading_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(reading_families())
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def ui_families(system_family: str) -> list[str]:
    """The system's interface family, a system CJK sans, then the bundled fallback."""
    installed = set(QFontDatabase.families())
    families = [system_family]
    families += [f for f in UI_CJK_FAMILIES if f in installed and f not in families]
    families += [f for f in _loaded if f not in families]
    return families


def system_ui_cjk_families() -> list[str]:
    """The system CJK sans families present for the interface (none: only the bundled
    font can show its Chinese)."""
    installed = set(QFontDatabase.families())
    return [f for f in UI_CJK_FAMILIES if f in installed]


def add_bundled_fallback(app: QApplication, scale: int = 100) -> None:
    """Register the bundled font now and put it behind the interface's families (where
    a system CJK sans showed the first paint without it)."""
    if not _loaded:
        load_bundled_fonts()
    if _loaded and not set(_loaded) <= set(app.font().families()):
        install_ui_fallback(app, scale)


def install_ui_fallback(app: QApplication, scale: int = 100) -> None:
    """Menus and dialogs in the system's sans (Chinese in a system CJK sans when there
    is one, else the bundled font), at ``scale`` percent of the system's size."""
    font = app.font()
    if not _ui_base_size:
        _ui_base_size.append(font.pointSizeF() if font.pointSizeF() > 0 else 9.0)
    font.setFamilies(ui_families(font.families()[0] if font.families() else font.family()))
    font.setPointSizeF(_ui_base_size[0] * scale / 100)
    app.setFont(font)


def ui_base_point_size() -> float:
    """The system's interface point size (100 %)."""
    return _ui_base_size[0] if _ui_base_size else QApplication.font().pointSizeF()
