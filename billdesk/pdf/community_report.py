"""The community statement as PDF (reportlab platypus): monthly figures with a chart of
production, local use and surplus, then members and producers over the whole period."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from billdesk.pdf.fonts import BOLD, FONT, register_fonts


ACCENT = colors.Color(0.10, 0.35, 0.55)
LOCAL = colors.Color(0.20, 0.60, 0.30)
SURPLUS = colors.Color(0.95, 0.70, 0.20)


def _n(v: Decimal | None, dec: int = 1) -> str:
    if v is None:
        return "–"
    return f"{v:,.{dec}f}".replace(",", "’")


def _table(rows, widths, header_rows=1, text_cols=1):
    t = Table(rows, colWidths=widths, repeatRows=header_rows)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 7.5),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), ACCENT),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.5, ACCENT),
        ("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.grey),
        ("FONT", (0, -1), (-1, -1), BOLD, 7.5),
        ("ALIGN", (text_cols, 0), (-1, -1), "RIGHT"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return t


def _chart(report) -> Drawing:
    months = [m for m in report.months]
    d = Drawing(170 * mm, 62 * mm)
    ch = VerticalBarChart()
    ch.x, ch.y, ch.width, ch.height = 14 * mm, 10 * mm, 150 * mm, 44 * mm
    ch.data = [[float(m.local) for m in months], [float(m.surplus) for m in months]]
    ch.categoryAxis.categoryNames = [f"{m.period.start:%m.%y}" for m in months]
    ch.categoryAxis.labels.fontName = FONT
    ch.categoryAxis.labels.fontSize = 6.5
    ch.valueAxis.labels.fontName = FONT
    ch.valueAxis.labels.fontSize = 6.5
    ch.valueAxis.valueMin = 0
    ch.categoryAxis.style = "stacked"
    ch.bars[0].fillColor = LOCAL
    ch.bars[1].fillColor = SURPLUS
    ch.bars.strokeWidth = 0
    d.add(ch)
    lg = Legend()
    lg.x, lg.y = 18 * mm, 60 * mm
    lg.fontName, lg.fontSize = FONT, 7
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.colorNamePairs = [(LOCAL, "local use (kWh)"), (SURPLUS, "surplus fed in (kWh)")]
    d.add(lg)
    return d


def write_pdf(report, path: str | Path) -> None:
    register_fonts()
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=14, textColor=ACCENT, spaceAfter=2 * mm)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=10, textColor=ACCENT,
                        spaceBefore=4 * mm, spaceAfter=1.5 * mm)
    body = ParagraphStyle("b", fontName=FONT, fontSize=8.5, leading=11)
    total = report.total()
    cur = report.currency
    story = [
        Paragraph(f"Community statement: {_esc(report.name)}", h1),
        Paragraph(f"{report.type.upper()} · allocation {report.allocation} · period "
                  f"{report.period}", body),
        Paragraph(f"Production {_n(total.production)} kWh, used locally {_n(total.local)} kWh, "
                  f"surplus {_n(total.surplus)} kWh. Self-consumption "
                  f"{_n(total.self_consumption)} %, self-sufficiency "
                  f"{_n(total.self_sufficiency)} %."
                  + (" Some amounts are from draft documents." if total.drafts else ""), body),
        Spacer(1, 3 * mm), _chart(report),
        Paragraph("Month by month", h2),
    ]
    rows = [["Month", "Production kWh", "Local kWh", "Surplus kWh", "Consumption kWh",
             "Self-cons. %", "Self-suff. %"]]
    for m in report.months:
        if m.error:
            rows.append([f"{m.period.start:%Y-%m}", Paragraph(_esc(m.error), body), "", "", "",
                         "", ""])
            continue
        rows.append([f"{m.period.start:%Y-%m}", _n(m.production), _n(m.local), _n(m.surplus),
                     _n(m.consumption), _n(m.self_consumption), _n(m.self_sufficiency)])
    rows.append(["Total", _n(total.production), _n(total.local), _n(total.surplus),
                 _n(total.consumption), _n(total.self_consumption),
                 _n(total.self_sufficiency)])
    story.append(_table(rows, [22 * mm] + [24 * mm] * 6))
    story.append(Paragraph("Members", h2))
    rows = [["Account", "Name", "Consumption kWh", "Local kWh", "Self-suff. %",
             f"Local energy {cur}"]]
    for r in sorted(total.members.values(), key=lambda r: r.account):
        share = (r.local * 100 / r.consumption).quantize(Decimal("0.1")) if r.consumption \
            else None
        rows.append([r.account, r.name[:32], _n(r.consumption), _n(r.local), _n(share),
                     _n(r.amount, 2)])
    rows.append(["Total", "", _n(total.consumption), _n(total.local),
                 _n(total.self_sufficiency),
                 _n(sum((r.amount for r in total.members.values() if r.amount is not None),
                        Decimal(0)), 2)])
    story.append(_table(rows, [22 * mm, 50 * mm, 26 * mm, 24 * mm, 24 * mm, 26 * mm],
                        text_cols=2))
    story.append(Paragraph("Producers (self-billing credit notes)", h2))
    rows = [["Account", "Name", "Credited kWh", "Surplus kWh", f"Paid {cur}"]]
    for r in sorted(total.producers.values(), key=lambda r: r.account):
        rows.append([r.account, r.name[:32], _n(r.credited), _n(r.surplus), _n(r.amount, 2)])
    rows.append(["Total", "", _n(sum((r.credited for r in total.producers.values()),
                                     Decimal(0))),
                 _n(sum((r.surplus for r in total.producers.values()), Decimal(0))),
                 _n(sum((r.amount for r in total.producers.values() if r.amount is not None),
                        Decimal(0)), 2)])
    story.append(_table(rows, [22 * mm, 60 * mm, 30 * mm, 30 * mm, 30 * mm], text_cols=2))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=f"Community statement {report.name} {report.period}")
    doc.build(story)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
