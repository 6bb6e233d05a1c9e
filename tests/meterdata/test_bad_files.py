"""Bad and hostile files: refused with the file and the place, the rest of the folder
imported, nothing of a refused file written."""

from datetime import date

import pytest

from billdesk.cli import main
from billdesk.store.meterdata import safexml
from tests.meterdata.builders import eda, local_day, mscons, portal, sdat
from tests.meterdata.conftest import point_id, run, state

DAY = date(2025, 1, 15)
A, B = local_day(DAY)
GOOD = sdat("CH1", A, ["0.1"] * 96)

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
                  ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
                  '<rsm:ValidatedMeteredData_16 xmlns:rsm="http://www.strom.ch">&lol3;'
                  '</rsm:ValidatedMeteredData_16>\n')
EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<rsm:ValidatedMeteredData_16 xmlns:rsm="http://www.strom.ch">&x;'
            '</rsm:ValidatedMeteredData_16>\n')


def _portal95():
    text = portal("PT1", {DAY: [0.1] * 96})
    head, row = text.rstrip("\n").rsplit("\n", 1)
    return head + "\n" + row.rsplit(";", 1)[0] + "\n"


CASES = [
    ("truncated.xml", GOOD[: len(GOOD) // 2], "malformed XML", "line"),
    ("namespace.xml", GOOD.replace("http://www.strom.ch", "http://example.org/sdat"),
     "wrong namespace", "field"),
    ("count.xml", GOOD.replace("<rsm:Observation><rsm:Position><rsm:Sequence>96</rsm:Sequence>"
                               "</rsm:Position><rsm:Volume>0.1</rsm:Volume></rsm:Observation>",
                               ""), "holds 96 observations; the block has 95", "field"),
    ("condition.xml", sdat("CH1", A, ["0.1"] * 96, conditions={7: "99"}),
     "unknown Condition code '99'", "field"),
    ("version.xml", GOOD.replace("ValidatedMeteredData_16", "ValidatedMeteredData_15"),
     "version 15 is not supported", "field"),
    ("sequence.xml", GOOD.replace("<rsm:Sequence>5</rsm:Sequence>",
                                  "<rsm:Sequence>4</rsm:Sequence>"), "appears twice", "field"),
    ("volume.xml", GOOD.replace("<rsm:Volume>0.1</rsm:Volume>", "<rsm:Volume>abc</rsm:Volume>",
                                1), "malformed number 'abc'", "field"),
    ("negative.xml", GOOD.replace("<rsm:Volume>0.1</rsm:Volume>",
                                  "<rsm:Volume>-0.1</rsm:Volume>", 1), "negative", "field"),
    ("future.xml", sdat("CH1", A, ["0.1"] * 96, created="2099-01-01T00:00:00Z"),
     "in the future", "field"),
    ("status.xml", sdat("CH1", A, ["0.1"] * 96, status="7"), "unknown document status",
     "field"),
    ("unknown_point.xml", sdat("CH404", A, ["0.1"] * 96), "unknown metering point", "field"),
    ("laughs.xml", BILLION_LAUGHS, "DTD", "field"),
    ("external.xml", EXTERNAL, "DTD", "field"),
    ("eda_mm.xml", eda("AT1", A, {"1-1:1.9.0 G.01": [0.1] * 96}, methods={3: "X9"}),
     "unknown metering method MM 'X9'", "field"),
    ("eda_ns.xml", eda("AT1", A, {"1-1:1.9.0 G.01": [0.1] * 96}, version="01p20"),
     "wrong namespace", "field"),
    ("eda_code.xml", eda("AT1", A, {"1-1:9.9.9 G.01": [0.1] * 96}), "unknown MeterCode",
     "field"),
    ("unt.edi", mscons("DE1", A, [0.1] * 96, unt_delta=1), "UNT counts", "field"),
    ("unt_missing.edi", mscons("DE1", A, [0.1] * 96).split("UNT")[0], "no UNT", "field"),
    ("qty.edi", mscons("DE1", A, [0.1] * 96, quals={2: "999"}), "unknown QTY qualifier",
     "field"),
    ("sts.edi", mscons("DE1", A, [0.1] * 96, sts={2: "Z99++Z1"}),
     "unknown STS status category", "field"),
    ("register.edi", mscons("DE1", A, [0.1] * 96, obis="1-1?:1.8.0"), "meter reading",
     "field"),
    ("portal95.csv", _portal95(), "95 values on 15.01.2025, a day of 96", "line"),
    ("portal_num.csv", portal("PT1", {DAY: [0.1] * 96}).replace("0,100", "0,1x0", 1),
     "malformed number", "line"),
    ("portal_point.csv", portal(None, {DAY: [0.1] * 96}), "no metering point", "line"),
    ("portal_total.csv", portal("PT1", {DAY: [0.1] * 96}, total=True).replace(
        ";9,600", ";9,700"), "is not the sum", "line"),
    ("unknown.txt", "hello world\nthis is not meter data\n", "unrecognised content", None),
    ("other.xml", '<?xml version="1.0"?><invoice xmlns="urn:x"/>', "unknown XML document",
     "field"),
    ("empty.xml", "", "empty", None),
    ("binary.bin", "\x00\x01\x02SDAT", "binary", None),
]


@pytest.mark.parametrize("name,text,words,where", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_with_its_place_and_the_rest_is_imported(mdb, inbox, name, text,
                                                                       words, where):
    (inbox / "good.xml").write_text(sdat("CH2", A, ["0.3"] * 96))
    bad = inbox / name
    bad.write_text(text)
    rep = run(mdb, inbox)
    by = {f.file.rsplit("/", 1)[-1]: f for f in rep.files}
    assert by["good.xml"].status == "imported"
    r = by[name]
    assert r.status == "refused", r
    assert words in r.error["message"], r.error
    assert r.error["file"] == str(bad)
    if where:
        assert r.error[where] is not None, r.error
    assert rep.exit_code == 2
    assert point_id(mdb, "CH2") is not None


def test_refused_file_changes_nothing(mdb, inbox):
    (inbox / "bad.xml").write_text(sdat("CH1", A, ["0.1"] * 96, conditions={95: "77"}))
    before = state(mdb)
    rep = run(mdb, inbox)
    assert rep.count("refused") == 1
    assert state(mdb) == before


def test_huge_file_is_refused_before_parsing(mdb, inbox, monkeypatch):
    monkeypatch.setattr(safexml, "MAX_BYTES", 1000)
    (inbox / "big.xml").write_text(GOOD)
    rep = run(mdb, inbox)
    assert "MiB" in rep.files[0].error["message"]


def test_two_blocks_for_the_same_intervals_are_refused(mdb, inbox):
    f = inbox / "dup.xml"
    f.write_text(sdat("CH1", A, ["0.1"] * 96, blocks=[("8716867000030", ["0.2"] * 96, None)]))
    rep = run(mdb, f)
    assert "delivers intervals of CH1" in rep.files[0].error["message"]


def test_cli_report_json_and_exit_codes(mdb, inbox, db_url, capsys):
    import json

    (inbox / "good.xml").write_text(GOOD)
    (inbox / "bad.xml").write_text(GOOD[:300])
    assert main(["--db", db_url, "import", "readings", str(inbox), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["files_total"] == 2 and out["imported"] == 1 and out["refused"] == 1
    bad = next(f for f in out["files"] if f["status"] == "refused")
    assert bad["error"]["line"] and "bad.xml" in bad["error"]["text"]
    assert main(["--db", db_url, "import", "readings", str(inbox / "good.xml"),
                 "--format", "sdat"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "readings", str(inbox / "good.xml"),
                 "--format", "eda"]) == 2
    assert "not an EDA ConsumptionRecord" in capsys.readouterr().err
    assert main(["--db", db_url, "import", "readings", str(inbox / "nope")]) == 2


def test_fifo_long_fields_and_duplicates_in_paths(mdb, inbox):
    import os

    os.mkfifo(inbox / "pipe.xml")
    (inbox / "long.csv").write_text("Zählpunkt;PT1\nDatum;" + "x" * 200000 + "\n")
    (inbox / "ok.xml").write_text(sdat("CH2", A, ["0.3"] * 96))
    rep = run(mdb, inbox, inbox / "ok.xml", str(inbox) + "/./ok.xml")
    by = {f.file.rsplit("/", 1)[-1]: f for f in rep.files}
    assert len(rep.files) == 3                       # ok.xml once
    assert "regular file" in by["pipe.xml"].error["message"]
    assert by["long.csv"].status == "refused"
    assert "unexpected" not in by["long.csv"].error["message"]
    assert by["ok.xml"].status == "imported"


def test_mscons_impossible_date_is_refused_located(mdb, inbox):
    text = mscons("DE1", A, [0.1] * 96).replace("KWH'\nDTM+163:202501142300",
                                                "KWH'\nDTM+163:202513142300", 1)
    (inbox / "m.edi").write_text(text)
    rep = run(mdb, inbox)
    assert "not a valid date" in rep.files[0].error["message"]
    assert rep.files[0].error["field"].startswith("segment")


@pytest.mark.parametrize("volume", ["1e3", "1_000", "nan", "inf", "0x10", "1,5"])
def test_sdat_volumes_that_are_not_plain_decimals(mdb, inbox, volume):
    (inbox / "v.xml").write_text(GOOD.replace("<rsm:Volume>0.1</rsm:Volume>",
                                              f"<rsm:Volume>{volume}</rsm:Volume>", 1))
    rep = run(mdb, inbox)
    assert rep.files[0].status == "refused"
    assert "malformed number" in rep.files[0].error["message"]


def test_portal_year_outside_the_range(mdb, inbox):
    (inbox / "p.csv").write_text(portal("PT1", {date(2025, 1, 15): [0.1] * 96})
                                 .replace("15.01.2025", "31.12.9999"))
    rep = run(mdb, inbox)
    assert "outside the supported range" in rep.files[0].error["message"]


def test_undeclared_prefix_is_a_wrong_namespace(mdb, inbox):
    (inbox / "u.xml").write_text(GOOD.replace("rsm:ValidatedMeteredData_16",
                                              "r.m:ValidatedMeteredData_16"))
    rep = run(mdb, inbox)
    assert rep.files[0].status == "refused"
    assert "unexpected" not in rep.files[0].error["message"]
