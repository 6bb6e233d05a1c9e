"""The Bills page: every bill, paged from the database (billdesk.gui.bills_model) with the
search (debounced), status, kind and delivery filters and the sort done by the database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from billdesk.gui.bills_model import BillsModel
from billdesk.gui.common import debounce, fit_columns_once, make_table, show_error
from billdesk.gui.formats import fmt_int, tr_status
from billdesk.gui.models import KEY_ROLE


class BillsPage(QWidget):
    bill_requested = Signal(int)

    def __init__(self, url: str, bus=None, parent=None):
        super().__init__(parent)
        self.url = url
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search number, account or name"))
        self.search.setObjectName("billsSearch")
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
        row.addWidget(QLabel(self.tr("Delivery:")))
        self.delivery = QComboBox()
        self.delivery.setObjectName("billsDeliveryFilter")
        from billdesk.gui.send_models import tr_delivery

        self.delivery.addItem(self.tr("All"), None)
        for d in ("", "queued", "sent", "failed", "unknown", "bounced", "print", "printed"):
            self.delivery.addItem(tr_delivery(d), d)
        row.addWidget(self.delivery)
        lay.addLayout(row)
        self.model = BillsModel(url, self)
        self.proxy = self.model
        self.table = make_table("billsTable", self.model, stretch=BillsModel.Col.NAME)
        self.table.doubleClicked.connect(self._open)
        lay.addWidget(self.table)
        self.count = QLabel()
        self.count.setObjectName("billsCount")
        lay.addWidget(self.count)
        self.search_timer = debounce(self.search.textChanged,
                                     lambda t: self.model.update_query(search=t.strip()),
                                     300, self)
        self.status.currentIndexChanged.connect(
            lambda: self.model.update_query(status=self.status.currentData()))
        self.kind.currentIndexChanged.connect(
            lambda: self.model.update_query(kind=self.kind.currentData()))
        self.delivery.currentIndexChanged.connect(
            lambda: self.model.update_query(delivery=self.delivery.currentData()))
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda m, e: show_error(self, m, e))
        self.stale = bus.subscribe(self, ("bills", "documents"), self.refresh) if bus else None

    def showEvent(self, e):
        super().showEvent(e)
        if not self.model.started:
            self.refresh()
        elif self.stale is not None:
            self.stale.shown()

    def refresh(self):
        self.model.refresh()

    def _loaded(self):
        fit_columns_once(self.table)
        m = self.model
        total = m.all_total if m.all_total is not None else m.total
        self.count.setText(self.tr("{n} of {t} bills").format(n=fmt_int(m.total),
                                                              t=fmt_int(total)))

    def _open(self, idx):
        bid = idx.data(KEY_ROLE)
        if bid is not None:
            self.bill_requested.emit(bid)
