"""What a clerk reads (session 5, from looking at the screenshots): status columns with room
for every status, bill numbers shown whole, the finalize question's kinds and numbers, the
run's target and minimum data quality in the window's language and the same words in the
run detail and the wizard's review."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from billdesk.gui import i18n, jobs, workers


@pytest.fixture
def german():
    i18n.install(QApplication.instance(), "de")
    yield
    i18n.install(QApplication.instance(), "en")


def _month():
    from billdesk.gui.wizard import preset_period

    return preset_period("month")


def _fits(table, col: int, text: str) -> bool:
    return table.horizontalHeader().sectionSize(col) >= table.fontMetrics().horizontalAdvance(
        text)


def test_the_status_column_has_room_for_every_status(qtbot, qtmodeltester, window, demo_db):
    from billdesk.gui.formats import tr_status

    jobs.create_run(demo_db, _month(), "all", name="a draft")      # the first fit: "draft"
    page = window.runs_page
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=15000)
    qtmodeltester.check(page.model)
    col = page.model.Col.STATUS
    assert page.model.column_texts(col)
    for status in ("completed_with_errors", "interrupted", "finalized"):
        assert _fits(page.table, col, tr_status(status)), status


def test_the_attempts_status_column_fits_failed_in_german(qtbot, german, demo_db):
    from billdesk.gui.formats import tr_status
    from billdesk.gui.main_window import MainWindow

    info = jobs.create_run(demo_db, _month(), "all")
    jobs.start_run(demo_db, info.id)
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    try:
        w.open_run(info.id)
        d = w.run_detail
        qtbot.waitUntil(lambda: d.info is not None and d.attempts.rowCount() > 0, timeout=15000)
        assert tr_status("failed") == "fehlgeschlagen"
        assert _fits(d.table, d.attempts.Col.STATUS, tr_status("failed"))
        assert _fits(d.table, d.attempts.Col.STATUS, tr_status("succeeded"))
        # the target in German, not the keyword "all"
        assert d.fields["target"].text() == "alle gültigen Kunden"
    finally:
        workers.wait_all(30)
        w.close()


def test_an_accounts_bills_show_their_numbers_whole(qtbot, window, demo_db):
    info = jobs.create_run(demo_db, _month(), "all")
    jobs.start_run(demo_db, info.id)
    jobs.finalize_run(demo_db, info.id)
    window.nav.setCurrentRow(1)
    page = window.accounts_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=15000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.bills.rowCount() > 0 and page.bills.bill_at(0) is not None,
                    timeout=15000)
    qtbot.waitUntil(lambda: getattr(page.bills_table, "_fitted", False), timeout=5000)
    number = page.bills.bill_at(0).number
    assert number
    assert _fits(page.bills_table, page.bills.Col.NUMBER, number)


def test_the_finalize_question_names_kinds_and_numbers(window, demo_db):
    from types import SimpleNamespace

    p = SimpleNamespace(count=5, run_id=1, totals={}, failed=0, pending=0, skipped=0,
                        originals=0, bills={"invoice": 3, "self_billing": 2},
                        numbers={"invoice": ("INV-1", "INV-3"),
                                 "self_billing": ("SB-1", "SB-2")})
    text, details, _yes = window.run_actions.finalize_question(p)
    assert "3 invoices + 2 self-billing credit notes" in text
    assert "Invoice numbers INV-1 to INV-3" in details
    assert "Self-billing credit note numbers SB-1 to SB-2" in details
    assert "Invoices numbers" not in details


def test_the_finalize_question_in_german(german, window):
    from types import SimpleNamespace

    p = SimpleNamespace(count=2, run_id=1, totals={}, failed=0, pending=0, skipped=0,
                        originals=0, bills={"invoice": 2}, numbers={"invoice": ("A", "B")})
    _text, details, _yes = window.run_actions.finalize_question(p)
    assert "Rechnungsnummern A bis B" in details


@pytest.mark.parametrize("target,en,de", [
    ("all", "all valid accounts", "alle gültigen Kunden"),
    ("group:residential", "group residential", "Gruppe residential"),
    ("community:LEG Seeblick", "community LEG Seeblick", "Gemeinschaft LEG Seeblick"),
    ("accounts:A1,A2", "2 account(s): A1, A2", "2 Kunde(n): A1, A2"),
    ("accounts:A1,A2,A3,A4", "4 account(s): A1, A2, A3, …", "4 Kunde(n): A1, A2, A3, …"),
    ("something else", "something else", "something else"),
])
def test_targets_in_the_window_language(qapp, target, en, de):
    from billdesk.gui.formats import tr_target

    assert tr_target(target) == en
    i18n.install(qapp, "de")
    try:
        assert tr_target(target) == de
    finally:
        i18n.install(qapp, "en")


def test_the_review_says_the_minimum_quality_as_the_run_detail_does(qtbot, window, demo_db):
    from billdesk.gui.formats import quality_text

    wiz = window.new_run()
    qtbot.addWidget(wiz)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.target_page.options is not None, timeout=15000)
    wiz.next()
    wiz.options_page.share.setValue(97)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.quality_page.report is not None, timeout=60000)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.review_page.overlaps is not None, timeout=15000)
    th = wiz.options_page.thresholds()
    said = quality_text(th.min_quality.label, th.min_measured_share, th.max_missing)
    assert said.startswith("worst flag ") and "measured ≥ 97%" in said
    assert said in wiz.review_page.text.text()
    assert "all valid accounts" in wiz.review_page.text.text()
    wiz.reject()


def test_widths_saved_in_english_still_fit_the_german_status(qtbot, demo_db):
    """The widths a table remembers were made for English words: a German window widens the
    status column to 'fehlgeschlagen', and leaves the other saved widths alone."""
    from billdesk.gui.common import save_tables
    from billdesk.gui.formats import tr_status
    from billdesk.gui.main_window import MainWindow

    info = jobs.create_run(demo_db, _month(), "all")
    jobs.start_run(demo_db, info.id)

    def open_detail():
        w = MainWindow(demo_db)
        qtbot.addWidget(w)
        w.show()
        w.open_run(info.id)
        d = w.run_detail
        qtbot.waitUntil(lambda: d.info is not None and d.attempts.rowCount() > 0, timeout=15000)
        return w, d

    w, d = open_detail()
    h = d.table.horizontalHeader()
    h.resizeSection(d.attempts.Col.STATUS, 20)          # narrow, as English left it
    h.resizeSection(d.attempts.Col.NAME, 77)
    save_tables()
    workers.wait_all(30)
    w.close()
    i18n.install(QApplication.instance(), "de")
    try:
        w, d = open_detail()
        assert d.table.restored
        assert _fits(d.table, d.attempts.Col.STATUS, tr_status("failed"))
        assert d.table.horizontalHeader().sectionSize(d.attempts.Col.NAME) == 77
        workers.wait_all(30)
        w.close()
    finally:
        i18n.install(QApplication.instance(), "en")
