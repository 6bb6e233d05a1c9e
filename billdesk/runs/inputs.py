"""Everything the engine needs for one batch of accounts, read from the store.

``RunInputs`` holds what is shared by all batches of a run (tariffs, the community
allocations, the dynamic price series) and is built once per execution; ``load_batch``
reads one batch's accounts and interval data (consumption + production points in one
``read_block`` call) into an engine ``BatchInput``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.period import INTERVAL, Period, zone
from billdesk.domain.run import ErrorCode
from billdesk.domain.tariff import TariffVersion, parse_tariff
from billdesk.domain.community import Allocation, CommunityTerms
from billdesk.engine import AccountSpec, AllocationError, BatchInput, allocate, expand_series
from billdesk.engine.allocation import check_delivered
from billdesk.engine.community import CommunityPriceError, local_component
from billdesk.engine.producers import ProducerCredit, community_credits, member_price_micro
from billdesk.engine.segments import NoTariff
from billdesk.engine.timegrid import time_grid
from billdesk.runs.snapshot import community_snapshot
from billdesk.store import settings
from billdesk.store.communities import community_inputs, member_in
from billdesk.store.idsets import any_of
from billdesk.store.intervals import read_block
from billdesk.store.models import (Account, CommunityMember, CommunityProductionPoint,
                                   MeteringPoint, PricePoint, PriceSeriesRow, Tariff,
                                   TariffVersionRow)

log = logging.getLogger(__name__)


@dataclass
class AccountRow:
    id: int
    code: str
    tariff_code: str | None
    supply_start: date
    supply_end: date | None
    consumption_point_id: int | None
    production_point_id: int | None
    vat_registered: bool = False


@dataclass
class CommunityResult:
    name: str
    local_price: Decimal
    local: dict[int, np.ndarray] = field(default_factory=dict)  # account id -> kWh [n_int]
    error: str | None = None
    snapshot: dict | None = None   # what the allocation read (billdesk.runs.snapshot)
    terms: CommunityTerms | None = None
    # producers: account id -> ProducerCredit; what keeps them from being paid, if anything
    credits: dict[int, ProducerCredit] = field(default_factory=dict)
    producer_error: str | None = None
    currency: str = "CHF"
    vat_rate: Decimal = Decimal(0)        # the local energy's VAT rate (members' tariffs)
    surplus_price: Decimal | None = None
    points: frozenset = frozenset()       # production point ids: never the owner's feed-in
    production: np.ndarray | None = None  # kWh [n_int]
    surplus: np.ndarray | None = None     # kWh [n_int]


@dataclass
class Prepared:
    """One batch ready for the engine: ``batch.accounts[k]`` is ``rows[k]``."""

    batch: BatchInput
    rows: list[AccountRow]
    failures: dict[int, tuple[str, str]]   # account id -> (error code, message), not billed


class RunInputs:
    """Per-run caches: tariffs, community allocations, price series."""

    def __init__(self, session: Session, period: Period, round_payable: bool = False):
        self.period = period
        self.tz_name = settings.timezone_name(session)
        self.tz = zone(self.tz_name)
        self.start_utc, self.end_utc = period.utc_bounds(self.tz)
        self.n = period.n_intervals(self.tz)
        self.round_payable = round_payable
        self.tariffs: dict[str, list[TariffVersion]] = {}
        self.tariff_errors: dict[str, str] = {}
        self.tariff_rows: list[tuple[str, dict]] = []     # as stored, for the snapshots
        for code, definition in session.execute(
                select(Tariff.code, TariffVersionRow.definition)
                .join(TariffVersionRow, TariffVersionRow.tariff_id == Tariff.id)
                .order_by(Tariff.code, TariffVersionRow.valid_from)):
            self.tariff_rows.append((code, definition))
            try:
                tv = parse_tariff(definition)
            except ValueError as exc:
                self.tariff_errors[code] = f"tariff {code} cannot be read: {exc}"
                continue
            if tv.timezone != self.tz_name:
                # schedules are priced in the utility's zone; a tariff for another zone would
                # be billed at the wrong hours (imports refuse it; this is an older one)
                self.tariff_errors[code] = (f"tariff {code} is for time zone {tv.timezone}, "
                                            f"the utility's is {self.tz_name}; re-import it "
                                            f"with \"timezone\": \"{self.tz_name}\"")
                continue
            self.tariffs.setdefault(code, []).append(tv)
        # memberships overlapping the period: account id -> [(community id, from, to, share)]
        self.memberships: dict[int, list] = {}
        for m in session.execute(
                select(CommunityMember.account_id, CommunityMember.community_id)
                .where(member_in(period))):
            self.memberships.setdefault(m.account_id, []).append(m.community_id)
        # producers: account id -> the communities paying it; point id -> its community
        self.producers: dict[int, list[int]] = {}
        self.community_points: dict[int, int] = {}
        owner = dict(session.execute(select(Account.production_point_id, Account.id)
                                     .where(Account.production_point_id.is_not(None))).all())
        for cid, pid, acc in session.execute(
                select(CommunityProductionPoint.community_id,
                       CommunityProductionPoint.metering_point_id,
                       CommunityProductionPoint.producer_account_id)):
            self.community_points[pid] = cid
            acc = acc if acc is not None else owner.get(pid)   # stored before producers
            if acc is not None and cid not in self.producers.get(acc, []):
                self.producers.setdefault(acc, []).append(cid)
        self._communities: dict[int, CommunityResult] = {}
        self._prices: dict[str, np.ndarray | None] = {}
        self.price_rows: dict[str, list] = {}      # series -> [(start_utc, price)] read
        self.snapshots = None                      # billdesk.runs.snapshot.Snapshots

    def computed_communities(self) -> dict[int, CommunityResult]:
        return dict(self._communities)

    def load_all_prices(self, session: Session) -> None:
        """Read now every price series a tariff of the run refers to (for the snapshots)."""
        codes = sorted({c.series for vs in self.tariffs.values() for v in vs
                        for c in v.components if c.series})
        for code in codes:
            self.price_series(session, code)

    # --- communities ------------------------------------------------------------------
    def community(self, session: Session, cid: int) -> CommunityResult:
        """The community's allocation for the run's period, computed once per run."""
        res = self._communities.get(cid)
        if res is None:
            res = self._communities[cid] = self._allocate(session, cid)
        return res

    def all_communities(self, session: Session, run_id: int) -> dict[int, CommunityResult]:
        """The allocations of every community with a member in the run, computed now: a
        parent process passes them to its workers (``seed_communities``), so members of one
        community billed in different batches and processes use one and the same
        allocation."""
        from billdesk.store.models import BillingAttempt

        cids = set(session.scalars(
            select(CommunityMember.community_id).distinct()
            .join(BillingAttempt, BillingAttempt.account_id == CommunityMember.account_id)
            .where(BillingAttempt.run_id == run_id, member_in(self.period))))
        for acc in session.scalars(select(BillingAttempt.account_id)
                                   .where(BillingAttempt.run_id == run_id,
                                          any_of(session, BillingAttempt.account_id,
                                                 list(self.producers)))):
            cids.update(self.producers.get(acc, ()))
        return {cid: self.community(session, cid) for cid in sorted(cids)}

    def seed_communities(self, communities: dict[int, CommunityResult]) -> None:
        self._communities.update(communities)

    def _allocate(self, session: Session, cid: int) -> CommunityResult:
        d = community_inputs(session, cid, self.period, self.tz)
        res = CommunityResult(d.name, d.local_price, terms=d.terms,
                              surplus_price=d.surplus_price,
                              points=frozenset(p[0] for p in d.points))
        res.snapshot = community_snapshot(cid, d, self.period)
        try:
            if d.allocation is Allocation.DELIVERED:
                local = check_delivered(d.delivered, d.consumption, d.production, d.active,
                                        [m.code for m in d.members], d.start_utc,
                                        d.delivered_missing)
            else:
                local, _surplus = allocate(d.allocation, d.consumption, d.production,
                                           d.active, d.shares)
        except AllocationError as exc:
            what = ("the grid operator's local-energy series" if d.allocation is
                    Allocation.DELIVERED else "its members' shares and its production data")
            res.error = (f"allocation of community {d.name} failed: {exc}; check {what}")
            return res
        for k, m in enumerate(d.members):
            if m.account_id in res.local:
                res.local[m.account_id] = res.local[m.account_id] + local[k]
            else:
                res.local[m.account_id] = local[k]
        res.production = d.production
        res.surplus = np.maximum(d.production - local.sum(axis=0), 0.0) if len(local) \
            else d.production
        if any(p[2] is not None for p in d.points):
            self._credits(session, d, local, res)
        return res

    def _credits(self, session: Session, d, local: np.ndarray, res: CommunityResult) -> None:
        """What the community's producers are paid: members' local energy at the prices
        they paid for it (billdesk.engine.producers)."""
        accs = {a.id: a for a in session.execute(
            select(Account.id, Account.code, Account.tariff_code, Account.supply_start,
                   Account.supply_end)
            .where(Account.id.in_([m.account_id for m in d.members])))}
        grid = time_grid(self.period, self.tz_name)
        prices = {}
        for a in accs.values():
            for v in self.tariffs.get(a.tariff_code, ()):
                for c in v.components:
                    if c.series and c.series not in prices:
                        arr = self.price_series(session, c.series)
                        if arr is not None:
                            prices[c.series] = arr
        price = np.zeros(local.shape, dtype=np.int64)
        flat = d.terms.local_price.flat
        uniform = d.terms.type.value in ("generic", "leg") and flat is not None
        rates: dict[Decimal, int] = {}
        for k, m in enumerate(d.members):
            if not local[k].any():
                continue
            a = accs[m.account_id]
            versions = self.tariffs.get(a.tariff_code)
            try:
                if not versions:
                    raise NoTariff(f"tariff {a.tariff_code} of member {a.code} is unknown")
                price[k] = member_price_micro(d.terms, versions, a.supply_start, a.supply_end,
                                              self.period, grid, prices)
                v = versions[0]
                res.currency = v.currency
                rate = local_component(d.terms, v).vat_rate
                rates[rate] = rates.get(rate, 0) + 1
            except (NoTariff, CommunityPriceError) as exc:
                res.producer_error = (f"the local energy of member {a.code} cannot be "
                                      f"priced: {exc}")
                return
        if rates:
            res.vat_rate = max(rates, key=rates.get)
        if res.snapshot is not None:      # what the credits come from (billdesk.audit)
            res.snapshot["producers"] = {
                "points": [p[2] for p in d.points],
                "surplus_price": None if d.surplus_price is None
                else format(d.surplus_price, "f"),
                "members": {str(a.id): {"tariff": a.tariff_code,
                                        "supply": [a.supply_start.isoformat(),
                                                   a.supply_end.isoformat()
                                                   if a.supply_end else None]}
                            for a in sorted(accs.values(), key=lambda a: a.id)}}
        points = np.array([p[3] for p in d.points]).reshape(len(d.points), -1)
        res.credits = community_credits(local, price, points, [p[2] for p in d.points],
                                        flat if uniform else None)

    # --- dynamic prices ---------------------------------------------------------------
    def price_series(self, session: Session, code: str) -> np.ndarray | None:
        if code not in self._prices:
            self._prices[code] = self._load_series(session, code)
        return self._prices[code]

    def _load_series(self, session: Session, code: str) -> np.ndarray | None:
        rows = session.execute(
            select(PricePoint.start_utc, PricePoint.price)
            .join(PriceSeriesRow, PriceSeriesRow.id == PricePoint.series_id)
            .where(PriceSeriesRow.code == code,
                   PricePoint.start_utc >= self.start_utc - timedelta(hours=1),
                   PricePoint.start_utc < self.end_utc)
            .order_by(PricePoint.start_utc)).all()
        self.price_rows[code] = [(r.start_utc, r.price) for r in rows]
        return prices_on_grid(self.price_rows[code], self.period, self.tz_name)

    # --- one batch --------------------------------------------------------------------
    def load_batch(self, session: Session, account_ids: list[int], among=None) -> Prepared:
        """The batch of ``account_ids``; ``among``: a subquery of (at least) those ids, to
        read the accounts with instead of a list of ids."""
        # through the session's connection (Core: plain rows, no ORM loading per row)
        rows = [AccountRow(*r) for r in session.connection().execute(
            select(Account.id, Account.code, Account.tariff_code, Account.supply_start,
                   Account.supply_end, Account.consumption_point_id,
                   Account.production_point_id, Account.vat_registered)
            .where(any_of(session, Account.id, account_ids if among is None else among)))]
        by_id = {r.id: r for r in rows}
        rows = [by_id[a] for a in account_ids if a in by_id]
        failures: dict[int, tuple[str, str]] = {}
        billable = []
        for r in rows:
            if r.consumption_point_id is None:
                failures[r.id] = (ErrorCode.NO_METER_DATA.value,
                                  f"account {r.code} has no consumption metering point; add "
                                  "one in the accounts file and import it")
            elif r.tariff_code in self.tariff_errors:
                failures[r.id] = (ErrorCode.NO_TARIFF.value, self.tariff_errors[r.tariff_code])
            elif not r.tariff_code or r.tariff_code not in self.tariffs:
                failures[r.id] = (ErrorCode.NO_TARIFF.value,
                                  f"account {r.code} has no tariff" if not r.tariff_code else
                                  f"tariff {r.tariff_code} of account {r.code} is unknown; "
                                  "import it first")
            else:
                billable.append(r)
        points = [r.consumption_point_id for r in billable] + \
            [r.production_point_id for r in billable if r.production_point_id]
        block = read_block(session, points, self.start_utc, self.end_utc, self.tz)
        ci = np.array([block.row(r.consumption_point_id) for r in billable], dtype=np.int64)
        if np.array_equal(ci, np.arange(len(ci))):     # the usual case: no copy
            cons, flags = block.kwh[:len(ci)], block.flags[:len(ci)]
        else:
            cons = block.kwh[ci] if len(ci) else np.zeros((0, self.n))
            flags = block.flags[ci] if len(ci) else np.zeros((0, self.n), dtype=np.uint8)
        export = None
        # a production point in a community is paid by self-billing credit note, never
        # also credited as its owner's feed-in
        prod = [(k, block.row(r.production_point_id)) for k, r in enumerate(billable)
                if r.production_point_id and r.production_point_id not in self.community_points]
        if prod:
            export = np.zeros((len(billable), self.n))
            at, src = (np.array(x, dtype=np.int64) for x in zip(*prod))
            export[at] = block.kwh[src]
        local = None
        local_prices: dict[int, Decimal] = {}
        terms: dict[int, CommunityTerms] = {}
        keep = []
        for k, r in enumerate(billable):
            cids = self.memberships.get(r.id, ())
            err = None
            for cid in cids:
                res = self.community(session, cid)
                if res.error:
                    err = res.error
                    break
                if r.id in res.local:
                    if local is None:
                        local = np.zeros((len(billable), self.n))
                    local[k] += res.local[r.id]
                    local_prices[r.id] = res.local_price
                    terms[r.id] = res.terms
            if err:
                failures[r.id] = (ErrorCode.ALLOCATION_ERROR.value, err)
            else:
                keep.append(k)
        if len(keep) < len(billable):
            idx = np.array(keep, dtype=np.int64)
            billable = [billable[k] for k in keep]
            cons, flags = cons[idx], flags[idx]
            export = None if export is None else export[idx]
            local = None if local is None else local[idx]
        series = {c.series for r in billable for v in self.tariffs[r.tariff_code]
                  for c in v.components if c.series}
        prices = {}
        for code in sorted(series):
            arr = self.price_series(session, code)
            if arr is not None:
                prices[code] = arr
        specs = []
        for r in billable:
            token = "c=" + block.tokens[block.row(r.consumption_point_id)]
            if r.production_point_id:
                token += ";p=" + block.tokens[block.row(r.production_point_id)]
            specs.append(AccountSpec(r.code, self.tariffs[r.tariff_code], r.supply_start,
                                     r.supply_end, local_prices.get(r.id), token,
                                     bool(r.vat_registered), terms.get(r.id)))
        batch = BatchInput(self.period, self.tz_name, specs, cons, flags, export, local, prices,
                           self.round_payable,
                           export_rows=[k for k, r in enumerate(billable)
                                        if r.production_point_id
                                        and r.production_point_id not in self.community_points],
                           local_rows=[k for k, r in enumerate(billable) if r.id in local_prices])
        return Prepared(batch, billable, failures)


def prices_on_grid(rows: list, period: Period, tz_name: str) -> np.ndarray | None:
    """A price series' points ``[(start_utc, price)]`` (sorted; hourly or 15-minute steps,
    each holding until the next) on the period's 15-minute grid; None without points."""
    if not rows:
        return None
    times = [t for t, _p in rows]
    steps = np.diff(np.array([(t - times[0]) / INTERVAL for t in times], dtype=np.int64))
    step = int(np.median(steps)) if len(steps) else 4   # a lone point: one hour
    first = times[0]
    n = int((times[-1] - first) / INTERVAL) + step
    fine = np.full(n, np.nan)
    for k, (t, price) in enumerate(rows):
        a = int((t - first) / INTERVAL)
        b = a + step if k + 1 == len(rows) else min(a + step,
                                                    int((times[k + 1] - first) / INTERVAL))
        fine[a:b] = float(price)
    return expand_series(first, 15, fine, period, tz_name)


def point_codes(session: Session, ids: list[int]) -> dict[int, str]:
    return dict(session.execute(select(MeteringPoint.id, MeteringPoint.code)
                                .where(MeteringPoint.id.in_(ids))).all())

