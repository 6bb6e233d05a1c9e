"""Index price series CSV: ``series, start, price`` (hourly or 15-minute steps)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from billdesk.domain import values
from billdesk.domain.errors import InputError
from billdesk.store.importers.checks import check_code
from billdesk.store.importers.files import ImportResult, csv_rows, finish_import, read_source
from billdesk.store.models import PricePoint, PriceSeriesRow


def parse_instant(value: str, path, line, field) -> datetime:
    try:
        dt = values.parse_instant(value)
    except ValueError as exc:
        raise InputError(str(exc), file=str(path), line=line, field=field) from None
    if dt.minute % 15 or dt.second or dt.microsecond:
        raise InputError(f"timestamp {value!r} is not on the 15-minute grid", file=str(path),
                         line=line, field=field)
    return dt


def import_prices(session: Session, path: str | Path, progress=None, cancelled=None
                  ) -> ImportResult:
    source = read_source(path)
    path = source.name
    series: dict[str, dict[datetime, Decimal]] = {}
    first_line: dict[tuple[str, datetime], int] = {}
    rows = 0
    for line, r in csv_rows(source, ["series", "start", "price"]):
        code = check_code(r["series"], "series code", file=path, line=line, field="series")
        t = parse_instant(r["start"], path, line, "start")
        try:
            price = values.parse_decimal(r["price"])
        except ValueError as exc:
            raise InputError(str(exc), file=str(path), line=line, field="price") from None
        if price.adjusted() > 6 or price.as_tuple().exponent < -9:
            raise InputError(f"price {r['price']!r} is out of range (at most 6 integer digits "
                             "and 9 decimals)", file=str(path), line=line, field="price")
        if (code, t) in first_line:
            raise InputError(f"duplicate price for {code} at {r['start']} (first on line "
                             f"{first_line[(code, t)]})", file=str(path), line=line,
                             field="start")
        first_line[(code, t)] = line
        series.setdefault(code, {})[t] = price
        rows += 1
    if rows == 0:
        raise InputError("the file has a header but no rows", file=str(path), line=2)
    changed = 0
    for code, points in series.items():
        row = session.scalar(select(PriceSeriesRow).where(PriceSeriesRow.code == code))
        if row is None:
            row = PriceSeriesRow(code=code)
            session.add(row)
            session.flush()
            old = {}
        else:
            lo, hi = min(points), max(points)
            old = {p.start_utc: p.price for p in session.scalars(
                select(PricePoint).where(PricePoint.series_id == row.id,
                                         PricePoint.start_utc >= lo, PricePoint.start_utc <= hi))}
        new = {t: p for t, p in points.items() if old.get(t) != p}
        if not new:
            continue
        replaced = [t for t in new if t in old]
        for i in range(0, len(replaced), 500):
            session.execute(delete(PricePoint).where(PricePoint.series_id == row.id,
                                                     PricePoint.start_utc.in_(replaced[i:i + 500])))
        session.add_all(PricePoint(series_id=row.id, start_utc=t, price=p) for t, p in new.items())
        changed += len(new)
    session.flush()
    return finish_import(session, "prices", source, rows, changed, {"series": sorted(series)})
