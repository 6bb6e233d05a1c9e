"""The canonical serialisation and the frozen document: stable, exact, complete."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from billdesk.domain.canonical import canonical_text, sha256_hex
from billdesk.pdf.document import InvoiceDocument
from billdesk.pdf.frozen import FrozenContentError, _codec, freeze, thaw
from billdesk.pdf.sample import demo_company, demo_document


def test_canonical_text_is_the_documented_form():
    value = {"b": [Decimal("12.30"), Decimal("-0.05"), 3, True, None],
             "a": {"z": date(2026, 1, 2), "é": "Zürich"},
             "t": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}
    assert canonical_text(value) == ('{"a":{"z":"2026-01-02","é":"Zürich"},'
                                     '"b":["12.30","-0.05",3,true,null],'
                                     '"t":"2026-01-02T03:04:05+00:00"}')
    assert sha256_hex(canonical_text(value)) == sha256_hex(canonical_text(dict(value)))


@pytest.mark.parametrize("bad", [1.5, {"x": float("nan")}, Decimal("Infinity"),
                                 datetime(2026, 1, 1), {1: "not a string key"}])
def test_canonical_refuses_what_has_no_stable_text(bad):
    with pytest.raises(TypeError):
        canonical_text(bad)


def test_frozen_document_round_trips_exactly():
    doc = demo_document(company=demo_company(logo=False), corrects_number="2025-000001")
    data = freeze(doc)
    text = canonical_text(data)
    assert thaw(json.loads(text)) == doc
    # the same document always gives the same bytes, also after a round trip
    assert canonical_text(freeze(thaw(json.loads(text)))) == text
    assert '"total":"' in text and '"issue_date":"2026-02-05"' in text
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_frozen_content_refuses_unknown_and_float_fields():
    data = freeze(demo_document(company=demo_company(logo=False)))
    with pytest.raises(FrozenContentError, match="newer billdesk"):
        thaw({**data, "community_figures": []})
    bad = json.loads(json.dumps(data))
    bad["bill"]["total"] = 12.5
    with pytest.raises(FrozenContentError, match="float"):
        thaw(bad)
    with pytest.raises(TypeError):
        freeze(dataclasses.replace(demo_document(), bill=dataclasses.replace(
            demo_document().bill, total=12.5)))


@dataclasses.dataclass(frozen=True)
class Saving:
    label: str
    amount: Decimal
    day: date | None = None


@dataclasses.dataclass(frozen=True)
class LaterDocument(InvoiceDocument):
    """As a later billdesk might extend the document (issue 17: community figures)."""

    savings: tuple[Saving, ...] = ()
    self_sufficiency: Decimal | None = None


def test_a_field_added_to_the_document_is_frozen_with_no_change_to_the_code():
    base = demo_document(company=demo_company(logo=False))
    later = LaterDocument(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)},
                          savings=(Saving("LEG discount", Decimal("-4.20"), date(2026, 1, 31)),),
                          self_sufficiency=Decimal("0.42"))
    enc, dec = _codec(LaterDocument)
    data = json.loads(canonical_text(enc(later)))
    assert data["savings"] == [{"amount": "-4.20", "day": "2026-01-31", "label": "LEG discount"}]
    assert dec(data) == later
    # content written before the field existed thaws with its default
    old = {k: v for k, v in data.items() if k not in ("savings", "self_sufficiency")}
    assert dec(old) == dataclasses.replace(later, savings=(), self_sufficiency=None)
