"""One bill run: configuration, live progress, attempts, error summary, charts and actions.

The database is the one progress path: while the run runs (here, on another workstation or
from the CLI) the page polls its counts every second; when it ends — completed, failed,
cancelled — the attempts table and the charts are read again, whatever size the run has, so
what is shown is what was billed. A PDF export shows its progress and, after a crash or a
restart, that it is incomplete, with *Resume export*.

One job, kept whole (~650 lines): the page of one run — its tabs, live progress and actions
wired together; the models, charts and jobs it shows are modules of their own.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QSizePolicy, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from billdesk.gui import jobs, workers
from billdesk.gui.attempt_messages import tr_error_code
from billdesk.gui.attempts_model import AttemptsModel
from billdesk.gui.charts import ChartSlot, HistogramChart, QualityMixChart, chart_in
from billdesk.gui.common import (confirm, debounce, fit_columns_once, make_table, pdf_folder,
                                 show_error)
from billdesk.gui.formats import (STATUS_COLOURS, fmt_days, fmt_dt_zone, fmt_duration, fmt_int,
                                  fmt_money, fmt_period, quality_text,
                                  tr_run_message, tr_status, tr_target)
from billdesk.gui.policy import enable
from billdesk.gui.run_actions import KEYS
from billdesk.gui.runs_page import RunController, actions_for

ENDED = ("completed", "completed_with_errors", "failed", "cancelled", "finalized")
LIVE_LIMIT = 5000       # attempts tables up to this size follow a running run live


class RunDetailPage(QWidget):
    back_requested = Signal()
    bill_requested = Signal(int)
    quality_chart = chart_in("quality_slot")
    amount_chart = chart_in("amount_slot")
    export_finished = Signal(object)

    def __init__(self, url: str, controller: RunController, actions=None, bus=None,
                 parent=None):
        super().__init__(parent)
        self.url = url
        self.controller = controller
        self.actions = actions
        self.bus = bus
        self.run_id: int | None = None
        self.info = None
        self.samples: list[tuple[float, int]] = []
        self.loading = None
        self.polling = None
        self.exporting = None
        self.export_info = None
        self.attempts_status: str | None = None   # the run's status when attempts were read
        self._last_attempts = 0.0
        self._last_done = -1
        self._reload_pending: bool | None = None

        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Bill Runs"))
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        self.title = QLabel()
        self.title.setObjectName("runTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title, 1)
        self.buttons = {}
        for key, text in (("start", self.tr("Start")), ("resume", self.tr("Resume")),
                          ("queue", self.tr("Queue for workers")),
                          ("cancel", self.tr("Cancel…")), ("rerun", self.tr("Rerun failed…")),
                          ("finalize", self.tr("Finalize…")),
                          ("export", self.tr("Export PDFs…")), ("report", self.tr("Report…"))):
            b = QPushButton(text)
            b.setObjectName(f"run_{key}")
            b.clicked.connect(lambda _=False, k=key: self.do(k))
            top.addWidget(b)
            self.buttons[key] = b
        self.send_button = QPushButton(self.tr("Send by e-mail…"))
        self.send_button.setObjectName("run_send")
        self.send_button.setVisible(False)
        top.addWidget(self.send_button)
        lay.addLayout(top)

        head = QHBoxLayout()
        self.config_box = QGroupBox(self.tr("Configuration"))
        self.config = QFormLayout(self.config_box)
        self.fields = {}
        for key, text in (("period", self.tr("Period")), ("target", self.tr("Target")),
                          ("mode", self.tr("Error handling")),
                          ("billing", self.tr("Billing mode")),
                          ("thresholds", self.tr("Minimum data quality")),
                          ("parent", self.tr("Rerun of")), ("created", self.tr("Created")),
                          ("times", self.tr("Started / finished"))):
            lab = QLabel()
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setWordWrap(True)
            self.fields[key] = lab
            self.config.addRow(text + ":", lab)
        head.addWidget(self.config_box, 2)

        status_box = QGroupBox(self.tr("Status"))
        sl = QVBoxLayout(status_box)
        self.status_label = QLabel()
        self.status_label.setObjectName("runStatus")
        sl.addWidget(self.status_label)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m (%p%)")
        sl.addWidget(self.progress)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("runCounts")
        sl.addWidget(self.counts_label)
        self.rate_label = QLabel()
        sl.addWidget(self.rate_label)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        sl.addWidget(self.message_label)
        # live texts change every second: their width must not relayout the page (and
        # repaint the charts) each time
        for lab in (self.status_label, self.counts_label, self.rate_label):
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            lab.setMinimumHeight(lab.sizeHint().height())
        row = QHBoxLayout()
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("exportProgress")
        self.export_progress.setVisible(False)
        self.export_progress.setFormat(self.tr("PDF export: %v / %m"))
        row.addWidget(self.export_progress, 1)
        self.export_cancel = QPushButton(self.tr("Stop export"))
        self.export_cancel.setVisible(False)
        self.export_cancel.clicked.connect(self.cancel_export)
        row.addWidget(self.export_cancel)
        self.resume_button = QPushButton(self.tr("Resume export"))
        self.resume_button.setObjectName("resumeExport")
        self.resume_button.setVisible(False)
        self.resume_button.clicked.connect(self.resume_export)
        row.addWidget(self.resume_button)
        sl.addLayout(row)
        self.export_label = QLabel()
        self.export_label.setObjectName("exportLabel")
        self.export_label.setWordWrap(True)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.export_label.setOpenExternalLinks(True)
        sl.addWidget(self.export_label)
        sl.addStretch(1)
        head.addWidget(status_box, 2)
        lay.addLayout(head)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        fl = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search account or name"))
        self.search.setObjectName("attemptsSearch")
        self.search.setClearButtonEnabled(True)
        fl.addWidget(self.search, 1)
        fl.addWidget(QLabel(self.tr("Status:")))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All"), None)
        for s in AttemptsModel.STATUS_CODES:
            self.status_filter.addItem(tr_status(s), s)
        fl.addWidget(self.status_filter)
        self.open_bill_button = QPushButton(self.tr("Open bill"))
        self.open_bill_button.clicked.connect(self.open_selected_bill)
        fl.addWidget(self.open_bill_button)
        ll.addLayout(fl)
        self.attempts = AttemptsModel(self)
        self.table = make_table("attemptsTable", self.attempts)
        self.table.doubleClicked.connect(lambda _i: self.open_selected_bill())
        ll.addWidget(self.table)
        self.shown_label = QLabel()
        ll.addWidget(self.shown_label)
        from billdesk.gui.send_panel import DeliveryPanel

        self.delivery = DeliveryPanel(url)
        self.delivery.permissions = controller.permissions
        self.tabs = QTabWidget()
        self.tabs.setObjectName("runTabs")
        self.tabs.addTab(left, self.tr("Attempts"))
        self.tabs.addTab(self.delivery, self.tr("Delivery"))
        from billdesk.gui.workers_model import WorkersModel

        self.workers_model = WorkersModel(self)
        wbox = QWidget()
        wl = QVBoxLayout(wbox)
        self.workers_label = QLabel()
        wl.addWidget(self.workers_label)
        self.workers_table = make_table("runWorkersTable", self.workers_model, sortable=False)
        wl.addWidget(self.workers_table)
        self.tabs.addTab(wbox, self.tr("Workers"))
        self.send_button.clicked.connect(lambda: (self.tabs.setCurrentWidget(self.delivery),
                                                  self.delivery.send_all()))
        split.addWidget(self.tabs)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("Errors by code (click to filter):")))
        self.errors = QListWidget()
        self.errors.setObjectName("errorSummary")
        self.errors.setMaximumHeight(130)
        self.errors.itemClicked.connect(self._error_clicked)
        rl.addWidget(self.errors)
        # the charts are made just after the page, each in its own event-loop turn
        self.quality_slot = ChartSlot(lambda: QualityMixChart(
            title=self.tr("Data quality of the run")))
        rl.addWidget(self.quality_slot, 1)
        self.amount_slot = ChartSlot(lambda: HistogramChart(title=self.tr("Bill amounts")),
                                     delay=40)
        rl.addWidget(self.amount_slot, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self.search_timer = debounce(self.search.textChanged, self._search, 250, self)
        self.status_filter.currentIndexChanged.connect(
            lambda: self._filtered(status=self.status_filter.currentData()))
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.poll)
        controller.run_started.connect(self._local_progress)
        controller.run_changed.connect(self._changed)
        self.delivery.changed.connect(lambda: bus and bus.publish("documents"))
        if bus is not None:
            bus.changed.connect(self._data_changed)
        self.live = None               # a gui.live.LiveRuns once the window connects it
        self._poll_again = False
        self._live_poll = None

    # ------------------------------------------------------------------ loading
    def show_run(self, run_id: int) -> None:
        if run_id != self.run_id:
            self.run_id = run_id
            self.info = None
            self.samples = []
            self._last_done = -1
            self.attempts_status = None
            self.attempts.clear()
            self.errors.clear()
            self._shown_errors = None
            self.title.setText(self.tr("Bill run {id}").format(id=run_id))
            self.export_label.clear()
            self.export_info = None
            self.resume_button.setVisible(False)
            if self.exporting is None:
                self.export_progress.setVisible(False)
        self.reload()
        self.load_export_state()

    def reload(self, attempts: bool = True) -> None:
        if self.run_id is None:
            return
        if self.loading is not None:        # one load at a time; again once it is back
            self._reload_pending = bool(self._reload_pending) or attempts
            return
        self._reload_pending = None
        rid = self.run_id
        self.loading = workers.submit(jobs.load_run, self.url, rid, attempts=attempts,
                                      owner=self, name="run",
                                      on_success=lambda r, rid=rid: self._loaded(rid, r),
                                      on_failure=self._failed, on_finished=self._load_done)

    def _load_done(self):
        self.loading = None
        if self._reload_pending is not None:
            self.reload(self._reload_pending)

    def _failed(self, message, expected):
        show_error(self, message, expected)

    def _loaded(self, run_id, result) -> None:
        if run_id != self.run_id:
            return
        info, table = result
        self.info = info
        self._show_info(info)
        self.delivery.set_run(info.id, info.status)
        self._show_workers(info.workers or ())
        if table is not None:
            self._last_attempts = time.monotonic()
            self.attempts_status = info.status
            self.attempts.set_columns(table)
            fit_columns_once(self.table)
            self._update_charts(table)
            self._shown()
        elif info.status in ENDED and self.attempts_status not in ENDED:
            self.reload(attempts=True)      # it ended: what is shown must be what was billed
        self._update_timer(info.status)

    def _show_info(self, r) -> None:
        self.title.setText(f"<b>{r.name}</b> &nbsp; #{r.id}")
        self.fields["period"].setText(f"{fmt_period(r.period_start, r.period_end)}  "
                                      f"({fmt_days(r.period_start, r.period_end)})")
        self.fields["target"].setText(tr_target(r.target))
        self.fields["mode"].setText(tr_status(r.mode))
        self.fields["billing"].setText(tr_status(r.billing))
        th = r.thresholds or {}
        mm = th.get("max_missing")
        factor = (r.options or {}).get("max_factor")
        self.fields["thresholds"].setText(
            quality_text(th.get("min_quality", "missing"), th.get("min_measured_share", 0), mm)
            + (" · " + self.tr("implausible above {f}×").format(f=factor) if factor else ""))
        self.fields["parent"].setText(f"#{r.parent_id}" if r.parent_id else "–")
        self.fields["created"].setText(f"{fmt_dt_zone(r.created_at)} · {r.created_by}")
        dur = None
        if r.started_at and r.finished_at:
            dur = (r.finished_at - r.started_at).total_seconds()
        self.fields["times"].setText(
            f"{fmt_dt_zone(r.started_at) or '–'} / {fmt_dt_zone(r.finished_at) or '–'}"
            + (f" ({fmt_duration(dur)})" if dur is not None else ""))
        self._show_status(r.status, r.counts.as_dict(), r.errors, r.total_amount, r.message)

    def _show_status(self, status, counts, errors, total_amount, message) -> None:
        colour = STATUS_COLOURS.get(status, "#333")
        self.status_label.setText(f"<span style='color:{colour}; font-size:14pt'><b>"
                                  f"{tr_status(status)}</b></span>")
        total = counts.get("total", 0)
        done = total - counts.get("pending", 0)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        # the locale's numbers (Qt's %v / %m would print 1981 beside 1’867)
        self.progress.setFormat(f"{fmt_int(done)} / {fmt_int(total)} (%p%)")
        currency = getattr(self.attempts.table, "currency", None)
        self.counts_label.setText(
            self.tr("{s} succeeded · {f} failed · {k} skipped · {p} pending · total {a}").format(
                s=fmt_int(counts.get("succeeded", 0)), f=fmt_int(counts.get("failed", 0)),
                k=fmt_int(counts.get("skipped", 0)), p=fmt_int(counts.get("pending", 0)),
                a=fmt_money(total_amount, currency) or "–"))
        self.message_label.setText(tr_run_message(message))
        self._record(done, total, status)
        self._errors(errors)
        acts = actions_for(status, counts.get("failed", 0), self.controller.shared,
                           self.controller.writable)
        for key, b in self.buttons.items():
            b.setVisible(key in acts)
            enable(b, KEYS[key], not (key == "export" and self.exporting is not None))
        self.send_button.setVisible(status == "finalized" and self.controller.writable)
        enable(self.send_button, "run.send")

    def _show_workers(self, rows) -> None:
        if tuple(rows) != tuple(self.workers_model.rows()):   # else keep the selection
            self.workers_model.set_rows(rows)
            fit_columns_once(self.workers_table)
        accounts, rate = self.workers_model.totals()
        working = sum(1 for w in rows if not w.stopped_at)
        self.workers_label.setText(
            self.tr("{n} worker(s), {w} working · {a} accounts · {r} accounts/s together")
            .format(n=fmt_int(len(rows)), w=fmt_int(working), a=fmt_int(accounts),
                    r=fmt_int(round(rate)))
            if rows else self.tr("No worker has billed a batch of this run yet."))

    def _record(self, done, total, status) -> None:
        now = time.monotonic()
        if status != "running":
            self.rate_label.setText("")
            self.samples = []
            return
        if not self.samples or self.samples[-1][1] != done:
            self.samples.append((now, done))
        self.samples = [s for s in self.samples if now - s[0] < 30] or [(now, done)]
        t0, d0 = self.samples[0]
        if now - t0 > 0.5 and done > d0:
            rate = (done - d0) / (now - t0)
            left = (total - done) / rate if rate else None
            self.rate_label.setText(self.tr("{r} accounts/s · about {t} left").format(
                r=fmt_int(round(rate)), t=fmt_duration(left)))
        else:
            self.rate_label.setText(self.tr("measuring throughput…"))

    def _errors(self, errors: dict) -> None:
        if errors == getattr(self, "_shown_errors", None) and self.errors.count():
            return
        self._shown_errors = dict(errors)
        current = self.attempts.error_filter
        self.errors.clear()
        all_item = QListWidgetItem(self.tr("All attempts"))
        all_item.setData(Qt.ItemDataRole.UserRole, None)
        self.errors.addItem(all_item)
        for code, n in sorted(errors.items(), key=lambda kv: -kv[1]):
            label = tr_error_code(code)
            item = QListWidgetItem(f"{label}: {fmt_int(n)}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            if label != code:
                item.setToolTip(code)
            self.errors.addItem(item)
            if code == current:
                item.setSelected(True)

    def _update_charts(self, table) -> None:
        n = len(table)
        q = np.array([table["measured"].sum(), table["substituted"].sum(),
                      table["estimated"].sum(), table["missing"].sum()]) if n else np.zeros(4)
        self.quality_chart.set_counts(q)
        ok = table["status"] == AttemptsModel.STATUS_CODES.index("succeeded") if n else \
            np.zeros(0, dtype=bool)
        self.amount_chart.set_values(table["amount"][ok] if n else np.zeros(0))
        self.amount_chart.getAxis("bottom").setLabel(getattr(table, "currency", "") or "")

    def _shown(self):
        self.shown_label.setText(self.tr("{n} of {t} attempts shown").format(
            n=fmt_int(self.attempts.rowCount()), t=fmt_int(len(self.attempts.cols or []))))

    # ------------------------------------------------------------------ live progress
    def _update_timer(self, status: str) -> None:
        """Poll every second while the run runs; every 3 s while it could be started or
        resumed by another client or the CLI (draft, interrupted); not at all otherwise."""
        interval = {"running": 1000, "draft": 3000, "interrupted": 3000}.get(status)
        if interval and self.live is not None and self.live.active:
            interval = 10000           # notifications tell of changes: polling is a fallback
        if interval and self.isVisible():
            if self.timer.interval() != interval:
                self.timer.setInterval(interval)
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()

    def showEvent(self, e):
        super().showEvent(e)
        if self.info is not None:
            self._update_timer(self.info.status)
            if self.info.status == "running" or self.attempts_status not in ENDED:
                self.reload(attempts=len(self.attempts.cols or []) <= LIVE_LIMIT
                            or self.info.status in ENDED)

    def hideEvent(self, e):
        super().hideEvent(e)
        self.timer.stop()

    def on_live(self, run_id: int, status: str) -> None:
        """A run changed on another workstation or worker (PostgreSQL notification; every
        batch of every worker: read at most every LIVE_MIN_INTERVAL_MS)."""
        if run_id == self.run_id and self.isVisible():
            if self._live_poll is None:
                from billdesk.gui.live import Throttle

                self._live_poll = Throttle(self._poll_if_shown, parent=self)
            self._live_poll()

    def _poll_if_shown(self) -> None:
        if self.isVisible():
            self.poll()

    def poll(self) -> None:
        """While the run runs: cheap counts from the database, whoever executes it."""
        if self.run_id is None:
            return
        if self.polling is not None:
            self._poll_again = True          # a change arrived meanwhile: read once more
            return
        self._poll_again = False
        rid = self.run_id
        self.polling = workers.submit(jobs.poll_runs, self.url, [rid], owner=self, name="poll",
                                      on_success=lambda r, rid=rid: self._polled(rid, r[0]),
                                      on_finished=self._poll_done)

    def _poll_done(self):
        self.polling = None
        if self._poll_again:
            self.poll()

    def _polled(self, run_id, p) -> None:
        if run_id != self.run_id:
            return
        self._show_status(p.status, p.counts, p.errors, p.total_amount, p.message)
        self._show_workers(p.workers)
        done = p.counts["total"] - p.counts["pending"]
        known = self.info.status if self.info is not None else None
        self._update_timer(p.status)
        big = len(self.attempts.cols or []) > LIVE_LIMIT
        if p.status != "running":
            if p.status != known or self.attempts_status != p.status:
                self.reload(attempts=True)      # it ended (or changed elsewhere): everything
        elif known != "running":                # started elsewhere: follow it from now on
            self.reload(attempts=not big)
        elif (done != self._last_done and not big
              and time.monotonic() - self._last_attempts > 3):
            # small runs: the table follows live; large ones are read once they end
            # (reading 100,000 attempts every few seconds would compete with the GUI)
            self._last_done = done
            self.reload()

    def _local_progress(self, run_id):
        if run_id == self.run_id and not self.timer.isActive() and self.isVisible():
            self.timer.start()

    def _changed(self, run_id):
        if run_id == self.run_id:
            big = len(self.attempts.cols or []) > LIVE_LIMIT
            running = run_id in self.controller.executing
            self.reload(attempts=not (big and running))

    def _data_changed(self, topic: str, ident: int) -> None:
        if self.run_id is None or not self.isVisible():
            return
        if topic == "runs" and ident in (0, self.run_id):
            self.reload(attempts=self.info is None or self.info.status != "running")
        elif topic == "documents":
            self.load_export_state()

    # ------------------------------------------------------------------ filters
    def _search(self, text):
        self.attempts.set_search(text)
        self._shown()

    def _filtered(self, status=None):
        self.attempts.set_status_filter(status)
        self._shown()

    def _error_clicked(self, item):
        code = item.data(Qt.ItemDataRole.UserRole)
        self.attempts.set_error_filter(code)
        self._shown()

    # ------------------------------------------------------------------ actions
    def do(self, key: str) -> None:
        if self.run_id is None:
            return
        if key == "export":
            self.choose_export()
            return
        if self.actions is not None:
            self.actions.do(key, self.run_id, self.info)
        if key in ("start", "resume"):
            self.samples = []
            self.timer.start()
        elif key == "queue":
            self.samples = []

    def open_selected_bill(self) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return
        b = self.attempts.bill_at(idx.row())
        if b is not None:
            self.bill_requested.emit(b)

    # ------------------------------------------------------------------ PDF export
    def load_export_state(self) -> None:
        if self.run_id is None:
            return
        rid = self.run_id
        workers.submit(jobs.latest_export, self.url, rid, owner=self, name="export-state",
                       on_success=lambda e, rid=rid: self._export_state(rid, e))

    def _export_state(self, run_id, e) -> None:
        if run_id != self.run_id or self.exporting is not None:
            return
        self.export_info = e
        if e is None:
            self.resume_button.setVisible(False)
            return
        url = QUrl.fromLocalFile(e.out_dir).toString()
        where = f"<a href='{url}'>{e.out_dir}</a>"
        if e.status == "completed":
            self.export_label.setText(self.tr("PDFs: {n} written to {dir}").format(
                n=fmt_int(e.written), dir=where))
        elif e.status == "running":
            self.export_label.setText(self.tr("A PDF export is running ({n} of {t}, in another "
                                              "window or process).").format(
                n=fmt_int(e.written), t=fmt_int(e.total)))
        else:
            why = {"interrupted": self.tr("interrupted"), "cancelled": self.tr("stopped"),
                   "failed": self.tr("with failures")}.get(e.status, e.status)
            self.export_label.setText(
                "<span style='color:#b35c00'><b>" + self.tr("PDF export incomplete") + "</b></span> "
                + self.tr("({why}): {n} of {t} written to {dir}").format(
                    why=why, n=fmt_int(e.written), t=fmt_int(e.total), dir=where))
        self.resume_button.setVisible(e.incomplete)
        enable(self.resume_button, "run.export", e.incomplete)

    def choose_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export PDFs to"), pdf_folder())
        if folder:
            self.export_pdfs(folder)

    def export_pdfs(self, folder: str | None, workers_n: int | None = None,
                    resume: int | None = None) -> None:
        if self.exporting is not None or self.run_id is None:
            return
        from billdesk.gui.policy import policy

        if not policy().check("run.export", self):
            return
        self.export_progress.setVisible(True)
        self.export_progress.setRange(0, 0)
        self.export_cancel.setVisible(True)
        self.resume_button.setVisible(False)
        self.export_label.setText(self.tr("Preparing the invoices…"))
        self.buttons["export"].setEnabled(False)
        self._export_dir = folder or (self.export_info.out_dir if self.export_info else "")
        self.exporting = workers.submit(
            jobs.export_pdfs, self.url, None if resume else self.run_id, folder,
            workers=workers_n, resume=resume, long=True, name="export", owner=self,
            on_success=self._exported, on_failure=self._export_failed,
            on_progress=self._export_progressed, on_finished=self._export_done)

    def resume_export(self) -> None:
        e = self.export_info
        if e is None or not e.incomplete:
            return
        if confirm(self, self.tr("Resume export"),
                   self.tr("Write the {n} PDFs export {id} has not written yet to {dir}?")
                   .format(n=fmt_int(e.total - e.written), id=e.id, dir=e.out_dir)):
            self.export_pdfs(None, resume=e.id)

    def _export_progressed(self, done, total, message):
        self.export_progress.setRange(0, max(total, 1))
        self.export_progress.setValue(done)

    def _exported(self, report):
        n = len(report.written)
        url = QUrl.fromLocalFile(self._export_dir).toString()
        text = self.tr("{n} PDF(s) written to <a href='{url}'>{dir}</a>").format(
            n=fmt_int(n + report.skipped), url=url, dir=self._export_dir)
        if report.failed:
            text += "<br>" + self.tr("{n} failed: {first}").format(
                n=fmt_int(len(report.failed)), first=report.failed[0].error)
        if report.cancelled:
            text += "<br>" + self.tr("export stopped: resume it to write the rest")
        if report.total == 0 and not report.skipped:
            text = self.tr("No issued bill to export: finalize the run first.")
        self.export_label.setText(text)
        self.export_finished.emit(report)
        if self.bus is not None:
            self.bus.publish("documents", self.run_id or 0)

    def _export_failed(self, message, expected):
        self.export_label.setText(message)
        self.export_finished.emit(None)

    def _export_done(self):
        self.exporting = None
        self.export_progress.setVisible(False)
        self.export_cancel.setVisible(False)
        self.buttons["export"].setEnabled(True)
        self.load_export_state()

    def cancel_export(self):
        if self.exporting is not None:
            self.exporting.cancel()
            self.export_cancel.setEnabled(False)
            self.export_label.setText(self.tr("Stopping after the invoices being written…"))
