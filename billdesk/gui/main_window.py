"""The main window: navigation on the left, one page per area, the database in the status bar.

It owns what the pages share: the run controller and the run actions (with their
questions), the data bus (``billdesk.gui.databus``: pages refresh when their data changes,
here or elsewhere) and the policy that enables actions. Closing it while a run, an export or
a send is going on asks first, stops them and closes once they have stopped — the GUI thread
never waits for them.

One job, kept whole (~480 lines): the window shell — navigation, menus, status bar and the
run actions with their questions; the pages are modules of their own (gui/window_pages.py
builds them).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from billdesk.gui import audit_package, engines, formats, jobs, workers
from billdesk.gui.bill_dialog import BillDialog
from billdesk.gui.common import app_settings, confirm, save_tables, show_error
from billdesk.gui.databus import ChangeFeed, DataBus
from billdesk.gui.dialogs import KINDS, ImportDialog, SettingsDialog
from billdesk.gui.formats import fmt_int
from billdesk.gui.policy import policy
from billdesk.gui.run_actions import KEYS, RunActions
from billdesk.gui.runs_page import RunController
from billdesk.gui.window_pages import PAGE_ATTRS, LazyPages
from billdesk.store import db as dbmod

IMPORT_TOPICS = {"accounts": "accounts", "readings": "accounts", "tariffs": "tariffs",
                 "prices": "tariffs", "communities": "communities"}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class MainWindow(LazyPages, QMainWindow):
    closed = Signal()
    reopen_requested = Signal(str)      # a new database or language: replace this window
    usable = Signal(float)              # seconds from creation to runs and counts shown

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.created_at = time.perf_counter()
        self.url = url
        self.setObjectName("mainWindow")
        self.setWindowTitle("billdesk")
        self.resize(1280, 800)
        from billdesk.gui.live import LiveRuns
        from billdesk.gui.permissions import Permissions

        self.bus = DataBus(self)
        self.feed = ChangeFeed(url, self.bus, parent=self)
        self.policy = policy()
        self.policy.set_rule(None)                    # until this database user is known
        self.permissions = Permissions(url, self)     # what the database user may do
        self.controller = RunController(url, self, permissions=self.permissions)
        self.controller.failed.connect(lambda m, e: show_error(self, m, e))
        self.controller.run_finished.connect(self._run_finished)
        self.controller.run_created.connect(self._run_created)
        self.run_actions = RunActions(url, self.controller, self.bus, self)
        self.run_actions.export_requested.connect(self._export_run)
        self.run_actions.report_written.connect(
            lambda p: self.statusBar().showMessage(self.tr("Report written to {file}").format(
                file=p), 8000))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(210)
        self.stack = QStackedWidget()
        # pages are built the first time they are shown or used (``_LazyPage``): opening the
        # database builds the Bill Runs page only; the others wait in the stack as
        # placeholders at their navigation row (the run detail after them)
        self.page_names = [self.tr("Bill Runs"), self.tr("Accounts"), self.tr("Communities"),
                           self.tr("Bills"), self.tr("Tariffs & Prices"), self.tr("Import"),
                           self.tr("Audit Log")]
        self._on_built: dict[str, list] = {}
        for name in self.page_names:
            self.nav.addItem(name)
            self.stack.addWidget(QWidget())
        self.stack.addWidget(QWidget())          # the run detail: its item is Bill Runs
        self.runs_page                           # noqa: B018 - built now: shown at once
        self.nav.currentRowChanged.connect(self.show_page)
        self.stack.currentChanged.connect(self._page_shown)
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
        self.zone_label = QLabel()
        self.zone_label.setObjectName("zoneLabel")
        self.statusBar().addPermanentWidget(self.zone_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.activity = QLabel()
        self.activity.setObjectName("activity")
        self.statusBar().addWidget(self.activity)

        # live updates from other workstations and workers (PostgreSQL LISTEN/NOTIFY)
        self.live = LiveRuns(url, self)
        self.runs_page.live = self.live
        self.live.run_changed.connect(self.runs_page.on_live)
        self.live.reconnected.connect(self.refresh)
        self.permissions.changed.connect(self._gate_actions)

        self.runs_page.open_requested.connect(self.open_run)
        self.runs_page.new_requested.connect(self.new_run)
        self.runs_page.export_requested.connect(self._export_run)
        self.bus.changed.connect(self._data_changed)
        self.runs_page.model.modelReset.connect(self._check_usable)

        self._build_menus()
        audit_package.install(self)        # File ▸ Open Audit Package, Audit menu, read-only
        self._restore()
        self.loading = None
        self.overview = None
        self._closing = False
        self._usable_at: float | None = None
        self.wizard = None
        self.nav.setCurrentRow(0)
        self.refresh()
        self.feed.start()
        import gc

        # the window's objects live as long as it does: out of the collector's way, so its
        # full collections (triggered by workers building large tables) stay short
        gc.freeze()

    # ------------------------------------------------------------------ structure
    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.shortcut_actions: list[QAction] = []
        f = mb.addMenu(self.tr("&File"))
        self.new_run_action = self._action(self.tr("&New Bill Run…"), self.new_run,
                                           QKeySequence.StandardKey.New, key="run.create")
        f.addAction(self.new_run_action)
        imp = self.import_menu = f.addMenu(self.tr("&Import"))
        imp.setToolTipsVisible(True)
        names = {"accounts": self.tr("&Accounts…"), "readings": self.tr("&Readings…"),
                 "tariffs": self.tr("&Tariffs…"), "prices": self.tr("&Prices…"),
                 "communities": self.tr("&Communities…")}
        for kind in KINDS:
            imp.addAction(self._action(names[kind], lambda k=kind: self.import_dialog(k),
                                       key="import"))
        f.addAction(self._action(self.tr("&Export table…"), self.export_current_table,
                                 "Ctrl+Shift+E", key="table.export"))
        f.addSeparator()
        self.settings_action = self._action(self.tr("&Settings…"), self.open_settings,
                                            QKeySequence.StandardKey.Preferences, "Ctrl+,")
        f.addAction(self.settings_action)
        f.addSeparator()
        f.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit,
                                 "Ctrl+Q"))

        v = mb.addMenu(self.tr("&View"))
        v.addAction(self._action(self.tr("&Refresh"), self.refresh,
                                 QKeySequence.StandardKey.Refresh, "F5"))
        v.addSeparator()
        for i, name in enumerate(self.page_names):
            # "&" in a page name is a literal ampersand in a menu, not a mnemonic
            v.addAction(self._action(name.replace("&", "&&"),
                                     lambda i=i: self.nav.setCurrentRow(i), f"Ctrl+{i + 1}"))

        r = mb.addMenu(self.tr("&Run"))
        r.setToolTipsVisible(True)
        f.setToolTipsVisible(True)
        self.run_menu_actions = {}
        for key, text, sc in (("start", self.tr("&Start or resume"), "Ctrl+R"),
                              ("cancel", self.tr("&Cancel…"), "Ctrl+Shift+X"),
                              ("rerun", self.tr("Rerun &failed…"), ""),
                              ("finalize", self.tr("&Finalize…"), ""),
                              ("export", self.tr("&Export PDFs…"), "Ctrl+E"),
                              ("report", self.tr("Re&port…"), "")):
            a = self._action(text, lambda k=key: self._run_action(k), sc or None,
                             key=KEYS.get(key))
            r.addAction(a)
            self.run_menu_actions[key] = a
        self.run_actions_menu = self.run_menu_actions        # tests and docs refer to both
        h = mb.addMenu(self.tr("&Help"))
        h.addAction(self._action(self.tr("&Manual"), self.open_manual,
                                 QKeySequence.StandardKey.HelpContents, "F1"))
        h.addAction(self._action(self.tr("&Keyboard shortcuts"), self.open_shortcuts,
                                 "Ctrl+/"))
        h.addSeparator()
        h.addAction(self._action(self.tr("&About billdesk"), self._about))

    def _action(self, text, slot, shortcut=None, fallback=None, key=None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
        if a.shortcut().isEmpty() and fallback:
            a.setShortcut(QKeySequence(fallback))
        a.triggered.connect(lambda _=False: slot())
        if key is not None:
            self.policy.bind(a, key)
        if not a.shortcut().isEmpty():
            self.shortcut_actions.append(a)
        return a

    def _gate_actions(self) -> None:
        """The database user is known: its role next to the database (the policy, whose rule
        the permissions installed, has enabled or disabled every bound action already)."""
        me = self.permissions.identity
        if me is not None and me.backend == "postgresql":
            self.db_label.setText(f"{dbmod.describe(engines.engine_for(self.url))} · "
                                  + self.tr("role: {r}").format(r=me.level or self.tr("none")))

    def current_run_id(self) -> int | None:
        if self._showing("run_detail"):
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
            return
        info = self.run_detail.info if self._showing("run_detail") \
            else self.runs_page.selected_run()
        self.run_actions.do(key, rid, info)

    def export_current_table(self):
        from billdesk.gui.common import export_table

        page = self.stack.currentWidget()
        tables = [a for a in PAGE_ATTRS if a not in ("import_page", "audit_log_page")]
        table = page.table if any(page is self.built(a) for a in tables) else None
        if table is None:
            self.statusBar().showMessage(self.tr("This page has no table to export."), 4000)
            return None
        return export_table(table)

    def _about(self):
        from billdesk.gui.about import AboutDialog

        self.about_dialog = AboutDialog(self.db_label.text(), self)
        self.about_dialog.show()

    def open_manual(self):
        from billdesk.gui.help import ManualDialog

        self.manual = ManualDialog(self)
        self.manual.show()
        return self.manual

    def open_shortcuts(self):
        from billdesk.gui.help import ShortcutsDialog

        self.shortcuts = ShortcutsDialog(self.shortcut_actions, self)
        self.shortcuts.show()
        return self.shortcuts

    # ------------------------------------------------------------------ navigation targets
    def open_run(self, run_id: int) -> None:
        self.run_detail.show_run(run_id)
        self.stack.setCurrentWidget(self.run_detail)

    def _export_run(self, run_id: int) -> None:
        self.open_run(run_id)
        self.run_detail.choose_export()

    def open_bill(self, bill_id: int) -> BillDialog:
        d = BillDialog(self.url, bill_id, self, bus=self.bus)
        d.open_requested.connect(self.open_bill)
        d.show()
        return d

    def new_run(self):
        from billdesk.gui.wizard import NewRunWizard

        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        if not self.policy.check("run.create", self):
            return None
        self.wizard = NewRunWizard(self.url, self)
        self.wizard.run_created.connect(self._wizard_created)
        self.wizard.finished.connect(self._wizard_closed)
        self.wizard.show()
        return self.wizard

    def _wizard_closed(self, _result):
        self.wizard.deleteLater()
        self.wizard = None

    def _wizard_created(self, info, start: bool):
        self.bus.publish("runs", info.id)
        self.open_run(info.id)
        if start:
            self.controller.start(info.id)

    def _run_created(self, info):
        self.statusBar().showMessage(self.tr("Run {id} created").format(id=info.id), 5000)
        self.bus.publish("runs", info.id)
        self.open_run(info.id)

    def _run_finished(self, run_id, info):
        if info is not None:
            from billdesk.gui.formats import tr_status

            self.statusBar().showMessage(self.tr("Run {id} ended: {s}").format(
                id=run_id, s=tr_status(info.status)), 8000)
        self.bus.publish("runs", run_id)
        self.bus.publish("bills", run_id)

    def import_dialog(self, kind: str) -> ImportDialog:
        d = ImportDialog(self.url, kind, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.panel.imported.connect(self._imported)
        d.show()
        d.panel.browse()
        return d

    def _imported(self, outcome) -> None:
        if not outcome.validate_only:
            self.bus.publish(IMPORT_TOPICS.get(outcome.kind, "accounts"))

    def open_settings(self) -> SettingsDialog:
        d = SettingsDialog(self.url, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.saved.connect(self._settings_saved)
        d.open()
        return d

    def _settings_saved(self, restart: bool) -> None:
        self.bus.publish("settings")
        self.refresh()
        if not restart:
            return
        busy = self.long_work()
        if busy:
            show_error(self, self.tr("The new database or language applies when this window "
                                     "is reopened; {what} is still going on. Close the "
                                     "window once it has finished, or choose Settings ▸ Save "
                                     "again then.").format(what=", ".join(busy)))
            return
        if confirm(self, self.tr("Settings"),
                   self.tr("Reopen the window now with the new database or language?"),
                   self.tr("Nothing is lost: the window closes and opens again."),
                   yes=self.tr("Reopen")):
            url = str(app_settings().value("database/url") or self.url)
            self._reopen_url = url
            self.close()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        self.runs_page.refresh()
        if self.loading is None:
            if self.overview is None:
                self.activity.setText(self.tr("Loading…"))
            self.loading = workers.submit(jobs.load_overview, self.url, owner=self,
                                          name="overview", on_success=self._loaded,
                                          on_failure=lambda m, e: show_error(self, m, e),
                                          on_finished=self._done)
        page = self.stack.currentWidget()
        if page is self.built("run_detail"):
            page.reload()
        elif hasattr(page, "refresh") and getattr(page, "loaded", True):
            page.refresh()

    def _data_changed(self, topic: str, _ident: int) -> None:
        if topic in ("runs", "bills", "accounts", "settings") and self.loading is None:
            self.loading = workers.submit(jobs.load_overview, self.url, owner=self,
                                          name="overview", on_success=self._loaded,
                                          on_finished=self._done)

    def _loaded(self, ov) -> None:
        import gc

        first = self.overview is None
        self.overview = ov
        formats.set_zone(ov.timezone)
        formats.set_currency(ov.currency)
        self.zone_label.setText(self.tr("Times in {zone}").format(zone=ov.timezone))
        self.activity.setText(self.overview_text())
        if first:
            gc.freeze()   # long-lived objects out of the collector's way: shorter GC pauses
        self._check_usable()

    def overview_text(self) -> str:
        ov = self.overview
        if ov is None:
            return ""
        return self.tr("{a} accounts · {r} runs · {b} bills ({i} issued)").format(
            a=fmt_int(ov.accounts), r=fmt_int(ov.runs), b=fmt_int(ov.bills),
            i=fmt_int(ov.issued))

    def _check_usable(self) -> None:
        if self._usable_at is None and self.overview is not None and self.runs_page.loaded:
            self._usable_at = time.perf_counter() - self.created_at
            self.usable.emit(self._usable_at)

    def _done(self) -> None:
        self.loading = None

    # ------------------------------------------------------------------ layout and closing
    def _restore(self) -> None:
        s = app_settings()
        if geo := s.value("main/geometry"):
            self.restoreGeometry(geo)
        if state := s.value("main/state"):
            self.restoreState(state)
        if split := s.value("main/splitter"):
            self.splitter.restoreState(split)

    def long_work(self) -> list[str]:
        """What is going on that closing would stop (runs, exports, sends, imports)."""
        busy = []
        n = len(self.controller.executing)
        if n:
            busy.append(self.tr("{n} bill run(s)").format(n=n))
        names = [j.name for j in workers.active(long=True) if not j.name.startswith("run-")]
        for key, text in (("export", self.tr("a PDF export")), ("send", self.tr("sending")),
                          ("print-batch", self.tr("a print batch")),
                          ("import", self.tr("an import")),
                          ("export-table", self.tr("a table export")),
                          ("export-bills", self.tr("a table export")),
                          ("report", self.tr("a run report"))):
            if key in names and text not in busy:
                busy.append(text)
        return busy

    def closeEvent(self, event) -> None:
        busy = self.long_work()
        if busy and not self._closing:
            if not confirm(self, self.tr("Work in progress"),
                           self.tr("{what} going on in this window. Stop and quit?").format(
                               what=_sentence(", ".join(busy) + " " + (
                                   self.tr("is") if len(busy) == 1 else self.tr("are")))),
                           self.tr("A bill run stops after its current batch and is left "
                                   "'cancelled'; an export stops after the invoices being "
                                   "written and can be resumed; sending stops after the "
                                   "current message (the rest stays queued). Nothing is lost "
                                   "or billed twice."), yes=self.tr("Stop and quit")):
                event.ignore()
                return
            self._closing = True
            self.controller.cancel_all()
            workers.cancel_all(long=True)
            self.statusBar().showMessage(self.tr("Stopping…"))
            self.setEnabled(False)
            event.ignore()          # closed again once they stopped; the GUI never waits
            self._close_timer = QTimer(self)
            self._close_timer.timeout.connect(self._close_when_idle)
            self._close_timer.start(200)
            return
        if busy:
            event.ignore()
            return
        s = app_settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/splitter", self.splitter.saveState())
        save_tables()
        self.feed.stop()
        for page in (self.runs_page, self.built("run_detail")):
            if page is not None:
                page.timer.stop()
        self.live.stop()
        self.policy.set_rule(None)     # this window's database user
        workers.abandon_all()          # short reads still running: their results are dropped
        self.closed.emit()
        super().closeEvent(event)
        if getattr(self, "_reopen_url", None):
            url, self._reopen_url = self._reopen_url, None
            QTimer.singleShot(0, lambda: self.reopen_requested.emit(url))

    def _close_when_idle(self) -> None:
        if not self.long_work():
            self._close_timer.stop()
            self.close()
