"""A producer's self-billing note is mailed with the credit-note text, never "please pay"."""

from datetime import date
from decimal import Decimal as D

from billdesk.dispatch.templates import render, values
from billdesk.dispatch.documents import Outgoing
from billdesk.store.mail_templates import DEFAULTS


def _doc(kind, lang):
    return Outgoing(1, 1, "SB-2026-000001", kind, "issued", "P1", "Name", "p@example.ch",
                    lang, "Weg 1", "8000", "Zürich", "CH", "CHF", D("-56.04"),
                    date(2026, 6, 1), date(2026, 7, 1), date(2026, 7, 2), date(2026, 8, 1))


def test_self_billing_mail_uses_the_credit_note_template():
    for lang, word in (("de", "Selbstfakturierung"), ("fr", "autofacturation"),
                       ("it", "autofatturazione"), ("en", "Self-billing")):
        assert word in values(_doc("self_billing", lang))["kind"]
        assert render(DEFAULTS, _doc("self_billing", lang)) == \
            render(DEFAULTS, _doc("credit_note", lang))
        assert render(DEFAULTS, _doc("self_billing", lang)) != \
            render(DEFAULTS, _doc("invoice", lang))
