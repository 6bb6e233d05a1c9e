"""The auditor's view in the app: the Audit Log page (paged column model, filters, CSV), the
bill dialog's Explain tab, and an audit package opened read-only with its check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from billdesk.gui import jobs

pytestmark = pytest.mark.gui


@pytest.fixture
def finalized(demo_db):
    """The demo database with its last month billed and finalized; (url, run id)."""
    from billdesk.runs import create_run, finalize_run, start_run

    f = jobs.factory_for(demo_db)
    with f() as s:
        from sqlalchemy import func, select

        from billdesk.store.models import IntervalChunk

        month = s.scalar(select(func.max(IntervalChunk.month)))
    run = create_run(f, f"{month:%Y-%m}", "all")
    start_run(f, run.id)
    finalize_run(f, run.id)
    return demo_db, run.id


def test_audit_log_page_pages_filters_and_exports(qtbot, qtmodeltester, finalized, tmp_path):
    from billdesk.gui.audit_log import PAGE, AuditLogPage

    url, run_id = finalized
    from billdesk.store import audit
    from billdesk.store.db import transaction

    with transaction(jobs.factory_for(url)) as s:      # a log longer than a page
        for i in range(700):
            audit.record(s, "settings.set", "setting", "pdf_folder", {"n": i}, who="clerk")
    page = AuditLogPage(url)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20000)
    qtbot.waitUntil(lambda: "entries" in page.count_label.text(), timeout=20000)
    qtmodeltester.check(page.model)
    total = int(page.count_label.text().split()[0].replace(",", ""))
    assert total > PAGE                     # more than one page: the rest on demand
    assert page.model.rowCount() in (PAGE, 2 * PAGE)     # a page, and one more on demand

    def all_read():
        if page.model.canFetchMore():
            page.model.fetchMore()
        return page.model.exhausted and not page.model.pending
    qtbot.waitUntil(all_read, timeout=30000)
    assert page.model.rowCount() == total
    assert len(set(page.model.ids)) == total
    page.action.setEditText("run.")
    page.run.setText(str(run_id))
    page.refresh()
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < PAGE, timeout=20000)
    actions = set(page.model.cols[page.model.Col.ACTION])
    assert actions <= {"run.create", "run.start", "run.finish", "run.finalize"} and \
        "run.finalize" in actions
    out = tmp_path / "log.csv"
    w = page.export_to(str(out))
    qtbot.waitUntil(lambda: w.done.is_set() and out.exists(), timeout=20000)
    assert out.read_text(encoding="utf-8-sig").count("\n") == page.model.rowCount() + 1


def test_bill_dialog_explains_a_bill(qtbot, qtmodeltester, finalized):
    from billdesk.gui.bill_dialog import BillDialog

    url, run_id = finalized
    f = jobs.factory_for(url)
    from billdesk.runs import list_bills

    bill = list_bills(f, run_id=run_id, with_lines=False)[0]
    d = BillDialog(url, bill.id)
    qtbot.addWidget(d)
    d.show()
    d.tabs.setCurrentWidget(d.explain)
    tab = d.explain
    qtbot.waitUntil(lambda: tab.trace.rowCount() > 0, timeout=20000)
    qtmodeltester.check(tab.trace)
    assert "fingerprint" in tab.summary.toPlainText()
    assert "identical" in tab.summary.toPlainText()
    tab.lines.selectRow(1)
    qtbot.waitUntil(lambda: tab.intervals.rowCount() > 0, timeout=20000)
    qtmodeltester.check(tab.intervals)
    assert tab.intervals.rowCount() > 2000            # a month of 15-minute values


def test_bill_dialog_explains_a_self_billing_note(qtbot, qtmodeltester, finalized, tmp_path):
    """A producer's note (SB series): its lines traced to the community's intervals, the
    production and members' local energy beside each credited interval."""
    from billdesk.gui.bill_dialog import BillDialog
    from billdesk.runs import list_bills

    url, run_id = finalized
    note = next(b for b in list_bills(jobs.factory_for(url), run_id=run_id, with_lines=False)
                if b.kind == "self_billing")
    d = BillDialog(url, note.id)
    qtbot.addWidget(d)
    d.resize(1100, 800)
    d.show()
    d.tabs.setCurrentWidget(d.explain)
    tab = d.explain
    qtbot.waitUntil(lambda: tab.trace.rowCount() > 0, timeout=20000)
    qtmodeltester.check(tab.trace)
    summary = tab.summary.toPlainText()
    assert "credited to this producer" in summary and "identical" in summary
    check = tab.trace.index(0, tab.trace.Col.CHECK).data()
    assert check == "ok"
    assert tab.trace.index(0, tab.trace.Col.INTERVALS).data()
    tab.lines.selectRow(0)
    qtbot.waitUntil(lambda: tab.intervals.rowCount() > 0, timeout=20000)
    qtmodeltester.check(tab.intervals)
    assert tab.intervals.rowCount() > 2000
    headers = [tab.intervals.headerData(c, Qt.Orientation.Horizontal)
               for c in range(tab.intervals.columnCount())]
    assert "Produced (kWh)" in headers and "Members' local (kWh)" in headers
    d.grab().save(str(tmp_path / "explain-note.png"))


def test_package_opens_read_only_and_checks_itself(qtbot, finalized, tmp_path):
    from billdesk.audit.package import export_package
    from billdesk.gui import audit_package
    from billdesk.gui.main_window import MainWindow
    from billdesk.store import db as dbmod

    url, run_id = finalized
    path = tmp_path / "run.bdaudit"
    export_package(jobs.factory_for(url), run_id, path, workers=0)
    clerk = MainWindow(url)
    qtbot.addWidget(clerk)
    assert clerk.open_package_action.isVisible() and clerk.new_run_action.isVisible()
    audit_package.open_package(clerk, str(path))
    qtbot.waitUntil(lambda: getattr(clerk, "package_window", None) is not None, timeout=20000)
    w = clerk.package_window
    qtbot.addWidget(w)
    assert not dbmod.is_writable(jobs.factory_for(w.url))
    assert "read-only" in w.windowTitle()
    for hidden in (w.new_run_action, w.settings_action, w.import_menu.menuAction(),
                   w.run_menu_actions["start"], w.run_menu_actions["finalize"],
                   w.runs_page.new_button):
        assert not hidden.isVisible()
    assert w.run_menu_actions["export"].isVisible()
    w.open_run(run_id)
    qtbot.waitUntil(lambda: getattr(w.run_detail.info, "id", None) == run_id, timeout=20000)
    qtbot.wait(200)
    assert w.run_detail.buttons["export"].isVisible()
    assert not any(w.run_detail.buttons[k].isVisible()
                   for k in ("start", "resume", "cancel", "rerun", "finalize"))
    worker = audit_package.run_check(w)
    qtbot.waitUntil(lambda: worker.done.is_set()
                    and getattr(w, "last_report", None) is not None, timeout=60000)
    assert w.last_report.findChild(type(w.db_label), "reportVerdict").text() \
        == "Everything holds."
    w.close()
    clerk.close()
