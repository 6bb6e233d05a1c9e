"""The services behind issue 14's clerk features, on SQLite and PostgreSQL: finalize preview,
overlapping runs, templates, rerun with other thresholds, cancelling an issued bill, the run
report, resumable export jobs, the paged bill listing and the change marks."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from billdesk.domain.errors import InputError
from billdesk.domain.quality import Thresholds
from billdesk.runs import create_run, finalize_run, list_bills, rerun_failed, start_run
from billdesk.store.db import transaction
from billdesk.store.demo_writer import write_demo


@pytest.fixture
def demo(factory):
    write_demo(factory, accounts=40, months=2, seed=3, end="2025-11")
    return factory


def completed(factory, **kw):
    run = create_run(factory, "2025-10", "all", **kw)
    return start_run(factory, run.id)


def test_finalize_preview_announces_what_finalize_issues(demo):
    from billdesk.runs.preview import finalize_preview

    run = completed(demo)
    p = finalize_preview(demo, run.id)
    drafts = list_bills(demo, run_id=run.id, with_lines=False)
    # one invoice per billed account, and the producers' self-billing notes (issue 17)
    notes = [b for b in drafts if b.kind == "self_billing"]
    assert notes and p.bills == {"invoice": run.counts.succeeded, "self_billing": len(notes)}
    assert p.finalizable and p.count == len(drafts) == run.counts.succeeded + len(notes)
    assert p.totals["CHF"] == sum((b.total for b in drafts), Decimal(0))
    assert isinstance(p.totals["CHF"], Decimal)
    assert p.failed == run.counts.failed
    res = finalize_run(demo, run.id)
    assert res.numbers["invoice"] == p.numbers["invoice"] and res.issued == p.count
    again = finalize_preview(demo, run.id)
    assert not again.finalizable and again.count == 0


def test_overlapping_runs_are_reported_before_creation(demo):
    from billdesk.runs.preview import overlapping_runs

    assert overlapping_runs(demo, "2025-10", "all") == []
    draft = create_run(demo, "2025-10", "all", name="first")
    over = overlapping_runs(demo, "2025-10", "all")
    assert [(o.run_id, o.status) for o in over] == [(draft.id, "draft")]
    assert over[0].accounts == draft.counts.total and over[0].examples
    assert overlapping_runs(demo, "2025-09", "all") == []           # another month
    start_run(demo, draft.id)       # completed: its claims stay on the billed accounts
    over = overlapping_runs(demo, "2025-10", "all")
    assert [o.run_id for o in over] == [draft.id] and over[0].status == "completed_with_errors"
    finalize_run(demo, draft.id)    # claims released: no conflict any more
    assert overlapping_runs(demo, "2025-10", "all") == []


def test_templates(demo):
    from billdesk.runs.templates import Template, delete_template, list_templates, save_template

    t = save_template(demo, Template("Monthly", "all", "strict", "create",
                                     {"min_measured_share": 0.5}, {"max_factor": "4"}))
    assert t.thresholds["min_measured_share"] == 0.5 and t.thresholds["min_quality"] == "missing"
    save_template(demo, Template("Monthly", "group:nope", "lenient", "create-and-correct"))
    (only,) = list_templates(demo)
    assert only.target == "group:nope" and only.mode == "lenient"
    for bad in (Template("", "all"), Template("x", "bogus:1"), Template("x", "all", "fast")):
        with pytest.raises(InputError):
            save_template(demo, bad)
    assert delete_template(demo, "Monthly") and list_templates(demo) == []


def test_rerun_failed_with_other_thresholds(demo):
    run = completed(demo, thresholds=Thresholds(min_measured_share=0.995), max_factor="4")
    assert run.counts.failed > 1
    child = rerun_failed(demo, run.id, thresholds=Thresholds(), max_factor="8")
    assert child.thresholds["min_measured_share"] == 0 and child.options["max_factor"] == "8"
    same = rerun_failed(demo, run.id)
    assert same.thresholds == run.thresholds and same.options["max_factor"] == "4"
    with pytest.raises(InputError):
        rerun_failed(demo, run.id, thresholds=Thresholds(min_measured_share=2))


def test_cancel_an_issued_bill_by_a_credit_note(demo):
    from billdesk.runs.cancel_bill import cancel_bill
    from billdesk.runs.queries import get_bill

    run = completed(demo)
    finalize_run(demo, run.id)
    bills = [b for b in list_bills(demo, run_id=run.id) if b.number]
    b = bills[0]
    res = cancel_bill(demo, b.number, "wrong address")
    cn, orig = get_bill(demo, res.credit_note_id), get_bill(demo, b.id)
    assert orig.status == "cancelled" and cn.status == "issued" and cn.kind == "credit_note"
    assert cn.number.startswith("CN-") and cn.corrects == b.id and cn.total == -b.total
    assert [ln.net_amount for ln in cn.lines] == [-ln.net_amount for ln in b.lines]
    second = cancel_bill(demo, bills[1].id)
    n1, n2 = int(res.credit_note_number[-6:]), int(second.credit_note_number[-6:])
    assert n2 == n1 + 1                                          # gap-free series
    from billdesk.audit.verify import verify

    report = verify(demo)                 # the credit notes are frozen and chained (issue 10)
    assert report.ok, report.text()
    for ref in (b.number, res.credit_note_number, "nope"):
        with pytest.raises(InputError):
            cancel_bill(demo, ref)
    # the account can be billed again for the period (create mode)
    again = completed(demo)
    assert any(b2.account == b.account for b2 in list_bills(demo, run_id=again.id))


def test_cancel_refuses_while_an_active_run_holds_the_account(demo):
    from billdesk.runs.cancel_bill import cancel_bill
    from billdesk.runs.claims import insert_claims
    from billdesk.domain.period import Period
    from billdesk.store.models import BillRun

    run = completed(demo)
    finalize_run(demo, run.id)
    b = next(x for x in list_bills(demo, run_id=run.id) if x.number)
    other = create_run(demo, "2025-10", f"accounts:{b.account}", billing="create-and-correct")
    with transaction(demo) as s:
        s.execute(update(BillRun).where(BillRun.id == other.id).values(status="running"))
        insert_claims(s, other.id, Period.parse("2025-10"))
    with pytest.raises(InputError, match="active run"):
        cancel_bill(demo, b.id)


def test_run_report_figures_and_files(demo, tmp_path):
    from billdesk.runs.report import run_report, write_report

    run = completed(demo)
    finalize_run(demo, run.id)
    r = run_report(demo, run.id)
    bills = list_bills(demo, run_id=run.id)
    assert r.documents == len(bills)
    assert sum((t.total for t in r.tariffs), Decimal(0)) == sum((b.total for b in bills),
                                                                  Decimal(0))
    assert sum((v.vat for v in r.vat), Decimal(0)) == sum((b.vat_total for b in bills),
                                                           Decimal(0))
    (inv,) = [n for n in r.numbers if n.kind == "invoice"]
    assert inv.count == len([b for b in bills if b.kind == "invoice"]) and inv.gap_free
    (sb,) = [n for n in r.numbers if n.kind == "self_billing"]      # producers (issue 17)
    assert sb.count == len([b for b in bills if b.kind == "self_billing"]) and sb.gap_free
    assert sb.first.startswith("SB-")
    assert {t.tariff for t in r.tariffs} == {b_t for b_t in _tariffs(demo, run.id)}
    csv_path = write_report(demo, run.id, tmp_path / "r.csv")
    rows = list(csv.reader(csv_path.open(encoding="utf-8-sig")))
    assert ["numbers", "invoice", "", str(inv.count), "", "", "", inv.first, inv.last] in rows
    pdf = write_report(demo, run.id, tmp_path / "r.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert inv.first in text and "VAT per rate" in text
    with pytest.raises(InputError):
        write_report(demo, run.id, tmp_path / "r.txt")


def _tariffs(factory, run_id):
    from billdesk.store.models import Bill

    with factory() as s:
        return set(s.scalars(select(Bill.tariff_code).where(Bill.run_id == run_id)))


def test_export_jobs_record_files_and_resume(demo, tmp_path):
    from billdesk.runs.export import export_pdfs
    from billdesk.runs.export_jobs import latest_export
    from billdesk.store.app_models import DocumentFile, ExportJob
    from billdesk.store.documents import document_path

    run = completed(demo)
    finalize_run(demo, run.id)
    n = [0]

    def stop_after_first(done, total, message=""):
        n[0] = done

    report = export_pdfs(demo, tmp_path / "a", run_id=run.id, workers=0,
                         progress=stop_after_first, cancelled=lambda: n[0] >= 5)
    assert report.cancelled and 0 < len(report.written) < report.total or report.cancelled
    with demo() as s:
        e = latest_export(s, run.id)
        paths = {p for (p,) in s.execute(select(DocumentFile.path))}
    assert e.status == "cancelled" and e.incomplete and e.written == len(report.written)
    assert paths == {str(p) for p in report.written}
    # a resume writes only the rest, into the job's folder
    rest = export_pdfs(demo, run_id=None, resume=e.id, workers=0)
    assert rest.skipped == e.written and rest.skipped + len(rest.written) == e.total
    with demo() as s:
        done = latest_export(s, run.id)
        assert done.status == "completed" and done.written == e.total and not done.incomplete
        bid = s.scalar(select(DocumentFile.bill_id))
        assert document_path(s, bid).startswith(str(tmp_path / "a"))
    # an export elsewhere moves the document's path
    export_pdfs(demo, tmp_path / "b", run_id=run.id, workers=0)
    with demo() as s:
        assert document_path(s, bid).startswith(str(tmp_path / "b"))
    # a job whose process died shows as interrupted
    with transaction(demo) as s:
        s.execute(update(ExportJob).values(status="running", owner="otherhost:1",
                                           heartbeat_at=None))
    with demo() as s:
        assert latest_export(s, run.id).status == "interrupted"
    with pytest.raises(InputError):
        export_pdfs(demo, run_id=None, resume=999999)


def test_bill_listing_pages_sorts_searches_and_finds_positions(demo):
    from billdesk.store.listings import BillQuery, bill_count, bill_page, bill_position

    run = completed(demo)
    finalize_run(demo, run.id)
    with demo() as s:
        total = bill_count(s, BillQuery())
        # invoices and the producers' self-billing notes (issue 17)
        assert total == len(list_bills(demo, run_id=run.id, with_lines=False)) \
            > run.counts.succeeded
        for sort in ("id", "number", "name", "total", "period", "issued", "delivery",
                     "account", "status", "kind", "run", "created", "currency"):
            for desc in (False, True):
                q = BillQuery(sort=sort, descending=desc)
                rows = bill_page(s, q, 0, 1000)
                assert len(rows) == total
                paged = bill_page(s, q, 0, 7) + bill_page(s, q, 7, 7) + bill_page(s, q, 14, 1000)
                assert [r.id for r in paged] == [r.id for r in rows]
                for probe in (rows[0], rows[len(rows) // 2], rows[-1]):
                    assert bill_position(s, q, probe.id) == rows.index(probe), (sort, desc)
        names = [r.name for r in bill_page(s, BillQuery(sort="name", descending=False), 0, 999)]
        assert names == sorted(names) or len(set(names)) < len(names)
        one = bill_page(s, BillQuery(), 0, 1)[0]
        hits = bill_page(s, BillQuery(search=one.number.lower()), 0, 10)
        assert [h.id for h in hits] == [one.id]
        assert bill_count(s, BillQuery(search=one.name.upper()[:6])) >= 1
        assert bill_count(s, BillQuery(status="draft")) == 0
        assert bill_count(s, BillQuery(delivery="")) == total          # nothing sent yet
        assert bill_count(s, BillQuery(delivery="sent")) == 0
        assert bill_position(s, BillQuery(status="draft"), one.id) is None


def test_bill_listing_equals_a_plain_reference_with_deliveries(demo):
    """Every page, count and position of the Bills listing equals the same computed in
    Python from all bills: sorts, filters, the search, and the delivery status (the newest
    message of a bill's) with messages sent — the pages chosen by id first, the count
    without the joins it does not need (issue 14, the cold start)."""
    from billdesk.store.dispatch_models import DispatchMessage
    from billdesk.store.listings import (BILL_SORTS, BillQuery, bill_count, bill_page,
                                         bill_position)

    run = completed(demo)
    finalize_run(demo, run.id)
    start_run(demo, create_run(demo, "2025-09", "all").id)      # drafts: no number yet
    bills = list_bills(demo, with_lines=False)
    issued = [b for b in bills if b.number]
    assert len(issued) < len(bills)
    sent = {}                       # bill id -> the status of its newest message
    with transaction(demo) as s:
        for k, b in enumerate(issued[:9]):
            for status in (("failed", "sent") if k % 3 == 0 else ("queued",) if k % 3 == 1
                           else ("sent", "bounced")):
                s.add(DispatchMessage(bill_id=b.id, run_id=b.run_id, channel="email",
                                      status=status, actor="test"))
                sent[b.id] = status
    names = {b.id: b.account_name for b in bills}

    def key(b, sort):
        return {"id": b.id, "number": b.number or "", "kind": b.kind, "status": b.status,
                "account": b.account, "name": names[b.id], "period": b.period_start,
                "total": b.total, "currency": b.currency, "run": b.run_id,
                "created": b.created_at, "issued": b.issued_at or b.created_at,
                "delivery": sent.get(b.id, "")}[sort]

    one = issued[len(issued) // 2]
    queries = [BillQuery(sort=sort, descending=desc) for sort in BILL_SORTS
               for desc in (False, True)]
    queries += [BillQuery(status="issued", sort="total"), BillQuery(kind="credit_note"),
                BillQuery(delivery="sent", sort="name"), BillQuery(delivery=""),
                BillQuery(delivery="bounced", descending=False),
                BillQuery(search=one.account.lower(), sort="delivery"),
                BillQuery(search=one.number.lower()[-5:], sort="name"),
                BillQuery(search=names[one.id][:4].lower(), sort="total", status="issued"),
                BillQuery(search="0", delivery="sent"), BillQuery(search="no such text"),
                BillQuery(account=one.account), BillQuery(run_id=run.id, sort="number")]
    with demo() as s:
        for q in queries:
            want = [b for b in bills
                    if (not q.status or b.status == q.status)
                    and (not q.kind or b.kind == q.kind)
                    and (q.run_id is None or b.run_id == q.run_id)
                    and (q.account is None or b.account == q.account)
                    and (q.delivery is None or (b.number and sent.get(b.id, "") == q.delivery))
                    and (not q.search or q.search in (b.number or "").lower()
                         or q.search in b.account.lower() or q.search in names[b.id].lower())]
            want.sort(key=lambda b: (key(b, q.sort), b.id), reverse=q.descending)
            assert bill_count(s, q) == len(want), q
            rows = bill_page(s, q, 0, 5) + bill_page(s, q, 5, 1000)
            assert [r.id for r in rows] == [b.id for b in want], q
            assert [r.delivery for r in rows] == [
                sent.get(b.id, "") if b.number else None for b in want], q
            assert bill_page(s, q, len(want), 10) == []
            for probe in want[:2] + want[-2:]:
                assert bill_position(s, q, probe.id) == want.index(probe), q


def test_change_marks_move_with_the_data(demo):
    from billdesk.store.changes import change_marks

    with demo() as s:
        m0 = change_marks(s)
    run = create_run(demo, "2025-10", "all")
    with demo() as s:
        m1 = change_marks(s, m0["audit"])
    assert m1["runs"] != m0["runs"] and "runs" in m1["audit_topics"]
    assert m1["accounts"] == m0["accounts"]
    start_run(demo, run.id)
    finalize_run(demo, run.id)
    with demo() as s:
        m2 = change_marks(s, m1["audit"])
    assert m2["bills"] != m1["bills"] and {"runs", "bills"} <= set(m2["audit_topics"])
