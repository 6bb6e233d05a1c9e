"""Issue 12, point 2: feed-in credits never reduce the VAT base of the supply.

Hand-computed bills (docs/billing-rules.md, "VAT and feed-in credits"): tariff CHF, base fee
20.00 / month, energy 0.25 / kWh, feed-in 0.08 / kWh, all at 8.1 %; March 2025, 160 kWh
consumed, 158 kWh fed in.

* supply: 20.00 + 160 × 0.25 = 60.00; VAT 8.1 % × 60.00 = 4.86
* feed-in: 158 × 0.08 = 12.64, a credit −12.64
* not registered (households, default): no VAT on the credit: total 60.00 + 4.86 − 12.64
  = **52.22** (the old netting gave "VAT 8.1 % on 47.36" = 3.84 and 51.20)
* registered: VAT on the credit 8.1 % × −12.64 = −1.02384 → −1.02, its own VAT line:
  total 60.00 − 12.64 + 4.86 − 1.02 = **51.20**
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import numpy as np

from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.tariff import TariffVersion
from billdesk.engine import AccountSpec, BatchInput, bill_batch
from tests.hardening.mutations import run_cli

TARIFF = {"code": "PV", "name": "PV", "currency": "CHF", "timezone": "Europe/Zurich",
          "valid_from": "2020-01-01", "components": [
              {"type": "base_fee", "price": "20.00", "vat_rate": "8.1", "label": "Base fee"},
              {"type": "energy", "price": "0.25", "vat_rate": "8.1", "label": "Energy"},
              {"type": "feed_in", "price": "0.08", "vat_rate": "8.1", "label": "Feed-in"}]}


def bill(registered: bool):
    period = Period.parse("2025-03")
    n = period.n_intervals("Europe/Zurich")
    cons = np.zeros((1, n))
    cons[0, 40:200] = 1.0                     # 160 kWh
    export = np.zeros((1, n))
    export[0, 300:458] = 1.0                  # 158 kWh
    spec = AccountSpec("P1", [TariffVersion.from_dict(TARIFF)], date(2020, 1, 1), None,
                       vat_registered=registered)
    (out,) = bill_batch(BatchInput(period, "Europe/Zurich", [spec], cons,
                                   np.zeros((1, n), np.uint8), export), Thresholds())
    assert out.error_code is None, out.message
    return out.bill


def test_unregistered_producer_credit_has_no_vat_and_leaves_the_supply_base_alone():
    b = bill(False)
    feed = [ln for ln in b.lines if ln.component == "feed_in"]
    assert [(ln.quantity, ln.unit_price, ln.net_amount, ln.vat_rate) for ln in feed] == \
        [(D("158.000"), D("-0.08"), D("-12.64"), D("0"))]
    supply = [v for v in b.vat if not v.credit]
    assert [(v.rate, v.net, v.vat) for v in supply] == [(D("8.1"), D("60.00"), D("4.86"))]
    assert [(v.rate, v.net, v.vat) for v in b.vat if v.credit] == [(D("0"), D("-12.64"),
                                                                  D("0.00"))]
    assert (b.net_total, b.vat_total, b.total) == (D("47.36"), D("4.86"), D("52.22"))


def test_registered_producer_credit_carries_vat_on_its_own_line():
    b = bill(True)
    assert [ln.vat_rate for ln in b.lines if ln.component == "feed_in"] == [D("8.1")]
    assert [(v.rate, v.net, v.vat, v.credit) for v in b.vat] == [
        (D("8.1"), D("60.00"), D("4.86"), False), (D("8.1"), D("-12.64"), D("-1.02"), True)]
    assert (b.net_total, b.vat_total, b.total) == (D("47.36"), D("3.84"), D("51.20"))


def test_the_flag_is_part_of_the_fingerprint_only_when_set():
    assert bill(True).fingerprint != bill(False).fingerprint


def test_both_cases_end_to_end_with_valid_e_invoices(db_url, tmp_path):
    """Import (accounts CSV with vat_registered), run, finalize, export: the stored bills
    are the hand-computed ones, and both PDFs carry an EN 16931-valid XML (XSD and
    Schematron)."""
    from billdesk.demo.company import DEMO_COMPANY
    from billdesk.store import db, settings

    (tmp_path / "t.json").write_text(json.dumps(TARIFF))
    (tmp_path / "a.csv").write_text(
        "account,name,street,postcode,city,country,language,email,tariff,supply_start,"
        "consumption_point,production_point,vat_registered\n"
        "H1,Hanna Haus,Dorf 1,8000,Zürich,CH,de,,PV,2020-01-01,C1,P1,\n"
        "F1,Firma Solar AG,Feld 2,8000,Zürich,CH,de,,PV,2020-01-01,C2,P2,true\n")
    a, _b = Period.parse("2025-03").utc_bounds("Europe/Zurich")
    n = Period.parse("2025-03").n_intervals("Europe/Zurich")
    rows = ["metering_point,start,kwh,quality"]
    from datetime import timedelta
    for point, first, count in (("C1", 40, 160), ("C2", 40, 160), ("P1", 300, 158),
                                ("P2", 300, 158)):
        rows += [f"{point},{(a + timedelta(minutes=15 * k)).isoformat()},"
                 f"{1 if first <= k < first + count else 0},measured" for k in range(n)]
    (tmp_path / "r.csv").write_text("\n".join(rows) + "\n")
    for argv in (["db", "upgrade"], ["import", "tariffs", str(tmp_path / "t.json")],
                 ["import", "accounts", str(tmp_path / "a.csv")],
                 ["import", "readings", str(tmp_path / "r.csv")]):
        code, _o, err = run_cli(["--db", db_url] + argv)
        assert code == 0, err
    engine = db.make_engine(db_url)
    with db.transaction(db.session_factory(engine)) as s:
        settings.put(s, "company", DEMO_COMPANY)
    engine.dispose()
    code, out, err = run_cli(["--db", db_url, "run", "create", "--period", "2025-03",
                              "--target", "all", "--min-quality", "missing", "--json"])
    assert code == 0, err
    rid = json.loads(out)["id"]
    assert run_cli(["--db", db_url, "run", "start", str(rid), "--quiet"])[0] == 0
    assert run_cli(["--db", db_url, "run", "finalize", str(rid)])[0] == 0
    code, out, _ = run_cli(["--db", db_url, "bills", "list", "--run", str(rid), "--json"])
    got = {b["account"]: b for b in json.loads(out)}
    assert (got["H1"]["vat_total"], got["H1"]["total"]) == ("4.86", "52.22")
    assert (got["F1"]["vat_total"], got["F1"]["total"]) == ("3.84", "51.20")
    code, out, err = run_cli(["--db", db_url, "export", "pdf", "--run", str(rid), "--out",
                              str(tmp_path / "pdf"), "--workers", "0", "--json"])
    assert code == 0, err
    files = json.loads(out)["files"]
    assert len(files) == 2
    from facturx import get_xml_from_pdf

    from billdesk.pdf.facturx_xml import check_xml
    from tests.pdf.test_invoice_pdf import _schematron_failures

    texts = {}
    for f in files:
        _name, xml = get_xml_from_pdf(Path(f).read_bytes(), check_xsd=False)
        check_xml(xml)
        assert _schematron_failures(xml) == [], f
        texts[Path(f).name] = xml.decode()
    h1 = next(t for n, t in texts.items() if "Hanna" in n)
    f1 = next(t for n, t in texts.items() if "Firma" in n)
    assert "<ram:CategoryCode>E</ram:CategoryCode>" in h1 and "ExemptionReason" in h1
    assert "<ram:BasisAmount>60.00</ram:BasisAmount>" in h1
    assert "<ram:DuePayableAmount>52.22</ram:DuePayableAmount>" in h1
    assert "<ram:BasisAmount>47.36</ram:BasisAmount>" in f1      # one S 8.1 group
    assert "<ram:CalculatedAmount>3.84</ram:CalculatedAmount>" in f1
    assert "<ram:DuePayableAmount>51.20</ram:DuePayableAmount>" in f1
