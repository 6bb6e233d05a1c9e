"""The invoice's body as layout rows: the lines table grouped by component (a group header
carrying the group subtotal), the totals with the VAT summary per rate and the payment
terms, and the consumption summary (daily kWh bars drawn as vectors, kWh figures,
data-quality note)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from billdesk.domain.bill import BillKind, BillLine
from billdesk.pdf import i18n
from billdesk.pdf.details import localize_detail
from billdesk.pdf.fonts import BOLD, FONT, fit_text, text_width
from billdesk.pdf.layout import ACCENT, GREY, LEFT, LIGHT, RIGHT, Ctx, Row

GROUP_ORDER = ("energy", "grid", "power", "levy", "base_fee", "community_energy",
               "grid_discount", "feed_in")


def _group_key(component: str) -> str:
    return component if component in GROUP_ORDER else "other"


def _grouped(lines: tuple[BillLine, ...]):
    groups: dict[str, list[BillLine]] = defaultdict(list)
    for ln in lines:
        if ln.component == "rounding":
            continue
        groups[_group_key(ln.component)].append(ln)
    order = list(GROUP_ORDER) + ["other"]
    return [(g, groups[g]) for g in order if groups.get(g)]


# table columns (right edges for numbers)
X_DESC = LEFT
X_QTY = 124 * mm
X_UNIT = 126 * mm
X_PRICE = 156 * mm
X_VAT = 168 * mm
X_AMT = RIGHT
DESC_W = X_QTY - X_DESC - 22 * mm


def _text_lines(c: Canvas, x: float, y: float, lines: list[str], size: float, step_mm: float,
                colour=(0, 0, 0)) -> float:
    """Lines of text from baseline ``y`` down, ``step_mm`` apart; the y after the last."""
    c.setFont(FONT, size)
    c.setFillColorRGB(*colour)
    for ln in lines:
        c.drawString(x, y, ln)
        y -= step_mm * mm
    c.setFillColorRGB(0, 0, 0)
    return y


def table_header(ctx: Ctx) -> Row:
    def draw(c: Canvas, y: float):
        c.setFillColorRGB(*LIGHT)
        c.rect(LEFT - 1.5 * mm, y - 5.2 * mm, RIGHT - LEFT + 3 * mm, 5.2 * mm, stroke=0, fill=1)
        c.setFillColorRGB(*GREY)
        c.setFont(BOLD, 7.5)
        base = y - 3.6 * mm
        c.drawString(X_DESC, base, ctx.t("description"))
        c.drawRightString(X_QTY, base, ctx.t("quantity"))
        c.drawString(X_UNIT, base, ctx.t("unit"))
        c.drawRightString(X_PRICE, base, f"{ctx.t('unit_price')} {ctx.cur}")
        c.drawRightString(X_VAT, base, f"{ctx.t('vat_pct')} %")
        c.drawRightString(X_AMT, base, f"{ctx.t('amount')} {ctx.cur}")
        c.setFillColorRGB(0, 0, 0)
    return Row(6.5 * mm, draw, "table_header")


def line_rows(ctx: Ctx) -> list[Row]:
    rows: list[Row] = []
    lang = ctx.lang
    sign = ctx.sign
    outside = ctx.doc.company.outside_vat   # not subject to VAT: no rate column values
    for group, lines in _grouped(ctx.doc.bill.lines):
        subtotal = sum((ln.net_amount for ln in lines), Decimal(0)) * sign
        title = ctx.t(f"group_{group}")

        def draw_group(c: Canvas, y: float, title=title, subtotal=subtotal):
            base = y - 4.0 * mm
            c.setFillColorRGB(*ACCENT)
            c.setFont(BOLD, 8.5)
            c.drawString(X_DESC, base, title)
            c.drawRightString(X_AMT, base, i18n.fmt_amount(subtotal, lang))
            c.setFillColorRGB(0, 0, 0)
        rows.append(Row(5.5 * mm, draw_group, keep_with_next=True))
        for ln in lines:
            sub = []
            if ln.detail:
                sub.append(localize_detail(ln.detail, lang))
            if ln.period_start and ln.period_end:
                end_incl = ln.period_end - timedelta(days=1)
                sub.append(f"{i18n.fmt_date(ln.period_start, lang)} – "
                           f"{i18n.fmt_date(end_incl, lang)}")
            subtext = " · ".join(sub)
            h = (4.1 + (3.0 if subtext else 0)) * mm

            def draw_line(c: Canvas, y: float, ln=ln, subtext=subtext):
                base = y - 3.3 * mm
                c.setFont(FONT, 8.5)
                c.drawString(X_DESC + 2 * mm, base, fit_text(ln.label, FONT, 8.5, DESC_W))
                c.drawRightString(X_QTY, base, i18n.fmt_number(ln.quantity * sign, lang, 0, 3))
                c.drawString(X_UNIT, base, i18n.unit_text(ln.unit, lang))
                c.drawRightString(X_PRICE, base, i18n.fmt_price(ln.unit_price, lang, ln.unit))
                c.drawRightString(X_VAT, base, "–" if outside and not ln.vat_rate
                                  else i18n.fmt_rate(ln.vat_rate, lang))
                c.drawRightString(X_AMT, base, i18n.fmt_amount(ln.net_amount * sign, lang))
                if subtext:
                    c.setFont(FONT, 7)
                    c.setFillColorRGB(*GREY)
                    c.drawString(X_DESC + 2 * mm, base - 3.0 * mm,
                                 fit_text(subtext, FONT, 7, DESC_W + 20 * mm))
                    c.setFillColorRGB(0, 0, 0)
            rows.append(Row(h, draw_line))
    return rows


def totals_block(ctx: Ctx) -> Row:
    bill = ctx.doc.bill
    lang, sign, cur = ctx.lang, ctx.sign, ctx.cur
    items: list[tuple[str, str, bool]] = []
    net = sum((ln.net_amount for ln in bill.lines if ln.component != "rounding"), Decimal(0))
    items.append((ctx.t("net_total"), i18n.fmt_amount(net * sign, lang), False))
    outside = ctx.doc.company.outside_vat
    if outside and not any(v.rate for v in bill.vat):   # a seller not registered for VAT
        items.append((ctx.t("not_subject_vat"), "", False))
    for v in bill.vat:
        if (v.credit or outside) and not v.rate:
            continue   # an unregistered producer's feed-in credit carries no VAT, nor a
            # seller not registered for VAT (one line "not subject to VAT" above)
        items.append((ctx.t("vat_credit_line" if v.credit else "vat_line",
                            rate=i18n.fmt_rate(v.rate, lang),
                            base=i18n.fmt_amount(v.net * sign, lang)),
                      i18n.fmt_amount(v.vat * sign, lang), False))
    rounding = bill.total - net - bill.vat_total
    if rounding:
        items.append((ctx.t("rounding"), i18n.fmt_amount(rounding * sign, lang), False))
    total_label = ctx.t("total_credit") if ctx.doc.kind == BillKind.CREDIT_NOTE else ctx.t("total")
    items.append((total_label, i18n.fmt_money(bill.total * sign, cur, lang), True))
    terms = _terms_lines(ctx)
    note = simpleSplit(ctx.t("einvoice_note"), FONT, 7, 84 * mm)
    height = max(len(items) * 4.6 + 4, len(terms) * 4 + len(note) * 3.2 + 6) * mm

    def draw(c: Canvas, y: float):
        yy = _text_lines(c, LEFT, y - 4.0 * mm, terms, 8.5, 4)
        _text_lines(c, LEFT, yy - 0.5 * mm, note, 7, 3.2, GREY)
        x_label = 112 * mm
        yy = y - 4.0 * mm
        for label, value, strong in items:
            if strong:
                yy -= 1.5 * mm
                c.setLineWidth(0.8)
                c.setStrokeColorRGB(*ACCENT)
                c.line(x_label, yy + 4.6 * mm, X_AMT, yy + 4.6 * mm)
                c.setFont(BOLD, 10.5)
            else:
                c.setFont(FONT, 8.5)
            c.drawString(x_label, yy, label)
            c.drawRightString(X_AMT, yy, value)
            yy -= 4.6 * mm
        c.setStrokeColorRGB(0, 0, 0)
    return Row(height, draw, "block")


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if v <= step * 4:
            return step * 4
    return v


def consumption_block(ctx: Ctx) -> Row:
    doc = ctx.doc
    bill = doc.bill
    lang = ctx.lang
    q = bill.quality
    if q.total == 0:
        qnote = ctx.t("quality_none")
    elif q.measured == q.total:
        qnote = ctx.t("quality_ok", total=i18n.fmt_number(Decimal(q.total), lang))
    else:
        qnote = ctx.t("quality_mixed", measured=i18n.fmt_number(Decimal(q.measured), lang),
                      total=i18n.fmt_number(Decimal(q.total), lang), substituted=q.substituted,
                      estimated=q.estimated, missing=q.missing)
    producer = doc.kind == BillKind.SELF_BILLING
    if producer:
        figures = [(ctx.t("sold_kwh"), bill.local_kwh)]
        if bill.export_kwh:
            figures.append((ctx.t("surplus_kwh"), bill.export_kwh))
        qnote = ""
    else:
        figures = [(ctx.t("consumption_kwh"), bill.consumption_kwh)]
        if bill.local_kwh:
            figures.append((ctx.t("local_kwh"), bill.local_kwh))
        if bill.grid_kwh and bill.local_kwh:
            figures.append((ctx.t("grid_kwh"), bill.grid_kwh))
        if bill.export_kwh:
            figures.append((ctx.t("export_kwh"), bill.export_kwh))
    extra = []            # community members: self-sufficiency and saving
    if not producer and bill.community_saving is not None:
        share = (bill.local_kwh * 100 / bill.consumption_kwh if bill.consumption_kwh
                 else Decimal(0))
        extra = [(ctx.t("self_sufficiency"), f"{i18n.fmt_number(share, lang, 1, 1)} %"),
                 (ctx.t("saving"), i18n.fmt_money(bill.community_saving, bill.currency,
                                                  lang))]
    chart_w, chart_h = 92 * mm, 24 * mm
    qlines = simpleSplit(qnote, FONT, 7, RIGHT - LEFT - chart_w - 8 * mm) if qnote else []
    daily = doc.daily_kwh
    has_chart = bool(daily)
    height = (6 + (chart_h / mm + 6 if has_chart else 0)) * mm
    height = max(height, (6 + 4.2 * (len(figures) + len(extra)) + 2 + 3.2 * len(qlines)) * mm)

    def draw(c: Canvas, y: float):
        c.setFillColorRGB(*ACCENT)
        c.setFont(BOLD, 9.5)
        c.drawString(LEFT, y - 4 * mm, ctx.t("production" if producer else "consumption"))
        c.setFillColorRGB(0, 0, 0)
        # figures and the quality note right of the chart
        fx = LEFT + chart_w + 8 * mm
        yy = y - 4 * mm
        for label, value in figures:
            c.setFont(FONT, 8)
            c.drawString(fx, yy, label)
            c.drawRightString(RIGHT, yy, f"{i18n.fmt_number(value, lang, 0, 1)} kWh")
            yy -= 4.2 * mm
        for label, value in extra:
            c.setFont(BOLD, 8)
            c.drawString(fx, yy, fit_text(label, BOLD, 8, RIGHT - fx - 19 * mm))
            c.drawRightString(RIGHT, yy, value)
            yy -= 4.2 * mm
        _text_lines(c, fx, yy - 1 * mm, qlines, 7, 3.2, GREY)
        if has_chart:
            _draw_chart(c, daily, LEFT, y - 8 * mm - chart_h, chart_w, chart_h, ctx)
    return Row(height, draw, "block")


def _draw_chart(c: Canvas, daily, x0: float, y0: float, w: float, h: float, ctx: Ctx):
    values = [float(v) for _, v in daily]
    top = _nice_max(max(values) if values else 0)
    n = len(values)
    label_w = 7 * mm
    cx = x0 + label_w
    cw = w - label_w
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.setFont(FONT, 6)
    c.setFillColorRGB(*GREY)
    for i in range(5):
        gy = y0 + h * i / 4
        c.line(cx, gy, cx + cw, gy)
        val = top * i / 4
        c.drawRightString(cx - 1.2 * mm, gy - 2, f"{val:g}")
    slot = cw / max(n, 1)
    p = c.beginPath()
    for i, v in enumerate(values):
        bh = h * max(v, 0) / top if top else 0
        p.rect(cx + i * slot + slot * 0.15, y0, slot * 0.7, min(bh, h))
    c.setFillColorRGB(*ACCENT)
    c.drawPath(p, stroke=0, fill=1)
    c.setFillColorRGB(*GREY)
    step = 1 if n <= 10 else (5 if n <= 62 else 30)
    for i, (d, _) in enumerate(daily):
        if i % step == 0:
            c.drawCentredString(cx + (i + 0.5) * slot, y0 - 2.8 * mm,
                                i18n.fmt_short_date(d, ctx.lang))
    c.drawString(cx + cw - text_width(ctx.t("daily_kwh"), FONT, 6), y0 + h + 1.2 * mm,
                 ctx.t("daily_kwh"))
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


def _terms_lines(ctx: Ctx) -> list[str]:
    doc = ctx.doc
    lang = ctx.lang
    if doc.kind == BillKind.SELF_BILLING:
        text = ctx.t("self_billing_terms")
    elif doc.kind == BillKind.CREDIT_NOTE:
        text = ctx.t("credit_terms")
    elif doc.bill.total <= 0:
        text = ctx.t("nothing_due")
    elif ctx.qr is not None:
        text = ctx.t("payment_terms", date=i18n.fmt_date(doc.due_date, lang))
    else:
        text = ctx.t("payment_terms_noqr", date=i18n.fmt_date(doc.due_date, lang))
    return simpleSplit(text, FONT, 8.5, 84 * mm)
