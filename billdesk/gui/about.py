"""The About dialog: versions of billdesk and what it is built on, the database, and the
licences of the fonts, colour profile and data bundled with it."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QSplitter, QTextBrowser, QVBoxLayout)

from billdesk import __version__, paths

PACKAGES = ("PySide6-Essentials", "pyqtgraph", "SQLAlchemy", "alembic", "psycopg", "numpy",
            "pandas", "reportlab", "qrbill", "factur-x", "babel", "holidays")

# (what, licence, file under resources/)
BUNDLED = (
    (QT_TRANSLATE_NOOP("AboutDialog", "Liberation Sans fonts (embedded in invoices)"),
     "SIL Open Font License 1.1", "fonts/LICENSE-LiberationFonts.txt"),
    (QT_TRANSLATE_NOOP("AboutDialog", "sRGB colour profile (PDF/A output intent)"),
     "zlib licence", "icc/LICENSE-sRGB.txt"),
    (QT_TRANSLATE_NOOP("AboutDialog",
                       "BDEW standard load profiles H25, G25, L25 (via demandlib)"),
     "MIT", "data/bdew/LICENSE-demandlib"),
    (QT_TRANSLATE_NOOP("AboutDialog", "Swiss day-ahead prices 2018 (SMARD, Bundesnetzagentur)"),
     "CC BY 4.0", "data/prices/ATTRIBUTION.md"),
)


def versions() -> list[tuple[str, str]]:
    out = [("billdesk", __version__), ("Python", platform.python_version())]
    for name in PACKAGES:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name, "?"))
    try:
        from PySide6 import QtCore

        out.append(("Qt", QtCore.qVersion()))
    except ImportError:
        pass
    return out


class AboutDialog(QDialog):
    def __init__(self, database: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About billdesk"))
        self.resize(760, 520)
        lay = QVBoxLayout(self)
        rows = "".join(f"<tr><td>{n}</td><td>&nbsp;{v}</td></tr>" for n, v in versions())
        head = QLabel(self.tr("<h3>billdesk {v}</h3><p>Bill runs for energy utilities and "
                              "energy communities.</p>").format(v=__version__)
                      + (self.tr("<p>Database: {db}</p>").format(db=database) if database else "")
                      + f"<table>{rows}</table>")
        head.setWordWrap(True)
        lay.addWidget(head)
        lay.addWidget(QLabel(self.tr("Bundled fonts and data, and their licences:")))
        split = QSplitter()
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setObjectName("licenceText")     # the licences' own (English) texts
        for what, licence, rel in BUNDLED:
            item = QListWidgetItem(f"{self.tr(what)} — {licence}")
            item.setData(256, rel)
            self.items.addItem(item)
        self.items.currentItemChanged.connect(self._show)
        split.addWidget(self.items)
        split.addWidget(self.text)
        split.setSizes([330, 430])
        lay.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.items.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        path = paths.resources() / item.data(256)
        try:
            self.text.setPlainText(path.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            self.text.setPlainText(self.tr("Cannot read {path}: {err}").format(path=path,
                                                                              err=exc))
