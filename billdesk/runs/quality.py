"""Check Data Quality: a run's thresholds evaluated for every account of a target, no billing.

Streams the target in batches (one ``read_block`` per batch); each account gets its counts per
flag over its supplied part of the period and pass/fail with the reason that failed.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterator

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.period import INTERVAL, Period, local_midnight_utc, zone
from billdesk.domain.quality import QualityCounts, Thresholds
from billdesk.domain.target import Target
from billdesk.runs.info import QualityReport, QualityRow
from billdesk.runs.targets import parse_period, parse_target, resolve_target
from billdesk.store import settings
from billdesk.store.intervals import read_block
from billdesk.store.models import Account

BATCH = 2000


def iter_quality(factory: sessionmaker, period: Period, target: Target,
                 thresholds: Thresholds, *, progress=None,
                 cancelled: Callable[[], bool] | None = None,
                 batch_size: int = BATCH) -> Iterator[list[QualityRow]]:
    """Batches of QualityRow, in account order."""
    with factory() as s:
        ids = resolve_target(s, target, period)
        tzname = settings.timezone_name(s)
    tz = zone(tzname)
    p0, p1 = period.utc_bounds(tz)
    n = period.n_intervals(tz)

    def idx(day: date) -> int:
        return int(min(max((local_midnight_utc(day, tz) - p0) / INTERVAL, 0), n))

    for b in range(0, len(ids), batch_size):
        if cancelled and cancelled():
            return
        part = ids[b:b + batch_size]
        with factory() as s:
            rows = {r.id: r for r in s.execute(
                select(Account.id, Account.code, Account.supply_start, Account.supply_end,
                       Account.consumption_point_id).where(Account.id.in_(part)))}
            points = [rows[a].consumption_point_id for a in part
                      if rows[a].consumption_point_id]
            block = read_block(s, points, p0, p1, tz)
        out = []
        for a in part:
            r = rows[a]
            if r.consumption_point_id is None:
                out.append(QualityRow(r.code, QualityCounts(), False,
                                      "no consumption metering point"))
                continue
            i0 = idx(max(r.supply_start, period.start))
            i1 = idx(min(r.supply_end or period.end, period.end))
            f = block.flags[block.row(r.consumption_point_id), i0:i1]
            c = np.bincount(f, minlength=4)
            counts = QualityCounts(int(c[0]), int(c[1]), int(c[2]), int(c[3]))
            if counts.total and counts.missing == counts.total:
                reason = f"no meter data: all {counts.total} intervals missing"
            else:
                reason = thresholds.check(counts)
            out.append(QualityRow(r.code, counts, reason is None, reason))
        if progress:
            progress(min(b + batch_size, len(ids)), len(ids), "checking data quality")
        yield out


def quality_check(factory: sessionmaker, period: Period | str, target: Target | str,
                  thresholds: Thresholds | None = None, *, progress=None, cancelled=None,
                  today: date | None = None, batch_size: int = BATCH) -> QualityReport:
    p = parse_period(period, today)
    t = parse_target(target)
    th = thresholds or Thresholds()
    rows: list[QualityRow] = []
    for part in iter_quality(factory, p, t, th, progress=progress, cancelled=cancelled,
                             batch_size=batch_size):
        rows.extend(part)
    return QualityReport(p.start, p.end, str(t), th.as_dict(), tuple(rows))
