"""Writes the demo portfolio (billdesk.demo) into a database, streaming month by month."""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np

from sqlalchemy import func, insert, select
from sqlalchemy.orm import sessionmaker

from billdesk.demo import build_portfolio, generate_month
from billdesk.domain.community import Allocation
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period, zone
from billdesk.domain.tariff import parse_tariff
from billdesk.store import audit, settings
from billdesk.store.db import transaction
from billdesk.store.importers.tariffs import save_tariff_version
from billdesk.store.intervals import ChunkWriter, insert_month_rows, month_slot, to_units
from billdesk.store.models import (Account, AccountGroup, CommunityMember,
                                   CommunityProductionPoint, CommunityRow, ImportRecord,
                                   MeteringPoint, PricePoint, PriceSeriesRow)


DEMO_MARKER = "demo_unfinished"


def _clear_unfinished_demo(factory: sessionmaker) -> None:
    """Remove what a killed demo wrote (it started on an empty database, so that is all the
    data: every table but the settings), in one transaction."""
    from billdesk.store.models import Base

    with transaction(factory) as s:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "settings":
                s.execute(table.delete())
        settings.delete(s, DEMO_MARKER)
        audit.record(s, "demo.cleared", "import", None,
                     {"reason": "an earlier demo stopped before it finished"})


def _end(text):
    if text is None:
        return None
    try:
        return Period.parse(text).start
    except ValueError as exc:
        raise InputError(str(exc), field="--end") from None


def write_demo(factory: sessionmaker, accounts: int = 2000, communities: int = 3,
               months: int = 13, seed: int = 0, end: str | None = None, progress=None,
               cancelled=None) -> dict:
    for name, value, lo, hi in (("--accounts", accounts, 10, 1_000_000),
                                ("--months", months, 1, 120),
                                ("--communities", communities, 0, 1000),
                                ("--seed", seed, 0, 2**32 - 1)):
        if value < lo:
            raise InputError(f"must be at least {lo}", field=name)
        if value > hi:
            raise InputError(f"must be at most {hi:,}", field=name)
    t0 = time.monotonic()
    p = build_portfolio(accounts=accounts, communities=communities, months=months, seed=seed,
                        end=_end(end))
    with factory() as s:
        held = s.scalar(select(func.count()).select_from(Account))
        marker = settings.get(s, DEMO_MARKER)
        tzname = settings.timezone_name(s)
    if held:
        if not marker:
            raise InputError("the database already holds accounts; the demo needs an empty "
                             "database (use --db with a new file)", field="--db")
        from billdesk.children import process_alive

        if process_alive(marker.get("owner")):
            raise InputError(f"a demo is being written into this database by process "
                             f"{marker.get('owner')}; wait for it to finish", field="--db")
        _clear_unfinished_demo(factory)
    if tzname != p.timezone:
        raise InputError(f"the demo is for {p.timezone}; this database uses {tzname}")
    tz = zone(p.timezone)
    total_steps = len(p.months) * 2 + 1
    step = 0

    def report(msg):
        if progress:
            progress(step, total_steps, msg)

    report("accounts and tariffs")
    from billdesk.children import this_process

    with transaction(factory) as s:
        # until the last step commits, this marks the demo unfinished: a demo killed half-way
        # is cleared and written again by the next 'demo'
        settings.put(s, DEMO_MARKER, {"owner": this_process(), "seed": seed})
        if settings.get(s, "company") is None:
            from billdesk.demo.company import DEMO_COMPANY

            settings.put(s, "company", DEMO_COMPANY)
        rec = ImportRecord(kind="demo", file_name=f"demo seed={seed}", sha256="", rows=0,
                           actor=audit.actor())
        s.add(rec)
        for d in p.tariffs:
            save_tariff_version(s, parse_tariff(d))
        s.execute(insert(MeteringPoint), [{"code": c, "kind": k} for c, k in p.metering_points])
        point_id = dict(s.execute(select(MeteringPoint.code, MeteringPoint.id)).all())
        rows = [{"code": a.account, "name": a.address.name, "street": a.address.street,
                 "postcode": a.address.postcode, "city": a.address.city,
                 "country": a.address.country, "language": a.language, "email": a.email,
                 "tariff_code": a.tariff, "supply_start": a.supply_start,
                 "supply_end": a.supply_end,
                 "consumption_point_id": point_id[a.consumption_point],
                 "production_point_id": point_id.get(a.production_point),
                 "vat_registered": a.vat_registered}
                for a in p.accounts]
        for i in range(0, len(rows), 5000):
            s.execute(insert(Account), rows[i:i + 5000])
        account_id = dict(s.execute(select(Account.code, Account.id)).all())
        groups = [{"account_id": account_id[a.account], "name": g}
                  for a in p.accounts for g in a.groups]
        for i in range(0, len(groups), 10000):
            s.execute(insert(AccountGroup), groups[i:i + 10000])
        for ps in p.price_series:
            series = PriceSeriesRow(code=ps.code)
            s.add(series)
            s.flush()
            step_td = timedelta(minutes=ps.step_minutes)
            s.execute(insert(PricePoint), [
                {"series_id": series.id, "start_utc": ps.start_utc + i * step_td, "price": pr}
                for i, pr in enumerate(ps.prices)])
        for c in p.communities:
            producer = dict(c.producers)
            s.add(CommunityRow(
                name=c.name, allocation=c.allocation.value, local_price=c.local_price,
                type=c.type.value, grid_discount=c.grid_discount, price_cap=c.price_cap,
                local_prices=c.local_prices, surplus_price=c.surplus_price,
                production_points=[CommunityProductionPoint(
                    metering_point_id=point_id[pp],
                    producer_account_id=account_id.get(producer.get(pp)))
                    for pp in c.production_points],
                members=[CommunityMember(account_id=account_id[m.account], share=m.share,
                                         valid_from=m.start, valid_to=m.end)
                         for m in c.members]))
        s.flush()
        import_id = rec.id
    step += 1
    chunks = versions = 0
    for month in p.months:
        if cancelled and cancelled():
            raise InputError("cancelled; the months written so far are kept")
        report(f"interval data {month}")
        data = generate_month(p, month)
        if data is not None:
            slot = month_slot(month.start, tz)
            ids = [point_id[c] for c in data.points]
            with transaction(factory) as s:
                chunks += insert_month_rows(s, slot, ids, data.values, data.flags,
                                            import_id=import_id)
            del data
        step += 1
        report(f"late corrections {month}")
        late = generate_month(p, month, version=2)
        if late is not None:
            with transaction(factory) as s:
                w = ChunkWriter(s, tz, import_id=import_id)
                units = to_units(late.values)
                for j, code in enumerate(late.points):
                    w.add(point_id[code], late.start_utc, units[j], late.flags[j])
                versions += w.flush()["versions"]
        step += 1
        if any(c.allocation is Allocation.DELIVERED for c in p.communities):
            with transaction(factory) as s:
                chunks += write_operator_series(s, month, tz, import_id)
    with transaction(factory) as s:
        s.get(ImportRecord, import_id).rows = chunks
        s.get(ImportRecord, import_id).changed = chunks + versions
        settings.delete(s, DEMO_MARKER)
        audit.record(s, "demo.created", "import", import_id,
                     {"accounts": len(p.accounts), "seed": seed, "months": len(p.months)})
    report("done")
    return {"accounts": len(p.accounts), "communities": len(p.communities),
            "metering_points": len(p.metering_points), "tariffs": len(p.tariffs),
            "price_series": len(p.price_series), "months": len(p.months),
            "period_start": p.months[0].start, "period_end": p.months[-1].end,
            "interval_chunks": chunks, "corrected_chunks": versions, "seed": seed,
            "groups": sorted({g for a in p.accounts for g in a.groups}),
            "seconds": round(time.monotonic() - t0, 1)}


def write_operator_series(session, month: Period, tz, import_id: int | None) -> int:
    """What a grid operator sends a community with allocation 'delivered': each member's
    local energy per 15 minutes (here the dynamic split of the month's current data, as the
    operator would compute it), stored in the members' 'local' channel."""
    from billdesk.engine import allocate
    from billdesk.store.communities import community_inputs
    from billdesk.store.points import PointKey, ensure_points

    written = 0
    for cid, in session.execute(select(CommunityRow.id).where(
            CommunityRow.allocation == Allocation.DELIVERED.value)):
        d = community_inputs(session, cid, month, tz)
        if not d.members:
            continue
        local, _surplus = allocate(Allocation.DYNAMIC, d.consumption, d.production, d.active)
        codes = dict(session.execute(
            select(Account.id, MeteringPoint.code)
            .join(MeteringPoint, MeteringPoint.id == Account.consumption_point_id)
            .where(Account.id.in_([m.account_id for m in d.members]))).all())
        per_account: dict[int, np.ndarray] = {}
        for k, m in enumerate(d.members):
            per_account[m.account_id] = per_account.get(m.account_id, 0) + local[k]
        keys = {a: PointKey(codes[a], "consumption", "local") for a in per_account}
        ids = ensure_points(session, keys.values())
        w = ChunkWriter(session, tz, import_id=import_id)
        for a, kwh in per_account.items():
            # rounded down to the stored resolution: never more than the member consumed
            units = np.floor(np.round(kwh * 10000, 6)).astype(np.int32)
            w.add(ids[keys[a]], d.start_utc, units, np.zeros(len(units), dtype=np.uint8))
        st = w.flush()
        written += st.get("new", 0) + st.get("versions", 0)
    return written
