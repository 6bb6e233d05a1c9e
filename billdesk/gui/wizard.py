"""New Bill Run wizard: period, target, options, Check Data Quality, review and start.

One job, kept whole (~670 lines): the new-run wizard's pages and the flow between them; the
account picker, the quality model and chart, the thresholds form and the jobs it starts are
modules of their own."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QRadioButton, QSplitter, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from billdesk.domain.period import Period, add_months
from billdesk.domain.quality import Thresholds
from billdesk.gui import jobs, workers
from billdesk.gui.account_picker import AccountPicker
from billdesk.gui.accounts_model import QualityModel
from billdesk.gui.charts import QualityMixChart
from billdesk.gui.common import app_settings, confirm, debounce, fit_columns, make_table
from billdesk.gui.formats import (fmt_days, fmt_int, quality_text,
                                  tr_status, tr_target)
from billdesk.gui.run_actions import ThresholdsForm


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
                                 "local days, the first and the last day included."))
        lay = QVBoxLayout(self)
        trow = QHBoxLayout()
        trow.addWidget(QLabel(self.tr("Start from a template:")))
        self.template = QComboBox()
        self.template.setObjectName("runTemplate")
        self.template.addItem(self.tr("(none)"), None)
        trow.addWidget(self.template, 1)
        lay.addLayout(trow)
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
        custom.addWidget(QLabel(self.tr("to (last day)")))
        self.end = QDateEdit(calendarPopup=True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        custom.addWidget(self.end)
        custom.addStretch(1)
        lay.addLayout(custom)
        p = preset_period("month")
        last = p.end - timedelta(days=1)
        self.start.setDate(QDate(p.start.year, p.start.month, p.start.day))
        self.end.setDate(QDate(last.year, last.month, last.day))
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
        return Period(a, b + timedelta(days=1)) if b >= a else None

    def _changed(self, *args):
        p = self.period()
        if p is None:
            self.resolved.setText(self.tr("The last day must not be before the first."))
        else:
            self.resolved.setText(self.tr("Period: {a} to {b}, {n} days").format(
                a=p.start, b=p.end - timedelta(days=1), n=p.days))
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
        self.search_timer = debounce(self.search.textChanged, self._filter, 250, self)
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
        workers.submit(jobs.load_target_options, self.url, period, owner=self,
                       on_success=self._loaded,
                       on_failure=lambda m, e: self.all_label.setText(m))

    def _loaded(self, opts):
        self.options = opts
        self.all_label.setText(self.tr("{n} accounts are supplied in the period and have a "
                                       "tariff and a metering point.").format(
            n=fmt_int(opts.valid_accounts)))
        self.groups.clear()
        for g, n in opts.groups:
            self.groups.addItem(f"{g} ({fmt_int(n)})", g)
        self.comms.clear()
        for c, n in opts.communities:
            self.comms.addItem(f"{c} ({fmt_int(n)})", c)
        self.accounts.set_accounts(getattr(opts, "picker", None) or opts.accounts)
        self.accounts.set_filter(self.search.text())
        self._apply_wanted()
        self.completeChanged.emit()

    def _filter(self, text):
        self.accounts.set_filter(text)
        if text.strip():
            self.r_acc.setChecked(True)

    def _selection(self, n: int = 0):
        self.selected_label.setText(self.tr("{n} account(s) selected").format(n=fmt_int(n)))
        if n:
            self.r_acc.setChecked(True)
        self.completeChanged.emit()

    def want_target(self, target: str) -> None:
        """Choose ``target`` (from a template) once the options are known."""
        self.wanted = target
        if self.options is not None:
            self._apply_wanted()

    def _apply_wanted(self) -> None:
        target, self.wanted = getattr(self, "wanted", None), None
        if not target:
            return
        kind, _, rest = target.partition(":")
        if kind == "all":
            self.r_all.setChecked(True)
        elif kind == "group":
            i = self.groups.findData(rest)
            if i >= 0:
                self.groups.setCurrentIndex(i)
                self.r_group.setChecked(True)
        elif kind == "community":
            i = self.comms.findData(rest)
            if i >= 0:
                self.comms.setCurrentIndex(i)
                self.r_comm.setChecked(True)
        elif kind == "accounts":
            self.accounts.select_codes([c for c in rest.split(",") if c])
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
        box = QGroupBox(self.tr("Minimum data quality and plausibility"))
        bl = QVBoxLayout(box)
        self.form = ThresholdsForm()
        bl.addLayout(self.form)
        self.min_quality, self.share = self.form.min_quality, self.form.share
        self.max_missing, self.factor = self.form.max_missing, self.form.factor
        bl.addWidget(explain(self.tr(
            "Every 15-minute value carries a flag: measured > substituted > estimated > "
            "missing. An account below these thresholds fails with DATA_QUALITY and the "
            "numbers that failed; a bill deviating from the account's previous one by more "
            "than the factor fails with IMPLAUSIBLE_AMOUNT. The next step checks the "
            "thresholds for the whole target. The values are remembered for the next run.")))
        lay.addWidget(box)
        lay.addStretch(1)
        self.restore()

    # remembered on this workstation (the last run created)
    def restore(self) -> None:
        s = app_settings()
        th = s.value("wizard/thresholds")
        if th:
            try:
                self.form.set(Thresholds.from_dict(json.loads(th)),
                              s.value("wizard/maxFactor", "5"))
            except (ValueError, TypeError):
                pass
        if s.value("wizard/mode") == "strict":
            self.strict.setChecked(True)
        if s.value("wizard/billing") == "create-and-correct":
            self.correct.setChecked(True)

    def remember(self) -> None:
        s = app_settings()
        s.setValue("wizard/thresholds", json.dumps(self.thresholds().as_dict()))
        s.setValue("wizard/maxFactor", self.max_factor())
        s.setValue("wizard/mode", self.mode())
        s.setValue("wizard/billing", self.billing())

    def apply_template(self, t) -> None:
        (self.strict if t.mode == "strict" else self.lenient).setChecked(True)
        (self.correct if t.billing == "create-and-correct" else self.create).setChecked(True)
        self.form.set(Thresholds.from_dict(t.thresholds), t.options.get("max_factor"))

    def thresholds(self) -> Thresholds:
        return self.form.thresholds()

    def max_factor(self) -> str:
        return self.form.max_factor()

    def mode(self) -> str:
        return "strict" if self.strict.isChecked() else "lenient"

    def billing(self) -> str:
        return "create-and-correct" if self.correct.isChecked() else "create"


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
        self.proxy = self.model             # filtered and sorted by the model (numpy)
        self.table = make_table("qualityTable", self.model)
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
        self.model.set_only_failing(on)

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
        self.model.clear()
        self.summary.setText(self.tr("Checking…"))
        self.progress.setRange(0, 0)
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.worker = workers.submit(jobs.quality_check_in_process, self.url, period, target,
                                     th, owner=self, name="quality-check", long=True,
                                     on_success=self._checked, on_failure=self._failed,
                                     on_progress=self._progressed, on_finished=self._done)
        self.completeChanged.emit()

    def stop(self):
        if self.worker is not None:
            self.worker.cancel()

    def _progressed(self, done, total, message):
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _checked(self, result):
        if self.worker is not None and self.worker.cancelled():
            self.summary.setText(self.tr("Check stopped; run it again to continue."))
            return
        report, table = result
        self.report = report
        self.model.set_table(table)
        self.chart.set_counts(report.totals())
        n = len(report.rows)
        self.summary.setText(self.tr(
            "<b>{p}</b> of {n} accounts pass, <b>{f}</b> would fail with "
            "DATA_QUALITY or missing meter data.").format(p=fmt_int(report.passing),
                                                         n=fmt_int(n),
                                                         f=fmt_int(report.failing)))
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        fit_columns(self.table)

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
        self.checking = None
        self.overlaps = None
        self.setTitle(self.tr("Review and start"))
        self.setSubTitle(self.tr("Creating the run freezes its configuration and account "
                                 "list."))
        lay = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.text)
        self.conflicts = QLabel()
        self.conflicts.setObjectName("runConflicts")
        self.conflicts.setWordWrap(True)
        self.conflicts.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.conflicts)
        self.start_now = QCheckBox(self.tr("Start the run right away"))
        self.start_now.setChecked(True)
        lay.addWidget(self.start_now)
        row = QHBoxLayout()
        self.save_template_button = QPushButton(self.tr("Save as template…"))
        self.save_template_button.setObjectName("saveTemplate")
        self.save_template_button.clicked.connect(self.save_template)
        row.addWidget(self.save_template_button)
        row.addStretch(1)
        lay.addLayout(row)
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
                (self.tr("Period"), f"{fmt_days(p.start, p.end)} ({p.days} "
                 + self.tr("days") + ")"),
                (self.tr("Target"), tr_target(t)),
                (self.tr("Accounts"), fmt_int(len(rep.rows)) if rep else "?"),
                (self.tr("Would fail on data quality"), fmt_int(rep.failing) if rep else "?"),
                (self.tr("Error handling"), o.lenient.text() if o.mode() == "lenient"
                 else o.strict.text()),
                (self.tr("Billing mode"), o.create.text() if o.billing() == "create"
                 else o.correct.text()),
                # the same words as the run detail's (was "missing, ≥ 97% measured, no
                # limit missing": the worst flag read as a count)
                (self.tr("Minimum data quality"), quality_text(th.min_quality.label,
                                                               th.min_measured_share,
                                                               th.max_missing)),
                (self.tr("Implausible amount factor"), f"{o.max_factor()} ×")]
        self.text.setText("<table cellpadding=3>" + "".join(
            f"<tr><td><b>{k}:</b></td><td>{v}</td></tr>" for k, v in rows) + "</table>")
        self.error.clear()
        self.check_conflicts()

    # another active or draft run over the same accounts and months
    def check_conflicts(self) -> None:
        w = self.wizard()
        self.overlaps = None
        self.conflicts.setText(self.tr("Checking for other runs over these accounts…"))
        self.checking = workers.submit(jobs.overlapping_runs, self.url, w.period_page.period(),
                                       w.target_page.target(), owner=self, name="overlaps",
                                       on_success=self._overlaps,
                                       on_failure=lambda m, e: self.conflicts.setText(m),
                                       on_finished=self._checked)

    def _checked(self):
        self.checking = None

    def _overlaps(self, overlaps) -> None:
        self.overlaps = overlaps
        if not overlaps:
            self.conflicts.setText("<span style='color:#198754'>" + self.tr(
                "No other active or draft run holds these accounts for this period.")
                + "</span>")
            return
        items = "".join(
            "<li>" + self.tr("run {id} “{name}” ({status}): {n} of these accounts, e.g. {ex}")
            .format(id=o.run_id, name=o.name, status=tr_status(o.status),
                    n=fmt_int(o.accounts), ex=", ".join(o.examples)) + "</li>"
            for o in overlaps)
        self.conflicts.setText(
            "<span style='color:#b35c00'><b>" + self.tr("Conflict with another run") + "</b>"
            "</span><ul>" + items + "</ul>" + self.tr(
                "A run cannot start while another active run holds the same account and "
                "month: finalize or cancel that run first, or the new run fails to start."))

    def validatePage(self) -> bool:
        if self.created is not None:
            return True
        if self.creating is not None:
            return False
        w = self.wizard()
        o = w.options_page
        rep = w.quality_page.report
        if o.mode() == "strict" and rep is not None and rep.failing:
            if not confirm(self, self.tr("Strict run"),
                           self.tr("The quality check predicts that {n} account(s) fail. "
                                   "Create a strict run anyway?").format(n=fmt_int(rep.failing)),
                           self.tr("A strict run stops at its first failed account, and no "
                                   "bill of a stopped strict run can ever be issued. A "
                                   "lenient run bills the others and lists the failures."),
                           yes=self.tr("Create the strict run")):
                return False
        if self.overlaps:
            if not confirm(self, self.tr("Conflict with another run"),
                           self.tr("{n} other run(s) hold accounts of this target for the "
                                   "period. Create the run anyway?").format(
                               n=len(self.overlaps)),
                           self.tr("It will not start until those runs are finalized or "
                                   "cancelled."), yes=self.tr("Create it anyway")):
                return False
        o.remember()
        self.error.setText(self.tr("Creating the run…"))
        self.creating = workers.submit(
            jobs.create_run, self.url, w.period_page.period(), w.target_page.target(),
            name=w.period_page.name.text().strip() or None, mode=o.mode(),
            billing=o.billing(), thresholds=o.thresholds(), max_factor=o.max_factor(),
            owner=self, on_success=self._created, on_failure=self._failed,
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

    # templates
    def save_template(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from billdesk.gui.policy import policy
        from billdesk.runs.templates import Template

        if not policy().check("template.save", self):
            return
        w = self.wizard()
        o = w.options_page
        name, ok = QInputDialog.getText(self, self.tr("Save as template"),
                                        self.tr("Template name:"),
                                        text=w.period_page.template.currentText()
                                        if w.period_page.template.currentData() else "")
        if not ok or not name.strip():
            return
        t = Template(name.strip(), w.target_page.target() or "all", o.mode(), o.billing(),
                     o.thresholds().as_dict(), {"max_factor": o.max_factor()})
        workers.submit(jobs.save_template, self.url, t, owner=self,
                       on_success=lambda saved: (self.error.setText(
                           self.tr("Template “{name}” saved.").format(name=saved.name)),
                           w.load_templates()),
                       on_failure=lambda m, e: self.error.setText(m))


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
        self.url = url
        self.templates: dict = {}
        self.period_page.template.activated.connect(self._template_chosen)
        self.load_templates()

    def load_templates(self) -> None:
        workers.submit(jobs.list_templates, self.url, owner=self, name="templates",
                       on_success=self._templates)

    def _templates(self, templates) -> None:
        box = self.period_page.template
        current = box.currentData()
        self.templates = {t.name: t for t in templates}
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("(none)"), None)
        for t in templates:
            box.addItem(t.name, t.name)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def _template_chosen(self, _index: int) -> None:
        t = self.templates.get(self.period_page.template.currentData())
        if t is None:
            return
        self.options_page.apply_template(t)
        self.target_page.want_target(t.target)
        if not self.period_page.name.text().strip():
            self.period_page.name.setPlaceholderText(t.name)

    def reject(self):
        self.quality_page.stop()
        super().reject()
