"""Starting the desktop app: the database (demo on first start), then the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QObject, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from billdesk import __version__
from billdesk.gui import workers
from billdesk.store import db as dbmod


def _t(text: str) -> str:
    return QCoreApplication.translate("app", text)


def make_application(argv=None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("billdesk")
    app.setOrganizationName("billdesk")
    app.setApplicationVersion(__version__)
    return app


def prepare_database(db: str | None, progress=None, cancelled=None) -> dict:
    """Runs on a worker: migrate; on a new embedded database, build the demo portfolio."""
    engine = dbmod.make_engine(db)
    fresh = engine.dialect.name == "sqlite" and dbmod.current_revision(engine) is None
    dbmod.prepare(engine)
    report = {"database": dbmod.describe(engine), "demo": None}
    if fresh and os.environ.get("BILLDESK_NO_DEMO") != "1":
        from billdesk.store.demo_writer import write_demo

        accounts = int(os.environ.get("BILLDESK_DEMO_ACCOUNTS", "2000"))
        report["demo"] = write_demo(dbmod.session_factory(engine), accounts=accounts,
                                    progress=progress, cancelled=cancelled)
    engine.dispose()
    return report


class Launcher(QObject):
    """Prepares the database on a worker with a progress dialog, then opens the main window."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.window = None
        self.dialog = QProgressDialog(_t("Opening the database…"), _t("Cancel"), 0, 0)
        self.dialog.setWindowTitle("billdesk")
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.worker = workers.Worker(prepare_database, url)
        sig = self.worker.signals
        sig.progressed.connect(self._progressed)
        sig.succeeded.connect(self._opened)
        sig.failed.connect(self._failed)
        self.dialog.canceled.connect(self.worker.cancel)

    def start(self) -> None:
        workers.start(self.worker)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(_t("Creating the demo database…") + "\n" + message)

    def _opened(self, report: dict) -> None:
        from billdesk.gui.main_window import MainWindow

        self.window = MainWindow(self.url)
        self.window.show()
        self.dialog.close()

    def _failed(self, message: str, expected: bool) -> None:
        self.dialog.close()
        QMessageBox.critical(None, "billdesk", _t("Cannot open the database:") + "\n" + message)
        QApplication.instance().exit(2)


def run_app(db: str | None = None) -> int:
    app = make_application()
    url = dbmod.to_url(db or QSettings().value("database/url") or None)
    launcher = Launcher(url)
    launcher.start()
    return app.exec()
