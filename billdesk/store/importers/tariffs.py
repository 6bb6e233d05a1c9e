"""Tariff JSON: one version or a list (schema: resources/schemas/tariff.schema.json)."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk import paths
from billdesk.domain.errors import InputError
from billdesk.domain.tariff import FieldError, TariffVersion, parse_tariff
from billdesk.store import audit, settings
from billdesk.store.importers.checks import CODE, check_free_text, shown
from billdesk.store.importers.files import MAX_JSON_FILE, ImportResult, finish_import, read_source
from billdesk.store.importers.jsonpos import line_of, load_json
from billdesk.store.models import Tariff, TariffComponentRow, TariffVersionRow

_DECIMAL_REPR = re.compile(r"Decimal\('([^']*)'\)")


@lru_cache(maxsize=1)
def tariff_schema() -> dict:
    return json.loads((paths.resources() / "schemas" / "tariff.schema.json").read_text())


def content_hash(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


def save_tariff_version(session: Session, tv: TariffVersion) -> bool:
    """Insert or update one version; True if anything changed."""
    definition = tv.to_json()
    h = content_hash(definition)
    tariff = session.scalar(select(Tariff).where(Tariff.code == tv.code))
    if tariff is None:
        tariff = Tariff(code=tv.code, name=tv.name, currency=tv.currency, timezone=tv.timezone)
        session.add(tariff)
        session.flush()
    elif tariff.currency != tv.currency:
        raise FieldError("currency", f"tariff {tv.code} is in {tariff.currency}; a version in "
                         f"{tv.currency} cannot be added")
    tariff.name, tariff.timezone = tv.name, tv.timezone
    row = session.scalar(select(TariffVersionRow).where(TariffVersionRow.tariff_id == tariff.id,
                                                        TariffVersionRow.valid_from == tv.valid_from))
    if row is not None and row.content_hash == h:
        return False
    if row is None:
        row = TariffVersionRow(tariff_id=tariff.id, valid_from=tv.valid_from)
        session.add(row)
    else:
        audit.record(session, "tariff.version_replaced", "tariff", tv.code,
                     {"valid_from": tv.valid_from.isoformat(), "old_hash": row.content_hash,
                      "new_hash": h})
    row.definition, row.content_hash = definition, h
    row.components = [
        TariffComponentRow(position=i, type=c["type"], pricing=c["pricing"],
                           label=comp.label,
                           vat_rate=c["vat_rate"],
                           params={k: v for k, v in c.items()
                                   if k not in ("type", "pricing", "label", "vat_rate")})
        for i, (c, comp) in enumerate(zip(definition["components"], tv.components))]
    return True


def import_tariffs(session: Session, path: str | Path, progress=None, cancelled=None
                   ) -> ImportResult:
    import jsonschema

    source = read_source(path, MAX_JSON_FILE)
    path = source.name
    doc, lines = load_json(source)
    items = doc if isinstance(doc, list) else [doc]
    prefix = (lambda i: f"[{i}].") if isinstance(doc, list) else (lambda i: "")
    if not items:
        raise InputError("an empty list: no tariff in the file", file=str(path), line=1)
    utility_tz = settings.timezone_name(session)
    versions = []
    seen = set()
    for i, item in enumerate(items):
        def fail(message, field):
            field = prefix(i) + field
            raise InputError(message, file=str(path), line=line_of(lines, field.rstrip(".")),
                             field=field.rstrip(".")) from None

        try:
            tv = parse_tariff(item, default_timezone=utility_tz)
        except FieldError as exc:
            fail(exc.message, exc.field)
        if tv.timezone != utility_tz:
            fail(f"time zone {shown(tv.timezone)} differs from the utility's time zone "
                 f"{utility_tz}: billdesk prices every schedule in the utility's zone; set "
                 f"\"timezone\": \"{utility_tz}\" or leave it out", "timezone")
        if not CODE.fullmatch(tv.code):
            fail(f"tariff code {shown(tv.code)} must be 1..64 letters, digits or ._:/-", "code")
        check_free_text(tv.name, Tariff.name, "name", file=path,
                        line=line_of(lines, prefix(i) + "name"), field=prefix(i) + "name")
        for j, comp in enumerate(tv.components):
            f = f"{prefix(i)}components[{j}]."
            check_free_text(comp.label, TariffComponentRow.label, "label", file=path,
                            line=line_of(lines, f + "label"), field=f + "label")
            if comp.series is not None and not CODE.fullmatch(comp.series):
                fail(f"series code {shown(comp.series)} must be 1..64 letters, digits or "
                     "._:/-", f"components[{j}].series")
        key = (tv.code, tv.valid_from)
        if key in seen:
            raise InputError(f"tariff {tv.code} valid from {tv.valid_from} appears twice",
                             file=str(path), line=line_of(lines, prefix(i) + "valid_from"),
                             field=prefix(i) + "valid_from")
        seen.add(key)
        versions.append(tv)
    one = {"$ref": "#/$defs/tariff", "$defs": tariff_schema()["$defs"]}
    validator = jsonschema.Draft202012Validator(one)
    for i, item in enumerate(items):
        e = jsonschema.exceptions.best_match(validator.iter_errors(item))
        if e is not None:
            field = prefix(i) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                        for p in e.absolute_path).lstrip(".")
            field = field.rstrip(".")
            message = _DECIMAL_REPR.sub(r"\1", e.message)   # values as written
            raise InputError(f"does not match the tariff schema: {message}", file=str(path),
                             line=line_of(lines, field), field=field or None)
    changed = 0
    for i, tv in enumerate(versions):
        try:
            changed += save_tariff_version(session, tv)
        except FieldError as exc:
            raise InputError(exc.message, file=str(path),
                             line=line_of(lines, prefix(i) + exc.field),
                             field=prefix(i) + exc.field) from None
    return finish_import(session, "tariffs", source, len(versions), changed,
                         {"tariffs": sorted({v.code for v in versions})})
