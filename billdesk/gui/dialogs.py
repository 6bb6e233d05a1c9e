"""Settings; the Import panel and dialog live in billdesk.gui.import_panel (re-exported)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QTabWidget, QVBoxLayout, QWidget)

from billdesk.gui import jobs, secrets, workers
from billdesk.gui.import_panel import KINDS, ImportDialog, ImportPanel

__all__ = ["KINDS", "ImportDialog", "ImportPanel", "SettingsDialog"]


class SettingsDialog(QDialog):
    """Database, company profile (stored in the database), language and PDF folder."""

    saved = Signal(bool)  # restart needed

    COMPANY_FIELDS = ("name", "street", "postcode", "city", "country", "vat_number", "iban",
                      "email", "phone", "website", "logo_path")

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.setWindowTitle(self.tr("Settings"))
        self.resize(640, 520)
        self.testing = None
        s = QSettings()
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        lay.addWidget(tabs)

        # database
        db = QWidget()
        dl = QVBoxLayout(db)
        self.use_sqlite = QRadioButton(self.tr("SQLite file on this computer"))
        self.use_pg = QRadioButton(self.tr("PostgreSQL server (shared)"))
        dl.addWidget(self.use_sqlite)
        row = QHBoxLayout()
        self.sqlite_path = QLineEdit()
        row.addWidget(self.sqlite_path, 1)
        b = QPushButton(self.tr("Browse…"))
        b.clicked.connect(self._browse_db)
        row.addWidget(b)
        dl.addLayout(row)
        dl.addWidget(self.use_pg)
        form = QFormLayout()
        self.pg_url = QLineEdit(placeholderText="postgresql+psycopg://user@host:5432/billdesk")
        form.addRow(self.tr("URL (no password):"), self.pg_url)
        self.pg_password = QLineEdit()
        self.pg_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pg_password.setPlaceholderText(self.tr("stored in the system keyring"))
        form.addRow(self.tr("Password:"), self.pg_password)
        dl.addLayout(form)
        note = QLabel(self.tr("The password is kept in the system keyring ({backend}), never "
                              "in the settings file. Leave it empty to use the libpq files "
                              "(~/.pgpass, PGPASSWORD, service files).").format(
            backend=secrets.backend_name()))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        dl.addWidget(note)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        row.addWidget(self.test_result, 1)
        dl.addLayout(row)
        dl.addStretch(1)
        tabs.addTab(db, self.tr("Database"))
        current = s.value("database/url") or url
        if str(current).startswith("postgresql"):
            self.use_pg.setChecked(True)
            self.pg_url.setText(str(current))
        else:
            self.use_sqlite.setChecked(True)
            self.sqlite_path.setText(str(current).removeprefix("sqlite:///"))

        # company
        comp = QWidget()
        cl = QFormLayout(comp)
        labels = {"name": self.tr("Name"), "street": self.tr("Street"),
                  "postcode": self.tr("Postcode"), "city": self.tr("City"),
                  "country": self.tr("Country"), "vat_number": self.tr("VAT number"),
                  "iban": self.tr("IBAN / QR-IBAN"), "email": self.tr("E-mail"),
                  "phone": self.tr("Phone"), "website": self.tr("Website"),
                  "logo_path": self.tr("Logo (PNG/JPEG)")}
        self.company = {}
        for key in self.COMPANY_FIELDS:
            e = QLineEdit()
            self.company[key] = e
            if key == "logo_path":
                row = QHBoxLayout()
                row.addWidget(e, 1)
                b = QPushButton(self.tr("Browse…"))
                b.clicked.connect(self._browse_logo)
                row.addWidget(b)
                cl.addRow(labels[key] + ":", row)
            else:
                cl.addRow(labels[key] + ":", e)
        self.company_note = QLabel(self.tr("Loading from the database…"))
        self.company_note.setWordWrap(True)
        cl.addRow(self.company_note)
        tabs.addTab(comp, self.tr("Company"))
        workers.submit(jobs.load_company, url, on_success=self._company_loaded,
                       on_failure=lambda m, e: self.company_note.setText(m))

        # general
        gen = QWidget()
        gl = QFormLayout(gen)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Deutsch", "de")
        self.language.setCurrentIndex(max(self.language.findData(
            s.value("general/language", "")), 0))
        gl.addRow(self.tr("Language:"), self.language)
        row = QHBoxLayout()
        from billdesk.gui.common import pdf_folder

        self.pdf_folder = QLineEdit(pdf_folder())
        row.addWidget(self.pdf_folder, 1)
        b = QPushButton(self.tr("Browse…"))
        b.clicked.connect(self._browse_pdf)
        row.addWidget(b)
        gl.addRow(self.tr("PDF output folder:"), row)
        tabs.addTab(gen, self.tr("General"))
        self.tabs = tabs

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        lay.addWidget(box)

    def _browse_db(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("SQLite database"),
                                              self.sqlite_path.text(),
                                              self.tr("SQLite (*.sqlite *.db)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.sqlite_path.setText(path)
            self.use_sqlite.setChecked(True)

    def _browse_logo(self):
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Logo"), "",
                                              self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.company["logo_path"].setText(path)

    def _browse_pdf(self):
        path = QFileDialog.getExistingDirectory(self, self.tr("PDF output folder"),
                                                self.pdf_folder.text())
        if path:
            self.pdf_folder.setText(path)

    def chosen_url(self) -> str:
        if self.use_pg.isChecked():
            return secrets.strip_password(self.pg_url.text().strip())
        from billdesk.store.db import to_url

        return to_url(self.sqlite_path.text().strip() or None)

    def test_connection(self):
        if self.testing is not None:
            return
        self.test_result.setText(self.tr("Connecting…"))
        url = self.chosen_url()
        password = self.pg_password.text() or (secrets.get_password(url)
                                               if self.use_pg.isChecked() else None)
        self.testing = workers.submit(
            jobs.test_connection, url, password,
            on_success=lambda r: self.test_result.setText(
                "<span style='color:#198754'>" + self.tr("Connected: {db}, schema {rev}").format(
                    db=r["database"], rev=r["revision"] or self.tr("not created yet"))
                + "</span>"),
            on_failure=lambda m, e: self.test_result.setText(
                "<span style='color:#dc3545'>" + m[:300] + "</span>"),
            on_finished=self._tested)

    def _tested(self):
        self.testing = None

    def _company_loaded(self, company: dict):
        for k, e in self.company.items():
            e.setText(str(company.get(k, "") or ""))
        self.company_note.setText(self.tr("Stored in the database (settings key 'company'); "
                                          "the PDF export and the command line use it too."))

    def company_values(self) -> dict:
        return {k: e.text().strip() for k, e in self.company.items()}

    def save(self):
        s = QSettings()
        old_url = s.value("database/url") or self.url
        new_url = self.chosen_url()
        s.setValue("database/url", new_url)   # never a password (strip_password)
        if self.use_pg.isChecked() and self.pg_password.text():
            secrets.set_password(new_url, self.pg_password.text())
        old_lang = s.value("general/language", "")
        s.setValue("general/language", self.language.currentData())
        s.setValue("general/pdfFolder", self.pdf_folder.text().strip())
        workers.submit(jobs.save_company, self.url, self.company_values())
        restart = new_url != old_url or old_lang != self.language.currentData()
        self.saved.emit(restart)
        self.accept()
