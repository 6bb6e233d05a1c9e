"""One bill: its number, customer, period, the documents it is linked with (the bill it
corrects, its credit note or replacement), its lines and totals, its PDF wherever it was
written, and *Cancel bill…* for an issued invoice (a credit note, after a question)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QInputDialog, QLabel, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from billdesk.gui import jobs, workers
from billdesk.gui.common import confirm, make_table, pdf_folder, show_error
from billdesk.gui.formats import fmt_days, fmt_dt_zone, fmt_money, tr_status
from billdesk.gui.models import LinesModel
from billdesk.gui.policy import enable, policy


def bill_title(kind: str, number: str | None, bill_id: int) -> str:
    from PySide6.QtCore import QCoreApplication
    what = {"invoice": QCoreApplication.translate("BillDialog", "Invoice"),
            "credit_note": QCoreApplication.translate("BillDialog", "Credit note"),
            "self_billing": QCoreApplication.translate("BillDialog",
                                                       "Self-billing credit note")}.get(kind, kind)
    if number:
        return f"{what} {number}"
    return QCoreApplication.translate("BillDialog",
                                      "Draft {what} (id {id})").format(what=what.lower(), id=bill_id)


class BillDialog(QDialog):
    open_requested = Signal(int)         # another bill (a link)
    cancelled_bill = Signal(object)      # the cancellation's result

    def __init__(self, url: str, bill_id: int, parent=None, bus=None):
        super().__init__(parent)
        self.url = url
        self.bus = bus
        self.bill_id = bill_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Bill"))
        self.resize(820, 560)
        self.bill = None
        self.context = None
        lay = QVBoxLayout(self)
        self.head = QLabel(self.tr("Loading…"))
        self.head.setObjectName("billHead")
        self.head.setWordWrap(True)
        self.head.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.head.linkActivated.connect(self._link)
        lay.addWidget(self.head)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("billTabs")
        lines = QWidget()
        ll = QVBoxLayout(lines)
        ll.setContentsMargins(0, 0, 0, 0)
        self.lines = LinesModel(self)
        self.table = make_table("billLinesTable", self.lines, sortable=False, stretch=0)
        ll.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        ll.addWidget(self.totals)
        self.tabs.addTab(lines, self.tr("Lines"))
        # what the bill was computed from (billdesk.gui.bill_explain, docs/audit.md)
        from billdesk.gui.bill_explain import ExplainTab

        self.explain = ExplainTab(url, bill_id)
        self.tabs.addTab(self.explain, self.tr("Explain"))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton(self.tr("Open PDF"))
        self.pdf_button.setObjectName("openPdf")
        self.pdf_button.setEnabled(False)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = QPushButton(self.tr("Cancel bill…"))
        self.cancel_button.setObjectName("cancelBill")
        self.cancel_button.base_tip = self.tr("Issue a credit note that cancels this invoice")
        self.cancel_button.setVisible(False)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self.open_pdf)
        self.cancel_button.clicked.connect(self.cancel_bill)
        lay.addWidget(buttons)
        self.load()

    def add_tab(self, widget, title: str) -> None:
        """A further view of the bill (e.g. how it was computed)."""
        self.tabs.addTab(widget, title)

    def load(self) -> None:
        workers.submit(jobs.load_bill, self.url, self.bill_id, owner=self, name="bill",
                       on_success=self._loaded, on_failure=lambda m, e: self.head.setText(m))

    # ------------------------------------------------------------------ showing it
    def pdf_path(self) -> Path | None:
        b, c = self.bill, self.context
        if b is None or not b.number:
            return None
        if c is not None and c.pdf_path:
            return Path(c.pdf_path)
        folder = Path(pdf_folder())          # exported before the app remembered paths
        if not folder.is_dir():
            return None
        hits = sorted(folder.glob(f"{b.number}_*.pdf"))
        return hits[0] if hits else None

    def _loaded(self, result):
        b, c = result
        self.bill, self.context = b, c
        self.setWindowTitle(bill_title(b.kind, b.number, b.id))
        parts = [f"<b>{bill_title(b.kind, b.number, b.id)}</b> · {tr_status(b.status)}"]
        parts.append(self.tr("Customer") + f": <b>{c.customer}</b> ({b.account}) · {c.address}")
        parts.append(self.tr("Period") + f": {fmt_days(b.period_start, b.period_end)} · "
                     + self.tr("Run") + f": {c.run_name} (#{b.run_id})")
        if b.issued_at:
            parts.append(self.tr("Issued") + f": {fmt_dt_zone(b.issued_at)}")
        if c.corrects is not None:
            parts.append(self.tr("Corrects") + ": " + self._anchor(c.corrects))
        for r in c.related:
            if b.kind == "credit_note" and r.kind == "invoice":
                label = self.tr("Replacement invoice")
            elif b.kind == "invoice" and r.kind == "credit_note" and b.corrects:
                label = self.tr("Credit note of the same correction")
            elif r.kind == "credit_note":
                label = self.tr("Cancelled by")
            else:
                label = self.tr("Replaced by")
            parts.append(f"{label}: " + self._anchor(r))
        self.head.setText("<br>".join(parts))
        self.lines.currency = b.currency
        self.lines.set_rows(b.lines)
        self.table.resizeColumnsToContents()
        self.totals.setText(
            self.tr("Net") + f" {fmt_money(b.net_total, b.currency)} · " + self.tr("VAT")
            + f" {fmt_money(b.vat_total, b.currency)} · <b>" + self.tr("Total")
            + f" {fmt_money(b.total, b.currency)}</b>")
        path = self.pdf_path()
        self.pdf_button.setEnabled(path is not None)
        self.pdf_button.setToolTip(str(path) if path else
                                   self.tr("Not exported yet (Export PDFs on the run)"))
        can_cancel = b.kind == "invoice" and b.status == "issued"
        self.cancel_button.setVisible(can_cancel)
        enable(self.cancel_button, "bill.cancel", can_cancel)

    def _anchor(self, link) -> str:
        text = bill_title(link.kind, link.number, link.id)
        return f"<a href='bill:{link.id}'>{text}</a> ({tr_status(link.status)})"

    def _link(self, href: str) -> None:
        if href.startswith("bill:"):
            self.open_requested.emit(int(href[5:]))

    def open_pdf(self):
        path = self.pdf_path()
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # ------------------------------------------------------------------ cancelling it
    def cancel_bill(self) -> None:
        b = self.bill
        if b is None or not policy().check("bill.cancel", self):
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Cancel bill"),
            self.tr("Why is {number} cancelled? (printed on the credit note's record)").format(
                number=b.number))
        if not ok:
            return
        if not confirm(self, self.tr("Cancel bill"),
                       self.tr("Cancel invoice {number} of {customer} over {total}?").format(
                           number=b.number, customer=self.context.customer,
                           total=fmt_money(b.total, b.currency)),
                       self.tr("A credit note of {total} is issued now with the next "
                               "credit-note number and the invoice becomes 'cancelled'. An "
                               "issued document never changes: this cannot be undone.")
                       .format(total=fmt_money(-b.total, b.currency)),
                       yes=self.tr("Issue the credit note")):
            return
        workers.submit(jobs.cancel_bill, self.url, b.id, reason.strip() or None, owner=self,
                       name="cancel-bill", on_success=self._cancelled,
                       on_failure=lambda m, e: show_error(self, m, e))

    def _cancelled(self, result) -> None:
        self.cancelled_bill.emit(result)
        if self.bus is not None:
            self.bus.publish("bills")
        self.load()
