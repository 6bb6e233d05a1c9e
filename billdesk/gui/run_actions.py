"""The actions on a bill run, shared by the runs list, the run detail and the Run menu — each
irreversible one asks first, with the facts the clerk needs:

* Finalize: how many bills, their total, the numbers they will get, the accounts left out;
* Cancel run: what happens to what was billed so far;
* Rerun failed: the thresholds of the rerun (they may be relaxed), then create it;
* Report: the run's summary as PDF or CSV.

Every action is checked with the policy (``billdesk.gui.policy``) before it runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFileDialog, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout)

from billdesk.domain.quality import Quality, Thresholds
from billdesk.gui import jobs, workers
from billdesk.gui.common import app_settings, confirm, show_error
from billdesk.gui.formats import fmt_int, fmt_money, tr_status
from billdesk.gui.policy import policy

#: the run actions that only read (all an audit package offers; runs_page.actions_for)
READ_ONLY_ACTIONS = ("open", "export", "report")

KEYS = {"start": "run.start", "resume": "run.start", "queue": "run.start",
        "cancel": "run.cancel",
        "rerun": "run.rerun", "finalize": "run.finalize", "export": "run.export",
        "report": "run.report", "open": None}


class ThresholdsForm(QFormLayout):
    """Worst accepted flag, minimum measured share, maximum missing intervals, and the
    implausible-amount factor."""

    def __init__(self, th: Thresholds | None = None, factor: str | float = "5"):
        super().__init__()
        from PySide6.QtCore import QCoreApplication

        self.min_quality = QComboBox()
        for q, text in ((Quality.MISSING, QCoreApplication.translate("ThresholdsForm",
                                                                     "missing (accept everything)")),
                        (Quality.ESTIMATED, QCoreApplication.translate("ThresholdsForm",
                                                                       "estimated")),
                        (Quality.SUBSTITUTED, QCoreApplication.translate("ThresholdsForm",
                                                                         "substituted")),
                        (Quality.MEASURED, QCoreApplication.translate("ThresholdsForm",
                                                                      "measured only"))):
            self.min_quality.addItem(text, q.label)
        self.addRow(QCoreApplication.translate("ThresholdsForm",
                                               "Worst accepted flag:"), self.min_quality)
        self.share = QDoubleSpinBox()
        self.share.setRange(0, 100)
        self.share.setSuffix(" %")
        self.share.setDecimals(1)
        self.addRow(QCoreApplication.translate("ThresholdsForm",
                                               "Minimum measured share:"), self.share)
        self.max_missing = QSpinBox()
        self.max_missing.setRange(-1, 100000)
        self.max_missing.setSpecialValueText(QCoreApplication.translate("ThresholdsForm",
                                                                        "no limit"))
        self.max_missing.setValue(-1)
        self.addRow(QCoreApplication.translate("ThresholdsForm",
                                               "Maximum missing intervals:"), self.max_missing)
        self.factor = QDoubleSpinBox()
        self.factor.setObjectName("maxFactor")
        self.factor.setRange(1.1, 100.0)
        self.factor.setDecimals(1)
        self.factor.setSuffix(" ×")
        self.factor.setToolTip(QCoreApplication.translate("ThresholdsForm",
                                                          "A bill deviating from the account's previous bill by more "
                                 "than this factor (up or down) fails with "
                                 "IMPLAUSIBLE_AMOUNT instead of being issued"))
        self.addRow(QCoreApplication.translate("ThresholdsForm",
                                               "Implausible amount factor:"), self.factor)
        self.set(th or Thresholds(), factor)

    def set(self, th: Thresholds, factor=None) -> None:
        self.min_quality.setCurrentIndex(max(self.min_quality.findData(th.min_quality.label),
                                             0))
        self.share.setValue(th.min_measured_share * 100.0)
        self.max_missing.setValue(-1 if th.max_missing is None else th.max_missing)
        if factor is not None:
            self.factor.setValue(float(factor))

    def thresholds(self) -> Thresholds:
        mm = self.max_missing.value()
        return Thresholds(Quality.parse(self.min_quality.currentData()),
                          round(self.share.value() / 100.0, 6), None if mm < 0 else mm)

    def max_factor(self) -> str:
        return f"{self.factor.value():g}"


class RerunDialog(QDialog):
    """Rerun the failed accounts: the parent's thresholds, changeable."""

    def __init__(self, info, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rerun failed accounts"))
        lay = QVBoxLayout(self)
        n = info.counts.failed + (info.counts.pending if info.status == "failed" else 0)
        intro = QLabel(self.tr("A new draft run over the {n} failed account(s) of run {id}, "
                               "same period and target. Its data-quality thresholds can "
                               "differ from the run's, e.g. to accept substituted values "
                               "that made accounts fail.").format(n=fmt_int(n), id=info.id))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.name = QLineEdit(f"{info.name} (rerun failed)")
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        lay.addLayout(form)
        self.form = ThresholdsForm(Thresholds.from_dict(info.thresholds),
                                   (info.options or {}).get("max_factor", "5"))
        lay.addLayout(self.form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create the rerun"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)

    def options(self) -> dict:
        return {"name": self.name.text().strip() or None,
                "thresholds": self.form.thresholds(), "max_factor": self.form.max_factor()}


class RunActions(QObject):
    """``do(key, run_id, info=None)``: one entry point for every run action."""

    export_requested = Signal(int)
    report_written = Signal(object)

    def __init__(self, url: str, controller, bus=None, parent=None):
        super().__init__(parent)
        self.url, self.controller, self.bus = url, controller, bus
        self.widget = parent
        self.rerun_dialog = RerunDialog         # replaced in tests
        controller.finalized.connect(self._finalized)

    def do(self, key: str, run_id: int, info=None) -> None:
        if not self.controller.writable and key not in READ_ONLY_ACTIONS:
            return                              # an audit package: nothing that writes
        k = KEYS.get(key)
        if k is not None and not policy().check(k, self.widget):
            return
        if key in ("start", "resume"):
            self.controller.start(run_id)
        elif key == "queue":
            self.controller.queue(run_id)
        elif key == "cancel":
            self.cancel(run_id)
        elif key == "finalize":
            self.finalize(run_id)
        elif key == "rerun":
            self.rerun(run_id, info)
        elif key == "export":
            self.export_requested.emit(run_id)
        elif key == "report":
            self.report(run_id)

    # ------------------------------------------------------------------ cancel
    def cancel(self, run_id: int) -> None:
        running = run_id in self.controller.executing
        text = self.tr("Cancel bill run {id}?").format(id=run_id)
        details = (self.tr("It stops after the batch being billed and is left 'cancelled'. "
                           "Its draft bills are never issued; the accounts can be billed "
                           "in a new run.") if running else
                   self.tr("The run is left 'cancelled': it cannot be started, resumed or "
                           "finalized any more, and its draft bills are never issued."))
        if confirm(self.widget, self.tr("Cancel run"), text, details,
                   yes=self.tr("Cancel the run")):
            self.controller.cancel(run_id)

    # ------------------------------------------------------------------ finalize
    def finalize(self, run_id: int) -> None:
        workers.submit(jobs.finalize_preview, self.url, run_id, owner=self,
                       name="finalize-preview", on_success=self._ask_finalize,
                       on_failure=lambda m, e: show_error(self.widget, m, e))

    def finalize_question(self, p) -> tuple[str, str, str]:
        """(question, details, the Yes button's text)."""
        text, details = self._finalize_texts(p)
        return text, details, self.tr("Issue {n} bills").format(n=fmt_int(p.count))

    def _finalize_texts(self, p) -> tuple[str, str]:
        totals = ", ".join(fmt_money(v, cur) for cur, v in sorted(p.totals.items())) or "–"
        names = {"invoice": self.tr("invoices"), "credit_note": self.tr("credit notes"),
                 "self_billing": self.tr("self-billing credit notes")}
        numbers = {"invoice": self.tr("Invoice numbers {first} to {last}"),
                   "credit_note": self.tr("Credit note numbers {first} to {last}"),
                   "self_billing": self.tr("Self-billing credit note numbers {first} to "
                                           "{last}")}
        kinds = " + ".join(f"{fmt_int(n)} {names.get(k, tr_status(k))}"
                           for k, n in sorted(p.bills.items()))
        text = self.tr("Issue {n} bills of run {id} ({kinds}), total {total}?").format(
            n=fmt_int(p.count), id=p.run_id, kinds=kinds or "0", total=totals)
        lines = []
        for kind, (a, b) in sorted(p.numbers.items()):
            line = numbers.get(kind) or self.tr("{kind} numbers {first} to {last}").replace(
                "{kind}", tr_status(kind).capitalize())
            lines.append(line.format(first=a, last=b))
        if p.failed or p.pending:
            lines.append(self.tr("{n} failed account(s) are left out (no bill; rerun them "
                                 "later).").format(n=fmt_int(p.failed + p.pending)))
        if p.skipped:
            lines.append(self.tr("{n} account(s) were skipped.").format(n=fmt_int(p.skipped)))
        if p.originals:
            lines.append(self.tr("{n} issued original(s) become 'cancelled' by their credit "
                                 "notes.").format(n=fmt_int(p.originals)))
        lines.append(self.tr("Issued bills get their numbers now and can never be changed or "
                             "deleted; a mistake needs a credit note."))
        return text, "\n".join(lines)

    def _ask_finalize(self, p) -> None:
        if not p.finalizable:
            show_error(self.widget, self.tr("Run {id} is {status}: only completed runs can be "
                                            "finalized.").format(id=p.run_id,
                                                                 status=tr_status(p.status)))
            return
        text, details, yes = self.finalize_question(p)
        if confirm(self.widget, self.tr("Finalize run"), text, details, yes=yes):
            self.controller.finalize(p.run_id)

    def _finalized(self, run_id, result) -> None:
        if self.bus is not None:
            self.bus.publish("bills", run_id)
            self.bus.publish("runs", run_id)

    # ------------------------------------------------------------------ rerun
    def rerun(self, run_id: int, info=None) -> None:
        if info is None:
            workers.submit(jobs.load_run, self.url, run_id, attempts=False, owner=self,
                           on_success=lambda r: self.rerun(run_id, r[0]),
                           on_failure=lambda m, e: show_error(self.widget, m, e))
            return
        d = self.rerun_dialog(info, self.widget)
        if d.exec() == QDialog.DialogCode.Accepted:
            self.controller.rerun_failed(run_id, **d.options())

    # ------------------------------------------------------------------ report
    def report(self, run_id: int, path: str | None = None) -> None:
        if path is None:
            folder = app_settings().value("report/folder", str(Path.home()))
            path, chosen = QFileDialog.getSaveFileName(
                self.widget, self.tr("Run report"),
                str(Path(folder) / f"run-{run_id}-report.pdf"),
                self.tr("PDF (*.pdf)") + ";;" + self.tr("CSV (*.csv)"))
            if not path:
                return
            if Path(path).suffix.lower() not in (".pdf", ".csv"):
                path += ".csv" if "csv" in chosen.lower() else ".pdf"
            app_settings().setValue("report/folder", str(Path(path).parent))
        workers.submit(jobs.run_report, self.url, run_id, path, owner=self, name="report",
                       long=True, on_success=self.report_written.emit,
                       on_failure=lambda m, e: show_error(self.widget, m, e))
