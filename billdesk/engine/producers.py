"""Producers of an energy community, paid by self-billing credit note.

``community_credits`` takes a community's members (their local kWh per interval and the
price each paid for it per interval: ``member_price_micro``) and its production points (kWh
per interval, producer) and splits, per interval, the members' local energy among the
points in proportion to what each produced (``allocation.producer_split``): the producers'
credited kWh equal the members' local kWh in every interval. A producer is credited what
the members paid for its share of their local energy (the local price, or the capped price
of a ZEV) and, where the community is paid for it, its surplus at ``surplus_price``.
Credits are negative amounts with negated quantities and the prices as they are (like a
correction's credit note); VAT at the local energy's rate for a producer registered for VAT,
else 0 (docs/billing-rules.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from billdesk.domain.bill import BillDraft, BillLine
from billdesk.domain.community import CommunityTerms, CommunityType
from billdesk.domain.period import Period
from billdesk.domain.tariff import TariffVersion
from billdesk.engine.allocation import producer_split
from billdesk.engine.community import local_component, price_micro, standard_micro
from billdesk.engine.money import (Q_AVG_PRICE, ZERO, minor_unit, quantity, round_money,
                                   vat_per_rate)
from billdesk.engine.prices import MICRO, to_micro
from billdesk.engine.segments import segments
from billdesk.engine.timegrid import TimeGrid

_MICRO2 = Decimal(MICRO) * Decimal(MICRO)


class _Span:
    """What ``price_micro`` needs of a block: a tariff segment's intervals."""

    def __init__(self, seg, grid: TimeGrid):
        self.seg, self.grid = seg, grid
        self.i0, self.i1 = int(grid.day_first[seg.d0]), int(grid.day_first[seg.d1])


def member_price_micro(terms: CommunityTerms, versions: list[TariffVersion],
                       supply_start: date, supply_end: date | None, period: Period,
                       grid: TimeGrid, prices: dict[str, np.ndarray]) -> np.ndarray:
    """int64 [n_int]: what the member pays per local kWh in each interval, micro-units (the
    local price, capped for zev/vzev as on its bill; 0 where it is not supplied). Raises
    NoTariff / CommunityPriceError as billing the member would."""
    out = np.zeros(grid.n, dtype=np.int64)
    for seg in segments(versions, supply_start, supply_end, period):
        span = _Span(seg, grid)
        lp = price_micro(local_component(terms, seg.version), span, prices)
        if terms.type in (CommunityType.ZEV, CommunityType.VZEV):
            pct = terms.price_cap if terms.price_cap is not None else Decimal(100)
            cap = np.rint(standard_micro(span, prices) * float(pct / 100)).astype(np.int64)
            lp = np.minimum(lp, cap)
        out[span.i0:span.i1] = lp
    return out


@dataclass
class ProducerCredit:
    """One producer's figures for the period (summed over its production points)."""

    account_id: int
    local: np.ndarray          # kWh [n_int] of members' local energy credited to it
    surplus: np.ndarray        # kWh [n_int] produced and not used locally
    amount_micro2: int         # Σ micro-kWh x micro-price of its local energy (its share)
    flat_price: Decimal | None  # the one price all its local energy was sold at, if so
    members: int               # members whose local energy it shares

    def digest(self) -> str:
        h = hashlib.sha256()
        for a in (self.local, self.surplus):
            h.update(np.ascontiguousarray(np.round(a, 6), dtype="<f8").tobytes())
        h.update(str(self.amount_micro2).encode())
        return h.hexdigest()


def community_credits(local: np.ndarray, member_price: np.ndarray, points: np.ndarray,
                      producers: list[int | None], flat_price: Decimal | None
                      ) -> dict[int, ProducerCredit]:
    """Per producer account: its credited local energy, surplus and amount.

    ``local`` [n_mem, n_int] members' local kWh; ``member_price`` [n_mem, n_int] int64
    micro-price each paid; ``points`` [n_pts, n_int] production; ``producers`` the producer
    account of each point (None: nobody is paid). ``flat_price``: the single price every
    member paid, when there is one (the credit is then qty x price, as a flat line)."""
    lo = np.asarray(local, dtype=np.float64)
    total = lo.sum(axis=0)
    part, surplus = producer_split(total, points)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, part / np.where(total > 0, total, 1.0), 0.0)
    n_members = int(np.count_nonzero(lo.sum(axis=1) > 0))
    # what the members paid per interval, exact in micro-kWh x micro-price (one pass over the
    # members; with one flat price the credit is kWh x price and this is not needed)
    money = None if flat_price is not None else _interval_money(lo, member_price)
    out: dict[int, ProducerCredit] = {}
    for k, acc in enumerate(producers):
        if acc is None:
            continue
        # the producer's part of each interval's money: float products of integers far
        # below 2**53, summed; exact to far below 1e-6 of the minor unit
        amount = 0 if money is None else int(round(float(np.dot(share[k], money))))
        got = out.get(acc)
        if got is None:
            out[acc] = ProducerCredit(acc, part[k].copy(), surplus[k].copy(), amount,
                                      flat_price, n_members)
        else:
            got.local += part[k]
            got.surplus += surplus[k]
            got.amount_micro2 += amount
    return out


def _interval_money(local: np.ndarray, price: np.ndarray) -> np.ndarray:
    """float64 [n_int]: Σ over members of micro-kWh × micro-price per interval, summed in
    int64 (exact; a column of 1,000 members at 0.5 kWh and 0.30 stays below 2**53)."""
    if not local.size:
        return np.zeros(local.shape[1] if local.ndim == 2 else 0)
    w = to_micro(local)
    bound = float(np.abs(w).max(initial=0)) * float(np.abs(price).max(initial=0)) * \
        w.shape[0]
    if bound < 2 ** 62:
        return (w * price).sum(axis=0).astype(np.float64)
    return np.array([float(x) for x in (w.astype(object) * price.astype(object)).sum(axis=0)])


def credit_note(account: str, period: Period, currency: str, credit: ProducerCredit,
                vat_rate: Decimal, vat_registered: bool, surplus_price: Decimal | None,
                community: str, fingerprint: str) -> BillDraft:
    """The producer's self-billing credit note (negative amounts: paid to the producer)."""
    unit = minor_unit(currency)
    rate = vat_rate if vat_registered else ZERO
    lines = []
    qty = quantity(float(credit.local.sum()))
    if qty != ZERO:
        # like a correction's credit note: the quantity negated, the price as it is, so the
        # amount is negative and a reader sees kWh x price credited
        if credit.flat_price is not None:
            price = credit.flat_price
            net = -round_money(qty * price, unit)
            detail = f"community {community}: local energy sold to {credit.members} member(s)"
        else:
            net = -round_money(Decimal(credit.amount_micro2) / _MICRO2, unit)
            price = (-net / qty).quantize(Q_AVG_PRICE)
            detail = (f"community {community}: local energy sold to {credit.members} "
                      "member(s) at the prices they paid (average shown)")
        lines.append(BillLine("community_energy", "Local energy sold", -qty, "kWh", price, net,
                              rate, None, None, detail))
    sq = quantity(float(credit.surplus.sum()))
    if surplus_price is not None and sq != ZERO:
        lines.append(BillLine("feed_in", "Surplus fed into the grid", -sq, "kWh", surplus_price,
                              -round_money(sq * surplus_price, unit), rate, None, None,
                              f"community {community}: production not used locally"))
    lines = tuple(lines)
    vat = vat_per_rate(lines, unit)
    net_total = sum((v.net for v in vat), ZERO)
    vat_total = sum((v.vat for v in vat), ZERO)
    return BillDraft(account, period.start, period.end, currency, lines, net_total, vat,
                     vat_total, net_total + vat_total, fingerprint=fingerprint,
                     local_kwh=qty, export_kwh=sq)
