"""Sending from the app: the run detail's Delivery tab (confirmation, progress off the GUI
thread, status display and filter, resend), the Bills page column, the Settings tabs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from billdesk.domain.period import add_months
from billdesk.gui import jobs
from billdesk.store.db import transaction
from billdesk.store.settings_catalog import set_many
from tests.dispatch.smtpserver import SmtpServer

pytestmark = pytest.mark.gui


@pytest.fixture
def finalized(demo_db, tmp_path):
    from billdesk.runs import create_run, finalize_run, start_run

    f = jobs.factory_for(demo_db)
    month = add_months(date.today().replace(day=1), -1)
    run = create_run(f, f"{month:%Y-%m}", "all")
    start_run(f, run.id)
    finalize_run(f, run.id)
    with transaction(f) as s:
        set_many(s, {"pdf_folder": str(tmp_path / "pdf"), "smtp.retry_delay": "0.05"})
    return run.id


@pytest.fixture
def server(demo_db):
    with SmtpServer() as srv:
        with transaction(jobs.factory_for(demo_db)) as s:
            set_many(s, {"smtp.host": "127.0.0.1", "smtp.port": str(srv.port),
                         "smtp.security": "none"})
        yield srv


@pytest.fixture
def detail(qtbot, demo_db):
    from billdesk.gui.run_detail import RunDetailPage
    from billdesk.gui.runs_page import RunController

    page = RunDetailPage(demo_db, RunController(demo_db))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    yield page
    from billdesk.gui import workers

    assert workers.wait_all(60.0)


def test_send_from_the_run_detail(qtbot, qtmodeltester, demo_db, finalized, server, detail,
                                  tmp_path):
    page = detail
    page.show_run(finalized)
    panel = page.delivery
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=20000)
    qtmodeltester.check(panel.model)
    assert page.send_button.isVisible()
    n_docs = panel.model.rowCount()
    to_send, _done, paper = panel.pending_counts()
    assert to_send > 0 and paper > 0 and to_send + paper == n_docs
    asked = []

    def no(parent, title, text, *a):
        asked.append(text)
        return QMessageBox.StandardButton.No

    panel.ask = no
    page.send_button.click()
    assert asked and asked[0].startswith(f"Send {to_send:,} invoices by e-mail?")
    assert f"{paper} without an e-mail address go to the print batch" in asked[0]
    assert panel.sending is None and server.messages == []          # said no: nothing sent
    panel.ask = lambda *a: QMessageBox.StandardButton.Yes
    server.recorder.refuse.add(next(e for e in panel.model.cols.email if e))
    panel.send_button.click()
    assert panel.sending is not None and panel.progress.isVisible()
    assert not panel.send_button.isEnabled()
    qtbot.waitUntil(lambda: panel.sending is None, timeout=120000)
    qtbot.waitUntil(lambda: panel.model.counts().get("sent", 0) == to_send - 1,
                    timeout=20000)
    assert "sent" in panel.result.text() and "1 failed" in panel.result.text()
    assert len(server.messages) == to_send - 1
    counts = panel.model.counts()
    assert counts["failed"] == 1 and counts["print"] == paper
    # filter by status
    panel.filter.setCurrentIndex(panel.filter.findData("failed"))
    assert panel.model.rowCount() == 1 and panel.model.status_at(0) == "failed"
    assert "550" in panel.model.data(panel.model.index(0, panel.model.Col.ERROR))
    page.grab().save(str(tmp_path / "run_delivery.png"))
    # resend the failed one after the address was fixed on the server side
    server.recorder.refuse.clear()
    panel.table.selectRow(0)
    assert panel.resend_button.isEnabled()
    panel.resend_selected()
    qtbot.waitUntil(lambda: panel.sending is None, timeout=120000)
    qtbot.waitUntil(lambda: panel.model.counts().get("sent", 0) == to_send, timeout=20000)
    assert len(server.messages) == to_send
    panel.filter.setCurrentIndex(0)
    # the print batch for the accounts without e-mail
    out = tmp_path / "print.pdf"
    panel.print_batch(str(out))
    qtbot.waitUntil(lambda: panel.busy is None, timeout=120000)
    assert out.exists() and f"{paper} documents" in panel.result.text()
    qtbot.waitUntil(lambda: panel.model.counts().get("printed", 0) == paper, timeout=20000)


def test_cancel_stops_after_the_current_message(qtbot, demo_db, finalized, server, detail):
    panel = detail.delivery
    detail.show_run(finalized)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=20000)
    server.recorder.delay = 0.25
    panel.ask = lambda *a: QMessageBox.StandardButton.Yes
    panel.send_all()
    qtbot.waitUntil(lambda: server.recorder.datas >= 1, timeout=60000)
    panel.cancel()
    qtbot.waitUntil(lambda: panel.sending is None, timeout=60000)
    counts = panel.model.counts()
    to_send = panel.pending_counts()[0]
    assert to_send > 0 and len(server.messages) < 8
    assert "still queued" in panel.result.text() or counts.get("queued", 0) > 0


def test_bills_page_shows_and_filters_delivery(qtbot, qtmodeltester, demo_db, finalized,
                                               server):
    from billdesk.dispatch.send import send_documents
    from billdesk.gui.bills_page import BillsPage

    from PySide6.QtCore import Qt

    report = send_documents(jobs.factory_for(demo_db), run_id=finalized, render_workers=0)
    page = BillsPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    m = page.model
    qtbot.waitUntil(lambda: m.ready and m.rowCount() > 0, timeout=20000)
    qtmodeltester.check(m)
    col = m.Col.DELIVERY
    assert m.headerData(col, Qt.Orientation.Horizontal) == "Delivery"
    page.delivery.setCurrentIndex(page.delivery.findData("sent"))
    qtbot.waitUntil(lambda: m.query.delivery == "sent" and m.rowCount() == report.sent
                    and m.bill_at(0) is not None, timeout=20000)
    assert all(m.index(r, col).data() == "sent" for r in range(m.rowCount()))
    page.delivery.setCurrentIndex(page.delivery.findData("print"))
    qtbot.waitUntil(lambda: m.query.delivery == "print"
                    and m.rowCount() == report.as_dict()["print"], timeout=20000)


def test_settings_tabs_store_smtp_and_templates(qtbot, demo_db, tmp_path):
    from billdesk.gui import send_jobs
    from billdesk.gui.dialogs import SettingsDialog

    d = SettingsDialog(demo_db)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: {"company", "mail"} <= d._loaded_parts, timeout=10000)
    d.smtp.host.setText("mail.example.ch")
    d.smtp.security.setCurrentIndex(d.smtp.security.findData("tls"))
    d.smtp.sender.setText("not an address")
    d.templates.language.setCurrentIndex(d.templates.language.findData("fr"))
    d.templates.subject.setText("Facture {number} ({period})")
    d.show()
    d.tabs.setCurrentWidget(d.smtp)
    d.grab().save(str(tmp_path / "settings_email.png"))
    d.save()
    qtbot.waitUntil(lambda: "smtp.sender" in d.save_error.text(), timeout=10000)
    assert send_jobs.load_mail_settings(demo_db)["smtp"]["host"] is None   # all or nothing
    d.smtp.sender.setText("EW <rechnung@example.ch>")
    d.save()
    qtbot.waitUntil(lambda: send_jobs.load_mail_settings(demo_db)["smtp"]["host"]
                    == "mail.example.ch", timeout=10000)
    shown = send_jobs.load_mail_settings(demo_db)
    assert shown["smtp"]["port"] == 465
    assert shown["email_templates"]["fr"]["invoice"]["subject"] == "Facture {number} ({period})"
    assert not shown["email_templates"]["de"]["invoice"]["customized"]


def test_settings_tab_sets_the_parallel_smtp_connections(qtbot, demo_db):
    """smtp.connections (1-4, default 1; ``billdesk settings set``) in the E-mail tab."""
    from billdesk.gui import send_jobs
    from billdesk.gui.dialogs import SettingsDialog

    def dialog():
        d = SettingsDialog(demo_db)
        qtbot.addWidget(d)
        qtbot.waitUntil(lambda: {"company", "mail"} <= d._loaded_parts, timeout=10000)
        return d

    d = dialog()
    assert d.smtp.connections.value() == 1
    assert (d.smtp.connections.minimum(), d.smtp.connections.maximum()) == (1, 4)
    d.smtp.connections.setValue(9)                      # the spin box keeps it in range
    assert d.smtp.connections.value() == 4
    d.smtp.connections.setValue(3)
    d.save()
    qtbot.waitUntil(lambda: send_jobs.load_mail_settings(demo_db)["smtp"]["connections"]
                    == 3, timeout=10000)
    d = dialog()                                        # shown again as stored
    assert d.smtp.connections.value() == 3
    d.smtp.connections.setValue(1)
    d.save()
    qtbot.waitUntil(lambda: "smtp.connections" not in
                    send_jobs.load_mail_settings(demo_db).get("stored", ()), timeout=10000)
    assert send_jobs.load_mail_settings(demo_db)["smtp"]["connections"] == 1


def test_the_delivery_table_is_built_on_a_worker(qtbot, demo_db, finalized, detail,
                                                 monkeypatch):
    """Its folded search text and sort ranks took 350 ms of the GUI thread at 100,000
    documents (bench/bench_gui_large.py): they are made in a reader process (and before that
    on the job's thread), never in the GUI thread."""
    from billdesk.gui import reader, send_models, tables

    built_here, read = [], []
    real_call = reader.call

    def spy(cols):
        built_here.append(cols)
        raise AssertionError("the delivery table built in the app's process")

    def call(path, *args, **kwargs):
        read.append(path)
        return real_call(path, *args, **kwargs)

    monkeypatch.setattr(send_models, "delivery_table", spy)
    monkeypatch.setattr(tables, "delivery_table", spy)
    monkeypatch.setattr(reader, "call", call)
    detail.show_run(finalized)
    qtbot.waitUntil(lambda: detail.delivery.model.rowCount() > 0, timeout=20000)
    assert built_here == []
    assert "billdesk.gui.send_jobs:read_delivery_table" in read
    assert detail.delivery.model.rowCount() == len(detail.delivery.model.cols.bill_id)
