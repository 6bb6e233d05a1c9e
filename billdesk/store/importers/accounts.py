"""Accounts CSV (INTERFACES.md): creates or updates accounts and their metering points.

Every field is checked against what it must become: the address against the Swiss QR-bill
and the e-invoice (``checks.check_address``), codes and texts against their columns, the
country against ISO 3166, dates against the supported range.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billdesk.domain.errors import InputError
from billdesk.domain.values import control_character, parse_date
from billdesk.store.importers.checks import (check_address, check_code, check_free_text,
                                             country_code, shown)
from billdesk.store.importers.files import ImportResult, csv_rows, finish_import, read_source
from billdesk.store.models import Account, AccountGroup, MeteringPoint, Tariff

REQUIRED = ["account", "name", "street", "postcode", "city", "country", "language", "email",
            "tariff", "supply_start", "consumption_point"]
OPTIONAL = ["group", "supply_end", "production_point", "vat_registered"]
LANGUAGES = ("de", "fr", "it", "en")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")
_TRUE = {"true", "yes", "1", "y", "ja", "oui", "si", "sì"}
_FALSE = {"false", "no", "0", "n", "", "nein", "non"}


def _date(value: str, path, line, field) -> date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError(str(exc), file=str(path), line=line, field=field) from None


def _flag(value: str, path, line, field) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise InputError(f"{field} {shown(value)} is not a yes/no value; expected true or false "
                     "(empty = false)", file=str(path), line=line, field=field)


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
    source = read_source(path)
    path = source.name
    rows_in = list(csv_rows(source, REQUIRED, OPTIONAL))   # parsed before the lock is taken
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
    for line, r in rows_in:
        def fail(msg, field):
            raise InputError(msg, file=str(path), line=line, field=field)

        code = check_code(r["account"], "account number", file=path, line=line,
                          field="account")
        if code in seen:
            fail(f"account {code} appears twice (first on line {seen[code]})", "account")
        seen[code] = line
        check_free_text(r["name"], Account.name, "name", file=path, line=line, field="name",
                        required=True)
        lang = r["language"].lower()
        if lang not in LANGUAGES:
            fail(f"unknown language {shown(r['language'])}; expected de, fr, it or en",
                 "language")
        country = country_code(r["country"] or "CH")
        if country is None:
            fail(f"country {shown(r['country'])} is not an ISO 3166 two-letter code (e.g. CH, "
                 "LI, DE)", "country")
        check_address({"name": r["name"], "street": r["street"], "postcode": r["postcode"],
                       "city": r["city"], "country": country}, file=path, line=line)
        email = r["email"] or None
        if email and (not _EMAIL.match(email) or control_character(email) or len(email) > 254
                      or not email.isascii() and not email.isprintable()):
            fail(f"malformed e-mail address {shown(email)}", "email")
        tariff = r["tariff"]
        if not tariff:
            fail("empty tariff code", "tariff")
        if tariff not in tariffs:
            fail(f"unknown tariff {shown(tariff)}; import the tariff first", "tariff")
        vat_registered = _flag(r["vat_registered"], path, line, "vat_registered") \
            if "vat_registered" in r else None   # column absent: the account keeps its value
        start = _date(r["supply_start"], path, line, "supply_start")
        end = _date(r["supply_end"], path, line, "supply_end") if r.get("supply_end") else None
        if end is not None and end <= start:
            fail(f"supply_end {end} is not after supply_start {start}", "supply_end")
        groups = sorted({g.strip() for g in (r.get("group") or "").split(";") if g.strip()})
        for g in groups:
            check_free_text(g, AccountGroup.name, "group", file=path, line=line, field="group")
        cp, pp = r["consumption_point"], r.get("production_point") or None
        for field, mpc in (("consumption_point", cp), ("production_point", pp)):
            if field == "consumption_point" and not mpc:
                fail("empty consumption point", field)
            if mpc:
                check_code(mpc, "metering point code", file=path, line=line, field=field)
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
        if vat_registered is not None or code not in existing:
            values["vat_registered"] = bool(vat_registered)
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
        raise InputError("the file has a header but no rows", file=str(path), line=2)
    session.flush()
    return finish_import(session, "accounts", source, rows, changed, {})
