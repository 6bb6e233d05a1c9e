"""Subject and body of a document's e-mail: the template of its language and kind, with the
placeholders (billdesk.store.mail_templates.PLACEHOLDERS) formatted by Babel for the
customer's Swiss locale (de_CH, fr_CH, it_CH, en_CH), like the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from babel.dates import format_date, format_interval

from billdesk.dispatch.documents import Outgoing
from billdesk.domain.period import add_months
from billdesk.pdf import i18n
from billdesk.store.mail_templates import KINDS, LANGUAGES


@lru_cache(maxsize=4096)
def period_text(start: date, end: date, language: str) -> str:
    """A billing period (end exclusive) in words: a month, a quarter, a year, or a range."""
    loc = i18n.LOCALES[language]
    if start.day == 1 and end == add_months(start, 1):
        return format_date(start, "LLLL y", locale=loc)
    if start.day == 1 and start.month % 3 == 1 and end == add_months(start, 3):
        return format_date(start, "QQQ y", locale=loc)
    if start.day == 1 and start.month == 1 and end == add_months(start, 12):
        return str(start.year)
    return format_interval(start, end - timedelta(days=1), "yMMMd", locale=loc)


@lru_cache(maxsize=4096)
def long_date(d: date, language: str) -> str:
    return format_date(d, "long", locale=i18n.LOCALES[language])


def language_of(doc: Outgoing) -> str:
    return doc.language if doc.language in LANGUAGES else "de"


def values(doc: Outgoing) -> dict[str, str]:
    lang = language_of(doc)
    # a producer's self-billing note is mailed with the credit-note template, named as itself
    kind = "credit_note" if doc.kind in ("credit_note", "self_billing") else "invoice"
    return {
        "number": doc.number,
        "kind": i18n.text("self_billing" if doc.kind == "self_billing" else kind, lang),
        "period": period_text(doc.period_start, doc.period_end, lang),
        "period_start": long_date(doc.period_start, lang),
        "period_end": long_date(doc.period_end - timedelta(days=1), lang),
        "amount": i18n.fmt_money(abs(doc.total), doc.currency, lang),
        "currency": doc.currency,
        "due_date": long_date(doc.due_date if kind == "invoice" else doc.issue_date, lang),
        "issue_date": long_date(doc.issue_date, lang),
        "name": doc.name,
        "account": doc.account,
        "company": doc.company_name,
        "company_email": doc.company_email,
        "company_phone": doc.company_phone,
    }


def render(templates: dict, doc: Outgoing) -> tuple[str, str]:
    """(subject, body) of ``doc``'s message from the effective ``templates``
    (billdesk.store.settings_catalog.templates)."""
    lang = language_of(doc)
    kind = "credit_note" if doc.kind == "self_billing" else (
        doc.kind if doc.kind in KINDS else "invoice")
    t = templates[lang][kind]
    v = values(doc)
    subject = " ".join(t["subject"].format_map(v).split())
    body = t["body"].format_map(v)
    return subject, body
