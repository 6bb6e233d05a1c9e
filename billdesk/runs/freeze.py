"""Issued documents frozen at issue (docs/audit.md, "Frozen content").

When a run is finalized, every document it issues is built once — the bill and its lines, the
addressee as the account is *now*, the company profile as it is now (billdesk.runs.issuer:
its logo kept by content in ``document_assets``), the daily kWh of the chart as the bill was
computed (recorded in the bill's inputs when it was billed), the QR-bill data — and stored
with the bill as canonical JSON (``bills.content``) with its SHA-256 (``content_hash``) and
its link in the hash chain of its number series (``prev_hash``, ``record_hash``;
billdesk.domain.chain). The same UPDATE that gives the bill its number writes them, and the
database refuses any later change. Export, e-mail and the audit package render from this
content (billdesk.runs.export.issued_documents), so a re-import of the account or corrected
readings never changes a re-export.

Every query names its columns (Core, no ORM entities): the migration that freezes bills
issued before this existed (db/versions/0005_audit.py) runs the same code on its connection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import numpy as np
from sqlalchemy import bindparam, select

from billdesk.domain.account import AccountInfo, Address
from billdesk.domain.bill import BillDraft, BillKind, BillLine
from billdesk.domain.canonical import canonical_text_of_plain, plain, sha256_hex
from billdesk.domain.chain import GENESIS, link_hash, number_in, series_of
from billdesk.domain.errors import WorkFailed
from billdesk.domain.period import Period, zone
from billdesk.domain.quality import QualityCounts
from billdesk.engine.money import minor_unit, vat_per_rate
from billdesk.engine.timegrid import time_grid
from billdesk.pdf.document import CompanyProfile, InvoiceDocument
from billdesk.pdf.einvoice_refusal import InvalidEInvoice, document_problems
from billdesk.pdf.frozen import FrozenContentError, freeze, thaw
from billdesk.runs.issuer import company_for_issue, timezone_of
from billdesk.runs.line_labels import LineLabels
from billdesk.store.intervals import read_block
from billdesk.store.models import Account, AccountGroup, Bill, BillLineRow, MeteringPoint

ISSUED_SCHEMA = "billdesk.issued/1"
CHUNK = 2000

B = Bill.__table__.c
L = BillLineRow.__table__.c
A = Account.__table__.c


# ------------------------------------------------------------------------- building documents
def _chunks(ids: list[int]):
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _bill_rows(conn, ids: list[int], community: bool = True) -> dict[int, object]:
    """The bill rows; ``community``: with the member's saving (a column of revision 0006,
    absent while migration 0005 freezes the documents issued before it)."""
    cols = (B.id, B.run_id, B.account_id, B.kind, B.number, B.period_start, B.period_end,
            B.currency, B.net_total, B.vat_total, B.rounding, B.total, B.corrects_id,
            B.fingerprint, B.tariff_code, B.consumption_kwh, B.q_measured, B.q_substituted,
            B.q_estimated, B.q_missing, B.issued_at, B.inputs) \
        + ((B.community_saving,) if community else ())
    out = {}
    for part in _chunks(ids):
        out.update((r.id, r) for r in conn.execute(select(*cols).where(B.id.in_(part))))
    return out


def _lines(conn, ids: list[int]) -> dict[int, list[BillLine]]:
    out: dict[int, list[BillLine]] = defaultdict(list)
    cols = (L.bill_id, L.component, L.label, L.quantity, L.unit, L.unit_price, L.net_amount,
            L.vat_rate, L.period_start, L.period_end, L.detail)
    for part in _chunks(ids):
        for r in conn.execute(select(*cols).where(L.bill_id.in_(part))
                              .order_by(L.bill_id, L.position)):
            out[r.bill_id].append(BillLine(*r[1:]))
    return out


def _accounts(conn, account_ids: set[int]) -> tuple[dict[int, AccountInfo], dict[int, int]]:
    """Accounts as they are now (AccountInfo) and their consumption point ids."""
    ids = sorted(account_ids)
    rows, groups = {}, defaultdict(list)
    G = AccountGroup.__table__.c
    for part in _chunks(ids):
        rows.update((r.id, r) for r in conn.execute(
            select(A.id, A.code, A.name, A.street, A.postcode, A.city, A.country, A.language,
                   A.email, A.tariff_code, A.supply_start, A.supply_end, A.consumption_point_id,
                   A.production_point_id, A.vat_registered).where(A.id.in_(part))))
        for r in conn.execute(select(G.account_id, G.name).where(G.account_id.in_(part))
                              .order_by(G.account_id, G.name)):
            groups[r.account_id].append(r.name)
    point_ids = {p for r in rows.values() for p in (r.consumption_point_id,
                                                      r.production_point_id) if p}
    M = MeteringPoint.__table__.c
    codes = {}
    for part in _chunks(sorted(point_ids)):
        codes.update(conn.execute(select(M.id, M.code).where(M.id.in_(part))).all())
    infos = {a.id: AccountInfo(a.code, Address(a.name, a.street or "", a.postcode or "",
                                               a.city or "", a.country or "CH"),
                               a.language or "de", a.email, tuple(groups.get(a.id, ())),
                               a.tariff_code or "", a.supply_start, a.supply_end,
                               codes.get(a.consumption_point_id, ""),
                               codes.get(a.production_point_id) if a.production_point_id
                               else None, bool(a.vat_registered))
             for a in rows.values()}
    return infos, {a.id: a.consumption_point_id for a in rows.values()}


def inputs_record(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        d = json.loads(text)
    except ValueError:
        return None
    return d if isinstance(d, dict) else None


def daily_from_inputs(rec: dict | None, period: Period) -> tuple[tuple[date, Decimal], ...] | None:
    """The chart's daily kWh recorded when the bill was billed (milli-kWh per local day)."""
    if not rec or not isinstance(rec.get("daily"), list):
        return None
    days = rec["daily"]
    if len(days) != period.days:
        return None
    start = period.start
    return tuple((start + timedelta(days=k), Decimal(int(v)).scaleb(-3))
                 for k, v in enumerate(days))


def daily_milli(kwh: np.ndarray, period: Period, tz_name: str) -> np.ndarray:
    """int64 [rows, days]: the daily sums of 15-minute kWh rows, in 0.001 kWh (half to even)."""
    grid = time_grid(period, tz_name)
    if not kwh.size:
        return np.zeros((kwh.shape[0], len(grid.days)), dtype=np.int64)
    sums = np.add.reduceat(np.asarray(kwh, dtype=np.float64), grid.day_first[:-1], axis=1)
    return np.rint(np.round(sums, 3) * 1000).astype(np.int64)


def _daily_from_chunks(conn, bills: list, points: dict[int, int], tz_name: str) -> dict:
    """Daily kWh from the current interval data: only for bills billed before their inputs
    were recorded (issued before billdesk 0.2, or drafts billed then and issued now)."""
    from sqlalchemy.orm import Session

    out = {}
    by_period: dict[tuple, list] = defaultdict(list)
    for b in bills:
        if points.get(b.account_id):
            by_period[(b.period_start, b.period_end)].append(b)
    tz = zone(tz_name)
    own = not isinstance(conn, Session)
    session = Session(bind=conn) if own else conn
    try:
        for (ps, pe), group in by_period.items():
            period = Period(ps, pe)
            a, e = period.utc_bounds(tz)
            pids = [points[b.account_id] for b in group]
            block = read_block(session, pids, a, e, tz)
            milli = daily_milli(block.kwh[[block.row(p) for p in pids]], period, tz_name)
            for b, row in zip(group, milli):
                out[b.id] = tuple((ps + timedelta(days=k), Decimal(int(v)).scaleb(-3))
                                  for k, v in enumerate(row.tolist()))
    finally:
        if own:
            session.close()
    return out


def build_documents(conn, bill_ids: list[int], numbers: dict[int, str],
                    issued_at: dict[int, datetime], company: CompanyProfile,
                    tz_name: str, community: bool = True
                    ) -> dict[int, tuple[InvoiceDocument, object]]:
    """(document, bill row) of each bill, numbered ``numbers[id]`` and issued at
    ``issued_at[id]``: what the renderer prints for it now."""
    bills = _bill_rows(conn, bill_ids, community)
    lines = _lines(conn, bill_ids)
    accounts, points = _accounts(conn, {b.account_id for b in bills.values()})
    corrected = {}
    refs = sorted({b.corrects_id for b in bills.values() if b.corrects_id})
    for part in _chunks(refs):
        corrected.update(conn.execute(select(B.id, B.number).where(B.id.in_(part))).all())
    tz = zone(tz_name)
    daily: dict[int, tuple] = {}
    missing = []
    for b in bills.values():
        if b.kind == BillKind.SELF_BILLING.value:
            continue        # a producer's note: the account's consumption is not its production
        got = daily_from_inputs(inputs_record(b.inputs), Period(b.period_start, b.period_end))
        if got is None:
            missing.append(b)
        else:
            daily[b.id] = got
    if missing:
        daily.update(_daily_from_chunks(conn, missing, points, tz_name))
    labels = LineLabels(conn, {b.tariff_code for b in bills.values()})
    out = {}
    for bid in bill_ids:
        b = bills[bid]
        acc = accounts[b.account_id]
        ls = tuple(lines.get(bid, ()))
        printed = tuple(labels.get(b.tariff_code, b.period_start, ln.component, ln.label,
                                   acc.language) for ln in ls)

        def qty(comp):
            return sum((ln.quantity for ln in ls if ln.component == comp), Decimal(0))
        local, export = qty("community_energy"), qty("feed_in")
        draft = BillDraft(
            account=acc.account, period_start=b.period_start, period_end=b.period_end,
            currency=b.currency, lines=ls, net_total=b.net_total,
            vat=vat_per_rate(ls, minor_unit(b.currency)), vat_total=b.vat_total,
            total=b.total, rounding=b.rounding,
            quality=QualityCounts(b.q_measured, b.q_substituted, b.q_estimated, b.q_missing),
            fingerprint=b.fingerprint, consumption_kwh=b.consumption_kwh,
            local_kwh=abs(local), grid_kwh=abs(b.consumption_kwh) - abs(local),
            export_kwh=abs(export), tariff_code=b.tariff_code,
            community_saving=b.community_saving if community else None)
        issued = issued_at[bid].astimezone(tz).date()
        doc = InvoiceDocument(
            bill=draft, number=numbers[bid], kind=BillKind(b.kind), issue_date=issued,
            due_date=issued + timedelta(days=int(company.payment_days or 0)), account=acc,
            metering_point=acc.consumption_point, language=acc.language, company=company,
            corrects_number=corrected.get(b.corrects_id), daily_kwh=daily.get(bid, ()),
            line_labels=printed if printed != tuple(ln.label for ln in ls) else ())
        out[bid] = (doc, b)
    return out


def payment_part(doc: InvoiceDocument) -> dict | None:
    """The QR-bill data printed on ``doc`` (reference and the QR code's payload), or None
    when it has no payment part. ValueError when the QR-bill cannot be made."""
    from billdesk.pdf.render import _make_qr

    qr, reference = _make_qr(doc)
    if qr is None:
        return None
    return {"reference": reference, "qr_payload": qr.qr_data()}


_UNSET = object()


def content_of(doc: InvoiceDocument, bill_id: int, run_id: int, issued_at: datetime,
               inputs_text: str | None, lenient: bool = False, payment=_UNSET) -> str:
    """The canonical JSON text stored as the document's frozen content. ``lenient``: a
    QR-bill that cannot be made is recorded as ``{"error": …}`` instead of raising.
    ``payment``: the document's ``payment_part`` when the caller has made it already."""
    if payment is _UNSET:
        try:
            payment = payment_part(doc)
        except ValueError as exc:
            if not lenient:
                raise
            payment = {"error": str(exc)}
    envelope = {
        "schema": ISSUED_SCHEMA,
        "document": freeze(doc),
        "payment": payment,
        "record": {"bill_id": bill_id, "run_id": run_id,
                   "issued_at": plain(issued_at.astimezone(timezone.utc)),
                   "inputs_sha256": sha256_hex(inputs_text) if inputs_text else None},
    }
    return canonical_text_of_plain(envelope)


def thaw_content(text: str, resolve_asset=None) -> InvoiceDocument:
    """The document of a frozen content text (FrozenContentError when unreadable)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FrozenContentError(f"the frozen content is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != ISSUED_SCHEMA:
        raise FrozenContentError(f"unknown frozen content schema "
                                 f"{data.get('schema') if isinstance(data, dict) else data!r}")
    return thaw(data["document"], resolve_asset)


# ------------------------------------------------------------------------- issuing
def previous_hashes(conn, first_numbers: list[str]) -> dict[str, str]:
    """The record hash each series' chain continues from, by series: that of number n-1
    (GENESIS before number 1). WorkFailed when n-1 is missing or was never sealed."""
    out = {}
    for first in first_numbers:
        series, seq = series_of(first)
        if seq == 1:
            out[series] = GENESIS
            continue
        prev = number_in(series, seq - 1, len(first) - len(series) - 1)
        h = conn.execute(select(B.record_hash).where(B.number == prev)).first()
        if h is None or not h.record_hash:
            raise WorkFailed(f"cannot issue {first}: the document before it ({prev}) is "
                             + ("missing from the database" if h is None else "not sealed")
                             + "; run 'billdesk verify' and restore it before issuing")
        out[series] = h.record_hash
    return out


def seal_issue(session, run_id: int, updates: list[dict], now: datetime) -> None:
    """Add the frozen content, its hash and the chain link to each of finalize's issue
    parameters (``{"bid", "num", "at"}``, numbers consecutive per series): ``content``,
    ``chash``, ``prev``, ``rhash``. Raises InputError before anything is written when a
    document cannot be built (no company profile), and InvalidEInvoice (every such document
    named, with what is wrong) when the Swiss QR-bill of any cannot be made or its
    Factur-X XML would not be a valid EN 16931 e-invoice (billdesk.pdf.facturx_check)."""
    if not updates:
        return
    company = company_for_issue(session)
    tz_name = timezone_of(session)
    numbers = {u["bid"]: u["num"] for u in updates}
    at = {u["bid"]: u["at"] for u in updates}
    ordered = sorted(updates, key=lambda u: series_of(u["num"]))
    firsts, seen = [], set()
    for u in ordered:
        s = series_of(u["num"])[0]
        if s not in seen:
            seen.add(s)
            firsts.append(u["num"])
    prev = previous_hashes(session, firsts)
    by_id = {u["bid"]: u for u in updates}
    ids = [u["bid"] for u in ordered]
    invalid: list[tuple[int, str, list[str]]] = []
    for part in _chunks(ids):
        docs = build_documents(session, part, numbers, at, company, tz_name)
        for bid in part:
            doc, row = docs[bid]
            bad = []
            try:
                payment = payment_part(doc)
            except ValueError as exc:       # the Swiss QR-bill cannot be made
                payment = None
                bad.append(f"Swiss QR-bill: {exc}")
            # the e-invoice exactly as the PDF will embed it (labels as printed), and VAT
            # charged by a seller not registered for VAT
            bad += document_problems(doc.printed(), payment["reference"] if payment else None)
            if bad:
                invalid.append((bid, doc.account.account, bad))
            if invalid:
                continue        # nothing is issued: only the other documents are checked
            text = content_of(doc, bid, run_id, at[bid], row.inputs, payment=payment)
            chash = sha256_hex(text)
            series = series_of(numbers[bid])[0]
            rhash = link_hash(numbers[bid], prev[series], chash)
            by_id[bid].update(content=text, chash=chash, prev=prev[series], rhash=rhash)
            prev[series] = rhash
    if invalid:
        raise InvalidEInvoice(invalid, len(ids))



def freeze_existing(conn) -> int:
    """Freeze and chain the documents issued before frozen content existed (migration 0005):
    each from its data *as it is now* (account, company profile, current interval data for
    the chart), chained per series in number order. Returns how many were frozen."""
    from sqlalchemy import update

    rows = conn.execute(select(B.id, B.number, B.run_id, B.issued_at)
                        .where(B.number.is_not(None), B.content.is_(None))).all()
    if not rows:
        return 0
    company = company_for_issue(conn, required=False)
    tz_name = timezone_of(conn)
    now = datetime.now(timezone.utc)
    series: dict[str, list] = defaultdict(list)
    for r in rows:
        series[series_of(r.number)[0]].append(r)
    stmt = (update(Bill.__table__).where(B.id == bindparam("bid"))
            .values(content=bindparam("content"), content_hash=bindparam("chash"),
                    prev_hash=bindparam("prev"), record_hash=bindparam("rhash")))
    for key in sorted(series):
        docs = sorted(series[key], key=lambda r: series_of(r.number)[1])
        prev = GENESIS
        for k in range(0, len(docs), CHUNK):
            part = docs[k:k + CHUNK]
            at = {r.id: r.issued_at or now for r in part}
            built = build_documents(conn, [r.id for r in part], {r.id: r.number for r in part},
                                    at, company, tz_name, community=False)
            params = []
            for r in part:
                doc, row = built[r.id]
                text = content_of(doc, r.id, r.run_id, at[r.id], row.inputs, lenient=True)
                chash = sha256_hex(text)
                rhash = link_hash(r.number, prev, chash)
                params.append({"bid": r.id, "content": text, "chash": chash, "prev": prev,
                               "rhash": rhash})
                prev = rhash
            conn.execute(stmt, params)
    return len(rows)
