"""A producer's self-billing credit note computed again from what its run recorded (issue 17
under issue 10's audit): the community snapshot (allocation inputs, terms, producers of
the production points, surplus price, each member's tariff and supply) and the tariff
context of each member's tariff, named by the note's inputs record
(billdesk.runs.producers). The members' local energy is allocated again from the recorded
data versions, priced as each member paid for it (billdesk.engine.producers), shared among
the producers and turned into the note with the run's code."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import numpy as np

from billdesk.audit.recorded import NotRecorded, Recorded, terms_of
from billdesk.domain.bill import BillDraft
from billdesk.domain.quality import QualityCounts
from billdesk.engine.community import local_component
from billdesk.engine.money import ZERO
from billdesk.engine.producers import community_credits, credit_note, member_price_micro
from billdesk.engine.timegrid import time_grid
from billdesk.runs.freeze import inputs_record
from billdesk.runs.producers import fingerprint_of, tag_of


@dataclass
class NoteInputs:
    """What a self-billing note is computed from, read back from its inputs record: the
    community snapshot, the members' local kWh and the price each paid per interval, the
    production per point and who produces it."""

    record: dict
    sha: str                       # the community snapshot
    snap: dict
    terms: object
    local: np.ndarray              # [n_members, n] kWh
    points: np.ndarray             # [n_points, n] kWh
    price: np.ndarray              # [n_members, n] micro-price each member paid
    producers: list                # producer account id of each production point (or None)
    currency: str
    vat_rate: Decimal
    flat: Decimal | None           # the one local price every member paid, when there is one

    @property
    def surplus_price(self) -> Decimal | None:
        p = self.snap["producers"].get("surplus_price")
        return None if p is None else Decimal(p)


def note_inputs(rec: Recorded, inputs_text: str | None) -> NoteInputs:
    """The recorded inputs of a self-billing note; NotRecorded when they were not recorded."""
    r = inputs_record(inputs_text)
    if not r or not r.get("sb"):
        raise NotRecorded("the self-billing note's inputs were not recorded when it was billed")
    sha = r["sb"]
    snap, _by_account = rec.community(sha)
    pricing = snap.get("producers")
    terms = terms_of(snap)
    if pricing is None or terms is None:
        raise NotRecorded("the community snapshot does not record its producers")
    local, points = rec.community_rows[sha]
    grid = time_grid(rec.period, rec.tz_name)
    price = np.zeros(local.shape, dtype=np.int64)
    currency, rates = "CHF", {}
    for k, m in enumerate(snap["members"]):
        if not local[k].any():
            continue
        info = pricing["members"][str(m["account_id"])]
        ctx_sha = r.get("ctx", {}).get(info["tariff"])
        if not ctx_sha:
            raise NotRecorded(f"the tariff context of member {m['account']} was not recorded")
        ctx = rec.snapshot(ctx_sha)
        versions = sorted((rec.tariff(x) for x in ctx["versions"]), key=lambda v: v.valid_from)
        prices = {}
        for series, psha in sorted(ctx.get("prices", {}).items()):
            if psha:
                arr, _rows = rec.price(psha)
                if arr is not None:
                    prices[series] = arr
        s0, s1 = info["supply"]
        price[k] = member_price_micro(terms, versions, date.fromisoformat(s0),
                                      date.fromisoformat(s1) if s1 else None, rec.period,
                                      grid, prices)
        currency = versions[0].currency
        rate = local_component(terms, versions[0]).vat_rate
        rates[rate] = rates.get(rate, 0) + 1
    vat_rate = max(rates, key=rates.get) if rates else Decimal(0)
    flat = terms.local_price.flat
    uniform = terms.type.value in ("generic", "leg") and flat is not None
    return NoteInputs(r, sha, snap, terms, local, points, price, pricing["points"], currency,
                      vat_rate, flat if uniform else None)


def self_billing_note(rec: Recorded, inputs_text: str | None, account_id: int,
                      account_code: str) -> BillDraft | None:
    """The note as billing would write it now from the recorded inputs (None: nothing would
    be paid to this account). NotRecorded when its inputs were not recorded."""
    ni = note_inputs(rec, inputs_text)
    credits = community_credits(ni.local, ni.price, ni.points, ni.producers, ni.flat)
    credit = credits.get(account_id)
    if credit is None:
        return None
    surplus = ni.surplus_price
    com = SimpleNamespace(name=ni.snap["name"], terms=ni.terms, surplus_price=surplus,
                          vat_rate=ni.vat_rate, currency=ni.currency)
    registered = bool(ni.record.get("vr"))
    draft = credit_note(account_code, rec.period, ni.currency, credit, ni.vat_rate, registered,
                        surplus, ni.snap["name"], fingerprint_of(com, credit, registered))
    # as the run stores it (billdesk.runs.producers): tagged with its community
    return replace(draft, tariff_code=tag_of(ni.snap["name"]), consumption_kwh=ZERO,
                   rounding=ZERO, quality=QualityCounts())


__all__ = ["NoteInputs", "note_inputs", "self_billing_note"]
