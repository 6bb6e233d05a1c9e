"""Issue 12, points 5 (ids), 7 (secrets), 8 (numbering year) and 9 (demo, force-resume,
metering point codes, migration of existing data)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from billdesk.store import db
from tests.hardening.conftest import DATA
from tests.hardening.mutations import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runs"))
import builders  # noqa: E402

BILLDESK = [sys.executable, "-m", "billdesk.cli"]
HUGE = "99999999999999999999"


# ---------------------------------------------------------------- ids (point 5)
@pytest.mark.parametrize("argv", [
    ["run", "show", HUGE], ["run", "start", HUGE], ["run", "cancel", HUGE],
    ["run", "rerun-failed", HUGE], ["run", "finalize", HUGE], ["run", "show", "2147483648"],
    ["run", "show", "-1"], ["run", "show", "0"], ["run", "show", "١٢"],
    ["bills", "list", "--run", HUGE], ["bill", "show", HUGE], ["bill", "show", "9" * 400],
    ["export", "pdf", "--run", HUGE, "--out", "x"], ["export", "pdf", "--bill", HUGE, "--out",
                                                     "x"],
    ["run", "start", "1", "--workers", HUGE], ["run", "start", "1", "--batch-size", HUGE],
    ["export", "pdf", "--run", "1", "--out", "x", "--workers", HUGE],
    ["demo", "--accounts", HUGE], ["demo", "--seed", HUGE], ["demo", "--months", HUGE],
])
def test_ids_and_counts_too_large_for_the_database(db_url, tmp_path, argv):
    code, _out, err = run_cli(["--db", db_url, *argv])
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert "OverflowError" not in err and "NumericValueOutOfRange" not in err, err


# ---------------------------------------------------------------- secrets (point 7)
@pytest.mark.parametrize("url", [
    "postgresql://billing:s3cret-pw@127.0.0.1:1/db",
    "postgresql+psycopg://billing:s3cret-pw@localhost/db",
    "postgresql://billing@127.0.0.1:1/db?password=s3cret-pw",
    "postgresql://billing:@127.0.0.1:1/db?sslmode=require&PASSWORD=s3cret-pw",
])
def test_a_password_in_the_url_is_refused_and_never_echoed(url):
    code, out, err = run_cli(["-v", "--db", url, "run", "list"])
    assert code == 2
    assert "s3cret-pw" not in err + out
    assert "password inside the --db URL is refused" in err and "PGPASSWORD" in err


def test_connection_errors_and_logs_never_show_a_password(monkeypatch, caplog):
    """A server that is not there, with the password from the environment: the message
    names the server, never the password; the logs neither (also with -v)."""
    monkeypatch.setenv("PGPASSWORD", "env-s3cret")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run_cli(["-v", "--db", f"postgresql://billing@127.0.0.1:{port}/db",
                              "run", "list"])
    assert code == 2, err
    assert "env-s3cret" not in err + out and "127.0.0.1" in err
    from billdesk.store.faults import redact

    assert redact("postgresql://u:pw@h/db and password=pw2 x") == \
        "postgresql://u:***@h/db and password=*** x"
    # a password that reached a log message anyway is redacted by billdesk's handler
    from billdesk import errorlog

    errorlog.configure(verbose=True)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_billdesk", False))
    record = logging.LogRecord("x", logging.ERROR, __file__, 1,
                               "connect to %s failed", ("postgresql://u:pw@h/db",), None)
    assert "pw@" not in handler.format(record)


@pytest.mark.postgres
def test_the_keyring_supplies_the_password(pg_url, monkeypatch):
    """No password on the command line: the keyring's (stored by the app) is used."""
    from sqlalchemy.engine import make_url

    from billdesk.store import credentials

    seen = {}

    def fake_get(url):
        seen["url"] = url
        return None      # the test server trusts local connections: no password needed

    monkeypatch.setattr(credentials, "get_password", fake_get)
    url = make_url(pg_url).set(password=None).render_as_string(hide_password=False)
    code, _out, err = run_cli(["--db", url, "db", "upgrade"])
    assert code == 0, err
    assert "url" in seen and ":" not in seen["url"].split("@")[0].split("//")[1]


# ---------------------------------------------------------------- numbering (point 8)
def test_invoice_year_and_date_come_from_the_utility_time_zone(db_url):
    from billdesk.runs import create_run, finalize_run, start_run
    from billdesk.runs.export import _documents, company_profile
    from billdesk.store.models import Bill

    engine = db.make_engine(db_url)
    db.prepare(engine)
    factory = db.session_factory(engine)
    builders.build(factory, 3)
    from billdesk.demo.company import DEMO_COMPANY
    from billdesk.store import settings

    with db.transaction(factory) as s:
        settings.put(s, "company", DEMO_COMPANY)
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    late = datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)   # 00:30 on 1 January in CH
    res = finalize_run(factory, run.id, now=late)
    assert res.numbers["invoice"] == ("INV-2026-000001", "INV-2026-000003")
    with factory() as s:
        ids = list(s.scalars(select(Bill.id).where(Bill.run_id == run.id)))
        company = company_profile(s)
    docs = list(_documents(factory, ids, company))
    assert {d.issue_date.isoformat() for d in docs} == {"2026-01-01"}
    engine.dispose()


# ---------------------------------------------------------------- demo (point 9)
@pytest.mark.slow
def test_a_killed_demo_can_be_run_again(tmp_path):
    path = tmp_path / "demo.sqlite"
    p = subprocess.Popen([*BILLDESK, "--db", str(path), "demo", "--accounts", "300",
                          "--months", "6", "--end", "2025-11"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    from billdesk.store.models import Account

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        try:
            e = db.make_engine(path, readonly=True)
            with e.connect() as c:
                n = c.execute(select(Account.id).limit(1)).first()
            e.dispose()
            if n:
                break
        except Exception:  # noqa: BLE001 - not created yet
            pass
        time.sleep(0.05)
    assert p.poll() is None, "the demo finished before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    r = subprocess.run([*BILLDESK, "--db", str(path), "demo", "--accounts", "40", "--months",
                        "1", "--end", "2025-11", "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["accounts"] == 40
    # a finished demo is not cleared: a second demo is refused as before
    r = subprocess.run([*BILLDESK, "--db", str(path), "demo", "--accounts", "40"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "already holds accounts" in r.stderr


# ---------------------------------------------------------------- force-resume (point 9)
def test_force_resume_takes_over_from_a_live_process_that_is_not_billdesk(tmp_path):
    from billdesk.runs import create_run
    from billdesk.store.models import BillRun

    path = tmp_path / "f.sqlite"
    engine = db.make_engine(path)
    db.prepare(engine)
    factory = db.session_factory(engine)
    builders.build(factory, 20)
    run = create_run(factory, "2025-03", "all")
    sleeper = subprocess.Popen(["sleep", "120"])          # a pid reused by something else
    try:
        with db.transaction(factory) as s:
            s.execute(update(BillRun).where(BillRun.id == run.id).values(
                status="running", owner=f"{socket.gethostname()}:{sleeper.pid}:deadbeef",
                heartbeat_at=datetime.now(timezone.utc)))
        code, _o, err = run_cli(["--db", str(path), "run", "start", str(run.id)])
        assert code == 2 and "--force-resume" in err, err
        code, out, err = run_cli(["--db", str(path), "run", "start", str(run.id),
                                  "--force-resume", "--json"])
        assert code == 0, err
        assert json.loads(out)["status"] == "completed" and "not billdesk" in err
    finally:
        sleeper.kill()
        sleeper.wait()
    # a live billdesk owner is never taken over
    run2 = create_run(factory, "2025-03", "accounts:A00001")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                              "billdesk"])
    try:
        with db.transaction(factory) as s:
            s.execute(update(BillRun).where(BillRun.id == run2.id).values(
                status="running", owner=f"{socket.gethostname()}:{other.pid}:cafe",
                heartbeat_at=datetime.now(timezone.utc)))
        code, _o, err = run_cli(["--db", str(path), "run", "start", str(run2.id),
                                 "--force-resume"])
        assert code == 2 and "billdesk process" in err, err
    finally:
        other.kill()
        other.wait()
    engine.dispose()


# ---------------------------------------------------------------- codes as written
def test_numeric_looking_codes_stay_text(db_url, tmp_path):
    """'00123' and '123' are two metering points ('00123' once became 123)."""
    for argv in (["db", "upgrade"], ["import", "tariffs", str(DATA / "tariffs.json")]):
        assert run_cli(["--db", db_url, *argv])[0] == 0
    (tmp_path / "a.csv").write_text(
        "account,name,street,postcode,city,country,language,email,tariff,supply_start,"
        "consumption_point\nN1,A,S,8000,Z,CH,de,,H-FLAT,2025-01-01,00123\n"
        "N2,B,S,8000,Z,CH,de,,H-FLAT,2025-01-01,123\n")
    assert run_cli(["--db", db_url, "import", "accounts", str(tmp_path / "a.csv")])[0] == 0
    (tmp_path / "r.csv").write_text("metering_point,start,kwh,quality\n"
                                    "00123,2025-01-01T00:00:00Z,1.5,measured\n"
                                    "123,2025-01-01T00:00:00Z,2.5,true\n")
    code, out, err = run_cli(["--db", db_url, "import", "readings", str(tmp_path / "r.csv"),
                              "--json"])
    assert code == 0, err
    assert json.loads(out)["files"][0]["points"] == 2


# ---------------------------------------------------------------- migration 0002 on data
def test_migration_0002_upgrades_and_downgrades_a_database_with_data(db_url):
    from alembic import command
    from sqlalchemy import text

    engine = db.make_engine(db_url)
    db.upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO metering_points (code, kind) VALUES ('M1', 'consumption')"))
        c.execute(text(
            "INSERT INTO accounts (code, name, street, postcode, city, country, language, "
            "supply_start, consumption_point_id, updated_at) VALUES ('X1', 'N', 'S', '8000', "
            "'Z', 'CH', 'de', '2025-01-01', (SELECT id FROM metering_points), "
            "'2025-01-01 00:00:00')"))
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    with engine.connect() as c:
        assert c.execute(text("SELECT code, vat_registered FROM accounts")).all() == \
            [("X1", False)]
    command.downgrade(db.alembic_config(engine), "0001")
    with engine.connect() as c:
        assert c.execute(text("SELECT code FROM accounts")).all() == [("X1",)]
    db.upgrade(engine)
    engine.dispose()


def test_a_database_path_with_url_characters_is_that_file(tmp_path):
    folder = tmp_path / "a?b#c"
    folder.mkdir()
    path = folder / "x?y%20.sqlite"
    code, _out, err = run_cli(["--db", str(path), "run", "list"])
    assert code == 0, err
    assert path.exists() and not (tmp_path / "a").exists()
