"""`billdesk verify`: the hash chain holds after issue, and every kind of tampering by a
privileged attacker (triggers dropped) is found and named — on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from billdesk.audit.verify import verify
from billdesk.cli import main
from billdesk.domain.canonical import sha256_hex
from billdesk.domain.chain import GENESIS, link_hash

from .conftest import documents, drop_triggers


def _one_broken(factory):
    rep = verify(factory)
    assert not rep.ok
    assert len(rep.broken) == 1, rep.text()
    return rep.broken[0]


def _url(factory) -> str:
    return factory.kw["bind"].url.render_as_string(hide_password=False)


def test_chain_holds_after_issue(factory, issued, capsys):
    rep = verify(factory)
    assert rep.ok, rep.text()
    docs = documents(factory)
    assert rep.documents == len(docs) >= 5
    (series,) = rep.series
    assert (series.series, series.first, series.last) == ("INV-2025", docs[0][1], docs[-1][1])
    with factory() as s:
        first = s.execute(text("SELECT prev_hash, record_hash, content, content_hash FROM bills "
                               "WHERE number = :n"), {"n": docs[0][1]}).one()
        head = s.execute(text("SELECT record_hash FROM bills WHERE number = :n"),
                         {"n": docs[-1][1]}).scalar()
    # the documented link: sha256("billdesk-chain/1\n<number>\n<prev>\n<sha256(content)>")
    assert first.prev_hash == GENESIS
    assert first.content_hash == sha256_hex(first.content)
    assert first.record_hash == link_hash(docs[0][1], GENESIS, first.content_hash)
    assert series.head == head
    assert main(["--db", _url(factory), "verify", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["documents"] == len(docs) and out["broken"] == []


def test_changed_amount_is_found(factory, issued, capsys):
    docs = documents(factory)
    number = docs[2][1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("UPDATE bills SET total = total + 1 WHERE number = :n"), {"n": number})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "content_changed")
    assert "bills.total" in b.message
    assert main(["--db", _url(factory), "verify", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["broken"][0]["number"] == number


def test_changed_line_amount_is_found(factory, issued):
    number = documents(factory)[1][1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("UPDATE bill_lines SET net_amount = 0 WHERE bill_id = "
                       "(SELECT id FROM bills WHERE number = :n) AND position = 1"),
                  {"n": number})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "content_changed")
    assert "line 2 net_amount" in b.message


@pytest.mark.parametrize("sql, field", [
    ("UPDATE bills SET tariff_code = 'OTHER' WHERE number = :n", "bills.tariff_code"),
    ("UPDATE bills SET q_missing = q_missing + 5 WHERE number = :n", "bills.q_missing"),
    ("UPDATE bills SET consumption_kwh = consumption_kwh + 1 WHERE number = :n",
     "bills.consumption_kwh"),
    ("UPDATE bill_lines SET label = 'Something else' WHERE bill_id = "
     "(SELECT id FROM bills WHERE number = :n)", "line 1 label"),
])
def test_changed_printed_non_amount_field_is_found(factory, issued, sql, field):
    number = documents(factory)[3][1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text(sql), {"n": number})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "content_changed")
    assert field in b.message


def test_changed_addressee_in_the_frozen_content_is_found(factory, issued):
    number = documents(factory)[0][1]
    drop_triggers(factory)
    with factory.begin() as s:
        content = s.execute(text("SELECT content FROM bills WHERE number = :n"),
                            {"n": number}).scalar()
        forged = content.replace('"name":"Customer A00001"', '"name":"Somebody Else"')
        assert forged != content
        s.execute(text("UPDATE bills SET content = :c WHERE number = :n"),
                  {"c": forged, "n": number})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "content_changed")
    assert "SHA-256" in b.message
    # an attacker who also re-computes the document's own hashes breaks the next link
    with factory.begin() as s:
        prev = s.execute(text("SELECT prev_hash FROM bills WHERE number = :n"),
                         {"n": number}).scalar()
        chash = sha256_hex(forged)
        s.execute(text("UPDATE bills SET content_hash = :h, record_hash = :r WHERE number = :n"),
                  {"h": chash, "r": link_hash(number, prev, chash), "n": number})
    b = _one_broken(factory)
    assert b.number == number and b.problem == "document_inserted"
    assert "replaced" in b.message


def test_deleted_document_is_found(factory, issued):
    docs = documents(factory)
    bid, number = docs[2]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("DELETE FROM bill_lines WHERE bill_id = :b"), {"b": bid})
        s.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bid})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "document_deleted")
    assert docs[3][1] in b.message


def test_deleted_last_document_is_found(factory, issued):
    bid, number = documents(factory)[-1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("DELETE FROM bill_lines WHERE bill_id = :b"), {"b": bid})
        s.execute(text("DELETE FROM bills WHERE id = :b"), {"b": bid})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "document_deleted")
    assert "counter" in b.message


def _forge_after(factory, last_number: str, new_number: str, prev_hash: str):
    """Insert a copy of the document ``last_number`` as ``new_number``, its content and hashes
    made consistent (an attacker who knows the format)."""
    with factory.begin() as s:
        row = s.execute(text("SELECT * FROM bills WHERE number = :n"),
                        {"n": last_number}).mappings().one()
        content = row["content"].replace(last_number, new_number)
        new_id = s.execute(text("SELECT MAX(id) + 1000 FROM bills")).scalar()
        content = content.replace(f'"bill_id":{row["id"]}', f'"bill_id":{new_id}')
        chash = sha256_hex(content)
        values = dict(row, id=new_id, number=new_number, content=content, content_hash=chash,
                      prev_hash=prev_hash, record_hash=link_hash(new_number, prev_hash, chash))
        cols = ", ".join(values)
        s.execute(text(f"INSERT INTO bills ({cols}) VALUES "
                       f"({', '.join(':' + c for c in values)})"), values)
        s.execute(text(
            "INSERT INTO bill_lines (bill_id, position, component, label, quantity, unit, "
            "unit_price, net_amount, vat_rate, period_start, period_end, detail) "
            "SELECT :new, position, component, label, quantity, unit, unit_price, net_amount, "
            "vat_rate, period_start, period_end, detail FROM bill_lines WHERE bill_id = :old"),
            {"new": new_id, "old": row["id"]})
    return new_id


def test_inserted_document_is_found(factory, issued):
    docs = documents(factory)
    last = docs[-1][1]
    series, seq = last.rsplit("-", 1)
    new = f"{series}-{int(seq) + 1:06d}"
    drop_triggers(factory)
    with factory() as s:
        head = s.execute(text("SELECT record_hash FROM bills WHERE number = :n"),
                         {"n": last}).scalar()
    _forge_after(factory, last, new, head)        # perfectly chained, but never numbered
    b = _one_broken(factory)
    assert b.problem == "document_inserted" and b.number == new
    assert "counter" in b.message


def test_document_inserted_without_seal_is_found(factory, issued):
    docs = documents(factory)
    bid, number = docs[1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("UPDATE bills SET content = NULL, content_hash = NULL, prev_hash = NULL,"
                       " record_hash = NULL WHERE id = :b"), {"b": bid})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (number, "document_inserted")


def test_numbers_out_of_order_are_found(factory, issued):
    docs = documents(factory)
    n2 = docs[2][1]
    drop_triggers(factory)
    with factory.begin() as s:
        h0 = s.execute(text("SELECT record_hash FROM bills WHERE number = :n"),
                       {"n": docs[0][1]}).scalar()
        chash = s.execute(text("SELECT content_hash FROM bills WHERE number = :n"),
                          {"n": n2}).scalar()
        # document 3 re-chained after document 1, as if issued right after it
        s.execute(text("UPDATE bills SET prev_hash = :p, record_hash = :r WHERE number = :n"),
                  {"p": h0, "r": link_hash(n2, h0, chash), "n": n2})
    b = _one_broken(factory)
    assert (b.number, b.problem) == (n2, "numbers_out_of_order")
    assert docs[0][1] in b.message


def test_scan_split_over_processes_finds_the_same(factory, issued, monkeypatch):
    import os

    import billdesk.audit.verify as v

    number = documents(factory)[4][1]
    drop_triggers(factory)
    with factory.begin() as s:
        s.execute(text("UPDATE bills SET vat_total = vat_total + 1 WHERE number = :n"),
                  {"n": number})
    alone = verify(factory)
    monkeypatch.setattr(v, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    split = verify(factory)
    assert split.as_dict()["broken"] == alone.as_dict()["broken"]
    assert split.documents == alone.documents and split.broken[0].number == number
    assert "bills.vat_total" in split.broken[0].message
