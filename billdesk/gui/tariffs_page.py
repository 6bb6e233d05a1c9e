"""The Tariffs & Prices page: every tariff with all its versions; for the version chosen its
components with their prices (flat, time-of-use per period, dynamic formula), VAT and
labels in every language, and its time-of-use schedule; the index price series with a
chart."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QSplitter, QTableWidget, QTabWidget,
                               QVBoxLayout, QWidget)

from billdesk.gui import jobs, workers
from billdesk.gui.accounts_page import fill_table, small_table
from billdesk.gui.charts import ChartSlot, PriceChart, chart_in
from billdesk.gui.common import fit_columns_once, make_table, show_error
from billdesk.gui.formats import fmt_date, fmt_int, fmt_num, fmt_price, fmt_rate, last_day
from billdesk.gui.models import ROW_ROLE, PriceSeriesModel, SortProxy, TariffsModel


def tr_component(ctype: str) -> str:
    from PySide6.QtCore import QCoreApplication
    return {"base_fee": QCoreApplication.translate("Tariffs", "base fee"),
            "energy": QCoreApplication.translate("Tariffs", "energy"),
            "grid": QCoreApplication.translate("Tariffs", "grid usage"),
            "power": QCoreApplication.translate("Tariffs", "power charge"),
            "levy": QCoreApplication.translate("Tariffs", "levy"),
            "feed_in": QCoreApplication.translate("Tariffs", "feed-in compensation"),
            "community_energy": QCoreApplication.translate("Tariffs",
                                                           "community energy")}.get(ctype, ctype)


def tr_pricing(p: str) -> str:
    from PySide6.QtCore import QCoreApplication
    return {"flat": QCoreApplication.translate("Tariffs", "flat"),
            "tou": QCoreApplication.translate("Tariffs", "time of use"),
            "dynamic": QCoreApplication.translate("Tariffs", "dynamic")}.get(p, p)


def tr_days(days) -> str:
    from PySide6.QtCore import QCoreApplication
    names = {"weekday": QCoreApplication.translate("Tariffs", "Monday–Friday"),
             "saturday": QCoreApplication.translate("Tariffs", "Saturday"),
             "sunday": QCoreApplication.translate("Tariffs", "Sunday"),
             "weekend": QCoreApplication.translate("Tariffs", "weekend"),
             "holiday": QCoreApplication.translate("Tariffs", "public holiday"),
             "all": QCoreApplication.translate("Tariffs", "every day")}
    if isinstance(days, str):
        days = [days]
    return ", ".join(names.get(d, d) for d in days)


def price_text(c: dict, currency: str) -> str:
    """What a component costs, as a clerk reads it."""
    unit = {"base_fee": "month", "power": "kW"}.get(c.get("type"), "kWh")
    pricing = c.get("pricing", "flat")
    if pricing == "flat":
        return fmt_price(Decimal(str(c["price"])), currency, unit)
    if pricing == "tou":
        return " · ".join(f"{name} {fmt_price(Decimal(str(p)), currency, unit)}"
                          for name, p in c.get("prices", {}).items())
    mult, off = Decimal(str(c.get("multiplier", "1"))), Decimal(str(c.get("offset", "0")))
    return (f"{c.get('series')} × {fmt_num(mult, 2)} + {fmt_price(off, currency, 'kWh')}")


def label_text(c: dict) -> tuple[str, str]:
    """(default label, all languages) of a component."""
    lab = c.get("label")
    if isinstance(lab, dict):
        first = next(iter(lab.values()))
        return first, " · ".join(f"{k}: {v}" for k, v in lab.items())
    return str(lab or ""), str(lab or "")


class TariffsPage(QWidget):
    chart = chart_in("chart_slot")     # made just after the page (ChartSlot)

    def __init__(self, url: str, bus=None, parent=None):
        super().__init__(parent)
        self.url = url
        self.points = {}
        self.loaded = False
        lay = QVBoxLayout(self)
        tabs = QTabWidget()
        t1 = QWidget()
        l1 = QVBoxLayout(t1)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = TariffsModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("tariffsTable", self.proxy, stretch=TariffsModel.Col.NAME)
        split.addWidget(self.table)
        mid = QWidget()
        ml = QHBoxLayout(mid)
        ml.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Versions (all):")))
        self.versions = small_table([self.tr("Valid from"), self.tr("Valid until"),
                                     self.tr("Components")], [])
        self.versions.setObjectName("tariffVersions")
        self.versions.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        left.addWidget(self.versions)
        ml.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Time-of-use schedule of the version:")))
        self.schedule = small_table([self.tr("Days"), self.tr("From"), self.tr("To"),
                                     self.tr("Period")], [])
        self.schedule.setObjectName("tariffSchedule")
        right.addWidget(self.schedule)
        ml.addLayout(right, 1)
        split.addWidget(mid)
        comp = QWidget()
        cl = QVBoxLayout(comp)
        cl.setContentsMargins(0, 0, 0, 0)
        self.components_label = QLabel(self.tr("Components of the version:"))
        cl.addWidget(self.components_label)
        self.components = small_table([self.tr("Type"), self.tr("Pricing"), self.tr("Label"),
                                       self.tr("Price"), self.tr("VAT"),
                                       self.tr("Labels by language")], [])
        self.components.setObjectName("tariffComponents")
        cl.addWidget(self.components)
        split.addWidget(comp)
        split.setSizes([220, 170, 260])
        l1.addWidget(split)
        tabs.addTab(t1, self.tr("Tariffs"))
        t2 = QWidget()
        l2 = QVBoxLayout(t2)
        self.series = PriceSeriesModel(self)
        self.series_proxy = SortProxy(self)
        self.series_proxy.setSourceModel(self.series)
        self.series_table = make_table("priceSeriesTable", self.series_proxy)
        self.series_table.setMaximumHeight(140)
        l2.addWidget(self.series_table)
        self.chart_slot = ChartSlot(PriceChart)
        l2.addWidget(self.chart_slot, 1)
        tabs.addTab(t2, self.tr("Index prices"))
        lay.addWidget(tabs)
        self.tabs = tabs
        self.table.selectionModel().currentRowChanged.connect(self._tariff)
        self.versions.currentCellChanged.connect(lambda r, *_: self._version(r))
        self.series_table.selectionModel().currentRowChanged.connect(self._series)
        self.stale = bus.subscribe(self, ("tariffs",), self.refresh) if bus else None

    def showEvent(self, e):
        super().showEvent(e)
        if not self.loaded:
            self.refresh()
        elif self.stale is not None:
            self.stale.shown()

    def refresh(self):
        workers.submit(jobs.load_tariffs, self.url, owner=self, on_success=self._loaded,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _loaded(self, result):
        self.loaded = True
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

    def current_tariff(self):
        idx = self.table.currentIndex()
        return idx.data(ROW_ROLE) if idx.isValid() else None

    def _tariff(self, current, _prev):
        t = current.data(ROW_ROLE) if current.isValid() else None
        rows = []
        for v in (t.versions if t else ()):
            rows.append([fmt_date(v.valid_from),
                         fmt_date(last_day(v.valid_to)) if v.valid_to else self.tr("open"),
                         len(v.definition.get("components", ()))])
        fill_table(self.versions, rows)
        if rows:
            self.versions.selectRow(len(rows) - 1)        # the latest version
            self._version(len(rows) - 1)
        else:
            self._version(-1)

    def _version(self, row: int) -> None:
        t = self.current_tariff()
        if t is None or not 0 <= row < len(t.versions):
            fill_table(self.components, [])
            fill_table(self.schedule, [])
            return
        v = t.versions[row]
        d = v.definition
        self.components_label.setText(self.tr("Components of {code}, valid from {d}:").format(
            code=t.code, d=fmt_date(v.valid_from)))
        comps = []
        for c in d.get("components", ()):
            first, every = label_text(c)
            comps.append([tr_component(c.get("type", "")), tr_pricing(c.get("pricing", "flat")),
                          first, price_text(c, t.currency), fmt_rate(c.get("vat_rate", "0")),
                          every])
        fill_table(self.components, comps)
        rules = []
        sched = d.get("schedule")
        own = [c for c in d.get("components", ()) if c.get("schedule")]
        for s, whose in ([(sched, "")] if sched else []) + [
                (c["schedule"], label_text(c)[0]) for c in own]:
            for r in s.get("rules", ()):
                rules.append([tr_days(r.get("days")), r.get("from"), r.get("to"),
                              r.get("period") + (f" ({whose})" if whose else "")])
            rules.append([self.tr("any other time"), "", "", s.get("default", "")
                          + (f" ({whose})" if whose else "")])
        if not rules:
            rules = [[self.tr("no time-of-use periods"), "", "", ""]]
        fill_table(self.schedule, rules)

    def _series(self, current, _prev):
        r = current.data(ROW_ROLE) if current.isValid() else None
        if r is not None and r.code in self.points:
            t, p = self.points[r.code]
            self.chart.set_series(t, p)
            self.chart.getPlotItem().setTitle(
                self.tr("{code}: latest {n} prices").format(code=r.code, n=fmt_int(len(t))))


