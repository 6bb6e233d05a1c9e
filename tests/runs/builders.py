"""Programmatic portfolios for the run tests and the benchmark: N accounts with a month of data.

``build(factory, n)`` writes tariffs, metering points, accounts and one interval chunk per
point and month (ChunkWriter(assume_new=True)); fast enough for 10,000+ accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import func, insert, select

from billdesk.domain.period import Period, add_months
from billdesk.domain.run import AttemptStatus
from billdesk.domain.tariff import TariffVersion
from billdesk.store import settings
from billdesk.store.db import transaction
from billdesk.store.importers.tariffs import save_tariff_version
from billdesk.store.intervals import ChunkWriter, month_slot, to_units
from billdesk.store.models import (Account, AccountGroup, Bill, BillingAttempt, CommunityMember,
                                   CommunityProductionPoint, CommunityRow, MeteringPoint,
                                   PricePoint, PriceSeriesRow)

FLAT = {"code": "FLAT", "name": "Flat", "currency": "CHF", "timezone": "Europe/Zurich",
        "valid_from": "2024-01-01",
        "components": [
            {"type": "base_fee", "label": "Base fee", "price": "9.50", "vat_rate": "8.1"},
            {"type": "energy", "label": "Energy", "price": "0.2450", "vat_rate": "8.1"},
            {"type": "grid", "label": "Grid", "price": "0.0980", "vat_rate": "8.1"},
            {"type": "feed_in", "label": "Feed-in", "price": "0.08", "vat_rate": "0"}]}
DYN = {"code": "DYN", "name": "Dynamic", "currency": "CHF", "timezone": "Europe/Zurich",
       "valid_from": "2024-01-01",
       "components": [
           {"type": "base_fee", "label": "Base fee", "price": "9.50", "vat_rate": "8.1"},
           {"type": "energy", "pricing": "dynamic", "series": "SPOT", "multiplier": "1.1",
            "offset": "0.02", "label": "Energy", "vat_rate": "8.1"},
           {"type": "grid", "label": "Grid", "price": "0.0980", "vat_rate": "8.1"}]}
COMM = {"code": "COMM", "name": "Community member", "currency": "CHF",
        "timezone": "Europe/Zurich", "valid_from": "2024-01-01",
        "components": FLAT["components"] + [
            {"type": "community_energy", "label": "Local energy", "price": "0.18",
             "vat_rate": "8.1"}]}
MONTH = "2025-03"


@dataclass
class Portfolio:
    period: Period
    accounts: list[str]
    account_ids: dict[str, int]
    points: dict[str, int]            # account code -> consumption point id
    productions: dict[str, int] = field(default_factory=dict)
    community_pv: int | None = None


def add_tariff(session, d: dict) -> None:
    save_tariff_version(session, TariffVersion.from_dict(d))


def build(factory, n: int, *, period: str = MONTH, months: int = 1, seed: int = 1,
          prosumer_every: int = 0, dynamic_every: int = 0, community: int = 0,
          no_data: tuple[int, ...] = (), gaps: dict[int, int] | None = None,
          group_every: int = 0, prefix: str = "A") -> Portfolio:
    """``n`` accounts ``A00001``… with consumption data for ``months`` months from ``period``.

    prosumer_every=k: every k-th account has a production point with data; dynamic_every=k:
    every k-th account has the dynamic tariff (and a SPOT price series is written);
    community=m: the first m accounts form community ``SUN`` (dynamic allocation) with a PV
    point; no_data: account indexes without any chunk; gaps: index -> missing intervals at
    the start; group_every=k: every k-th account carries group ``g1``.
    """
    p = Period.parse(period)
    rng = np.random.default_rng(seed)
    gaps = gaps or {}
    with transaction(factory) as s:
        tzname = settings.timezone_name(s)
        if settings.get(s, "company") is None:   # who issues the documents (finalize needs it)
            from billdesk.demo.company import DEMO_COMPANY

            settings.put(s, "company", DEMO_COMPANY)
        from billdesk.domain.period import zone
        tz = zone(tzname)
        from billdesk.store.models import Tariff
        have = set(s.scalars(select(Tariff.code)))
        for d in (FLAT, DYN, COMM):
            if d["code"] not in have:
                add_tariff(s, d)
        codes = [f"{prefix}{i + 1:05d}" for i in range(n)]
        mp_rows = [{"code": f"MP-{c}", "kind": "consumption"} for c in codes]
        pv_codes = [c for i, c in enumerate(codes) if prosumer_every and i % prosumer_every == 0]
        mp_rows += [{"code": f"PV-{c}", "kind": "production"} for c in pv_codes]
        if community:
            mp_rows.append({"code": f"PV-COMMUNITY-{prefix}", "kind": "production"})
        s.execute(insert(MeteringPoint), mp_rows)
        mps = dict(s.execute(select(MeteringPoint.code, MeteringPoint.id)).all())
        acc_rows = []
        for i, c in enumerate(codes):
            tariff = ("DYN" if dynamic_every and i % dynamic_every == 0 else
                      "COMM" if i < community else "FLAT")
            acc_rows.append({"code": c, "name": f"Customer {c}", "street": "Weg 1",
                             "postcode": "8000", "city": "Zürich", "country": "CH",
                             "language": "de", "email": None, "tariff_code": tariff,
                             "supply_start": date(2024, 1, 1), "supply_end": None,
                             "consumption_point_id": mps[f"MP-{c}"],
                             "production_point_id": mps.get(f"PV-{c}")})
        for i in range(0, len(acc_rows), 5000):
            s.execute(insert(Account), acc_rows[i:i + 5000])
        ids = dict(s.execute(select(Account.code, Account.id).where(Account.code.in_(codes))).all())
        if group_every:
            s.execute(insert(AccountGroup), [{"account_id": ids[c], "name": "g1"}
                                             for i, c in enumerate(codes) if i % group_every == 0])
        w = ChunkWriter(s, tz, assume_new=True)
        month = p.start.replace(day=1)
        for _ in range(months):
            slot = month_slot(month, tz)
            hours = (np.arange(slot.n) // 4) % 24
            shape = 0.6 + 0.8 * np.exp(-((hours - 19) ** 2) / 8.0)
            sun = np.clip(np.sin((hours - 6) / 12 * np.pi), 0, None)
            flags = np.zeros(slot.n, dtype=np.uint8)
            for b0 in range(0, n, 5000):   # bounded memory: 5,000 accounts at a time
                cons = rng.gamma(4.0, 0.025, size=(min(n, b0 + 5000) - b0, slot.n)) * shape
                for i in range(b0, min(n, b0 + 5000)):
                    c = codes[i]
                    if i in no_data:
                        continue
                    f = flags
                    if i in gaps:
                        f = flags.copy()
                        f[:gaps[i]] = 3
                    w.add(mps[f"MP-{c}"], slot.start_utc, to_units(cons[i - b0]), f)
                w.flush()
            for c in pv_codes:
                w.add(mps[f"PV-{c}"], slot.start_utc, to_units(sun * 0.3), flags)
            if community:
                w.add(mps[f"PV-COMMUNITY-{prefix}"], slot.start_utc,
                      to_units(sun * 0.05 * community), flags)
            w.flush()
            month = add_months(month, 1)
        if dynamic_every:
            sid = s.scalar(select(PriceSeriesRow.id).where(PriceSeriesRow.code == "SPOT"))
            if sid is None:
                s.add(PriceSeriesRow(code="SPOT"))
                s.flush()
                sid = s.scalar(select(PriceSeriesRow.id).where(PriceSeriesRow.code == "SPOT"))
                a, _ = Period(p.start, add_months(p.start.replace(day=1), months)).utc_bounds(tz)
                b = Period(p.start, add_months(p.start.replace(day=1), months)).utc_bounds(tz)[1]
                hrs = int((b - a) / timedelta(hours=1))
                s.execute(insert(PricePoint), [
                    {"series_id": sid, "start_utc": a + timedelta(hours=h),
                     "price": Decimal(f"{0.05 + 0.1 * ((h % 24) / 24):.4f}")}
                    for h in range(hrs)])
        pf = Portfolio(p, codes, ids, {c: mps[f"MP-{c}"] for c in codes},
                       {c: mps[f"PV-{c}"] for c in pv_codes})
        if community:
            com = CommunityRow(name=f"SUN{prefix if prefix != 'A' else ''}", allocation="dynamic",
                               local_price=Decimal("0.18"))
            s.add(com)
            s.flush()
            pf.community_pv = mps[f"PV-COMMUNITY-{prefix}"]
            s.add(CommunityProductionPoint(community_id=com.id,
                                           metering_point_id=pf.community_pv))
            for c in codes[:community]:
                s.add(CommunityMember(community_id=com.id, account_id=ids[c], share=None,
                                      valid_from=date(2024, 1, 1), valid_to=None))
    return pf


def correct_readings(factory, point_id: int, period: str = MONTH, factor: float = 1.1) -> None:
    """A corrected delivery for one point: a new chunk version with values × ``factor``."""
    from billdesk.store.intervals import read_block
    from billdesk.domain.period import zone
    p = Period.parse(period)
    with transaction(factory) as s:
        tz = zone(settings.timezone_name(s))
        a, b = p.utc_bounds(tz)
        blk = read_block(s, [point_id], a, b, tz)
        w = ChunkWriter(s, tz)
        w.add(point_id, a, to_units(blk.kwh[0] * factor), blk.flags[0])
        w.flush()


def check_atomic(factory, run_id):
    """Every written attempt has its bill; no bill without a written attempt; one per account."""
    with factory() as s:
        succeeded = set(s.scalars(select(BillingAttempt.account_id)
                                  .where(BillingAttempt.run_id == run_id,
                                         BillingAttempt.status == AttemptStatus.SUCCEEDED)))
        billed = list(s.scalars(select(Bill.account_id).where(Bill.run_id == run_id)))
        pending_with_bill = s.scalar(
            select(func.count()).select_from(Bill)
            .join(BillingAttempt, BillingAttempt.id == Bill.attempt_id)
            .where(BillingAttempt.status == AttemptStatus.PENDING))
    assert len(billed) == len(set(billed)), "an account has two bills"
    assert set(billed) == succeeded
    assert pending_with_bill == 0
