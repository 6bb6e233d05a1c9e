"""The audit log as the app and the CSV export read it: filters, keyset pages, formula-safe
CSV."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

from billdesk.store import audit
from billdesk.store.audit_log import LogFilter, choices, count, csv_cell, export_csv, page
from billdesk.store.db import transaction

from .conftest import issue


def test_filters_and_pages(factory):
    run_id = issue(factory, 4)
    with transaction(factory) as s:
        audit.record(s, "settings.set", "setting", "timezone", {"new": "=cmd|' /C calc'!A0"},
                     who="mallory")
    everything = count(factory, LogFilter())
    assert everything >= 4 + 3           # issues, finalize, start, create, imports, settings
    issued = count(factory, LogFilter(action="bill.issue"))
    assert issued == 4
    assert count(factory, LogFilter(action="bill.")) >= issued
    assert count(factory, LogFilter(actor="mallory")) == 1
    of_run = page(factory, LogFilter(run_id=run_id), limit=1000)
    assert {"run.create", "run.start", "run.finish", "run.finalize", "bill.issue"} <= \
        {r.action for r in of_run}
    assert count(factory, LogFilter(run_id=run_id + 1)) == 0
    assert count(factory, LogFilter(object_type="setting", object_id="timezone")) == 1
    now = datetime.now(timezone.utc)
    assert count(factory, LogFilter(since=now - timedelta(hours=1))) == everything
    assert count(factory, LogFilter(until=now - timedelta(hours=1))) == 0
    # keyset pages: newest first, no entry twice, none lost
    seen, before = [], None
    while True:
        rows = page(factory, LogFilter(), before, limit=3)
        if not rows:
            break
        seen += [r.id for r in rows]
        before = rows[-1].id
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == everything
    c = choices(factory)
    assert "mallory" in c["actors"] and "bill.issue" in c["actions"]


def test_csv_export_escapes_formulas(factory, tmp_path):
    issue(factory, 2)
    with transaction(factory) as s:
        for who in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain"):
            audit.record(s, "settings.set", "setting", "company", {"v": who}, who=who)
    out = tmp_path / "log.csv"
    n = export_csv(factory, LogFilter(action="settings.set"), out)
    assert n == 5
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    actors = sorted(r["actor"] for r in rows)
    assert actors == sorted(["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"])
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert csv_cell("\tx") == "'\tx" and csv_cell(None) == "" and csv_cell(12) == "12"
    assert not list(tmp_path.glob("*.part"))
