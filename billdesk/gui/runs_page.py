"""The Bill Runs list and the controller that executes runs on workers."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton,
                               QVBoxLayout, QWidget)

from billdesk.gui import jobs, workers
from billdesk.gui.common import (debounce, fit_columns_once, make_table, show_error,
                                 widen_for_texts)
from billdesk.gui.formats import fmt_int, fmt_period, tr_status
from billdesk.gui.models import ROW_ROLE, RunsModel, SortProxy

FINISHED = ("completed", "completed_with_errors", "failed", "cancelled", "finalized")


class RunController(QObject):
    """Starts, cancels, reruns and finalizes runs off the GUI thread.

    A run executes in a child process supervised by a long job (a thread of its own, never
    one of the short-read pool); its progress is read from the database by the views that
    show it (one progress path). ``executing`` holds this window's supervisors.
    """

    run_started = Signal(int)
    run_finished = Signal(int, object)              # run id, RunInfo or None
    run_changed = Signal(int)                       # anything about the run changed
    run_created = Signal(object)                    # RunInfo
    finalized = Signal(int, object)                 # run id, FinalizeResult
    failed = Signal(str, bool)

    def __init__(self, url: str, parent=None, permissions=None):
        super().__init__(parent)
        self.url = url
        self.executing: dict[int, workers.Job] = {}
        # False on an audit package (billdesk.gui.audit_package): no action that writes
        self.writable = True
        # what the database user may do (it installs its rule in gui.policy)
        from billdesk.gui.permissions import Permissions

        self.permissions = permissions or Permissions(parent=self)
        self.shared = url.startswith("postgresql")   # workers elsewhere can bill its runs

    def start(self, run_id: int) -> workers.Job | None:
        if not self.writable:
            return None
        if run_id in self.executing:
            return self.executing[run_id]
        job = workers.submit(jobs.start_run_in_process, self.url, run_id, long=True,
                             name=f"run-{run_id}", owner=self,
                             on_success=lambda info, rid=run_id: self._done(rid, info),
                             on_failure=lambda msg, exp, rid=run_id: self._failed(rid, msg,
                                                                                  exp))
        self.executing[run_id] = job
        self.run_started.emit(run_id)
        self.run_changed.emit(run_id)
        return job

    def _done(self, run_id, info):
        self.executing.pop(run_id, None)
        self.run_finished.emit(run_id, info)
        self.run_changed.emit(run_id)

    def _failed(self, run_id, message, expected):
        self.executing.pop(run_id, None)
        self.failed.emit(message, expected)
        self.run_finished.emit(run_id, None)
        self.run_changed.emit(run_id)

    def queue(self, run_id: int) -> None:
        """Start the run for 'billdesk worker' processes (other machines); it is followed
        like a run started elsewhere."""
        self._service(jobs.queue_run, run_id)

    def cancel(self, run_id: int) -> None:
        """Our own supervisor: cooperative cancel (stops after the batch, run -> cancelled).
        Another process: ask it through the database (cancel_requested)."""
        job = self.executing.get(run_id)
        if job is not None:
            job.cancel()
            return
        self._service(jobs.cancel_run, run_id)

    def cancel_all(self) -> None:
        for job in list(self.executing.values()):
            job.cancel()

    def rerun_failed(self, run_id: int, start: bool = False, **options) -> None:
        def created(info):
            self.run_created.emit(info)
            if start:
                self.start(info.id)
        self._service(jobs.rerun_failed, run_id, created, **options)

    def finalize(self, run_id: int) -> None:
        self._service(jobs.finalize_run, run_id,
                      lambda result, rid=run_id: self.finalized.emit(rid, result))

    def _service(self, fn, run_id, then=None, **options):
        if not self.writable:
            return
        def ok(result, rid=run_id):
            self.run_changed.emit(rid)
            if then:
                then(result)
        workers.submit(fn, self.url, run_id, owner=self, on_success=ok,
                       on_failure=lambda m, e: self.failed.emit(m, e), **options)


def actions_for(status: str, failed: int, shared: bool = False, writable: bool = True
                ) -> list[str]:
    """Which actions fit a run in ``status`` (``report``: a summary of any run that ran;
    ``shared``: a PostgreSQL database, where a run can also be queued for 'billdesk worker'
    processes; not ``writable``: an audit package, only the actions that read)."""
    if not writable:
        from billdesk.gui.run_actions import READ_ONLY_ACTIONS

        return [a for a in actions_for(status, failed, shared) if a in READ_ONLY_ACTIONS]
    acts = ["open"]
    if status == "draft":
        acts += ["start"] + (["queue"] if shared else []) + ["cancel"]
    elif status == "interrupted":
        acts += ["resume"] + (["queue"] if shared else []) + ["cancel"]
    elif status == "running":
        acts += ["cancel"]
    elif status in ("completed", "completed_with_errors"):
        acts += ["finalize", "cancel"]
    if status in FINISHED and (failed or status == "failed"):
        acts += ["rerun"]
    if status == "finalized":
        acts += ["export"]
    if status in FINISHED or status == "interrupted":
        acts += ["report"]
    return acts


class RunsPage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    export_requested = Signal(int)

    def __init__(self, url: str, controller: RunController, actions=None, bus=None,
                 parent=None):
        super().__init__(parent)
        self.url = url
        self.controller = controller
        self.actions = actions
        self.loaded = False
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New Bill Run…"))
        self.new_button.clicked.connect(self.new_requested)
        from billdesk.gui.policy import policy

        policy().bind(self.new_button, "run.create")
        bar.addWidget(self.new_button)
        self.search = QLineEdit(placeholderText=self.tr("Search name, target or creator"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(self.tr("Status:")))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All"), None)
        for s in ("draft", "running", "completed", "completed_with_errors", "failed",
                  "cancelled", "interrupted", "finalized"):
            self.status_filter.addItem(tr_status(s), s)
        bar.addWidget(self.status_filter)
        bar.addWidget(QLabel(self.tr("Period:")))
        self.period_filter = QComboBox()
        self.period_filter.addItem(self.tr("All"), None)
        bar.addWidget(self.period_filter)
        bar.addWidget(QLabel(self.tr("Target:")))
        self.target_filter = QComboBox()
        self.target_filter.addItem(self.tr("All"), None)
        for kind, text in (("all", self.tr("all valid accounts")), ("accounts", self.tr("accounts")),
                           ("group", self.tr("group")), ("community", self.tr("community"))):
            self.target_filter.addItem(text, kind)
        bar.addWidget(self.target_filter)
        lay.addLayout(bar)

        self.model = RunsModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("runsTable", self.proxy)
        if not self.table.restored:
            self.table.sortByColumn(RunsModel.Col.ID, Qt.SortOrder.DescendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setSortingEnabled(True)
        # a name too long even so keeps its end ("… (rerun failed)"); the tooltip has it whole
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._open_index)
        lay.addWidget(self.table)
        self.summary = QLabel()
        lay.addWidget(self.summary)

        self.search_timer = debounce(self.search.textChanged, self.proxy.setFilterFixedString,
                                     200, self)
        self.status_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_exact(RunsModel.Col.STATUS, self.status_filter.currentData()))
        self.period_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_exact(RunsModel.Col.PERIOD, self.period_filter.currentData()))
        self.target_filter.currentIndexChanged.connect(self._target_filter)
        self.proxy.rowsInserted.connect(self._summary)
        self.proxy.modelReset.connect(self._summary)
        self.proxy.layoutChanged.connect(self._summary)

        self.loading = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        controller.run_changed.connect(lambda _id: self.refresh())
        controller.run_created.connect(lambda _i: self.refresh())
        if bus is not None:
            bus.changed.connect(lambda topic, _i: topic == "runs" and self.refresh())
        controller.run_started.connect(self._local_progress)
        self.live = None               # a gui.live.LiveRuns once the window connects it
        self._refresh_again = False
        self._live_refresh = None

    def _tick(self):
        if self.isVisible():      # the run detail polls on its own while it is shown
            self.refresh()

    def showEvent(self, e):
        super().showEvent(e)
        self.refresh()

    def _target_filter(self):
        kind = self.target_filter.currentData()
        self.proxy.set_predicate(None if kind is None else
                                 (lambda r, k=kind: r.target.partition(":")[0] == k))

    def _summary(self, *args):
        if self.model.rowCount() == 0 and getattr(self, "_have_loaded", False):
            self.summary.setText(self.tr("No bill runs yet: start one with New Bill Run… "
                                         "(Ctrl+N). Check Data Quality is its fourth step."))
            return
        self.summary.setText(self.tr("{shown} of {total} runs").format(
            shown=fmt_int(self.proxy.rowCount()), total=fmt_int(self.model.rowCount())))

    def refresh(self) -> None:
        if self.loading is not None:
            self._refresh_again = True      # a change arrived meanwhile: read once more
            return
        self._refresh_again = False
        self.loading = workers.submit(jobs.load_runs, self.url, owner=self, name="runs",
                                      on_success=self._loaded, on_failure=self._failed,
                                      on_finished=self._done)

    def on_live(self, run_id: int, status: str) -> None:
        """A run changed on another workstation or worker (PostgreSQL notification; every
        batch of every worker: re-read at most every LIVE_MIN_INTERVAL_MS)."""
        if self.isVisible():
            if self._live_refresh is None:
                from billdesk.gui.live import Throttle

                self._live_refresh = Throttle(self._refresh_if_shown, parent=self)
            self._live_refresh()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def _done(self):
        self.loading = None
        if self._refresh_again:
            self.refresh()

    def _failed(self, message, expected):
        self.timer.stop()
        show_error(self, message, expected)

    def _loaded(self, runs) -> None:
        self._have_loaded = True
        self.loaded = True
        selected = self.selected_run()
        self.model.set_rows(runs)
        periods = sorted({fmt_period(r.period_start, r.period_end) for r in runs},
                         reverse=True)
        current = self.period_filter.currentData()
        self.period_filter.blockSignals(True)
        self.period_filter.clear()
        self.period_filter.addItem(self.tr("All"), None)
        for p in periods:
            self.period_filter.addItem(p, p)
        i = self.period_filter.findData(current)
        self.period_filter.setCurrentIndex(max(i, 0))
        self.period_filter.blockSignals(False)
        fit_columns_once(self.table)
        widen_for_texts(self.table, RunsModel.Col.NAME)     # a rerun's name, added later
        if selected is not None:
            self.select_run(selected.id)
        # poll every second while something runs (here or in another client / the CLI),
        # every 5 s otherwise, to notice runs created or started elsewhere; with live
        # notifications (PostgreSQL) polling is only the fallback
        running = any(r.status == "running" for r in runs)
        if self.live is not None and self.live.active:
            self.timer.setInterval(15000)
        else:
            self.timer.setInterval(1000 if running else 5000)
        if not self.timer.isActive():
            self.timer.start()
        self._summary()

    def _local_progress(self, run_id):
        if not self.timer.isActive():
            self.timer.start()

    def selected_run(self):
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return idx.data(ROW_ROLE)

    def select_run(self, run_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            idx = self.proxy.index(row, 0)
            if idx.data(ROW_ROLE).id == run_id:
                self.table.setCurrentIndex(idx)
                return

    def _open_index(self, idx):
        r = idx.data(ROW_ROLE)
        if r is not None:
            self.open_requested.emit(r.id)

    def menu_for(self, run) -> QMenu:
        menu = QMenu(self)
        texts = {"open": self.tr("Open"), "start": self.tr("Start"),
                 "resume": self.tr("Resume"), "queue": self.tr("Queue for workers"),
                 "cancel": self.tr("Cancel run…"),
                 "finalize": self.tr("Finalize (issue bills)…"),
                 "rerun": self.tr("Rerun failed accounts…"), "export": self.tr("Export PDFs…"),
                 "report": self.tr("Report (PDF/CSV)…")}
        from billdesk.gui.policy import policy
        from billdesk.gui.run_actions import KEYS

        for key in actions_for(run.status, run.counts.failed, self.controller.shared,
                               self.controller.writable):
            act = QAction(texts[key], menu)
            act.setData(key)
            why = policy().refused(KEYS[key]) if KEYS.get(key) else None
            if why:
                act.setEnabled(False)
                act.setToolTip(why)
            act.triggered.connect(lambda _=False, k=key, r=run: self.do(k, r.id, r))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.table.export_action)
        menu.setToolTipsVisible(True)
        return menu

    def _context_menu(self, pos):
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        run = idx.data(ROW_ROLE)
        self.menu_for(run).popup(self.table.viewport().mapToGlobal(pos))

    def do(self, key: str, run_id: int, info=None) -> None:
        if key == "open":
            self.open_requested.emit(run_id)
            return
        if key == "export":
            self.export_requested.emit(run_id)
            return
        self.actions.do(key, run_id, info)
        if key in ("start", "resume", "queue"):
            self.open_requested.emit(run_id)
