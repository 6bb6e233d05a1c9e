"""A bill run's summary report: counts, totals per tariff and per VAT rate, the number ranges
issued — as data (``run_report``), as CSV (``write_csv``) and as PDF (billdesk.pdf.run_report).
``billdesk run report ID --out FILE.pdf|.csv`` and the app's *Report…* write it.

The figures are those of the run's documents as stored: net, VAT and totals are sums of the
bills' own rounded amounts (VAT per rate: each bill's VAT for that rate, computed as on the
invoice — the rounded nets of its lines with that rate, times the rate, rounded once).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import func, select  # noqa: F401
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError
from billdesk.engine.money import minor_unit
from billdesk.runs.info import RunInfo
from billdesk.runs.queries import get_run
from billdesk.store import settings
from billdesk.store.models import Bill, BillLineRow

ZERO = Decimal(0)


@dataclass(frozen=True)
class TariffTotal:
    tariff: str
    currency: str
    bills: int
    net: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True)
class VatTotal:
    rate: Decimal
    currency: str
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class NumberRange:
    kind: str
    first: str
    last: str
    count: int
    gap_free: bool


@dataclass(frozen=True)
class RunReport:
    run: RunInfo
    generated_at: datetime
    timezone: str
    company: str
    kinds: dict[str, tuple[int, Decimal]]          # kind -> (documents, total)
    statuses: dict[str, int]                       # bill status -> documents
    tariffs: tuple[TariffTotal, ...]
    vat: tuple[VatTotal, ...]
    numbers: tuple[NumberRange, ...]
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return sum(n for n, _t in self.kinds.values())

    def as_dict(self) -> dict:
        m = lambda x: format(x, "f")  # noqa: E731
        return {"run": self.run.as_dict(), "generated_at": self.generated_at.isoformat(),
                "timezone": self.timezone, "company": self.company,
                "documents": {k: {"count": n, "total": m(t)} for k, (n, t) in
                              self.kinds.items()},
                "statuses": dict(self.statuses),
                "tariffs": [{"tariff": t.tariff, "currency": t.currency, "bills": t.bills,
                             "net": m(t.net), "vat": m(t.vat), "total": m(t.total)}
                            for t in self.tariffs],
                "vat": [{"rate": m(v.rate), "currency": v.currency, "net": m(v.net),
                         "vat": m(v.vat)} for v in self.vat],
                "numbers": [{"kind": n.kind, "first": n.first, "last": n.last,
                             "count": n.count, "gap_free": n.gap_free} for n in self.numbers],
                "errors": dict(self.errors)}


def _gap_free(first: str, last: str, count: int) -> bool:
    try:
        p1, y1, n1 = first.rsplit("-", 2)
        p2, y2, n2 = last.rsplit("-", 2)
    except ValueError:
        return False
    if (p1, y1) != (p2, y2):
        return False                     # the range spans two years: checked per year
    return int(n2) - int(n1) + 1 == count


def run_report(factory: sessionmaker, run_id: int) -> RunReport:
    info = get_run(factory, run_id, attempts=False)
    with factory() as s:
        company = (settings.get(s, "company", {}) or {}).get("name", "")
        tz = settings.timezone_name(s)
        # amounts are summed here, exactly (a database SUM of decimal text gives floats)
        kinds: dict[str, tuple[int, Decimal]] = {}
        statuses: dict[str, int] = defaultdict(int)
        per_tariff: dict[tuple, list] = {}
        for kind, status, tariff, cur, net, vat, tot in s.execute(
                select(Bill.kind, Bill.status, Bill.tariff_code, Bill.currency, Bill.net_total,
                       Bill.vat_total, Bill.total).where(Bill.run_id == run_id)
                .execution_options(yield_per=20000)):
            c, t = kinds.get(kind, (0, ZERO))
            kinds[kind] = (c + 1, t + tot)
            statuses[status] += 1
            acc = per_tariff.setdefault((tariff or "", cur), [0, ZERO, ZERO, ZERO])
            acc[0] += 1
            acc[1] += net
            acc[2] += vat
            acc[3] += tot
        tariffs = tuple(TariffTotal(t, cur, n, net, vat, tot)
                        for (t, cur), (n, net, vat, tot) in sorted(per_tariff.items()))
        # VAT per rate as each invoice computes it: per bill and rate, round once
        nets: dict[tuple, Decimal] = {}
        for bid, cur, rate, net in s.execute(
                select(Bill.id, Bill.currency, BillLineRow.vat_rate, BillLineRow.net_amount)
                .join(Bill, Bill.id == BillLineRow.bill_id).where(Bill.run_id == run_id)
                .execution_options(yield_per=20000)):
            key = (bid, cur, rate.normalize())
            nets[key] = nets.get(key, ZERO) + net
        per: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        units: dict[str, Decimal] = {}
        for (_bid, cur, rate), net in nets.items():
            unit = units.get(cur) or units.setdefault(cur, minor_unit(cur))
            acc = per[(rate, cur)]
            acc[0] += net
            acc[1] += (net * rate / 100).quantize(unit, ROUND_HALF_UP)
        vat = tuple(VatTotal(rate, cur, net, v) for (rate, cur), (net, v) in
                    sorted(per.items(), key=lambda kv: (kv[0][1], kv[0][0])))
        numbers = []
        for kind, first, last, n in s.execute(
                select(Bill.kind, func.min(Bill.number), func.max(Bill.number), func.count())
                .where(Bill.run_id == run_id, Bill.number.is_not(None))
                .group_by(Bill.kind).order_by(Bill.kind)):
            numbers.append(NumberRange(kind, first, last, n, _gap_free(first, last, n)))
    return RunReport(info, datetime.now(timezone.utc), tz, company, kinds, dict(statuses),
                     tariffs, vat, tuple(numbers), dict(info.errors))


def write_csv(report: RunReport, path: str | Path) -> Path:
    """The report as one CSV table: ``section, key, …`` rows (UTF-8 with BOM for Excel)."""
    r = report.run
    rows = [["section", "key", "currency", "count", "net", "vat", "total", "first", "last"]]
    from datetime import timedelta

    rows.append(["run", f"{r.id} {r.name}", "", "", "", "", "", r.period_start.isoformat(),
                 (r.period_end - timedelta(days=1)).isoformat()])
    rows.append(["run", "status", "", r.status, "", "", "", "", ""])
    for k, v in r.counts.as_dict().items():
        rows.append(["accounts", k, "", v, "", "", "", "", ""])
    for code, n in sorted(report.errors.items()):
        rows.append(["errors", code, "", n, "", "", "", "", ""])
    for kind, (n, tot) in sorted(report.kinds.items()):
        rows.append(["documents", kind, "", n, "", "", format(tot, "f"), "", ""])
    for status, n in sorted(report.statuses.items()):
        rows.append(["status", status, "", n, "", "", "", "", ""])
    for t in report.tariffs:
        rows.append(["tariff", t.tariff, t.currency, t.bills, format(t.net, "f"),
                     format(t.vat, "f"), format(t.total, "f"), "", ""])
    for v in report.vat:
        rows.append(["vat_rate", format(v.rate, "f"), v.currency, "", format(v.net, "f"),
                     format(v.vat, "f"), "", "", ""])
    for n in report.numbers:
        rows.append(["numbers", n.kind, "", n.count, "", "", "", n.first, n.last])
    out = Path(path)
    try:
        with out.open("w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows(rows)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}", file=str(out), field="--out") from None
    return out


def write_report(factory: sessionmaker, run_id: int, path: str | Path) -> Path:
    """``run_report`` written to ``path``: ``.csv`` or ``.pdf`` by its suffix."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise InputError(f"{out.name}: the report is written as .pdf or .csv", file=str(out),
                         field="--out")
    report = run_report(factory, run_id)
    if suffix == ".csv":
        return write_csv(report, out)
    from billdesk.pdf.run_report import render_run_report

    try:
        out.write_bytes(render_run_report(report))
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}", file=str(out), field="--out") from None
    return out


__all__ = ["NumberRange", "RunReport", "TariffTotal", "VatTotal", "run_report", "write_csv",
           "write_report"]
