"""PDF export of issued bills: database rows -> ``InvoiceDocument`` -> billdesk.pdf workers.

Documents are built in batches of 500 bills (one interval-data read per batch for the daily
consumption chart), so memory stays bounded for a run of any size.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from billdesk import paths
from billdesk.domain.account import AccountInfo, Address
from billdesk.domain.bill import BillDraft, BillKind, BillLine
from billdesk.domain.errors import InputError, StorageError
from billdesk.store.importers.files import display_name
from billdesk.domain.period import Period, zone
from billdesk.domain.quality import QualityCounts
from billdesk.engine.money import minor_unit, vat_per_rate
from billdesk.engine.timegrid import time_grid
from billdesk.pdf import CompanyProfile, InvoiceDocument, export_many
from billdesk.store import audit, settings
from billdesk.store.db import transaction
from billdesk.store.intervals import read_block
from billdesk.store.limits import id_or_none
from billdesk.store.models import Account, Bill, BillRun, MeteringPoint

BATCH = 500
log = logging.getLogger(__name__)



def company_profile(session: Session) -> CompanyProfile:
    data = settings.get(session, "company")
    if not data:
        raise InputError("no company profile for invoices: set it in Settings (or the "
                         "'company' database setting) before exporting PDFs")
    known = {f.name for f in fields(CompanyProfile)}
    data = {k: v for k, v in data.items() if k in known}
    logo = data.get("logo_path")
    if logo and not Path(logo).is_absolute():
        data["logo_path"] = str(paths.root() / logo)
    if data.get("logo_path") and not Path(data["logo_path"]).exists():
        data["logo_path"] = None
    return CompanyProfile(**data)


def _daily(kwh: np.ndarray, period: Period, tz_name: str) -> list[tuple[tuple[date, Decimal], ...]]:
    """Daily kWh of each row of ``kwh`` (intervals of ``period``), with the engine's grid."""
    grid = time_grid(period, tz_name)
    sums = np.add.reduceat(kwh, grid.day_first[:-1], axis=1) if kwh.size else kwh
    return [tuple((d, Decimal(str(round(float(v), 3)))) for d, v in zip(grid.days, row))
            for row in sums]


def _documents(factory: sessionmaker, bill_ids: list[int], company: CompanyProfile):
    for k in range(0, len(bill_ids), BATCH):
        with factory() as s:
            tz_name = settings.timezone_name(s)
            tz = zone(tz_name)
            bills = s.scalars(select(Bill).where(Bill.id.in_(bill_ids[k:k + BATCH]))
                              .options(selectinload(Bill.lines)).order_by(Bill.id)).all()
            accounts = {a.id: a for a in s.scalars(
                select(Account).where(Account.id.in_({b.account_id for b in bills}))
                .options(selectinload(Account.groups)))}
            points = {m.id: m.code for m in s.scalars(select(MeteringPoint).where(
                MeteringPoint.id.in_({a.consumption_point_id for a in accounts.values()
                                      if a.consumption_point_id})))}
            corrected = {bid: num for bid, num in s.execute(
                select(Bill.id, Bill.number).where(
                    Bill.id.in_({b.corrects_id for b in bills if b.corrects_id})))}
            by_period: dict[tuple, list[Bill]] = defaultdict(list)
            for b in bills:
                by_period[(b.period_start, b.period_end)].append(b)
            daily: dict[int, tuple] = {}
            for (ps, pe), group in by_period.items():
                period = Period(ps, pe)
                a, e = period.utc_bounds(tz)
                pids = [accounts[b.account_id].consumption_point_id for b in group]
                block = read_block(s, [p for p in pids if p], a, e, tz)
                with_point = [(b, pid) for b, pid in zip(group, pids) if pid]
                rows = block.kwh[[block.row(pid) for _b, pid in with_point]]
                for (b, _pid), days in zip(with_point, _daily(rows, period, tz_name)):
                    daily[b.id] = days
            for b in bills:
                acc = accounts[b.account_id]
                lines = tuple(BillLine(ln.component, ln.label, ln.quantity, ln.unit,
                                       ln.unit_price, ln.net_amount, ln.vat_rate,
                                       ln.period_start, ln.period_end, ln.detail)
                              for ln in b.lines)
                qty = lambda comp: sum((ln.quantity for ln in lines if ln.component == comp),
                                       Decimal(0))
                local, export = qty("community_energy"), qty("feed_in")
                draft = BillDraft(
                    account=acc.code, period_start=b.period_start, period_end=b.period_end,
                    currency=b.currency, lines=lines, net_total=b.net_total,
                    vat=vat_per_rate(lines, minor_unit(b.currency)), vat_total=b.vat_total,
                    total=b.total, rounding=b.rounding,
                    quality=QualityCounts(b.q_measured, b.q_substituted, b.q_estimated,
                                          b.q_missing),
                    fingerprint=b.fingerprint, consumption_kwh=b.consumption_kwh,
                    local_kwh=abs(local), grid_kwh=abs(b.consumption_kwh) - abs(local),
                    export_kwh=abs(export), tariff_code=b.tariff_code,
                    community_saving=b.community_saving)
                issued = (b.issued_at.astimezone(tz).date() if b.issued_at else date.today())
                info = AccountInfo(acc.code, Address(acc.name, acc.street, acc.postcode,
                                                     acc.city, acc.country),
                                   acc.language, acc.email, tuple(g.name for g in acc.groups),
                                   acc.tariff_code or "", acc.supply_start, acc.supply_end,
                                   points.get(acc.consumption_point_id, ""),
                                   vat_registered=bool(acc.vat_registered))
                yield InvoiceDocument(
                    bill=draft, number=b.number, kind=BillKind(b.kind), issue_date=issued,
                    due_date=issued + timedelta(days=company.payment_days), account=info,
                    metering_point=info.consumption_point, language=acc.language,
                    company=company, corrects_number=corrected.get(b.corrects_id),
                    # a producer's note: the account's consumption is not its production
                    daily_kwh=() if b.kind == BillKind.SELF_BILLING.value
                    else daily.get(b.id, ()))


def export_pdfs(factory: sessionmaker, out_dir: str | Path, *, run_id: int | None = None,
                bill_refs: list[str] | None = None, workers: int | None = None,
                progress=None, cancelled=None):
    """Render the issued bills of a run (or the given bills) to ``out_dir``.

    Returns billdesk.pdf's ``ExportReport`` (written files, failures, cancelled, seconds).
    Drafts have no number yet and are not exported: finalize the run first.
    """
    with factory() as s:
        company = company_profile(s)
        if run_id is not None:
            if s.get(BillRun, run_id) is None:
                raise InputError(f"no bill run {run_id}", field="--run")
            ids = s.scalars(select(Bill.id).where(Bill.run_id == run_id,
                                                  Bill.number.is_not(None))
                            .order_by(Bill.id)).all()
            if not ids:
                raise InputError(f"run {run_id} has no issued bills; finalize it first",
                                 field="--run")
        else:
            ids = []
            for ref in bill_refs or []:
                text = str(ref).strip()
                bid = id_or_none(text, Bill.id)
                bill = s.get(Bill, bid) if bid is not None else None
                bill = bill or s.scalar(select(Bill).where(Bill.number == text))
                if bill is None:
                    raise InputError(f"no bill with id or number {text[:60]!r}",
                                     field="--bill")
                if bill.number is None:
                    raise InputError(f"bill {text} is a draft without a number; finalize its "
                                     "run first", field="--bill")
                ids.append(bill.id)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror or exc}",
                         field="--out") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(f"cannot write into the output folder {display_name(out)} "
                         "(read-only or no permission)", field="--out")
    report = export_many(_documents(factory, list(ids), company), out, workers=workers,
                         progress=progress, cancelled=cancelled, total=len(ids))
    try:
        with transaction(factory) as s:
            audit.record(s, "export.pdf", "run" if run_id is not None else "bill",
                         run_id if run_id is not None else ",".join(map(str, ids[:20])),
                         {"out": display_name(out), "written": len(report.written),
                          "failed": len(report.failed), "cancelled": report.cancelled})
    except StorageError as exc:
        if exc.kind != "readonly":
            raise
        # an auditor's read-only copy: the files are written, the log cannot be
        log.warning("export not recorded in the audit log: %s", exc)
    return report
