"""The details a clerk sees every day (issue 14, point 8): one number format per locale with
the currency on every amount, exclusive ends shown as the last day included, the bill dialog
with invoice numbers and the customer, the tariffs page with every version, its prices and
its schedule."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from billdesk.gui import formats, jobs, workers

pytestmark = pytest.mark.gui


@pytest.fixture
def language():
    yield formats.set_language
    formats.set_language("en")


@pytest.mark.parametrize("lang, thousands, money", [
    ("de", "5’669’250", "CHF\xa01’234.50"),
    ("en", "5’669’250", "CHF\xa01’234.50"),
    ("it", "5’669’250", "CHF\xa01’234.50"),
    ("fr", "5\u202f669\u202f250", "1\u202f234,50\xa0CHF"),
])
def test_one_number_format_per_locale(language, lang, thousands, money):
    language(lang)
    assert formats.fmt_int(5669250) == thousands
    assert formats.fmt_money(Decimal("1234.5"), "CHF") == money
    # no amount without its currency, whatever the caller forgets
    formats.set_currency("EUR")
    assert "EUR" in formats.fmt_money(Decimal("-3.05"))
    formats.set_currency("CHF")


def test_exclusive_ends_show_the_last_day_and_times_name_their_zone(language):
    language("de")
    assert formats.fmt_days(date(2026, 3, 5), date(2026, 3, 20)) == "2026-03-05 – 2026-03-19"
    assert formats.last_day(date(2026, 4, 1)) == date(2026, 3, 31)
    formats.set_zone("Europe/Zurich")
    noon = datetime(2026, 7, 1, 10, 0, tzinfo=timezone.utc)
    assert formats.fmt_dt(noon) == "2026-07-01 12:00"            # summer time
    assert "Europe/Zurich" in formats.fmt_dt_zone(noon)


def test_the_bill_dialog_names_numbers_and_the_customer(qtbot, demo_db):
    from billdesk.gui.bill_dialog import BillDialog
    from billdesk.gui.wizard import preset_period
    from billdesk.store.listings import BillQuery

    info = jobs.start_run(demo_db, jobs.create_run(demo_db, preset_period("month"), "all").id)
    jobs.finalize_run(demo_db, info.id)
    bill = jobs.bills_page(demo_db, BillQuery(run_id=info.id), 0, 1)[0]
    d = BillDialog(demo_db, bill.id)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.bill is not None, timeout=10000)
    head = d.head.text()
    assert bill.number and bill.number in head and bill.number in d.windowTitle()
    assert f"#{bill.id}" not in d.windowTitle()                # the number, not the id
    assert d.context.customer and d.context.customer in head
    assert formats.fmt_days(d.bill.period_start, d.bill.period_end) in head
    assert d.bill.currency in d.totals.text()
    d.close()
    assert workers.wait_all(30)


def test_the_tariffs_page_shows_versions_prices_and_schedule(qtbot, demo_db):
    from billdesk.gui.tariffs_page import TariffsPage

    page = TariffsPage(demo_db)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=15000)
    seen_schedule = False
    for row in range(page.proxy.rowCount()):
        page.table.selectRow(row)
        t = page.current_tariff()
        assert t is not None
        assert page.versions.rowCount() == len(t.versions) >= 1     # every version
        v = t.versions[-1]
        comps = v.definition.get("components", ())
        assert page.components.rowCount() == len(comps)
        prices = [page.components.item(r, 3).text() for r in range(page.components.rowCount())]
        for c, text in zip(comps, prices):      # flat, per period, or formula + offset
            assert t.currency in text, (t.code, c, text)
            if c.get("pricing") == "tou":
                assert all(name in text for name in c["prices"])
        kinds = {c.get("pricing", "flat") for c in comps}
        if "tou" in kinds:
            seen_schedule = True
            assert page.schedule.rowCount() >= 2                   # rules and the default
            assert page.schedule.item(page.schedule.rowCount() - 1, 0).text() == \
                "any other time"
    assert seen_schedule


def test_the_price_chart_title_counts_in_the_locale_format(qtbot, demo_db, language):
    from billdesk.gui.tariffs_page import TariffsPage

    language("de")
    page = TariffsPage(demo_db)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.series.rowCount() > 0, timeout=15000)
    code = page.series_proxy.index(0, 0).data()
    n = len(page.points[code][0])
    assert n >= 1000                               # the demo's hourly prices
    title = page.chart.getPlotItem().titleLabel.text
    assert formats.fmt_int(n) in title and str(n) not in title, title
    assert workers.wait_all(30)


def test_the_run_progress_counts_in_the_locale_format(qtbot, demo_db, language):
    from billdesk.gui.run_detail import RunDetailPage
    from billdesk.gui.runs_page import RunController

    language("de")
    page = RunDetailPage(demo_db, RunController(demo_db))
    qtbot.addWidget(page)
    page._show_status("running", {"total": 100_000, "pending": 12_345, "succeeded": 87_000,
                                  "failed": 655, "skipped": 0}, {}, None, None)
    assert page.progress.text() == "87’655 / 100’000 (87%)"       # Qt truncates
    assert "87’000" in page.counts_label.text()
    assert workers.wait_all(30)


def test_the_quality_chart_scale_ends_at_100_percent(qtbot):
    from billdesk.gui.charts import QualityMixChart

    chart = QualityMixChart()
    qtbot.addWidget(chart)
    chart.set_counts([990, 5, 3, 2])
    levels = chart.getAxis("left")._tickLevels
    values = [v for level in levels for v, _text in level]
    labelled = [v for v, text in levels[0] if text]
    assert max(values) <= 100 and max(labelled) == 100 and min(labelled) == 0
    # the view keeps room above the scale for the label over a 99 % bar
    assert chart.getViewBox().viewRange()[1][1] > 100 + 10


def test_the_import_bar_says_failed_not_0_percent(qtbot, demo_db, tmp_path):
    from billdesk.gui.dialogs import ImportPanel

    p = ImportPanel(demo_db, "accounts")
    qtbot.addWidget(p)
    bad = tmp_path / "accounts.csv"
    bad.write_text("not,an,accounts,file\n1,2,3,4\n")
    p.path.setText(str(bad))
    p.start()
    qtbot.waitUntil(lambda: p.worker is None and p.errors.rowCount() == 1, timeout=20000)
    assert p.progress.text() == "Failed" and "0%" not in p.progress.text()


def test_dense_series_are_drawn_without_antialiasing(qtbot):
    """A month of hours antialiased cost 28-35 ms per paint of the Communities chart."""
    from billdesk.gui.charts import CommunityChart, IntervalChart, PriceChart

    for cls in (CommunityChart, IntervalChart, PriceChart):
        chart = cls()
        qtbot.addWidget(chart)
        curves = [i for i in chart.getPlotItem().items if hasattr(i, "curve")]
        assert curves and all(c.opts["antialias"] is False for c in curves)
