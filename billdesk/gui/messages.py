"""Telling the user that something cannot be done, or went wrong (a message box)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox


def show_error(parent, message: str, expected: bool = True) -> None:
    title = (QCoreApplication.translate("Common", "Cannot do that") if expected
             else QCoreApplication.translate("Common", "Unexpected error"))
    box = QMessageBox(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                      title, message, QMessageBox.StandardButton.Ok, parent)
    if not expected:
        box.setInformativeText(QCoreApplication.translate(
            "Common", "This is a bug; the details are in the log."))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
