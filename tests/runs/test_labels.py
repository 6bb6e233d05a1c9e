"""Invoice line labels in the customer's language (issue 14, point 8): a tariff component's
``label`` is a text or an object by language; lines store the default (the first text); the
invoice prints the customer's language; translations do not change the bills' fingerprints."""

import json
import shutil
import subprocess

import jsonschema
import pytest

from billdesk.domain.tariff import FieldError, parse_tariff
from billdesk.engine.fingerprint import tariff_digest
from billdesk.store.importers.tariffs import tariff_schema

BASE = {"code": "T", "name": "T", "currency": "CHF", "valid_from": "2024-01-01",
        "components": [
            {"type": "base_fee", "label": {"de": "Grundpreis", "fr": "Prix de base",
                                           "it": "Prezzo di base", "en": "Base fee"},
             "price": "9", "vat_rate": "8.1"},
            {"type": "energy", "label": "Energie", "price": "0.2", "vat_rate": "8.1"}]}


def test_label_objects_parse_validate_and_default_to_the_first():
    jsonschema.validate(BASE, tariff_schema())
    t = parse_tariff(BASE)
    base, energy = t.components
    assert base.label == "Grundpreis" and base.label_for("fr") == "Prix de base"
    assert base.label_for("rm") == "Grundpreis" and energy.label_for("fr") == "Energie"
    assert t.to_json()["components"][0]["label"]["it"] == "Prezzo di base"
    assert t.to_dict()["components"][0]["label"] == "Grundpreis"
    for bad in ({"xx": "a"}, {}, {"de": ""}, 5):
        d = json.loads(json.dumps(BASE))
        d["components"][0]["label"] = bad
        with pytest.raises(FieldError):
            parse_tariff(d)
    d = json.loads(json.dumps(BASE))
    d["components"][0]["label"] = {"xx": "a"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, tariff_schema())


def test_translations_do_not_change_the_fingerprint():
    plain = json.loads(json.dumps(BASE))
    plain["components"][0]["label"] = "Grundpreis"
    other = json.loads(json.dumps(BASE))
    other["components"][0]["label"]["fr"] = "Taxe de base"
    assert tariff_digest(parse_tariff(BASE)) == tariff_digest(parse_tariff(plain)) \
        == tariff_digest(parse_tariff(other))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_french_and_italian_invoices_print_their_labels(factory, tmp_path):
    from sqlalchemy import select, update

    from billdesk.runs import create_run, finalize_run, list_bills, start_run
    from billdesk.runs.export import export_pdfs
    from billdesk.store.db import transaction
    from billdesk.store.demo_writer import write_demo
    from billdesk.store.models import Account

    write_demo(factory, accounts=20, months=1, seed=4, end="2025-11")
    with transaction(factory) as s:
        codes = list(s.scalars(select(Account.code).order_by(Account.code)))
        for code, lang in zip(codes, ("fr", "it", "de", "en") * 5):
            s.execute(update(Account).where(Account.code == code).values(language=lang))
    run = create_run(factory, "2025-10", "all")
    start_run(factory, run.id)
    finalize_run(factory, run.id)
    # the invoices (a producer also gets a self-billing note: issue 17)
    bills = {b.account: b for b in list_bills(factory, run_id=run.id)
             if b.number and b.kind == "invoice"}
    report = export_pdfs(factory, tmp_path, run_id=run.id, workers=0)
    assert report.ok
    expected = {"fr": ("Prix de base", "Utilisation du réseau", "Supplément réseau"),
                "it": ("Prezzo di base", "Utilizzazione della rete", "Supplemento rete"),
                "de": ("Grundpreis", "Netznutzung", "Netzzuschlag"),
                "en": ("Base fee", "Grid usage", "Grid surcharge")}
    seen = set()
    for code, lang in zip(codes, ("fr", "it", "de", "en") * 5):
        b = bills.get(code)
        if b is None:
            continue
        pdf = next(p for p in report.written if p.name.startswith(b.number + "_"))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        for label in expected[lang]:
            assert label in text, (lang, label)
        if lang in ("fr", "it"):
            assert "Netznutzung" not in text and "Grundpreis" not in text
        seen.add(lang)
        # the stored lines keep the default (German) label
        assert any(ln.label == "Netznutzung" for ln in b.lines)
    assert seen == {"fr", "it", "de", "en"}
