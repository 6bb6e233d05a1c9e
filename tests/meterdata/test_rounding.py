"""Values with more than four decimals are rounded to 0.0001 kWh from the text the file
wrote, half up (docs/formats.md), in every format — not from the float, which rounds about
half of the exact ties (``0.00015``, ``1.00065`` …) down."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from tests.meterdata.builders import eda, local_day, mscons, portal, sdat
from tests.meterdata.conftest import point_id, run
from tests.meterdata.test_formats import WINTER, stored

# exact ties, most of which a float rounds the wrong way, and ordinary fifth decimals
TEXTS = ["0.00005", "0.00015", "0.00025", "0.00045", "1.00065", "0.12345", "2.71835",
         "0.00004", "0.99999", "3.14159", "0.000050", "12.34565"]


def half_up(t: str, factor=Decimal(1)) -> int:
    return int((Decimal(t) * factor * 10000).to_integral_value(ROUND_HALF_UP))


def units(factory, code, a, b):
    kwh, _ = stored(factory, point_id(factory, code), a, b)
    return np.rint(np.asarray(kwh) * 10000).astype(int).tolist()


def values(n=96):
    return TEXTS + ["0.1"] * (n - len(TEXTS))


def expected(factor=Decimal(1)):
    return [half_up(t, factor) for t in values()]


def test_float_rounding_would_be_wrong_for_these_ties():
    wrong = [t for t in TEXTS if int(np.round(float(t) * 10000)) != half_up(t)]
    assert len(wrong) >= 4, wrong


def test_sdat(mdb, inbox):
    a, b = local_day(WINTER)
    (inbox / "d.xml").write_text(sdat("CH1", a, values()))
    rep = run(mdb, inbox)
    assert rep.exit_code == 0 and rep.files[0].rounded == len(TEXTS), rep.as_dict()
    assert units(mdb, "CH1", a, b) == expected()


def test_eda(mdb, inbox):
    a, b = local_day(WINTER)
    (inbox / "cr.xml").write_text(eda("AT1", a, {"1-1:1.9.0 G.01": values()}))
    rep = run(mdb, inbox)
    assert rep.exit_code == 0, rep.as_dict()
    assert units(mdb, "AT1", a, b) == expected()


def test_mscons(mdb, inbox):
    a, b = local_day(WINTER)
    (inbox / "m.edi").write_text(mscons("DE1", a, values()))
    rep = run(mdb, inbox)
    assert rep.exit_code == 0, rep.as_dict()
    assert units(mdb, "DE1", a, b) == expected()


@pytest.mark.parametrize("comma", [True, False])
def test_portal(mdb, inbox, comma):
    a, b = local_day(WINTER)
    text = portal("PT1", {WINTER: [0.5] * 96}, comma=comma)
    head, row = text.rstrip("\n").rsplit("\n", 1)
    cells = row.split(";")
    cells[1:] = [v.replace(".", ",") if comma else v for v in values()]
    (inbox / "export.csv").write_text(head + "\n" + ";".join(cells) + "\n")
    rep = run(mdb, inbox)
    assert rep.exit_code == 0, rep.as_dict()
    assert units(mdb, "PT1", a, b) == expected()


def test_portal_in_wh(mdb, inbox):
    """A factor of the unit (Wh → kWh) applies exactly: 1234.55 Wh is 12346 units."""
    a, b = local_day(WINTER)
    text = portal("PT1", {WINTER: [0.5] * 96}, comma=False, meta={"Einheit": "Wh"})
    head, row = text.rstrip("\n").rsplit("\n", 1)
    cells = row.split(";")
    wh = ["1234.55", "0.15", "0.05", "1.25"] + ["100"] * 92
    cells[1:] = wh
    (inbox / "export.csv").write_text(head + "\n" + ";".join(cells) + "\n")
    rep = run(mdb, inbox)
    assert rep.exit_code == 0, rep.as_dict()
    assert units(mdb, "PT1", a, b) == [half_up(t, Decimal("0.001")) for t in wh]
