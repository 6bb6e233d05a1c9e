"""The run detail's Delivery tab: each issued document's e-mail / print status, sending with
confirmation, progress and cancel, resending, the print batch and bounce import.

All database and SMTP work is off the GUI thread: reads on the short pool, sending in a child
process supervised by a long job (a thread of its own: a send can take minutes; it must not
hold a thread that short reads wait for).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu,
                               QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from billdesk.gui import send_jobs, workers
from billdesk.gui.common import (app_settings, debounce, fit_columns_once, make_table,
                                 show_error)
from billdesk.gui.formats import fmt_int
from billdesk.gui.send_models import DeliveryModel, tr_delivery

SENDABLE = ("", "queued", "failed")          # what a plain "send" e-mails


class DeliveryPanel(QWidget):
    sent = Signal(object)             # the SendReport
    changed = Signal()

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.url = url
        self.run_id: int | None = None
        self.status: str | None = None
        self.loading = None
        self.sending = None
        self.busy = None
        self.ask = QMessageBox.question        # replaced in tests
        self.permissions = None                # gui.permissions.Permissions, set by the page

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("deliverySummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        top = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Send by e-mail…"))
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.send_all)
        top.addWidget(self.send_button)
        self.resend_button = QPushButton(self.tr("Resend selected"))
        self.resend_button.setObjectName("resendButton")
        self.resend_button.clicked.connect(self.resend_selected)
        top.addWidget(self.resend_button)
        self.print_button = QPushButton(self.tr("Print batch…"))
        self.print_button.setObjectName("printButton")
        menu = QMenu(self.print_button)
        for key, text in (("paper", self.tr("Accounts without e-mail…")),
                          ("undelivered", self.tr("Without e-mail and undelivered e-mails…")),
                          ("all", self.tr("All documents…"))):
            a = QAction(text, menu)
            a.triggered.connect(lambda _=False, k=key: self.choose_print(k))
            menu.addAction(a)
        self.print_button.setMenu(menu)
        top.addWidget(self.print_button)
        self.bounce_button = QPushButton(self.tr("Import bounces…"))
        self.bounce_button.setObjectName("bouncesButton")
        self.bounce_button.clicked.connect(self.choose_bounces)
        top.addWidget(self.bounce_button)
        top.addStretch(1)
        lay.addLayout(top)

        row = QHBoxLayout()
        self.search = QLineEdit(placeholderText=self.tr("Search number, account, name or "
                                                        "address"))
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        row.addWidget(QLabel(self.tr("Delivery:")))
        self.filter = QComboBox()
        self.filter.setObjectName("deliveryFilter")
        self.filter.addItem(self.tr("All"), None)
        for code in ("", "queued", "sending", "sent", "failed", "unknown", "bounced", "print",
                     "printed"):
            self.filter.addItem(tr_delivery(code), code)
        row.addWidget(self.filter)
        lay.addLayout(row)

        self.model = DeliveryModel(self)
        self.table = make_table("deliveryTable", self.model)
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        lay.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("sendProgress")
        self.progress.setVisible(False)
        self.progress.setFormat(self.tr("%v / %m sent"))
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Stop sending"))
        self.cancel_button.setObjectName("cancelSendButton")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("sendResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.result)

        self.search_timer = debounce(self.search.textChanged,
                                     lambda t: (self.model.set_search(t), self._counts()),
                                     250, self)
        self.filter.currentIndexChanged.connect(
            lambda: (self.model.set_status_filter(self.filter.currentData()), self._counts()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self._buttons()

    # ------------------------------------------------------------------ loading
    def set_run(self, run_id: int, status: str) -> None:
        if run_id != self.run_id:
            self.model.clear()
            self.result.clear()
        self.run_id, self.status = run_id, status
        self.reload()

    def reload(self) -> None:
        if self.run_id is None:
            return
        if self.status != "finalized":
            self.model.clear()
            self.summary.setText(self.tr("Finalize the run to send its invoices: drafts have "
                                         "no number and no PDF."))
            self._buttons()
            return
        if self.loading is not None:
            return
        rid = self.run_id
        self.loading = workers.submit(send_jobs.load_delivery_table, self.url, rid, owner=self,
                                      name="delivery",
                                      on_success=lambda c, rid=rid: self._loaded(rid, c),
                                      on_failure=lambda m, e: show_error(self, m, e),
                                      on_finished=self._load_done)

    def _load_done(self):
        self.loading = None

    def _loaded(self, run_id, loaded) -> None:
        if run_id != self.run_id:
            return
        cols, table = loaded
        self.model.set_columns(cols, table)
        fit_columns_once(self.table)
        self._counts()
        self._buttons()

    def _counts(self) -> None:
        c = self.model.counts()
        if self.status != "finalized":
            return
        total = sum(c.values())
        parts = [f"{tr_delivery(code)} {fmt_int(n)}" for code, n in c.items()]
        self.summary.setText(self.tr("{n} documents: {parts}").format(
            n=fmt_int(total), parts=" · ".join(parts) or "–")
            + "  " + self.tr("({shown} shown)").format(shown=fmt_int(self.model.rowCount())))

    def _buttons(self) -> None:
        final = self.status == "finalized"
        idle = self.sending is None and self.busy is None
        self.send_button.setEnabled(final and idle)
        self.print_button.setEnabled(final and idle)
        self.bounce_button.setEnabled(final and idle)
        self.resend_button.setEnabled(final and idle and bool(self.selected_numbers()))
        if self.permissions is not None:       # the database user may not send / print
            ok, why = self.permissions.allowed("send")
            for b in (self.send_button, self.print_button, self.bounce_button,
                      self.resend_button):
                b.setEnabled(b.isEnabled() and ok)
                b.setToolTip(why or "")

    def selected_numbers(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.number_at(r) for r in rows if r < self.model.rowCount()]

    # ------------------------------------------------------------------ sending
    def pending_counts(self) -> tuple[int, int, int]:
        """(to e-mail, already sent or undecided, for the print batch) from the table."""
        c = self.model.cols
        if c is None:
            return 0, 0, 0
        send = done = paper = 0
        for status, email in zip(c.status, c.email):
            code = DeliveryModel.CODES[int(status)]
            if not email:
                paper += code not in ("printed",)
            elif code in SENDABLE:
                send += 1
            else:
                done += 1
        return send, done, paper

    def send_all(self) -> None:
        if self.run_id is None or self.sending is not None:
            return
        n, done, paper = self.pending_counts()
        if n == 0:
            self.result.setText(self.tr("Nothing to send: every document with an e-mail "
                                        "address was sent (use Resend selected to send one "
                                        "again)."))
            return
        text = self.tr("Send {n} invoices by e-mail?").format(n=fmt_int(n))
        more = []
        if done:
            more.append(self.tr("{n} already sent (or of unknown delivery) are not sent "
                                "again.").format(n=fmt_int(done)))
        if paper:
            more.append(self.tr("{n} without an e-mail address go to the print "
                                "batch.").format(n=fmt_int(paper)))
        answer = self.ask(self, self.tr("Send invoices"), text + "\n\n" + "\n".join(more),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._start(run_id=self.run_id, total=n)

    def resend_selected(self) -> None:
        numbers = self.selected_numbers()
        if not numbers or self.sending is not None:
            return
        text = (self.tr("Send {number} again by e-mail?").format(number=numbers[0])
                if len(numbers) == 1 else
                self.tr("Send {n} documents again by e-mail?").format(n=fmt_int(len(numbers))))
        answer = self.ask(self, self.tr("Resend"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._start(bill_refs=numbers, resend=True, total=len(numbers))

    def _start(self, *, run_id=None, bill_refs=None, resend=False, total=0) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.result.setText(self.tr("Preparing the messages…"))
        self.sending = workers.submit(send_jobs.send_in_process, self.url, run_id=run_id,
                                      bill_refs=bill_refs, resend=resend, long=True,
                                      name="send", owner=self, on_progress=self._progressed,
                                      on_success=self._sent, on_failure=self._send_failed,
                                      on_finished=self._send_done)
        self._buttons()

    def _progressed(self, done, total, message):
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.result.setText(message)

    def _sent(self, report) -> None:
        d = report.as_dict()
        text = self.tr("{sent} sent, {failed} failed, {skipped} skipped ({paper} for the "
                       "print batch)").format(sent=fmt_int(d['sent']), failed=fmt_int(d['failed']),
                                              skipped=fmt_int(d['skipped']),
                                              paper=fmt_int(d['print']))
        if d["queued"]:
            text += " · " + self.tr("{n} not sent yet (still queued: send again to "
                                    "continue)").format(n=fmt_int(d['queued']))
        if report.stopped:
            text += "<br><span style='color:#dc3545'>" + report.stopped + "</span>"
        failed = [r for r in report.documents if r.status == "failed"]
        if failed:
            text += "<br>" + self.tr("first failure: {n}: {e}").format(
                n=failed[0].number, e=failed[0].error)
        self.result.setText(text)
        self.sent.emit(report)

    def _send_failed(self, message, expected) -> None:
        self.result.setText("<span style='color:#dc3545'>" + message + "</span>")
        show_error(self, message, expected)

    def _send_done(self) -> None:
        self.sending = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._buttons()
        self.reload()
        self.changed.emit()

    def cancel(self) -> None:
        if self.sending is not None:
            self.sending.cancel()
            self.cancel_button.setEnabled(False)
            self.result.setText(self.tr("Stopping after the current message…"))

    # ------------------------------------------------------------------ print, bounces
    def choose_print(self, which: str) -> None:
        start = app_settings().value("print/folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Print batch"), str(Path(start) / f"print-run-{self.run_id}.pdf"),
            self.tr("PDF (*.pdf)"))
        if path:
            app_settings().setValue("print/folder", str(Path(path).parent))
            self.print_batch(path, all_documents=which == "all",
                             undelivered=which == "undelivered")

    def print_batch(self, path: str, all_documents=False, undelivered=False) -> None:
        if self.run_id is None or self.busy is not None:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.result.setText(self.tr("Writing the print batch…"))
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.busy = workers.submit(
            send_jobs.export_print, self.url, self.run_id, path, all_documents=all_documents,
            undelivered=undelivered, long=True, name="print-batch", owner=self,
            on_progress=self._progressed, on_success=self._printed,
            on_failure=self._send_failed, on_finished=self._busy_done)
        self._buttons()

    def _printed(self, r) -> None:
        self.result.setText(
            self.tr("{n} documents, {p} pages ({s} sheets printed on both sides) in "
                    "{file}").format(n=fmt_int(r.documents), p=fmt_int(r.total_pages),
                                     s=fmt_int(r.sheets), file=r.out)
            + (" · " + self.tr("{n} without PDF").format(n=fmt_int(len(r.failed))) if r.failed else ""))

    def choose_bounces(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import bounces"), str(Path.home()),
            self.tr("Bounce messages or CSV (*.eml *.mbox *.csv *.txt);;All files (*)"))
        if paths:
            self.import_bounces(paths)

    def import_bounces(self, paths: list[str]) -> None:
        if self.busy is not None:
            return
        self.busy = workers.submit(
            send_jobs.import_bounces, self.url, list(paths), long=True, name="bounces",
            owner=self, on_success=lambda r: self.result.setText(
                self.tr("{b} bounce(s) recorded, {a} already known, {u} not matched").format(
                    b=r.bounced, a=r.already, u=len(r.unmatched))),
            on_failure=self._send_failed, on_finished=self._busy_done)
        self._buttons()

    def _busy_done(self) -> None:
        self.busy = None
        self.progress.setVisible(False)
        self._buttons()
        self.reload()
        self.changed.emit()
