"""A bill's inputs read back from what was recorded when it was billed (billdesk.runs.snapshot):
the run's input snapshots by SHA-256 and the exact interval-data versions, never the tariffs,
prices, communities or readings as they are now. ``billdesk audit check`` re-computes bills
from these; ``bill show --explain`` shows them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.canonical import sha256_hex
from billdesk.domain.community import Allocation, CommunityTerms, CommunityType, LocalPrice
from billdesk.domain.period import Period, local_midnight_utc, zone
from billdesk.domain.tariff import TariffVersion, parse_tariff
from billdesk.engine import AccountSpec, BatchInput, allocate
from billdesk.engine.allocation import check_delivered
from billdesk.runs.freeze import inputs_record
from billdesk.runs.inputs import prices_on_grid
from billdesk.store.intervals import ChunkRef, read_versions
from billdesk.store.models import RunInput


class NotRecorded(ValueError):
    """The bill's inputs were not recorded (billed before billdesk recorded them) or a
    snapshot it names is missing."""


@dataclass
class BillInputs:
    """One bill's recorded inputs, resolved."""

    record: dict
    versions: list[TariffVersion]
    tariff_shas: list[str]
    prices: dict[str, np.ndarray]                 # series -> [n] on the period's grid
    price_points: dict[str, list]                 # series -> [(start_utc, price)]
    engine: dict
    consumption: np.ndarray                       # [n]
    flags: np.ndarray                             # [n]
    export: np.ndarray | None
    chunks: dict[str, list[ChunkRef]]             # "consumption" / "production" -> chunks
    local: np.ndarray | None = None
    local_price: Decimal | None = None
    communities: list[dict] = field(default_factory=list)
    community_terms: CommunityTerms | None = None    # a member's community type and prices

    @property
    def data_token(self) -> str:
        c, p = self.record["c"], self.record.get("p")
        return f"c={c[1]}" + (f";p={p[1]}" if p else "")

    @property
    def vat_registered(self) -> bool:
        """A VAT-registered producer (feed-in credits carry VAT); recorded only when set."""
        return bool(self.record.get("vr"))

    @property
    def supply(self) -> tuple[date, date | None]:
        a, b = self.record["supply"]
        return date.fromisoformat(a), date.fromisoformat(b) if b else None


class Recorded:
    """Snapshots and interval data of one database (or audit package), cached per use."""

    def __init__(self, session: Session, period: Period, tz_name: str):
        self.s = session
        self.period = period
        self.tz_name = tz_name
        self.tz = zone(tz_name)
        self.t0, self.t1 = period.utc_bounds(self.tz)
        self.n = period.n_intervals(self.tz)
        self._snap: dict[str, dict] = {}
        self._tariffs: dict[str, TariffVersion] = {}
        self._prices: dict[str, tuple[np.ndarray | None, list]] = {}
        self._communities: dict[str, tuple[dict, dict[int, np.ndarray]]] = {}
        # per community snapshot: local kWh per membership row, kWh per production point
        self.community_rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def snapshot(self, sha: str) -> dict:
        got = self._snap.get(sha)
        if got is None:
            text = self.s.scalar(select(RunInput.content).where(RunInput.sha256 == sha)
                                 .limit(1))
            if text is None:
                raise NotRecorded(f"input snapshot {sha[:16]}… is not stored")
            if sha256_hex(text) != sha:
                raise NotRecorded(f"input snapshot {sha[:16]}… does not match its SHA-256")
            got = self._snap[sha] = json.loads(text)
        return got

    def tariff(self, sha: str) -> TariffVersion:
        if sha not in self._tariffs:
            self._tariffs[sha] = parse_tariff(self.snapshot(sha)["definition"])
        return self._tariffs[sha]

    def price(self, sha: str) -> tuple[np.ndarray | None, list]:
        if sha not in self._prices:
            from datetime import datetime

            snap = self.snapshot(sha)
            rows = [(datetime.fromisoformat(t), Decimal(p)) for t, p in snap["points"]]
            self._prices[sha] = (prices_on_grid(rows, self.period, self.tz_name), rows)
        return self._prices[sha]

    def community(self, sha: str) -> tuple[dict, dict[int, np.ndarray]]:
        """(snapshot, account id -> allocated kWh [n]) of a community, allocated again from
        the recorded data versions of its members and production points."""
        got = self._communities.get(sha)
        if got is not None:
            return got
        snap = self.snapshot(sha)
        members = snap["members"]
        allocation = Allocation(snap["allocation"])
        delivered = allocation is Allocation.DELIVERED
        wanted = [(m["point_id"], m["token"] or "") for m in members if m["point_id"]]
        wanted += [(p["point_id"], p["token"]) for p in snap["production"]]
        if delivered:       # the operator's local series of each member, as recorded
            wanted += [(m["local_point_id"], m["local_token"] or "") for m in members
                       if m.get("local_point_id")]
        kwh, flags, _refs = read_versions(self.s, wanted, self.t0, self.t1)
        n = self.n
        consumption = np.zeros((len(members), n))
        active = np.zeros((len(members), n), dtype=bool)

        def index_of(day: str | None, default: int) -> int:
            if not day:
                return default
            t = local_midnight_utc(date.fromisoformat(day), self.tz)
            return int(min(max((t - self.t0).total_seconds() // 900, 0), n))

        k = 0
        for i, m in enumerate(members):
            if m["point_id"]:
                consumption[i] = kwh[k]
                k += 1
            active[i, index_of(m["from"], 0):index_of(m["to"], n)] = True
        n_prod = len(snap["production"])
        production = kwh[k:k + n_prod].sum(axis=0) if n_prod else np.zeros(n)
        if delivered:
            from billdesk.domain.quality import Quality

            given = np.zeros((len(members), n))
            missing = active.copy()
            j = k + n_prod
            for i, m in enumerate(members):
                if m.get("local_point_id"):
                    given[i] = kwh[j]
                    missing[i] = active[i] & (flags[j] == Quality.MISSING)
                    j += 1
            local = check_delivered(given, consumption, production, active,
                                    [m["account"] for m in members], self.t0, missing)
        else:
            shares = (np.array([float(Decimal(m["share"] or "0")) for m in members])
                      if allocation is Allocation.STATIC else None)
            local, _surplus = allocate(allocation, consumption, production, active, shares)
        self.community_rows[sha] = (local, kwh[k:k + n_prod].reshape(n_prod, n))
        by_account: dict[int, np.ndarray] = {}
        for i, m in enumerate(members):
            a = m["account_id"]
            by_account[a] = by_account[a] + local[i] if a in by_account else local[i]
        got = self._communities[sha] = (snap, by_account)
        return got

    def bill_inputs(self, inputs_text: str | None, account_id: int) -> BillInputs:
        rec = inputs_record(inputs_text)
        if rec is None:
            raise NotRecorded("the bill's inputs were not recorded when it was billed (billed "
                              "before billdesk recorded them)")
        ctx = self.snapshot(rec["context"]) if rec.get("context") else None
        if ctx is None:
            raise NotRecorded("the bill's tariff context was not recorded")
        versions = [self.tariff(sha) for sha in ctx["versions"]]
        prices, points = {}, {}
        for series, sha in sorted(ctx.get("prices", {}).items()):
            if sha:
                arr, rows = self.price(sha)
                if arr is not None:
                    prices[series] = arr
                points[series] = rows
        wanted = [(rec["c"][0], rec["c"][1])]
        if rec.get("p"):
            wanted.append((rec["p"][0], rec["p"][1]))
        kwh, flags, refs = read_versions(self.s, wanted, self.t0, self.t1)
        # a production point of a community is paid by self-billing note, not as feed-in
        fed_in = rec.get("p") and not rec.get("pc")
        out = BillInputs(rec, versions, list(ctx["versions"]), prices, points,
                         self.snapshot(ctx["engine"]), kwh[0], flags[0],
                         kwh[1] if fed_in else None,
                         {"consumption": refs[0], "production": refs[1] if rec.get("p") else []})
        local = None
        for sha in rec.get("communities", []):
            snap, by_account = self.community(sha)
            out.communities.append(snap)
            if account_id in by_account:
                local = by_account[account_id] if local is None else local + by_account[account_id]
                out.local_price = Decimal(snap["local_price"])
                out.community_terms = terms_of(snap)
        out.local = local
        return out


def terms_of(snap: dict) -> CommunityTerms | None:
    """A community's terms (type and prices) as its snapshot recorded them; None for a
    snapshot written before communities had types (a generic community then)."""
    t = snap.get("terms")
    if t is None:
        return None
    return CommunityTerms(snap["name"], CommunityType(t["type"]),
                          LocalPrice.from_json(t["local_price"]),
                          None if t.get("grid_discount") is None else Decimal(t["grid_discount"]),
                          None if t.get("price_cap") is None else Decimal(t["price_cap"]))


def batch_of(rec: Recorded, items: list[tuple[str, BillInputs]],
             round_payable: bool) -> BatchInput:
    """The engine's input for bills (account code, recorded inputs) of one period."""
    n = rec.n
    specs, prices = [], {}
    cons = np.zeros((len(items), n))
    flags = np.zeros((len(items), n), dtype=np.uint8)
    export = local = None
    for k, (code, bi) in enumerate(items):
        start, end = bi.supply
        specs.append(AccountSpec(code, bi.versions, start, end, bi.local_price, bi.data_token,
                                 bi.vat_registered, bi.community_terms))
        cons[k], flags[k] = bi.consumption, bi.flags
        if bi.export is not None:
            if export is None:
                export = np.zeros((len(items), n))
            export[k] = bi.export
        if bi.local is not None:
            if local is None:
                local = np.zeros((len(items), n))
            local[k] = bi.local
        prices.update(bi.prices)
    return BatchInput(rec.period, rec.tz_name, specs, cons, flags, export, local, prices,
                      round_payable)


__all__ = ["BillInputs", "NotRecorded", "Recorded", "batch_of",
           "terms_of"]
