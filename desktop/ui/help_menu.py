"""Help › User guide (F1, a local page) and Help › Keyboard shortcuts.

The guide is a plain HTML page shipped in ``resources/help``, one per interface
language, shown in a browser that loads nothing else.  The shortcut list is made
from the window's menus as they are, so it can never disagree with them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.ui.window_part import WindowPart

__all__ = [
    "GuideDialog",
    "HelpActions",
    "ShortcutsDialog",
    "menu_shortcuts",
    "plain_text",
    "window_menus",
]

log = logging.getLogger(__name__)

_MNEMONIC_SUFFIX = re.compile(r"\(&[^&]\)")  # 文件(&F)


def plain_text(text: str) -> str:
    """A menu text as read: no mnemonic marker, no trailing ellipsis."""
    text = _MNEMONIC_SUFFIX.sub("", text)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


def window_menus(window: QMainWindow) -> list[QMenu]:
    """The menus of the window's menu bar and their submenus, in menu-bar order.

    Found as children rather than through ``QAction.menu()``, whose Python wrapper
    may take the menu with it when it is collected."""
    menus: list[QMenu] = list(window.menuBar().findChildren(QMenu))
    order = {id(a): i for i, a in enumerate(window.menuBar().actions())}

    def top(menu: QMenu) -> QMenu:
        parent = menu.parent()
        return top(parent) if isinstance(parent, QMenu) else menu

    def key(menu: QMenu) -> tuple[int, int]:
        outer = top(menu)
        rank = next(
            (i for i, a in enumerate(window.menuBar().actions()) if a == outer.menuAction()),
            len(order),
        )
        return rank, 0 if outer is menu else 1

    return sorted(menus, key=key)


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has a shortcut."""
    rows: list[tuple[str, str, str]] = []
    for menu in window_menus(window):
        where = plain_text(menu.title())
        parent = menu.parent()
        if isinstance(parent, QMenu):
            where = f"{plain_text(parent.title())} › {where}"
        for action in menu.actions():
            if action.isSeparator():
                continue
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            keys = [k for k in keys if k]
            if keys:
                rows.append((where, plain_text(action.text()), ", ".join(keys)))
    return rows


class _OfflineBrowser(QTextBrowser):
    """Shows the guide; follows links within it only, loads nothing."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        log.warning("refused to load %s into the user guide", QUrl(url).toString())
        return None


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None, language: str) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("User guide"))
        self.browser = _OfflineBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(self._page(language))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _page(self, language: str) -> str:
        folder = paths.help_dir()
        for name in (f"guide_{language}.html", "guide_en.html"):
            try:
                return (folder / name).read_text(encoding="utf-8")
            except OSError:
                continue
        log.warning("no user guide in %s", folder)
        missing = self.tr("The user guide is missing from this installation.")
        return f"<p>{missing}</p>"


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Command"), self.tr("Keys"), self.tr("Where")])
        reading = self.tr("Reading view")
        rows = [
            *menu_shortcuts(window),
            (reading, self.tr("Move the caret"), self.tr("Arrow keys")),
            (reading, self.tr("Select text"), self.tr("Shift+Arrow keys")),
            (reading, self.tr("Start / end of the document"), "Ctrl+Home, Ctrl+End"),
            (reading, self.tr("Next / previous match"), "N, Shift+N"),
        ]
        for where, command, keys in rows:
            QTreeWidgetItem(self.tree, [command, keys, where])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(620, 520)


class HelpActions(WindowPart):
    """Adds the guide (F1) and the shortcut list to the Help menu, before About."""

    def __init__(self, window: QMainWindow, menu: QMenu, language: Callable[[], str]) -> None:
        super().__init__(window)
        self.guide: GuideDialog | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self._language = language  # () -> the interface language code in use
        self.guide_action = QAction(window)
        self.guide_action.setObjectName("actionUserGuide")
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = QAction(window)
        self.shortcuts_action.setObjectName("actionShortcuts")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        window.addAction(self.guide_action)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.guide_action, self.shortcuts_action])  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        self.follow_language()

    def retranslate(self) -> None:
        self.guide_action.setText(self.tr("&User guide"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts…"))

    # Both stay open beside the window (not modal): one reads while trying it out.
    def show_guide(self) -> None:
        if self.guide is not None:
            self.guide.close()
            self.guide.deleteLater()
        self.guide = GuideDialog(self.window, self._language())
        self.guide.show()
        self.guide.raise_()

    def show_shortcuts(self) -> None:
        if self.shortcuts is not None:  # made afresh: the menus may have changed
            self.shortcuts.close()
            self.shortcuts.deleteLater()
        self.shortcuts = ShortcutsDialog(self.window)
        self.shortcuts.show()
        self.shortcuts.raise_()
