"""Community JSON: ``name, type, allocation, production_points[], local_price,
grid_discount, price_cap, surplus_price, members[]`` (docs/formats.md).

A re-import replaces the community's production points and members. Refused, because they
would bill wrongly: static shares adding up to more than 1 on any day (open and closed
memberships alike); an account that is a member of two communities at the same time (in
this file, or in a community already stored and not replaced by it); a production point in
two communities; a production point that is an account's own production meter but is not
paid to that account (its energy would be credited twice: as the owner's feed-in and as
community energy); a producer account that does not exist.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain import values
from billdesk.domain.errors import InputError
from billdesk.store.importers.accounts import get_or_create_point, point_cache
from billdesk.store.importers.checks import check_code, check_free_text, shown
from billdesk.store.importers.files import MAX_JSON_FILE, ImportResult, finish_import, read_source
from billdesk.store.importers.jsonpos import line_of, load_json
from billdesk.store.models import (Account, CommunityMember, CommunityProductionPoint,
                                   CommunityRow)

FIELDS = ("name", "allocation", "production_points", "local_price", "members")
OPTIONAL = ("type", "grid_discount", "price_cap", "surplus_price")
TYPES = ("generic", "leg", "zev", "vzev")
ALLOCATIONS = ("dynamic", "static", "delivered")


def _percent(value, what: str) -> Decimal:
    d = values.parse_decimal(value, allow_negative=False)
    if not 0 < d <= 100:
        raise ValueError(f"{what} {d} must be a percent above 0 and at most 100")
    return d


def _overlap(a0: date, a1: date | None, b0: date, b1: date | None) -> bool:
    return (a1 is None or b0 < a1) and (b1 is None or a0 < b1)


def _share_peak(spans: list[tuple[date, date | None, Decimal]]
                ) -> tuple[Decimal, date | None]:
    """The largest sum of shares active on one day, and the first day it is reached."""
    cuts = sorted({a for a, _b, _s in spans} | {b for _a, b, _s in spans if b is not None})
    best, when = Decimal(0), None
    for day in cuts:
        total = sum((s for a, b, s in spans if a <= day and (b is None or day < b)), Decimal(0))
        if total > best:
            best, when = total, day
    return best, when


def import_communities(session: Session, path: str | Path, progress=None, cancelled=None
                       ) -> ImportResult:
    source = read_source(path, MAX_JSON_FILE)
    path = source.name
    doc, lines = load_json(source)
    items = doc if isinstance(doc, list) else [doc]
    pre = (lambda i: f"[{i}].") if isinstance(doc, list) else (lambda i: "")
    if not items:
        raise InputError("an empty list: no community in the file", file=path, line=1)
    accounts = {a.code: a.id for a in session.execute(select(Account.code, Account.id))}
    points = point_cache(session)
    names: set[str] = set()
    names_all = {str(c.get("name", "")).strip() for c in items if isinstance(c, dict)}
    parsed = []
    acc_code = {v: k for k, v in accounts.items()}
    pid_code = {mp.id: code for (code, kind), mp in points.items() if kind == "production"}
    owners = {pid_code[pid]: acc_code[aid] for aid, pid in session.execute(
        select(Account.id, Account.production_point_id)
        .where(Account.production_point_id.is_not(None))) if pid in pid_code}
    pp_stored = {pid_code.get(pid): cname for pid, cname in session.execute(
        select(CommunityProductionPoint.metering_point_id, CommunityRow.name)
        .join(CommunityRow, CommunityRow.id == CommunityProductionPoint.community_id))}
    pp_in_file: dict[str, str] = {}
    # every membership of the file: account -> [(community, from, to, field)]
    member_spans: dict[str, list[tuple[str, date, date | None, str]]] = {}
    for i, c in enumerate(items):
        def fail(msg, field):
            f = pre(i) + field
            raise InputError(msg, file=path, line=line_of(lines, f), field=f.rstrip(".") or None)

        if not isinstance(c, dict):
            fail("expected a community object", "")
        for key in FIELDS:
            if key not in c:
                fail("is required", key)
        unknown = set(c) - set(FIELDS) - set(OPTIONAL)
        if unknown:
            fail("unknown field", sorted(unknown)[0])
        if not isinstance(c["name"], str):
            fail(f"expected a name, got {shown(str(c['name']))}", "name")
        name = c["name"].strip()
        check_free_text(name, CommunityRow.name, "community name", file=path,
                        line=line_of(lines, pre(i) + "name"), field=pre(i) + "name",
                        required=True)
        if name in names:
            fail(f"community {shown(name)} appears twice in the file", "name")
        names.add(name)
        allocation = c["allocation"]
        if allocation not in ALLOCATIONS:
            fail(f"unknown allocation {shown(str(allocation))}; expected dynamic, static or "
                 "delivered", "allocation")
        ctype = c.get("type", "generic")
        if ctype not in TYPES:
            fail(f"unknown community type {shown(str(ctype))}; expected generic, leg, zev or "
                 "vzev", "type")
        rules = _rules(c, ctype, fail)
        local_price, local_prices = _local_price(c["local_price"], fail)
        pps = c["production_points"]
        if not isinstance(pps, list) or not pps:
            fail("expected a non-empty list of metering point codes", "production_points")
        pp_codes = []
        for j, item in enumerate(pps):
            f = f"production_points[{j}]"
            producer = None
            if isinstance(item, dict):
                unknown = set(item) - {"point", "producer"}
                if unknown:
                    fail("unknown field", f + "." + sorted(unknown)[0])
                if "point" not in item:
                    fail("is required", f + ".point")
                code, producer = item["point"], item.get("producer")
                if producer is not None and (not isinstance(producer, str)
                                             or producer not in accounts):
                    fail(f"producer account {shown(str(producer))} is unknown; import "
                         "accounts first", f + ".producer")
                fp = f + ".point"
            else:
                code, fp = item, f
            if not isinstance(code, str):
                fail(f"expected a metering point code, got {shown(str(code))}", fp)
            check_code(code, "metering point code", file=path,
                       line=line_of(lines, pre(i) + fp), field=pre(i) + fp)
            if code in [p for p, _ in pp_codes]:
                fail(f"production point {code} is listed twice", fp)
            if (code, "production") not in points and (code, "consumption") in points:
                fail(f"metering point {code} is a consumption point, not production; for a "
                     "bidirectional meter name it as the account's production_point too", fp)
            owner = owners.get(code)
            if owner is not None and producer != owner:
                fail(f"production point {code} is the own production meter of account "
                     f"{owner}, whose feed-in it is credited as; to sell its energy in the "
                     f"community name it as {{\"point\": \"{code}\", \"producer\": "
                     f"\"{owner}\"}} (it is then paid by self-billing credit note only)",
                     f + (".producer" if isinstance(item, dict) else ""))
            if code in pp_in_file:
                fail(f"production point {code} is already in community "
                     f"{shown(pp_in_file[code])} of this file; a production point belongs to "
                     "one community at a time", fp)
            if code in pp_stored and pp_stored[code] not in names_all:
                fail(f"production point {code} is already in community "
                     f"{shown(pp_stored[code])}; a production point belongs to one community "
                     "at a time (remove it there first)", fp)
            pp_in_file[code] = name
            pp_codes.append((code, producer))
        members = c["members"]
        if not isinstance(members, list):
            fail("expected a list", "members")
        rows = []
        spans: dict[str, list[tuple[date, date | None]]] = {}
        shares: list[tuple[date, date | None, Decimal]] = []
        for j, m in enumerate(members):
            mf = f"members[{j}]."
            if not isinstance(m, dict) or "account" not in m:
                fail("is required", mf + "account")
            unknown = set(m) - {"account", "share", "from", "to"}
            if unknown:
                fail("unknown field", mf + sorted(unknown)[0])
            acc = m["account"]
            if not isinstance(acc, str) or acc not in accounts:
                fail(f"unknown account {shown(str(acc))}; import accounts first",
                     mf + "account")
            try:
                start = values.parse_date(str(m.get("from") or ""))
            except ValueError as exc:
                fail(str(exc), mf + "from")
            end = None
            if m.get("to"):
                try:
                    end = values.parse_date(str(m["to"]))
                except ValueError as exc:
                    fail(str(exc), mf + "to")
                if end <= start:
                    fail(f"'to' {end} is not after 'from' {start}", mf + "to")
            for a, b in spans.get(acc, []):
                if _overlap(a, b, start, end):
                    fail(f"account {acc} is a member twice at the same time", mf + "from")
            spans.setdefault(acc, []).append((start, end))
            member_spans.setdefault(acc, []).append((name, start, end, pre(i) + mf + "account"))
            share = None
            if allocation == "delivered" and m.get("share") not in (None, ""):
                fail("a share is not used with allocation 'delivered' (the grid operator's "
                     "local series are billed)", mf + "share")
            if allocation == "static":
                if m.get("share") in (None, ""):
                    fail("a static community needs a share per member", mf + "share")
                try:
                    share = values.parse_decimal(m["share"], allow_negative=False)
                    if share > 1:
                        raise ValueError
                except ValueError:
                    fail(f"share {shown(str(m['share']))} must be a number 0..1", mf + "share")
                shares.append((start, end, share))
            elif allocation == "dynamic" and m.get("share") not in (None, ""):
                fail("a share is only meaningful for a static community", mf + "share")
            rows.append((accounts[acc], share, start, end))
        if shares:
            peak, day = _share_peak(shares)
            if peak > 1:
                fail(f"static shares add up to {peak} > 1 on {day} (memberships active that "
                     "day, open or closed)", "members")
        parsed.append((name, allocation, local_price, pp_codes, rows, i, ctype, rules,
                       local_prices))

    # an account in two communities at once: within the file and against stored ones
    stored = session.execute(
        select(Account.code, CommunityRow.name, CommunityMember.valid_from,
               CommunityMember.valid_to)
        .join(CommunityMember, CommunityMember.account_id == Account.id)
        .join(CommunityRow, CommunityRow.id == CommunityMember.community_id)
        .where(CommunityRow.name.not_in(names))).all()
    others: dict[str, list[tuple[str, date, date | None, str | None]]] = {}
    for code, cname, a, b in stored:
        others.setdefault(code, []).append((cname, a, b, None))
    for acc, spans_ in member_spans.items():
        seen = others.get(acc, [])
        for cname, a, b, field in spans_:
            for oname, oa, ob, _ofield in seen:
                if oname != cname and _overlap(a, b, oa, ob):
                    raise InputError(
                        f"account {acc} is already a member of community {shown(oname)} "
                        f"{oa}..{ob or 'open'}; a member belongs to one community at a time",
                        file=path, line=line_of(lines, field), field=field)
            seen = seen + [(cname, a, b, field)]
            others[acc] = seen

    changed = 0
    for name, allocation, local_price, pp_codes, rows, i, ctype, rules, local_prices in parsed:
        pp_rows = [(get_or_create_point(session, points, code, "production", path,
                                        line_of(lines, f"{pre(i)}production_points[{j}]"),
                                        f"{pre(i)}production_points[{j}]"),
                    accounts[producer] if producer else None)
                   for j, (code, producer) in enumerate(pp_codes)]
        row = session.scalar(select(CommunityRow).where(CommunityRow.name == name))
        if row is None:
            row = CommunityRow(name=name, allocation=allocation, local_price=local_price)
            session.add(row)
        row.allocation, row.local_price = allocation, local_price
        row.type, row.local_prices = ctype, local_prices
        row.grid_discount, row.price_cap, row.surplus_price = rules
        session.flush()
        row.production_points = [CommunityProductionPoint(metering_point=mp,
                                                          producer_account_id=producer)
                                 for mp, producer in pp_rows]
        row.members = [CommunityMember(account_id=aid, share=share, valid_from=a, valid_to=b)
                       for aid, share, a, b in rows]
        changed += 1
    session.flush()
    return finish_import(session, "communities", source, len(items), changed,
                         {"communities": sorted(names)})


def _rules(c: dict, ctype: str, fail) -> tuple[Decimal | None, str | None, Decimal | None]:
    """(grid_discount, price_cap, surplus_price) of a community object, checked per type."""
    discount = cap = surplus = None
    if c.get("grid_discount") not in (None, ""):
        if ctype != "leg":
            fail("a grid discount applies to a leg community only", "grid_discount")
        try:
            discount = _percent(c["grid_discount"], "grid discount")
        except ValueError as exc:
            fail(str(exc), "grid_discount")
    elif ctype == "leg":
        fail("a leg community needs its grid discount in percent: \"40\", or \"20\" where "
             "the operator's transformer is used", "grid_discount")
    if c.get("price_cap") not in (None, ""):
        if ctype not in ("zev", "vzev"):
            fail("a price cap applies to a zev or vzev community only", "price_cap")
        raw = c["price_cap"]
        if raw == "external":
            cap = "external"
        else:
            try:
                cap = str(_percent(str(raw).rstrip("% "), "price cap"))
            except ValueError as exc:
                fail(f"{exc}; expected \"external\" or a percent of the member's own grid "
                     "price such as \"80\"", "price_cap")
    elif ctype in ("zev", "vzev"):
        cap = "external"      # the legal maximum: the external standard product
    if c.get("surplus_price") not in (None, ""):
        try:
            surplus = values.parse_decimal(c["surplus_price"], allow_negative=False)
        except ValueError as exc:
            fail(str(exc), "surplus_price")
    return discount, cap, surplus


def _local_price(raw, fail) -> tuple[Decimal, dict | None]:
    """(the flat price — for time-of-use the highest period price, shown in overviews —,
    the time-of-use prices by period name or None)."""
    if isinstance(raw, dict):
        if not raw:
            fail("expected a price, or prices by time-of-use period", "local_price")
        prices = {}
        for period, value in raw.items():
            if not isinstance(period, str) or not period.strip():
                fail("a time-of-use period needs a name", "local_price")
            try:
                prices[period] = values.parse_decimal(value, allow_negative=False)
            except ValueError as exc:
                fail(str(exc), f"local_price.{period}")
        return max(prices.values()), {k: str(v) for k, v in sorted(prices.items())}
    try:
        return values.parse_decimal(raw, allow_negative=False), None
    except ValueError as exc:
        fail(str(exc), "local_price")
