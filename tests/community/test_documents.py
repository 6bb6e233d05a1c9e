"""Members' invoices and producers' credit notes as PDFs, in the members' four languages."""

from __future__ import annotations

from billdesk.runs import create_run, finalize_run, list_bills, start_run
from billdesk.runs.export import export_pdfs
from tests.community.conftest import setup
from tests.community.test_producers_run import LEG, SERIES
from tests.pdf.conftest import pdftotext


def test_member_and_producer_pdfs_in_four_languages(sqlite_url, tmp_path):
    from billdesk.store.db import make_engine, prepare, session_factory
    engine = make_engine(sqlite_url)
    prepare(engine)
    factory = session_factory(engine)
    setup(factory, tmp_path, LEG, SERIES)
    from billdesk.demo.company import DEMO_COMPANY
    from billdesk.store import settings
    from billdesk.store.db import transaction
    with transaction(factory) as s:
        settings.put(s, "company", DEMO_COMPANY)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    rep = export_pdfs(factory, tmp_path / "pdf", run_id=r.id, workers=1)
    assert rep.ok, rep
    files = {p.name: p for p in (tmp_path / "pdf").glob("*.pdf")}
    bills = {(b.account, b.kind): b for b in list_bills(factory, run_id=r.id)}
    assert len(files) == len(bills) == 6

    def text_of(account, kind):
        b = bills[(account, kind)]
        (name,) = [n for n in files if b.number in n]
        return " ".join(pdftotext(files[name]).split())

    de = text_of("M1", "invoice")                       # M1 reads German
    # 172.8 of 288 kWh local; saving 172.8 x 0.32 - (25.92 + 17.28 - 6.91) = 19.01
    assert "Eigenversorgungsgrad 60.0 %" in de
    assert "Ersparnis ggü. Standardprodukt CHF 19.01" in de
    assert "LEG-Rabatt Netznutzung 40 %" in de and "Lokaler Strom" in de
    fr = text_of("M2", "invoice")
    assert "Taux d’autoapprovisionnement 60,0 %" in fr        # 345.6 of 576 kWh
    assert "Économie vs produit standard" in fr
    it = text_of("P1", "self_billing")                   # P1: producer, Italian
    assert "Nota di credito (autofatturazione)" in it and "autofatturazione per l’energia" in it
    assert "Energia locale venduta ai membri" in it
    en = text_of("P2", "self_billing")
    assert "Self-billing credit note" in en and "Local energy sold" in en
    assert "Statement of your production" in en
    # the producer is not a member: its own invoice has no community figures
    assert "autoapprovvigionamento" not in text_of("P1", "invoice")
    engine.dispose()
