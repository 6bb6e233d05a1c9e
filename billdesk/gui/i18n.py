"""Translations: English in the source, German shipped as resources/translations/*.qm."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator

from billdesk import paths

_installed: list[QTranslator] = []


def translations_dir():
    return paths.resources() / "translations"


def chosen_language() -> str:
    """The language setting, or the system's when none is set."""
    lang = QSettings().value("general/language", "") or ""
    return lang or QLocale.system().name().split("_")[0]


def install(app, language: str | None = None) -> str:
    """Load billdesk's and Qt's own translations for ``language`` (default: the setting)."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = language or chosen_language()
    if lang == "en":
        return lang
    t = QTranslator(app)
    if t.load(f"billdesk_{lang}", str(translations_dir())):
        app.installTranslator(t)
        _installed.append(t)
    q = QTranslator(app)
    if q.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(q)
        _installed.append(q)
    QLocale.setDefault(QLocale(lang))
    return lang
