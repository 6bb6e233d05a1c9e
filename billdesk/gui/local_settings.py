"""This workstation's settings (QSettings): the language, the PDF folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

#: QSettings keys of this workstation's choices. Not in a group called "general": Qt's INI
#: format reserves [General] for keys without a group and writes a group "general" as
#: [%General], which it reads back as "General" — a different key on a case-sensitive
#: system. Every save then appended another [%General] section and the next start found
#: no language and no PDF folder (the bug of issue 14). ``app_settings()`` moves values
#: found under those old spellings to the keys below once.
LANGUAGE_KEY = "app/language"
PDF_FOLDER_KEY = "app/pdfFolder"
_OLD_KEYS = {LANGUAGE_KEY: ("general/language", "General/language", "language"),
             PDF_FOLDER_KEY: ("general/pdfFolder", "General/pdfFolder", "pdfFolder")}
_migrated = False


def app_settings() -> QSettings:
    """This workstation's settings (QSettings), old keys moved to their new place."""
    global _migrated
    s = QSettings()
    if not _migrated:
        _migrated = True
        for new, olds in _OLD_KEYS.items():
            for old in olds:
                if s.contains(old):
                    if not s.contains(new):
                        s.setValue(new, s.value(old))
                    s.remove(old)
        s.sync()
    return s


def reset_settings_migration() -> None:
    """For tests that point QSettings elsewhere."""
    global _migrated
    _migrated = False


def pdf_folder() -> str:
    """The folder PDF exports go to by default: this workstation's choice, else the home."""
    from pathlib import Path

    default = str(Path.home() / "billdesk-invoices")
    return str(app_settings().value(PDF_FOLDER_KEY, default) or default)
