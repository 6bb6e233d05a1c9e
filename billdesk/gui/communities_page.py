"""The Communities page: type, rules and producers; members, production against consumption
per hour, each member's allocation as a bill run computes it (on a worker: delivered series
checked, producers' credits), and the community statement (PDF or CSV) written on a worker."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from billdesk.domain.period import Period, add_months
from billdesk.gui import jobs, workers
from billdesk.gui.accounts_page import months_between
from billdesk.gui.charts import ChartSlot, CommunityChart, chart_in
from billdesk.gui.common import fit_columns_once, make_table, pdf_folder, show_error
from billdesk.gui.formats import (fmt_int, fmt_num, fmt_pct, fmt_period, fmt_price, fmt_rate,
                                  tr_status)
from billdesk.gui.models import MembersModel, SortProxy


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class CommunitiesPage(QWidget):
    statement_written = Signal(str)

    chart = chart_in("chart_slot")     # made just after the page (ChartSlot)

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
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        self.statement_button = QPushButton(self.tr("Statement…"))
        self.statement_button.setObjectName("communityStatement")
        self.statement_button.setToolTip(self.tr(
            "The community statement for the year of the month shown (PDF or CSV): "
            "production, local use, surplus, members and producers"))
        self.statement_button.clicked.connect(self.save_statement)
        row.addWidget(self.statement_button)
        right.addLayout(row)
        self.producers = QLabel()
        self.producers.setObjectName("communityProducers")
        self.producers.setWordWrap(True)
        right.addWidget(self.producers)
        self.chart_slot = ChartSlot(CommunityChart)
        right.addWidget(self.chart_slot, 2)
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
        paid = dict(c.producers)
        points = [f"{p} → {paid[p]}" if p in paid else p for p in c.production_points]
        self.about.setText(
            self.tr("Type") + f": <b>{c.type.upper()}</b>"
            + (f" ({self.rules_text(c.rules)})" if c.rules else "") + "<br>"
            + self.tr("Allocation") + f": <b>{tr_status(c.allocation)}</b><br>"
            + self.tr("Local energy price") + ": "
            + (c.local_prices or fmt_price(c.local_price, unit='kWh')) + "<br>"
            + self.tr("Members") + f": {fmt_int(c.members)}<br>"
            + self.tr("Production points (→ producer)") + ":<br>" + "<br>".join(points))
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
        self.producers.setText(
            self.tr("Producers (self-billing credit notes)") + ": " + "; ".join(
                self.tr("{a}: {k} kWh sold, {s} kWh surplus").format(
                    a=a, k=fmt_num(k, 1), s=fmt_num(sp, 1))
                for a, k, sp in r.producers) if r.producers else
            self.tr("No producer account is paid for this community's production."))
        if r.error:
            self.summary.setText(self.tr("Allocation error: {e}").format(e=r.error))
            return
        prod, local, cons = r.production.sum(), r.local.sum(), r.consumption.sum()
        self.summary.setText(self.tr(
            "production {p} kWh · allocated {l} kWh ({s} used locally) · "
            "members' consumption {c} kWh ({a} covered)").format(
            p=fmt_num(prod, 0), l=fmt_num(local, 0), s=fmt_pct(local / prod if prod else 0, 0),
            c=fmt_num(cons, 0), a=fmt_pct(local / cons if cons else 0, 0)))

    def rules_text(self, rules: str) -> str:
        """A community's rules (billdesk.store.portfolio) in the window's language."""
        # the percentage in the locale's one percent format (as the summary's: "26%")
        if (m := re.fullmatch(r"grid discount (\S+) %", rules)) and _number(m[1]):
            return self.tr("grid discount {p}").format(p=fmt_rate(m[1]))
        if (m := re.fullmatch(r"price cap (\S+) % of the standard product", rules)) \
                and _number(m[1]):
            return self.tr("price cap {p} of the standard product").format(p=fmt_rate(m[1]))
        if rules == "price cap: external product":
            return self.tr("price cap: external product")
        return rules

    def statement_period(self) -> Period | None:
        month = self.month_box.currentData()
        if month is None:
            return None
        return Period(date(month.year, 1, 1), date(month.year + 1, 1, 1))

    def ask_statement_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Community statement"), suggested,
                                              self.tr("PDF (*.pdf);;CSV (*.csv)"))
        return path

    def save_statement(self):
        item = self.list.currentItem()
        period = self.statement_period()
        if item is None or period is None:
            return
        name = item.text()
        safe = "".join(ch if ch.isalnum() else "-" for ch in name)
        path = self.ask_statement_path(str(Path(pdf_folder()) /
                                           f"{safe}-{period.start:%Y}.pdf"))
        if not path:
            return
        if not path.lower().endswith((".pdf", ".csv")):
            path += ".pdf"
        self.statement_button.setEnabled(False)
        self.summary.setText(self.tr("Writing the statement…"))

        def done(p):
            self.statement_button.setEnabled(True)
            self.summary.setText(self.tr("Statement written to {p}").format(p=p))
            self.statement_written.emit(p)

        def failed(m, e):
            self.statement_button.setEnabled(True)
            show_error(self, m, e)

        workers.submit(jobs.write_community_statement, self.url, name, period, path,
                       owner=self, long=True, on_success=done, on_failure=failed)
