"""Page furniture of an invoice: the first page's header (logo top left, company block top
right, recipient address in the envelope window, invoice facts, title), the header of
continuation pages, page numbers and the footer.

The recipient address sits for a Swiss C5/DL envelope with the window on the right
(SN 010130): left edge 118 mm, top 50 mm (sender line above it at 46 mm), 72 mm wide.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from billdesk.domain.bill import BillKind
from billdesk.pdf import i18n
from billdesk.pdf.fonts import BOLD, FONT, fit_text, text_width
from billdesk.pdf.layout import ACCENT, GREY, LEFT, PAGE_H, RIGHT, Ctx
from billdesk.pdf.rl_internals import CachedImage


@lru_cache(maxsize=16)
def _logo(path: str) -> CachedImage | None:
    """The logo decoded and compressed once per process (an unreadable one is left out)."""
    try:
        return CachedImage(path)
    except Exception:  # an unreadable logo must not stop invoicing
        return None


def draw_logo(c: Canvas, path: str, x: float, y_top: float, max_w: float, max_h: float):
    logo = _logo(path)
    if logo is None:
        return
    scale = min(max_h / logo.height, max_w / logo.width)
    w, h = logo.width * scale, logo.height * scale
    logo.draw(c, x, y_top - h, w, h)


def draw_first_header(c: Canvas, ctx: Ctx) -> float:
    doc = ctx.doc
    co = doc.company
    lang = ctx.lang
    top = PAGE_H
    # logo
    if co.logo_path:
        draw_logo(c, co.logo_path, LEFT, top - 12 * mm, 62 * mm, 16 * mm)
    # company block
    x = 118 * mm
    y = top - 14 * mm
    c.setFont(BOLD, 9)
    c.setFillColorRGB(*ACCENT)
    c.drawString(x, y, co.name)
    c.setFillColorRGB(*GREY)
    c.setFont(FONT, 7.5)
    for s in (co.street, f"{co.postcode} {co.city}",
              " · ".join(v for v in (co.phone, co.email) if v), co.website,
              f"{i18n.text('vat_number', lang)} {co.vat_number}" if co.vat_number else "",
              registration_text(co, lang)):
        if s:
            y -= 3.4 * mm
            c.drawString(x, y, s)
    c.setFillColorRGB(0, 0, 0)
    # sender line + recipient address in the right window (SN 010130, C5/DL right)
    sender = f"{co.name}, {co.street}, {co.postcode} {co.city}"
    c.setFont(FONT, 6.5)
    sy = top - 46 * mm
    sender = fit_text(sender, FONT, 6.5, 72 * mm)
    c.drawString(x, sy, sender)
    c.setLineWidth(0.3)
    c.line(x, sy - 0.8 * mm, x + text_width(sender, FONT, 6.5), sy - 0.8 * mm)
    addr = doc.account.address
    lines = [addr.name, addr.street, f"{addr.postcode} {addr.city}"]
    if addr.country and addr.country.upper() != "CH":
        lines.append(addr.country.upper())
    y = top - 54 * mm
    c.setFont(FONT, 10)
    for s in lines:
        c.drawString(x, y, fit_text(s, FONT, 10, 72 * mm))
        y -= 4.6 * mm
    # facts left of the window
    is_credit = doc.kind in (BillKind.CREDIT_NOTE, BillKind.SELF_BILLING)
    end_incl = doc.bill.period_end - timedelta(days=1)
    facts = [
        (ctx.t("credit_number" if is_credit else "number"), doc.number),
        (ctx.t("issue_date"), i18n.fmt_date(doc.issue_date, lang)),
    ]
    if not is_credit:
        facts.append((ctx.t("due_date"), i18n.fmt_date(doc.due_date, lang)))
    facts += [
        (ctx.t("period"), f"{i18n.fmt_date(doc.bill.period_start, lang)} – "
                          f"{i18n.fmt_date(end_incl, lang)}"),
        (ctx.t("account"), doc.account.account),
        (ctx.t("metering_point"), doc.metering_point),
    ]
    if doc.bill.tariff_code:
        facts.append((ctx.t("tariff"), doc.bill.tariff_code))
    if doc.corrects_number:
        facts.append((ctx.t("corrects"), doc.corrects_number))
    y = top - 54 * mm
    value_x = LEFT + max(text_width(label, FONT, 7.5) for label, _ in facts) + 4 * mm
    for label, value in facts:
        c.setFont(FONT, 7.5)
        c.setFillColorRGB(*GREY)
        c.drawString(LEFT, y, label)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(FONT, 8)
        c.drawString(value_x, y, fit_text(value, FONT, 8, 114 * mm - value_x))
        y -= 4.1 * mm
    # title
    if doc.kind == BillKind.SELF_BILLING:
        title = ctx.t("self_billing")
    elif is_credit:
        title = ctx.t("credit_note")
    elif doc.corrects_number:
        title = ctx.t("replacement")
    else:
        title = ctx.t("invoice")
    ty = top - 98 * mm
    c.setFont(BOLD, 15)
    c.setFillColorRGB(*ACCENT)
    c.drawString(LEFT, ty, f"{title} {doc.number}")
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 9)
    what = "production_statement" if doc.kind == BillKind.SELF_BILLING else "electricity_bill"
    sub = (f"{ctx.t(what)} {i18n.fmt_date(doc.bill.period_start, lang)} – "
           f"{i18n.fmt_date(end_incl, lang)}")
    ty -= 5 * mm
    c.drawString(LEFT, ty, sub)
    if doc.corrects_number:
        ty -= 4.5 * mm
        c.setFont(BOLD, 9)
        key = "cancels_text" if is_credit else "replaces_text"
        c.drawString(LEFT, ty, ctx.t(key, number=doc.corrects_number))
    return ty - 5 * mm


def draw_next_header(c: Canvas, ctx: Ctx) -> float:
    doc = ctx.doc
    y = PAGE_H - 14 * mm
    c.setFont(BOLD, 9)
    c.setFillColorRGB(*ACCENT)
    c.drawString(LEFT, y, doc.company.name)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 8.5)
    kind = ctx.t(doc.kind.value)
    c.drawString(LEFT, y - 4.5 * mm,
                 f"{kind} {doc.number} · {doc.account.address.name} · {ctx.t('continued')}")
    c.setLineWidth(0.4)
    c.setStrokeColorRGB(*ACCENT)
    c.line(LEFT, y - 7 * mm, RIGHT, y - 7 * mm)
    c.setStrokeColorRGB(0, 0, 0)
    return y - 11 * mm


def draw_page_number(c: Canvas, ctx: Ctx, page: int):
    c.setFont(FONT, 7)
    c.setFillColorRGB(*GREY)
    c.drawRightString(RIGHT, PAGE_H - 8 * mm, ctx.t("page", page=page, pages=ctx.pages))
    c.setFillColorRGB(0, 0, 0)


def registration_text(co, lang: str) -> str:
    """The registration identifier as printed ("UID CHE-123.456.788"); "" when the company
    has none (documents issued before it existed print as they were issued)."""
    if not co.registration_id:
        return ""
    key = "uid" if co.registration_scheme == "0183" else "registration_id"
    return f"{i18n.text(key, lang)} {co.registration_id}"


def draw_footer(c: Canvas, ctx: Ctx):
    co = ctx.doc.company
    parts = [co.name, f"{co.street}, {co.postcode} {co.city}", co.website, co.vat_number,
             registration_text(co, ctx.lang)]
    c.setFont(FONT, 6.5)
    c.setFillColorRGB(*GREY)
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)
    c.line(LEFT, 14 * mm, RIGHT, 14 * mm)
    c.drawString(LEFT, 10.5 * mm, fit_text("  ·  ".join(p for p in parts if p), FONT, 6.5,
                                       RIGHT - LEFT))
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)
