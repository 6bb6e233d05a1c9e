"""The Bill Runs list and the controller that executes runs on workers."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton,
                               QVBoxLayout, QWidget)

from billdesk.domain.run import RunStatus
from billdesk.gui import jobs, workers
from billdesk.gui.common import fit_columns_once, make_table, show_error
from billdesk.gui.formats import fmt_period, tr_status
from billdesk.gui.models import RunsModel
from billdesk.gui.row_model import ROW_ROLE, SortProxy

FINISHED = (RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_ERRORS, RunStatus.FAILED,
            RunStatus.CANCELLED, RunStatus.FINALIZED)


class RunController(QObject):
    """Starts, cancels, reruns and finalizes runs on workers; one worker per running run."""

    run_started = Signal(int)
    run_progressed = Signal(int, int, int, str)     # run id, done, total, message
    run_finished = Signal(int, object)              # run id, RunInfo or None
    run_changed = Signal(int)                       # anything about the run changed
    run_created = Signal(object)                    # RunInfo
    failed = Signal(str, bool)

    def __init__(self, url: str, parent=None, permissions=None):
        super().__init__(parent)
        self.url = url
        self.executing: dict[int, workers.Worker] = {}
        self.progress: dict[int, tuple[int, int, str, float]] = {}
        # False on an audit package (billdesk.gui.audit_package): no action that writes
        self.writable = True
        # what the database user may do (the pages gate their actions with it)
        from billdesk.gui.permissions import Permissions

        self.permissions = permissions or Permissions(parent=self)
        self.shared = url.startswith("postgresql")   # workers elsewhere can bill its runs

    def start(self, run_id: int) -> workers.Worker | None:
        if not self.writable:
            return None
        if run_id in self.executing:
            return self.executing[run_id]
        w = workers.Worker(jobs.start_run_in_process, self.url, run_id)
        w.signals.progressed.connect(
            lambda d, t, m, rid=run_id: self._progressed(rid, d, t, m))
        w.signals.succeeded.connect(lambda info, rid=run_id: self._done(rid, info))
        w.signals.failed.connect(lambda msg, exp, rid=run_id: self._failed(rid, msg, exp))
        self.executing[run_id] = w
        workers.start(w)
        self.run_started.emit(run_id)
        self.run_changed.emit(run_id)
        return w

    def _progressed(self, run_id, done, total, message):
        self.progress[run_id] = (done, total, message, time.monotonic())
        self.run_progressed.emit(run_id, done, total, message)

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
        """Our own worker: cooperative cancel (stops after the batch, run -> cancelled).
        Another process: ask it through the database (cancel_requested)."""
        w = self.executing.get(run_id)
        if w is not None:
            w.cancel()
            return
        self._service(jobs.cancel_run, run_id)

    def cancel_all(self) -> None:
        for w in list(self.executing.values()):
            w.cancel()

    def rerun_failed(self, run_id: int, start: bool = False) -> None:
        def created(info):
            self.run_created.emit(info)
            if start:
                self.start(info.id)
        self._service(jobs.rerun_failed, run_id, created)

    def finalize(self, run_id: int) -> None:
        self._service(jobs.finalize_run, run_id)

    def _service(self, fn, run_id, then=None):
        if not self.writable:
            return
        w = workers.Worker(fn, self.url, run_id)
        w.signals.failed.connect(self.failed)
        w.signals.succeeded.connect(lambda _r, rid=run_id: self.run_changed.emit(rid))
        if then:
            w.signals.succeeded.connect(then)
        workers.start(w)


READ_ONLY_ACTIONS = ("open", "export")


def actions_for(status: str, failed: int, shared: bool = False, writable: bool = True
                ) -> list[str]:
    """Which actions fit a run in ``status`` (``shared``: a PostgreSQL database, where a run
    can also be queued for 'billdesk worker' processes; not ``writable``: an audit package,
    only the actions that read)."""
    if not writable:
        return [a for a in actions_for(status, failed, shared) if a in READ_ONLY_ACTIONS]
    acts = ["open"]
    if status == RunStatus.DRAFT:
        acts += ["start"] + (["queue"] if shared else []) + ["cancel"]
    elif status == RunStatus.INTERRUPTED:
        acts += ["resume"] + (["queue"] if shared else []) + ["cancel"]
    elif status == RunStatus.RUNNING:
        acts += ["cancel"]
    elif status in (RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_ERRORS):
        acts += ["finalize", "cancel"]
    if status in FINISHED and (failed or status == RunStatus.FAILED):
        acts += ["rerun"]
    if status == RunStatus.FINALIZED:
        acts += ["export"]
    return acts


class RunsPage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    export_requested = Signal(int)

    def __init__(self, url: str, controller: RunController, parent=None):
        super().__init__(parent)
        self.url = url
        self.controller = controller
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New Bill Run…"))
        self.new_button.clicked.connect(self.new_requested)
        bar.addWidget(self.new_button)
        self.search = QLineEdit(placeholderText=self.tr("Search name, target or creator"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(self.tr("Status:")))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All"), None)
        for s in RunStatus:
            self.status_filter.addItem(tr_status(s), s.value)
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
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._open_index)
        lay.addWidget(self.table)
        self.summary = QLabel()
        lay.addWidget(self.summary)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
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
        controller.run_progressed.connect(self._local_progress)
        controller.permissions.changed.connect(
            lambda: controller.permissions.gate(self.new_button, "new"))
        self.live = None               # a gui.live.LiveRuns once the window connects it
        self._refresh_again = False

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
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def refresh(self) -> None:
        if self.loading is not None:
            self._refresh_again = True      # a change arrived meanwhile: read once more
            return
        self._refresh_again = False
        self.loading = workers.submit(jobs.load_runs, self.url, on_success=self._loaded,
                                      on_failure=self._failed, on_finished=self._done)

    def on_live(self, run_id: int, status: str) -> None:
        """A run changed on another workstation or worker (PostgreSQL notification)."""
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
        if selected is not None:
            self.select_run(selected.id)
        # poll every second while something runs (here or in another client / the CLI),
        # every 5 s otherwise, to notice runs created or started elsewhere; with live
        # notifications (PostgreSQL) polling is only the fallback
        running = any(r.status == RunStatus.RUNNING for r in runs)
        if self.live is not None and self.live.active:
            self.timer.setInterval(15000)
        else:
            self.timer.setInterval(1000 if running else 5000)
        if not self.timer.isActive():
            self.timer.start()
        self._summary()

    def _local_progress(self, run_id, done, total, message):
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
                 "cancel": self.tr("Cancel run"),
                 "finalize": self.tr("Finalize (issue bills)"),
                 "rerun": self.tr("Rerun failed accounts"), "export": self.tr("Export PDFs…")}
        menu.setToolTipsVisible(True)        # why an action is disabled
        for key in actions_for(run.status, run.counts.failed, self.controller.shared,
                               self.controller.writable):
            act = QAction(texts[key], menu)
            act.setData(key)
            act.triggered.connect(lambda _=False, k=key, rid=run.id: self.do(k, rid))
            self.controller.permissions.gate(act, key)
            menu.addAction(act)
        return menu

    def _context_menu(self, pos):
        idx = self.table.indexAt(pos)
        if not idx.isValid():
            return
        run = idx.data(ROW_ROLE)
        self.menu_for(run).popup(self.table.viewport().mapToGlobal(pos))

    def do(self, key: str, run_id: int) -> None:
        c = self.controller
        if key == "open":
            self.open_requested.emit(run_id)
        elif key in ("start", "resume"):
            c.start(run_id)
            self.open_requested.emit(run_id)
        elif key == "queue":
            c.queue(run_id)
            self.open_requested.emit(run_id)
        elif key == "cancel":
            c.cancel(run_id)
        elif key == "finalize":
            c.finalize(run_id)
        elif key == "rerun":
            c.rerun_failed(run_id)
        elif key == "export":
            self.export_requested.emit(run_id)
