"""E-mail templates: the defaults in de/fr/it/en and the placeholders a template may use.

A template is a subject and a body per language and document kind, stored in the settings
table under ``email.LANG.KIND.subject`` / ``email.LANG.KIND.body`` when changed (the defaults
below apply otherwise). Placeholders are written ``{name}``; a literal brace is ``{{`` or
``}}``. The values are formatted for the customer's language with Babel
(billdesk.dispatch.templates) before they are put in.
"""

from __future__ import annotations

from string import Formatter

from billdesk.domain.errors import InputError

LANGUAGES = ("de", "fr", "it", "en")
KINDS = ("invoice", "credit_note")
PARTS = ("subject", "body")

#: placeholder -> what it stands for (docs/dispatch.md lists the same)
PLACEHOLDERS = {
    "number": "the document number, e.g. INV-2026-000123",
    "kind": "the kind of document in the customer's language (Rechnung, Facture, …)",
    "period": "the billing period, e.g. 'Oktober 2025', '1.–15. Okt. 2025'",
    "period_start": "the first day of the period (long date)",
    "period_end": "the last day of the period (long date)",
    "amount": "the total with its currency, e.g. 'CHF 1’234.50'",
    "currency": "the currency code, e.g. CHF",
    "due_date": "the payment due date (long date); for a credit note the issue date",
    "issue_date": "the issue date (long date)",
    "name": "the customer's name",
    "account": "the customer's account number",
    "company": "the issuing company's name",
    "company_email": "the company's e-mail address",
    "company_phone": "the company's phone number",
}

_SIGNATURE = "\n\n{company}\n{company_email} · {company_phone}\n"

DEFAULTS: dict[str, dict[str, dict[str, str]]] = {
    "de": {
        "invoice": {
            "subject": "Ihre Rechnung {number} für {period}",
            "body": ("Guten Tag {name}\n\n"
                     "Im Anhang finden Sie Ihre Rechnung {number} für {period} über {amount}, "
                     "zahlbar bis {due_date}. Bitte verwenden Sie für die Zahlung den "
                     "QR-Zahlteil der Rechnung.\n\n"
                     "Kundennummer: {account}\n\n"
                     "Freundliche Grüsse" + _SIGNATURE),
        },
        "credit_note": {
            "subject": "Ihre Gutschrift {number} für {period}",
            "body": ("Guten Tag {name}\n\n"
                     "Im Anhang finden Sie Ihre Gutschrift {number} für {period} über "
                     "{amount}.\n\n"
                     "Kundennummer: {account}\n\n"
                     "Freundliche Grüsse" + _SIGNATURE),
        },
    },
    "fr": {
        "invoice": {
            "subject": "Votre facture {number} pour {period}",
            "body": ("Bonjour {name},\n\n"
                     "Vous trouverez ci-joint votre facture {number} pour {period} d’un montant "
                     "de {amount}, payable jusqu’au {due_date}. Veuillez utiliser la section "
                     "de paiement QR de la facture.\n\n"
                     "Numéro de client : {account}\n\n"
                     "Meilleures salutations" + _SIGNATURE),
        },
        "credit_note": {
            "subject": "Votre note de crédit {number} pour {period}",
            "body": ("Bonjour {name},\n\n"
                     "Vous trouverez ci-joint votre note de crédit {number} pour {period} d’un "
                     "montant de {amount}.\n\n"
                     "Numéro de client : {account}\n\n"
                     "Meilleures salutations" + _SIGNATURE),
        },
    },
    "it": {
        "invoice": {
            "subject": "La sua fattura {number} per {period}",
            "body": ("Buongiorno {name}\n\n"
                     "In allegato trova la sua fattura {number} per {period} di {amount}, "
                     "pagabile entro il {due_date}. Per il pagamento utilizzi la sezione di "
                     "pagamento QR della fattura.\n\n"
                     "Numero cliente: {account}\n\n"
                     "Cordiali saluti" + _SIGNATURE),
        },
        "credit_note": {
            "subject": "La sua nota di credito {number} per {period}",
            "body": ("Buongiorno {name}\n\n"
                     "In allegato trova la sua nota di credito {number} per {period} di "
                     "{amount}.\n\n"
                     "Numero cliente: {account}\n\n"
                     "Cordiali saluti" + _SIGNATURE),
        },
    },
    "en": {
        "invoice": {
            "subject": "Your invoice {number} for {period}",
            "body": ("Dear {name}\n\n"
                     "Please find attached your invoice {number} for {period} of {amount}, "
                     "due by {due_date}. Please pay with the QR payment part of the "
                     "invoice.\n\n"
                     "Customer number: {account}\n\n"
                     "Kind regards" + _SIGNATURE),
        },
        "credit_note": {
            "subject": "Your credit note {number} for {period}",
            "body": ("Dear {name}\n\n"
                     "Please find attached your credit note {number} for {period} of "
                     "{amount}.\n\n"
                     "Customer number: {account}\n\n"
                     "Kind regards" + _SIGNATURE),
        },
    },
}


def key(language: str, kind: str, part: str) -> str:
    return f"email.{language}.{kind}.{part}"


ALL_KEYS = tuple(key(lang, k, p) for lang in LANGUAGES for k in KINDS for p in PARTS)


def parse_key(name: str) -> tuple[str, str, str] | None:
    parts = name.split(".")
    if len(parts) == 4 and parts[0] == "email" and parts[1] in LANGUAGES \
            and parts[2] in KINDS and parts[3] in PARTS:
        return parts[1], parts[2], parts[3]
    return None


def check_template(text: str, where: str, part: str = "body") -> str:
    """A template that uses only known placeholders, without attribute or index access,
    conversions or format specs; a subject is one line."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("a template cannot be empty", field=where)
    if part == "subject" and ("\n" in text.strip() or "\r" in text):
        raise InputError("a subject is one line", field=where)
    try:
        fields = list(Formatter().parse(text))
    except ValueError as exc:
        raise InputError(f"{exc} (write a literal brace as '{{{{' or '}}}}')",
                         field=where) from None
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise InputError(f"unknown placeholder {{{name}}}; known: "
                             + ", ".join("{" + p + "}" for p in PLACEHOLDERS), field=where)
        if spec or conversion:
            raise InputError(f"placeholder {{{name}}} takes no format or conversion "
                             "(the value is already formatted for the language)", field=where)
    return text.strip() if part == "subject" else text.replace("\r\n", "\n")
