"""What a run billed with, recorded while it bills (docs/audit.md "Input snapshots" and
"Inputs record").

Tariffs, price series and communities are changed in place by later imports, so when a run's
inputs are built (``make_config``, in every process that bills it) they are written as the
run's *input snapshots* (``run_inputs``): canonical JSON named by its SHA-256, one row per
tariff version, price series (the points over the period), community (members, shares,
production points and the interval-data version of every point its allocation read), the
engine, and one *context* per tariff code naming the tariff versions, price series and engine
a bill of that tariff used. Each bill then records (``bills.inputs``, written with it in bulk)
its metering points with their interval-data versions, the supply dates, its context and
communities, and the daily kWh of its chart. Together they tell an auditor — and ``billdesk
audit check`` — exactly what every bill was computed from.
"""

from __future__ import annotations

from datetime import timezone
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk import __version__
from billdesk.domain.canonical import canonical_text, plain, sha256_hex
from billdesk.engine.fingerprint import ENGINE_RULES
from billdesk.store.db import transaction
from billdesk.store.models import RunInput, utcnow

INPUTS_VERSION = 1


def _row(kind: str, key: str, content: dict) -> tuple[str, dict]:
    text = canonical_text({"kind": kind, **content})
    return sha256_hex(text), {"kind": kind, "key": key, "content": text}


def _lenient(value):
    """Plain JSON of stored definitions (a float written by an old import becomes a decimal
    string of its repr, never a float)."""
    from decimal import Decimal

    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dict):
        return {str(k): _lenient(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lenient(v) for v in value]
    return value


class Snapshots:
    """The snapshot rows of a run's inputs (``RunInputs``) and the references bills make."""

    def __init__(self, inputs):
        self.rows: dict[str, dict] = {}
        tz_name = inputs.tz_name
        period = inputs.period
        engine_sha = self._add("engine", "engine", {
            "billdesk": __version__, "rules": ENGINE_RULES, "timezone": tz_name,
            "round_payable": bool(inputs.round_payable),
            "period": [period.start.isoformat(), period.end.isoformat()]})
        by_code: dict[str, list[str]] = {}
        for code, definition in inputs.tariff_rows:
            d = _lenient(definition)
            sha = self._add("tariff", f"{code}@{d.get('valid_from')}",
                            {"code": code, "definition": d})
            by_code.setdefault(code, []).append(sha)
        price_shas: dict[str, str] = {}
        for code, rows in sorted(inputs.price_rows.items()):
            price_shas[code] = self._add("prices", code, {
                "series": code,
                "from": plain(inputs.start_utc.astimezone(timezone.utc)),
                "to": plain(inputs.end_utc.astimezone(timezone.utc)),
                "points": [[plain(t), format(p, "f")] for t, p in rows]})
        self.context: dict[str, str] = {}
        for code, versions in inputs.tariffs.items():
            series = sorted({c.series for v in versions for c in v.components if c.series})
            self.context[code] = self._add("context", code, {
                "tariff": code, "versions": sorted(by_code.get(code, [])),
                "prices": {s: price_shas.get(s) for s in series}, "engine": engine_sha})
        self.community: dict[int, str] = {}
        for cid, res in sorted(inputs.computed_communities().items()):
            if res.snapshot is not None:
                self.community[cid] = self._add("community", res.name, res.snapshot)

    def _add(self, kind: str, key: str, content: dict) -> str:
        sha, row = _row(kind, key, content)
        self.rows.setdefault(sha, row)
        return sha


def record(factory: sessionmaker, run_id: int, inputs) -> Snapshots:
    """Write the snapshots of ``inputs`` not yet recorded for ``run_id`` (any process, any
    number of times: rows are keyed by content) and return them."""
    snaps = Snapshots(inputs)
    with transaction(factory) as s:
        have = set(s.scalars(select(RunInput.sha256).where(RunInput.run_id == run_id)))
        now = utcnow()
        new = [{"run_id": run_id, "sha256": sha, "recorded_at": now, **row}
               for sha, row in snaps.rows.items() if sha not in have]
        if new:
            # processes starting on one run at once write the same rows: the first one wins,
            # the others' identical rows are skipped (not a unique-key error)
            s.execute(_insert_new(s), new)
    return snaps


def _insert_new(session):
    """INSERT … ON CONFLICT (run_id, sha256) DO NOTHING, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(RunInput).on_conflict_do_nothing(index_elements=["run_id", "sha256"])


def community_snapshot(cid: int, d, period) -> dict:
    """What a community's allocation read (``d``: billdesk.store.communities.CommunityInputs):
    its terms, the members and the data version of every point, so that the allocation and
    the members' community lines can be computed again (billdesk.audit.recorded)."""
    tokens = d.tokens or {}
    t = d.terms
    local_points = d.local_points or (None,) * len(d.members)
    snap = {
        "id": cid, "name": d.name, "allocation": d.allocation.value,
        "local_price": format(d.local_price, "f"),
        "period": [period.start.isoformat(), period.end.isoformat()],
        "production": [{"point_id": p, "token": tokens.get(p, "")}
                       for p in d.production_points],
        "members": [{"account_id": m.account_id, "account": m.code,
                     "from": m.valid_from.isoformat(),
                     "to": m.valid_to.isoformat() if m.valid_to else None,
                     "share": None if m.share is None else format(m.share, "f"),
                     "point_id": pid, "token": tokens.get(pid, "") if pid else None,
                     **({"local_point_id": lp, "local_token": tokens.get(lp, "") if lp else None}
                        if d.allocation.value == "delivered" else {})}
                    for m, pid, lp in zip(d.members, d.member_points or
                                          (None,) * len(d.members), local_points)]}
    if t is not None:
        snap["terms"] = {"type": t.type.value, "local_price": t.local_price.to_json(),
                         "grid_discount": None if t.grid_discount is None
                         else format(t.grid_discount, "f"),
                         "price_cap": None if t.price_cap is None else format(t.price_cap, "f")}
    return snap


def split_token(data_token: str) -> tuple[str, str | None]:
    """The consumption and production parts of an engine data token ``c=…;p=…``."""
    c, p = "", None
    for part in data_token.split(";"):
        if part.startswith("c="):
            c = part[2:]
        elif part.startswith("p="):
            p = part[2:]
    return c, p


def inputs_text(row, spec, context: str | None, communities: list[str],
                daily: list[int] | None, community_paid: bool = False) -> str:
    """A bill's inputs record (compact JSON, written with the bill): ``row`` the account
    (billdesk.runs.inputs.AccountRow), ``spec`` its engine AccountSpec. ``"vr": true`` only
    for a VAT-registered producer (its feed-in credit carries VAT); ``"pc": true`` only when
    the production point is a community's (paid by self-billing note, never as feed-in)."""
    return _record(row, spec, context, communities,
                   None if daily is None else ",".join(map(str, daily)), community_paid)


def inputs_text_milli(row, spec, context: str | None, communities: list[str],
                      daily, community_paid: bool = False) -> str:
    """``inputs_text`` for ``daily`` a row of an int64 array (daily kWh in 0.001 kWh): its
    figures in one ``%d`` formatting of its ``tolist()`` — ``%d`` of an int is its ``str``
    — in half the time of joining the str of each. The caller holds one array row per bill
    (not a list of a month's int objects) until the writer makes the text."""
    return _record(row, spec, context, communities,
                   _ints_format(len(daily)) % tuple(daily.tolist()), community_paid)


@lru_cache(maxsize=64)
def _ints_format(n: int) -> str:
    return ",".join(["%d"] * n)


def _record(row, spec, context: str | None, communities: list[str], days: str | None,
            community_paid: bool) -> str:
    c, p = split_token(spec.data_token)
    prod = "null" if row.production_point_id is None else f'[{row.production_point_id},"{p or ""}"]'
    end = "null" if row.supply_end is None else f'"{row.supply_end.isoformat()}"'
    ctx = "null" if context is None else f'"{context}"'
    comms = '"' + '","'.join(communities) + '"' if communities else ""
    days = "null" if days is None else "[" + days + "]"
    return (f'{{"v":{INPUTS_VERSION},"c":[{row.consumption_point_id},"{c}"],"p":{prod},'
            f'"supply":["{row.supply_start.isoformat()}",{end}],"context":{ctx},'
            f'"communities":[{comms}],"daily":{days}'
            + (',"vr":true' if spec.vat_registered else '')
            + (',"pc":true' if community_paid else '') + '}')
