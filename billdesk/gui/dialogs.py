"""Import (every file type, with a validation report) and Settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QRadioButton, QTabWidget, QVBoxLayout,
                               QWidget)

from billdesk.gui import jobs, secrets, workers
from billdesk.gui.common import make_table
from billdesk.gui.models import ImportErrorsModel
from billdesk.gui.readings_import import (ReadingsReportModel, dropped_paths, split_paths,
                                          summary)

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
                           "readings": self.tr("Meter data (files or folders: CSV, SDAT-CH, "
                                               "EDA, MSCONS, portal exports)"),
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
        self.path.setPlaceholderText(self.tr("a file to import (or drop files here)"))
        row.addWidget(self.path, 1)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row.addWidget(browse)
        self.folder = QPushButton(self.tr("Folder…"))
        self.folder.setObjectName("importFolderButton")
        self.folder.clicked.connect(self.browse_folder)
        row.addWidget(self.folder)
        form.addRow(self.tr("File:"), row)
        self.setAcceptDrops(True)
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
        self.report = ReadingsReportModel(self)
        self.table = make_table("importErrorsTable", self.errors, sortable=False)
        lay.addWidget(self.table, 1)
        self.hint = hint = QLabel()
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        lay.addWidget(hint)
        self.validate_only.toggled.connect(
            lambda on: self.go.setText(self.tr("Validate") if on else self.tr("Import")))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _readings(self) -> bool:
        return self.kind.currentData() == "readings"

    def _kind_changed(self):
        readings = self._readings()
        self.folder.setVisible(readings)
        self.path.setPlaceholderText(
            self.tr("files or folders, separated by ';' (or drop them here)") if readings
            else self.tr("a file to import (or drop it here)"))
        self.table.setModel(self.report if readings else self.errors)
        self.hint.setText(
            self.tr("Each file is checked on its own: a refused file is listed with its place "
                    "and left out, the others are written together in one transaction. "
                    "Importing the same files again changes nothing.") if readings else
            self.tr("An import runs in one transaction and stops at the first problem: fix "
                    "the line named here and import the file again."))

    def dragEnterEvent(self, event):
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = dropped_paths(event.mimeData())
        if not paths:
            return
        if len(paths) > 1 or Path(paths[0]).is_dir():
            self.kind.setCurrentIndex(KINDS.index("readings"))
        self.path.setText("; ".join(paths) if self._readings() else paths[0])
        event.acceptProposedAction()

    def browse_folder(self):
        start = QSettings().value("import/folder", str(Path.home()))
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder with meter data"), start)
        if path:
            self.path.setText(path)
            QSettings().setValue("import/folder", path)

    def browse(self):
        kind = self.kind.currentData()
        pattern = (self.tr("JSON files (*.json)") if kind in ("tariffs", "communities")
                   else self.tr("CSV files (*.csv *.txt)"))
        start = QSettings().value("import/folder", str(Path.home()))
        if kind == "readings":
            paths, _ = QFileDialog.getOpenFileNames(
                self, self.kind_names[kind], start,
                self.tr("Meter data (*.csv *.txt *.xml *.edi *.mscons)") + ";;"
                + self.tr("All files (*)"))
            if paths:
                self.path.setText("; ".join(paths))
                QSettings().setValue("import/folder", str(Path(paths[0]).parent))
            return
        path, _ = QFileDialog.getOpenFileName(self, self.kind_names[kind], start,
                                              pattern + ";;" + self.tr("All files (*)"))
        if path:
            self.path.setText(path)
            QSettings().setValue("import/folder", str(Path(path).parent))

    def start(self):
        path = self.path.text().strip()
        if not path or self.worker is not None:
            return
        self.errors.set_rows([])
        self.report.set_rows([])
        self.last_error = None
        self.result.setText(self.tr("Reading {file}…").format(file=path))
        self.progress.setRange(0, 0)
        self.go.setEnabled(False)
        self.cancel.setEnabled(True)
        if self._readings():
            self.worker = workers.Worker(jobs.import_readings_paths, self.url,
                                         split_paths(path),
                                         validate_only=self.validate_only.isChecked())
        else:
            self.worker = workers.Worker(jobs.import_file, self.url, self.kind.currentData(),
                                         path, validate_only=self.validate_only.isChecked())
        s = self.worker.signals
        s.progressed.connect(self._progressed)
        s.succeeded.connect(self._done)
        s.failed.connect(self._failed)
        s.finished.connect(self._finished)
        workers.start(self.worker)

    def _progressed(self, done, total, message):
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.result.setText(f"{done:,}/{total:,} {message}" if self._readings() and total
                            else message)

    def _done(self, outcome):
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if hasattr(outcome, "files"):          # meter data: a report per file
            self.report.set_rows(outcome.files)
            self.table.resizeColumnsToContents()
            self.result.setText(summary(outcome, self.tr))
            self.imported.emit(outcome)
            return
        if outcome.validate_only:
            text = self.tr("<b>Valid.</b> {rows} row(s) checked, {changed} would change; "
                           "nothing was written.")
        else:
            text = self.tr("<b>Imported.</b> {rows} row(s), {changed} changed.")
        self.result.setText(text.format(rows=f"{outcome.rows:,}",
                                        changed=f"{outcome.changed:,}"))
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
        self.table.setModel(self.errors)
        self.errors.set_rows([row])
        self.table.resizeColumnsToContents()
        self.result.setText("<span style='color:#dc3545'><b>" + self.tr("Not imported.")
                            + "</b> " + self.tr("Nothing was written.") + "</span>")

    def _finished(self):
        self.worker = None
        self.go.setEnabled(True)
        self.cancel.setEnabled(False)
        if self._readings() and self.report.rowCount():
            self.table.setModel(self.report)


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
