"""The Communities page: members, production against consumption per hour, each member's
allocation (billdesk.engine.allocate on data read by a worker)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from billdesk.domain.period import Period, add_months
from billdesk.gui import jobs, workers
from billdesk.gui.accounts_page import months_between
from billdesk.gui.charts import CommunityChart
from billdesk.gui.common import fit_columns_once, make_table, show_error
from billdesk.gui.formats import (fmt_int, fmt_num, fmt_pct, fmt_period, fmt_price,
                                  tr_status)
from billdesk.gui.models import MembersModel, SortProxy


class CommunitiesPage(QWidget):
    def __init__(self, url: str, bus=None, parent=None):
        super().__init__(parent)
        self.url = url
        self.loaded = False
        self.result = None
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Energy communities:")))
        self.list = QListWidget()
        self.list.setObjectName("communityList")
        self.list.setMaximumWidth(260)
        left.addWidget(self.list, 1)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setMaximumWidth(260)
        left.addWidget(self.about)
        lay.addLayout(left)
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Month:")))
        self.month_box = QComboBox()
        row.addWidget(self.month_box)
        self.summary = QLabel()
        row.addWidget(self.summary, 1)
        right.addLayout(row)
        self.chart = CommunityChart()
        right.addWidget(self.chart, 2)
        self.members = MembersModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.members)
        self.table = make_table("membersTable", self.proxy)
        right.addWidget(self.table, 2)
        lay.addLayout(right, 1)
        self.list.currentItemChanged.connect(lambda *_: self.load_community())
        self.month_box.activated.connect(lambda _i: self.load_community())
        self.stale = bus.subscribe(self, ("communities", "accounts"), self.refresh) \
            if bus else None

    def showEvent(self, e):
        super().showEvent(e)
        if not self.loaded:
            self.refresh()
        elif self.stale is not None:
            self.stale.shown()

    def refresh(self):
        workers.submit(jobs.load_communities, self.url, owner=self, on_success=self._listed,
                       on_failure=lambda m, e: show_error(self, m, e))
        workers.submit(jobs.load_data_months, self.url, owner=self, on_success=self._months)

    def _months(self, months):
        cur = self.month_box.currentData()
        self.month_box.clear()
        for m in months_between(*months):
            self.month_box.addItem(f"{m:%Y-%m}", m)
        i = self.month_box.findData(cur)
        self.month_box.setCurrentIndex(max(i, 0))
        self.load_community()

    def _listed(self, comms):
        self.loaded = True
        self.comms = {c.name: c for c in comms}
        cur = self.list.currentItem().text() if self.list.currentItem() else None
        self.list.blockSignals(True)
        self.list.clear()
        for c in comms:
            self.list.addItem(QListWidgetItem(c.name))
        self.list.blockSignals(False)
        items = self.list.findItems(cur, Qt.MatchFlag.MatchExactly) if cur else []
        self.list.setCurrentRow(self.list.row(items[0]) if items else 0)

    def load_community(self):
        item = self.list.currentItem()
        month = self.month_box.currentData()
        if item is None or month is None:
            return
        c = self.comms[item.text()]
        self.about.setText(
            self.tr("Allocation") + f": <b>{tr_status(c.allocation)}</b><br>"
            + self.tr("Local energy price") + f": {fmt_price(c.local_price, unit='kWh')}<br>"
            + self.tr("Members") + f": {fmt_int(c.members)}<br>"
            + self.tr("Production points") + ":<br>" + "<br>".join(c.production_points))
        self.summary.setText(self.tr("Allocating…"))
        period = Period(month, add_months(month, 1))
        workers.submit(jobs.load_community, self.url, c.name, period, owner=self,
                       on_success=self._allocated,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _allocated(self, r):
        item = self.list.currentItem()
        if item is None or item.text() != r.name:
            return
        self.result = r
        self.chart.set_data(r.t, r.production, r.consumption, r.local)
        self.chart.getPlotItem().setTitle(
            f"{r.name} · {fmt_period(r.period.start, r.period.end)}")
        self.members.set_rows(r.members)
        fit_columns_once(self.table)
        prod, local, cons = r.production.sum(), r.local.sum(), r.consumption.sum()
        self.summary.setText(self.tr(
            "production {p} kWh · allocated {l} kWh ({s} used locally) · "
            "members' consumption {c} kWh ({a} covered)").format(
            p=fmt_num(prod, 0), l=fmt_num(local, 0), s=fmt_pct(local / prod if prod else 0, 0),
            c=fmt_num(cons, 0), a=fmt_pct(local / cons if cons else 0, 0)))


