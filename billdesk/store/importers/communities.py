"""Community JSON: ``name, allocation, production_points[], local_price, members[]``.

A re-import replaces the community's production points and members.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.store.importers.accounts import get_or_create_point, point_cache
from billdesk.store.importers.files import ImportResult, check_file, finish_import
from billdesk.store.importers.jsonpos import line_of, load_json
from billdesk.store.models import (Account, CommunityMember, CommunityProductionPoint,
                                   CommunityRow)


def import_communities(session: Session, path: str | Path, progress=None, cancelled=None
                       ) -> ImportResult:
    path = check_file(path)
    doc, lines = load_json(path)
    items = doc if isinstance(doc, list) else [doc]
    pre = (lambda i: f"[{i}].") if isinstance(doc, list) else (lambda i: "")
    accounts = {a.code: a.id for a in session.execute(select(Account.code, Account.id))}
    points = point_cache(session)
    names = set()
    changed = 0
    for i, c in enumerate(items):
        def fail(msg, field):
            f = pre(i) + field
            raise InputError(msg, file=str(path), line=line_of(lines, f), field=f)

        if not isinstance(c, dict):
            fail("expected a community object", "")
        for key in ("name", "allocation", "production_points", "local_price", "members"):
            if key not in c:
                fail("is required", key)
        unknown = set(c) - {"name", "allocation", "production_points", "local_price", "members"}
        if unknown:
            fail("unknown field", sorted(unknown)[0])
        name = str(c["name"]).strip()
        if not name or name in names:
            fail("empty or repeated community name", "name")
        names.add(name)
        if c["allocation"] not in ("dynamic", "static"):
            fail(f"unknown allocation {c['allocation']!r}; expected dynamic or static",
                 "allocation")
        try:
            local_price = Decimal(str(c["local_price"]))
            if not local_price.is_finite() or local_price < 0:
                raise InvalidOperation
        except InvalidOperation:
            fail(f"malformed price {c['local_price']!r}", "local_price")
        pps = c["production_points"]
        if not isinstance(pps, list) or not pps:
            fail("expected a non-empty list of metering point codes", "production_points")
        pp_rows = []
        for j, code in enumerate(pps):
            if (str(code), "production") not in points and (str(code), "consumption") in points:
                fail(f"metering point {code} is a consumption point, not production; for a "
                     "bidirectional meter name it as the account's production_point too",
                     f"production_points[{j}]")
            mp = get_or_create_point(session, points, str(code), "production", path,
                                     line_of(lines, f"{pre(i)}production_points[{j}]"),
                                     f"{pre(i)}production_points[{j}]")
            pp_rows.append(mp)
        members = c["members"]
        if not isinstance(members, list):
            fail("expected a list", "members")
        rows = []
        total_share = Decimal(0)
        spans: dict[str, list[tuple[date, date | None]]] = {}
        for j, m in enumerate(members):
            mf = f"members[{j}]."
            if not isinstance(m, dict) or "account" not in m:
                fail("is required", mf + "account")
            acc = str(m["account"])
            if acc not in accounts:
                fail(f"unknown account {acc!r}; import accounts first", mf + "account")
            try:
                start = date.fromisoformat(str(m.get("from") or ""))
            except ValueError:
                fail(f"malformed date {m.get('from')!r}; expected YYYY-MM-DD", mf + "from")
            end = None
            if m.get("to"):
                try:
                    end = date.fromisoformat(str(m["to"]))
                except ValueError:
                    fail(f"malformed date {m['to']!r}; expected YYYY-MM-DD", mf + "to")
                if end <= start:
                    fail(f"'to' {end} is not after 'from' {start}", mf + "to")
            for a, b in spans.get(acc, []):
                if (b is None or start < b) and (end is None or a < end):
                    fail(f"account {acc} is a member twice at the same time", mf + "from")
            spans.setdefault(acc, []).append((start, end))
            share = None
            if c["allocation"] == "static":
                if m.get("share") in (None, ""):
                    fail("a static community needs a share per member", mf + "share")
                try:
                    share = Decimal(str(m["share"]))
                    if not share.is_finite() or not (0 <= share <= 1):
                        raise InvalidOperation
                except InvalidOperation:
                    fail(f"share {m['share']!r} must be a number 0..1", mf + "share")
                if end is None:
                    total_share += share
            rows.append(CommunityMember(account_id=accounts[acc], share=share, valid_from=start,
                                        valid_to=end))
        if total_share > 1:
            fail(f"static shares of open memberships add up to {total_share} > 1", "members")
        row = session.scalar(select(CommunityRow).where(CommunityRow.name == name))
        if row is None:
            row = CommunityRow(name=name, allocation=c["allocation"], local_price=local_price)
            session.add(row)
        row.allocation, row.local_price = c["allocation"], local_price
        session.flush()
        row.production_points = [CommunityProductionPoint(metering_point=mp) for mp in pp_rows]
        row.members = rows
        changed += 1
    session.flush()
    return finish_import(session, "communities", path, len(items), changed,
                         {"communities": sorted(names)})
