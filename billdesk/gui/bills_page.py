"""The Bills page (every bill, filtered by status and kind) and the bill dialog (lines,
totals, PDF)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.gui import jobs, workers
from billdesk.gui.common import fit_columns_once, make_table, pdf_folder, show_error
from billdesk.gui.formats import fmt_money, fmt_period, tr_status
from billdesk.gui.models import BillsModel, LinesModel
from billdesk.gui.row_model import ROW_ROLE, SortProxy


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
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        # the bill's lines, and what they were computed from (billdesk.gui.bill_explain)
        from billdesk.gui.bill_explain import ExplainTab

        self.tabs = QTabWidget()
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.table, 1)
        pl.addWidget(self.totals)
        self.tabs.addTab(page, self.tr("Lines"))
        self.explain = ExplainTab(url, bill_id)
        self.tabs.addTab(self.explain, self.tr("Explain"))
        lay.addWidget(self.tabs, 1)
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
        for s in BillStatus:
            self.status.addItem(tr_status(s), s.value)
        row.addWidget(self.status)
        row.addWidget(QLabel(self.tr("Kind:")))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All"), None)
        for k in BillKind:
            self.kind.addItem(tr_status(k), k.value)
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
