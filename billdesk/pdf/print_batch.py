"""One print-ready PDF of many invoices for duplex printing (pypdf + reportlab).

The documents' own pages are copied unchanged (pypdf), in the order given (the caller
sorts them by postcode). A cover page with the counts comes first; a blank page follows
the cover and every document with an odd number of pages, so that each document starts on
an odd page (a new sheet, front side) when printed on both sides. The file is written to
``FILE.part`` and renamed, so a half-written batch never has the final name.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

from pypdf import PdfReader, PdfWriter


@dataclass(frozen=True)
class PrintEntry:
    number: str
    kind: str           # invoice | credit_note
    name: str
    postcode: str
    city: str
    country: str


@dataclass
class PrintReport:
    out: Path
    documents: int = 0
    pages: int = 0            # document pages
    blank_pages: int = 0
    total_pages: int = 0      # with the cover and the blank pages
    sheets: int = 0           # duplex
    kinds: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def _fonts() -> tuple[str, str]:
    """The bundled Liberation Sans (regular, bold) registered with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from billdesk import paths

    names = ("BilldeskPrint", "BilldeskPrint-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        folder = paths.resources() / "fonts"
        pdfmetrics.registerFont(TTFont(names[0], str(folder / "LiberationSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(names[1], str(folder / "LiberationSans-Bold.ttf")))
    return names


def _cover(title: str, lines: list[tuple[str, str]], table: list[tuple[str, int]],
           size: tuple[float, float]) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    FONT, BOLD = _fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size)
    w, h = size
    y = h - 30 * mm
    c.setFont(BOLD, 20)
    c.drawString(25 * mm, y, title)
    y -= 14 * mm
    for label, value in lines:
        c.setFont(FONT, 11)
        c.drawString(25 * mm, y, label)
        c.setFont(BOLD, 11)
        c.drawString(95 * mm, y, value)
        y -= 7 * mm
    if table:
        y -= 6 * mm
        c.setFont(BOLD, 11)
        c.drawString(25 * mm, y, "Postcode area")
        c.drawRightString(120 * mm, y, "Documents")
        y -= 6 * mm
        c.setFont(FONT, 10)
        for area, n in table:
            if y < 25 * mm:
                c.drawString(25 * mm, y, "…")
                break
            c.drawString(25 * mm, y, area)
            c.drawRightString(120 * mm, y, f"{n:,}")
            y -= 5.2 * mm
    c.showPage()
    c.save()
    return buf.getvalue()


def postcode_area(e: PrintEntry) -> str:
    digits = "".join(ch for ch in e.postcode if ch.isdigit())
    area = (digits[:2] + "xx") if len(digits) >= 2 else (e.postcode or "?")
    return f"{e.country}-{area}"


def merge(entries: Iterable[tuple[PrintEntry, bytes | None, str | None]], out: str | Path,
          *, title: str, details: list[tuple[str, str]], progress=None, total: int = 0,
          cancelled=None) -> PrintReport:
    """Write the print batch of ``entries`` ((entry, pdf bytes or None, error)) to ``out``."""
    import time

    t0 = time.perf_counter()
    out = Path(out)
    report = PrintReport(out=out)
    writer = PdfWriter()
    kinds: Counter = Counter()
    countries: Counter = Counter()
    areas: Counter = Counter()
    size = (595.2756, 841.8898)          # A4 until the first document says otherwise
    done = 0
    for entry, data, error in entries:
        if cancelled and cancelled():
            raise KeyboardInterrupt("print batch cancelled")
        done += 1
        if data is None:
            report.failed.append((entry.number, error or "no PDF"))
            continue
        try:
            reader = PdfReader(io.BytesIO(data))
            pages = list(reader.pages)
        except Exception as exc:  # noqa: BLE001 - a broken file fails this document only
            report.failed.append((entry.number, f"unreadable PDF: {exc}"))
            continue
        if report.documents == 0 and pages:
            box = pages[0].mediabox
            size = (float(box.width), float(box.height))
        for p in pages:
            writer.add_page(p)
        report.pages += len(pages)
        if len(pages) % 2:
            writer.add_blank_page(width=size[0], height=size[1])
            report.blank_pages += 1
        report.documents += 1
        kinds[entry.kind] += 1
        countries[entry.country] += 1
        areas[postcode_area(entry)] += 1
        if progress and (done % 50 == 0 or done == total):
            progress(done, total, f"{done:,} of {total:,} documents merged")
    report.kinds = dict(kinds)
    report.countries = dict(countries)
    body_pages = report.pages + report.blank_pages
    report.total_pages = body_pages + 2
    report.sheets = report.total_pages // 2
    lines = list(details) + [
        ("Documents", f"{report.documents:,}"),
        ("Invoices", f"{kinds.get('invoice', 0):,}"),
        ("Credit notes", f"{kinds.get('credit_note', 0):,}"),
        ("Document pages", f"{report.pages:,}"),
        ("Blank pages (duplex)", f"{report.blank_pages + 1:,}"),
        ("Pages in this file", f"{report.total_pages:,}"),
        ("Sheets (printed on both sides)", f"{report.sheets:,}"),
        ("Countries", ", ".join(f"{k} {v:,}" for k, v in sorted(countries.items())) or "–"),
        ("Created", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")),
    ]
    if report.failed:
        lines.append(("Not included (no PDF)", f"{len(report.failed):,}"))
    cover = PdfReader(io.BytesIO(_cover(title, lines, sorted(areas.items()), size))).pages[0]
    writer.insert_page(cover, 0)
    writer.insert_blank_page(width=size[0], height=size[1], index=1)
    writer.add_metadata({"/Title": title, "/Creator": "billdesk"})
    tmp = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(tmp, "wb") as f:
            writer.write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    report.seconds = time.perf_counter() - t0
    return report
