"""Index price series CSV: ``series, start, price`` (hourly or 15-minute steps)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.store.importers.files import ImportResult, check_file, csv_rows, finish_import
from billdesk.store.models import PricePoint, PriceSeriesRow


def parse_instant(value: str, path, line, field) -> datetime:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"malformed timestamp {value!r}; expected ISO 8601 with an offset or Z",
                         file=str(path), line=line, field=field) from None
    if dt.tzinfo is None:
        raise InputError(f"timestamp {value!r} has no UTC offset; add +01:00, +02:00 or Z",
                         file=str(path), line=line, field=field)
    dt = dt.astimezone(timezone.utc)
    if dt.minute % 15 or dt.second or dt.microsecond:
        raise InputError(f"timestamp {value!r} is not on the 15-minute grid", file=str(path),
                         line=line, field=field)
    return dt


def import_prices(session: Session, path: str | Path, progress=None, cancelled=None
                  ) -> ImportResult:
    path = check_file(path)
    series: dict[str, dict[datetime, Decimal]] = {}
    first_line: dict[tuple[str, datetime], int] = {}
    rows = 0
    for line, r in csv_rows(path, ["series", "start", "price"]):
        code = r["series"]
        if not code:
            raise InputError("empty series code", file=str(path), line=line, field="series")
        t = parse_instant(r["start"], path, line, "start")
        try:
            price = Decimal(r["price"])
            if not price.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise InputError(f"malformed number {r['price']!r}", file=str(path), line=line,
                             field="price") from None
        if (code, t) in first_line:
            raise InputError(f"duplicate price for {code} at {r['start']} (first on line "
                             f"{first_line[(code, t)]})", file=str(path), line=line,
                             field="start")
        first_line[(code, t)] = line
        series.setdefault(code, {})[t] = price
        rows += 1
    if rows == 0:
        raise InputError("the file has a header but no rows", file=str(path))
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
    return finish_import(session, "prices", path, rows, changed, {"series": sorted(series)})
