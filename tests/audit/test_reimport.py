"""An issued document never changes: re-importing the account (new name, address, language),
corrected readings and a new company profile leaves its re-exported PDF byte-for-byte the
same apart from its creation time (fixed here with SOURCE_DATE_EPOCH), and delivery uses the
frozen addressee."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from billdesk.audit.verify import verify
from billdesk.dispatch.documents import load_outgoing
from billdesk.runs.export import export_pdfs
from billdesk.store import settings
from billdesk.store.db import transaction
from billdesk.store.importers import IMPORTERS

from .conftest import documents, issue


def _export(factory, run_id, out):
    rep = export_pdfs(factory, out, run_id=run_id, workers=0)
    assert rep.ok
    return {p.name: p.read_bytes() for p in rep.written}


def test_reimport_leaves_issued_pdfs_byte_identical(factory, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")    # the creation timestamp
    run_id = issue(factory, 3)
    before = _export(factory, run_id, tmp_path / "a")
    assert len(before) == 3
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        "account,name,street,postcode,city,country,language,email,group,tariff,supply_start,"
        "supply_end,consumption_point,production_point\n"
        "A00001,Neuer Name AG,Andere Strasse 99,3000,Bern,CH,fr,neu@example.ch,,FLAT,"
        "2024-01-01,,MP-A00001,\n", encoding="utf-8")
    start = datetime(2025, 3, 1, tzinfo=timezone.utc) - timedelta(hours=1)
    readings = tmp_path / "readings.csv"
    readings.write_text("metering_point,start,kwh,quality\n" + "".join(
        f"MP-A00001,{(start + timedelta(minutes=15 * k)).isoformat()},9.999,substituted\n"
        for k in range(200)), encoding="utf-8")
    with transaction(factory) as s:
        IMPORTERS["accounts"](s, accounts)
        IMPORTERS["readings"](s, readings)
        company = settings.get(s, "company")
        settings.put(s, "company", {**company, "name": "Umbenannt AG", "iban": "",
                                    "payment_days": 10})
    with factory() as s:   # the re-import did change the account and its data
        assert s.execute(text("SELECT name FROM accounts WHERE code = 'A00001'")).scalar() \
            == "Neuer Name AG"
        assert s.execute(text("SELECT max(version) FROM interval_chunks")).scalar() == 2
    after = _export(factory, run_id, tmp_path / "b")
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    assert verify(factory).ok
    docs = load_outgoing(factory, [bid for bid, _n in documents(factory)])
    first = next(d for d in docs if d.account == "A00001")
    assert (first.name, first.street, first.language) == ("Customer A00001", "Weg 1", "de")
    assert first.email == "neu@example.ch"       # delivered where the customer is today


def test_pdf_differs_only_by_creation_time_without_the_fixed_timestamp(factory, tmp_path,
                                                                       monkeypatch):
    import re

    run_id = issue(factory, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    a = _export(factory, run_id, tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767229200")     # one hour later
    b = _export(factory, run_id, tmp_path / "b")
    (name,) = a
    assert a[name] != b[name]
    stamps = set(re.findall(rb"D:(\d{14})", a[name])) | set(re.findall(rb"D:(\d{14})", b[name]))
    assert stamps == {b"20260101000000", b"20260101010000"}
