"""The main window: navigation on the left, one page per area, the database in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QLabel, QListWidget, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)

from billdesk.gui import audit_package, engines, jobs, workers
from billdesk.gui.audit_log import AuditLogPage
from billdesk.gui.common import save_tables, show_error
from billdesk.gui.dialogs import KINDS, ImportDialog, ImportPanel, SettingsDialog
from billdesk.gui.accounts_page import AccountsPage
from billdesk.gui.bills_page import BillDialog, BillsPage
from billdesk.gui.communities_page import CommunitiesPage
from billdesk.gui.tariffs_page import TariffsPage
from billdesk.gui.run_detail import RunDetailPage
from billdesk.gui.runs_page import RunController, RunsPage
from billdesk.store import db as dbmod


class ImportPage(QWidget):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("<b>Import</b>: accounts, tariffs, index prices, energy "
                               "communities, or meter data: files or whole folders as "
                               "operators deliver them (SDAT-CH, EDA, MSCONS, portal exports, "
                               "billdesk CSV). Drop files or folders here."))
        title.setWordWrap(True)
        lay.addWidget(title)
        self.panel = ImportPanel(url)
        lay.addWidget(self.panel, 1)


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.setObjectName("mainWindow")
        self.setWindowTitle("billdesk")
        self.resize(1280, 800)
        from billdesk.gui.live import LiveRuns
        from billdesk.gui.permissions import Permissions

        self.permissions = Permissions(url, self)     # what the database user may do
        self.controller = RunController(url, self, permissions=self.permissions)
        self.controller.failed.connect(lambda m, e: show_error(self, m, e))
        self.controller.run_finished.connect(self._run_finished)
        self.controller.run_created.connect(self._run_created)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(210)
        self.stack = QStackedWidget()
        self.runs_page = RunsPage(url, self.controller)
        self.accounts_page = AccountsPage(url)
        self.communities_page = CommunitiesPage(url)
        self.bills_page = BillsPage(url)
        self.tariffs_page = TariffsPage(url)
        self.import_page = ImportPage(url)
        self.audit_log_page = AuditLogPage(url)
        self.run_detail = RunDetailPage(url, self.controller)
        self.pages = [(self.tr("Bill Runs"), self.runs_page),
                      (self.tr("Accounts"), self.accounts_page),
                      (self.tr("Communities"), self.communities_page),
                      (self.tr("Bills"), self.bills_page),
                      (self.tr("Tariffs & Prices"), self.tariffs_page),
                      (self.tr("Import"), self.import_page),
                      (self.tr("Audit Log"), self.audit_log_page)]
        for name, page in self.pages:
            self.nav.addItem(name)
            self.stack.addWidget(page)
        self.stack.addWidget(self.run_detail)   # reached from Bill Runs, not the navigation
        self.nav.currentRowChanged.connect(self.show_page)
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1100])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.db_label = QLabel(dbmod.describe(engines.engine_for(url)))
        self.db_label.setObjectName("databaseLabel")
        self.statusBar().addPermanentWidget(self.db_label)
        self.activity = QLabel()
        self.statusBar().addWidget(self.activity)

        # live updates from other workstations and workers (PostgreSQL LISTEN/NOTIFY)
        self.live = LiveRuns(url, self)
        self.runs_page.live = self.run_detail.live = self.live
        self.live.run_changed.connect(self.runs_page.on_live)
        self.live.run_changed.connect(self.run_detail.on_live)
        self.live.reconnected.connect(self.refresh)
        self.permissions.changed.connect(self._gate_actions)

        self.runs_page.open_requested.connect(self.open_run)
        self.runs_page.new_requested.connect(self.new_run)
        self.runs_page.export_requested.connect(self._export_run)
        self.run_detail.back_requested.connect(lambda: self.show_page(0))
        self.run_detail.bill_requested.connect(self.open_bill)
        self.accounts_page.bill_requested.connect(self.open_bill)
        self.bills_page.bill_requested.connect(self.open_bill)
        self.import_page.panel.imported.connect(lambda _o: self.refresh())

        self._build_menus()
        audit_package.install(self)        # File ▸ Open Audit Package, Audit menu, read-only
        self._restore()
        self.loading = None
        self._closing = False
        self.wizard = None
        self.nav.setCurrentRow(0)
        self.refresh()

    # ------------------------------------------------------------------ structure
    def _build_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu(self.tr("&File"))
        self.new_run_action = QAction(self.tr("&New Bill Run…"), self,
                                      shortcut=QKeySequence.StandardKey.New)
        self.new_run_action.triggered.connect(self.new_run)
        f.addAction(self.new_run_action)
        imp = self.import_menu = f.addMenu(self.tr("&Import"))
        imp.setToolTipsVisible(True)
        self.import_actions = []
        names = {"accounts": self.tr("&Accounts…"), "readings": self.tr("&Readings…"),
                 "tariffs": self.tr("&Tariffs…"), "prices": self.tr("&Prices…"),
                 "communities": self.tr("&Communities…")}
        for kind in KINDS:
            a = QAction(names[kind], self)
            a.triggered.connect(lambda _=False, k=kind: self.import_dialog(k))
            imp.addAction(a)
            self.import_actions.append(a)
        f.addSeparator()
        settings = QAction(self.tr("&Settings…"), self,
                           shortcut=QKeySequence.StandardKey.Preferences)
        if settings.shortcut().isEmpty():
            settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        f.addAction(settings)
        self.settings_action = settings
        f.addSeparator()
        quit_ = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        f.addAction(quit_)

        v = mb.addMenu(self.tr("&View"))
        refresh = QAction(self.tr("&Refresh"), self, shortcut=QKeySequence.StandardKey.Refresh)
        if refresh.shortcut().isEmpty():
            refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.refresh)
        v.addAction(refresh)
        v.addSeparator()
        for i, (name, _page) in enumerate(self.pages):
            act = QAction(name, self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: self.nav.setCurrentRow(i))
            v.addAction(act)

        r = mb.addMenu(self.tr("&Run"))
        r.setToolTipsVisible(True)
        f.setToolTipsVisible(True)
        self.run_actions = {}
        for key, text, sc in (("start", self.tr("&Start or resume"), "Ctrl+R"),
                              ("cancel", self.tr("&Cancel"), "Ctrl+Shift+X"),
                              ("rerun", self.tr("Rerun &failed"), ""),
                              ("finalize", self.tr("&Finalize"), ""),
                              ("export", self.tr("&Export PDFs…"), "Ctrl+E")):
            a = QAction(text, self)
            if sc:
                a.setShortcut(QKeySequence(sc))
            a.triggered.connect(lambda _=False, k=key: self._run_action(k))
            r.addAction(a)
            self.run_actions[key] = a
        h = mb.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About billdesk"), self)
        about.triggered.connect(self._about)
        h.addAction(about)

    def _gate_actions(self) -> None:
        """Disable what the connected database user may not do (reason on hover)."""
        p = self.permissions
        p.gate(self.new_run_action, "new")
        for a in self.import_actions:
            p.gate(a, "import")
        p.gate(self.import_page.panel.go, "import")
        for key, a in self.run_actions.items():
            p.gate(a, key)
        me = p.identity
        if me is not None and me.backend == "postgresql":
            self.db_label.setText(f"{dbmod.describe(engines.engine_for(self.url))} · "
                                  + self.tr("role: {r}").format(r=me.level or self.tr("none")))

    def show_page(self, row: int) -> None:
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
            return
        page = self.pages[row][1]
        self.stack.setCurrentWidget(page)
        if page is self.communities_page and not page.loaded:
            page.refresh()
        elif page is self.bills_page:
            page.refresh()
        elif page is self.tariffs_page and page.model.rowCount() == 0:
            page.refresh()

    def current_run_id(self) -> int | None:
        if self.stack.currentWidget() is self.run_detail:
            return self.run_detail.run_id
        r = self.runs_page.selected_run()
        return r.id if r else None

    def _run_action(self, key: str) -> None:
        rid = self.current_run_id()
        if rid is None:
            self.statusBar().showMessage(self.tr("Select a bill run first."), 4000)
            return
        if key == "export":
            self._export_run(rid)
        elif key == "start":
            self.runs_page.do("start", rid)
        else:
            self.runs_page.do(key, rid)

    def _about(self):
        from billdesk.gui.about import AboutDialog

        self.about_dialog = AboutDialog(self.db_label.text(), self)
        self.about_dialog.show()

    # ------------------------------------------------------------------ navigation targets
    def open_run(self, run_id: int) -> None:
        self.run_detail.show_run(run_id)
        self.stack.setCurrentWidget(self.run_detail)

    def _export_run(self, run_id: int) -> None:
        self.open_run(run_id)
        self.run_detail.choose_export()

    def open_bill(self, bill_id: int) -> BillDialog:
        d = BillDialog(self.url, bill_id, self)
        d.show()
        return d

    def new_run(self):
        from billdesk.gui.wizard import NewRunWizard

        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        self.wizard = NewRunWizard(self.url, self)
        self.wizard.run_created.connect(self._wizard_created)
        self.wizard.finished.connect(self._wizard_closed)
        self.wizard.show()
        return self.wizard

    def _wizard_closed(self, _result):
        self.wizard.deleteLater()
        self.wizard = None

    def _wizard_created(self, info, start: bool):
        self.runs_page.refresh()
        self.open_run(info.id)
        if start:
            self.controller.start(info.id)

    def _run_created(self, info):
        self.statusBar().showMessage(self.tr("Run {id} created").format(id=info.id), 5000)
        self.open_run(info.id)

    def _run_finished(self, run_id, info):
        if info is not None:
            self.statusBar().showMessage(self.tr("Run {id} ended: {s}").format(
                id=run_id, s=info.status), 8000)
        if self._closing and not self.controller.executing:
            QTimer.singleShot(0, self.close)

    def import_dialog(self, kind: str) -> ImportDialog:
        d = ImportDialog(self.url, kind, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.panel.imported.connect(lambda _o: self.refresh())
        d.show()
        d.panel.browse()
        return d

    def open_settings(self) -> SettingsDialog:
        d = SettingsDialog(self.url, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.saved.connect(lambda restart: restart and QMessageBox.information(
            self, self.tr("Settings"),
            self.tr("The new database or language is used from the next start.")))
        d.open()
        return d

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self.runs_page.refresh()
        if self.loading is None:
            self.activity.setText(self.tr("Loading…"))
            self.loading = workers.submit(jobs.load_overview, self.url,
                                          on_success=self._loaded,
                                          on_failure=lambda m, e: show_error(self, m, e),
                                          on_finished=self._done)
        page = self.stack.currentWidget()
        if page is self.communities_page:
            page.refresh()
        elif page is self.bills_page:
            page.refresh()
        elif page is self.tariffs_page:
            page.refresh()
        elif page is self.run_detail:
            page.reload()

    def _loaded(self, result) -> None:
        import gc

        ov, rows = result
        self.overview = ov
        self.accounts_page.set_rows(rows)
        self.activity.setText(self.tr("{a} accounts · {r} runs · {b} bills").format(
            a=f"{ov.accounts:,}", r=f"{ov.runs:,}", b=f"{ov.bills:,}"))
        gc.collect()
        gc.freeze()   # long-lived objects out of the collector's way: shorter GC pauses

    def _done(self) -> None:
        self.loading = None

    # ------------------------------------------------------------------ layout and closing
    def _restore(self) -> None:
        s = QSettings()
        if geo := s.value("main/geometry"):
            self.restoreGeometry(geo)
        if state := s.value("main/state"):
            self.restoreState(state)
        if split := s.value("main/splitter"):
            self.splitter.restoreState(split)

    def closeEvent(self, event) -> None:
        if self.controller.executing and not self._closing:
            n = len(self.controller.executing)
            answer = QMessageBox.question(
                self, self.tr("A bill run is running"),
                self.tr("{n} bill run(s) are running in this window. Cancel them and quit? "
                        "Each stops after its current batch and is left 'cancelled'.").format(
                    n=n),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self._closing = True
            self.controller.cancel_all()
            self.statusBar().showMessage(self.tr("Cancelling the run(s)…"))
            self.setEnabled(False)
            event.ignore()          # closed again from _run_finished, never waiting here
            return
        if self.controller.executing:
            event.ignore()
            return
        s = QSettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/splitter", self.splitter.saveState())
        save_tables()
        for t in (self.runs_page.timer, self.run_detail.timer):
            t.stop()
        self.live.stop()
        self.run_detail.cancel_export()
        workers.cancel_all()
        QThreadPool.globalInstance().waitForDone(10000)   # only short reads are left
        self.closed.emit()
        super().closeEvent(event)
