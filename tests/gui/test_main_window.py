"""The first main window: opens a database on a worker and lists what is in it."""

from pathlib import Path

import pytest

from billdesk.store import db
from billdesk.store.importers import IMPORTERS

pytestmark = pytest.mark.gui
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "gui.sqlite"
    engine = db.make_engine(path)
    db.prepare(engine)
    f = db.session_factory(engine)
    for kind, name in (("tariffs", "tariffs.json"), ("accounts", "accounts.csv"),
                       ("communities", "community.json")):
        with db.transaction(f) as s:
            IMPORTERS[kind](s, DATA / name)
    engine.dispose()
    return db.to_url(path)


def test_main_window_lists_accounts(qtbot, qtmodeltester, small_db):
    from billdesk.gui.main_window import MainWindow

    w = MainWindow(small_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.accounts_page.model.rowCount() == 3, timeout=10000)
    qtmodeltester.check(w.accounts_page.model)
    assert w.overview_page.labels["accounts"].text() == "3"
    assert "LEG" not in w.overview_page.labels["groups"].text()
    assert "prosumer (1)" in w.overview_page.labels["groups"].text()
    assert w.db_label.text().startswith("SQLite ")
    # search filters through the proxy
    w.accounts_page.search.setText("lausanne")
    assert w.accounts_page.proxy.rowCount() == 1
    # sorting on a column
    w.accounts_page.search.clear()
    from PySide6.QtCore import Qt

    w.accounts_page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    first = w.accounts_page.proxy.index(0, 0).data()
    assert first == "B1"


def test_first_start_creates_demo_database(qtbot, tmp_path, monkeypatch):
    """No database yet: the launcher migrates and builds a (small) demo on a worker."""
    from billdesk.gui import app as appmod

    monkeypatch.setenv("BILLDESK_DEMO_ACCOUNTS", "60")
    url = db.to_url(tmp_path / "new" / "billdesk.sqlite")
    launcher = appmod.Launcher(url)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=60000)
    qtbot.addWidget(launcher.window)
    qtbot.waitUntil(lambda: launcher.window.accounts_page.model.rowCount() >= 60, timeout=20000)
    assert launcher.window.overview_page.labels["communities"].text() == "3"
