"""Bill runs in the app: the wizard end to end, run detail, cancel, filters, models."""

import pytest
from PySide6.QtCore import QThreadPool, Qt
from PySide6.QtWidgets import QWizard

from billdesk.gui import engines, jobs, workers

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_db):
    from billdesk.gui.main_window import MainWindow

    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.overview is not None and w.runs_page.loaded, timeout=15000)
    assert w.overview.accounts == 60
    yield w
    w.controller.cancel_all()
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=30000)
    w.close()


def run_status(url, run_id):
    from billdesk.runs import get_run

    return get_run(engines.factory_for(url), run_id, attempts=False)


def test_wizard_end_to_end(qtbot, qtmodeltester, window, tmp_path, monkeypatch):
    from billdesk.gui import common

    w = window
    asked = []
    monkeypatch.setattr(common, "ask", lambda parent, title, text, *a, **k:
                        asked.append(text) or True)
    wiz = w.new_run()
    qtbot.waitExposed(wiz)
    assert wiz.period_page.radios["month"].isChecked()
    wiz.period_page.name.setText("GUI test run")
    wiz.next()
    tp = wiz.target_page
    qtbot.waitUntil(lambda: tp.options is not None, timeout=10000)
    assert "60 accounts" in tp.all_label.text() or tp.options.valid_accounts > 0
    assert tp.target() == "all"
    wiz.next()
    op = wiz.options_page
    op.share.setValue(99.0)                      # make some accounts fail on quality
    wiz.next()
    qp = wiz.quality_page
    qtbot.waitUntil(lambda: qp.report is not None, timeout=30000)
    qtmodeltester.check(qp.model)
    assert qp.report.failing > 0
    assert qp.model.rowCount() == qp.report.failing          # only failing shown
    qp.only_failing.setChecked(False)
    assert qp.model.rowCount() == len(qp.report.rows)
    wiz.next()
    assert wiz.currentPage() is wiz.review_page
    assert "GUI test run" in wiz.review_page.text.text()
    with qtbot.waitSignal(wiz.run_created, timeout=20000) as created:
        wiz.button(QWizard.WizardButton.FinishButton).click()
    info, start = created.args
    assert start and info.status == "draft"
    d = w.run_detail
    assert w.stack.currentWidget() is d and d.run_id == info.id
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=60000)
    qtbot.waitUntil(lambda: d.info is not None and d.info.status == "completed_with_errors",
                    timeout=20000)
    qtbot.waitUntil(lambda: d.attempts.rowCount() == d.info.counts.total
                    and d.attempts_status == d.info.status, timeout=10000)   # read at the end
    qtmodeltester.check(d.attempts)
    # error summary: clicking a code filters the attempts
    codes = [d.errors.item(i).data(Qt.ItemDataRole.UserRole) for i in range(d.errors.count())]
    assert "DATA_QUALITY" in codes
    d._error_clicked(d.errors.item(codes.index("DATA_QUALITY")))
    assert d.attempts.rowCount() == d.info.errors["DATA_QUALITY"]
    d._error_clicked(d.errors.item(0))
    d.status_filter.setCurrentIndex(d.status_filter.findData("succeeded"))
    assert d.attempts.rowCount() == d.info.counts.succeeded
    d.status_filter.setCurrentIndex(0)
    first = d.attempts.index(0, 1).data()
    d.search.setText(first)
    qtbot.waitUntil(lambda: d.attempts.rowCount() == 1, timeout=3000)   # debounced
    d.search.clear()
    qtbot.waitUntil(lambda: d.attempts.rowCount() == d.info.counts.total, timeout=3000)
    d.attempts.sort(d.attempts.Col.AMOUNT, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(d.attempts)
    assert d.buttons["rerun"].isVisibleTo(d) and d.buttons["finalize"].isVisibleTo(d)
    # rerun failed -> a child run over the failed accounts, opened in the detail
    parent_id = info.id
    failed = d.info.counts.failed

    class Rerun:                       # the rerun dialog, accepted with its defaults
        def __init__(self, info, parent):
            from billdesk.gui.run_actions import RerunDialog

            self.d = RerunDialog(info, parent)

        def exec(self):
            from PySide6.QtWidgets import QDialog

            return QDialog.DialogCode.Accepted

        def options(self):
            return self.d.options()

    w.run_actions.rerun_dialog = Rerun
    d.buttons["rerun"].click()
    qtbot.waitUntil(lambda: d.run_id != parent_id and d.info is not None
                    and d.info.id == d.run_id, timeout=20000)
    assert d.info.parent_id == parent_id and d.info.counts.total == failed
    # finalize the parent
    w.open_run(parent_id)
    qtbot.waitUntil(lambda: d.info is not None and d.info.id == parent_id, timeout=10000)
    d.buttons["finalize"].click()
    qtbot.waitUntil(lambda: run_status(w.url, parent_id).status == "finalized", timeout=20000)
    assert any(t.startswith("Issue ") for t in asked)              # it asked first
    qtbot.waitUntil(lambda: d.info.status == "finalized", timeout=10000)
    assert d.buttons["export"].isVisibleTo(d)
    # export the issued invoices as PDFs (the same service as `billdesk export pdf`)
    out = tmp_path / "pdf"
    with qtbot.waitSignal(d.export_finished, timeout=60000) as exported:
        d.export_pdfs(str(out), workers_n=1)
    report = exported.args[0]
    assert report is not None and report.ok and len(report.written) == report.total > 0
    assert all(p.suffix == ".pdf" and p.stat().st_size > 10000 for p in report.written)
    assert "PDF" in d.export_label.text()
    # the runs list shows both, with filters
    rp = w.runs_page
    qtbot.waitUntil(lambda: rp.model.rowCount() == 2, timeout=10000)
    qtmodeltester.check(rp.model)
    # the rerun's name (its parent's + " (rerun failed)", listed after the columns were
    # fitted) is not cut, and its tooltip has it whole
    col = rp.model.Col.NAME
    rerun = next(i for i in range(rp.proxy.rowCount())
                 if "rerun failed" in rp.proxy.index(i, col).data())
    name = rp.proxy.index(rerun, col).data()
    assert rp.table.columnWidth(col) > rp.table.fontMetrics().horizontalAdvance(name)
    assert rp.proxy.index(rerun, col).data(Qt.ItemDataRole.ToolTipRole) == name
    rp.status_filter.setCurrentIndex(rp.status_filter.findData("finalized"))
    assert rp.proxy.rowCount() == 1
    rp.status_filter.setCurrentIndex(0)
    rp.target_filter.setCurrentIndex(rp.target_filter.findData("group"))
    assert rp.proxy.rowCount() == 0
    rp.target_filter.setCurrentIndex(0)
    rp.search.setText("rerun failed")
    qtbot.waitUntil(lambda: rp.proxy.rowCount() == 1, timeout=3000)     # debounced
    rp.search.clear()
    # context menu offers what fits the status
    finalized = next(r for r in rp.model.rows() if r.id == parent_id)
    keys = [a.data() for a in rp.menu_for(finalized).actions()]
    assert keys[:4] == ["open", "rerun", "export", "report"]
    # bills: the page and a bill dialog with its lines
    w.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: w.bills_page.model.rowCount() > 0, timeout=10000)
    qtmodeltester.check(w.bills_page.model)
    bid = w.bills_page.model.loaded_rows()[0].id
    dlg = w.open_bill(bid)
    qtbot.waitUntil(lambda: dlg.bill is not None, timeout=10000)
    assert dlg.lines.rowCount() > 0
    qtmodeltester.check(dlg.lines)
    dlg.close()


def test_cancel_running_run(qtbot, window):
    w = window
    info = jobs.create_run(w.url, _last_month(), "all")
    worker = w.controller.start(info.id)
    worker.cancel()
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=30000)
    assert run_status(w.url, info.id).status == "cancelled"


def test_close_during_run_asks_then_cancels(qtbot, window, monkeypatch):
    from billdesk.gui import common

    w = window
    asked = []
    monkeypatch.setattr(common, "ask", lambda *a, **k: asked.append(a) or True)
    info = jobs.create_run(w.url, _last_month(), "all")
    w.controller.start(info.id)
    w.close()
    assert asked and w.controller.executing is not None
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30000)
    assert not w.controller.executing
    assert QThreadPool.globalInstance().waitForDone(10000)
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert not workers.active(long=True)
    assert run_status(w.url, info.id).status in ("cancelled", "completed",
                                                  "completed_with_errors")


def test_run_started_elsewhere_is_polled(qtbot, window):
    """A run executed by another client (here: a plain thread) shows its progress."""
    import threading

    w = window
    info = jobs.create_run(w.url, _last_month(), "all")
    w.open_run(info.id)
    qtbot.waitUntil(lambda: w.run_detail.info is not None, timeout=10000)
    assert w.run_detail.info.status == "draft"
    assert w.run_detail.timer.isActive()           # a draft is watched: it may start elsewhere
    t = threading.Thread(target=jobs.start_run, args=(w.url, info.id))
    t.start()
    t.join(60)
    # no reload asked for: the detail notices by itself
    qtbot.waitUntil(lambda: w.run_detail.info.status not in ("draft", "running"),
                    timeout=15000)
    assert w.run_detail.progress.value() == w.run_detail.progress.maximum()


def _last_month():
    from billdesk.gui.wizard import preset_period

    return preset_period("month")
