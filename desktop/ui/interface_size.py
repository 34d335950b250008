"""View › Interface size: menus, trees and panels at 100–200 %, for older readers.

The reading text has its own zoom (Ctrl+= / Ctrl+-); this scales everything else, by
the application font the widgets inherit.  The choice is kept in the settings and
applied at the next start.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from desktop import fonts
from desktop.settings import UI_SCALES, Settings
from desktop.ui.window_part import WindowPart

__all__ = ["InterfaceSize"]


class InterfaceSize(WindowPart):
    def __init__(self, window: QMainWindow, view_menu: QMenu, settings: Settings) -> None:
        super().__init__(window)
        self.settings = settings
        self.menu = QMenu(view_menu)
        self.menu.setObjectName("interfaceSizeMenu")
        view_menu.addSeparator()
        view_menu.addMenu(self.menu)
        self.group = QActionGroup(self)
        self.actions: dict[int, QAction] = {}
        for scale in UI_SCALES:
            action = QAction(f"&{UI_SCALES.index(scale) + 1}  {scale} %", self.menu)
            action.setObjectName(f"actionInterfaceSize{scale}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, s=scale: self.set_scale(s))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[scale] = action
        self.scale = settings.ui_scale
        self.actions[self.scale].setChecked(True)
        if self.scale != 100:
            self._apply()
        self.follow_language()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Interface si&ze"))

    def set_scale(self, scale: int) -> None:
        if scale not in UI_SCALES:
            return
        self.actions[scale].setChecked(True)
        if scale == self.scale:
            return
        self.scale = scale
        self.settings.ui_scale = scale
        self.settings.sync()
        self._apply()
        self.window.statusBar().showMessage(
            self.tr("Interface size: %1 %").replace("%1", str(scale)), 3000
        )

    def _apply(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            fonts.install_ui_fallback(app, self.scale)
