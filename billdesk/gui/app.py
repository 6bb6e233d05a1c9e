"""Starting the desktop app: the database (demo on first start), then the main window."""

from __future__ import annotations

import gc
import os
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from billdesk import __version__, paths
from billdesk.gui import i18n, workers
from billdesk.store import db as dbmod


def make_application(argv=None) -> QApplication:
    fresh = QApplication.instance() is None
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    if fresh:
        from billdesk.gui.style import SortArrows

        app.setStyle(SortArrows(app.style()))
    app.setApplicationName("billdesk")
    app.setOrganizationName("billdesk")
    app.setApplicationVersion(__version__)
    qss = paths.resources() / "style.qss"
    if qss.is_file() and not app.styleSheet():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    return app


def _check_shared_schema(engine) -> bool:
    """A shared server is migrated by the owner of its tables ('billdesk db upgrade'), not by
    whichever workstation opens it first with a newer billdesk; True when it is behind (and
    we are the owner)."""
    from billdesk.domain.errors import InputError
    from billdesk.store.roles import is_owner

    current, head = dbmod.current_revision(engine), dbmod.head_revision()
    if current == head:
        return False
    with engine.connect() as conn:
        if is_owner(conn):
            return True
    raise InputError(f"the database's schema is at revision {current or 'none'}, this "
                     f"billdesk needs {head}: the owner of the billdesk tables runs "
                     "'billdesk --db URL db upgrade' (docs/postgresql.md, Upgrades)")


def prepare_database(db: str | None, progress=None, cancelled=None) -> dict:
    """Runs on a worker: migrate; a new embedded database gets the demo portfolio.

    The demo is built in ``<file>.part`` and moved into place only when complete, so closing
    or killing the app during the first start never leaves a half-filled database behind
    (the next start simply builds it again).
    """
    from pathlib import Path

    from sqlalchemy.engine import make_url

    url = make_url(dbmod.to_url(db))
    report = {"database": None, "demo": None, "url": None}
    path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if path is not None and dbmod.is_audit_package(path):   # read-only: never migrated
        from billdesk.audit.package import prepared_package

        prepared = prepared_package(path)
        report["url"] = dbmod.to_url(prepared)
        report["database"] = f"audit package {path}"
        return report
    if path is not None and not path.exists() and os.environ.get("BILLDESK_NO_DEMO") != "1":
        from billdesk.store.demo_writer import write_demo

        part = path.with_name(path.name + ".part")
        for suffix in ("", "-wal", "-shm"):
            Path(str(part) + suffix).unlink(missing_ok=True)
        engine = dbmod.make_engine(part)
        try:
            dbmod.prepare(engine)
            accounts = int(os.environ.get("BILLDESK_DEMO_ACCOUNTS", "2000"))
            report["demo"] = write_demo(dbmod.session_factory(engine), accounts=accounts,
                                        progress=progress, cancelled=cancelled)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        os.replace(part, path)
        for suffix in ("-wal", "-shm"):
            Path(str(part) + suffix).unlink(missing_ok=True)
    engine = dbmod.make_engine(url)
    behind = False
    if url.get_backend_name() == "postgresql":
        behind = _check_shared_schema(engine)
    # the file check (quick_check, ~6 s per GB) runs after the window opens: check_file_later
    dbmod.prepare(engine, check_now=False)
    if behind:                         # the owner migrated: the roles' grants again
        from billdesk.store.roles import reapply_if_recorded

        reapply_if_recorded(engine)
    report["database"] = dbmod.describe(engine)
    engine.dispose()
    return report


class Launcher(QObject):
    """Prepares the database on a worker with a progress dialog, then opens the main window.

    It also reopens the window when the Settings change the database or the language: the
    old window is closed (after asking, if a run, an export or a send is going on), the
    translators are installed again and a new window opens on the (new) database — no
    restart of the program.
    """

    def __init__(self, url: str, self_check: float | None = None):
        super().__init__()
        self.url = url
        self.window = None
        self.job = None
        self.self_check = self_check
        self.on_failed = None          # replaces the error box (the self-test)
        self._preloading = False       # the window's modules still being imported
        self._ready_report = None      # the database is ready, the modules not yet
        self.opened_at: float | None = None
        self.dialog = QProgressDialog(self.tr("Opening the database…"), self.tr("Cancel"), 0, 0)
        self.dialog.setWindowTitle("billdesk")
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        import time

        self.opened_at = time.monotonic()
        # the deferred file check: skipped for a file unchanged since its last clean check,
        # else in a child process (billdesk.store.file_check); records in the user's folder
        from billdesk.store import file_check

        if not file_check.enabled():
            file_check.enable(paths.default_db_path().parent)
        # the objects made so far (Qt, numpy, the modules imported) are long-lived: out of the
        # cyclic collector's sight, so that a full collection set off by the imports below
        # does not walk them all — one took 75-100 ms holding the interpreter lock on the
        # preload worker, the open step's stall (bench/bench_gui_large.py --threads). The
        # main window freezes again once it is built and once its overview is in
        gc.freeze()
        # the reader process of the large lists (accounts, a run's attempts) starts first: its
        # own start-up (imports) overlaps the database's opening, not the window's first steps
        workers.submit(_warm_reader, long=True, name="reader")
        self.job = workers.submit(prepare_database, self.url, on_progress=self._progressed,
                                  on_success=self._opened, on_failure=self._failed,
                                  long=True, name="open-database")
        # the window's modules (pyqtgraph, the pages: ~2 s on a busy machine) are imported on a
        # worker while the database opens: no Qt object is made by importing them. The window
        # is shown once they are in: an import holds the interpreter lock for long stretches,
        # which, with the window up, stalled it 100-300 ms (bench/bench_gui_large.py)
        self._preloading = True
        self._ready_report = None
        workers.submit(_preload, long=True, name="preload", on_finished=self._preloaded)

    def _preloaded(self) -> None:
        self._preloading = False
        gc.freeze()                     # the window's modules, imported by the preload
        report, self._ready_report = self._ready_report, None
        if report is not None:
            self._show_window(report)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(self.tr("Creating the demo database…") + "\n" + message)

    def _opened(self, report: dict) -> None:
        self.job = None
        if self._preloading:            # shown when the modules are in (``_preloaded``)
            self._ready_report = report
            # meanwhile the reader reads what the window asks first (its pages in the page
            # cache: on a clerk's first start of the day they are on disk, seconds away)
            workers.submit(_warm_reads, report.get("url") or self.url, long=True,
                           name="reader-warm")
            return
        self._show_window(report)

    def _show_window(self, report: dict) -> None:
        from billdesk.gui.main_window import MainWindow

        self.window = MainWindow(report.get("url") or self.url)
        self.window.reopen_requested.connect(self.reopen)
        self.window.show()
        self.dialog.close()
        check_file_later(self.window, report.get("url") or self.url)
        if self.self_check:
            QTimer.singleShot(int(self.self_check * 1000), self._check_done)

    def reopen(self, url: str) -> None:
        """The window asked to be replaced (new database or language); it closed itself."""
        from billdesk.gui import engines, secrets

        old = self.window
        self.window = None
        if old is not None:
            old.deleteLater()
        i18n.install(QApplication.instance())
        self.url = secrets.with_password(dbmod.to_url(url))
        engines.dispose_all()
        self.dialog.setLabelText(self.tr("Opening the database…"))
        self.dialog.setRange(0, 0)
        self.dialog.show()
        self.start()

    def _check_done(self) -> None:
        w = self.window
        ok = w.runs_page.loaded and w.isVisible()
        print(f"self-check: {'ok' if ok else 'FAILED'}: {w.overview_text()}, "
              f"{w.runs_page.model.rowCount()} runs, {w.db_label.text()}", flush=True)
        w.close()
        QApplication.instance().exit(0 if ok else 1)

    def _failed(self, message: str, expected: bool) -> None:
        self.job = None
        self.dialog.close()
        if self.on_failed is not None:
            self.on_failed(message, expected)
            return
        if self.self_check:
            print(f"self-check: FAILED: {message}", flush=True)
        else:
            QMessageBox.critical(None, "billdesk",
                                 QCoreApplication.translate("Launcher",
                                                            "Cannot open the database:")
                                 + "\n" + message)
        QApplication.instance().exit(2)


def check_file_later(window, url: str) -> None:
    """The database file's deferred check on a worker; the first write (in this process or
    a child it starts) waits for it. A damaged file is said at once; every write refuses."""
    def failed(message: str, expected: bool = True) -> None:
        if window.isVisible():
            window.statusBar().showMessage(message)
            QMessageBox.warning(window, "billdesk", message)

    workers.submit(_file_check, url, on_failure=failed, owner=window, long=True,
                   name="file-check")


def _file_check(url: str, progress=None, cancelled=None) -> float | None:
    """Waits for the check's child process (billdesk.store.file_check) or skips it; on a
    thread of lowest CPU priority (Linux: a thread's own nice value) all the same."""
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):      # not Linux: the check runs at normal priority
        pass
    return dbmod.run_deferred_check(url)


def _warm_reader(progress=None, cancelled=None) -> None:
    from billdesk.gui import reader

    reader.warm()


#: the reads the main window makes first (runs list, status bar, change feed), in its order
WARM_READS = ("read_runs", "read_overview", "read_change_marks")


def _warm_reads(url: str, progress=None, cancelled=None) -> None:
    """The window's first reads made once in a reader process, while the window's modules are
    still being imported, their results dropped: when the window makes them, the pages they
    read are in the page cache and the reader's own (on a cold start the runs list and the
    counts were seconds of disk reads). A failure here is the window's to report."""
    from billdesk.gui import reader

    reader.wait_for_start()           # the one ``_warm_reader`` starts, not one more
    for name in WARM_READS:
        if cancelled is not None and cancelled():
            return
        try:
            reader.call(f"billdesk.gui.jobs:{name}", url, small=True)
        except Exception:  # noqa: BLE001 - only a warm-up: the window's own read says it
            return


def _preload(progress=None, cancelled=None) -> None:
    """Import the main window's modules (pyqtgraph, the pages) while the database is being
    prepared, instead of on the GUI thread after: the window then opens at once."""
    import billdesk.gui.main_window  # noqa: F401
    # and those the pages import when they are first shown (billdesk.gui.main_window builds
    # its pages on first use)
    import billdesk.gui.send_panel  # noqa: F401
    import billdesk.gui.workers_model  # noqa: F401
    import billdesk.gui.wizard  # noqa: F401


def check_binding(parent=None, quiet: bool = False) -> bool:
    """False (and an error box unless ``quiet``) when the Qt binding has the reference-count
    defect (billdesk.gui.qtcheck)."""
    from billdesk.gui.qtcheck import refcount_defect

    problem = refcount_defect()
    if problem is None:
        return True
    import logging

    logging.getLogger(__name__).error("%s", problem)
    if not quiet:
        QMessageBox.critical(parent, "billdesk", problem)
    return False


def run_app(db: str | None = None, self_check: float | None = None) -> int:
    """The desktop app; ``self_check`` seconds: open, load, close and exit 0 when it worked."""
    from billdesk.gui import engines, secrets
    from billdesk.gui.common import app_settings

    app = make_application()
    if not check_binding(quiet=bool(self_check)):
        print("self-check: FAILED: the Qt binding loses references", flush=True)
        return 3
    i18n.install(app)
    url = dbmod.to_url(db or app_settings().value("database/url") or None)
    url = secrets.with_password(url)
    launcher = Launcher(url, self_check=self_check)
    launcher.start()
    code = app.exec()
    workers.shutdown(30.0)
    engines.dispose_all()
    from billdesk.gui import reader
    from billdesk.store import file_check

    reader.shutdown()
    file_check.record_clean_close()      # every connection closed: renew the clean records
    return code


def main(argv=None) -> int:
    """``python -m billdesk.gui.app [--db PATH] [--self-check SECONDS]``."""
    import argparse

    p = argparse.ArgumentParser(prog="billdesk-gui")
    p.add_argument("--db")
    p.add_argument("--self-check", type=float, nargs="?", const=3.0)
    args = p.parse_args(argv)
    return run_app(args.db, args.self_check)


if __name__ == "__main__":
    sys.exit(main())
