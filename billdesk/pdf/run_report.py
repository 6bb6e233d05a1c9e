"""The summary report of a bill run as a PDF (A4, reportlab platypus, the invoices' fonts):
configuration, accounts by result, errors, documents, totals per tariff and per VAT rate,
and the number ranges issued. English (a report for the utility's own staff)."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from billdesk.pdf.fonts import BOLD, FONT, register_fonts


def _money(x: Decimal) -> str:
    return f"{x:,.2f}".replace(",", "\u2019")


def _int(n: int) -> str:
    return f"{n:,}".replace(",", "\u2019")


def _table(rows, widths, right=()):
    t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    style = [("FONT", (0, 0), (-1, -1), FONT, 8.5), ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#333333")),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f7")]),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for c in right:
        style.append(("ALIGN", (c, 0), (c, -1), "RIGHT"))
    t.setStyle(TableStyle(style))
    return t


def render_run_report(report) -> bytes:
    """The report (billdesk.runs.report.RunReport) as PDF bytes."""
    register_fonts()
    r = report.run
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=8,
                        spaceAfter=3)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=f"Bill run {r.id} — summary", author=report.company or
                            "billdesk", subject=r.name)
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    made = report.generated_at.astimezone(ZoneInfo(report.timezone))
    last = r.period_end - timedelta(days=1)
    story = [Paragraph(f"Bill run {r.id}: {r.name}", h1),
             Paragraph(f"{report.company + ' · ' if report.company else ''}"
                       f"report of {made:%Y-%m-%d %H:%M} ({report.timezone})", body),
             Spacer(1, 4 * mm)]
    th = r.thresholds or {}
    conf = [["Setting", "Value"], ["Period", f"{r.period_start} – {last} (last day included)"],
            ["Target", r.target], ["Status", r.status.replace("_", " ")],
            ["Error handling / billing", f"{r.mode} / {r.billing}"],
            ["Minimum data quality",
             f"worst flag {th.get('min_quality', 'missing')}, measured ≥ "
             f"{float(th.get('min_measured_share', 0)):.0%}, missing ≤ "
             f"{'no limit' if th.get('max_missing') is None else th.get('max_missing')}"],
            ["Created", f"{r.created_at:%Y-%m-%d %H:%M} UTC by {r.created_by}"
             if r.created_at else ""],
            ["Parent run", f"#{r.parent_id}" if r.parent_id else "–"]]
    story += [Paragraph("Configuration", h2), _table(conf, (45, 125))]
    c = r.counts
    story += [Paragraph("Accounts", h2),
              _table([["Result", "Accounts"], ["total", _int(c.total)],
                      ["succeeded", _int(c.succeeded)], ["failed", _int(c.failed)],
                      ["skipped", _int(c.skipped)], ["pending", _int(c.pending)]],
                     (45, 30), right=(1,))]
    if report.errors:
        story += [Paragraph("Errors", h2),
                  _table([["Error code", "Accounts"]] + [[k, _int(n)] for k, n in
                                                          sorted(report.errors.items())],
                         (45, 30), right=(1,))]
    story += [Paragraph("Documents", h2),
              _table([["Kind", "Documents", "Total"]]
                     + [[k.replace("_", " "), _int(n), _money(t)]
                        for k, (n, t) in sorted(report.kinds.items())]
                     + [["status " + k, _int(n), ""] for k, n in sorted(
                         report.statuses.items())], (45, 30, 40), right=(1, 2))]
    story += [Paragraph("Totals per tariff", h2),
              _table([["Tariff", "Currency", "Bills", "Net", "VAT", "Total"]]
                     + [[t.tariff, t.currency, _int(t.bills), _money(t.net), _money(t.vat),
                         _money(t.total)] for t in report.tariffs],
                     (45, 18, 20, 30, 27, 30), right=(2, 3, 4, 5))]
    story += [Paragraph("VAT per rate", h2),
              _table([["Rate", "Currency", "Net", "VAT"]]
                     + [[f"{v.rate} %", v.currency, _money(v.net), _money(v.vat)]
                        for v in report.vat], (25, 18, 35, 30), right=(0, 2, 3))]
    story.append(Paragraph("Numbers issued", h2))
    if report.numbers:
        story.append(_table([["Kind", "First", "Last", "Count", "Gap-free"]]
                            + [[n.kind.replace("_", " "), n.first, n.last, _int(n.count),
                                "yes" if n.gap_free else "see the series"]
                               for n in report.numbers], (35, 40, 40, 22, 28), right=(3,)))
    else:
        story.append(Paragraph("No number issued yet: the run is not finalized.", body))
    doc.build(story)
    return buf.getvalue()
