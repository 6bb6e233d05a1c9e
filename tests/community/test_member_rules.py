"""Hand-computed member bills per community type (LEG discount, ZEV cap binding and not)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import numpy as np
import pytest

from billdesk.domain.community import CommunityTerms, CommunityType, LocalPrice
from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.engine import AccountSpec, BatchInput, bill_batch
from tests.engine.conftest import HIGH_LOW, flat, tariff

JUNE = Period.parse("2026-06")        # 30 days, no DST change: 2,880 intervals
N = 2880


def _tariff(**kw):
    return tariff([flat("base_fee", "10"), flat("energy", "0.20", vat="8.1"),
                   flat("grid", "0.10", vat="8.1"), flat("levy", "0.02", vat="8.1")], **kw)


def bill(terms, cons=0.1, local=0.05, versions=None):
    versions = versions or [_tariff()]
    spec = AccountSpec("M1", versions, date(2000, 1, 1), None,
                       terms.local_price.flat, "", False, terms)
    b = BatchInput(JUNE, "Europe/Zurich", [spec], np.full((1, N), cons),
                   np.zeros((1, N), dtype=np.uint8), None, np.full((1, N), local))
    (o,) = bill_batch(b, Thresholds())
    assert o.error_code is None, o.message
    return o.bill


def lines(b):
    return {(ln.component, ln.label): (ln.quantity, ln.unit_price, ln.net_amount)
            for ln in b.lines}


def test_leg_discount_is_its_own_line():
    b = bill(CommunityTerms("L", CommunityType.LEG, LocalPrice(D("0.15")), D("40")))
    got = lines(b)
    assert got[("community_energy", "Local energy")] == (D("144.000"), D("0.15"), D("21.60"))
    assert got[("grid", "grid")] == (D("144.000"), D("0.10"), D("14.40"))
    assert got[("grid", "grid (local energy)")] == (D("144.000"), D("0.10"), D("14.40"))
    assert got[("grid_discount", "LEG grid discount 40 %")] == (D("144.000"), D("-0.0400"),
                                                                D("-5.76"))
    assert got[("energy", "energy")][2] == D("28.80")
    assert b.net_total == D("86.32")          # 10 + 28.80 + 14.40 + 2.88 + 21.60 + 14.40 - 5.76
    # standard product on the 144 local kWh: 144 x 0.32 = 46.08; paid 21.60 + 14.40 - 5.76
    assert b.community_saving == D("15.84")
    assert b.local_kwh == D("144.000")


def test_leg_20_percent_with_transformer():
    b = bill(CommunityTerms("L", CommunityType.LEG, LocalPrice(D("0.15")), D("20")))
    assert lines(b)[("grid_discount", "LEG grid discount 20 %")][2] == D("-2.88")


def test_zev_cap_not_binding_shows_the_comparison():
    b = bill(CommunityTerms("Z", CommunityType.ZEV, LocalPrice(D("0.25")), None, D("80")))
    (local,) = [ln for ln in b.lines if ln.component == "community_energy"]
    assert (local.quantity, local.unit_price, local.net_amount) == (D("144.000"), D("0.25"),
                                                                    D("36.00"))
    assert "not reached" in local.detail and "0.32000" in local.detail
    assert b.community_saving == D("10.08")
    assert not [ln for ln in b.lines if ln.component == "grid_discount"]


def test_zev_cap_binding_percent():
    # cap 80 % of 0.32 = 0.256 < 0.30: 144 kWh x 0.256 = 36.864 -> 36.86
    b = bill(CommunityTerms("Z", CommunityType.ZEV, LocalPrice(D("0.30")), None, D("80")))
    (local,) = [ln for ln in b.lines if ln.component == "community_energy"]
    assert (local.quantity, local.net_amount) == (D("144.000"), D("36.86"))
    assert local.unit_price == D("0.25597")          # 36.86 / 144 shown as the average
    assert "capped in 2880 of 2880 intervals" in local.detail
    assert b.community_saving == D("9.22")


def test_zev_cap_external_binding():
    b = bill(CommunityTerms("Z", CommunityType.VZEV, LocalPrice(D("0.35")), None, D("100")))
    (local,) = [ln for ln in b.lines if ln.component == "community_energy"]
    assert local.net_amount == D("46.08")           # at most the standard product 0.32
    assert b.community_saving == D("0.00")


def test_zev_cap_binding_only_in_high_hours():
    """Time-of-use grid: high 0.15 weekdays 07-20, low 0.05; standard 0.37 / 0.27. Local
    price 0.30 flat, cap external: capped to 0.27 in low hours only."""
    t = tariff([flat("energy", "0.20"), {"type": "grid", "pricing": "tou", "label": "grid",
                "vat_rate": "0", "prices": {"high": "0.15", "low": "0.05"}},
                flat("levy", "0.02")], schedule=HIGH_LOW)
    b = bill(CommunityTerms("Z", CommunityType.ZEV, LocalPrice(D("0.30")), None, D("100")),
             versions=[t])
    (local,) = [ln for ln in b.lines if ln.component == "community_energy"]
    # June 2026: 22 weekdays x 52 high intervals = 1,144 high, 1,736 low (x 0.05 kWh)
    high, low = 1144 * 0.05, 1736 * 0.05
    expect = D(str(round(high * 0.30 + low * 0.27, 6))).quantize(D("0.01"))
    assert local.net_amount == expect == D("40.60")
    assert "capped in 1736 of 2880" in local.detail


def test_tou_local_prices_one_line_per_period():
    t = _tariff(schedule=HIGH_LOW)
    b = bill(CommunityTerms("G", CommunityType.GENERIC,
                            LocalPrice(None, (("high", D("0.20")), ("low", D("0.10"))))),
             versions=[t])
    got = {ln.detail: ln.net_amount for ln in b.lines if ln.component == "community_energy"}
    assert got == {"high": D("11.44"), "low": D("8.68")}     # 57.2 x 0.20, 86.8 x 0.10


def test_tou_local_price_missing_period_is_an_allocation_error():
    t = _tariff(schedule=HIGH_LOW)
    terms = CommunityTerms("G", CommunityType.GENERIC, LocalPrice(None, (("peak", D("0.2")),)))
    spec = AccountSpec("M1", [t], date(2000, 1, 1), None, D("0.2"), "", False, terms)
    b = BatchInput(JUNE, "Europe/Zurich", [spec], np.full((1, N), 0.1),
                   np.zeros((1, N), dtype=np.uint8), None, np.full((1, N), 0.05))
    (o,) = bill_batch(b, Thresholds())
    assert o.error_code == "ALLOCATION_ERROR" and "'high'" in o.message


@pytest.mark.parametrize("ctype", list(CommunityType))
def test_member_without_local_energy_has_no_community_lines(ctype):
    terms = CommunityTerms("C", ctype, LocalPrice(D("0.2")),
                           D("40") if ctype is CommunityType.LEG else None,
                           D("100") if ctype in (CommunityType.ZEV, CommunityType.VZEV)
                           else None)
    b = bill(terms, local=0.0)
    assert not [ln for ln in b.lines if ln.component in ("community_energy", "grid_discount")]
    assert b.net_total == D("10.00") + D("92.16")     # 288 kWh x 0.32
