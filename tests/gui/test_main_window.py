"""The main window: opens a database on a worker, pages, menus, settings remembered."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

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
    page = w.accounts_page
    qtbot.waitUntil(lambda: w.overview is not None, timeout=10000)
    assert page.model.rowCount() == 0          # accounts are read when the page is shown
    w.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    qtmodeltester.check(page.model)
    assert w.db_label.text().startswith("SQLite ")
    assert "3 accounts" in w.activity.text()
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [
        "Bill Runs", "Accounts", "Communities", "Bills", "Tariffs & Prices", "Import",
        "Audit Log"]
    page.search.setText("lausanne")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)   # debounced
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, 0).data() == "B1"
    # selecting an account loads its detail on a worker
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.code == "B1", timeout=10000)
    # menu texts render their ampersand ("Tariffs & Prices", not "Tariffs _Prices")
    view_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    tariffs = next(a for a in view_menu.actions() if "Tariffs" in a.text())
    assert tariffs.text() == "Tariffs && Prices" and tariffs.iconText() == "Tariffs & Prices"
    # the navigation follows the page shown (the run detail belongs to Bill Runs)
    w.nav.setCurrentRow(4)
    w.stack.setCurrentWidget(w.run_detail)
    assert w.nav.currentRow() == 0 and w.stack.currentWidget() is w.run_detail
    w.nav.setCurrentRow(1)
    # the zone times are shown in is named
    assert w.zone_label.text() == "Times in Europe/Zurich"
    # Help: the manual and the keyboard shortcuts (listed from the actions)
    m = w.open_manual()
    assert "bill run" in m.text.toPlainText().lower()
    sc = w.open_shortcuts()
    keys = [sc.table.item(r, 1).text() for r in range(sc.table.rowCount())]
    assert "Ctrl+N" in keys and "F5" in keys and "Ctrl+Shift+E" in keys
    m.close()
    sc.close()
    # keyboard navigation between pages
    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.stack.currentWidget() is w.communities_page
    qtbot.waitUntil(lambda: w.communities_page.list.count() == 1, timeout=10000)
    w.close()


def test_pages_are_built_when_first_shown(qtbot, small_db):
    """Opening the database builds the Bill Runs page only (issue 14: the window opens in
    one short step); each other page is built the first time it is shown or used, in its
    place in the stack, with the navigation and the status bar as before."""
    from billdesk.gui.main_window import PAGE_ATTRS, MainWindow

    w = MainWindow(small_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.overview is not None and w.runs_page.loaded, timeout=10000)
    assert [a for a in PAGE_ATTRS if w.built(a) is not None] == ["runs_page"]
    assert "3 accounts" in w.activity.text()           # the counts need no page
    assert w.stack.count() == len(PAGE_ATTRS) and w.stack.currentWidget() is w.runs_page
    # data changes do not build pages nobody has looked at
    w.bus.publish("accounts")
    w.bus.publish("bills")
    w.refresh()
    qtbot.wait(200)
    assert w.built("accounts_page") is None and w.built("bills_page") is None
    # showing a page builds it at its row, loads it and the navigation follows
    w.nav.setCurrentRow(3)
    bills = w.built("bills_page")
    assert bills is not None and w.stack.currentWidget() is bills
    assert w.stack.indexOf(bills) == 3
    qtbot.waitUntil(lambda: bills.model.ready, timeout=10000)
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    accounts = w.built("accounts_page")
    assert w.stack.currentWidget() is accounts and w.nav.currentRow() == 1
    qtbot.waitUntil(lambda: accounts.model.rowCount() == 3, timeout=10000)
    assert w.accounts_page is accounts                  # built once
    # the run detail is built when a run is opened; the navigation shows Bill Runs
    assert w.built("run_detail") is None
    assert w.current_run_id() is None and w.built("run_detail") is None
    w.show_page(0)
    w.stack.setCurrentWidget(w.run_detail)         # as open_run does
    assert w.stack.currentWidget() is w.built("run_detail") and w.nav.currentRow() == 0
    assert w.stack.indexOf(w.run_detail) == len(PAGE_ATTRS) - 1
    # pages not yet shown are still placeholders: nothing was read for them
    assert w.built("tariffs_page") is None and w.built("audit_log_page") is None
    assert "3 accounts" in w.activity.text()
    w.close()


def test_layout_and_sort_order_are_remembered(qtbot, small_db):
    from billdesk.gui.main_window import MainWindow

    w = MainWindow(small_db)
    qtbot.addWidget(w)
    w.show()
    w.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: w.accounts_page.model.rowCount() == 3, timeout=10000)
    w.accounts_page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    w.accounts_page.table.setColumnWidth(1, 222)
    w.close()
    assert QSettings().value("tables/accountsTable") is not None
    w2 = MainWindow(small_db)
    qtbot.addWidget(w2)
    h = w2.accounts_page.table.horizontalHeader()
    assert h.sortIndicatorSection() == 2
    assert h.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert h.sectionSize(1) == 222
    # the arrow tells the truth: the rows are in that order once they arrive
    assert w2.accounts_page.model.sort_order() == (2, Qt.SortOrder.DescendingOrder)
    w2.show()
    w2.nav.setCurrentRow(1)
    m = w2.accounts_page.model
    qtbot.waitUntil(lambda: m.rowCount() == 3, timeout=10000)
    col = [m.index(r, 2).data() for r in range(3)]
    assert col == sorted(col, reverse=True)
    w2.close()


def test_first_start_creates_demo_database(qtbot, tmp_path, monkeypatch):
    """No database yet: the launcher migrates and builds a (small) demo on a worker."""
    from billdesk.gui import app as appmod

    monkeypatch.setenv("BILLDESK_DEMO_ACCOUNTS", "60")
    url = db.to_url(tmp_path / "new" / "billdesk.sqlite")
    launcher = appmod.Launcher(url)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=60000)
    qtbot.addWidget(launcher.window)
    qtbot.waitUntil(lambda: launcher.window.overview is not None
                    and launcher.window.overview.accounts >= 60, timeout=20000)
    launcher.window.close()


def test_interrupted_first_start_leaves_no_half_database(tmp_path, monkeypatch):
    """The demo is built beside the database and moved in only when complete."""
    from billdesk.domain.errors import InputError
    from billdesk.gui.app import prepare_database

    monkeypatch.setenv("BILLDESK_DEMO_ACCOUNTS", "30")
    target = tmp_path / "p" / "billdesk.sqlite"
    with pytest.raises(InputError):
        prepare_database(str(target), cancelled=lambda: True)   # cancelled mid-way
    assert not target.exists()
    report = prepare_database(str(target))
    assert target.exists() and report["demo"]["accounts"] == 30
    assert not (tmp_path / "p" / "billdesk.sqlite.part").exists()
    # a second start opens it as it is
    assert prepare_database(str(target))["demo"] is None


def test_the_sort_arrow_points_the_way_the_rows_go(qtbot):
    """Ascending (A → Z) shows ▲, descending ▼ (Qt paints ascending as 'sort down')."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from billdesk.gui.style import SortArrows

    m = QStandardItemModel(3, 1)
    for r, v in enumerate("bca"):
        m.setItem(r, 0, QStandardItem(v))
    t = QTableView()
    qtbot.addWidget(t)
    style = SortArrows()
    t.horizontalHeader().setStyle(style)
    t.setModel(m)
    t.setSortingEnabled(True)
    t.resize(300, 150)
    t.show()

    def arrow_widths(order):
        t.sortByColumn(0, order)
        img = t.horizontalHeader().grab().toImage()
        w, h = img.width(), img.height()
        rows = []
        for y in range(h):
            dark = sum(1 for x in range(t.columnWidth(0) // 2, t.columnWidth(0))
                       if img.pixelColor(x, y).lightness() < 120)
            if dark:
                rows.append(dark)
        return rows

    up = arrow_widths(Qt.SortOrder.AscendingOrder)
    assert [m.item(r, 0).text() for r in range(3)] == ["a", "b", "c"]
    assert up and up[0] < up[-1]              # narrow on top: ▲
    down = arrow_widths(Qt.SortOrder.DescendingOrder)
    assert down and down[0] > down[-1]        # wide on top: ▼
