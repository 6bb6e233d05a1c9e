"""A clerk's day (issue 14, points 4, 5, 7, 9): questions before irreversible actions, views
that follow the data, settings that stick, templates, thresholds, exports and reports."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from billdesk.gui import common, jobs, workers

pytestmark = pytest.mark.gui


@pytest.fixture
def answers(monkeypatch):
    """Records every question; answers with the next of ``answers.replies`` (default yes)."""
    class Answers:
        asked: list = []
        replies: list = []

        def __call__(self, parent, title, text, details="", yes=None, **k):
            self.asked.append((title, text, details))
            return self.replies.pop(0) if self.replies else True

    a = Answers()
    a.asked, a.replies = [], []
    monkeypatch.setattr(common, "ask", a)
    return a


def month():
    from billdesk.gui.wizard import preset_period

    return preset_period("month")


def completed_run(url, **options):
    info = jobs.create_run(url, month(), "all", **options)
    return jobs.start_run(url, info.id)


# ----------------------------------------------------------------------------- point 4
def test_finalize_asks_with_count_total_numbers_and_failures(qtbot, window, answers):
    w = window
    info = completed_run(w.url)
    assert info.counts.failed > 0
    answers.replies = [False]
    w.run_actions.do("finalize", info.id)
    qtbot.waitUntil(lambda: len(answers.asked) == 1, timeout=10000)
    title, text, details = answers.asked[0]
    p = jobs.finalize_preview(w.url, info.id)
    from billdesk.gui.formats import fmt_money

    assert f"Issue {p.count} bills of run {info.id}" in text
    assert fmt_money(p.totals["CHF"], "CHF") in text
    first, last = p.numbers["invoice"]
    assert first in details and last in details
    assert f"{info.counts.failed} failed account(s) are left out" in details
    workers.wait_all(10)
    assert jobs.load_run(w.url, info.id, attempts=False)[0].status != "finalized"   # said no
    answers.replies = [True]
    w.run_actions.do("finalize", info.id)
    qtbot.waitUntil(lambda: jobs.load_run(w.url, info.id, attempts=False)[0].status
                    == "finalized", timeout=20000)
    # the numbers issued are the ones announced
    from billdesk.runs import list_bills

    issued = list_bills(jobs.factory_for(w.url), run_id=info.id, with_lines=False)
    for kind, (a, z) in p.numbers.items():       # invoices, and producers' notes (issue 17)
        nums = sorted(b.number for b in issued if b.number and b.kind == kind)
        assert (nums[0], nums[-1]) == (a, z)
    assert (first, last) == p.numbers["invoice"]


def test_cancel_run_asks(qtbot, window, answers):
    w = window
    info = jobs.create_run(w.url, month(), "all")
    answers.replies = [False]
    w.run_actions.do("cancel", info.id)
    assert answers.asked and "Cancel bill run" in answers.asked[0][1]
    workers.wait_all(10)
    assert jobs.load_run(w.url, info.id, attempts=False)[0].status == "draft"
    answers.replies = [True]
    w.run_actions.do("cancel", info.id)
    qtbot.waitUntil(lambda: jobs.load_run(w.url, info.id, attempts=False)[0].status
                    == "cancelled", timeout=10000)


def test_cancel_an_issued_bill_asks_and_issues_a_credit_note(qtbot, window, answers,
                                                             monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = window
    info = completed_run(w.url)
    jobs.finalize_run(w.url, info.id)
    bill = next(b for b in jobs.bills_page(w.url, _query(run_id=info.id), 0, 5) if b.number)
    d = w.open_bill(bill.id)
    qtbot.waitUntil(lambda: d.bill is not None, timeout=10000)
    assert d.cancel_button.isVisible() and d.cancel_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong address", True))
    answers.replies = [False]
    d.cancel_bill()
    assert "Cancel invoice " + bill.number in answers.asked[0][1]
    assert "cannot be undone" in answers.asked[0][2]
    workers.wait_all(10)
    assert jobs.load_bill(w.url, bill.id)[0].status == "issued"
    answers.replies = [True]
    with qtbot.waitSignal(d.cancelled_bill, timeout=10000) as sig:
        d.cancel_bill()
    res = sig.args[0]
    assert res.credit_note_number.startswith("CN-")
    qtbot.waitUntil(lambda: d.bill is not None and d.bill.status == "cancelled", timeout=10000)
    assert res.credit_note_number in d.head.text()            # linked from the original
    cn, ctx = jobs.load_bill(w.url, res.credit_note_id)
    assert cn.kind == "credit_note" and cn.total == -bill.total and ctx.corrects.id == bill.id
    assert not d.cancel_button.isVisible()
    d.close()


def test_strict_run_with_predicted_failures_asks(qtbot, window, answers):
    from PySide6.QtWidgets import QWizard

    w = window
    wiz = w.new_run()
    wiz.next()
    qtbot.waitUntil(lambda: wiz.target_page.options is not None, timeout=10000)
    wiz.next()
    wiz.options_page.strict.setChecked(True)
    wiz.options_page.share.setValue(99.0)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.quality_page.report is not None, timeout=30000)
    assert wiz.quality_page.report.failing > 0
    wiz.next()
    qtbot.waitUntil(lambda: wiz.review_page.overlaps is not None, timeout=10000)
    answers.replies = [False]
    wiz.button(QWizard.WizardButton.FinishButton).click()
    assert answers.asked and "predicts that" in answers.asked[-1][1]
    assert wiz.review_page.creating is None and wiz.isVisible()        # not created
    answers.replies = [True]
    with qtbot.waitSignal(wiz.run_created, timeout=20000) as created:
        wiz.button(QWizard.WizardButton.FinishButton).click()
    assert created.args[0].mode == "strict"
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=60000)


def test_quitting_during_an_export_asks_stops_it_and_it_can_be_resumed(qtbot, demo_db,
                                                                        answers, tmp_path):
    from billdesk.gui.main_window import MainWindow

    info = completed_run(demo_db)
    jobs.finalize_run(demo_db, info.id)
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    w.open_run(info.id)
    qtbot.waitUntil(lambda: w.run_detail.info is not None, timeout=10000)
    out = tmp_path / "pdf"
    w.run_detail.export_pdfs(str(out), workers_n=1)
    qtbot.waitUntil(lambda: w.run_detail.export_progress.value() > 0, timeout=60000)
    answers.replies = [False]
    w.close()
    assert answers.asked[-1][1].startswith("A PDF export is going on")
    assert w.isVisible()                              # said no: still there, still exporting
    answers.replies = [True]
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=60000)
    assert not workers.active(long=True)
    e = jobs.latest_export(demo_db, info.id)
    assert e.status == "cancelled" and e.incomplete and 0 < e.written < e.total
    # after a restart the export shows as incomplete and is resumed to the end
    w2 = MainWindow(demo_db)
    qtbot.addWidget(w2)
    w2.show()
    w2.open_run(info.id)
    d = w2.run_detail
    qtbot.waitUntil(lambda: d.resume_button.isVisible(), timeout=10000)
    assert "PDF export incomplete" in d.export_label.text()
    with qtbot.waitSignal(d.export_finished, timeout=120000) as done:
        d.resume_export()
    report = done.args[0]
    assert report.skipped == e.written and report.skipped + len(report.written) == e.total
    assert len(list(out.glob("*.pdf"))) == e.total
    qtbot.waitUntil(lambda: not d.resume_button.isVisible(), timeout=10000)
    w2.close()


def test_an_interrupted_export_is_incomplete_after_a_restart(qtbot, demo_db, tmp_path):
    """A process that died during an export (its job stays 'running', the owner is gone)."""
    from sqlalchemy import update

    from billdesk.runs.export_jobs import latest_export
    from billdesk.store.app_models import ExportJob
    from billdesk.store.db import transaction

    info = completed_run(demo_db)
    jobs.finalize_run(demo_db, info.id)
    report = jobs.export_pdfs(demo_db, info.id, str(tmp_path / "a"), workers=0)
    with transaction(jobs.factory_for(demo_db)) as s:
        s.execute(update(ExportJob).values(status="running", owner="nohost:1", written=3,
                                           heartbeat_at=None, finished_at=None))
    with jobs.factory_for(demo_db)() as s:
        e = latest_export(s, info.id)
    assert e.status == "interrupted" and e.incomplete and report.job_id == e.id


# ----------------------------------------------------------------------------- point 5
def test_attempts_and_charts_follow_a_large_run_to_its_end(qtbot, window, monkeypatch):
    """A run too large to follow live (here: the live limit lowered) is read again when it
    ends: no attempt stays 'pending' on screen."""
    from billdesk.gui import run_detail

    monkeypatch.setattr(run_detail, "LIVE_LIMIT", 5)
    w = window
    info = jobs.create_run(w.url, month(), "all")
    w.open_run(info.id)
    d = w.run_detail
    qtbot.waitUntil(lambda: d.attempts.rowCount() == info.counts.total, timeout=10000)
    w.controller.start(info.id)
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=60000)
    pending = d.attempts.STATUS_CODES.index("pending")
    qtbot.waitUntil(lambda: d.info.status != "running" and d.attempts.cols is not None
                    and not (d.attempts.cols["status"] == pending).any(), timeout=20000)
    assert d.attempts_status == d.info.status
    assert d.amount_chart.curve.yData is not None and d.amount_chart.curve.yData.sum() > 0


def test_a_run_cancelled_while_watched_shows_its_end(qtbot, window, monkeypatch):
    from billdesk.gui import run_detail

    monkeypatch.setattr(run_detail, "LIVE_LIMIT", 5)
    w = window
    info = jobs.create_run(w.url, month(), "all")
    w.open_run(info.id)
    d = w.run_detail
    job = w.controller.start(info.id)
    job.cancel()
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=60000)
    qtbot.waitUntil(lambda: d.info.status == "cancelled" and d.attempts_status == "cancelled",
                    timeout=20000)


def test_bills_page_and_status_bar_follow_a_finalize(qtbot, window, answers):
    w = window
    info = completed_run(w.url)
    w.nav.setCurrentRow(3)
    page = w.bills_page
    qtbot.waitUntil(lambda: page.model.ready, timeout=10000)
    before_total = page.model.rowCount()
    assert "(0 issued)" in w.activity.text()
    # the run's documents: an invoice per billed account and the producers' self-billing
    # notes (issue 17)
    docs = jobs.finalize_preview(w.url, info.id).count
    assert docs > info.counts.succeeded
    w.run_actions.do("finalize", info.id)
    qtbot.waitUntil(lambda: w.overview.issued == docs, timeout=20000)
    assert f"({docs} issued)" in w.activity.text()
    page.status.setCurrentIndex(page.status.findData("issued"))
    qtbot.waitUntil(lambda: page.model.query.status == "issued"
                    and page.model.rowCount() == docs, timeout=20000)
    assert before_total >= docs


def test_changes_made_elsewhere_reach_the_views(qtbot, window):
    """A run created from the command line (another connection) appears by itself."""
    w = window
    w.feed.timer.setInterval(300)
    n = w.runs_page.model.rowCount()
    jobs.create_run(w.url, month(), "all", name="made elsewhere")
    qtbot.waitUntil(lambda: w.runs_page.model.rowCount() == n + 1, timeout=15000)
    assert ("runs", 0) in w.bus.published


# ----------------------------------------------------------------------------- point 7
def test_language_and_pdf_folder_stick_across_restarts(qtbot, demo_db, tmp_path):
    from billdesk.gui.common import LANGUAGE_KEY, PDF_FOLDER_KEY, reset_settings_migration
    from billdesk.gui.dialogs import SettingsDialog

    for lang, folder in (("de", tmp_path / "one"), ("en", tmp_path / "two"),
                         ("de", tmp_path / "three")):
        d = SettingsDialog(demo_db)
        qtbot.addWidget(d)
        qtbot.waitUntil(lambda: {"company", "mail"} <= d._loaded_parts, timeout=10000)
        d.language.setCurrentIndex(d.language.findData(lang))
        d.pdf_folder.setText(str(folder))
        with qtbot.waitSignal(d.saved, timeout=10000):
            d.save()
        QSettings().sync()
        reset_settings_migration()                   # as a new process would read it
        fresh = QSettings(QSettings().fileName(), QSettings.Format.IniFormat)
        assert fresh.value(LANGUAGE_KEY) == lang
        assert fresh.value(PDF_FOLDER_KEY) == str(folder)
    text = Path(QSettings().fileName()).read_text()
    assert text.count("[%General]") == 0 and text.count("[General]") <= 1


def test_old_settings_keys_are_moved(qapp, tmp_path):
    from billdesk.gui.common import LANGUAGE_KEY, app_settings, reset_settings_migration

    s = QSettings()
    s.setValue("general/language", "de")     # written as [%General], read back as General/
    s.sync()
    reset_settings_migration()
    assert app_settings().value(LANGUAGE_KEY) == "de"
    assert not app_settings().contains("General/language")
    assert "[%General]" not in Path(s.fileName()).read_text()


def test_a_new_language_reopens_the_window(qtbot, demo_db, answers, monkeypatch):
    from billdesk.gui import app as appmod
    from billdesk.gui import i18n
    from billdesk.gui.common import LANGUAGE_KEY, app_settings

    launcher = appmod.Launcher(demo_db)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=30000)
    first = launcher.window              # the launcher owns its windows (and deletes them)
    app_settings().setValue(LANGUAGE_KEY, "de")
    try:
        first._settings_saved(True)
        qtbot.waitUntil(lambda: launcher.window is not None and launcher.window is not first,
                        timeout=30000)
        second = launcher.window
        assert second.nav.item(0).text() == "Rechnungsläufe"
        second.close()
        second.deleteLater()
    finally:
        app_settings().setValue(LANGUAGE_KEY, "en")
        i18n.install(qtbot_app(), "en")


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def test_open_pdf_finds_a_bill_exported_to_any_folder(qtbot, demo_db, tmp_path):
    from billdesk.gui.bill_dialog import BillDialog

    info = completed_run(demo_db)
    jobs.finalize_run(demo_db, info.id)
    far = tmp_path / "somewhere" / "else"
    report = jobs.export_pdfs(demo_db, info.id, str(far), workers=0)
    bill = next(b for b in jobs.bills_page(demo_db, _query(run_id=info.id), 0, 1))
    d = BillDialog(demo_db, bill.id)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.bill is not None, timeout=10000)
    assert d.pdf_button.isEnabled()
    assert d.pdf_path().parent == far and d.pdf_path() in report.written


# ----------------------------------------------------------------------------- point 9
def test_templates_thresholds_factor_and_conflicts_in_the_wizard(qtbot, window, answers,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QWizard

    from billdesk.runs.templates import Template

    w = window
    jobs.save_template(w.url, Template("Monthly strict", "group:" + _a_group(w.url), "strict",
                                       "create-and-correct",
                                       {"min_quality": "estimated",
                                        "min_measured_share": 0.9, "max_missing": 4},
                                       {"max_factor": "3"}))
    busy = jobs.create_run(w.url, month(), "all", name="already there")   # a draft overlaps
    wiz = w.new_run()
    qtbot.waitUntil(lambda: wiz.period_page.template.count() == 2, timeout=10000)
    wiz.period_page.template.setCurrentIndex(1)
    wiz._template_chosen(1)
    o = wiz.options_page
    assert o.mode() == "strict" and o.billing() == "create-and-correct"
    assert o.thresholds().max_missing == 4 and o.max_factor() == "3"
    wiz.next()
    qtbot.waitUntil(lambda: wiz.target_page.options is not None, timeout=10000)
    assert wiz.target_page.target() == "group:" + _a_group(w.url)
    wiz.next()
    o.lenient.setChecked(True)
    o.factor.setValue(2.5)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.quality_page.report is not None, timeout=30000)
    wiz.next()
    rp = wiz.review_page
    qtbot.waitUntil(lambda: rp.overlaps is not None, timeout=10000)
    assert [x.run_id for x in rp.overlaps] == [busy.id]
    assert "Conflict with another run" in rp.conflicts.text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Group lenient", True))
    rp.save_template()
    qtbot.waitUntil(lambda: "Group lenient" in [t.name for t in jobs.list_templates(w.url)],
                    timeout=10000)
    with qtbot.waitSignal(wiz.run_created, timeout=20000) as created:
        wiz.button(QWizard.WizardButton.FinishButton).click()
    assert any("hold accounts of this target" in a[1] for a in answers.asked)
    info = created.args[0]
    assert info.options["max_factor"] == "2.5" and info.thresholds["max_missing"] == 4
    w.controller.cancel_all()
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=60000)
    # the thresholds are remembered for the next run
    wiz2 = w.new_run() if w.wizard is None else w.wizard
    assert wiz2.options_page.max_factor() == "2.5"
    assert wiz2.options_page.thresholds().min_measured_share == pytest.approx(0.9)
    wiz2.reject()


def test_rerun_failed_with_other_thresholds(qtbot, window, answers):
    from billdesk.domain.quality import Thresholds

    w = window
    info = completed_run(w.url, thresholds=Thresholds(min_measured_share=0.99))
    assert info.counts.failed > 0

    class Relaxed:
        def __init__(self, info, parent):
            from billdesk.gui.run_actions import RerunDialog

            self.d = RerunDialog(info, parent)
            assert self.d.form.share.value() == pytest.approx(99.0)   # the parent's
            self.d.form.share.setValue(0)

        def exec(self):
            return QDialog.DialogCode.Accepted

        def options(self):
            return self.d.options()

    w.run_actions.rerun_dialog = Relaxed
    created = []
    w.controller.run_created.connect(created.append)
    w.run_actions.do("rerun", info.id)
    qtbot.waitUntil(lambda: bool(created), timeout=20000)
    child = created[0]
    assert child.parent_id == info.id and child.thresholds["min_measured_share"] == 0
    assert child.counts.total == info.counts.failed


def test_every_table_exports_to_csv_and_xlsx_with_formulas_escaped(qtbot, window, tmp_path,
                                                                   monkeypatch):
    from billdesk.gui.common import export_table
    from billdesk.store.db import transaction
    from billdesk.store.models import Account

    w = window
    with transaction(jobs.factory_for(w.url)) as s:
        acc = s.query(Account).order_by(Account.code).first()
        acc.name = "=HYPERLINK(\"http://evil\",\"x\")"
        acc.city = "+41 @home"
    w.nav.setCurrentRow(1)
    page = w.accounts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=10000)
    for suffix in (".csv", ".xlsx"):
        job = export_table(page.table, str(tmp_path / f"accounts{suffix}"))
        qtbot.waitUntil(lambda: job.delivered, timeout=20000)
        assert job.error is None, job.message
    with open(tmp_path / "accounts.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["Account", "Name"] and len(rows) == 61
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in [c for r in rows for c in r]
    assert "'+41 @home" in [c for r in rows for c in r]
    with zipfile.ZipFile(tmp_path / "accounts.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode() if \
            "xl/sharedStrings.xml" in z.namelist() else sheet
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in sheet                          # no formula anywhere
    assert "=HYPERLINK" in strings and 'quotePrefix="1"' in styles
    # the Bills table exports its whole query, the runs list and the attempts too
    info = completed_run(w.url)
    w.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: w.bills_page.model.ready and w.bills_page.model.rowCount() > 0,
                    timeout=10000)
    for table, name in ((w.bills_page.table, "bills.csv"), (w.runs_page.table, "runs.xlsx")):
        job = export_table(table, str(tmp_path / name))
        qtbot.waitUntil(lambda: job.delivered, timeout=20000)
        assert job.error is None, job.message
    with open(tmp_path / "bills.csv", encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) == w.bills_page.model.rowCount() + 1
    w.open_run(info.id)
    qtbot.waitUntil(lambda: w.run_detail.attempts.rowCount() > 0, timeout=10000)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "attempts"), "Excel workbook (*.xlsx)"))
    job = w.export_current_table()                      # File > Export table… on this page
    qtbot.waitUntil(lambda: job.delivered, timeout=20000)
    assert (tmp_path / "attempts.xlsx").exists()


def test_run_report_from_the_app(qtbot, window, tmp_path):
    w = window
    info = completed_run(w.url)
    jobs.finalize_run(w.url, info.id)
    with qtbot.waitSignal(w.run_actions.report_written, timeout=30000) as sig:
        w.run_actions.report(info.id, str(tmp_path / "r.pdf"))
    pdf = Path(sig.args[0])
    assert pdf.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(w.run_actions.report_written, timeout=30000):
        w.run_actions.report(info.id, str(tmp_path / "r.csv"))
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "numbers,invoice" in text and "vat_rate,8.1" in text


def _query(**kw):
    from billdesk.store.listings import BillQuery

    return BillQuery(**kw)


def _a_group(url):
    return jobs.load_target_options(url, month()).groups[0][0]


_ = Qt
