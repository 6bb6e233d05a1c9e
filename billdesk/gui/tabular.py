"""Writing a table to CSV or XLSX (no Qt: the app snapshots a table on the GUI thread and
writes it with these functions on a worker).

Spreadsheet formula injection: a cell whose text starts with ``=``, ``+``, ``-``, ``@`` (or a
tab / carriage return) would be read as a formula by a spreadsheet. In CSV such a text is
written with a leading apostrophe (OWASP's advice); in XLSX every text is a string cell
(never a formula: ``strings_to_formulas`` off) and those texts carry Excel's quote prefix,
so they show exactly as in the app. Numbers stay numbers (sums work in the spreadsheet);
money and counts are exported as their values, not their formatted text.
"""

from __future__ import annotations

import csv
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from billdesk.domain.errors import InputError

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def escape_csv(text: str) -> str:
    return "'" + text if text.startswith(DANGEROUS) else text


def _plain(v):
    """A value as written: numbers as numbers, dates as ISO text, the rest as text."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()                          # numpy scalars
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, Decimal)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def write_table(path: str | Path, headers: list[str], rows, sheet: str = "billdesk",
                progress=None, cancelled=None) -> tuple[Path, int]:
    """Write ``rows`` (iterables of values) under ``headers``; CSV or XLSX by the suffix.
    Returns (path, rows written)."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(f"{out.name}: export as .csv or .xlsx", file=str(out))
    tmp = out.with_name(out.name + ".part")
    try:
        n = (_write_csv if suffix == ".csv" else _write_xlsx)(tmp, headers, rows, sheet,
                                                             progress, cancelled)
        if cancelled and cancelled():
            tmp.unlink(missing_ok=True)
            raise InputError("export cancelled; nothing was written", file=str(out))
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {out}: {exc}", file=str(out)) from None
    return out, n


def _write_csv(path: Path, headers, rows, sheet, progress, cancelled) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8-sig") as f:   # BOM: Excel reads UTF-8
        w = csv.writer(f)
        w.writerow([escape_csv(h) for h in headers])
        for row in rows:
            vals = []
            for v in row:
                p = _plain(v)
                vals.append("" if p is None else escape_csv(p) if isinstance(p, str) else p)
            w.writerow(vals)
            n += 1
            if n % 5000 == 0:
                if progress:
                    progress(n, 0, "")
                if cancelled and cancelled():
                    break
    return n


def _write_xlsx(path: Path, headers, rows, sheet, progress, cancelled) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_urls": False,
                                         "strings_to_numbers": False,
                                         "constant_memory": True})
    try:
        ws = wb.add_worksheet(sheet[:31] or "billdesk")
        bold = wb.add_format({"bold": True})
        quoted = wb.add_format({"quote_prefix": True})
        for c, h in enumerate(headers):
            ws.write_string(0, c, str(h), bold)
        ws.freeze_panes(1, 0)
        n = 0
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                p = _plain(v)
                if p is None:
                    continue
                if isinstance(p, str):
                    if p.startswith(DANGEROUS):
                        ws.write_string(r, c, p, quoted)
                    else:
                        ws.write_string(r, c, p)
                elif isinstance(p, bool):
                    ws.write_boolean(r, c, p)
                else:
                    ws.write_number(r, c, float(p))
            n += 1
            if n % 5000 == 0:
                if progress:
                    progress(n, 0, "")
                if cancelled and cancelled():
                    break
        ws.autofilter(0, 0, max(n, 1), max(len(headers) - 1, 0))
    finally:
        wb.close()
    return n


def snapshot_rows(columns) -> "iter":
    """Rows from a column snapshot ``[(kind, values, shown_text_fn), …]`` (see
    ``ColumnModel.export_snapshot``): numbers as values, the rest as the text the app shows."""
    n = len(columns[0][1]) if columns else 0
    numeric = ("int", "amount", "money", "num1", "num3", "pct")
    for i in range(n):
        row = []
        for kind, values, shown in columns:
            v = values[i]
            if kind in numeric:
                row.append(v)
            else:
                row.append(shown(v))
        yield row


def export_snapshot(path: str, headers: list[str], columns, progress=None,
                    cancelled=None) -> tuple[Path, int]:
    return write_table(path, headers, snapshot_rows(columns), progress=progress,
                       cancelled=cancelled)


def export_bills(url: str, query, path: str, headers: list[str], progress=None,
                 cancelled=None) -> tuple[Path, int]:
    """Every bill of a Bills page query, in its order, read page by page."""
    from billdesk.gui.engines import factory_for
    from billdesk.store.listings import bill_page

    def rows():
        offset = 0
        while True:
            with factory_for(url)() as s:
                page = bill_page(s, query, offset, 5000)
            for b in page:
                yield (b.number or "", b.kind, b.status, b.account, b.name,
                       b.period_start, b.period_end - timedelta(days=1), b.total, b.currency, b.run_id,
                       b.created_at, b.issued_at, b.delivery or "", b.id)
            if len(page) < 5000 or (cancelled and cancelled()):
                return
            offset += 5000

    return write_table(path, headers, rows(), progress=progress, cancelled=cancelled)


BILL_EXPORT_HEADERS = ("Number", "Kind", "Status", "Account", "Name", "Period start",
                       "Period end (last day)", "Total", "Currency", "Run", "Created",
                       "Issued", "Delivery", "Id")
