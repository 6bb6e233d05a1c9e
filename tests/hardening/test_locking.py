"""Issue 12, point 1: SQLite writers wait for the write lock (BEGIN IMMEDIATE, the busy
timeout honoured) instead of failing with "database is locked": imports, run create and
finalize succeed while a 10,000-account run writes, all in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from billdesk.runs import create_run, start_run
from billdesk.store import db
from billdesk.store.models import Bill, BillingAttempt
from tests.hardening.conftest import DATA

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runs"))
import builders  # noqa: E402

BILLDESK = [sys.executable, "-m", "billdesk.cli"]
ENV = {**os.environ, "BILLDESK_BUSY_TIMEOUT": "240"}


def _done(factory, run_id) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.run_id == run_id,
                               BillingAttempt.status != "pending"))


@pytest.mark.slow
def test_writers_wait_for_a_10000_account_run(tmp_path):
    path = tmp_path / "big.sqlite"
    engine = db.make_engine(path)
    db.prepare(engine)
    factory = db.session_factory(engine)
    builders.build(factory, 10_000, period="2025-02", months=2)
    small = create_run(factory, "2025-02", "accounts:A00001,A00002")
    assert start_run(factory, small.id).status == "completed"
    big = create_run(factory, "2025-03", "all")
    accounts = tmp_path / "a.csv"
    accounts.write_text("account,name,street,postcode,city,country,language,email,tariff,"
                        "supply_start,consumption_point\n"
                        "N1,Neu Eins,Weg 1,8000,Zürich,CH,de,,FLAT,2025-01-01,MP-N1\n")
    readings = tmp_path / "r.csv"
    readings.write_text("metering_point,start,kwh,quality\n" + "".join(
        f"MP-A00005,2025-04-01T{h:02d}:00:00+02:00,0.5,measured\n" for h in range(24)))
    runner = subprocess.Popen([*BILLDESK, "--db", str(path), "run", "start", str(big.id),
                               "--batch-size", "50", "--quiet", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=ENV)
    deadline = time.monotonic() + 240
    while _done(factory, big.id) < 100 and time.monotonic() < deadline:
        assert runner.poll() is None, runner.communicate()
        time.sleep(0.02)
    writers = [
        ["import", "tariffs", DATA / "tariffs.json"],
        ["import", "accounts", accounts],
        ["import", "readings", readings],
        ["run", "create", "--period", "2025-02", "--target", "accounts:A00003", "--json"],
        ["run", "finalize", str(small.id), "--json"],
    ]
    # all at once, while the run writes a batch every few tens of milliseconds
    procs = [subprocess.Popen([*BILLDESK, "--db", str(path), *map(str, args)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=ENV) for args in writers]
    started_during_run = runner.poll() is None and _done(factory, big.id) < 10_000
    finished_during_run = 0
    for args, p in zip(writers, procs):
        _out, err = p.communicate(timeout=300)
        finished_during_run += runner.poll() is None
        assert p.returncode == 0, (args, err)
        assert "locked" not in err and "Traceback" not in err, err
    assert started_during_run and finished_during_run >= 1, \
        "the writers did not run while the run was writing"
    out, err = runner.communicate(timeout=600)
    assert runner.returncode == 0, err
    assert json.loads(out)["status"] == "completed"
    with factory() as s:
        n = s.scalar(select(func.count()).select_from(Bill).where(Bill.run_id == big.id))
        distinct = s.scalar(select(func.count(func.distinct(Bill.account_id)))
                            .where(Bill.run_id == big.id))
        issued = s.scalar(select(func.count()).select_from(Bill)
                          .where(Bill.run_id == small.id, Bill.number.is_not(None)))
    assert n == distinct == 10_000 and issued == 2
    engine.dispose()
