"""Every command under every role, on a real PostgreSQL server: what a role may not do exits
2 with 'permission' in the message and changes nothing in the database; what it may do
works. The viewer writes nothing, the clerk cannot finalize, the approver can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text, update

import builders
from billdesk.cli import main
from billdesk.demo.company import DEMO_COMPANY
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store import privileges as pv
from billdesk.store.db import transaction
from billdesk.store.models import Account
from billdesk.store.settings_catalog import set_many
from tests.dispatch.smtpserver import SmtpServer

DATA = Path(__file__).parent.parent / "data"
RANK = {lv: i for i, lv in enumerate(pv.LEVELS)} | {"owner": len(pv.LEVELS)}

# (name, arguments, the lowest level allowed to run it); in this order
CASES = [
    ("whoami", ["whoami", "--json"], "viewer"),
    ("db roles", ["db", "roles", "--json"], "viewer"),
    ("run list", ["run", "list", "--json"], "viewer"),
    ("run show", ["run", "show", "{done}", "--json"], "viewer"),
    ("bills list", ["bills", "list", "--run", "{issued}", "--json"], "viewer"),
    ("bill show", ["bill", "show", "{bill}", "--json"], "viewer"),
    ("quality-check", ["quality-check", "--period", "2025-03", "--target", "all"], "viewer"),
    ("settings show", ["settings", "show", "--json"], "viewer"),
    ("send --dry-run", ["send", "--run", "{issued}", "--dry-run"], "viewer"),
    ("import tariffs", ["import", "tariffs", str(DATA / "tariffs.json")], "clerk"),
    ("import prices", ["import", "prices", str(DATA / "prices.csv")], "clerk"),
    ("import accounts", ["import", "accounts", str(DATA / "accounts.csv")], "clerk"),
    ("import communities", ["import", "communities", str(DATA / "community.json")], "clerk"),
    ("import readings", ["import", "readings", "{readings}"], "clerk"),
    ("run create", ["run", "create", "--period", "2025-03", "--target", "accounts:A00011"],
     "clerk"),
    ("run start", ["run", "start", "{draft}", "--quiet"], "clerk"),
    ("run start --detach", ["run", "start", "{queued}", "--detach"], "clerk"),
    ("worker", ["worker", "--run", "{queued}", "--exit-when-idle", "--quiet", "--poll", "0.2"],
     "clerk"),
    ("run cancel", ["run", "cancel", "{cancel}"], "clerk"),
    ("run rerun-failed", ["run", "rerun-failed", "{done}"], "clerk"),
    ("export pdf", ["export", "pdf", "--run", "{issued}", "--out", "{tmp}/pdf", "--workers",
                    "1"], "clerk"),
    ("export print", ["export", "print", "--run", "{issued}", "--out", "{tmp}/print.pdf",
                      "--all", "--workers", "1"], "clerk"),
    ("send", ["send", "--run", "{issued}", "--quiet"], "clerk"),
    ("send import-bounces", ["send", "import-bounces", "{bounces}"], "clerk"),
    ("run finalize", ["run", "finalize", "{done}"], "approver"),
    ("settings set", ["settings", "set", "smtp.rate_per_minute", "100"], "admin"),
    ("settings unset", ["settings", "unset", "smtp.rate_per_minute"], "admin"),
    ("db roles --grant", ["db", "roles", "--grant", "{nobody}=viewer"], "admin"),
    ("db upgrade", ["db", "upgrade"], "owner"),
    ("db roles --apply", ["db", "roles", "--apply", "--prefix", "{prefix}"], "owner"),
]


def snapshot(team) -> dict[str, str]:
    """Every table's whole content (an md5 per table)."""
    with team.engine.connect() as c:
        return {t: c.execute(text(f"SELECT coalesce(md5(string_agg(x::text, '|' ORDER BY "
                                  f"x::text)), '') FROM {t} x")).scalar()
                for t in pv.TABLES}


def populate(team, tmp: Path, smtp: SmtpServer) -> dict[str, str]:
    f = team.factory
    builders.build(f, 12, no_data=(2,))
    from billdesk.store.importers import IMPORTERS
    with transaction(f) as s:
        IMPORTERS["tariffs"](s, str(DATA / "tariffs.json"))
    with transaction(f) as s:
        s.execute(update(Account).where(Account.code.in_(["A00004", "A00005"]))
                  .values(email="kunde@example.ch"))
        set_many(s, {"company": json.dumps(DEMO_COMPANY), "pdf_folder": str(tmp / "pdfs"),
                     "smtp.host": "127.0.0.1", "smtp.port": str(smtp.port),
                     "smtp.security": smtp.mode, "smtp.retry_delay": "0.05"})
    done = start_run(f, create_run(f, "2025-03", "accounts:A00001,A00002,A00003").id)
    assert done.status == "completed_with_errors"
    issued = start_run(f, create_run(f, "2025-03", "accounts:A00004,A00005,A00006").id)
    finalize_run(f, issued.id)
    cancel = start_run(f, create_run(f, "2025-03", "accounts:A00007,A00008").id)
    draft = create_run(f, "2025-03", "accounts:A00009")
    queued = create_run(f, "2025-03", "accounts:A00010")
    with f() as s:
        bill = s.execute(text("SELECT number FROM bills WHERE run_id = :r ORDER BY id"),
                         {"r": issued.id}).scalar()
    readings = tmp / "readings.csv"
    readings.write_text("metering_point,start,kwh,quality\n"
                        "MP-A00012,2025-04-01T00:00:00+02:00,0.25,measured\n", encoding="utf-8")
    bounces = tmp / "bounces.csv"
    bounces.write_text("recipient,reason\nkunde@example.ch,550 mailbox unknown\n",
                       encoding="utf-8")
    return {"done": str(done.id), "issued": str(issued.id), "cancel": str(cancel.id),
            "draft": str(draft.id), "queued": str(queued.id), "bill": bill,
            "readings": str(readings), "bounces": str(bounces), "tmp": str(tmp),
            "nobody": team.users["nobody"], "prefix": team.prefix}


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("level", pv.LEVELS)
def test_every_command_as(level, team, tmp_path, capsys):
    with SmtpServer() as smtp:
        values = populate(team, tmp_path, smtp)
        url = team.urls[level]
        results = {}
        for name, argv, lowest in CASES:
            args = [a.format(**values) for a in argv]
            before = snapshot(team) if RANK[level] < RANK[lowest] else None
            capsys.readouterr()
            code = main(["--db", url, *args])
            out = capsys.readouterr()
            results[name] = code
            if before is None:
                assert code == 0, f"{name} as {level}: exit {code}: {out.err}"
            else:
                assert code == 2, f"{name} as {level} must be refused: exit {code} {out.err}"
                assert "permission" in out.err.lower(), f"{name} as {level}: {out.err}"
                assert snapshot(team) == before, f"{name} as {level} changed the database"
                assert "Traceback" not in out.err
        if level == "viewer":
            assert not (tmp_path / "pdf").exists() or not any((tmp_path / "pdf").iterdir())
        if RANK[level] >= RANK["approver"]:
            with team.factory() as s:
                n = s.execute(text("SELECT count(*) FROM bills WHERE run_id = :r AND "
                                   "status = 'issued'"), {"r": int(values["done"])}).scalar()
            assert n == 2                          # the approver's finalize issued them
        if RANK[level] >= RANK["clerk"]:
            assert smtp.recorder.count() >= 1      # "send" e-mailed an issued bill


@pytest.mark.postgres
def test_demo_needs_the_admin(team, capsys):
    for level in ("viewer", "clerk", "approver"):
        assert main(["--db", team.urls[level], "demo", "--accounts", "10", "--months", "1"]) == 2
        assert "permission" in capsys.readouterr().err
    with team.factory() as s:
        assert s.execute(text("SELECT count(*) FROM accounts")).scalar() == 0
    assert main(["--db", team.urls["admin"], "demo", "--accounts", "10", "--months", "1"]) == 0


@pytest.mark.postgres
def test_whoami_json_per_level(team, capsys):
    allowed = {}
    for level in (*pv.LEVELS, "nobody"):
        assert main(["--db", team.urls[level], "whoami", "--json"]) == 0
        me = json.loads(capsys.readouterr().out)
        assert me["user"] == team.users[level] and me["backend"] == "postgresql"
        allowed[level] = set(me["allowed"])
        for c in me["capabilities"]:
            assert (c["reason"] is None) == c["allowed"]
    assert allowed["nobody"] == set()
    assert allowed["viewer"] == {"read"}
    assert allowed["clerk"] == {"read", "import", "run.create", "run.start", "run.cancel",
                                "export", "send"}
    assert allowed["approver"] == allowed["clerk"] | {"run.finalize"}
    assert allowed["admin"] == allowed["approver"] | {"settings", "roles.grant"}
    assert main(["--db", team.url, "whoami", "--json"]) == 0
    owner = json.loads(capsys.readouterr().out)
    assert owner["owner"] and {"db.upgrade", "db.roles"} <= set(owner["allowed"])
    assert main(["--db", team.urls["clerk"], "whoami"]) == 0
    text_ = capsys.readouterr().out
    assert f"needs the role {team.role('approver')}" in text_
