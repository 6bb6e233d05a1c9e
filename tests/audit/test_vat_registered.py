"""A VAT-registered producer's documents: the flag and the feed-in VAT group are frozen with
the document, recorded in its inputs, re-computed identically from a package, and a later
change of the account's flag changes neither the document nor its chain."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import text

import builders
from billdesk.audit.check import check_package
from billdesk.audit.package import export_package
from billdesk.audit.verify import verify
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.runs.export import issued_documents
from billdesk.store import db as dbmod


def _registered_run(factory) -> tuple[int, set[int]]:
    from billdesk.store.models import TariffVersionRow

    builders.build(factory, 6, prosumer_every=2)
    with dbmod.transaction(factory) as s:
        for tv in s.query(TariffVersionRow).all():      # feed-in at 8.1 % for the registered
            d = json.loads(json.dumps(tv.definition))
            for c in d["components"]:
                if c["type"] == "feed_in":
                    c["vat_rate"] = "8.1"
            tv.definition = d
        producers = {r[0] for r in s.execute(text(
            "SELECT id FROM accounts WHERE production_point_id IS NOT NULL ORDER BY id"))}
        registered = set(sorted(producers)[::2])
        for a in registered:
            s.execute(text("UPDATE accounts SET vat_registered = :t WHERE id = :a"),
                      {"t": True, "a": a})
    run = create_run(factory, "2025-03", "all", today=date(2025, 4, 2))
    start_run(factory, run.id)
    finalize_run(factory, run.id, today=date(2025, 4, 2))
    return run.id, registered


def test_registered_producers_are_frozen_recorded_and_recomputed(factory, tmp_path):
    run_id, registered = _registered_run(factory)
    assert registered
    with factory() as s:
        rows = s.execute(text("SELECT id, account_id, content, inputs FROM bills "
                              "WHERE run_id = :r ORDER BY id"), {"r": run_id}).all()
    feed_in_seen = False
    for r in rows:
        doc = json.loads(r.content)["document"]
        rec = json.loads(r.inputs)
        is_reg = r.account_id in registered
        assert doc["account"]["vat_registered"] is is_reg
        assert bool(rec.get("vr")) is is_reg
        feed = [ln for ln in doc["bill"]["lines"] if ln["component"] == "feed_in"]
        credit = [v for v in doc["bill"]["vat"] if v["credit"]]
        if feed:
            feed_in_seen = True
            if is_reg:      # the credit's VAT is a group of its own, negative
                assert all(ln["vat_rate"] != "0" for ln in feed)
                assert credit and all(v["rate"] != "0" and v["vat"].startswith("-")
                                      for v in credit)
            else:           # an unregistered producer's credit carries no VAT
                assert all(ln["vat_rate"] == "0" for ln in feed)
                assert all(v["vat"] in ("0", "0.00") for v in credit)
    assert feed_in_seen
    out = tmp_path / "run.bdaudit"
    export_package(factory, run_id, out, workers=0)
    rep = check_package(out)
    assert rep.ok and rep.differences == [], rep.text()
    # the account's flag changes later: the issued documents do not
    ids = [r.id for r in rows]
    before = list(issued_documents(factory, ids))
    with dbmod.transaction(factory) as s:
        s.execute(text("UPDATE accounts SET vat_registered = NOT vat_registered"))
    assert list(issued_documents(factory, ids)) == before
    assert verify(factory).ok
