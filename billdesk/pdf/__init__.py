"""Invoice rendering: A4 invoice / credit note PDFs with Swiss QR-bill and Factur-X (EN 16931).

Public API::

    from billdesk.pdf import CompanyProfile, InvoiceDocument, render_invoice, export_many
"""

from billdesk.pdf.batch import ExportFailure, ExportReport, invoice_file_name, safe_component
from billdesk.pdf.document import CompanyProfile, InvoiceDocument, export_many, render_invoice

__all__ = ["CompanyProfile", "InvoiceDocument", "render_invoice", "export_many", "ExportReport",
           "ExportFailure", "invoice_file_name", "safe_component"]
