"""Payment references derived from the invoice number (deterministic, documented rule).

* **QR-IBAN → QR reference (QRR)**, 27 digits: ``prefix`` (the creditor's optional digit
  prefix, e.g. a bank customer id) followed by *all digits of the invoice number* (other
  characters dropped), left-padded with zeros to 26 digits, then the modulo-10-recursive check
  digit (Swiss ESR/QRR algorithm). ``2026-000123`` → ``000000000000000002026000123`` + check.
  The digits of the invoice numbers of one series are unique (gap-free numbers), so references
  are unique per series; an invoice number with more than 26 digits (with the prefix) is
  refused.
* **IBAN → creditor reference (SCOR, ISO 11649)**: ``RF`` + 2 check digits + the invoice
  number's letters and digits, upper-cased (other characters dropped), at most 21 characters.
  ``539007547034`` → ``RF18539007547034`` (SIX sample).

Credit notes get no payment part and so no reference.
"""

from __future__ import annotations

_MOD10_TABLE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def mod10_recursive(digits: str) -> int:
    carry = 0
    for ch in digits:
        carry = _MOD10_TABLE[(carry + int(ch)) % 10]
    return (10 - carry) % 10


def qr_reference(invoice_number: str, prefix: str = "") -> str:
    """The 27-digit QR reference for an invoice number (see module doc)."""
    if prefix and not prefix.isdigit():
        raise ValueError(f"QR reference prefix must be digits, got {prefix!r}")
    digits = prefix + "".join(ch for ch in invoice_number if ch.isdigit())
    if not digits.strip("0"):
        raise ValueError(f"invoice number {invoice_number!r} has no digits for a QR reference")
    if len(digits) > 26:
        raise ValueError(f"invoice number {invoice_number!r} has too many digits for a "
                         "QR reference (26 at most, prefix included)")
    body = digits.rjust(26, "0")
    return body + str(mod10_recursive(body))


def _iso7064_numeric(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s))


def creditor_reference(invoice_number: str) -> str:
    """The ISO 11649 creditor reference ``RFxx…`` for an invoice number (see module doc)."""
    body = "".join(ch for ch in invoice_number.upper() if ch.isascii() and ch.isalnum())
    if not body:
        raise ValueError(f"invoice number {invoice_number!r} has no letters or digits for a "
                         "creditor reference")
    if len(body) > 21:
        raise ValueError(f"invoice number {invoice_number!r} is too long for a creditor "
                         "reference (21 letters/digits at most)")
    check = 98 - _iso7064_numeric(body + "RF00") % 97
    return f"RF{check:02d}{body}"


def is_qr_iban(iban: str) -> bool:
    """True for a QR-IBAN (institution id 30000–31999)."""
    compact = iban.replace(" ", "").upper()
    return compact[:2] in ("CH", "LI") and compact[4:9].isdigit() and \
        30000 <= int(compact[4:9]) <= 31999


def payment_reference(invoice_number: str, iban: str, qr_prefix: str = "") -> str:
    """QR reference for a QR-IBAN, creditor reference for any other IBAN."""
    if is_qr_iban(iban):
        return qr_reference(invoice_number, qr_prefix)
    return creditor_reference(invoice_number)
