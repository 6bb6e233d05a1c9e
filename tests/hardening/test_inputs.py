"""Issue 12, points 2, 4, 5 and 9: every bad input is refused at import with file, line and
field, the database unchanged, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.hardening.mutations import dump, run_cli

DATA = Path(__file__).resolve().parent.parent / "data"
ACC_HEAD = ("account,name,street,postcode,city,country,language,email,group,tariff,"
            "supply_start,supply_end,consumption_point,production_point\n")
ACC_OK = "C9,Carla Neu,Weg 2,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPC9,\n"
READ_HEAD = "metering_point,start,kwh,quality\n"


def refused(db_url, kind, path: Path, *, line=None, field=None, words=""):
    """Import ``path``: exit 2, located as expected, database unchanged; the message."""
    before = dump(db_url)
    code, _out, err = run_cli(["--db", db_url, "import", kind, str(path)])
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert str(path) in err, err
    if line is not None:
        assert f"line {line}" in err, err
    if field is not None:
        assert f"field '{field}'" in err, err
    assert words in err, err
    assert dump(db_url) == before
    return err


def accepted(db_url, kind, path: Path) -> dict:
    code, out, err = run_cli(["--db", db_url, "import", kind, str(path), "--json"])
    assert code == 0, err
    return json.loads(out)


def write(tmp_path, name, content, mode="w"):
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


# ---------------------------------------------------------------- readings (points 5 and 9)
@pytest.mark.parametrize("value,words", [
    ("NaN", "malformed number 'NaN'"), ("nan", "malformed number 'nan'"),
    ("inf", "malformed number 'inf'"), ("-inf", "malformed number"),
    ("1_000", "malformed number '1_000'"), ("1e3", "malformed number '1e3'"),
    ("0x10", "malformed number"), (".5", "malformed number"), ("+1", "malformed number"),
    ("1,5", "fields"), ("-0.5", "negative kWh '-0.5'"),
    ("1.16175", "kWh '1.16175' has more than 4 decimals: the storage resolution is 0.0001 kWh"),
    ("214749", "too large"),
])
def test_bad_kwh_values(base_url, tmp_path, value, words):
    p = write(tmp_path, "r.csv", READ_HEAD + "MP1,2025-01-01T00:00:00Z,0.5,measured\n"
              f"MP1,2025-01-01T00:15:00Z,{value},measured\n")
    err = refused(base_url, "readings", p, line=3, words=words)
    assert "np.float64" not in err and "Decimal(" not in err


def test_kwh_trailing_zeros_beyond_resolution_are_exact(base_url, tmp_path):
    p = write(tmp_path, "r.csv", READ_HEAD + "MP1,2025-01-01T00:00:00Z,1.250000,measured\n"
              "MP1,2025-01-01T00:15:00Z, 214748.3647 ,measured\n")
    assert accepted(base_url, "readings", p)["rows"] == 2


@pytest.mark.parametrize("stamp,words", [
    ("1999-12-31T23:45:00Z", "outside the supported range"),
    ("1970-01-01T00:00:00Z", "outside the supported range"),
    ("9999-12-31T23:45:00-01:00", "outside the supported range"),
    ("0001-01-01T00:00:00+01:00", "outside the supported range"),
    ("2100-01-01T00:00:00Z", "outside the supported range"),
    ("20250101T000000Z", "malformed timestamp"),          # compact form
    ("2025-W01-1T00:00:00Z", "malformed timestamp"),      # week date
    ("2025-01-01T00:00:00", "offset"),
    ("2025-02-30T00:00:00Z", "malformed timestamp"),
    ("2025-01-01T00:00:00+25:00", "malformed timestamp"),
])
def test_bad_timestamps(base_url, tmp_path, stamp, words):
    p = write(tmp_path, "r.csv", READ_HEAD + f"MP1,{stamp},0.5,measured\n")
    refused(base_url, "readings", p, line=2, field="start", words=words)


def test_invalid_utf8_after_the_first_64_kib(base_url, tmp_path):
    rows = "".join(f"MP1,2025-01-{1 + k // 96:02d}T{(k % 96) // 4:02d}:{15 * (k % 4):02d}:00Z,"
                   f"0.{k % 10}00,measured\n" for k in range(2000))
    data = (READ_HEAD + rows).encode()
    assert len(data) > 65536
    bad_line = data[:70000].count(b"\n") + 1
    cut = data.index(b"\n", 70000) + 1
    data = data[:cut] + b"MP1,2025-02-01T00:00:00Z,0.1,m\xe9asured\n" + data[cut:]
    p = write(tmp_path, "r.csv", data)
    refused(base_url, "readings", p, line=bad_line + 1, words="not UTF-8")


def test_nul_bytes_late_in_readings(base_url, tmp_path):
    rows = "".join(f"MP1,2025-01-01T{k // 4:02d}:{15 * (k % 4):02d}:00Z,0.1,measured\n"
                   for k in range(96))
    p = write(tmp_path, "r.csv", (READ_HEAD + rows).encode() + b"MP1,\x00\x00\n")
    refused(base_url, "readings", p, line=98, words="NUL")


def test_line_numbers_are_physical_after_blank_lines(base_url, tmp_path):
    p = write(tmp_path, "r.csv", READ_HEAD + "\n\nMP1,2025-01-01T00:00:00Z,0.5,measured\n\n"
              "\n   \nMP1,2025-01-01T00:15:00Z,abc,measured\n")
    refused(base_url, "readings", p, line=8, field="kwh")
    p = write(tmp_path, "a.csv", ACC_HEAD + "\n" + ACC_OK + "\n\n"
              "C8,X,S,8000,Z,CH,xx,,g,H-FLAT,2025-01-01,,MPC8,\n")
    refused(base_url, "accounts", p, line=6, field="language")


def test_quoted_csv_header_and_blank_lines_are_accepted(base_url, tmp_path):
    p = write(tmp_path, "r.csv", '"metering_point","start","kwh","quality"\n\n'
              '"MP1","2025-01-01T00:00:00Z","0.5","measured"\n\nMP1,2025-01-01T00:15:00Z,,missing\n')
    assert accepted(base_url, "readings", p)["rows"] == 2
    p = write(tmp_path, "a.csv", ACC_HEAD.replace("account,", '"account",') + ACC_OK)
    assert accepted(base_url, "accounts", p)["rows"] == 1


def test_too_many_fields_is_located(base_url, tmp_path):
    p = write(tmp_path, "r.csv", READ_HEAD + "MP1,2025-01-01T00:00:00Z,0.5,measured\n"
              "MP1,2025-01-01T00:15:00Z,0.5,measured,extra\n")
    refused(base_url, "readings", p, line=3, words="fields")


def test_checksum_is_of_the_bytes_imported(base_url, tmp_path):
    """The file is read once: replacing or deleting it while the import runs changes
    nothing; the stored sha256 is the one of what was parsed."""
    import hashlib
    import os

    from sqlalchemy import select

    from billdesk.store import db
    from billdesk.store.importers import files
    from billdesk.store.models import ImportRecord

    first = (READ_HEAD + "MP1,2025-01-01T00:00:00Z,0.5,measured\n").encode()
    p = write(tmp_path, "r.csv", first)
    real_open = files.open_input

    def open_then_replace(path):
        handle = real_open(path)
        other = tmp_path / "other.csv"
        other.write_bytes(READ_HEAD.encode() + b"MP1,2025-01-01T00:00:00Z,9,measured\n")
        os.replace(other, path)      # the file is replaced under the import
        return handle

    import billdesk.store.importers.readings as readings
    readings.open_input = open_then_replace
    try:
        out = accepted(base_url, "readings", p)
    finally:
        readings.open_input = real_open
    assert out["rows"] == 1
    engine = db.make_engine(base_url)
    with engine.connect() as c:
        digest = c.execute(select(ImportRecord.sha256).order_by(ImportRecord.id.desc())).first()[0]
    engine.dispose()
    assert digest == hashlib.sha256(first).hexdigest()
    # a CSV importer the same way: deleted after it was read
    src = (DATA / "prices.csv").read_bytes()
    p2 = write(tmp_path, "p.csv", src)
    real_read = files.read_source

    def read_then_delete(path, *a, **kw):
        s = real_read(path, *a, **kw)
        os.unlink(path)
        return s

    import billdesk.store.importers.prices as prices
    prices.read_source = read_then_delete
    try:
        accepted(base_url, "prices", p2)
    finally:
        prices.read_source = real_read
    engine = db.make_engine(base_url)
    with engine.connect() as c:
        digest = c.execute(select(ImportRecord.sha256).order_by(ImportRecord.id.desc())).first()[0]
    engine.dispose()
    assert digest == hashlib.sha256(src).hexdigest()


# ---------------------------------------------------------------- JSON (points 5 and 9)
TARIFF = ('{"code": "T-X", "name": "X", "currency": "CHF", "timezone": "Europe/Zurich",\n'
          ' "valid_from": "2025-01-01",\n'
          ' "components": [{"type": "energy", "price": %s, "vat_rate": "8.1"}]}')


@pytest.mark.parametrize("doc,line,field,words", [
    (TARIFF % '"0.2"' + "\n" + "x", 4, None, "extra data"),
    ("[" * 5000 + "]" * 5000, 1, None, "nested deeper"),
    ('{"a": ' * 200 + "1" + "}" * 200, 1, None, "nested deeper"),
    (TARIFF.replace('"name": "X"', '"name": "X\\ud800"') % '"0.2"', 1, None, "surrogate"),
    (TARIFF.replace('"name": "X"', '"name": "X", "name": "Y"') % '"0.2"', 1, None,
     "duplicate key 'name'"),
    (TARIFF % '"0.2"' .replace('"0.2"', '"NaN"'), 3, "components[0].price", "malformed number"),
    (TARIFF % '"1_000"', 3, "components[0].price", "malformed number '1_000'"),
    (TARIFF % '1e999', 3, None, "out of range"),
    (TARIFF.replace('"2025-01-01"', '"9999-12-31"') % '"0.2"', 2, "valid_from",
     "outside the supported range"),
    (TARIFF.replace('"2025-01-01"', '"20250101"') % '"0.2"', 2, "valid_from", "malformed date"),
    (TARIFF.replace('"name": "X"', '"name": "X\\u0000"') % '"0.2"', 1, "name",
     "control character"),
    (TARIFF.replace('"T-X"', '"' + "T" * 65 + '"') % '"0.2"', 1, "code", "64"),
    (TARIFF.replace('"CHF"', '"XYZ"') % '"0.2"', 1, "currency", "ISO 4217"),
    (TARIFF.replace("Europe/Zurich", "Europe/Berlin") % '"0.2"', 1, "timezone",
     "differs from the utility's time zone"),
])
def test_bad_tariff_json(base_url, tmp_path, doc, line, field, words):
    p = write(tmp_path, "t.json", doc)
    refused(base_url, "tariffs", p, line=line, field=field, words=words)


def test_json_numbers_in_exponent_form_are_accepted_exactly(base_url, tmp_path):
    from sqlalchemy import select

    from billdesk.store import db
    from billdesk.store.models import TariffVersionRow, Tariff

    p = write(tmp_path, "t.json", TARIFF % "2.5e-1")
    accepted(base_url, "tariffs", p)
    engine = db.make_engine(base_url)
    with engine.connect() as c:
        d = c.execute(select(TariffVersionRow.definition).join(Tariff)
                      .where(Tariff.code == "T-X")).scalar()
    engine.dispose()
    assert d["components"][0]["price"] == "0.25"


def test_tariff_timezone_may_be_left_out(base_url, tmp_path):
    p = write(tmp_path, "t.json", TARIFF.replace(' "timezone": "Europe/Zurich",', "") % '"0.2"')
    accepted(base_url, "tariffs", p)


# ---------------------------------------------------------------- TOU rules (point 2)
def tou(rules, prices, default="low"):
    return json.dumps({"code": "T-TOU", "name": "t", "currency": "CHF", "valid_from":
                       "2025-01-01", "schedule": {"default": default, "rules": rules},
                       "components": [{"type": "energy", "pricing": "tou", "prices": prices,
                                       "vat_rate": "8.1"}]}, indent=1)


@pytest.mark.parametrize("rules,prices,default,field,words", [
    ([{"days": "weekday", "from": "07:00", "to": "07:00", "period": "high"}],
     {"high": "0.3", "low": "0.2"}, "low", "schedule.rules[0].to", "'from' equals 'to'"),
    ([{"days": "weekday", "from": "07:00", "to": "20:00", "period": "high"}],
     {"high": "0.3", "low": "0.2", "peak": "0.4"}, "low", "components[0].prices.peak",
     "never produces"),
    ([{"days": "weekday", "from": "07:00", "to": "20:00", "period": "high"}],
     {"high": "0.3"}, "low", "components[0].prices", "no price for period(s) low"),
    ([{"days": "all", "from": "00:00", "to": "24:00", "period": "flat"}],
     {"flat": "0.3", "low": "0.2"}, "low", "components[0].prices.low", "never produces"),
    ([{"days": "all", "from": "00:00", "to": "24:00", "period": "low"},
      {"days": "weekday", "from": "07:00", "to": "20:00", "period": "high"}],
     {"high": "0.3", "low": "0.2"}, "low", "schedule.rules[1]", "never applies"),
    ([{"days": "weekday", "from": "07:10", "to": "20:00", "period": "high"}],
     {"high": "0.3", "low": "0.2"}, "low", "schedule.rules[0].from", "15-minute grid"),
])
def test_tou_schedules_that_would_bill_wrongly_are_refused(base_url, tmp_path, rules, prices,
                                                           default, field, words):
    p = write(tmp_path, "t.json", tou(rules, prices, default))
    refused(base_url, "tariffs", p, field=field, words=words)


def test_a_whole_day_rule_and_an_unreachable_default_without_price(base_url, tmp_path):
    p = write(tmp_path, "t.json", tou([{"days": "all", "from": "00:00", "to": "00:00",
                                        "period": "flat"}], {"flat": "0.3"}))
    accepted(base_url, "tariffs", p)


# ---------------------------------------------------------------- accounts (points 4, 5, 9)
@pytest.mark.parametrize("row,field,words", [
    ("C1," + "N" * 71 + ",S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "name", "at most 70"),
    ("C1,Name,S" + "s" * 70 + ",8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "street",
     "at most 70"),
    ("C1,Name,S," + "8" * 17 + ",Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "postcode",
     "at most 16"),
    ("C1,Name,S,8000," + "Z" * 36 + ",CH,de,,g,H-FLAT,2025-01-01,,MPX,", "city", "at most 35"),
    ('C1,"Na\tme",S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,', "name", "control character"),
    ("C1,Na\x1bme,S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "name", "control character"),
    ('C1,"Na\nme",S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,', "name", "control character"),
    ("C1,Имя,S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "name", "QR-bill cannot carry"),
    ("C1,Name\u202e,S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "name", "QR-bill"),
    ("C1,Name,S,,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "postcode", "Postal code"),
    ("C1,Name,S,8000,Zürich,XX,de,,g,H-FLAT,2025-01-01,,MPX,", "country", "ISO 3166"),
    ("C1,Name,S,8000,Zürich,ZZ,de,,g,H-FLAT,2025-01-01,,MPX,", "country", "ISO 3166"),
    ("C1,Name,S,8000,Zürich,CH,de,,g,H-FLAT,20250101,,MPX,", "supply_start", "malformed date"),
    ("C1,Name,S,8000,Zürich,CH,de,,g,H-FLAT,1999-12-31,,MPX,", "supply_start",
     "outside the supported range"),
    ("C1,Name,S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,9999-12-31,MPX,", "supply_end",
     "outside the supported range"),
    ("C1,Name,S,8000,Zürich,CH,de,,g" + "g" * 64 + ",H-FLAT,2025-01-01,,MPX,", "group", "64"),
    ("C1,Name,S,8000,Zürich,CH,de,a\x01@b.ch,g,H-FLAT,2025-01-01,,MPX,", "email", "e-mail"),
    ("C" + "1" * 64 + ",Name,S,8000,Zürich,CH,de,,g,H-FLAT,2025-01-01,,MPX,", "account", "64"),
])
def test_accounts_the_documents_cannot_carry_are_refused(base_url, tmp_path, row, field,
                                                          words):
    p = write(tmp_path, "a.csv", ACC_HEAD + ACC_OK + row + "\n")
    refused(base_url, "accounts", p, line=3, field=field, words=words)


def test_country_case_and_vat_registered_column(base_url, tmp_path):
    from sqlalchemy import select

    from billdesk.store import db
    from billdesk.store.models import Account

    head = ACC_HEAD.rstrip("\n") + ",vat_registered\n"
    p = write(tmp_path, "a.csv", head + ACC_OK.replace(",CH,", ",ch,").rstrip("\n") + ",yes\n"
              + "C8,Otto,Weg 3,9490,Vaduz,LI,de,,g,H-FLAT,2025-01-01,,MPC8,,\n")
    accepted(base_url, "accounts", p)
    p2 = write(tmp_path, "b.csv", head + "C7,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MPC7,,maybe\n")
    refused(base_url, "accounts", p2, line=2, field="vat_registered", words="yes/no")
    engine = db.make_engine(base_url)
    with engine.connect() as c:
        got = dict(c.execute(select(Account.code, Account.vat_registered)
                             .where(Account.code.in_(["C9", "C8", "A1"]))).all())
        country = c.execute(select(Account.country).where(Account.code == "C9")).scalar()
    engine.dispose()
    assert got == {"C9": True, "C8": False, "A1": False} and country == "CH"
    # a file without the column keeps the account's setting
    accepted(base_url, "accounts", write(tmp_path, "c.csv", ACC_HEAD + ACC_OK))
    engine = db.make_engine(base_url)
    with engine.connect() as c:
        assert c.execute(select(Account.vat_registered).where(Account.code == "C9")).scalar()
    engine.dispose()


# ---------------------------------------------------------------- communities (point 2)
def community(members, name="LEG Neu", allocation="static", pp="PVN1"):
    return json.dumps({"name": name, "allocation": allocation, "production_points": [pp],
                       "local_price": "0.18", "members": members}, indent=1)


@pytest.mark.parametrize("members,field,words", [
    ([{"account": "B1", "share": "0.7", "from": "2025-01-01", "to": "2025-07-01"},
      {"account": "A2", "share": "0.5", "from": "2025-06-01"}], "members",
     "add up to 1.2 > 1 on 2025-06-01"),
    ([{"account": "B1", "share": "0.7", "from": "2025-01-01", "to": "2025-03-01"},
      {"account": "B1", "share": "0.2", "from": "2025-02-01"}], "members[1].from",
     "member twice"),
    ([{"account": "B1", "share": "1.5", "from": "2025-01-01"}], "members[0].share", "0..1"),
    ([{"account": "B1", "share": "NaN", "from": "2025-01-01"}], "members[0].share", "0..1"),
    ([{"account": "B1", "share": "0.5", "from": "1999-01-01"}], "members[0].from",
     "outside the supported range"),
    ([{"account": "A1", "share": "0.5", "from": "2025-01-01"}], "members[0].account",
     "already a member of community 'LEG Test'"),
])
def test_communities_that_would_bill_wrongly_are_refused(base_url, tmp_path, members, field,
                                                         words):
    p = write(tmp_path, "c.json", community(members))
    refused(base_url, "communities", p, field=field, words=words)


def test_sequential_memberships_and_shares_are_accepted(base_url, tmp_path):
    # A2 left LEG Test on 2025-06-01: from then on it may join another community; shares of
    # memberships that do not overlap may each be up to 1
    p = write(tmp_path, "c.json", community([
        {"account": "A2", "share": "0.6", "from": "2025-06-01"},
        {"account": "B1", "share": "0.9", "from": "2024-01-01", "to": "2025-06-01"}]))
    accepted(base_url, "communities", p)
    both = write(tmp_path, "two.json", "[" + community(
        [{"account": "B1", "share": "0.5", "from": "2030-01-01"}], name="C1", pp="PVX1") + ","
        + community([{"account": "B1", "share": "0.5", "from": "2030-06-01"}], name="C2",
                    pp="PVX2") + "]")
    refused(base_url, "communities", both, field="[1].members[0].account",
            words="already a member of community 'C1'")


# ---------------------------------------------------------------- prices (point 5)
@pytest.mark.parametrize("row,field,words", [
    ("CH-DA,2025-01-01T00:00:00Z,NaN", "price", "malformed number 'NaN'"),
    ("CH-DA,2025-01-01T00:00:00Z,1_000", "price", "malformed number '1_000'"),
    ("CH-DA,2025-01-01T00:00:00Z,1e3", "price", "malformed number"),
    ("CH-DA,1999-12-31T23:00:00Z,0.1", "start", "outside the supported range"),
    ("CH-DA,9999-12-31T23:00:00-12:00,0.1", "start", "outside the supported range"),
    ("CH DA,2025-01-01T00:00:00Z,0.1", "series", "letters, digits"),
    ("CH-DA,2025-01-01T00:00:00Z,12345678.1", "price", "out of range"),
])
def test_bad_prices(base_url, tmp_path, row, field, words):
    p = write(tmp_path, "p.csv", "series,start,price\n" + row + "\n")
    refused(base_url, "prices", p, line=2, field=field, words=words)


def test_empty_and_header_only_files_are_located(base_url, tmp_path):
    refused(base_url, "readings", write(tmp_path, "e.csv", b""), line=1, words="empty")
    refused(base_url, "readings", write(tmp_path, "h.csv", READ_HEAD), line=2, words="no rows")
    refused(base_url, "tariffs", write(tmp_path, "e.json", b" \n"), line=1, words="empty")


def test_messages_show_values_as_written(base_url, tmp_path):
    p = write(tmp_path, "t.json", (TARIFF % '"0.2"').replace('"vat_rate": "8.1"',
                                                             '"vat_rate": 100.5'))
    err = refused(base_url, "tariffs", p, words="100.5")
    assert "Decimal" not in err
    assert not re.search(r"np\.float|numpy", err)


def test_texts_longer_than_their_column_are_refused_before_the_database(base_url, tmp_path):
    """The same on both databases: refused by the importer (file, line, field), and by the
    before-flush check for anything that did not come through an importer."""
    p = write(tmp_path, "c.json", community([], name="C" * 129))
    refused(base_url, "communities", p, line=2, field="name", words="at most 128")
    p = write(tmp_path, "c2.json", community([], name="C\u0000x"))
    refused(base_url, "communities", p, field="name", words="control character")
    from billdesk.domain.errors import InputError
    from billdesk.store import db
    from billdesk.store.models import MeteringPoint

    engine = db.make_engine(base_url)
    before = dump(base_url)
    for bad in ("X" * 65, "MP\x00", "MP\udc80"):
        with pytest.raises(InputError, match="metering_points.code"):
            with db.transaction(db.session_factory(engine)) as s:
                s.add(MeteringPoint(code=bad, kind="consumption"))
    engine.dispose()
    assert dump(base_url) == before
