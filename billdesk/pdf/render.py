"""The finished invoice PDF in one pass: A4 pages laid out from rows (billdesk.pdf.layout,
billdesk.pdf.blocks, billdesk.pdf.page), the Swiss QR-bill payment part (105 mm) at the
bottom of the last page of a payable CHF/EUR invoice (a new page when the content leaves no
room for it), and the PDF/A-3 + Factur-X parts (billdesk.pdf.pdfa).

Layout (mm from the top-left corner): logo top left, company block top right, recipient
address in the envelope window, invoice facts left of it, title at 98 mm, then the lines
grouped by component, the totals with the VAT summary, the consumption summary and the
payment terms. Fonts, the logo and the ICC profile are loaded once per process.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from billdesk.domain.bill import BillKind
from billdesk.pdf import i18n
from billdesk.pdf.blocks import consumption_block, line_rows, table_header, totals_block
from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.facturx_xml import build_xml, check_xml, sign_of
from billdesk.pdf.fonts import BOLD, FONT, register_fonts
from billdesk.pdf.layout import PAGE_H, Ctx, paginate, spacer
from billdesk.pdf.page import draw_first_header, draw_footer, draw_next_header, draw_page_number
from billdesk.pdf.pdfa import add_pdfa_parts, pdf_language
from billdesk.pdf.references import payment_reference
from billdesk.pdf.swissqr import build_qrbill, draw_payment_part

QR_CURRENCIES = ("CHF", "EUR")


def _make_qr(doc: InvoiceDocument):
    bill = doc.bill
    co = doc.company
    if doc.kind != BillKind.INVOICE or bill.currency not in QR_CURRENCIES or bill.total <= 0 \
            or not co.iban:
        return None, None
    reference = payment_reference(doc.number, co.iban, co.qr_reference_prefix)
    addr = doc.account.address
    qr = build_qrbill(
        iban=co.iban,
        creditor={"name": co.name, "street": co.street, "pcode": co.postcode, "city": co.city,
                  "country": co.country},
        debtor={"name": addr.name, "street": addr.street, "pcode": addr.postcode,
                "city": addr.city, "country": addr.country or "CH"},
        amount=bill.total, currency=bill.currency, reference=reference, language=doc.language,
        additional_information=f"{i18n.text('invoice', doc.language)} {doc.number}")
    return qr, reference


def render_invoice(doc: InvoiceDocument, check_xsd: bool = False) -> bytes:
    """The finished PDF/A-3 Factur-X invoice (see the module docstring) in one pass."""
    doc = doc.printed()      # the labels in the customer's language, as issued
    lang = i18n.check_language(doc.language)
    register_fonts()
    qr, reference = _make_qr(doc)
    xml = build_xml(doc, reference)
    check_xml(xml)   # always: a broken e-invoice fails the document, never "success"
    ctx = Ctx(doc=doc, lang=lang, cur=doc.bill.currency, sign=sign_of(doc), qr=qr,
               reference=reference)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, pdfVersion=(1, 7), initialFontName=FONT,
               initialFontSize=10, lang=pdf_language(doc))
    add_pdfa_parts(c, doc, xml)

    # the first page header is taller when it names a corrected bill
    first_top = PAGE_H - (112 if doc.corrects_number else 107.5) * mm
    next_top = PAGE_H - 29 * mm
    pages = paginate(table_header(ctx), line_rows(ctx), [spacer(2), totals_block(ctx)],
                     [spacer(4), consumption_block(ctx)], qr is not None, first_top, next_top)
    ctx.pages = len(pages)
    for n, rows in enumerate(pages, start=1):
        if n == 1:
            draw_first_header(c, ctx)
        else:
            draw_next_header(c, ctx)
        if ctx.pages > 1:
            draw_page_number(c, ctx, n)
        last = n == len(pages)
        for row, y in rows:
            row.draw(c, y)
        if last and qr is not None:
            draw_payment_part(c, qr, FONT, BOLD)
        else:
            draw_footer(c, ctx)
        c.showPage()
    a85 = rl_config.useA85
    rl_config.useA85 = 0        # binary page streams: smaller and faster than ASCII85
    try:
        c.save()
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()
