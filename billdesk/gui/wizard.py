"""New Bill Run wizard: period, target, options, Check Data Quality, review and start.

One job, the wizard, in one module although it is long: its five pages read each other's
choices through the wizard (the targets offered depend on the period, the quality check on
period, target and thresholds, the review on all of them); the review page creates the run
on a worker once, at the end, and the wizard hands it on (``run_created``) to be started.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox,
                               QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton,
                               QRadioButton, QSpinBox, QSplitter, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from billdesk.domain.run import BillingMode, ErrorMode
from billdesk.domain.period import Period, add_months
from billdesk.domain.quality import Quality, Thresholds
from billdesk.gui import jobs, workers
from billdesk.gui.account_picker import AccountPicker
from billdesk.gui.charts import QualityMixChart
from billdesk.gui.common import make_table
from billdesk.gui.models import QualityModel
from billdesk.gui.row_model import SortProxy


def preset_period(kind: str, today: date | None = None) -> Period:
    today = today or date.today()
    this_month = date(today.year, today.month, 1)
    if kind == "month":
        return Period(add_months(this_month, -1), this_month)
    if kind == "quarter":
        q0 = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return Period(add_months(q0, -3), q0)
    if kind == "year":
        return Period(date(today.year - 1, 1, 1), date(today.year, 1, 1))
    raise ValueError(kind)


def explain(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setObjectName("explanation")
    lab.setStyleSheet("color: #555; margin-left: 22px; margin-bottom: 6px")
    return lab


class PeriodPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Billing period"))
        self.setSubTitle(self.tr("Which past period does the run bill? Periods are whole "
                                 "local days; the end date is exclusive."))
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.radios = {}
        for key, text in (("month", self.tr("Last month")), ("quarter", self.tr("Last quarter")),
                          ("year", self.tr("Last year")), ("custom", self.tr("Custom"))):
            r = QRadioButton(text)
            self.group.addButton(r)
            self.radios[key] = r
            lay.addWidget(r)
        self.radios["month"].setChecked(True)
        custom = QHBoxLayout()
        custom.addSpacing(22)
        custom.addWidget(QLabel(self.tr("From")))
        self.start = QDateEdit(calendarPopup=True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        custom.addWidget(self.start)
        custom.addWidget(QLabel(self.tr("to (exclusive)")))
        self.end = QDateEdit(calendarPopup=True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        custom.addWidget(self.end)
        custom.addStretch(1)
        lay.addLayout(custom)
        p = preset_period("month")
        self.start.setDate(QDate(p.start.year, p.start.month, p.start.day))
        self.end.setDate(QDate(p.end.year, p.end.month, p.end.day))
        self.resolved = QLabel()
        lay.addWidget(self.resolved)
        form = QFormLayout()
        self.name = QLineEdit(placeholderText=self.tr("optional; default: period and target"))
        form.addRow(self.tr("Run name:"), self.name)
        lay.addLayout(form)
        lay.addStretch(1)
        for w in (self.start, self.end):
            w.dateChanged.connect(self._changed)
            w.dateChanged.connect(lambda _d: self.radios["custom"].setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._changed())
        self._changed()

    def period(self) -> Period | None:
        for key, r in self.radios.items():
            if r.isChecked() and key != "custom":
                return preset_period(key)
        a, b = self.start.date().toPython(), self.end.date().toPython()
        return Period(a, b) if b > a else None

    def _changed(self, *args):
        p = self.period()
        if p is None:
            self.resolved.setText(self.tr("The end must be after the start."))
        else:
            self.resolved.setText(self.tr("Period: {a} to {b} (exclusive), {n} days").format(
                a=p.start, b=p.end, n=p.days))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.period() is not None


class TargetPage(QWizardPage):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.options = None
        self.loaded_for = None
        self.setTitle(self.tr("Target"))
        self.setSubTitle(self.tr("Which accounts does the run bill? The list is resolved and "
                                 "frozen when the run is created."))
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.r_all = QRadioButton(self.tr("All valid accounts"))
        self.r_group = QRadioButton(self.tr("Customer group"))
        self.r_comm = QRadioButton(self.tr("Energy community"))
        self.r_acc = QRadioButton(self.tr("Selected accounts"))
        for r in (self.r_all, self.r_group, self.r_comm, self.r_acc):
            self.group.addButton(r)
        self.r_all.setChecked(True)
        lay.addWidget(self.r_all)
        self.all_label = explain(self.tr("Loading…"))
        lay.addWidget(self.all_label)
        row = QHBoxLayout()
        row.addWidget(self.r_group)
        self.groups = QComboBox()
        row.addWidget(self.groups, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.r_comm)
        self.comms = QComboBox()
        row.addWidget(self.comms, 1)
        lay.addLayout(row)
        lay.addWidget(self.r_acc)
        self.search = QLineEdit(placeholderText=self.tr("Search account, name or city"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self.accounts = AccountPicker()
        self.accounts.setObjectName("targetAccounts")
        lay.addWidget(self.accounts, 1)
        self.selected_label = QLabel()
        lay.addWidget(self.selected_label)
        self.search.textChanged.connect(self._filter)
        self.accounts.selection_changed.connect(self._selection)
        self.groups.activated.connect(lambda _i: self.r_group.setChecked(True))
        self.comms.activated.connect(lambda _i: self.r_comm.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())

    def initializePage(self):
        period = self.wizard().period_page.period()
        if period == self.loaded_for:
            return
        self.loaded_for = period
        self.all_label.setText(self.tr("Counting accounts…"))
        workers.submit(jobs.load_target_options, self.url, period, on_success=self._loaded,
                       on_failure=lambda m, e: self.all_label.setText(m))

    def _loaded(self, opts):
        self.options = opts
        self.all_label.setText(self.tr("{n} accounts are supplied in the period and have a "
                                       "tariff and a metering point.").format(
            n=f"{opts.valid_accounts:,}"))
        self.groups.clear()
        for g, n in opts.groups:
            self.groups.addItem(f"{g} ({n:,})", g)
        self.comms.clear()
        for c, n in opts.communities:
            self.comms.addItem(f"{c} ({n:,})", c)
        self.accounts.set_accounts(opts.accounts)
        self.accounts.set_filter(self.search.text())
        self.completeChanged.emit()

    def _filter(self, text):
        self.accounts.set_filter(text)
        if text.strip():
            self.r_acc.setChecked(True)

    def _selection(self, n: int = 0):
        self.selected_label.setText(self.tr("{n} account(s) selected").format(n=n))
        if n:
            self.r_acc.setChecked(True)
        self.completeChanged.emit()

    def target(self) -> str | None:
        if self.r_all.isChecked():
            return "all"
        if self.r_group.isChecked():
            g = self.groups.currentData()
            return f"group:{g}" if g else None
        if self.r_comm.isChecked():
            c = self.comms.currentData()
            return f"community:{c}" if c else None
        codes = self.accounts.selected_codes()
        return "accounts:" + ",".join(codes) if codes else None

    def isComplete(self) -> bool:
        return self.options is not None and self.target() is not None


class OptionsPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Options"))
        self.setSubTitle(self.tr("How the run treats failures, existing bills and meter data "
                                 "of poor quality."))
        lay = QVBoxLayout(self)
        box = QGroupBox(self.tr("Error handling"))
        bl = QVBoxLayout(box)
        self.lenient = QRadioButton(self.tr("Lenient"))
        self.strict = QRadioButton(self.tr("Strict"))
        self.lenient.setChecked(True)
        bl.addWidget(self.lenient)
        bl.addWidget(explain(self.tr("Every account is tried; failed accounts are listed "
                                     "afterwards and can be rerun once fixed.")))
        bl.addWidget(self.strict)
        bl.addWidget(explain(self.tr("The first failed account stops the run; no bill of a "
                                     "stopped strict run is ever issued.")))
        lay.addWidget(box)
        box = QGroupBox(self.tr("Billing mode"))
        bl = QVBoxLayout(box)
        self.create = QRadioButton(self.tr("Create"))
        self.correct = QRadioButton(self.tr("Create and correct"))
        self.create.setChecked(True)
        bl.addWidget(self.create)
        bl.addWidget(explain(self.tr("Bill accounts that have no bill for the period; an "
                                     "already billed account is skipped (ALREADY_BILLED).")))
        bl.addWidget(self.correct)
        bl.addWidget(explain(self.tr("Also, where an issued bill's inputs changed since (new "
                                     "meter data, tariff change), issue a credit note and a "
                                     "replacement invoice; unchanged accounts are skipped.")))
        lay.addWidget(box)
        box = QGroupBox(self.tr("Minimum data quality"))
        form = QFormLayout(box)
        self.min_quality = QComboBox()
        for q, text in ((Quality.MISSING, self.tr("missing (accept everything)")),
                        (Quality.ESTIMATED, self.tr("estimated")),
                        (Quality.SUBSTITUTED, self.tr("substituted")),
                        (Quality.MEASURED, self.tr("measured only"))):
            self.min_quality.addItem(text, q.label)
        form.addRow(self.tr("Worst accepted flag:"), self.min_quality)
        self.share = QDoubleSpinBox()
        self.share.setRange(0, 100)
        self.share.setSuffix(" %")
        self.share.setDecimals(1)
        form.addRow(self.tr("Minimum measured share:"), self.share)
        self.max_missing = QSpinBox()
        self.max_missing.setRange(-1, 100000)
        self.max_missing.setSpecialValueText(self.tr("no limit"))
        self.max_missing.setValue(-1)
        form.addRow(self.tr("Maximum missing intervals:"), self.max_missing)
        form.addRow(explain(self.tr(
            "Every 15-minute value carries a flag: measured > substituted > estimated > "
            "missing. An account below these thresholds fails with DATA_QUALITY and the "
            "numbers that failed. The next step checks them for the whole target.")))
        lay.addWidget(box)
        lay.addStretch(1)

    def thresholds(self) -> Thresholds:
        mm = self.max_missing.value()
        return Thresholds(Quality.parse(self.min_quality.currentData()),
                          self.share.value() / 100.0, None if mm < 0 else mm)

    def mode(self) -> str:
        return ErrorMode.STRICT if self.strict.isChecked() else ErrorMode.LENIENT

    def billing(self) -> str:
        return (BillingMode.CREATE_AND_CORRECT if self.correct.isChecked()
                else BillingMode.CREATE)


class QualityPage(QWizardPage):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.report = None
        self.worker = None
        self.key = None
        self.setTitle(self.tr("Check Data Quality"))
        self.setSubTitle(self.tr("The thresholds evaluated for every account of the target, "
                                 "without billing: who would fail, and why."))
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check again"))
        self.check_button.clicked.connect(self.check)
        row.addWidget(self.check_button)
        self.progress = QProgressBar()
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Stop"))
        self.cancel_button.clicked.connect(self.stop)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.only_failing = QCheckBox(self.tr("Only accounts that would fail"))
        self.only_failing.setChecked(True)
        ll.addWidget(self.only_failing)
        self.model = QualityModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("qualityTable", self.proxy)
        ll.addWidget(self.table)
        split.addWidget(left)
        self.chart = QualityMixChart()
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 360])
        lay.addWidget(split, 1)
        self.only_failing.toggled.connect(self._failing)
        self._failing(True)

    def _failing(self, on):
        self.proxy.set_exact(QualityModel.Col.RESULT, "fail" if on else None)

    def initializePage(self):
        w = self.wizard()
        key = (w.period_page.period(), w.target_page.target(), w.options_page.thresholds())
        if key != self.key or self.report is None:
            self.key = key
            self.check()

    def check(self):
        if self.worker is not None:
            return
        w = self.wizard()
        period, target, th = (w.period_page.period(), w.target_page.target(),
                              w.options_page.thresholds())
        self.report = None
        self.model.set_rows([])
        self.summary.setText(self.tr("Checking…"))
        self.progress.setRange(0, 0)
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.worker = workers.submit(jobs.quality_check, self.url, period, target, th,
                                     on_success=self._checked, on_failure=self._failed,
                                     on_progress=self._progressed, on_finished=self._done)
        self.completeChanged.emit()

    def stop(self):
        if self.worker is not None:
            self.worker.cancel()

    def _progressed(self, done, total, message):
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _checked(self, report):
        if self.worker is not None and self.worker.cancelled():
            self.summary.setText(self.tr("Check stopped; run it again to continue."))
            return
        self.report = report
        self.model.set_rows(report.rows)
        self.chart.set_counts(report.totals())
        n = len(report.rows)
        self.summary.setText(self.tr(
            "<b>{p:,}</b> of {n:,} accounts pass, <b>{f:,}</b> would fail with "
            "DATA_QUALITY or missing meter data.").format(p=report.passing, n=n,
                                                         f=report.failing))
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.table.resizeColumnsToContents()

    def _failed(self, message, expected):
        self.summary.setText("<span style='color:#dc3545'>" + message + "</span>")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    def _done(self):
        self.worker = None
        self.check_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.worker is None and self.report is not None

    def cleanupPage(self):
        self.stop()


class ReviewPage(QWizardPage):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.created = None
        self.creating = None
        self.setTitle(self.tr("Review and start"))
        self.setSubTitle(self.tr("Creating the run freezes its configuration and account "
                                 "list."))
        lay = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.text)
        self.start_now = QCheckBox(self.tr("Start the run right away"))
        self.start_now.setChecked(True)
        lay.addWidget(self.start_now)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #dc3545")
        lay.addWidget(self.error)
        lay.addStretch(1)

    def initializePage(self):
        w = self.wizard()
        p, t, o = w.period_page.period(), w.target_page.target(), w.options_page
        th = o.thresholds()
        rep = w.quality_page.report
        rows = [(self.tr("Name"), w.period_page.name.text().strip() or f"{p} {t}"),
                (self.tr("Period"), f"{p.start} – {p.end} ({p.days} " + self.tr("days") + ")"),
                (self.tr("Target"), t if len(t) < 120 else t[:117] + "…"),
                (self.tr("Accounts"), f"{len(rep.rows):,}" if rep else "?"),
                (self.tr("Would fail on data quality"), f"{rep.failing:,}" if rep else "?"),
                (self.tr("Error handling"), o.lenient.text() if o.mode() == ErrorMode.LENIENT
                 else o.strict.text()),
                (self.tr("Billing mode"), o.create.text() if o.billing() == BillingMode.CREATE
                 else o.correct.text()),
                (self.tr("Minimum data quality"),
                 f"{th.min_quality.label}, ≥ {th.min_measured_share:.0%} "
                 + self.tr("measured") + ", "
                 + (self.tr("no limit") if th.max_missing is None else str(th.max_missing))
                 + " " + self.tr("missing"))]
        self.text.setText("<table cellpadding=3>" + "".join(
            f"<tr><td><b>{k}:</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>")
        self.error.clear()

    def validatePage(self) -> bool:
        if self.created is not None:
            return True
        if self.creating is None:
            w = self.wizard()
            o = w.options_page
            self.error.setText(self.tr("Creating the run…"))
            self.creating = workers.submit(
                jobs.create_run, self.url, w.period_page.period(), w.target_page.target(),
                name=w.period_page.name.text().strip() or None, mode=o.mode(),
                billing=o.billing(), thresholds=o.thresholds(),
                on_success=self._created, on_failure=self._failed,
                on_finished=self._finished)
        return False

    def _created(self, info):
        self.created = info
        self.wizard().run_created.emit(info, self.start_now.isChecked())
        self.wizard().accept()

    def _failed(self, message, expected):
        self.error.setText(message)

    def _finished(self):
        self.creating = None


class NewRunWizard(QWizard):
    run_created = Signal(object, bool)   # RunInfo, start now

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Bill Run"))
        self.setObjectName("newRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create run"))
        self.period_page = PeriodPage()
        self.target_page = TargetPage(url)
        self.options_page = OptionsPage()
        self.quality_page = QualityPage(url)
        self.review_page = ReviewPage(url)
        for p in (self.period_page, self.target_page, self.options_page, self.quality_page,
                  self.review_page):
            self.addPage(p)
        self.resize(900, 680)

    def reject(self):
        self.quality_page.stop()
        super().reject()
