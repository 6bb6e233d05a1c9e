"""``bill show --explain`` of a producer's self-billing note (SB series, issue 17) and of the
credit note that cancels one: each line followed from its amount to quantity × unit price to
the 15-minute intervals behind it, as for invoices (docs/audit.md "Explain a bill").

From the note's inputs record (billdesk.audit.self_billing.note_inputs): the community
allocated again from the recorded data versions; in every interval the members' local
energy is shared among the production points by what each produced
(billdesk.engine.allocation.producer_split), and this producer is credited its points'
share, at the price the members paid for it (a flat local price, or each member's own price
per interval: the amount is then the exact sum over the intervals and members, rounded once,
and the unit price shown is its average). The surplus line is the producer's production
not used locally, at the community's surplus price.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal

import numpy as np
from sqlalchemy import select

from billdesk.domain.period import INTERVAL, zone
from billdesk.domain.quality import Quality
from billdesk.engine.allocation import producer_split
from billdesk.engine.money import minor_unit, quantity, round_money
from billdesk.engine.producers import _MICRO2, _interval_money, community_credits
from billdesk.store.intervals import read_versions
from billdesk.store.models import Account, MeteringPoint

_TEXT = {"credited": "the members' local energy credited to this producer",
         "surplus": "this producer's production not used locally (surplus)"}


class NoteTrace:
    """One note's figures per interval, computed once for all its lines."""

    def __init__(self, s, rec, inputs_text: str | None, account_id: int):
        from billdesk.audit.self_billing import note_inputs

        self.rec = rec
        ni = self.ni = note_inputs(rec, inputs_text)
        self.account_id = account_id
        self.credit = community_credits(ni.local, ni.price, ni.points, ni.producers,
                                        ni.flat).get(account_id)
        mine = [k for k, a in enumerate(ni.producers) if a == account_id]
        self.mine = mine
        total = ni.local.sum(axis=0)
        self.members_local = total
        part, _surplus = producer_split(total, ni.points)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, part / np.where(total > 0, total, 1.0), 0.0)
        self.produced = ni.points[mine].sum(axis=0) if mine else np.zeros(rec.n)
        # what the members paid for this producer's share, per interval (micro x micro)
        self.money = None
        if ni.flat is None:
            money = _interval_money(np.asarray(ni.local, dtype=np.float64), ni.price)
            self.money = share[mine].sum(axis=0) * money if mine else np.zeros(rec.n)
        prod = [ni.snap["production"][k] for k in mine]
        self.refs: list = []
        self.flags = np.full(rec.n, int(Quality.MEASURED), dtype=np.uint8)
        if prod:
            _kwh, flags, refs = read_versions(s, [(p["point_id"], p["token"]) for p in prod],
                                              rec.t0, rec.t1)
            self.flags = flags.max(axis=0)
            self.refs = list(zip(prod, refs))
        self.codes = dict(s.execute(select(MeteringPoint.id, MeteringPoint.code).where(
            MeteringPoint.id.in_([p["point_id"] for p in ni.snap["production"]] or [0]))).all())

    # ------------------------------------------------------------------ summary parts
    def data(self, s) -> list[dict]:
        from billdesk.audit.line_trace import chunk_dicts

        return [{"role": "production", "point": self.codes.get(p["point_id"]),
                 "point_id": p["point_id"], "token": p["token"],
                 "chunks": chunk_dicts(s, p["point_id"], refs)} for p, refs in self.refs]

    def community(self, s) -> dict:
        ni = self.ni
        snap = ni.snap
        codes = self.codes
        accounts = dict(s.execute(select(Account.id, Account.code).where(
            Account.id.in_([a for a in ni.producers if a] or [0]))).all())
        members = []
        for k, m in enumerate(snap["members"]):
            kwh = float(ni.local[k].sum())
            paid = (Decimal(int(round(float(_interval_money(ni.local[k:k + 1],
                                                            ni.price[k:k + 1]).sum()))))
                    / _MICRO2 if kwh else Decimal(0))
            members.append({"account": m["account"], "local_kwh": quantity(kwh),
                            "paid": paid.quantize(Decimal("0.000001"))})
        points = [{"point": codes.get(p["point_id"], p["point_id"]),
                   "token": p["token"] or "no data",
                   "producer": accounts.get(ni.producers[k]) if k < len(ni.producers) else None,
                   "produced_kwh": quantity(float(ni.points[k].sum()))}
                  for k, p in enumerate(snap["production"])]
        return {"name": snap["name"], "allocation": snap["allocation"],
                "local_price": snap["local_price"], "type": ni.terms.type.value,
                "members": len(snap["members"]),
                "production_points": [f"{p['point']} ({p['token']})" for p in points],
                "allocated_kwh": quantity(float(self.credit.local.sum()))
                if self.credit else Decimal(0),
                "producer": True, "points": points, "member_detail": members,
                "members_local_kwh": quantity(float(self.members_local.sum())),
                "flat_price": ni.flat, "surplus_price": ni.surplus_price,
                "vat_rate": ni.vat_rate, "snapshot": ni.sha}

    def engine(self) -> dict:
        for sha in sorted(x for x in self.ni.record.get("ctx", {}).values() if x):
            return self.rec.snapshot(self.rec.snapshot(sha)["engine"])
        return {}

    # ------------------------------------------------------------------ lines
    def _series(self, ln):
        if ln.component == "feed_in":
            return "surplus", (self.credit.surplus if self.credit else np.zeros(self.rec.n))
        return "credited", (self.credit.local if self.credit else np.zeros(self.rec.n))

    def amount(self, ln, currency: str, sign: int) -> dict | None:
        """The amount check of an average-priced local-energy line (None: the line is
        quantity × unit price, checked as any line)."""
        if ln.component != "community_energy" or self.money is None or self.credit is None:
            return None
        exact = Decimal(self.credit.amount_micro2) / _MICRO2 * sign
        unit = minor_unit(currency)
        rounded = round_money(exact, unit)
        return {"formula": "Σ over the intervals of credited kWh × the price its members paid",
                "exact": exact.quantize(Decimal("0.000001")), "rounded": rounded,
                "matches": rounded == ln.net_amount,
                "note": "the members paid different prices: the amount is the exact sum over "
                        "the intervals and members, rounded once half up to "
                        f"{unit}; the unit price shown is the amount / quantity"}

    def basis(self, ln) -> tuple[dict, np.ndarray]:
        kind, values = self._series(ln)
        g0 = self.rec.t0
        n = self.rec.n
        nz = np.flatnonzero(values > 0)
        last = self.rec.period.end - timedelta(days=1)
        codes = [str(self.codes.get(p["point_id"], p["point_id"])) for p, _r in self.refs]
        if kind == "credited":
            selection = (f"every interval of {self.rec.period.start}..{last}: the local energy "
                         f"of the {int((self.ni.local.sum(axis=1) > 0).sum())} member(s) "
                         "shared among the production points by what each produced; this "
                         f"producer's point(s) {', '.join(codes) or 'none'}")
        else:
            selection = (f"every interval of {self.rec.period.start}..{last}: this producer's "
                         "production less its share of the members' local energy")
        total = quantity(float(values.sum()))
        basis = {"energy": kind, "energy_text": _TEXT[kind], "selection": selection,
                 "intervals": n, "unit": "kWh", "from": g0, "to": g0 + n * INTERVAL,
                 "nonzero": int(len(nz)), "sum": total, "matches": total == abs(ln.quantity),
                 "produced": quantity(float(self.produced.sum())),
                 "members_local": quantity(float(self.members_local.sum())),
                 "filled": 0}
        if kind == "credited" and self.money is not None:
            basis["price"] = "each member's own price per interval (average shown)"
        return basis, np.arange(n)

    def intervals(self, ln, idx) -> list[dict]:
        kind, values = self._series(ln)
        zi = zone(self.rec.tz_name)
        flat = self.ni.flat if kind == "credited" else self.ni.surplus_price
        out = []
        for i in idx.tolist():
            t = (self.rec.t0 + i * INTERVAL).astimezone(timezone.utc)
            v = float(values[i])
            row = {"start": t.isoformat(), "local": t.astimezone(zi).isoformat(),
                   "value": format(Decimal(f"{v:.4f}"), "f"), "unit": "kWh",
                   "quality": Quality(int(self.flags[i])).label,
                   "produced": format(Decimal(f"{float(self.produced[i]):.4f}"), "f"),
                   "members_local": format(Decimal(f"{float(self.members_local[i]):.4f}"),
                                           "f")}
            if kind == "credited" and self.money is not None:
                row["price"] = (format(Decimal(f"{float(self.money[i]) / 1e12 / v:.6f}"), "f")
                                if v > 0 else "")
            elif flat is not None:
                row["price"] = format(flat, "f")
            out.append(row)
        return out


def explain_note(s, ex, rec, b, code: str, lines, inputs_text, intervals_of):
    """Fill explanation ``ex`` of a producer's self-billing note (or of the credit note
    cancelling one): each line to the intervals of its community. Raises NotRecorded (ex
    unchanged) when the note's inputs were not recorded."""
    from billdesk.audit.line_trace import LineTrace
    from billdesk.audit.line_trace import amount_check as _amount
    from billdesk.audit.line_trace import line_dict as _line_dict

    nt = NoteTrace(s, rec, inputs_text, b.account_id)
    sign = -1 if b.kind == "self_billing" else 1      # a note credits: negative amounts
    traces = []
    for k, ln in enumerate(lines, start=1):
        tr = LineTrace(k, _line_dict(ln), nt.amount(ln, b.currency, sign)
                       or _amount(ln, b.currency))
        tr.basis, picked = nt.basis(ln)
        if intervals_of == k:
            tr.intervals = nt.intervals(ln, picked)
        traces.append(tr)
    recomputed = _recompute_note(rec, b, code, inputs_text, lines) \
        if b.kind == "self_billing" else None
    ex.engine, ex.data, ex.communities = nt.engine(), nt.data(s), [nt.community(s)]
    ex.lines, ex.recomputed, ex.recorded = traces, recomputed, True
    return ex


def _recompute_note(rec, b, code: str, inputs_text, lines) -> dict:
    from types import SimpleNamespace

    from billdesk.audit.check import CheckReport, _compare_bill
    from billdesk.audit.self_billing import self_billing_note

    draft = self_billing_note(rec, inputs_text, b.account_id, code)
    report = CheckReport("", b.run_id)

    class _Ref:
        number = b.number or f"bill {b.id}"
    _compare_bill(_Ref, b, lines, SimpleNamespace(
        bill=draft, error_code="NOT_PAID", message="nothing would be paid to this producer"),
        report)
    return {"identical": not report.differences,
            "differences": [d.as_dict() for d in report.differences],
            "fingerprint": draft.fingerprint if draft else None}


__all__ = ["NoteTrace", "explain_note"]
