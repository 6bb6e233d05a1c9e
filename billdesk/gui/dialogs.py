"""Import (every file type, with a validation report) and Settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QRadioButton, QTabWidget, QVBoxLayout,
                               QWidget)

from billdesk.gui.formats import fmt_int
from billdesk.gui import jobs, secrets, workers
from billdesk.gui.common import LANGUAGE_KEY, PDF_FOLDER_KEY, app_settings, make_table
from billdesk.gui.models import ImportErrorsModel

KINDS = ("accounts", "readings", "tariffs", "prices", "communities")


class ImportPanel(QWidget):
    """Pick a kind and a file, validate or import on a worker, show the report."""

    imported = Signal(object)

    def __init__(self, url: str, kind: str = "accounts", parent=None):
        super().__init__(parent)
        self.url = url
        self.worker = None
        self.last_error = None
        self.kind_names = {"accounts": self.tr("Accounts (CSV)"),
                           "readings": self.tr("Interval readings (CSV)"),
                           "tariffs": self.tr("Tariffs (JSON)"),
                           "prices": self.tr("Index prices (CSV)"),
                           "communities": self.tr("Energy communities (JSON)")}
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(self.kind_names[k], k)
        self.kind.setCurrentIndex(KINDS.index(kind))
        form.addRow(self.tr("File type:"), self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("a file to import"))
        row.addWidget(self.path, 1)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        form.addRow(self.tr("File:"), row)
        self.validate_only = QCheckBox(self.tr("Validate only (read and check everything, "
                                               "then roll back: nothing is written)"))
        form.addRow("", self.validate_only)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.go = QPushButton(self.tr("Import"))
        self.go.setObjectName("importButton")
        self.go.clicked.connect(self.start)
        row.addWidget(self.go)
        self.progress = QProgressBar()
        row.addWidget(self.progress, 1)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(lambda: self.worker and self.worker.cancel())
        row.addWidget(self.cancel)
        lay.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result)
        lay.addWidget(QLabel(self.tr("Validation report:")))
        self.errors = ImportErrorsModel(self)
        self.table = make_table("importErrorsTable", self.errors, sortable=False)
        lay.addWidget(self.table, 1)
        hint = QLabel(self.tr("An import runs in one transaction and stops at the first "
                              "problem: fix the line named here and import the file again."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        lay.addWidget(hint)
        self.validate_only.toggled.connect(
            lambda on: self.go.setText(self.tr("Validate") if on else self.tr("Import")))

    def browse(self):
        kind = self.kind.currentData()
        pattern = (self.tr("JSON files (*.json)") if kind in ("tariffs", "communities")
                   else self.tr("CSV files (*.csv *.txt)"))
        start = app_settings().value("import/folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, self.kind_names[kind], start,
                                              pattern + ";;" + self.tr("All files (*)"))
        if path:
            self.path.setText(path)
            app_settings().setValue("import/folder", str(Path(path).parent))

    def start(self):
        path = self.path.text().strip()
        if not path or self.worker is not None:
            return
        self.errors.set_rows([])
        self.last_error = None
        self.result.setText(self.tr("Reading {file}…").format(file=path))
        self.progress.setRange(0, 0)
        self.go.setEnabled(False)
        self.cancel.setEnabled(True)
        self.worker = workers.submit(jobs.import_file, self.url, self.kind.currentData(), path,
                                     validate_only=self.validate_only.isChecked(),
                                     on_progress=self._progressed, on_success=self._done,
                                     on_failure=self._failed, on_finished=self._finished,
                                     owner=self, long=True, name="import")

    def _progressed(self, done, total, message):
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.result.setText(message)

    def _done(self, outcome):
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if outcome.validate_only:
            text = self.tr("<b>Valid.</b> {rows} row(s) checked, {changed} would change; "
                           "nothing was written.")
        else:
            text = self.tr("<b>Imported.</b> {rows} row(s), {changed} changed.")
        self.result.setText(text.format(rows=fmt_int(outcome.rows),
                                        changed=fmt_int(outcome.changed)))
        self.imported.emit(outcome)

    def _failed(self, message, expected):
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        err = self.worker.error if self.worker else None
        self.last_error = err
        if err is not None and hasattr(err, "line"):
            row = (Path(err.file).name if err.file else "", "" if err.line is None
                   else err.line, err.field or "", err.message)
        else:
            row = ("", "", "", message)
        self.errors.set_rows([row])
        self.table.resizeColumnsToContents()
        self.result.setText("<span style='color:#dc3545'><b>" + self.tr("Not imported.")
                            + "</b> " + self.tr("Nothing was written.") + "</span>")

    def _finished(self):
        self.worker = None
        self.go.setEnabled(True)
        self.cancel.setEnabled(False)


class ImportDialog(QDialog):
    def __init__(self, url: str, kind: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import"))
        self.resize(720, 460)
        lay = QVBoxLayout(self)
        self.panel = ImportPanel(url, kind)
        lay.addWidget(self.panel)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        lay.addWidget(box)


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
