"""Accounts CSV (INTERFACES.md): creates or updates accounts and their metering points."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billdesk.domain.errors import InputError
from billdesk.store.importers.files import ImportResult, check_file, csv_rows, finish_import
from billdesk.store.models import Account, AccountGroup, MeteringPoint, Tariff

REQUIRED = ["account", "name", "street", "postcode", "city", "country", "language", "email",
            "tariff", "supply_start", "consumption_point"]
OPTIONAL = ["group", "supply_end", "production_point"]
LANGUAGES = ("de", "fr", "it", "en")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")


def _date(value: str, path, line, field) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"malformed date {value!r}; expected YYYY-MM-DD", file=str(path),
                         line=line, field=field) from None


def get_or_create_point(session: Session, cache: dict, code: str, kind: str, path, line,
                        field) -> MeteringPoint:
    """The ``total`` point of ``code`` in direction ``kind``, created on first use; a meter
    code may carry both directions (a bidirectional meter: two points, one code)."""
    mp = cache.get((code, kind))
    if mp is None:
        mp = MeteringPoint(code=code, kind=kind, channel="total")
        session.add(mp)
        cache[(code, kind)] = mp
    return mp


def point_cache(session: Session) -> dict:
    return {(mp.code, mp.kind): mp for mp in session.scalars(
        select(MeteringPoint).where(MeteringPoint.channel == "total"))}


def import_accounts(session: Session, path: str | Path, progress=None, cancelled=None
                    ) -> ImportResult:
    path = check_file(path)
    tariffs = set(session.scalars(select(Tariff.code)))
    points = point_cache(session)
    existing = {a.code: a for a in session.scalars(
        select(Account).options(selectinload(Account.groups)))}
    seen: dict[str, int] = {}
    used_points: dict[str, tuple[str, int | None]] = {}
    by_id = {mp.id: mp.code for mp in points.values()}
    for a in existing.values():
        for pid in (a.consumption_point_id, a.production_point_id):
            if pid is not None:
                used_points[by_id[pid]] = (a.code, None)
    rows = changed = 0
    for line, r in csv_rows(path, REQUIRED, OPTIONAL):
        def fail(msg, field):
            raise InputError(msg, file=str(path), line=line, field=field)

        code = r["account"]
        if not code:
            fail("empty account number", "account")
        if not _CODE.match(code):
            fail(f"account number {code!r} has characters other than letters, digits and "
                 "._:/-", "account")
        if code in seen:
            fail(f"account {code} appears twice (first on line {seen[code]})", "account")
        seen[code] = line
        if not r["name"]:
            fail("empty name", "name")
        lang = r["language"].lower()
        if lang not in LANGUAGES:
            fail(f"unknown language {r['language']!r}; expected de, fr, it or en", "language")
        country = r["country"].upper() or "CH"
        if not re.fullmatch(r"[A-Z]{2}", country):
            fail(f"country {r['country']!r} is not an ISO 3166 two-letter code", "country")
        email = r["email"] or None
        if email and not _EMAIL.match(email):
            fail(f"malformed e-mail address {email!r}", "email")
        tariff = r["tariff"]
        if not tariff:
            fail("empty tariff code", "tariff")
        if tariff not in tariffs:
            fail(f"unknown tariff {tariff!r}; import the tariff first", "tariff")
        start = _date(r["supply_start"], path, line, "supply_start")
        end = _date(r["supply_end"], path, line, "supply_end") if r.get("supply_end") else None
        if end is not None and end <= start:
            fail(f"supply_end {end} is not after supply_start {start}", "supply_end")
        groups = sorted({g.strip() for g in (r.get("group") or "").split(";") if g.strip()})
        cp, pp = r["consumption_point"], r.get("production_point") or None
        for field, mpc in (("consumption_point", cp), ("production_point", pp)):
            if field == "consumption_point" and not mpc:
                fail("empty consumption point", field)
            if mpc and not _CODE.match(mpc):
                fail(f"metering point code {mpc!r} has characters other than letters, digits "
                     "and ._:/-", field)
            if mpc and mpc in used_points and used_points[mpc][0] != code:
                owner, where = used_points[mpc]
                fail(f"metering point {mpc} already belongs to account {owner}"
                     + (f" (line {where})" if where else ""), field)
            if mpc:
                used_points[mpc] = (code, line)
        cmp_ = get_or_create_point(session, points, cp, "consumption", path, line,
                                   "consumption_point")
        pmp = get_or_create_point(session, points, pp, "production", path, line,
                                  "production_point") if pp else None
        values = dict(name=r["name"], street=r["street"], postcode=r["postcode"], city=r["city"],
                      country=country, language=lang, email=email, tariff_code=tariff,
                      supply_start=start, supply_end=end)
        acc = existing.get(code)
        if acc is None:
            acc = Account(code=code, **values)
            session.add(acc)
            existing[code] = acc
            dirty = True
        else:
            dirty = any(getattr(acc, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(acc, k, v)
            dirty |= sorted(g.name for g in acc.groups) != groups
        acc.consumption_point, acc.production_point = cmp_, pmp
        dirty |= (acc.consumption_point_id not in (None, cmp_.id)
                  or acc.production_point_id != (pmp.id if pmp else None))
        if sorted(g.name for g in acc.groups) != groups:
            acc.groups = [AccountGroup(name=g) for g in groups]
        rows += 1
        changed += bool(dirty)
    if rows == 0:
        raise InputError("the file has a header but no rows", file=str(path))
    session.flush()
    return finish_import(session, "accounts", path, rows, changed, {})
