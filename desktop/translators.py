"""Installing the interface language: our catalog plus Qt's own for standard dialogs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import i18n

log = logging.getLogger(__name__)


def system_language() -> str:
    """zh_CN when the system locale is Chinese, English otherwise."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class Translators:
    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, language: str) -> str:
        """Install ``language`` ('' = the system's); returns the language in effect."""
        app = QCoreApplication.instance()
        wanted = language or system_language()
        for translator in self._installed:
            if app is not None:
                QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        self.language = "en"
        if app is None:
            return self.language
        if wanted == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            self._install_plural_forms(app)
            return self.language
        catalog = i18n.find_catalog(wanted)
        if catalog is None:
            log.warning("no translation for %s; using English", wanted)
            return self.language
        ours = QTranslator(app)
        if not ours.load(str(catalog)):
            log.warning("translation %s could not be loaded; using English", catalog)
            return self.language
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_own = QTranslator(app)
        if qt_own.load(f"qtbase_{wanted}", qt_dir):
            QCoreApplication.installTranslator(qt_own)
            self._installed.append(qt_own)
        else:
            log.info("Qt's own %s translation not found in %s", wanted, qt_dir)
        QCoreApplication.installTranslator(ours)
        self._installed.append(ours)
        QLocale.setDefault(QLocale(wanted))
        self.language = wanted
        return self.language

    def _install_plural_forms(self, app: QCoreApplication) -> None:
        """English without a catalog would say "1 file(s)": its plural forms."""
        catalog = i18n.find_catalog("en")
        if catalog is None:
            log.warning('the English plural forms are missing; counts read "file(s)"')
            return
        plural = QTranslator(app)
        if plural.load(str(catalog)):
            QCoreApplication.installTranslator(plural)
            self._installed.append(plural)


_shared: Translators | None = None


def shared() -> Translators:
    """Translators are installed process-wide, so one manager serves every window."""
    global _shared
    if _shared is None:
        _shared = Translators()
    return _shared
