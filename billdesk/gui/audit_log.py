"""The Audit Log page: every import, run action, issue, export, delivery and settings change,
filtered by user, action, run, object and date range, exported to CSV.

The table is a column model paged from the database (billdesk.store.audit_log): pages of 500
entries, newest first, are read on a worker when the view scrolls near the end
(``canFetchMore``/``fetchMore``); nothing is read on the GUI thread and the log is never
loaded whole.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QHBoxLayout,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from billdesk.gui import workers
from billdesk.gui.common import make_table, show_error
from billdesk.gui.engines import factory_for
from billdesk.gui.formats import fmt_dt

PAGE = 500


def load_page(url, f, before_id, progress=None, cancelled=None):
    from billdesk.store.audit_log import page

    return page(factory_for(url), f, before_id, PAGE)


def load_count(url, f, progress=None, cancelled=None):
    from billdesk.store.audit_log import count

    return count(factory_for(url), f)


def load_choices(url, progress=None, cancelled=None):
    from billdesk.store.audit_log import choices

    return choices(factory_for(url))


def export_csv(url, f, path, progress=None, cancelled=None):
    from billdesk.store.audit_log import export_csv as _export

    return _export(factory_for(url), f, path, progress=progress, cancelled=cancelled)


class AuditLogModel(QAbstractTableModel):
    """Audit entries in columns (one list per column), appended a page at a time."""

    class Col(IntEnum):
        AT = 0
        ACTOR = 1
        ACTION = 2
        OBJECT = 3
        RUN = 4
        DETAILS = 5

    requested = Signal(object)       # the id to read before (a page is wanted)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._clear()

    def _clear(self):
        self.ids: list[int] = []
        self.cols: dict[int, list] = {c: [] for c in self.Col}
        self.exhausted = False
        self.pending = False

    def headers(self):
        C = self.Col
        return {C.AT: self.tr("When"), C.ACTOR: self.tr("User"), C.ACTION: self.tr("Action"),
                C.OBJECT: self.tr("Object"), C.RUN: self.tr("Run"),
                C.DETAILS: self.tr("Details")}

    def reset(self):
        self.beginResetModel()
        self._clear()
        self.endResetModel()

    def add_page(self, rows) -> None:
        self.pending = False
        if len(rows) < PAGE:
            self.exhausted = True
        if not rows:
            return
        first = len(self.ids)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        C = self.Col
        for r in rows:
            self.ids.append(r.id)
            self.cols[C.AT].append(fmt_dt(r.at))
            self.cols[C.ACTOR].append(r.actor)
            self.cols[C.ACTION].append(r.action)
            self.cols[C.OBJECT].append(f"{r.object_type} {r.object_id or ''}".strip())
            self.cols[C.RUN].append("" if r.run_id is None else str(r.run_id))
            self.cols[C.DETAILS].append(r.details)
        self.endInsertRows()

    # the model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Col)):
            return self.headers()[self.Col(section)]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.ids) \
                or not 0 <= index.column() < len(self.Col):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cols[index.column()][index.row()]
        return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self.exhausted and not self.pending

    def fetchMore(self, parent=QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self.pending = True
            self.requested.emit(self.ids[-1] if self.ids else None)


class AuditLogPage(QWidget):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.loaded = False
        self.generation = 0
        self.exporting = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.actor = QComboBox(editable=True)
        self.actor.setObjectName("auditActor")
        self.action = QComboBox(editable=True)
        self.action.setObjectName("auditAction")
        self.action.setToolTip(self.tr("An action, or a prefix ending in '.' (run., bill., "
                                       "import., send., settings.)"))
        self.object_type = QComboBox(editable=True)
        self.object_id = QLineEdit(placeholderText=self.tr("object id"))
        self.object_id.setMaximumWidth(110)
        self.run = QLineEdit(placeholderText=self.tr("run"))
        self.run.setObjectName("auditRun")
        self.run.setMaximumWidth(70)
        for label, w in ((self.tr("User:"), self.actor), (self.tr("Action:"), self.action),
                         (self.tr("Object:"), self.object_type), (None, self.object_id),
                         (self.tr("Run:"), self.run)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.use_dates = QCheckBox(self.tr("From"))
        self.since = QDateEdit(calendarPopup=True)
        self.until = QDateEdit(calendarPopup=True)
        today = QDate.currentDate()
        self.since.setDate(today.addMonths(-1))
        self.until.setDate(today)
        for w in (self.since, self.until):
            w.setDisplayFormat("yyyy-MM-dd")
            w.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.since)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.until)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.clicked.connect(self.refresh)
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("auditCsv")
        self.csv_button.clicked.connect(self.choose_csv)
        bar.addWidget(self.csv_button)
        lay.addLayout(bar)
        self.model = AuditLogModel(self)
        self.model.exhausted = True          # nothing is read before the page is first shown
        self.model.requested.connect(self._fetch)
        self.table = make_table("auditLogTable", self.model, sortable=False)
        lay.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        foot.addWidget(self.count_label, 1)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        foot.addWidget(self.progress)
        self.cancel_button = QPushButton(self.tr("Cancel export"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._cancel_export)
        foot.addWidget(self.cancel_button)
        lay.addLayout(foot)
        for w in (self.actor, self.action, self.object_type):
            w.lineEdit().returnPressed.connect(self.refresh)
        for w in (self.object_id, self.run):
            w.returnPressed.connect(self.refresh)
        self.filter = self.current_filter()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            workers.submit(load_choices, self.url, on_success=self._choices,
                           on_failure=lambda m, e: show_error(self, m, e))
            self.refresh()

    def _choices(self, c: dict) -> None:
        for box, key in ((self.actor, "actors"), (self.action, "actions"),
                         (self.object_type, "object_types")):
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem("")
            box.addItems(c[key])
            box.setEditText(text)
            box.blockSignals(False)

    def current_filter(self):
        from billdesk.store.audit_log import LogFilter

        run = self.run.text().strip()
        since = until = None
        if self.use_dates.isChecked():
            since = datetime.combine(self.since.date().toPython(), time(0), timezone.utc)
            until = datetime.combine(self.until.date().addDays(1).toPython(), time(0),
                                     timezone.utc)
        return LogFilter(actor=self.actor.currentText().strip() or None,
                         action=self.action.currentText().strip() or None,
                         run_id=int(run) if run.isdigit() else None,
                         object_type=self.object_type.currentText().strip() or None,
                         object_id=self.object_id.text().strip() or None,
                         since=since, until=until)

    def refresh(self) -> None:
        self.generation += 1
        self.filter = self.current_filter()
        self.model.reset()
        self.count_label.setText(self.tr("Loading…"))
        gen = self.generation
        workers.submit(load_count, self.url, self.filter,
                       on_success=lambda n, g=gen: self._counted(g, n),
                       on_failure=lambda m, e: show_error(self, m, e))
        self.model.fetchMore()

    def _fetch(self, before_id) -> None:
        gen = self.generation
        workers.submit(load_page, self.url, self.filter, before_id,
                       on_success=lambda rows, g=gen: self._page(g, rows),
                       on_failure=lambda m, e: show_error(self, m, e))

    def _page(self, gen: int, rows) -> None:
        if gen != self.generation:       # a page of a filter no longer shown
            return
        self.model.add_page(rows)
        if rows and self.table.horizontalHeader().sectionSize(0) < 60:
            self.table.resizeColumnsToContents()

    def _counted(self, gen: int, n: int) -> None:
        if gen == self.generation:
            self.count_label.setText(self.tr("{n} entries").format(n=f"{n:,}"))

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit log"),
                                              "audit-log.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(True)
        self.csv_button.setEnabled(False)
        self.exporting = workers.submit(
            export_csv, self.url, self.current_filter(), path,
            on_progress=self._progressed, on_success=self._exported,
            on_failure=lambda m, e: show_error(self, m, e), on_finished=self._export_done)
        return self.exporting

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _exported(self, n: int) -> None:
        self.count_label.setText(self.tr("{n} entries exported").format(n=f"{n:,}"))

    def _cancel_export(self) -> None:
        if self.exporting is not None:
            self.exporting.cancel()

    def _export_done(self) -> None:
        self.exporting = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.csv_button.setEnabled(True)
