"""invoices_around: the invoices overlapping a run's period and each account's latest issued
invoice before it (one per account, read from the index), against every bill of the
accounts' history filtered in Python as the query did before (issue 16, session 8)."""

from __future__ import annotations

from sqlalchemy import select

import builders
from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.period import Period
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.runs.decide import invoices_around
from billdesk.store.models import Account, Bill, BillingAttempt


def _reference(session, account_ids, period, run_id):
    """Every invoice of the accounts, filtered and chosen in Python."""
    existing, previous = {}, {}
    for b in session.scalars(select(Bill).where(Bill.account_id.in_(account_ids),
                                                Bill.kind == BillKind.INVOICE.value)
                             .order_by(Bill.id)):
        if b.period_end <= period.start:
            if b.status == BillStatus.ISSUED.value:
                key = (b.period_start, b.id)
                if b.account_id not in previous or previous[b.account_id][0] < key:
                    previous[b.account_id] = (key, b.id)
        elif (b.status != BillStatus.CANCELLED.value and b.period_start < period.end
              and b.run_id != run_id):
            existing.setdefault(b.account_id, []).append(b.id)
    return existing, {a: i for a, (_k, i) in previous.items()}


def test_latest_issued_invoice_before_the_period_and_the_overlapping_ones(db):
    _url, factory = db
    pf = builders.build(factory, 6, period="2025-01", months=3)
    for month in ("2025-01", "2025-02"):
        r = create_run(factory, month, "all")
        start_run(factory, r.id)
        finalize_run(factory, r.id)
    # February corrected for two accounts: credit note + a replacement invoice of the same
    # period (a later id: the latest), the original stays issued
    for code in ("A00002", "A00005"):
        builders.correct_readings(factory, pf.points[code], "2025-02", factor=1.5)
    r = create_run(factory, "2025-02", "all", billing="create-and-correct")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    # March: a draft run (overlapping drafts of another run), a cancelled one, and ours
    other = create_run(factory, "2025-03", "accounts:A00001,A00003")
    start_run(factory, other.id)
    run = create_run(factory, "2025-03", "all")
    period = Period.parse("2025-03")
    with factory() as s:
        ids = list(s.scalars(select(Account.id).order_by(Account.id)))
        want_existing, want_previous = _reference(s, ids, period, run.id)
        assert len(want_previous) == 6 and len(want_existing) == 2
        among = select(BillingAttempt.account_id).where(BillingAttempt.run_id == run.id)
        for arg in (ids, among):
            existing, previous = invoices_around(s, arg, period, run.id)
            assert {a: [e.id for e in v] for a, v in existing.items() if v} == want_existing
            assert {a: e.id for a, e in previous.items()} == want_previous
            for a, e in previous.items():
                b = s.get(Bill, e.id)
                assert (e.status, e.period_start, e.total, e.number) == (
                    b.status, b.period_start, b.total, b.number) and b.account_id == a
        # the replacements are the latest of their accounts
        replaced = {a for a, i in want_previous.items()
                    if s.get(Bill, i).run_id == r.id}
        assert len(replaced) == 2
