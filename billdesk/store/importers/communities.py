"""Community JSON: ``name, allocation, production_points[], local_price, members[]``.

A re-import replaces the community's production points and members. Refused, because they
would bill wrongly: static shares adding up to more than 1 on any day (open and closed
memberships alike), and an account that is a member of two communities at the same time
(in this file, or in a community already stored and not replaced by it).
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
    parsed = []
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
        unknown = set(c) - set(FIELDS)
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
        if allocation not in ("dynamic", "static"):
            fail(f"unknown allocation {shown(str(allocation))}; expected dynamic or static",
                 "allocation")
        try:
            local_price = values.parse_decimal(c["local_price"], allow_negative=False)
        except ValueError as exc:
            fail(str(exc), "local_price")
        pps = c["production_points"]
        if not isinstance(pps, list) or not pps:
            fail("expected a non-empty list of metering point codes", "production_points")
        pp_codes = []
        for j, code in enumerate(pps):
            f = f"production_points[{j}]"
            if not isinstance(code, str):
                fail(f"expected a metering point code, got {shown(str(code))}", f)
            check_code(code, "metering point code", file=path,
                       line=line_of(lines, pre(i) + f), field=pre(i) + f)
            if code in pp_codes:
                fail(f"production point {code} is listed twice", f)
            if (code, "production") not in points and (code, "consumption") in points:
                fail(f"metering point {code} is a consumption point, not production; for a "
                     "bidirectional meter name it as the account's production_point too", f)
            pp_codes.append(code)
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
            elif m.get("share") not in (None, ""):
                fail("a share is only meaningful for a static community", mf + "share")
            rows.append((accounts[acc], share, start, end))
        if shares:
            peak, day = _share_peak(shares)
            if peak > 1:
                fail(f"static shares add up to {peak} > 1 on {day} (memberships active that "
                     "day, open or closed)", "members")
        parsed.append((name, allocation, local_price, pp_codes, rows, i))

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
    for name, allocation, local_price, pp_codes, rows, i in parsed:
        pp_rows = [get_or_create_point(session, points, code, "production", path,
                                       line_of(lines, f"{pre(i)}production_points[{j}]"),
                                       f"{pre(i)}production_points[{j}]")
                   for j, code in enumerate(pp_codes)]
        row = session.scalar(select(CommunityRow).where(CommunityRow.name == name))
        if row is None:
            row = CommunityRow(name=name, allocation=allocation, local_price=local_price)
            session.add(row)
        row.allocation, row.local_price = allocation, local_price
        session.flush()
        row.production_points = [CommunityProductionPoint(metering_point=mp) for mp in pp_rows]
        row.members = [CommunityMember(account_id=aid, share=share, valid_from=a, valid_to=b)
                       for aid, share, a, b in rows]
        changed += 1
    session.flush()
    return finish_import(session, "communities", source, len(items), changed,
                         {"communities": sorted(names)})
