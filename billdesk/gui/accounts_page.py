"""The Accounts page: the portfolio's accounts, one account's details, metering data (chart
and quality per month) and bills."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout,
                               QWidget)

from billdesk.domain.period import add_months
from billdesk.gui import jobs, workers
from billdesk.gui.charts import IntervalChart
from billdesk.gui.common import (fill_table, fit_columns_once, make_table, months_between,
                                 show_error, small_table)
from billdesk.gui.models import AccountsModel, BillsModel
from billdesk.gui.row_model import ROW_ROLE, SortProxy


class AccountsPage(QWidget):
    bill_requested = Signal(int)

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.current = None
        self.detail = None
        lay = QVBoxLayout(self)
        self.search = QLineEdit(placeholderText=self.tr("Search account, name or city"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = AccountsModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = make_table("accountsTable", self.proxy)
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
        self.bills = BillsModel(self)
        self.bills_proxy = SortProxy(self)
        self.bills_proxy.setSourceModel(self.bills)
        self.bills_table = make_table("accountBillsTable", self.bills_proxy)
        if not self.bills_table.restored:
            self.bills_table.sortByColumn(BillsModel.Col.ID, Qt.SortOrder.DescendingOrder)
        self.bills_table.doubleClicked.connect(
            lambda idx: self.bill_requested.emit(idx.data(ROW_ROLE).id))
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
        self.chart = IntervalChart()
        right.addWidget(self.chart, 1)
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

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        fit_columns_once(self.table)

    def _selected(self, current, _previous):
        r = current.data(ROW_ROLE) if current.isValid() else None
        if r is not None:
            self.show_account(r.code)

    def show_account(self, code: str) -> None:
        self.current = code
        workers.submit(jobs.load_account, self.url, code,
                       on_success=lambda res, c=code: self._loaded(c, res),
                       on_failure=lambda m, e: show_error(self, m, e))

    def _loaded(self, code, result):
        if code != self.current:
            return
        d, bills = result
        self.detail = d
        addr = f"{d.street}, {d.postcode} {d.city} ({d.country})"
        self.info.setText(
            f"<b>{d.code}</b> {d.name}<br>{addr}<br>"
            + self.tr("Tariff") + f": {d.tariff or '–'} · "
            + self.tr("Language") + f": {d.language} · "
            + self.tr("Supplied") + f": {d.supply_start} – {d.supply_end or '…'}<br>"
            + self.tr("Groups") + f": {', '.join(d.groups) or '–'} · "
            + self.tr("Communities") + f": {', '.join(d.communities) or '–'}")
        fill_table(self.points, [[p.code, p.kind, p.months, p.first_month, p.last_month,
                                  p.versions] for p in d.points])
        self.bills.set_rows(bills)
        fit_columns_once(self.bills_table)
        self.point_box.clear()
        for p in d.points:
            self.point_box.addItem(f"{p.code} ({p.kind})", p.id)
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
                       on_success=self._intervals,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _intervals(self, s):
        self.chart.set_series(s.t, s.kwh, s.flags)
        self.chart.getPlotItem().setTitle(s.point)
