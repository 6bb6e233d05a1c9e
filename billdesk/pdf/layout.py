"""The layout model of an invoice: rows of known height drawn top-down, placed on pages.

A ``Row`` draws itself with its top edge at a given y; ``paginate`` places the table header,
the line rows, the totals and the consumption summary on pages, repeating the table header on
continuation pages and keeping the bottom 105 mm of the last page free for the QR-bill
payment part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from billdesk.pdf import i18n
from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.swissqr import BILL_HEIGHT_MM

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
RIGHT = PAGE_W - 20 * mm
ACCENT = (0.0, 0.36, 0.59)
GREY = (0.38, 0.38, 0.38)
LIGHT = (0.90, 0.93, 0.96)


@dataclass
class Row:
    height: float                       # points
    draw: Callable[[Canvas, float], None]  # draws with its top edge at y
    kind: str = "row"                   # row | table_header | block
    keep_with_next: bool = False


@dataclass
class Ctx:
    doc: InvoiceDocument
    lang: str
    cur: str
    sign: int
    qr: object | None
    reference: str | None
    pages: int = 1

    def t(self, key, **kw):
        return i18n.text(key, self.lang, **kw)


def spacer(h_mm: float) -> Row:
    return Row(h_mm * mm, lambda c, y: None)


BOTTOM = 18 * mm                                  # above the footer
QR_TOP = (BILL_HEIGHT_MM + 6) * mm                 # content must end above this on the QR page


def paginate(header: Row, body: list[Row], totals: list[Row], summary: list[Row],
             need_qr: bool, first_top: float, next_top: float) -> list[list[tuple[Row, float]]]:
    """Place rows on pages: [[(row, y_top), ...], ...]. The ``totals`` follow the table; the
    ``summary`` goes with the payment part (``need_qr``) when it fits above it; the payment
    part needs the last page's bottom 105 mm; table rows repeat the ``header`` on
    continuation pages."""
    pages: list[list[tuple[Row, float]]] = [[]]
    y = first_top
    pages[0].append((header, y))
    y -= header.height

    def new_page():
        nonlocal y
        pages.append([])
        y = next_top

    for i, row in enumerate(body):
        need = row.height
        if row.keep_with_next and i + 1 < len(body):
            need += body[i + 1].height
        if y - need < BOTTOM:
            new_page()
            pages[-1].append((header, y))
            y -= header.height
        pages[-1].append((row, y))
        y -= row.height
    for r in totals:                    # totals follow the table
        if y - r.height < BOTTOM:
            new_page()
        pages[-1].append((r, y))
        y -= r.height
    rest_h = sum(r.height for r in summary)
    if need_qr:
        # consumption summary and terms go with the payment part when they fit above it
        if y - rest_h < QR_TOP and next_top - rest_h >= QR_TOP:
            new_page()
    for r in summary:
        if y - r.height < BOTTOM:
            new_page()
        pages[-1].append((r, y))
        y -= r.height
    if need_qr and y < QR_TOP:
        new_page()
    return pages
