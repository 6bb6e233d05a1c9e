"""Translations: English in the source, German shipped as resources/translations/*.qm."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from billdesk import paths

_installed: list[QTranslator] = []
_current = "en"


def current_language() -> str:
    """The language installed last (``install``)."""
    return _current


def translations_dir():
    return paths.resources() / "translations"


def chosen_language() -> str:
    """The language setting, or the system's when none is set."""
    from billdesk.gui.common import LANGUAGE_KEY, app_settings

    lang = app_settings().value(LANGUAGE_KEY, "") or ""
    return lang or QLocale.system().name().split("_")[0]


def install(app, language: str | None = None) -> str:
    """Load billdesk's and Qt's own translations for ``language`` (default: the setting)."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    global _current
    from billdesk.gui import formats

    lang = language or chosen_language()
    _current = lang
    formats.set_language(lang)
    if lang == "en":
        QLocale.setDefault(QLocale("en_CH"))
        return lang
    t = QTranslator(app)
    if t.load(f"billdesk_{lang}", str(translations_dir())):
        app.installTranslator(t)
        _installed.append(t)
    q = QTranslator(app)
    if q.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(q)
        _installed.append(q)
    QLocale.setDefault(QLocale(f"{lang}_CH"))
    return lang
