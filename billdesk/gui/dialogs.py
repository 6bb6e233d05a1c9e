"""Settings; the Import panel and dialog live in billdesk.gui.import_panel (re-exported)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QTabWidget, QVBoxLayout, QWidget)

from billdesk.gui import jobs, secrets, workers
from billdesk.gui.common import LANGUAGE_KEY, PDF_FOLDER_KEY, app_settings
from billdesk.gui.import_panel import KINDS, ImportDialog, ImportPanel

__all__ = ["KINDS", "ImportDialog", "ImportPanel", "SettingsDialog"]


class SettingsDialog(QDialog):
    """Database, company profile (stored in the database), language and PDF folder."""

    saved = Signal(bool)  # restart needed

    COMPANY_FIELDS = ("name", "street", "postcode", "city", "country", "vat_number",
                      "registration_id", "registration_scheme", "iban", "email", "phone",
                      "website", "logo_path")

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.setWindowTitle(self.tr("Settings"))
        self.resize(640, 520)
        self.testing = None
        s = app_settings()
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
        current = secrets.strip_password(str(s.value("database/url") or url))
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
                  "registration_id": self.tr("Registration id (UID)"),
                  "registration_scheme": self.tr("Registration scheme (ICD)"),
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
        self.company["vat_number"].setPlaceholderText(
            self.tr("CHE-123.456.788 MWST; empty: not registered for VAT"))
        self.company["registration_id"].setPlaceholderText(
            self.tr("CHE-123.456.788 (required without a VAT number)"))
        self.company["registration_scheme"].setPlaceholderText(
            self.tr("0183 for a Swiss UID (filled in)"))
        self.company_note = QLabel(self.tr("Loading from the database…"))
        self.company_note.setWordWrap(True)
        cl.addRow(self.company_note)
        tabs.addTab(comp, self.tr("Company"))
        self._loaded_parts: set[str] = set()
        self._save_when_loaded: bool | None = None
        workers.submit(jobs.load_company, url, on_success=self._company_loaded,
                       on_failure=lambda m, e: (self.company_note.setText(m),
                                                self._loads_done("company")))

        # general
        gen = QWidget()
        gl = QFormLayout(gen)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Deutsch", "de")
        self.language.setCurrentIndex(max(self.language.findData(
            s.value(LANGUAGE_KEY, "")), 0))
        gl.addRow(self.tr("Language:"), self.language)
        row = QHBoxLayout()
        from billdesk.gui.common import pdf_folder

        self.pdf_folder = QLineEdit(pdf_folder())
        row.addWidget(self.pdf_folder, 1)
        b = QPushButton(self.tr("Browse…"))
        b.clicked.connect(self._browse_pdf)
        row.addWidget(b)
        gl.addRow(self.tr("PDF output folder:"), row)
        self.timezone_label = QLabel()
        gl.addRow(self.tr("Time zone:"), self.timezone_label)
        tabs.addTab(gen, self.tr("General"))
        from billdesk.gui.settings_mail import SmtpTab, TemplatesTab

        self.smtp = SmtpTab()
        tabs.addTab(self.smtp, self.tr("E-mail"))
        self.templates = TemplatesTab()
        tabs.addTab(self.templates, self.tr("E-mail texts"))
        self.tabs = tabs
        # the database's settings need the admin role on PostgreSQL (gui/permissions.py):
        # without it they are shown, not editable, and saving keeps only this computer's
        perms = getattr(parent, "permissions", None)
        self.may_store, why = perms.allowed("settings") if perms is not None else (True, None)
        if not self.may_store:
            for w in (comp, self.smtp, self.templates):
                w.setEnabled(False)
                w.setToolTip(why)
                tabs.setTabToolTip(tabs.indexOf(w), why)
        self.loaded_company: dict = {}
        self.saving = None
        self.save_error = QLabel()
        self.save_error.setObjectName("settingsError")
        self.save_error.setWordWrap(True)
        self.save_error.setStyleSheet("color: #dc3545")
        lay.addWidget(self.save_error)
        from billdesk.gui import send_jobs

        workers.submit(send_jobs.load_mail_settings, url, on_success=self._mail_loaded,
                       on_failure=lambda m, e: (self.save_error.setText(m),
                                                self._loads_done("mail")))

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
        self.loaded_company = dict(company)
        for k, e in self.company.items():
            if not e.text():          # what was typed before the profile arrived stays
                e.setText(str(company.get(k, "") or ""))
        self.company_note.setText(self.tr("Stored in the database (settings key 'company'); "
                                          "the PDF export and the command line use it too."))
        self._loads_done("company")

    def company_values(self) -> dict:
        return {k: e.text().strip() for k, e in self.company.items()}

    def save(self):
        s = app_settings()
        old_url = secrets.strip_password(str(s.value("database/url") or self.url))
        new_url = self.chosen_url()
        s.setValue("database/url", new_url)   # never a password (strip_password)
        if self.use_pg.isChecked() and self.pg_password.text():
            secrets.set_password(new_url, self.pg_password.text())
        old_lang = s.value(LANGUAGE_KEY, "") or ""
        s.setValue(LANGUAGE_KEY, self.language.currentData())
        if self.pdf_folder.text().strip():
            s.setValue(PDF_FOLDER_KEY, self.pdf_folder.text().strip())
        s.sync()
        self.changed_database = new_url != old_url
        self.changed_language = old_lang != (self.language.currentData() or "")
        restart = self.changed_database or self.changed_language
        self.save_database_settings(restart)

    def _mail_loaded(self, shown: dict) -> None:
        self.smtp.load(shown)
        self.templates.load(shown)
        self.timezone_label.setText(shown["timezone"] + "  " + self.tr(
            "(fixed once the database holds data)"))
        if "pdf_folder" in shown.get("stored", ()):
            self.pdf_folder.setText(shown["pdf_folder"])
        self._loads_done("mail")

    def _loads_done(self, part: str) -> None:
        self._loaded_parts.add(part)
        if self._save_when_loaded is not None and {"company", "mail"} <= self._loaded_parts:
            restart, self._save_when_loaded = self._save_when_loaded, None
            self.save_database_settings(restart)

    def database_values(self) -> dict:
        """The database settings of the dialog (validated together when saved)."""
        values = {}
        company = {k: v for k, v in self.company_values().items()}
        if any(company.values()):
            values["company"] = {**{k: v for k, v in self.loaded_company.items()
                                    if k not in company}, **company}
        if self.pdf_folder.text().strip():
            values["pdf_folder"] = self.pdf_folder.text().strip()
        values.update(self.smtp.values())
        values.update(self.templates.values())
        return values

    def save_database_settings(self, restart: bool = False) -> None:
        """Validate and store on a worker; the dialog closes once that worked."""
        if self.saving is not None:
            return
        if not self.may_store:          # nothing of the database's may be changed here
            self.saved.emit(restart)
            self.accept()
            return
        if not {"company", "mail"} <= self._loaded_parts:   # saved before the values came
            self._save_when_loaded = restart
            return
        from billdesk.gui import send_jobs

        self.save_error.clear()

        def ok(warnings):
            self.saved.emit(restart)
            self.accept()

        def failed(message, expected):
            self.save_error.setText(message)

        def done():
            self.saving = None

        self.saving = workers.submit(send_jobs.save_settings, self.url, self.database_values(),
                                     self.smtp.password.text() or None, on_success=ok,
                                     on_failure=failed, on_finished=done)
