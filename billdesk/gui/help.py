"""Help: the short manual (resources/help/manual_de.md, manual_en.md, …, shown as rich text) and the
keyboard shortcuts, listed from the window's own actions so the list is always right."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout)

from billdesk import paths


def manual_text(language: str) -> str:
    folder = paths.resources() / "help"
    for lang in (language, "en"):
        f = folder / f"manual_{lang}.md"
        if f.is_file():
            return f.read_text(encoding="utf-8")
    return "# billdesk\n"


class ManualDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        from billdesk.gui.i18n import current_language

        self.setWindowTitle(self.tr("billdesk manual"))
        self.resize(760, 640)
        lay = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("manualText")
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(manual_text(current_language()))
        lay.addWidget(self.text)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay.addWidget(box)


class ShortcutsDialog(QDialog):
    def __init__(self, actions, parent=None):
        super().__init__(parent)
        from PySide6.QtGui import QKeySequence

        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(520, 480)
        lay = QVBoxLayout(self)
        rows = [(a.text().replace("&&", "\0").replace("&", "").replace("\0", "&"),
                 a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for a in actions if not a.shortcut().isEmpty()]
        rows += [(self.tr("Open the selected run or bill"), self.tr("Enter / double-click")),
                 (self.tr("Context menu of a table (export, run actions)"),
                  self.tr("Right-click / Menu key")),
                 (self.tr("Next / previous field"), "Tab / Shift+Tab")]
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
