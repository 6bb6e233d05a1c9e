"""The Tariffs & Prices page: tariff versions with their components, index price series."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from billdesk.gui import jobs, workers
from billdesk.gui.charts import PriceChart
from billdesk.gui.common import fill_table, fit_columns_once, make_table, show_error, small_table
from billdesk.gui.models import PriceSeriesModel, TariffsModel
from billdesk.gui.row_model import ROW_ROLE, SortProxy


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
