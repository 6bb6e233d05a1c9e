"""The main window: navigation on the left, one page per area, the database in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, QSortFilterProxyModel, Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QTableView, QVBoxLayout, QWidget)

from billdesk.gui import workers
from billdesk.gui.accounts_model import SORT_ROLE, AccountsModel
from billdesk.store import db as dbmod
from billdesk.store.overview import Overview, account_rows, overview


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def load_overview(url: str, progress=None, cancelled=None) -> tuple[Overview, list]:
    """On a worker thread: its own engine and session; plain values back."""
    engine = dbmod.make_engine(url)
    try:
        with dbmod.session_factory(engine)() as s:
            return overview(s), account_rows(s)
    finally:
        engine.dispose()


class OverviewPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.labels: dict[str, QLabel] = {}
        for key, text in (("accounts", _t("Accounts")), ("metering_points", _t("Metering points")),
                          ("months", _t("Interval data")), ("tariffs", _t("Tariffs")),
                          ("price_series", _t("Index price series")),
                          ("communities", _t("Energy communities")),
                          ("groups", _t("Customer groups")), ("runs", _t("Bill runs")),
                          ("bills", _t("Bills"))):
            label = QLabel("…")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.labels[key] = label
            self.form.addRow(text + ":", label)

    def show_overview(self, o: Overview) -> None:
        self.labels["accounts"].setText(f"{o.accounts:,}")
        self.labels["metering_points"].setText(f"{o.metering_points:,}")
        months = (_t("{n} month chunks, {a:%Y-%m} to {b:%Y-%m}").format(
            n=f"{o.interval_chunks:,}", a=o.first_month, b=o.last_month)
            if o.first_month else _t("none"))
        self.labels["months"].setText(months)
        self.labels["tariffs"].setText(_t("{n} ({v} versions)").format(n=o.tariffs,
                                                                         v=o.tariff_versions))
        self.labels["price_series"].setText(str(o.price_series))
        self.labels["communities"].setText(str(o.communities))
        self.labels["groups"].setText(", ".join(f"{g} ({n:,})" for g, n in o.groups) or "–")
        self.labels["runs"].setText(f"{o.runs:,}")
        self.labels["bills"].setText(f"{o.bills:,}")


class AccountsPage(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.search = QLineEdit(placeholderText=_t("Search account, name or city"))
        self.search.setClearButtonEnabled(True)
        lay.addWidget(self.search)
        self.model = AccountsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("accountsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        lay.addWidget(self.table)


class MainWindow(QMainWindow):
    PAGES = ("Overview", "Accounts")

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.setWindowTitle("billdesk")
        self.resize(1200, 760)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(200)
        self.stack = QStackedWidget()
        self.overview_page = OverviewPage()
        self.accounts_page = AccountsPage()
        for name, page in ((_t("Overview"), self.overview_page),
                           (_t("Accounts"), self.accounts_page)):
            self.nav.addItem(name)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        central = QWidget()
        QHBoxLayout(central).addWidget(splitter)
        self.setCentralWidget(central)
        self.db_label = QLabel(dbmod.describe(dbmod.make_engine(url)))
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self._restore()
        self.loading = None
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_t("&File"))
        refresh = QAction(_t("&Refresh"), self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        quit_ = QAction(_t("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        file_menu.addActions([refresh, quit_])
        view = self.menuBar().addMenu(_t("&View"))
        for i, name in enumerate(self.PAGES):
            act = QAction(_t(name), self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: self.nav.setCurrentRow(i))
            view.addAction(act)

    def refresh(self) -> None:
        if self.loading is not None:
            return
        self.statusBar().showMessage(_t("Loading…"))
        self.loading = workers.Worker(load_overview, self.url)
        self.loading.signals.succeeded.connect(self._loaded)
        self.loading.signals.failed.connect(self._failed)
        self.loading.signals.finished.connect(self._done)
        workers.start(self.loading)

    def _loaded(self, result) -> None:
        ov, rows = result
        self.overview_page.show_overview(ov)
        self.accounts_page.model.set_rows(rows)
        if not self._header_restored:
            self.accounts_page.table.resizeColumnsToContents()
        self.statusBar().showMessage(_t("{n} accounts loaded").format(n=f"{len(rows):,}"), 5000)

    def _failed(self, message: str, expected: bool) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "billdesk", message)

    def _done(self) -> None:
        self.loading = None

    # window layout remembered between sessions
    def _restore(self) -> None:
        s = QSettings()
        if geo := s.value("main/geometry"):
            self.restoreGeometry(geo)
        if state := s.value("main/state"):
            self.restoreState(state)
        self._header_restored = False
        if header := s.value("main/accountsHeader"):
            self._header_restored = self.accounts_page.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event) -> None:
        s = QSettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/accountsHeader", self.accounts_page.table.horizontalHeader().saveState())
        QThreadPool.globalInstance().waitForDone(5000)
        super().closeEvent(event)
