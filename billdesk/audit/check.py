"""``billdesk audit check FILE``: re-compute every bill of an audit package from its stored
inputs with this billdesk's engine and compare line by line (docs/audit.md "audit check").

Each invoice is billed again from its recorded inputs (billdesk.audit.recorded: the tariff
versions, price points, community allocations and interval-data versions the run used, from
the package's snapshots and chunks) with the run's thresholds, and every line, total, figure
and the fingerprint are compared with the stored bill. A credit note must be its original
negated. The package's chain segment is verified (billdesk.audit.verify) and each stored
PDF must be the one the package says (its SHA-256) of the document it says (number, buyer,
issue date, amount and currency in its Factur-X XML).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select, text

from billdesk import __version__
from billdesk.audit.recorded import NotRecorded, Recorded, batch_of
from billdesk.audit.verify import VerifyReport, verify
from billdesk.domain.bill import BillKind
from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.engine import bill_batch
from billdesk.engine.fingerprint import ENGINE_RULES
from billdesk.store import db as dbmod
from billdesk.store.models import Account, Bill, BillLineRow, BillRun

LINE_FIELDS = ("component", "label", "quantity", "unit", "unit_price", "net_amount",
               "vat_rate", "period_start", "period_end", "detail")
BILL_FIELDS = ("currency", "net_total", "vat_total", "rounding", "total", "fingerprint",
               "tariff_code", "consumption_kwh", "q_measured", "q_substituted", "q_estimated",
               "q_missing")


@dataclass
class Difference:
    number: str
    field: str
    stored: str
    recomputed: str

    def as_dict(self) -> dict:
        return {"number": self.number, "field": self.field, "stored": self.stored,
                "recomputed": self.recomputed}


@dataclass
class CheckReport:
    path: str
    run_id: int
    bills: int = 0
    identical: int = 0
    differences: list[Difference] = field(default_factory=list)
    not_recomputed: list[tuple[str, str]] = field(default_factory=list)   # number, why
    chain: VerifyReport | None = None
    pdfs: int = 0
    pdf_problems: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (not self.differences and not self.not_recomputed and not self.pdf_problems
                and (self.chain is None or self.chain.ok))

    def as_dict(self) -> dict:
        return {"ok": self.ok, "package": self.path, "run": self.run_id, "bills": self.bills,
                "identical": self.identical, "engine": ENGINE_RULES, "billdesk": __version__,
                "differences": [d.as_dict() for d in self.differences],
                "not_recomputed": [{"number": n, "reason": r} for n, r in self.not_recomputed],
                "chain": self.chain.as_dict() if self.chain else None,
                "pdfs": self.pdfs,
                "pdf_problems": [{"number": n, "problem": p} for n, p in self.pdf_problems],
                "seconds": round(self.seconds, 3)}

    def text(self) -> str:
        if self.ok:
            segs = ", ".join(f"{s.first}..{s.last}" for s in self.chain.series) \
                if self.chain else ""
            return (f"{self.path}: run {self.run_id}: all {self.bills:,} bills re-computed "
                    f"identically (billdesk {__version__}, {ENGINE_RULES}); chain "
                    f"{segs or 'segment'} intact; {self.pdfs:,} PDFs match")
        out = [f"{self.path}: run {self.run_id}: {self.identical:,} of {self.bills:,} bills "
               "re-computed identically"]
        for d in self.differences:
            out.append(f"  {d.number}: {d.field}: stored {d.stored}, re-computed "
                       f"{d.recomputed}")
        for n, why in self.not_recomputed:
            out.append(f"  {n}: not re-computed: {why}")
        if self.chain is not None and not self.chain.ok:
            out += ["  chain: " + line for line in self.chain.text().splitlines()]
        for n, p in self.pdf_problems:
            out.append(f"  {n}: PDF: {p}")
        return "\n".join(out)


def _s(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _compare_lines(number: str, stored: list, recomputed: tuple, out: list[Difference]) -> bool:
    same = True
    if len(stored) != len(recomputed):
        out.append(Difference(number, "lines", f"{len(stored)} line(s)",
                              f"{len(recomputed)} line(s)"))
        same = False
    for k, (a, b) in enumerate(zip(stored, recomputed), start=1):
        for f in LINE_FIELDS:
            x, y = getattr(a, f), getattr(b, f)
            if x != y or (isinstance(x, Decimal) and _s(x) != _s(y)):
                out.append(Difference(number, f"line {k} {f}", _s(x), _s(y)))
                same = False
    return same


def check_package(path, progress=None, cancelled=None) -> CheckReport:
    """Re-compute and compare everything in the package at ``path`` (read-only)."""
    from billdesk.audit.package import open_package, package_info

    t0 = time.perf_counter()
    engine = open_package(path)
    try:
        factory = dbmod.session_factory(engine)
        info = package_info(factory)
        report = CheckReport(str(path), info["run_id"])
        report.chain = verify(factory)
        _recompute(factory, report, progress, cancelled)
        _check_pdfs(factory, report)
    finally:
        engine.dispose()
    report.seconds = time.perf_counter() - t0
    return report


def _recompute(factory, report: CheckReport, progress, cancelled) -> None:
    with factory() as s:
        run = s.get(BillRun, report.run_id)
        period = Period(run.period_start, run.period_end)
        thresholds = Thresholds.from_dict(run.thresholds)
        from billdesk.store.settings import timezone_name

        rec = Recorded(s, period, timezone_name(s))
        bills = s.execute(select(Bill.id, Bill.number, Bill.kind, Bill.account_id,
                                 Bill.corrects_id, Bill.inputs)
                          .where(Bill.run_id == report.run_id, Bill.number.is_not(None))
                          .order_by(Bill.id)).all()
        report.bills = len(bills)
        codes = dict(s.execute(select(Account.id, Account.code)).all())
        stored = {b.id: b for b in s.scalars(select(Bill).where(Bill.run_id == report.run_id))}
        lines: dict[int, list] = defaultdict(list)
        for ln in s.scalars(select(BillLineRow).join(Bill, Bill.id == BillLineRow.bill_id)
                            .where(Bill.run_id == report.run_id)
                            .order_by(BillLineRow.bill_id, BillLineRow.position)):
            lines[ln.bill_id].append(ln)
        # invoices: billed again, grouped by tariff context (one batch per context)
        groups: dict[str, list] = defaultdict(list)
        for b in bills:
            if b.kind == BillKind.CREDIT_NOTE.value:
                continue
            if b.kind == BillKind.SELF_BILLING.value:
                _check_self_billing(rec, b, stored[b.id], lines[b.id], codes, report)
                continue
            try:
                bi = rec.bill_inputs(b.inputs, b.account_id)
            except (NotRecorded, KeyError, ValueError) as exc:
                report.not_recomputed.append((b.number, str(exc)))
                continue
            groups[bi.record.get("context") or ""].append((b, bi))
        done = 0
        for _ctx, items in groups.items():
            for k in range(0, len(items), 2000):
                part = items[k:k + 2000]
                round_payable = bool(part[0][1].engine.get("round_payable"))
                batch = batch_of(rec, [(codes[b.account_id], bi) for b, bi in part],
                                 round_payable)
                outcomes = bill_batch(batch, thresholds)
                for (b, _bi), o in zip(part, outcomes):
                    _compare_bill(b, stored[b.id], lines[b.id], o, report)
                done += len(part)
                if progress:
                    progress(done, report.bills, "bills re-computed")
                if cancelled and cancelled():
                    return
        # credit notes: the original negated
        for b in bills:
            if b.kind != BillKind.CREDIT_NOTE.value:
                continue
            orig = s.get(Bill, b.corrects_id) if b.corrects_id else None
            if orig is None:
                report.not_recomputed.append((b.number, "the bill it cancels is not in the "
                                              "package"))
                continue
            olines = list(s.scalars(select(BillLineRow).where(BillLineRow.bill_id == orig.id)
                                    .order_by(BillLineRow.position)))
            diffs: list[Difference] = []
            cn = stored[b.id]
            for f in ("net_total", "vat_total", "rounding", "total", "consumption_kwh"):
                if getattr(cn, f) != -getattr(orig, f):
                    diffs.append(Difference(b.number, f, _s(getattr(cn, f)),
                                            _s(-getattr(orig, f))))
            neg = [_Neg(ln) for ln in olines]
            _compare_lines(b.number, lines[b.id], tuple(neg), diffs)
            report.differences += diffs
            if not diffs:
                report.identical += 1
            done += 1
        if progress:
            progress(report.bills, report.bills, "bills re-computed")


def _check_self_billing(rec, b, row: Bill, stored_lines: list, codes, report) -> None:
    """A producer's self-billing note computed again (billdesk.audit.self_billing)."""
    from types import SimpleNamespace

    from billdesk.audit.self_billing import self_billing_note

    try:
        draft = self_billing_note(rec, b.inputs, b.account_id, codes[b.account_id])
    except (NotRecorded, KeyError, ValueError) as exc:
        report.not_recomputed.append((b.number, str(exc)))
        return
    _compare_bill(b, row, stored_lines, SimpleNamespace(
        bill=draft, error_code="NOT_PAID",
        message="nothing would be paid to this producer"), report)


class _Neg:
    """A line of the original as its credit note shows it (quantity and amount negated)."""

    def __init__(self, ln):
        for f in LINE_FIELDS:
            setattr(self, f, getattr(ln, f))
        self.quantity = -ln.quantity
        self.net_amount = -ln.net_amount


def _compare_bill(b, row: Bill, stored_lines: list, outcome, report: CheckReport) -> None:
    diffs: list[Difference] = []
    d = outcome.bill
    if d is None:
        report.differences.append(Difference(b.number, "bill", "billed",
                                             f"not billed: {outcome.error_code} "
                                             f"{outcome.message}"))
        return
    got = {"currency": d.currency, "net_total": d.net_total, "vat_total": d.vat_total,
           "rounding": d.rounding, "total": d.total, "fingerprint": d.fingerprint,
           "tariff_code": d.tariff_code, "consumption_kwh": d.consumption_kwh,
           "q_measured": d.quality.measured, "q_substituted": d.quality.substituted,
           "q_estimated": d.quality.estimated, "q_missing": d.quality.missing}
    for f in BILL_FIELDS:
        a, c = getattr(row, f), got[f]
        if a != c or (isinstance(a, Decimal) and _s(a) != _s(c)):
            diffs.append(Difference(b.number, f, _s(a), _s(c)))
    _compare_lines(b.number, stored_lines, d.lines, diffs)
    report.differences += diffs
    if not diffs:
        report.identical += 1


def _check_pdfs(factory, report: CheckReport) -> None:
    from billdesk.audit.package import PDFS
    from billdesk.dispatch.documents import pdf_matches
    from billdesk.domain.canonical import sha256_hex
    from billdesk.runs.freeze import thaw_content

    with factory() as s:
        conn = s.connection()
        contents = dict(s.execute(select(Bill.id, Bill.content)
                                  .where(Bill.run_id == report.run_id,
                                         Bill.number.is_not(None))).all())
        missing = set(contents)
        rows = conn.execute(text(f"SELECT bill_id, number, sha256, data FROM {PDFS}"))
        for bid, number, sha, data in rows:
            report.pdfs += 1
            missing.discard(bid)
            if sha256_hex(data) != sha:
                report.pdf_problems.append((number, "the PDF does not match its SHA-256"))
                continue
            content = contents.get(bid)
            if content is None:
                report.pdf_problems.append((number, "no issued document of the run"))
                continue
            doc = thaw_content(content)
            if not pdf_matches(data, _Identity(doc)):
                report.pdf_problems.append((number, "its Factur-X XML names another document"
                                            " (number, buyer, date, amount or currency)"))
        if report.pdfs:
            for bid in sorted(missing):
                report.pdf_problems.append((str(bid), "no PDF in the package"))


class _Identity:
    """What ``pdf_matches`` compares, from a frozen document."""

    def __init__(self, doc):
        self.number = doc.number
        self.account = doc.account.account
        self.currency = doc.bill.currency
        self.issue_date = doc.issue_date
        self.total = doc.bill.total
