"""pyqtgraph charts: one item per series, updated with setData; DateAxisItem for time axes."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSize, QTimer
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from billdesk.gui.formats import QUALITY_COLOURS, fmt_int, fmt_pct

pg.setConfigOptions(antialias=True, background="w", foreground="#333")


def cache_static(chart: pg.PlotWidget, *items) -> None:
    """Axes, title and ``items`` (labels, legend) painted from a pixmap until they change:
    replaying an axis's ticks and texts costs ~5 ms per paint, and every call of a Python
    ``paint`` from Qt takes the interpreter lock again — with the app's other threads busy,
    a chart's repaint took 30–140 ms (bench/bench_gui_large.py). Qt redraws a cached item
    when it changes (``update``), so what is shown stays the same."""
    pi = chart.getPlotItem()
    cached = [a["item"] for a in pi.axes.values()] + [pi.titleLabel, *items]
    for item in cached:
        if item is not None:
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def series(**kwargs) -> pg.PlotDataItem:
    """A curve of hundreds to thousands of points (hours, quarter hours) drawn without
    antialiasing: QPainter's antialiased path of a month's 744 hours took 28-35 ms per paint
    of the Communities page's chart, 7-10 ms without (a year's 8,760: 430 against 20 ms) —
    the largest part of the GUI thread's work when that page was shown (issue 14). At one
    point per pixel or denser the lines look the same."""
    return pg.PlotDataItem(antialias=False, **kwargs)


def quality_label(i: int) -> str:
    return (QCoreApplication.translate("Charts", "measured"),
            QCoreApplication.translate("Charts", "substituted"),
            QCoreApplication.translate("Charts", "estimated"),
            QCoreApplication.translate("Charts", "missing"))[i]


class ChartSlot(QWidget):
    """Where a page's chart goes. A pyqtgraph chart takes 30-100 ms to make and paint first:
    made with its page, it lengthens the one step that builds and shows the page. The slot
    makes it ``delay`` ms after the page (its own event-loop turn), or when first used
    (``chart``), whichever comes first."""

    def __init__(self, make, min_height: int = 160, delay: int = 0, parent=None):
        super().__init__(parent)
        self._make = make
        self._chart = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(min_height)
        QTimer.singleShot(delay, self, self.chart)

    def sizeHint(self) -> QSize:
        """A chart's (pyqtgraph's 600 x 480): the layout is the same before the chart is made."""
        return self._chart.sizeHint() if self._chart is not None else QSize(600, 480)

    def chart(self):
        if self._chart is None:
            self._chart = self._make()
            self.layout().addWidget(self._chart)
        return self._chart


def chart_in(slot_name: str) -> property:
    """A page attribute reading the chart of its ChartSlot (made then if not yet)."""
    return property(lambda page: getattr(page, slot_name).chart())


PERCENT_TICKS = [(v, str(v)) for v in range(0, 101, 20)]


class QualityMixChart(pg.PlotWidget):
    """Intervals per quality flag (bars), plus accounts passing/failing when given."""

    def __init__(self, parent=None, title: str | None = None):
        super().__init__(parent, enableMenu=False)   # no context menu made (~5 ms)
        self.setMinimumHeight(160)
        self.getPlotItem().setTitle(title or QCoreApplication.translate("Charts",
                                                                        "Data quality mix (intervals)"))
        self.getPlotItem().showGrid(y=True, alpha=0.3)
        self.bars = [pg.BarGraphItem(x=[i], height=[0], width=0.6, brush=QUALITY_COLOURS[i],
                                     pen=None) for i in range(4)]
        for b in self.bars:
            self.addItem(b)
        # the share printed over each bar: 0.4 % substituted is invisible as a bar next to
        # 99 % measured, but a clerk needs to read it
        self.labels = [pg.TextItem("", anchor=(0.5, 1.0), color="#333") for _ in range(4)]
        for i, lab in enumerate(self.labels):
            lab.setPos(i, 0)
            self.addItem(lab)
        ax = self.getAxis("bottom")
        ax.setTicks([[(i, quality_label(i)) for i in range(4)]])
        self.getViewBox().setMouseEnabled(x=False, y=False)
        self.setXRange(-0.6, 3.6, padding=0)
        # the view goes to 118 so that the label over a 100 % bar fits; the scale itself ends
        # at 100 % (automatic ticks ran to 110)
        self.getAxis("left").setTicks([PERCENT_TICKS, [(v, "") for v in range(10, 100, 20)]])
        cache_static(self, *self.labels)

    def set_counts(self, counts) -> None:
        """counts: QualityCounts or a sequence of 4 numbers."""
        if hasattr(counts, "measured"):
            counts = [counts.measured, counts.substituted, counts.estimated, counts.missing]
        vals = [float(c) for c in counts]
        total = sum(vals) or 1.0
        for i, b in enumerate(self.bars):
            share = vals[i] / total * 100.0
            b.setOpts(height=[share])
            text = fmt_pct(share / 100.0, 1 if share >= 0.1 or share == 0 else 2)
            self.labels[i].setText(f"{text}\n{fmt_int(int(vals[i]))}")
            self.labels[i].setPos(i, share + 1.5)
        self.getAxis("left").setLabel(QCoreApplication.translate("Charts", "% of intervals"))
        self.setYRange(0, 118, padding=0.0)


class HistogramChart(pg.PlotWidget):
    """Distribution of amounts (one stepped curve)."""

    def __init__(self, parent=None, title: str | None = None, unit: str = ""):
        super().__init__(parent, enableMenu=False)   # no context menu made (~5 ms)
        self.setMinimumHeight(160)
        self.getPlotItem().setTitle(title or QCoreApplication.translate("Charts",
                                                                        "Amount distribution"))
        self.getPlotItem().showGrid(y=True, alpha=0.3)
        self.curve = pg.PlotDataItem(stepMode="center", fillLevel=0, fillOutline=True,
                                     brush=(13, 110, 253, 90), pen=pg.mkPen("#0d6efd"))
        self.addItem(self.curve)
        self.getAxis("left").setLabel(QCoreApplication.translate("Charts", "bills"))
        if unit:
            self.getAxis("bottom").setLabel(unit)
        cache_static(self)

    def set_values(self, values: np.ndarray, bins: int = 40) -> None:
        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        if not len(v):
            self.curve.setData([0, 1], [0])
            return
        lo, hi = np.percentile(v, [0.5, 99.5]) if len(v) > 50 else (v.min(), v.max())
        if hi <= lo:
            hi = lo + 1
        y, x = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
        self.curve.setData(x, y)


class IntervalChart(pg.PlotWidget):
    """Interval data over time; one scatter series per quality flag, plus the line."""

    def __init__(self, parent=None):
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setMinimumHeight(220)
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("left", QCoreApplication.translate("Charts", "kWh per 15 min"))
        pi.getAxis("left").enableAutoSIPrefix(False)
        pi.addLegend(offset=(-10, 10))
        self.line = series(pen=pg.mkPen("#9aa5b1", width=1))
        self.addItem(self.line)
        self.flags = []
        for i in range(4):
            item = pg.ScatterPlotItem(size=4, pen=None, brush=QUALITY_COLOURS[i],
                                      name=quality_label(i))
            self.addItem(item)
            self.flags.append(item)
        self.getViewBox().setMouseMode(pg.ViewBox.RectMode)  # drag a rectangle to zoom
        cache_static(self, pi.legend)

    def set_series(self, t: np.ndarray, kwh: np.ndarray, flags: np.ndarray) -> None:
        self.line.setData(t, kwh)
        for i, item in enumerate(self.flags):
            m = flags == i
            # measured values are the normal case: only mark them when few points are shown
            if i == 0 and len(t) > 3000:
                item.setData([], [])
            else:
                item.setData(t[m], kwh[m])
        if len(t):
            self.getViewBox().autoRange()


class CommunityChart(pg.PlotWidget):
    """Production, consumption and locally allocated energy per hour."""

    def __init__(self, parent=None):
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setMinimumHeight(220)
        pi = self.getPlotItem()
        pi.showGrid(x=True, y=True, alpha=0.25)
        pi.setLabel("left", QCoreApplication.translate("Charts", "kWh per hour"))
        pi.getAxis("left").enableAutoSIPrefix(False)
        pi.addLegend(offset=(-10, 10))
        self.consumption = series(pen=pg.mkPen("#6c757d", width=1),
                                           name=QCoreApplication.translate("Charts", "consumption"))
        self.production = series(pen=pg.mkPen("#f9a825", width=1.5),
                                          name=QCoreApplication.translate("Charts", "production"))
        self.local = series(pen=pg.mkPen("#2e7d32", width=1), fillLevel=0,
                                     brush=(46, 125, 50, 70), name=QCoreApplication.translate("Charts",
                                                                                              "allocated locally"))
        for item in (self.consumption, self.production, self.local):
            self.addItem(item)
        cache_static(self, pi.legend)

    def set_data(self, t, production, consumption, local) -> None:
        self.consumption.setData(t, consumption)
        self.production.setData(t, production)
        self.local.setData(t, local)
        self.getViewBox().autoRange()


class PriceChart(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setMinimumHeight(180)
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.25)
        self.getPlotItem().setLabel("left", QCoreApplication.translate("Charts", "price per kWh"))
        self.getPlotItem().getAxis("left").enableAutoSIPrefix(False)
        self.curve = series(pen=pg.mkPen("#0d6efd", width=1))
        self.addItem(self.curve)
        cache_static(self)

    def set_series(self, t, price) -> None:
        self.curve.setData(t, price)
        if len(t):
            self.getViewBox().autoRange()


