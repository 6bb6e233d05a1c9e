import shutil

import pytest


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """QSettings and the data folder in a temporary place, never the user's."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("BILLDESK_HOME", str(tmp_path / "home"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    from billdesk.gui.common import PDF_FOLDER_KEY, reset_settings_migration

    reset_settings_migration()
    QSettings().setValue(PDF_FOLDER_KEY, str(tmp_path / "pdf"))
    yield


@pytest.fixture(autouse=True)
def _no_threads_left(qapp):
    """Every test ends with the pool idle: no worker outlives its test."""
    yield
    from PySide6.QtCore import QThreadPool

    from billdesk.gui import engines, workers

    assert workers.wait_all(60.0), workers.pending()
    assert not workers.active()
    assert QThreadPool.globalInstance().waitForDone(60000)
    engines.dispose_all()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    from billdesk.store import db
    from billdesk.store.demo_writer import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    engine = db.make_engine(path)
    db.prepare(engine)
    write_demo(db.session_factory(engine), accounts=60, months=2)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_db(_demo_template, tmp_path):
    """A copy of a 60-account, 2-month demo database; its URL."""
    from billdesk.store import db

    path = tmp_path / "demo.sqlite"
    shutil.copy(_demo_template, path)
    return db.to_url(path)


@pytest.fixture
def window(qtbot, demo_db):
    """The main window on ``demo_db``, shown and loaded; its jobs ended and closed after."""
    from billdesk.gui import workers
    from billdesk.gui.main_window import MainWindow

    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.overview is not None and w.runs_page.loaded, timeout=15000)
    yield w
    w.controller.cancel_all()
    workers.cancel_all(long=True)
    qtbot.waitUntil(lambda: not workers.active(long=True), timeout=60000)
    w.close()


@pytest.fixture(autouse=True)
def _file_check_records_off():
    """The app turns on the file-check records (billdesk.store.file_check) in the test's
    folder: off again after each test."""
    yield
    from billdesk.store import db, file_check

    file_check.enable(None)
    with db._deferred_lock:
        db._deferred.clear()
