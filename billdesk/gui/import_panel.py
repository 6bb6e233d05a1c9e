"""The Import panel (every file type; meter data from several files or folders, dropped or
chosen) and the Import dialog; work runs on a worker with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from billdesk.gui import jobs, workers
from billdesk.gui.common import app_settings, make_table
from billdesk.gui.formats import fmt_int
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
        from billdesk.gui.policy import policy

        policy().bind(self.go, "import")
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
        start = app_settings().value("import/folder", str(Path.home()))
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder with meter data"), start)
        if path:
            self.path.setText(path)
            app_settings().setValue("import/folder", path)

    def browse(self):
        kind = self.kind.currentData()
        pattern = (self.tr("JSON files (*.json)") if kind in ("tariffs", "communities")
                   else self.tr("CSV files (*.csv *.txt)"))
        start = app_settings().value("import/folder", str(Path.home()))
        if kind == "readings":
            paths, _ = QFileDialog.getOpenFileNames(
                self, self.kind_names[kind], start,
                self.tr("Meter data (*.csv *.txt *.xml *.edi *.mscons)") + ";;"
                + self.tr("All files (*)"))
            if paths:
                self.path.setText("; ".join(paths))
                app_settings().setValue("import/folder", str(Path(paths[0]).parent))
            return
        path, _ = QFileDialog.getOpenFileName(self, self.kind_names[kind], start,
                                              pattern + ";;" + self.tr("All files (*)"))
        if path:
            self.path.setText(path)
            app_settings().setValue("import/folder", str(Path(path).parent))

    def start(self):
        path = self.path.text().strip()
        if not path or self.worker is not None:
            return
        from billdesk.gui.policy import policy

        if not policy().check("import", self):
            return
        self.errors.set_rows([])
        self.report.set_rows([])
        self.last_error = None
        self.result.setText(self.tr("Reading {file}…").format(file=path))
        self.progress.setFormat("%p%")
        self.progress.setRange(0, 0)
        self.go.setEnabled(False)
        self.cancel.setEnabled(True)
        callbacks = dict(on_progress=self._progressed, on_success=self._done,
                         on_failure=self._failed, on_finished=self._finished, owner=self,
                         long=True, name="import")
        if self._readings():
            self.worker = workers.submit(jobs.import_readings_paths, self.url,
                                         split_paths(path),
                                         validate_only=self.validate_only.isChecked(),
                                         **callbacks)
        else:
            self.worker = workers.submit(jobs.import_file, self.url, self.kind.currentData(),
                                         path, validate_only=self.validate_only.isChecked(),
                                         **callbacks)

    def _progressed(self, done, total, message):
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.result.setText(f"{fmt_int(done)}/{fmt_int(total)} {message}"
                            if self._readings() and total else message)

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
        self.result.setText(text.format(rows=fmt_int(outcome.rows),
                                        changed=fmt_int(outcome.changed)))
        self.imported.emit(outcome)

    def _failed(self, message, expected):
        # an empty bar that says so, not "0 %" as if the import had not started
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Cancelled") if message == "cancelled"
                                else self.tr("Failed"))
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
        from billdesk.gui.policy import enable

        enable(self.go, "import")
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
