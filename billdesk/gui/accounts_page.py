"""The Accounts page: every account (a numpy column model; search debounced and vectorised),
and the selected account's detail — metering points, interval chart, its bills."""

from __future__ import annotations

from datetime import date

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from billdesk.domain.period import add_months
from billdesk.gui import jobs, workers
from billdesk.gui.accounts_model import AccountsModel
from billdesk.gui.bills_model import BillsModel
from billdesk.gui.charts import ChartSlot, IntervalChart, chart_in
from billdesk.gui.common import debounce, fit_columns_once, make_table, show_error
from billdesk.gui.formats import fmt_int, last_day, tr_language, tr_status
from billdesk.gui.models import KEY_ROLE
from billdesk.store.listings import BillQuery


def months_between(first: date | None, last: date | None) -> list[date]:
    out = []
    if first is None or last is None:
        return out
    cur = last
    while cur >= first:
        out.append(cur)
        cur = add_months(cur, -1)
    return out


def small_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    fill_table(t, rows)
    return t


def fill_table(t: QTableWidget, rows) -> None:
    t.setRowCount(len(rows))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            t.setItem(i, j, QTableWidgetItem("" if v is None else str(v)))
    t.resizeColumnsToContents()
    t.horizontalHeader().setStretchLastSection(True)


class AccountsPage(QWidget):
    bill_requested = Signal(int)

    chart = chart_in("chart_slot")     # made just after the page (ChartSlot)

    def __init__(self, url: str, bus=None, parent=None):
        super().__init__(parent)
        self.url = url
        self.current = None
        self.detail = None
        self.loading = None
        self.loaded = False
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search account, name, address, "
                                                         "postcode or e-mail"))
        self.search.setObjectName("accountsSearch")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        self.count = QLabel()
        row.addWidget(self.count)
        lay.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = AccountsModel(self)
        self.proxy = self.model          # sorted and filtered by the model itself (numpy)
        self.search_timer = debounce(self.search.textChanged, self._search, 250, self)
        self.table = make_table("accountsTable", self.model)
        split.addWidget(self.table)

        detail = QWidget()
        dl = QHBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.info = QLabel(self.tr("Select an account to see its metering points, interval "
                                   "data and bills."))
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.info)
        self.points = small_table([self.tr("Metering point"), self.tr("Kind"),
                                   self.tr("Months"), self.tr("From"), self.tr("To"),
                                   self.tr("Versions")], [])
        self.points.setMaximumHeight(90)
        left.addWidget(self.points)
        left.addWidget(QLabel(self.tr("Bills:")))
        self.bills = BillsModel(url, self)
        self.bills_table = make_table("accountBillsTable", self.bills)
        self.bills_table.doubleClicked.connect(self._open_bill)
        self.bills.loaded.connect(self._bills_loaded)   # numbers shown whole, not "INV-20…"
        left.addWidget(self.bills_table, 1)
        dl.addLayout(left, 2)
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Metering point:")))
        self.point_box = QComboBox()
        row.addWidget(self.point_box, 1)
        row.addWidget(QLabel(self.tr("Month:")))
        self.month_box = QComboBox()
        row.addWidget(self.month_box)
        right.addLayout(row)
        self.chart_slot = ChartSlot(IntervalChart, 220)
        right.addWidget(self.chart_slot, 1)
        hint = QLabel(self.tr("Drag a rectangle to zoom, right-click to zoom out. Colours "
                              "show each value's quality flag."))
        hint.setStyleSheet("color: #555")
        hint.setWordWrap(True)
        right.addWidget(hint)
        dl.addLayout(right, 3)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 480])
        lay.addWidget(split)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.point_box.activated.connect(lambda _i: self.load_intervals())
        self.month_box.activated.connect(lambda _i: self.load_intervals())
        self.model.layoutChanged.connect(self._count)
        self.model.modelReset.connect(self._count)
        self.stale = bus.subscribe(self, ("accounts", "bills"), self.refresh) if bus else None

    # ------------------------------------------------------------------ the list
    def showEvent(self, e):
        super().showEvent(e)
        if not self.loaded and self.loading is None:
            self.refresh()
        elif self.stale is not None:
            self.stale.shown()

    def refresh(self) -> None:
        if self.loading is not None:
            return
        self.count.setText(self.tr("Loading…") if not self.loaded else self.count.text())
        self.loading = workers.submit(jobs.load_accounts, self.url, owner=self,
                                      name="accounts", on_success=self.set_table,
                                      on_failure=lambda m, e: show_error(self, m, e),
                                      on_finished=self._loaded)

    def _loaded(self):
        self.loading = None

    def set_table(self, table) -> None:
        self.loaded = True
        self.model.set_table(table)
        fit_columns_once(self.table)
        self._count()
        if self.current is not None:
            self.bills.refresh()

    def _search(self, text: str) -> None:
        self.model.set_search(text)

    def _count(self, *args):
        total = len(self.model.table) if self.model.table is not None else 0
        self.count.setText(self.tr("{n} of {t} accounts").format(
            n=fmt_int(self.model.rowCount()), t=fmt_int(total)))

    # ------------------------------------------------------------------ the detail
    def _selected(self, current, _previous):
        if current.isValid():
            self.show_account(self.model.code_at(current.row()))

    def show_account(self, code: str) -> None:
        self.current = code
        self.bills.set_query(BillQuery(account=code, sort="id", descending=True), keep=[])
        workers.submit(jobs.load_account, self.url, code, owner=self, name="account",
                       on_success=lambda res, c=code: self._detail(c, res),
                       on_failure=lambda m, e: show_error(self, m, e))

    def _bills_loaded(self) -> None:
        fit_columns_once(self.bills_table)

    def _open_bill(self, idx):
        bid = idx.data(KEY_ROLE)
        if bid is not None:
            self.bill_requested.emit(bid)

    def _detail(self, code, d):
        if code != self.current:
            return
        self.detail = d
        addr = f"{d.street}, {d.postcode} {d.city} ({d.country})"
        end = last_day(d.supply_end).isoformat() if d.supply_end else "…"
        self.info.setText(
            f"<b>{d.code}</b> {d.name}<br>{addr}<br>"
            + self.tr("Tariff") + f": {d.tariff or '–'} · "
            + self.tr("Language") + f": {tr_language(d.language)} · "
            + self.tr("E-mail") + f": {d.email or '–'} · "
            + self.tr("Supplied") + f": {d.supply_start} – {end}<br>"
            + self.tr("Groups") + f": {', '.join(d.groups) or '–'} · "
            + self.tr("Communities") + f": {', '.join(d.communities) or '–'}")
        fill_table(self.points, [[p.code, tr_status(p.kind), fmt_int(p.months),
                                  f"{p.first_month:%Y-%m}" if p.first_month else "",
                                  f"{p.last_month:%Y-%m}" if p.last_month else "",
                                  fmt_int(p.versions)] for p in d.points])
        self.point_box.clear()
        for p in d.points:
            self.point_box.addItem(f"{p.code} ({tr_status(p.kind)})", p.id)
        self.month_box.clear()
        p0 = d.points[0] if d.points else None
        for m in months_between(p0.first_month if p0 else None, p0.last_month if p0 else None):
            self.month_box.addItem(f"{m:%Y-%m}", m)
        self.load_intervals()

    def load_intervals(self):
        pid, month = self.point_box.currentData(), self.month_box.currentData()
        if pid is None or month is None:
            self.chart.set_series(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.uint8))
            return
        workers.submit(jobs.load_intervals, self.url, pid, month, add_months(month, 1),
                       owner=self, name="intervals", on_success=self._intervals,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _intervals(self, s):
        self.chart.set_series(s.t, s.kwh, s.flags)
        self.chart.getPlotItem().setTitle(s.point)

    def export_table(self):
        return self.table
