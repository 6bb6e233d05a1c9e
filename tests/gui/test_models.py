"""Every table model: pytest-qt's model tester through sorting, filtering, searching and
reloading, and sort-then-open (the selection stays on the same record; issue 14, point 3)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from billdesk.gui import jobs
from billdesk.gui.models import KEY_ROLE, ROW_ROLE

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def billed(_demo_template, tmp_path_factory):
    """A copy of the demo with one finalized run (bills, attempts, a failed account)."""
    import shutil

    from billdesk.store import db
    from billdesk.gui.wizard import preset_period

    path = tmp_path_factory.mktemp("models") / "billed.sqlite"
    shutil.copy(_demo_template, path)
    url = db.to_url(path)
    from billdesk.runs import create_run, finalize_run, start_run

    f = db.session_factory(db.make_engine(url))
    info = create_run(f, preset_period("month"), "all")
    start_run(f, info.id)
    finalize_run(f, info.id)
    return url, info.id


def view_of(model) -> QTableView:
    v = QTableView()
    v.setModel(model)
    v.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    return v


def select(view, row):
    view.selectionModel().setCurrentIndex(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def selected_key(view):
    return view.currentIndex().data(KEY_ROLE)


def sort_keeps_selection(qtbot, view, keyfn, columns, wait=None):
    """Select a row in the middle, sort by every column both ways: the current index and
    the selection stay on the same record (its key)."""
    m = view.model()
    row = m.rowCount() // 2
    select(view, row)
    want = keyfn(view.currentIndex())
    assert want is not None
    for col in columns:
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            m.sort(col, order)
            if wait:
                wait()
            cur = view.currentIndex()
            assert cur.isValid(), (col, order)
            assert keyfn(cur) == want, (col, order)
            rows = view.selectionModel().selectedRows()
            assert [keyfn(r) for r in rows] == [want], (col, order)
    return want


def test_attempts_model_sort_then_open(qtbot, qtmodeltester, billed):
    from billdesk.gui.attempts_model import AttemptsModel

    url, run_id = billed
    _info, table = jobs.load_run(url, run_id)
    m = AttemptsModel()
    m.set_columns(table)
    qtmodeltester.check(m)
    view = view_of(m)
    qtbot.addWidget(view)
    account = lambda idx: m.account_at(idx.row())  # noqa: E731
    want = sort_keeps_selection(qtbot, view, account, range(m.columnCount()))
    # open: the bill of the selected row is that account's bill
    bill_id = m.bill_at(view.currentIndex().row())
    bill, _ctx = jobs.load_bill(url, bill_id)
    assert bill.account == want
    # filters keep it while it is shown, drop it when not; the tester watches
    m.set_status_filter("succeeded")
    qtmodeltester.check(m)
    assert account(view.currentIndex()) == want
    m.set_search(want)
    assert m.rowCount() == 1 and account(view.currentIndex()) == want
    m.set_search("no such account")
    assert m.rowCount() == 0 and not view.currentIndex().isValid()
    m.set_search("")
    m.set_status_filter(None)
    # a reload (new data) keeps the selection on the same account
    select(view, 3)
    want = account(view.currentIndex())
    _info, table2 = jobs.load_run(url, run_id)
    m.set_columns(table2)
    assert account(view.currentIndex()) == want
    qtmodeltester.check(m)


def test_accounts_model_sort_filter_search_reload(qtbot, qtmodeltester, billed):
    from billdesk.gui.accounts_model import AccountsModel

    url, _ = billed
    m = AccountsModel()
    m.set_table(jobs.load_accounts(url))
    qtmodeltester.check(m)
    view = view_of(m)
    qtbot.addWidget(view)
    code = lambda idx: m.code_at(idx.row())  # noqa: E731
    want = sort_keeps_selection(qtbot, view, code, range(m.columnCount()))
    m.sort(m.COLUMNS.index(next(c for c in m.COLUMNS if c.key == "city")),
           Qt.SortOrder.AscendingOrder)
    cities = [m.index(r, 3).data() for r in range(m.rowCount())]
    from billdesk.gui.columns import fold

    assert [fold(c) for c in cities] == sorted(fold(c) for c in cities)
    m.set_search(want.lower())
    assert m.rowCount() >= 1 and code(view.currentIndex()) == want
    m.set_search("")
    m.set_table(jobs.load_accounts(url))
    assert code(view.currentIndex()) == want
    qtmodeltester.check(m)


def test_quality_model_only_failing_is_vectorised(qtbot, qtmodeltester, billed):
    from billdesk.domain.quality import Thresholds
    from billdesk.gui.accounts_model import QualityModel
    from billdesk.gui.wizard import preset_period

    url, _ = billed
    report, table = jobs.quality_check(url, preset_period("month"), "all",
                                       Thresholds(min_measured_share=0.99))
    m = QualityModel()
    m.set_table(table)
    m.set_only_failing(True)
    qtmodeltester.check(m)
    assert m.rowCount() == report.failing > 0
    view = view_of(m)
    qtbot.addWidget(view)
    sort_keeps_selection(qtbot, view, lambda i: i.data(KEY_ROLE), range(m.columnCount()))
    m.set_only_failing(False)
    assert m.rowCount() == len(report.rows)
    qtmodeltester.check(m)


def test_bills_model_pages_sorts_and_keeps_the_selection(qtbot, qtmodeltester, billed):
    from billdesk.gui.bills_model import BillsModel
    from billdesk.store.listings import BillQuery

    url, run_id = billed
    m = BillsModel(url, page_size=7)                 # several pages even on the demo
    m.set_query(BillQuery())
    qtbot.waitUntil(lambda: m.ready, timeout=10000)
    total = m.rowCount()
    assert total > 20
    view = view_of(m)
    qtbot.addWidget(view)
    for r in range(total):                           # fetch every page (on workers)
        m.index(r, 0).data()
    qtbot.waitUntil(lambda: all(m.bill_at(r) is not None for r in range(total)),
                    timeout=20000)
    qtmodeltester.check(m)
    gen = {"n": m.generation}

    def wait():
        qtbot.waitUntil(lambda: m.bill_at(view.currentIndex().row()) is not None
                        and not m.busy.running and m.busy.delivered, timeout=10000)

    want = sort_keeps_selection(qtbot, view, lambda i: i.data(KEY_ROLE),
                                range(m.columnCount()), wait=wait)
    assert m.generation > gen["n"]
    # the order is the database's: number descending
    m.sort(m.Col.NUMBER, Qt.SortOrder.DescendingOrder)
    wait()
    for r in range(total):
        m.index(r, 0).data()
    qtbot.waitUntil(lambda: all(m.bill_at(r) is not None for r in range(total)),
                    timeout=20000)
    numbers = [m.bill_at(r).number for r in range(total)]
    assert numbers == sorted(numbers, reverse=True)
    assert view.currentIndex().data(KEY_ROLE) == want
    # search and filters are queries; a bill no longer shown leaves the selection
    m.update_query(search="no such bill")
    qtbot.waitUntil(lambda: m.query.search == "no such bill" and m.rowCount() == 0,
                    timeout=10000)
    assert not view.currentIndex().isValid()
    m.update_query(search="", status="issued")
    qtbot.waitUntil(lambda: m.rowCount() == total, timeout=10000)
    qtmodeltester.check(m)


def test_bills_model_opens_the_bill_under_the_cursor_after_a_sort(qtbot, billed):
    """Sort, then open: the dialog shows the bill the selected row shows."""
    from billdesk.gui.bills_page import BillsPage

    url, _ = billed
    page = BillsPage(url)
    qtbot.addWidget(page)
    page.show()
    m = page.model
    qtbot.waitUntil(lambda: m.ready and m.bill_at(0) is not None, timeout=10000)
    select(page.table, 5)
    row = page.table.currentIndex().data(ROW_ROLE)
    page.table.sortByColumn(m.Col.NAME, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: m.query.sort == "name" and m.busy.delivered, timeout=10000)
    opened = []
    page.bill_requested.connect(opened.append)
    page._open(page.table.currentIndex())
    assert opened == [row.id]


def test_delivery_model(qtbot, qtmodeltester, billed):
    from billdesk.gui import send_jobs
    from billdesk.gui.send_models import DeliveryModel

    url, run_id = billed
    m = DeliveryModel()
    m.set_columns(send_jobs.load_delivery(url, run_id))
    qtmodeltester.check(m)
    view = view_of(m)
    qtbot.addWidget(view)
    sort_keeps_selection(qtbot, view, lambda i: m.bill_at(i.row()), range(m.columnCount()))
    m.set_status_filter("")
    m.set_search("a0")
    qtmodeltester.check(m)


def test_small_models_sort_through_the_proxy_keep_the_selection(qtbot, qtmodeltester, billed):
    """Runs, tariffs, members, price series: QSortFilterProxyModel over RowsModel; reloading
    the same rows keeps the selection (in-place update), new rows keep it by key."""
    from billdesk.gui import models
    from billdesk.gui.wizard import preset_period

    url, _ = billed
    runs = jobs.load_runs(url)
    tariffs, series, _pts = jobs.load_tariffs(url)
    comm = jobs.load_communities(url)[0]
    members = jobs.load_community(url, comm.name, preset_period("month")).members
    for cls, rows in ((models.RunsModel, runs), (models.TariffsModel, tariffs),
                      (models.MembersModel, members), (models.PriceSeriesModel, series)):
        src = cls()
        src.set_rows(rows)
        proxy = models.SortProxy()
        proxy.setSourceModel(src)
        qtmodeltester.check(src)
        qtmodeltester.check(proxy)
        if proxy.rowCount() < 2:
            continue
        view = view_of(proxy)
        qtbot.addWidget(view)
        key = lambda i: i.data(KEY_ROLE)  # noqa: E731
        want = sort_keeps_selection(qtbot, view, key, range(proxy.columnCount()))
        src.set_rows(list(rows))                      # same rows again
        assert key(view.currentIndex()) == want
        src.set_rows(list(reversed(rows)))            # other order: kept by key
        assert key(view.currentIndex()) == want
        qtmodeltester.check(proxy)


def test_column_model_search_is_folded_and_vectorised():
    from billdesk.gui.columns import ColumnTable, fold, ranks

    assert fold("Zürich Ämtli") == "zurich amtli"
    t = ColumnTable.build({"code": ["a", "b", "c"], "name": ["Müller", "muller", "Zoe"]},
                          key="code", search=("name",))
    assert list(np.strings.find(t.search, "muller") >= 0) == [True, True, False]
    assert list(ranks(["b", "A", "c"])) == [1, 0, 2]
    assert list(ranks(np.array([3, 1, 2]))) == [2, 0, 1]
    _ = date


def test_sorts_and_filters_through_the_precomputed_orders_equal_an_argsort(qapp):
    """A model shows the rows of ``ColumnTable.order`` that pass its filters: the same rows in
    the same order (ties in row order) as a stable argsort of the shown rows' keys."""
    from billdesk.gui.columns import ColumnTable
    from billdesk.gui.table_model import Col, ColumnModel

    class M(ColumnModel):
        COLUMNS = (Col("key", "Key"), Col("name", "Name"), Col("amount", "Amount", "money"))

    rng = np.random.default_rng(7)
    n = 5000
    names = [f"N{int(x)}" for x in rng.integers(0, 300, n)]          # many ties
    amount = np.round(rng.normal(100, 30, n), 0)
    t = ColumnTable.build({"key": np.arange(n), "name": names, "amount": amount},
                          key="key", search=("name",), sortable=("name",)).with_orders()
    assert set(t.orders) >= {"key", "name", "amount"}
    m = M()
    m.set_table(t)
    m.set_filter("big", lambda tt: tt["amount"] > 90)
    m.set_search("n1")
    shown = np.flatnonzero((amount > 90) & (np.strings.find(t.search, "n1") >= 0))
    for col, key in ((1, t.sort_keys["name"]), (2, amount), (0, np.arange(n))):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            m.sort(col, order)
            want = shown[np.argsort(key[shown], kind="stable")]
            if order == Qt.SortOrder.DescendingOrder:
                want = want[::-1]
            assert np.array_equal(m.view, want), (col, order)
    # a table built without orders makes them when first sorted, with the same result
    bare = ColumnTable.build({"key": np.arange(n), "name": names, "amount": amount},
                             key="key", search=("name",), sortable=("name",))
    assert bare.orders == {}
    m.set_table(bare)
    m.sort(2, Qt.SortOrder.AscendingOrder)
    want = shown[np.argsort(amount[shown], kind="stable")]
    assert np.array_equal(m.view, want) and "amount" in bare.orders


def test_the_account_picker_lays_out_100000_accounts_in_batches(qtbot, qtmodeltester):
    """The wizard's account list: laid out a batch at a time between events (all 100,000
    items at once took 220-340 ms of the GUI thread on every reset and size question);
    every account stays reachable and selectable after a search."""
    from PySide6.QtWidgets import QListView

    from billdesk.gui.account_picker import CODE_ROLE, AccountPicker

    p = AccountPicker()
    qtbot.addWidget(p)
    p.show()
    p.set_accounts([(f"A{i:06d}", f"Kunde {i}", "Zürich") for i in range(100_000)])
    assert p.layoutMode() == QListView.LayoutMode.Batched
    m = p.model()
    qtmodeltester.check(m)
    assert m.rowCount() == 100_000
    p.scrollToBottom()
    qtbot.wait(50)
    assert m.index(99_999, 0).data(CODE_ROLE) == "A099999"
    p.set_filter("kunde 99998")
    assert m.rowCount() == 1
    p.selectionModel().select(m.index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    p.set_filter("")
    assert p.selected_codes() == ["A099998"] and m.rowCount() == 100_000


def test_workers_model_rates_per_worker_and_together(qtbot, qtmodeltester):
    """The run detail's Workers tab: each process's own rate, and the rate together over
    the time at least one worked — two side by side add up, one after the other do not."""
    from datetime import datetime, timedelta, timezone

    from billdesk.gui.workers_model import WorkersModel
    from billdesk.runs.info import WorkerInfo

    t0 = datetime(2025, 4, 1, 8, 0, tzinfo=timezone.utc)

    def w(pid, kind, accounts, start, end, stopped=True):
        return WorkerInfo(f"h:{pid}:x", kind, "h", pid, accounts, accounts // 500,
                          t0 + timedelta(seconds=start), t0 + timedelta(seconds=end),
                          t0 + timedelta(seconds=end), t0 + timedelta(seconds=end)
                          if stopped else None, 60)

    m = WorkersModel()
    side = [w(1, "worker", 10_000, 0, 10), w(2, "worker", 10_000, 0, 10, stopped=False)]
    m.set_rows(side)
    qtmodeltester.check(m)
    from billdesk.gui.formats import fmt_int

    assert [m.display(r, m.Col.RATE) for r in side] == [fmt_int(1000)] * 2
    assert [m.value(r, m.Col.KIND) for r in side] == ["worker", "worker"]
    assert m.value(side[1], m.Col.STATE) == "working"
    assert m.totals() == (20_000, 2000.0)
    # resumed an hour later by another process: the pause is not working time
    m.set_rows([w(1, "run", 10_000, 0, 10), w(3, "run", 10_000, 3600, 3610)])
    assert m.totals() == (20_000, 1000.0)
    # a worker that joined half-way: 30,000 accounts in the 20 s someone worked
    m.set_rows([w(1, "run", 20_000, 0, 20), w(4, "join", 10_000, 10, 20)])
    assert m.totals() == (30_000, 1500.0)
    m.set_rows([w(5, "worker", 0, 0, 0)])
    assert m.totals() == (0, 0.0) and m.display(m.rows()[0], m.Col.RATE) == ""


def test_status_columns_fit_every_status_not_only_the_sampled_ones(qtbot, billed):
    """The attempts table is sized on its first rows (all "succeeded"); a filter to
    "failed" later must not show a cut status — in German "fehlgeschlagen" is the longest."""
    from billdesk.gui.attempts_model import AttemptsModel
    from billdesk.gui.common import fit_columns
    from billdesk.gui.formats import tr_status

    url, run_id = billed
    _info, table = jobs.load_run(url, run_id)
    m = AttemptsModel()
    m.set_columns(table)
    m.set_status_filter("succeeded")          # the sample holds one status only
    view = view_of(m)
    qtbot.addWidget(view)
    fit_columns(view)
    col = AttemptsModel.Col.STATUS
    width = view.horizontalHeader().sectionSize(col)
    metrics = view.fontMetrics()
    for s in m.STATUS_CODES:
        assert width >= metrics.horizontalAdvance(tr_status(s)), s
    assert m.column_texts(AttemptsModel.Col.NAME) == []

