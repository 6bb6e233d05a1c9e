"""Why finalize refuses to issue documents (billdesk.runs.freeze): a seller not registered
for VAT that charges VAT (docs/billing-rules.md "VAT of a seller not registered for VAT"),
and the problems of their Factur-X e-invoice (billdesk.pdf.facturx_check) or QR-bill, as one
``InvalidEInvoice`` naming every account and bill."""

from __future__ import annotations

from collections import defaultdict

from billdesk.domain.errors import InputError
from billdesk.pdf.facturx_check import problems
from billdesk.pdf.facturx_xml import build_xml

#: what the e-invoice of a seller without VAT number that charges VAT breaks as a consequence
#: (reported once, as the VAT charged: ``vat_charged``)
_CHARGED_CONSEQUENCES = ("BR-O-11", "BR-O-12", "BR-S-02", "BR-Z-02", "BR-E-02")


def vat_charged(doc) -> list[str]:
    """A seller not registered for VAT (no VAT number in the company profile) must not
    charge VAT (docs/billing-rules.md "VAT"): the lines of ``doc`` (an InvoiceDocument) that
    carry a VAT rate, as one problem; empty when the seller has a VAT number or none do."""
    if (doc.company.vat_number or "").strip():
        return []
    taxed = [ln for ln in doc.bill.lines if ln.component != "rounding" and ln.vat_rate != 0]
    if not taxed:
        return []
    rates = "/".join(f"{r.normalize():f}%" for r in sorted({ln.vat_rate for ln in taxed}))
    tariff = f" of tariff {doc.bill.tariff_code}" if doc.bill.tariff_code else ""
    return [f"{_CHARGED} ({rates}{tariff}): a seller not registered "
            "for VAT charges none — set the vat_rate of the tariff's components to 0 and bill "
            "the accounts again, or set the company's VAT number"]


def document_problems(doc, payment_reference: str | None = None) -> list[str]:
    """What stops ``doc`` (an InvoiceDocument, labels as printed) from being issued: VAT
    charged by a seller not registered for VAT, and the problems of its Factur-X XML."""
    charged = vat_charged(doc)
    found = problems(build_xml(doc, payment_reference))
    if charged:
        found = [p for p in found if not p.startswith(_CHARGED_CONSEQUENCES)]
    return charged + found


class InvalidEInvoice(InputError):
    """Finalize refused: the Factur-X e-invoice (or the Swiss QR-bill) of some documents
    would be invalid; nothing was issued. ``problems``: (bill id, account code, [what is
    wrong]) per document."""

    SHOWN = 12

    def __init__(self, problems: list[tuple[int, str, list[str]]], total: int):
        self.problems = problems
        by_reason: dict[str, list[str]] = defaultdict(list)
        for bid, account, bad in problems:
            for reason in bad:
                by_reason[reason].append(f"account {account} (bill {bid})")
        parts = []
        for reason, who in list(by_reason.items())[:self.SHOWN]:
            more = f" and {len(who) - 3:,} more" if len(who) > 3 else ""
            parts.append(f"{', '.join(who[:3])}{more}: {reason}")
        if len(by_reason) > self.SHOWN:
            parts.append(f"… {len(by_reason) - self.SHOWN} more problem(s)")
        reasons = [r for _b, _a, bad in problems for r in bad]
        seller = all(any(w in r for w in _SELLER_WORDS) for r in reasons)
        charged = any(r.startswith(_CHARGED) for r in reasons)
        fix = ("Correct the tariffs' VAT rates (or the company's VAT number) and bill the "
               "accounts again" if charged else
               "Correct the company profile (Settings ▸ Company) and finalize again" if seller
               else "Correct the accounts (import them again) or the company profile and "
               "finalize again")
        super().__init__(
            f"nothing was issued: the Factur-X e-invoice (EN 16931) or Swiss QR-bill of "
            f"{len(problems):,} of {total:,} document(s) would be invalid — " + "; ".join(parts)
            + f". {fix}", field="tariff" if charged else "company" if seller else "account")


#: a problem of the issuer (the company profile), not of an account
_SELLER_WORDS = ("seller", "creditor", "IBAN", "iban")
_CHARGED = "the company has no VAT number (not registered for VAT) but the bill charges VAT"


__all__ = ["InvalidEInvoice", "document_problems", "vat_charged"]
