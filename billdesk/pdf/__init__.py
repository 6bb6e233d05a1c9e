"""Invoice rendering: A4 invoice / credit note PDFs with Swiss QR-bill and Factur-X (EN 16931).

The package's façade::

    from billdesk.pdf import CompanyProfile, InvoiceDocument, render_invoice, export_many

Where things are: ``document`` (the plain, picklable inputs), ``render`` (one PDF: layout,
blocks, page, fonts, pdfa, swissqr, facturx_xml), ``batch`` (many PDFs on worker processes).
"""

from billdesk.pdf.batch import (ExportFailure, ExportReport, export_many, invoice_file_name,
                                safe_component)
from billdesk.pdf.document import CompanyProfile, InvoiceDocument


def render_invoice(doc: InvoiceDocument, *, check_xsd: bool = False) -> bytes:
    """The finished PDF (PDF/A-3 style, Factur-X EN 16931 XML embedded) as bytes.

    The generated XML is always checked (well-formed, valid against the Factur-X EN 16931
    XSD): ``facturx_xml.InvalidXml`` instead of a document with a broken e-invoice.
    ``check_xsd`` is kept for compatibility (the check is no longer optional). reportlab is
    imported on first use.
    """
    from billdesk.pdf.render import render_invoice as _render

    return _render(doc, check_xsd=check_xsd)


__all__ = ["CompanyProfile", "InvoiceDocument", "render_invoice", "export_many", "ExportReport",
           "ExportFailure", "invoice_file_name", "safe_component"]
