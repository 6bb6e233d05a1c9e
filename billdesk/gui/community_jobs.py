"""The Communities page's background jobs (billdesk.gui.jobs conventions: plain functions
``fn(url, ..., progress, cancelled) -> value``, no Qt, a Session of their own, plain values):
the communities, one community's month allocated as a bill run allocates it (delivered
series checked, producers' credits) and the community statement written as PDF or CSV."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from billdesk.domain.period import Period
from billdesk.gui.engines import factory_for


def read_communities(url, progress=None, cancelled=None):
    from billdesk.store.portfolio import communities

    with factory_for(url)() as s:
        return communities(s)


def load_communities(url, progress=None, cancelled=None):
    """``read_communities`` in a reader process (billdesk.gui.reader): the small reads of a
    page, too, held the app's interpreter lock 30-70 ms on a thread while the GUI thread
    switched pages (bench/bench_gui_large.py --threads)."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.community_jobs:read_communities", url,
                       progress=progress, cancelled=cancelled)


@dataclass
class CommunityResult:
    name: str
    allocation: str
    period: Period
    t: np.ndarray            # epoch seconds of each hour
    production: np.ndarray   # kWh per hour
    consumption: np.ndarray  # kWh per hour (all members)
    local: np.ndarray        # kWh per hour allocated
    members: list[tuple]     # MembersModel rows
    producers: tuple = ()    # (account, credited kWh, surplus kWh) per producer
    error: str | None = None  # the allocation failed (e.g. delivered series do not hold)


def load_community(url, name: str, period: Period, progress=None, cancelled=None):
    """``read_community`` in a reader process (its allocation is seconds of numpy and Python
    for a large community)."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.community_jobs:read_community", url, name, period,
                       progress=progress, cancelled=cancelled)


def read_community(url, name: str, period: Period, progress=None, cancelled=None):
    """A community's period read and allocated with billdesk.engine.allocate."""
    from billdesk.engine.allocation import AllocationError
    from billdesk.runs.inputs import RunInputs
    from billdesk.store.models import Account, CommunityRow
    from billdesk.store.portfolio import community_data
    from sqlalchemy import select

    with factory_for(url)() as s:
        d = community_data(s, name, period)
        # the allocation a bill run uses (delivered series checked, producers' credits)
        res = RunInputs(s, period).community(
            s, s.scalar(select(CommunityRow.id).where(CommunityRow.name == name)))
        codes = dict(s.execute(select(Account.id, Account.code)
                               .where(Account.id.in_(list(res.credits)))).all())
    producers = tuple((codes[a], float(c.local.sum()), float(c.surplus.sum()))
                      for a, c in sorted(res.credits.items(), key=lambda kv: codes[kv[0]]))
    if res.error:
        local = np.zeros_like(d.consumption)
    else:
        try:
            local = _member_rows(d, res)
        except AllocationError as exc:     # pragma: no cover - res.error catches it first
            res.error = str(exc)
            local = np.zeros_like(d.consumption)
    n = d.production.shape[0]
    h = n // 4
    t = d.start_utc.timestamp() + 3600.0 * np.arange(h)

    def hourly(a):
        return a[..., :h * 4].reshape(*a.shape[:-1], h, 4).sum(axis=-1)

    cons = np.where(d.active, d.consumption, 0.0)
    total_prod = float(d.production.sum())
    members = []
    for i, m in enumerate(d.members):
        lk = float(local[i].sum())
        members.append((m.code, m.name, m.valid_from, m.valid_to,
                        None if m.share is None else float(m.share), float(cons[i].sum()), lk,
                        lk / total_prod if total_prod else 0.0))
    return CommunityResult(name, d.allocation.value, period, t, hourly(d.production),
                           hourly(cons.sum(axis=0)), hourly(local.sum(axis=0)), members,
                           producers, res.error)


def _member_rows(d, res) -> np.ndarray:
    """The run's local energy per membership row (an account's local energy goes to its
    first row in force; the run bills it per account)."""
    from billdesk.engine.allocation import allocate, check_delivered
    from billdesk.domain.community import Allocation

    if d.allocation is Allocation.DELIVERED:
        return check_delivered(d.delivered, d.consumption, d.production, d.active,
                               [m.code for m in d.members], d.start_utc, d.delivered_missing)
    return allocate(d.allocation, d.consumption, d.production, d.active, d.shares)[0]


def write_community_statement(url, name: str, period: Period, path: str, progress=None,
                              cancelled=None) -> str:
    """``billdesk community report`` from the window: the statement as PDF or CSV."""
    from billdesk.pdf.community_report import write_pdf
    from billdesk.runs.community_report import community_report, write_csv

    report = community_report(factory_for(url), name, period)
    (write_csv if path.lower().endswith(".csv") else write_pdf)(report, path)
    return path
