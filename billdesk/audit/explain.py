"""``bill show ID --explain``: what a bill was computed from, and each line down to its
intervals (docs/audit.md "Explain a bill").

From the bill's inputs record and the run's input snapshots (billdesk.audit.recorded): the
interval-data versions per metering point (chunk id, version, when received, by which import,
whether a newer version exists), the tariff versions with their components, the price series
and the points used, the community allocation, the quality mix against the run's thresholds,
the engine and the fingerprint. Then each line: its amount as quantity × unit price (rounded
to the minor unit), and its quantity traced to the 15-minute intervals behind it — which
energy (grid, export, local, peak kW), which intervals (the line's dates, a month, a
time-of-use period), how many and their sum — checked against the line. The bill is also
billed again from the same inputs with the current engine (as ``audit check`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.audit.line_trace import LineTrace, chunk_dicts
from billdesk.audit.line_trace import amount_check as _amount
from billdesk.audit.line_trace import line_dict as _line_dict
from billdesk.audit.recorded import NotRecorded, Recorded, batch_of
from billdesk.audit.self_billing_trace import explain_note
from billdesk.audit.trace import energies, interval_list, trace_line
from billdesk.domain.canonical import plain
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.domain.quality import QualityCounts, Thresholds
from billdesk.domain.tariff import Pricing
from billdesk.engine import bill_batch
from billdesk.engine.money import quantity
from billdesk.engine.segments import NoTariff, segments
from billdesk.store.models import Account, Bill, BillLineRow, BillRun, MeteringPoint
from billdesk.store.settings import timezone_name

@dataclass
class Explanation:
    bill: dict
    recorded: bool
    why_not: str | None = None
    run: dict = field(default_factory=dict)
    engine: dict = field(default_factory=dict)
    quality: dict = field(default_factory=dict)
    data: list[dict] = field(default_factory=list)
    tariff: dict = field(default_factory=dict)
    prices: list[dict] = field(default_factory=list)
    communities: list[dict] = field(default_factory=list)
    lines: list[LineTrace] = field(default_factory=list)
    recomputed: dict | None = None

    def as_dict(self) -> dict:
        return _jsonable({"bill": self.bill, "recorded": self.recorded, "why_not": self.why_not,
                      "run": self.run, "engine": self.engine, "quality": self.quality,
                      "data": self.data, "tariff": self.tariff, "prices": self.prices,
                      "communities": self.communities,
                      "lines": [t.as_dict() for t in self.lines],
                      "recomputed": self.recomputed})

    def text(self) -> str:
        b = self.bill
        out = [f"{b['number'] or 'draft ' + str(b['id'])} {b['kind']} {b['status']} account "
               f"{b['account']} {b['period_start']}..{b['period_end']} total {b['total']} "
               f"{b['currency']} (run {b['run_id']})",
               f"fingerprint {b['fingerprint']}"]
        if not self.recorded:
            out.append(f"inputs: not recorded ({self.why_not})")
        e = self.engine
        if e:
            out.append(f"engine: billdesk {e.get('billdesk')}, rules {e.get('rules')}, time zone"
                       f" {e.get('timezone')}, payable rounding {e.get('round_payable')}")
        q = self.quality
        if q:
            out.append(f"quality: measured {q['measured']}, substituted {q['substituted']}, "
                       f"estimated {q['estimated']}, missing {q['missing']}; "
                       f"thresholds {q['thresholds']}: {q['verdict']}")
        for d in self.data:
            out.append(f"{d['role']} point {d['point']} (id {d['point_id']}):")
            for c in d["chunks"]:
                note = "" if c["newest_version"] == c["version"] else \
                    f"; newer version {c['newest_version']} exists"
                out.append(f"  chunk {c['id']} {c['month']} version {c['version']} received "
                           f"{c['received_at']} ({c['import'] or 'no import record'}){note}")
        t = self.tariff
        if t:
            out.append(f"tariff {t['code']}:" + (" (a VAT-registered producer: feed-in "
                                                 "credits carry VAT)"
                                                 if t.get("vat_registered") else ""))
            for v in t["versions"]:
                out.append(f"  version valid from {v['valid_from']} (snapshot "
                           f"{v['sha256'][:12]}…) for {v['applies']}: "
                           + "; ".join(v["components"]))
        for p in self.prices:
            out.append(f"price series {p['series']}: {p['points']} points {p['first']} .. "
                       f"{p['last']}, {p['min']} .. {p['max']} per kWh")
        for c in self.communities:
            out.append(f"community {c['name']} ({c['allocation']}, local price "
                       f"{c['local_price']}): {c['members']} members, production points "
                       f"{', '.join(c['production_points'])}; "
                       + (f"credited to this producer {c['allocated_kwh']} kWh of the "
                          f"members' {c['members_local_kwh']} kWh local energy"
                          if c.get("producer") else
                          f"allocated to this account {c['allocated_kwh']} kWh"))
        out.append("lines:")
        for tr in self.lines:
            ln, a = tr.line, tr.amount
            label = ln["label"] + (f" ({ln['detail']})" if ln["detail"] else "")
            how = "" if a["formula"] == "quantity x unit price" else \
                f" (average price; {a['formula']})"
            out.append(f"  {tr.n:>2}. {label}: {ln['quantity']} {ln['unit']} x "
                       f"{ln['unit_price']}{how} = {a['exact']} -> {ln['net_amount']} "
                       f"{'ok' if a['matches'] else 'DIFFERS: ' + str(a['rounded'])}")
            bs = tr.basis
            if bs:
                if bs.get("intervals") is not None:
                    extra = f", peak {bs['peak_kw']} kW at {bs['peak_at']}" \
                        if bs.get("peak_at") else ""
                    out.append(f"      {bs['energy_text']}, {bs['selection']}: "
                               f"{bs['intervals']} intervals {bs['from']} .. {bs['to']}, sum "
                               f"{bs['sum']} {bs['unit']}{extra} "
                               f"{'= quantity' if bs['matches'] else '!= quantity'}")
                else:
                    out.append(f"      {bs['selection']}")
            if tr.intervals is not None:
                for iv in tr.intervals:
                    out.append(f"        {iv['start']}  {iv['value']:>10} "
                               f"{iv['quality']:<11}" + (f" price {iv['price']}"
                                                         if "price" in iv else "")
                               + (f" produced {iv['produced']}, members' local "
                                  f"{iv['members_local']}" if "produced" in iv else ""))
        if self.recomputed is not None:
            r = self.recomputed
            out.append("re-computed with this engine: " + (
                "identical" if r["identical"] else "DIFFERENT: " + "; ".join(
                    f"{d['field']} {d['stored']} -> {d['recomputed']}"
                    for d in r["differences"][:10])))
        return "\n".join(out)


def _jsonable(v):
    """Plain JSON values (decimals and times as strings; the run's share threshold stays a
    number)."""
    if isinstance(v, float):
        return v
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return plain(v)


def _bill_ref(s, ref) -> Bill:
    text = str(ref).strip()
    bill = s.get(Bill, int(text)) if text.isdigit() else None
    bill = bill or s.scalar(select(Bill).where(Bill.number == text))
    if bill is None:
        raise InputError(f"no bill with id or number {text!r}", field="ID|NUMBER")
    return bill


def explain_bill(factory: sessionmaker, ref, intervals_of: int | None = None) -> Explanation:
    """The explanation of bill ``ref`` (id or number); ``intervals_of``: also list every
    interval behind that line (1-based)."""
    with factory() as s:
        b = _bill_ref(s, ref)
        run = s.get(BillRun, b.run_id)
        tz_name = timezone_name(s)
        code = s.scalar(select(Account.code).where(Account.id == b.account_id))
        lines = list(s.scalars(select(BillLineRow).where(BillLineRow.bill_id == b.id)
                               .order_by(BillLineRow.position)))
        if intervals_of is not None and not 1 <= intervals_of <= len(lines):
            raise InputError(f"the bill has {len(lines)} line(s); --intervals takes 1.."
                             f"{len(lines)}", field="--intervals")
        ex = Explanation(bill=_bill_dict(b, code), recorded=False)
        ex.run = {"id": run.id, "name": run.name, "mode": run.mode, "billing": run.billing,
                  "thresholds": dict(run.thresholds or {}), "status": run.status}
        counts = QualityCounts(b.q_measured, b.q_substituted, b.q_estimated, b.q_missing)
        th = Thresholds.from_dict(run.thresholds)
        ex.quality = {**counts.as_dict(), "thresholds": th.as_dict(),
                      "verdict": th.check(counts) or "passed"}
        period = Period(b.period_start, b.period_end)
        rec = Recorded(s, period, tz_name)
        inputs_text = b.inputs
        orig_kind = None
        if b.kind == "credit_note" and b.corrects_id:
            orig = s.get(Bill, b.corrects_id)
            inputs_text = inputs_text or (orig.inputs if orig else None)
            orig_kind = orig.kind if orig else None
        try:
            if "self_billing" in (b.kind, orig_kind):       # a producer's note, or its cancellation
                return explain_note(s, ex, rec, b, code, lines, inputs_text, intervals_of)
            bi = rec.bill_inputs(inputs_text, b.account_id)
        except (NotRecorded, KeyError, ValueError) as exc:
            ex.why_not = str(exc)
            ex.lines = [LineTrace(k, _line_dict(ln), _amount(ln, b.currency))
                        for k, ln in enumerate(lines, start=1)]
            return ex
        ex.recorded = True
        ex.engine = bi.engine
        ex.data = _data(s, bi)
        ex.tariff = _tariff(bi, b, period)
        ex.prices = [_price_summary(series, rec, sha, rows)
                     for series, sha, rows in _price_refs(rec, bi)]
        ex.communities = [_community(s, c, bi) for c in bi.communities]
        arrays = energies(bi, period, tz_name)
        sign = -1 if b.kind == "credit_note" else 1
        for k, ln in enumerate(lines, start=1):
            tr = LineTrace(k, _line_dict(ln), _amount(ln, b.currency))
            try:
                tr.basis, picked = trace_line(ln, bi, arrays, period, tz_name, sign)
            except Exception as exc:  # noqa: BLE001 - an explanation must not fail whole
                tr.basis, picked = {"selection": f"not traced: {exc}"}, None
            if intervals_of == k and picked is not None:
                tr.intervals = interval_list(picked, arrays, bi, ln, tz_name)
            ex.lines.append(tr)
        if b.kind != "credit_note":
            ex.recomputed = _recompute(rec, b, code, bi, th, lines)
        return ex


def _bill_dict(b: Bill, code: str) -> dict:
    return {"id": b.id, "number": b.number, "kind": b.kind, "status": b.status,
            "account": code, "period_start": b.period_start, "period_end": b.period_end,
            "currency": b.currency, "net_total": b.net_total, "vat_total": b.vat_total,
            "rounding": b.rounding, "total": b.total, "run_id": b.run_id,
            "fingerprint": b.fingerprint, "tariff_code": b.tariff_code,
            "consumption_kwh": b.consumption_kwh, "issued_at": b.issued_at,
            "content_hash": b.content_hash, "record_hash": b.record_hash}


def _data(s, bi) -> list[dict]:
    out = []
    for role, key, ref in (("consumption", "consumption", bi.record["c"]),
                           ("production", "production", bi.record.get("p"))):
        if not ref:
            continue
        pid = ref[0]
        code = s.scalar(select(MeteringPoint.code).where(MeteringPoint.id == pid))
        out.append({"role": role, "point": code, "point_id": pid, "token": ref[1],
                    "chunks": chunk_dicts(s, pid, bi.chunks[key])})
    return out


def _tariff(bi, b: Bill, period: Period) -> dict:
    start, end = bi.supply
    try:
        segs = segments(bi.versions, start, end, period)
    except NoTariff as exc:
        segs = ()
        note = str(exc)
    else:
        note = None
    applies = {id(sg.version): f"{sg.start}..{sg.end - timedelta(days=1)}" for sg in segs}
    versions = []
    for sha, v in sorted(zip(bi.tariff_shas, bi.versions), key=lambda x: x[1].valid_from):
        versions.append({"valid_from": v.valid_from, "sha256": sha,
                         "applies": applies.get(id(v), "not in this period"),
                         "components": [_component_text(c) for c in v.components]})
    return {"code": b.tariff_code, "supply": [start, end], "versions": versions,
            "vat_registered": bi.vat_registered, "note": note}


def _component_text(c) -> str:
    if c.pricing is Pricing.TOU:
        price = ", ".join(f"{k} {v}" for k, v in c.prices.items())
    elif c.pricing is Pricing.DYNAMIC:
        price = f"{c.series} x {c.multiplier} + {c.offset}"
    else:
        price = str(c.price)
    extra = f" in {', '.join(c.windows)}" if c.windows else ""
    return f"{c.type.value} {c.pricing.value} '{c.label}' {price}{extra}, VAT {c.vat_rate}%"


def _price_refs(rec, bi):
    ctx = rec.snapshot(bi.record["context"])
    for series, sha in sorted(ctx.get("prices", {}).items()):
        if sha:
            yield series, sha, bi.price_points.get(series, [])


def _price_summary(series, rec, sha, rows) -> dict:
    inside = [(t, p) for t, p in rows if rec.t0 <= t < rec.t1] or rows
    prices = [p for _t, p in inside]
    return {"series": series, "sha256": sha, "points": len(inside),
            "first": inside[0][0] if inside else None, "last": inside[-1][0] if inside else None,
            "min": min(prices) if prices else None, "max": max(prices) if prices else None}


def _community(s, snap: dict, bi) -> dict:
    codes = dict(s.execute(select(MeteringPoint.id, MeteringPoint.code).where(
        MeteringPoint.id.in_([p["point_id"] for p in snap["production"]]))).all())
    allocated = quantity(float(np.nansum(bi.local))) if bi.local is not None else Decimal(0)
    return {"name": snap["name"], "allocation": snap["allocation"],
            "local_price": snap["local_price"], "members": len(snap["members"]),
            "production_points": [f"{codes.get(p['point_id'], p['point_id'])} "
                                  f"({p['token'] or 'no data'})" for p in snap["production"]],
            "allocated_kwh": allocated}


def _recompute(rec, b: Bill, code: str, bi, th: Thresholds, lines) -> dict:
    from billdesk.audit.check import CheckReport, _compare_bill

    batch = batch_of(rec, [(code, bi)], bool(bi.engine.get("round_payable")))
    outcome = bill_batch(batch, th)[0]
    report = CheckReport("", b.run_id)

    class _Ref:
        number = b.number or f"bill {b.id}"
    _compare_bill(_Ref, b, lines, outcome, report)
    return {"identical": not report.differences,
            "differences": [d.as_dict() for d in report.differences],
            "fingerprint": outcome.fingerprint}


__all__ = ["Explanation", "LineTrace", "explain_bill"]
