"""Each format read into the right points, values and quality flags, DST days included."""

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from billdesk.domain.quality import Quality
from billdesk.store.intervals import read_block
from tests.meterdata.builders import (ZRH, eda, local_day, mscons, n_quarters, portal,
                                      sdat, sdat_e31)
from tests.meterdata.conftest import point_id, run, versions

SPRING, FALL, WINTER = date(2025, 3, 30), date(2025, 10, 26), date(2025, 1, 15)


def values_for(n, base=0.1):
    return [round(base + (i % 7) / 100, 3) for i in range(n)]


def stored(factory, pid, a, b):
    with factory() as s:
        blk = read_block(s, [pid], a, b, ZRH)
    return blk.kwh[0], blk.flags[0]


@pytest.mark.parametrize("version", [12, 14, 16])
@pytest.mark.parametrize("day", [WINTER, SPRING, FALL], ids=["96", "92", "100"])
def test_sdat_versions_and_dst_days(mdb, inbox, version, day):
    a, b = local_day(day)
    n = n_quarters(a, b)
    assert n == {WINTER: 96, SPRING: 92, FALL: 100}[day]
    vals = values_for(n)
    f = inbox / "d.xml"
    f.write_text(sdat("CH1", a, [f"{v:.3f}" for v in vals], version=version,
                      conditions={0: "21", 5: "56"}))
    rep = run(mdb, f)
    assert rep.exit_code == 0, rep.as_dict()
    assert rep.files[0].status == "imported" and rep.files[0].values == n
    kwh, flags = stored(mdb, point_id(mdb, "CH1"), a, b)
    np.testing.assert_allclose(kwh, vals)
    assert flags[0] == Quality.ESTIMATED and flags[5] == Quality.SUBSTITUTED
    assert (np.delete(flags, [0, 5]) == Quality.MEASURED).all()


def test_sdat_directions_products_and_aggregates(mdb, inbox):
    a, b = local_day(WINTER)
    n = 96
    (inbox / "c.xml").write_text(sdat("CH1", a, ["0.400"] * n, blocks=[
        ("2404050010123", ["0.100"] * n, "21"), ("2404050010124", ["0.300"] * n, "21")]))
    (inbox / "p.xml").write_text(sdat("CH1", a, ["0.250"] * n, direction="production"))
    (inbox / "agg.xml").write_text(sdat_e31("101110-000001", a, ["1.500"] * n))
    rep = run(mdb, inbox)
    assert rep.exit_code == 0, rep.as_dict()
    cons, prod = point_id(mdb, "CH1"), point_id(mdb, "CH1", "production")
    assert cons != prod
    assert stored(mdb, cons, a, b)[0].sum() == pytest.approx(0.4 * n)
    assert stored(mdb, prod, a, b)[0].sum() == pytest.approx(0.25 * n)
    local = point_id(mdb, "CH1", "consumption", "local")
    residual = point_id(mdb, "CH1", "consumption", "residual")
    assert stored(mdb, local, a, b)[0].sum() == pytest.approx(0.1 * n)
    assert stored(mdb, residual, a, b)[0].sum() == pytest.approx(0.3 * n)
    agg = point_id(mdb, "101110-000001", "production", "local")
    assert stored(mdb, agg, a, b)[0].sum() == pytest.approx(1.5 * n)


def test_sdat_60_minutes_are_split_evenly_and_estimated(mdb, inbox):
    a, b = local_day(WINTER)
    f = inbox / "h.xml"
    f.write_text(sdat("CH1", a, ["1.0001"] + ["0.400"] * 23, resolution=60))
    assert run(mdb, f).exit_code == 0
    kwh, flags = stored(mdb, point_id(mdb, "CH1"), a, b)
    assert kwh[:4].tolist() == [0.2501, 0.25, 0.25, 0.25]   # exact: units 10001 = 2501+3*2500
    assert kwh.sum() == pytest.approx(1.0001 + 23 * 0.4)
    assert (flags == Quality.ESTIMATED).all()


def test_sdat_cancel_withdraws_values(mdb, inbox):
    a, b = local_day(WINTER)
    (inbox / "1.xml").write_text(sdat("CH1", a, ["0.5"] * 96,
                                         created="2025-01-16T06:00:00Z"))
    run(mdb, inbox / "1.xml")
    (inbox / "2.xml").write_text(sdat("CH1", a, ["0.5"] * 96, status="1",
                                         created="2025-01-17T06:00:00Z"))
    rep = run(mdb, inbox / "2.xml")
    assert rep.files[0].document_status == "cancel" and rep.files[0].changed == 96
    kwh, flags = stored(mdb, point_id(mdb, "CH1"), a, b)
    assert kwh.sum() == 0 and (flags == Quality.MISSING).all()


@pytest.mark.parametrize("version", ["01p30", "01p31", "01p40", "01p41"])
@pytest.mark.parametrize("day", [WINTER, SPRING, FALL], ids=["96", "92", "100"])
def test_eda_versions_codes_methods_and_dst(mdb, inbox, version, day):
    a, b = local_day(day)
    n = n_quarters(a, b)
    f = inbox / "cr.xml"
    f.write_text(eda("AT1", a, {"1-1:1.9.0 G.01": values_for(n), "1-1:2.9.0 G.03": [0.05] * n,
                                "1-1:2.9.0 G.02": [0.07] * n},
                     version=version, methods={1: "L2", 2: "L3"}))
    rep = run(mdb, f)
    assert rep.exit_code == 0, rep.as_dict()
    assert any("G.02" in note for note in rep.files[0].notes)
    kwh, flags = stored(mdb, point_id(mdb, "AT1"), a, b)
    np.testing.assert_allclose(kwh, values_for(n))
    assert flags[:3].tolist() == [Quality.MEASURED, Quality.SUBSTITUTED, Quality.ESTIMATED]
    local = point_id(mdb, "AT1", "consumption", "local")
    assert stored(mdb, local, a, b)[0].sum() == pytest.approx(0.05 * n)


def test_eda_production_code_goes_to_the_production_point(mdb, inbox):
    a, b = local_day(WINTER)
    f = inbox / "gen.xml"
    f.write_text(eda("AT1P", a, {"1-1:2.9.0 G.01": [0.3] * 96, "1-1:2.9.0 P.01": [0.1] * 96}))
    assert run(mdb, f).exit_code == 0
    prod = point_id(mdb, "AT1P", "production")
    assert stored(mdb, prod, a, b)[0].sum() == pytest.approx(0.3 * 96)
    res = point_id(mdb, "AT1P", "production", "residual")
    assert stored(mdb, res, a, b)[0].sum() == pytest.approx(0.1 * 96)


@pytest.mark.parametrize("day", [WINTER, SPRING, FALL], ids=["96", "92", "100"])
def test_mscons_values_quality_and_dst(mdb, inbox, day):
    a, b = local_day(day)
    n = n_quarters(a, b)
    f = inbox / "m.edi"
    f.write_text(mscons("DE1", a, values_for(n), quals={1: "67", 2: "201", 3: "187", 4: "20",
                                                         5: "79"},
                        sts={6: "Z32++Z88", 7: "Z33++Z83"}))
    rep = run(mdb, f)
    assert rep.exit_code == 0, rep.as_dict()
    kwh, flags = stored(mdb, point_id(mdb, "DE1"), a, b)
    expect = values_for(n)
    expect[4] = 0.0    # unusable: not stored
    np.testing.assert_allclose(kwh, expect)
    assert flags[:8].tolist() == [Quality.MEASURED, Quality.SUBSTITUTED, Quality.ESTIMATED,
                                  Quality.ESTIMATED, Quality.MISSING, Quality.MEASURED,
                                  Quality.SUBSTITUTED, Quality.MEASURED]


def test_mscons_production_obis_and_single_line_layout(mdb, inbox):
    a, b = local_day(WINTER)
    f = inbox / "m.txt"
    f.write_text(mscons("CH1", a, [0.2] * 96, obis="1-1?:2.29.0", newline=False))
    assert run(mdb, f).exit_code == 0
    assert stored(mdb, point_id(mdb, "CH1", "production"), a, b)[0].sum() == \
        pytest.approx(0.2 * 96)


@pytest.mark.parametrize("day", [WINTER, SPRING, FALL], ids=["96", "92", "100"])
@pytest.mark.parametrize("sep,comma", [(";", True), (",", False), (";", False)])
def test_portal_days_separators_and_dst(mdb, inbox, day, sep, comma):
    a, b = local_day(day)
    n = n_quarters(a, b)
    f = inbox / "export.csv"
    f.write_text(portal("PT1", {day: values_for(n)}, sep=sep, comma=comma, width=100,
                        total=True))
    rep = run(mdb, f)
    assert rep.exit_code == 0, rep.as_dict()
    kwh, flags = stored(mdb, point_id(mdb, "PT1"), a, b)
    np.testing.assert_allclose(kwh, values_for(n))
    assert (flags == Quality.MEASURED).all()


def test_portal_96_columns_on_a_spring_day_with_the_missing_hour_empty(mdb, inbox):
    a, b = local_day(SPRING)
    vals = values_for(96)
    for j in range(8, 12):        # 02:00-02:45 does not exist on 30 March
        vals[j] = None
    f = inbox / "export.csv"
    f.write_text(portal("PT1", {SPRING: vals}))
    assert run(mdb, f).exit_code == 0
    kwh, _ = stored(mdb, point_id(mdb, "PT1"), a, b)
    np.testing.assert_allclose(kwh, [v for v in vals if v is not None])


def test_portal_utc_file_and_wh_unit(mdb, inbox):
    day = WINTER
    a = datetime(2025, 1, 15, tzinfo=timezone.utc)
    f = inbox / "export.csv"
    f.write_text(portal("PT1", {day: [100.0] * 96}, meta={"Einheit": "Wh"}, tz="UTC"))
    assert run(mdb, f).exit_code == 0
    kwh, _ = stored(mdb, point_id(mdb, "PT1"), a, a + timedelta(days=1))
    assert kwh.tolist() == [0.1] * 96


def test_billdesk_csv_in_the_same_folder_and_bidirectional_names(mdb, inbox):
    a, b = local_day(WINTER)
    rows = "".join(f"CH1@production,{(a + i * timedelta(minutes=15)).isoformat()},0.5,measured\n"
                   for i in range(96))
    (inbox / "r.csv").write_text("metering_point,start,kwh,quality\n" + rows)
    (inbox / "bad.csv").write_text("metering_point,start,kwh,quality\n"
                                      f"CH1,{a.isoformat()},0.5,measured\n")
    (inbox / "s.xml").write_text(sdat("CH1", a, ["0.1"] * 96))
    rep = run(mdb, inbox)
    by = {f.file.rsplit("/", 1)[-1]: f for f in rep.files}
    assert by["r.csv"].status == "imported" and by["s.xml"].status == "imported"
    assert by["bad.csv"].status == "refused"
    assert "CH1@consumption or CH1@production" in by["bad.csv"].error["message"]
    assert stored(mdb, point_id(mdb, "CH1", "production"), a, b)[0].sum() == 48
    assert stored(mdb, point_id(mdb, "CH1"), a, b)[0].sum() == pytest.approx(9.6)
    assert len(versions(mdb, point_id(mdb, "CH1", "production"))) == 1


def test_eda_default_namespace_simu_and_six_decimals(mdb, inbox):
    """The shape of published ConsumptionRecord samples: default namespace, ct: common
    types, DocumentMode SIMU (test environment), quantities with six decimals."""
    a, b = local_day(FALL)
    text = eda("AT1", a, {"1-1:1.9.0 G.01": [0.073935] * 100}, mode="SIMU")
    text = text.replace("<cp:", "<").replace("</cp:", "</").replace("xmlns:cp=", "xmlns=")
    f = inbox / "cr.xml"
    f.write_text(text)
    rep = run(mdb, f)
    assert rep.exit_code == 0, rep.as_dict()
    r = rep.files[0]
    assert r.values == 100 and r.rounded == 100 and any("SIMU" in n for n in r.notes)
    kwh, _ = stored(mdb, point_id(mdb, "AT1"), a, b)
    assert kwh.tolist() == [0.0739] * 100
