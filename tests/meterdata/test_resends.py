"""Re-sends, corrections, document order, merged folder imports and the cron pattern."""

from datetime import date, timedelta

import pytest

from billdesk.store.intervals import read_block
from tests.meterdata.builders import ZRH, eda, local_day, mscons, portal, sdat
from tests.meterdata.conftest import point_id, run, state, versions

DAY = date(2025, 1, 15)


def kwh(factory, pid, day=DAY):
    a, b = local_day(day)
    with factory() as s:
        return read_block(s, [pid], a, b, ZRH).kwh[0]


def test_resent_day_adds_nothing_and_one_changed_value_is_a_new_version(mdb, inbox):
    a, _ = local_day(DAY)
    vals = ["0.200"] * 96
    f1 = inbox / "d1.xml"
    f1.write_text(sdat("CH1", a, vals, created="2025-01-16T06:00:00Z"))
    assert run(mdb, f1).files[0].changed == 96
    pid = point_id(mdb, "CH1")
    # the same values again (even as a newer document): nothing new
    f2 = inbox / "d2.xml"
    f2.write_text(sdat("CH1", a, vals, created="2025-01-17T06:00:00Z"))
    before = versions(mdb, pid)
    rep = run(mdb, f2)
    assert rep.files[0].status == "unchanged" and versions(mdb, pid) == before
    # one value changed: a new version, one interval changed
    vals[40] = "0.900"
    f3 = inbox / "d3.xml"
    f3.write_text(sdat("CH1", a, vals, created="2025-01-18T06:00:00Z", status="5"))
    rep = run(mdb, f3)
    assert rep.files[0].status == "imported" and rep.files[0].changed == 1
    assert [v[1:] for v in versions(mdb, pid)] == [(1, False), (2, True)]
    assert kwh(mdb, pid)[40] == pytest.approx(0.9)


@pytest.mark.parametrize("fmt", ["sdat", "eda", "mscons"])
def test_an_older_document_delivered_later_never_overwrites(mdb, inbox, fmt):
    a, _ = local_day(DAY)
    code = {"sdat": "CH2", "eda": "AT1", "mscons": "DE1"}[fmt]

    def write(name, value, created):
        p = inbox / name
        if fmt == "sdat":
            p.write_text(sdat(code, a, [value] * 96, created=created.strftime("%Y-%m-%dT%H:%MZ")))
        elif fmt == "eda":
            p.write_text(eda(code, a, {"1-1:1.9.0 G.01": [value] * 96},
                             created=created.astimezone(ZRH).isoformat(timespec="seconds")))
        else:
            p.write_text(mscons(code, a, [value] * 96, created=created))
        return p

    from datetime import datetime, timezone
    t = datetime(2025, 1, 16, 6, 0, tzinfo=timezone.utc)
    newer = write("a_newer.txt", 0.7, t + timedelta(days=2))
    older = write("z_older.txt", 0.3, t)
    run(mdb, newer)
    rep = run(mdb, older)                         # delivered later, created earlier
    assert rep.files[0].status == "unchanged" and rep.files[0].stale == 96
    pid = point_id(mdb, code)
    assert kwh(mdb, pid).sum() == pytest.approx(0.7 * 96)
    # in one folder the creation time decides too, whatever the file names
    run(mdb, inbox)
    assert kwh(mdb, pid).sum() == pytest.approx(0.7 * 96)


def test_same_values_from_a_newer_document_protect_against_an_older_one(mdb, inbox):
    """A re-send with equal values records its (newer) creation time without a version."""
    a, _ = local_day(DAY)
    (inbox / "1.xml").write_text(sdat("CH2", a, ["0.1"] * 96, created="2025-01-16T06:00:00Z"))
    (inbox / "3.xml").write_text(sdat("CH2", a, ["0.1"] * 96, created="2025-01-18T06:00:00Z"))
    run(mdb, inbox / "1.xml")
    run(mdb, inbox / "3.xml")
    (inbox / "2.xml").write_text(sdat("CH2", a, ["0.5"] * 96, created="2025-01-17T06:00:00Z"))
    rep = run(mdb, inbox / "2.xml")
    assert rep.files[0].stale == 96
    assert kwh(mdb, point_id(mdb, "CH2")).sum() == pytest.approx(9.6)
    assert len(versions(mdb, point_id(mdb, "CH2"))) == 1


def test_a_folder_of_daily_files_makes_one_version_per_point_month(mdb, inbox):
    """30 daily files x 4 re-sends in one folder: one chunk version; the cron pattern (each
    day's folder re-sends the last days) adds one version per import that changes data."""
    pid = point_id(mdb, "CH2")
    start = date(2025, 1, 1)
    for d in range(30):
        day = start + timedelta(days=d)
        a, _ = local_day(day)
        for k in range(4):           # re-sent 4 times with a growing creation time
            created = f"2025-01-{d + 2:02d}T0{k + 1}:00:00Z" if d < 29 else \
                f"2025-02-01T0{k + 1}:00:00Z"
            (inbox / f"{day}_{k}.xml").write_text(
                sdat("CH2", a, [f"{0.1 + k / 100:.3f}"] * 96, created=created))
    rep = run(mdb, inbox)
    assert rep.count("refused") == 0 and len(rep.files) == 120
    assert versions(mdb, pid) == [(date(2025, 1, 1), 1, True)]
    assert kwh(mdb, pid, date(2025, 1, 10)).sum() == pytest.approx(0.13 * 96)
    # next day: the same folder again, nothing changes
    assert run(mdb, inbox).count("imported") == 0
    assert len(versions(mdb, pid)) == 1
    # a day later one day is corrected: exactly one more version
    a, _ = local_day(date(2025, 1, 20))
    (inbox / "corr.xml").write_text(sdat("CH2", a, ["0.5"] * 96,
                                         created="2025-02-03T06:00:00Z"))
    rep = run(mdb, inbox)
    assert rep.count("imported") == 1
    assert [v[1] for v in versions(mdb, pid)] == [1, 2]


def test_portal_resend_orders_by_export_time_in_the_file(mdb, inbox):
    (inbox / "b.csv").write_text(portal("PT1", {DAY: [0.2] * 96},
                                        meta={"Exportiert am": "17.01.2025 08:00"}))
    (inbox / "a.csv").write_text(portal("PT1", {DAY: [0.4] * 96},
                                        meta={"Exportiert am": "16.01.2025 08:00"}))
    rep = run(mdb, inbox)
    assert rep.count("refused") == 0
    assert kwh(mdb, point_id(mdb, "PT1")).sum() == pytest.approx(0.2 * 96)


def test_validate_only_writes_nothing(mdb, inbox):
    a, _ = local_day(DAY)
    (inbox / "1.xml").write_text(sdat("CH2", a, ["0.1"] * 96))
    before = state(mdb)
    rep = run(mdb, inbox, validate_only=True)
    assert rep.files[0].status == "imported" and rep.files[0].changed == 96
    assert state(mdb) == before


@pytest.mark.parametrize("after", [3, 8])   # while reading / while writing
def test_cancel_midway_rolls_everything_back(mdb, inbox, after):
    from billdesk.domain.errors import InputError

    for d in range(5):
        a, _ = local_day(DAY + timedelta(days=d))
        (inbox / f"{d}.xml").write_text(sdat("CH2", a, ["0.1"] * 96))
    before = state(mdb)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > after

    with pytest.raises(InputError, match="cancelled"):
        run(mdb, inbox, cancelled=cancelled)
    assert state(mdb) == before


@pytest.mark.parametrize("fmt", ["sdat", "eda", "mscons", "portal"])
def test_resent_day_with_one_value_changed_in_each_format(mdb, inbox, fmt):
    from datetime import datetime, timezone

    a, _ = local_day(DAY)
    code = {"sdat": "CH2", "eda": "AT1", "mscons": "DE1", "portal": "PT1"}[fmt]

    def write(name, vals, k):
        created = datetime(2025, 1, 16 + k, 6, 0, tzinfo=timezone.utc)
        p = inbox / name
        if fmt == "sdat":
            p.write_text(sdat(code, a, [f"{v:.3f}" for v in vals],
                              created=created.strftime("%Y-%m-%dT%H:%M:%SZ")))
        elif fmt == "eda":
            p.write_text(eda(code, a, {"1-1:1.9.0 G.01": vals},
                             created=created.astimezone(ZRH).isoformat(timespec="seconds")))
        elif fmt == "mscons":
            p.write_text(mscons(code, a, vals, created=created))
        else:
            p.write_text(portal(code, {DAY: vals},
                                meta={"Exportiert am": created.strftime("%d.%m.%Y %H:%M")}))
        return p

    vals = [0.25] * 96
    assert run(mdb, write("1", vals, 0)).files[0].changed == 96
    assert run(mdb, write("2", vals, 1)).files[0].status == "unchanged"
    vals[17] = 0.75
    rep = run(mdb, write("3", vals, 2))
    assert rep.files[0].status == "imported" and rep.files[0].changed == 1
    pid = point_id(mdb, code)
    assert [v[1] for v in versions(mdb, pid)] == [1, 2]
    assert kwh(mdb, pid)[17] == pytest.approx(0.75)
