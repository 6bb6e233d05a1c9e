"""Accounts (with detail), Communities, Bills (with a bill dialog) and Tariffs & Prices pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from billdesk.domain.period import Period, add_months
from billdesk.gui import jobs, workers
from billdesk.gui.charts import CommunityChart, IntervalChart, PriceChart
from billdesk.gui.common import fit_columns_once, make_table, pdf_folder, show_error
from billdesk.gui.formats import fmt_money, fmt_period, tr_status
from billdesk.gui.models import (ROW_ROLE, AccountsModel, BillsModel, LinesModel, MembersModel,
                                 PriceSeriesModel, SortProxy, TariffsModel)


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


# --------------------------------------------------------------------------- accounts
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


# --------------------------------------------------------------------------- communities
class CommunitiesPage(QWidget):
    statement_written = Signal(str)

    def __init__(self, url: str, parent=None):
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

    def refresh(self):
        workers.submit(jobs.load_communities, self.url, on_success=self._listed,
                       on_failure=lambda m, e: show_error(self, m, e))
        workers.submit(jobs.load_data_months, self.url, on_success=self._months)

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
            + (f" ({c.rules})" if c.rules else "") + "<br>"
            + self.tr("Allocation") + f": <b>{c.allocation}</b><br>"
            + self.tr("Local energy price") + f": {c.local_prices or c.local_price}<br>"
            + self.tr("Members") + f": {c.members}<br>"
            + self.tr("Production points (→ producer)") + ":<br>" + "<br>".join(points))
        self.summary.setText(self.tr("Allocating…"))
        period = Period(month, add_months(month, 1))
        workers.submit(jobs.load_community, self.url, c.name, period,
                       on_success=self._allocated,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _allocated(self, r):
        item = self.list.currentItem()
        if item is None or item.text() != r.name:
            return
        self.result = r
        self.chart.set_data(r.t, r.production, r.consumption, r.local)
        self.chart.getPlotItem().setTitle(f"{r.name} · {r.period}")
        self.members.set_rows(r.members)
        fit_columns_once(self.table)
        self.producers.setText(
            self.tr("Producers (self-billing credit notes)") + ": " + "; ".join(
                self.tr("{a}: {k:,.1f} kWh sold, {s:,.1f} kWh surplus").format(a=a, k=k, s=sp)
                for a, k, sp in r.producers) if r.producers else
            self.tr("No producer account is paid for this community's production."))
        if r.error:
            self.summary.setText(self.tr("Allocation error: {e}").format(e=r.error))
            return
        prod, local, cons = r.production.sum(), r.local.sum(), r.consumption.sum()
        self.summary.setText(self.tr(
            "production {p:,.0f} kWh · allocated {l:,.0f} kWh ({s:.0%} used locally) · "
            "members' consumption {c:,.0f} kWh ({a:.0%} covered)").format(
            p=prod, l=local, s=local / prod if prod else 0, c=cons,
            a=local / cons if cons else 0))


    def statement_period(self) -> Period | None:
        month = self.month_box.currentData()
        if month is None:
            return None
        return Period(date(month.year, 1, 1), date(month.year + 1, 1, 1))

    def ask_statement_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog

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
                       on_success=done, on_failure=failed)


# --------------------------------------------------------------------------- bills
class BillDialog(QDialog):
    def __init__(self, url: str, bill_id: int, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Bill {id}").format(id=bill_id))
        self.resize(760, 520)
        self.bill = None
        lay = QVBoxLayout(self)
        self.head = QLabel(self.tr("Loading…"))
        self.head.setWordWrap(True)
        self.head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.head)
        self.lines = LinesModel(self)
        self.table = make_table("billLinesTable", self.lines, sortable=False)
        lay.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        lay.addWidget(self.totals)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton(self.tr("Open PDF"))
        self.pdf_button.setEnabled(False)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self.open_pdf)
        lay.addWidget(buttons)
        workers.submit(jobs.load_bill, url, bill_id, on_success=self._loaded,
                       on_failure=lambda m, e: self.head.setText(m))

    def pdf_path(self) -> Path | None:
        b = self.bill
        if b is None or not b.number:
            return None
        folder = Path(pdf_folder())
        if not folder.is_dir():
            return None
        hits = sorted(folder.glob(f"{b.number}_*.pdf"))
        return hits[0] if hits else None

    def _loaded(self, b):
        self.bill = b
        self.head.setText(
            f"<b>{b.number or self.tr('draft')}</b> · {tr_status(b.kind)} · "
            f"{tr_status(b.status)}<br>" + self.tr("Account") + f": {b.account} · "
            + self.tr("Period") + f": {fmt_period(b.period_start, b.period_end)} · "
            + self.tr("Run") + f": #{b.run_id}"
            + (f" · {self.tr('corrects bill')} #{b.corrects}" if b.corrects else ""))
        self.lines.set_rows(b.lines)
        self.table.resizeColumnsToContents()
        self.totals.setText(
            self.tr("Net") + f" {fmt_money(b.net_total)} · " + self.tr("VAT")
            + f" {fmt_money(b.vat_total)} · <b>" + self.tr("Total")
            + f" {b.currency} {fmt_money(b.total)}</b>")
        path = self.pdf_path()
        self.pdf_button.setEnabled(path is not None)
        self.pdf_button.setToolTip(str(path) if path else
                                   self.tr("Not exported yet (Export PDFs on the run)"))

    def open_pdf(self):
        path = self.pdf_path()
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class BillsPage(QWidget):
    bill_requested = Signal(int)

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search number, account or name"))
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        row.addWidget(QLabel(self.tr("Status:")))
        self.status = QComboBox()
        self.status.addItem(self.tr("All"), None)
        for s in ("draft", "issued", "cancelled"):
            self.status.addItem(tr_status(s), s)
        row.addWidget(self.status)
        row.addWidget(QLabel(self.tr("Kind:")))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All"), None)
        for k in ("invoice", "credit_note"):
            self.kind.addItem(tr_status(k), k)
        row.addWidget(self.kind)
        lay.addLayout(row)
        row.addWidget(QLabel(self.tr("Delivery:")))
        self.delivery = QComboBox()
        self.delivery.setObjectName("billsDeliveryFilter")
        from billdesk.gui.send_models import DeliveryColumnProxy, tr_delivery

        self.delivery.addItem(self.tr("All"), None)
        for d in ("", "queued", "sent", "failed", "unknown", "bounced", "print", "printed"):
            self.delivery.addItem(tr_delivery(d), d)
        row.addWidget(self.delivery)
        self.model = BillsModel(self)
        self.with_delivery = DeliveryColumnProxy(
            lambda r: self.model.rows()[r].id if 0 <= r < len(self.model.rows())
            and self.model.rows()[r].number else None,
            self)
        self.with_delivery.setSourceModel(self.model)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.with_delivery)
        self.table = make_table("billsTable", self.proxy)
        if not self.table.restored:
            self.table.sortByColumn(BillsModel.Col.ID, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(
            lambda idx: self.bill_requested.emit(idx.data(ROW_ROLE).id))
        lay.addWidget(self.table)
        self.count = QLabel()
        lay.addWidget(self.count)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status.currentIndexChanged.connect(
            lambda: self.proxy.set_exact(BillsModel.Col.STATUS, self.status.currentData()))
        self.kind.currentIndexChanged.connect(
            lambda: self.proxy.set_exact(BillsModel.Col.KIND, self.kind.currentData()))
        self.delivery.currentIndexChanged.connect(
            lambda: self.proxy.set_exact(self.with_delivery.extra(),
                                         self.delivery.currentData()))
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)

    def _count(self):
        self.count.setText(self.tr("{n} of {t} bills (the latest 50,000)").format(
            n=f"{self.proxy.rowCount():,}", t=f"{self.model.rowCount():,}"))

    def refresh(self):
        workers.submit(jobs.load_bills, self.url, on_success=self._loaded,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _loaded(self, rows):
        self.model.set_rows(rows)
        fit_columns_once(self.table)
        self._count()
        from billdesk.gui import send_jobs

        ids = [r.id for r in rows if r.number]
        if ids:
            workers.submit(send_jobs.load_delivery_status, self.url, ids,
                           on_success=self._delivery_loaded,
                           on_failure=lambda m, e: show_error(self, m, e))

    def _delivery_loaded(self, statuses):
        self.with_delivery.set_statuses(statuses)
        if self.delivery.currentData() is not None:
            self.proxy.invalidate()
        self._count()


# --------------------------------------------------------------------------- tariffs
class TariffsPage(QWidget):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.points = {}
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        t1 = QWidget()
        l1 = QVBoxLayout(t1)
        self.model = TariffsModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("tariffsTable", self.proxy)
        l1.addWidget(self.table, 2)
        l1.addWidget(QLabel(self.tr("Components of the latest version:")))
        self.components = small_table([self.tr("Type"), self.tr("Pricing"), self.tr("Label"),
                                       self.tr("VAT %")], [])
        l1.addWidget(self.components, 2)
        tabs.addTab(t1, self.tr("Tariffs"))
        t2 = QWidget()
        l2 = QVBoxLayout(t2)
        self.series = PriceSeriesModel(self)
        self.series_proxy = SortProxy(self)
        self.series_proxy.setSourceModel(self.series)
        self.series_table = make_table("priceSeriesTable", self.series_proxy)
        self.series_table.setMaximumHeight(140)
        l2.addWidget(self.series_table)
        self.chart = PriceChart()
        l2.addWidget(self.chart, 1)
        tabs.addTab(t2, self.tr("Index prices"))
        lay.addWidget(tabs)
        self.tabs = tabs
        self.table.selectionModel().currentRowChanged.connect(self._tariff)
        self.series_table.selectionModel().currentRowChanged.connect(self._series)

    def refresh(self):
        workers.submit(jobs.load_tariffs, self.url, on_success=self._loaded,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _loaded(self, result):
        tariffs, series, points = result
        self.points = points
        self.model.set_rows(tariffs)
        self.series.set_rows(series)
        fit_columns_once(self.table)
        fit_columns_once(self.series_table)
        if tariffs:
            self.table.selectRow(0)
        if series:
            self.series_table.selectRow(0)

    def _tariff(self, current, _prev):
        r = current.data(ROW_ROLE) if current.isValid() else None
        fill_table(self.components, [list(c) for c in (r.components if r else ())])

    def _series(self, current, _prev):
        r = current.data(ROW_ROLE) if current.isValid() else None
        if r is not None and r.code in self.points:
            t, p = self.points[r.code]
            self.chart.set_series(t, p)
            self.chart.getPlotItem().setTitle(
                self.tr("{code}: latest {n} prices").format(code=r.code, n=len(t)))
