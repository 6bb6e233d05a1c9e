"""Importers: good files, every kind of bad file (exit 2, nothing written), re-imports."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from billdesk.cli import main
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period, zone
from billdesk.store import db
from billdesk.store.importers import IMPORTERS
from billdesk.store.intervals import read_block
from billdesk.store.models import (Account, AuditEntry, CommunityRow, ImportRecord, IntervalChunk,
                                   MeteringPoint, PricePoint, Tariff, TariffVersionRow)

DATA = Path(__file__).parent.parent / "data"
MODELS = [Account, MeteringPoint, IntervalChunk, Tariff, TariffVersionRow, PricePoint,
          CommunityRow, ImportRecord, AuditEntry]


def load(factory, kind, path):
    with db.transaction(factory) as s:
        return IMPORTERS[kind](s, path)


def base(factory):
    load(factory, "tariffs", DATA / "tariffs.json")
    load(factory, "accounts", DATA / "accounts.csv")


def counts(factory):
    with factory() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in MODELS}


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


READ_HEAD = "metering_point,start,kwh,quality\n"


def test_all_importers_and_reimport_is_harmless(factory, tmp_path):
    base(factory)
    load(factory, "prices", DATA / "prices.csv")
    load(factory, "communities", DATA / "community.json")
    rows = "".join(f"MP1,2025-03-30T{h:02d}:{m:02d}:00Z,0.{h:02d}{m // 15},measured\n"
                   for h in range(0, 24) for m in (0, 15, 30, 45))
    p = write(tmp_path, "r.csv", READ_HEAD + rows)
    r = load(factory, "readings", p)
    assert r.rows == 96 and r.changed == 1
    before = counts(factory)
    for kind, path in (("tariffs", DATA / "tariffs.json"), ("accounts", DATA / "accounts.csv"),
                       ("prices", DATA / "prices.csv"), ("readings", p),
                       ("communities", DATA / "community.json")):
        res = load(factory, kind, path)
        if kind != "communities":
            assert res.changed == 0, kind
    after = counts(factory)
    for model in ("Account", "MeteringPoint", "IntervalChunk", "Tariff", "TariffVersionRow",
                  "PricePoint", "CommunityRow"):
        assert after[model] == before[model], model
    with factory() as s:
        acc = s.scalar(select(Account).where(Account.code == "A2"))
        assert sorted(g.name for g in acc.groups) == ["prosumer", "residential"]
        assert acc.production_point.code == "PV2"
        tv = s.scalar(select(TariffVersionRow).join(Tariff).where(Tariff.code == "B-TOU"))
        assert [c.type for c in tv.components] == ["energy", "power", "feed_in"]
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 10


def test_readings_new_version_on_correction(factory, tmp_path):
    base(factory)
    p1 = write(tmp_path, "a.csv", READ_HEAD + "MP1,2025-01-01T00:00:00+01:00,1.5,measured\n"
               "MP1,2025-01-01T00:15:00+01:00,,missing\n")
    load(factory, "readings", p1)
    p2 = write(tmp_path, "b.csv", READ_HEAD + "MP1,2024-12-31T23:15:00Z,0.75,ERSATZWERT\n")
    r = load(factory, "readings", p2)
    assert r.details["chunks_new_version"] == 1
    with factory() as s:
        (pid,) = s.scalars(select(MeteringPoint.id).where(MeteringPoint.code == "MP1")).all()
        a, b = Period.parse("2025-01").utc_bounds("Europe/Zurich")
        blk = read_block(s, [pid], a, b, zone("Europe/Zurich"))
        assert blk.kwh[0, :2].tolist() == [1.5, 0.75]
        assert blk.flags[0, :3].tolist() == [0, 1, 3]


BAD_READINGS = [
    ("malformed number", "MP1,2025-01-01T00:00:00Z,1.2x,measured\n", 2, "kwh", "malformed number"),
    ("negative", "MP1,2025-01-01T00:00:00Z,0.1,measured\nMP1,2025-01-01T00:15:00Z,-0.5,measured\n",
     3, "kwh", "negative"),
    ("off grid", "MP1,2025-01-01T00:07:00Z,0.1,measured\n", 2, "start", "15-minute grid"),
    ("no offset", "MP1,2025-01-01T00:00:00,0.1,measured\n", 2, "start", "offset"),
    ("bad timestamp", "MP1,yesterday,0.1,measured\n", 2, "start", "malformed timestamp"),
    ("duplicate", "MP1,2025-01-01T00:00:00Z,0.1,measured\nMP1,2025-01-01T01:00:00+01:00,0.2,measured\n",
     3, "start", "duplicate interval"),
    ("unknown point", "MP1,2025-01-01T00:00:00Z,0.1,measured\nXX9,2025-01-01T00:00:00Z,0.1,measured\n",
     3, "metering_point", "unknown metering point"),
    ("unknown quality", "MP1,2025-01-01T00:00:00Z,0.1,great\n", 2, "quality", "unknown quality"),
    ("too many decimals", "MP1,2025-01-01T00:00:00Z,0.123456,measured\n", 2, "kwh", "4 decimals"),
    ("empty value", "MP1,2025-01-01T00:00:00Z,,measured\n", 2, "kwh", "empty kwh"),
]


@pytest.mark.parametrize("name,rows,line,field,words", BAD_READINGS,
                         ids=[b[0] for b in BAD_READINGS])
def test_bad_readings(factory, tmp_path, name, rows, line, field, words):
    base(factory)
    good = write(tmp_path, "good.csv", READ_HEAD + "MP2,2025-01-01T00:00:00Z,0.1,measured\n")
    load(factory, "readings", good)
    before = counts(factory)
    p = write(tmp_path, "bad.csv", READ_HEAD + "MP2,2025-01-01T00:15:00Z,0.3,measured\n" + rows)
    with pytest.raises(InputError) as ei:
        load(factory, "readings", p)
    e = ei.value
    assert e.file == str(p) and e.line == line + 1 and e.field == field, str(e)
    assert words in str(e)
    assert counts(factory) == before


@pytest.mark.parametrize("content,words,line", [
    (b"", "empty", None),
    (READ_HEAD.encode(), "no rows", None),
    (READ_HEAD.encode() + "MP1,2025-01-01T00:00:00Z,0.1,gemessen\u00e9\n".encode("latin-1"),
     "not UTF-8", 2),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", None, None),
    (b'{"code": "H-FLAT"}\n', "missing column", 1),
    (b"account,name\nA1,x\n", "missing column", 1),
], ids=["empty", "header only", "latin-1", "binary", "json", "accounts csv"])
def test_wrong_files_for_readings(factory, tmp_path, content, words, line):
    base(factory)
    before = counts(factory)
    p = write(tmp_path, "x.csv", content)
    with pytest.raises(InputError) as ei:
        load(factory, "readings", p)
    if words:
        assert words in str(ei.value)
    if line:
        assert ei.value.line == line
    assert counts(factory) == before


ACC_HEAD = ("account,name,street,postcode,city,country,language,email,group,tariff,supply_start,"
            "supply_end,consumption_point,production_point\n")


@pytest.mark.parametrize("row,field,words", [
    ("C1,X,S,8000,Z,CH,de,,g,NOPE,2025-01-01,,MPX,", "tariff", "unknown tariff"),
    ("C1,X,S,8000,Z,CH,xx,,g,H-FLAT,2025-01-01,,MPX,", "language", "unknown language"),
    ("C1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-13-01,,MPX,", "supply_start", "malformed date"),
    ("C1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,2024-01-01,MPX,", "supply_end", "not after"),
    ("C1,X,S,8000,Z,CH,de,not-an-email,g,H-FLAT,2025-01-01,,MPX,", "email", "e-mail"),
    ("C1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,,", "consumption_point", "empty"),
    ("C1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MP1,", "consumption_point", "already belongs"),
    ("A1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MPX,\nA1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MPY,",
     "account", "appears twice"),
    ("C1,X,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MPX", None, "expected 14 fields"),
])
def test_bad_accounts(factory, tmp_path, row, field, words):
    base(factory)
    before = counts(factory)
    p = write(tmp_path, "acc.csv", ACC_HEAD + "C0,Ok,S,8000,Z,CH,de,,g,H-FLAT,2025-01-01,,MPZ,\n"
              + row + "\n")
    with pytest.raises(InputError) as ei:
        load(factory, "accounts", p)
    assert words in str(ei.value)
    assert ei.value.field == field
    assert ei.value.line is not None and ei.value.line >= 3
    assert counts(factory) == before


@pytest.mark.parametrize("doc,field,words,line", [
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01", "timezone": "Europe/Zurch",\n'
     ' "components": [{"type": "energy", "price": "0.2"}]}', "timezone", "unknown time zone", 1),
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01",\n "components": [\n'
     '  {"type": "energy", "price": "0.2"},\n  {"type": "energy", "price": "abc"}]}',
     "components[1].price", "malformed number", 4),
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01",\n "components": [\n'
     '  {"type": "teleport", "price": "0.2"}]}', "components[0].type", "unknown component", 3),
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01",\n "components": [\n'
     '  {"type": "energy", "pricing": "tou", "prices": {"high": "0.3"}}]}',
     "components[0].schedule", "needs a schedule", 3),
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01",\n "components": [\n'
     '  {"type": "energy", "price": "0.2", "colour": "red"}]}', "components[0]", "schema", 3),
    ('{"code": "T", "currency": "CHF", "valid_from": "2025-01-01"\n "components": []}', None,
     "malformed JSON", 2),
    ('[]', None, "empty list", 1),
])
def test_bad_tariffs(factory, tmp_path, doc, field, words, line):
    before = counts(factory)
    p = write(tmp_path, "t.json", doc)
    with pytest.raises(InputError) as ei:
        load(factory, "tariffs", p)
    assert words in str(ei.value)
    assert ei.value.field == field
    assert ei.value.line == line
    assert counts(factory) == before


@pytest.mark.parametrize("doc,field,words", [
    ('{"name": "C", "allocation": "magic", "production_points": ["P"], "local_price": "0.1", '
     '"members": []}', "allocation", "unknown allocation"),
    ('{"name": "C", "allocation": "dynamic", "production_points": ["P"], "local_price": "0.1", '
     '"members": [{"account": "ZZ", "from": "2025-01-01"}]}', "members[0].account", "unknown account"),
    ('{"name": "C", "allocation": "static", "production_points": ["P"], "local_price": "0.1", '
     '"members": [{"account": "A1", "share": "0.7", "from": "2025-01-01"}, '
     '{"account": "A2", "share": "0.7", "from": "2025-01-01"}]}', "members", "> 1"),
    ('{"name": "C", "allocation": "dynamic", "production_points": ["MP1"], "local_price": "0.1", '
     '"members": []}', "production_points[0]", "consumption point"),
])
def test_bad_communities(factory, tmp_path, doc, field, words):
    base(factory)
    before = counts(factory)
    p = write(tmp_path, "c.json", doc)
    with pytest.raises(InputError) as ei:
        load(factory, "communities", p)
    assert words in str(ei.value) and ei.value.field == field
    assert counts(factory) == before


@pytest.mark.parametrize("rows,field,words", [
    ("CH-DA,2025-01-01T00:00:00Z,abc", "price", "malformed number"),
    ("CH-DA,2025-01-01T00:00:00,0.1", "start", "offset"),
    ("CH-DA,2025-01-01T00:00:00Z,0.1\nCH-DA,2025-01-01T01:00:00+01:00,0.2", "start", "duplicate"),
])
def test_bad_prices(factory, tmp_path, rows, field, words):
    before = counts(factory)
    p = write(tmp_path, "p.csv", "series,start,price\n" + rows + "\n")
    with pytest.raises(InputError) as ei:
        load(factory, "prices", p)
    assert words in str(ei.value) and ei.value.field == field
    assert counts(factory) == before


def test_cli_exit_codes_and_json(tmp_path, capsys):
    dbp = str(tmp_path / "cli.sqlite")
    assert main(["--db", dbp, "import", "tariffs", str(DATA / "tariffs.json"), "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 2 and out["kind"] == "tariffs"
    bad = write(tmp_path, "bad.csv", ACC_HEAD + "C1,X,S,8000,Z,CH,de,,g,NOPE,2025-01-01,,MPX,\n")
    assert main(["--db", dbp, "import", "accounts", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, line 2, field 'tariff'" in err
    assert main(["--db", dbp, "import", "accounts", str(tmp_path / "missing.csv")]) == 2
    with pytest.raises(SystemExit) as ei:
        main(["--db", dbp, "import", "nonsense", "x"])
    assert ei.value.code == 2


@pytest.mark.postgres
def test_cli_on_postgres_needs_upgrade_first(pg_url, capsys):
    assert main(["--db", pg_url, "import", "tariffs", str(DATA / "tariffs.json")]) == 2
    assert "db upgrade" in capsys.readouterr().err
    assert main(["--db", pg_url, "db", "upgrade", "--json"]) == 0
    import json

    assert json.loads(capsys.readouterr().out)["revision"] == db.head_revision()
    assert main(["--db", pg_url, "import", "tariffs", str(DATA / "tariffs.json")]) == 0
    assert main(["--db", pg_url, "import", "accounts", str(DATA / "accounts.csv")]) == 0


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_accounts_and_prices_saved_by_a_spreadsheet_with_semicolons_or_tabs(factory, tmp_path,
                                                                             delimiter):
    """A spreadsheet saved as CSV in a Swiss or German locale separates by ``;`` (groups,
    themselves ``;``-separated, then quoted), "Unicode text" by tabs: the same accounts as
    the comma file, and importing the comma file after it changes nothing."""
    import csv

    load(factory, "tariffs", DATA / "tariffs.json")
    for name in ("accounts.csv", "prices.csv"):
        rows = list(csv.reader((DATA / name).open(encoding="utf-8")))
        p = tmp_path / name
        with p.open("w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f, delimiter=delimiter).writerows(rows)
        kind = name.split(".")[0]
        assert load(factory, kind, p).rows == len(rows) - 1
        assert load(factory, kind, DATA / name).changed == 0
    with factory() as s:
        a2 = s.scalar(select(Account).where(Account.code == "A2"))
        assert sorted(g.name for g in a2.groups) == ["prosumer", "residential"]


def test_a_semicolon_file_with_a_row_split_wrongly_names_its_line(factory, tmp_path):
    load(factory, "tariffs", DATA / "tariffs.json")
    text = (DATA / "accounts.csv").read_text(encoding="utf-8").replace(",", ";")
    before = counts(factory)
    with pytest.raises(InputError) as e:
        load(factory, "accounts", write(tmp_path, "a.csv", text))   # groups not quoted
    assert e.value.line == 3 and "expected 14 fields, found 15" in str(e.value)
    assert counts(factory) == before
