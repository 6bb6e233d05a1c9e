"""The billing engine's per-account messages on the German screen (issue 14, point 8): the
attempts table, its tooltips, the error summary and the quality check show them in German,
with the locale's numbers and periods; an engine message the GUI's table does not know fails
here."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from billdesk.gui import i18n, jobs, workers
from billdesk.gui.attempt_messages import (TEMPLATES, tr_error_code, translate_message)

pytestmark = pytest.mark.gui
WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def german(qapp):
    i18n.install(QApplication.instance(), "de")
    yield
    i18n.install(QApplication.instance(), "en")


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def assert_german(raw: str) -> str:
    """``raw`` (an English engine message) recognised whole and shown in German."""
    shown, known = translate_message(raw)
    assert known, f"no template for the engine message {raw!r}"
    if WORD.search(raw):
        assert shown != raw, raw
    return shown


def test_every_template_has_a_german_text_with_the_same_fields(german):
    for t in TEMPLATES:
        de = QCoreApplication.translate("AttemptMessage", t)
        assert de != t, f"untranslated: {t!r}"
        assert _fields(de) == _fields(t), (t, de)
    for code in ("NO_TARIFF", "NO_METER_DATA", "DATA_QUALITY", "ALREADY_BILLED", "UNCHANGED",
                 "ALLOCATION_ERROR", "IMPLAUSIBLE_AMOUNT", "INTERNAL"):
        assert tr_error_code(code) != code


def test_engine_messages_made_by_the_engine_are_german(german):
    """Messages as the engine and the run services make them (not copied texts)."""
    from billdesk.domain.period import Period
    from billdesk.domain.quality import Quality, QualityCounts, Thresholds
    from billdesk.engine.allocation import AllocationError, allocate
    from billdesk.engine.segments import NoTariff, segments
    from billdesk.runs.decide import Existing

    raw = []
    th = Thresholds(Quality.parse("substituted"), 0.9, 2)
    raw.append(th.check(QualityCounts(10, 5, 3, 4)))
    period = Period(date(2025, 3, 1), date(2025, 4, 1))
    for versions, start, end in (([], date(2025, 1, 1), None),
                                 ([], date(2025, 5, 1), None),
                                 ([], date(2024, 1, 1), date(2025, 2, 1))):
        with pytest.raises(NoTariff) as e:
            segments(versions, start, end, period)
        raw.append(str(e.value))
    for args in ((np.ones((2, 4)), np.ones(3)), (np.full((1, 2), np.nan), np.ones(2)),
                 (-np.ones((1, 2)), np.ones(2))):
        with pytest.raises(AllocationError) as e:
            allocate("dynamic", *args)
        raw.append(str(e.value))
    with pytest.raises(AllocationError) as e:
        allocate("static", np.ones((2, 2)), np.ones(2), shares=[0.7, 0.6])
    raw.append(str(e.value))
    from decimal import Decimal
    from types import SimpleNamespace

    from billdesk.runs.decide import implausible, skip_before_billing

    def existing(i, status, number, start=date(2025, 3, 1), end=date(2025, 4, 1)):
        return Existing(i, 3, status, number, start, end, "fp", Decimal("100.00"), "CHF")

    issued = existing(7, "issued", "INV-2025-000007")
    raw.append(skip_before_billing("create", [issued], period)[1])
    raw.append(skip_before_billing("create-and-correct", [existing(8, "draft", None)],
                                   period)[1])
    raw.append(skip_before_billing("create-and-correct", [existing(
        9, "issued", "INV-2025-000003", date(2025, 2, 15), date(2025, 3, 15))], period)[1])
    raw.append(implausible(SimpleNamespace(total=Decimal("-5.00"), currency="CHF"), None,
                           Decimal(3)))
    raw.append(implausible(SimpleNamespace(total=Decimal("900.00"), currency="CHF"), issued,
                           Decimal(3)))
    raw.append(f"inputs unchanged since {issued.describe()}; nothing to correct")
    for r in raw:
        shown = assert_german(r)
        assert "interval(s)" not in shown and " bill " not in shown, shown
    # a number in the locale's format, the exclusive period end shown as the last day
    de = assert_german("metering point P1: all 2976 intervals of the supplied period are "
                       "missing; import its readings for 2025-03-01..2025-03-16")
    assert "2’976" in de and "2025-03-15" in de and "2025-03-16" not in de
    # an unknown message is shown as it is, and is reported as not recognised
    assert translate_message("an engine message nobody wrote a template for") == (
        "an engine message nobody wrote a template for", False)


def test_a_run_s_attempts_are_german_on_the_german_screen(qtbot, demo_db, german):
    """Real runs on the demo: failures (quality, meter data), bills with gaps filled, then
    the same month again (already billed) and corrected (inputs unchanged)."""
    from billdesk.gui.main_window import MainWindow
    from billdesk.gui.wizard import preset_period

    from billdesk.domain.quality import Quality, Thresholds

    period = preset_period("month")
    first = jobs.create_run(demo_db, period, "all", thresholds=Thresholds(
        Quality.parse("estimated"), 0.97, 40))
    jobs.start_run(demo_db, first.id)
    jobs.finalize_run(demo_db, first.id)
    again = jobs.create_run(demo_db, period, "all")
    jobs.start_run(demo_db, again.id)
    jobs.finalize_run(demo_db, again.id)    # the accounts failed in the first are billed
    corr = jobs.create_run(demo_db, period, "all", billing="create-and-correct")
    jobs.start_run(demo_db, corr.id)
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    seen_codes = set()
    messages = 0
    for run in (first, again, corr):
        w.open_run(run.id)
        d = w.run_detail
        qtbot.waitUntil(lambda: d.info is not None and d.info.id == run.id
                        and d.attempts.rowCount() == d.info.counts.total, timeout=20000)
        m = d.attempts
        for row in range(m.rowCount()):
            raw = m.table["message"][m.table_row(row)]
            shown = m.index(row, m.Col.MESSAGE).data()
            if not raw:
                assert shown == ""
                continue
            messages += 1
            assert shown == assert_german(raw)
            assert m.index(row, m.Col.MESSAGE).data(Qt.ItemDataRole.ToolTipRole) == shown
            code = m.table["error"][m.table_row(row)]
            if code:
                seen_codes.add(code)
                assert m.index(row, m.Col.ERROR).data() == tr_error_code(code) != code
        # the error summary: the codes as words, the code itself the filter key
        for i in range(1, d.errors.count()):
            item = d.errors.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            assert item.text().startswith(tr_error_code(code) + ":") and code not in item.text()
    assert messages > 60 and {"DATA_QUALITY", "ALREADY_BILLED", "UNCHANGED"} <= seen_codes, \
        (messages, seen_codes)
    w.close()
    workers.wait_all(20)
