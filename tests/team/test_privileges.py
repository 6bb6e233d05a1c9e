"""The declarative grants (billdesk/store/privileges.py) cover every table, and the database
enforces them: raw SQL as each role, not only through the app."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import builders
from billdesk.cli import main
from billdesk.domain.errors import InputError
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store import privileges as pv
from billdesk.store.access import permission_error
from billdesk.store.models import Base
from billdesk.store.roles import apply_roles, role_states

PRIVS = {"SELECT", "INSERT", "UPDATE", "DELETE"}


def test_every_table_has_an_entry():
    """A table added without an entry in privileges.TABLES fails here (and 'db roles
    --apply' refuses a database holding it)."""
    tables = set(Base.metadata.tables) | {"alembic_version"}
    missing = sorted(tables - set(pv.TABLES))
    assert not missing, f"add these tables to billdesk/store/privileges.py TABLES: {missing}"
    assert not sorted(set(pv.TABLES) - tables), "entries for tables that no longer exist"


def test_entries_are_well_formed():
    for table, levels in pv.TABLES.items():
        assert set(levels) <= set(pv.LEVELS), table
        assert levels.get("viewer") == "SELECT", f"{table}: every table is readable by viewers"
        for level, priv in pv.grants_by_level(table):
            base, _, cols = priv.partition(" (")
            assert base in PRIVS, (table, priv)
            if cols:
                for c in cols.rstrip(")").split(","):
                    assert c.strip() in Base.metadata.tables[table].c, (table, c)
    for table, policies in pv.POLICIES.items():
        assert table in pv.TABLES and {p.level for p in policies} <= set(pv.LEVELS)
    assert pv.role_names("x_") == {lv: f"x_{lv}" for lv in pv.LEVELS}
    assert pv._split("INSERT, UPDATE (a, b), DELETE") == ["INSERT", "UPDATE (a, b)", "DELETE"]


def _exec(url, sql, params=None):
    """Run one statement as the URL's user in its own transaction (rolled back on error)."""
    eng = create_engine(url)
    try:
        with eng.begin() as c:
            return c.execute(text(sql), params or {})
    finally:
        eng.dispose()


def _refused(url, sql, params=None) -> str:
    with pytest.raises(DBAPIError) as info:
        _exec(url, sql, params)
    err = permission_error(info.value)
    assert err is not None, f"not a permission error: {info.value}"
    assert "permission" in str(err)
    return str(err)


@pytest.mark.postgres
def test_apply_is_idempotent_and_refuses_unknown_tables(team):
    first = {s.name: s for s in role_states(team.engine)}
    assert all(s.exists and not s.missing for s in first.values())
    again = apply_roles(team.engine, team.prefix)
    assert again.created == ()                     # nothing created the second time
    grants = "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants " \
             "WHERE grantee LIKE :p ORDER BY 1, 2, 3"
    before = _exec(team.url, grants, {"p": team.prefix + "%"}).all()
    apply_roles(team.engine, team.prefix)
    assert _exec(team.url, grants, {"p": team.prefix + "%"}).all() == before
    assert {s.name for s in role_states(team.engine)} == {team.role(lv) for lv in pv.LEVELS}
    # a table no entry speaks for
    _exec(team.url, "CREATE TABLE explain_cache (id int primary key)")
    with pytest.raises(InputError, match="explain_cache.*privileges.py"):
        apply_roles(team.engine, team.prefix)
    _exec(team.url, "DROP TABLE explain_cache")
    # a non-owner cannot apply
    from sqlalchemy import create_engine as ce
    eng = ce(team.urls["admin"])
    try:
        with pytest.raises(InputError, match="permission denied"):
            apply_roles(eng, team.prefix)
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_db_upgrade_reapplies_the_grants(team, capsys):
    _exec(team.url, f'REVOKE INSERT ON bill_runs FROM "{team.role("clerk")}"')
    state = {s.level: s for s in role_states(team.engine)}
    assert "INSERT ON bill_runs" in state["clerk"].missing
    assert main(["--db", team.url, "db", "upgrade", "--json"]) == 0
    assert '"grants_reapplied": true' in capsys.readouterr().out
    assert not any(s.missing for s in role_states(team.engine))
    # only the owner migrates a shared server
    for lv in pv.LEVELS:
        assert main(["--db", team.urls[lv], "db", "upgrade"]) == 2
        assert "permission denied" in capsys.readouterr().err


@pytest.mark.postgres
def test_the_database_enforces_each_level(team):
    f = team.factory
    builders.build(f, 6, no_data=(5,))
    done = start_run(f, create_run(f, "2025-03", "accounts:A00001,A00002").id)
    issued_run = start_run(f, create_run(f, "2025-03", "accounts:A00003,A00004").id)
    finalize_run(f, issued_run.id, today=date(2025, 4, 1))
    draft = _exec(team.url, "SELECT id FROM bills WHERE run_id = :r AND status = 'draft' "
                  "ORDER BY id LIMIT 1", {"r": done.id}).scalar()
    issued = _exec(team.url, "SELECT id FROM bills WHERE run_id = :r ORDER BY id LIMIT 1",
                   {"r": issued_run.id}).scalar()
    v, c, a, adm = (team.urls[lv] for lv in pv.LEVELS)
    nobody = team.urls["nobody"]

    # viewer (and a login user without a billdesk role): no write of any kind on any table
    cols = dict(_exec(team.url, "SELECT table_name, min(column_name) FROM "
                      "information_schema.columns WHERE table_schema = 'public' "
                      "GROUP BY table_name").all())
    for table in pv.TABLES:
        col = cols[table]
        for sql in (f"INSERT INTO {table} DEFAULT VALUES",
                    f"UPDATE {table} SET {col} = {col}",
                    f"DELETE FROM {table}"):
            _refused(v, sql)
        assert _exec(v, f"SELECT count(*) FROM {table}").scalar() is not None
        _refused(nobody, f"SELECT count(*) FROM {table}")
    _refused(v, "TRUNCATE bills CASCADE")

    # clerk: drafts yes; issuing, numbering, cancelling issued bills, finalizing: no
    assert _exec(c, "UPDATE bills SET status = 'cancelled' WHERE id = :b", {"b": draft}).rowcount == 1
    _exec(team.url, "UPDATE bills SET status = 'draft' WHERE id = :b", {"b": draft})
    msg = _refused(c, "UPDATE bills SET status = 'issued' WHERE id = :b", {"b": draft})
    assert team.role("approver") in msg
    _refused(c, "UPDATE bills SET number = 'INV-X' WHERE id = :b", {"b": draft})
    _refused(c, "UPDATE bills SET status = 'cancelled' WHERE id = :b", {"b": issued})
    _refused(c, "UPDATE number_series SET last_number = last_number + 1")
    _refused(c, "INSERT INTO number_series (series, year, last_number) VALUES ('INV', 2099, 0)")
    _refused(c, "UPDATE bill_runs SET status = 'finalized' WHERE id = :r", {"r": done.id})
    _refused(c, "INSERT INTO settings (key, value) VALUES ('x', '1')")
    _refused(c, "UPDATE settings SET value = value")
    # a clerk's COPY of an issued bill is refused by the guard too (COPY bypasses nothing)
    eng = create_engine(c)
    try:
        with eng.begin() as conn:
            raw = conn.connection.driver_connection
            with pytest.raises(Exception) as info:
                with raw.cursor() as cur, cur.copy(
                        "COPY bills (run_id, account_id, kind, status, number, period_start, "
                        "period_end, currency, net_total, vat_total, rounding, total, "
                        "fingerprint, tariff_code, consumption_kwh, q_measured, q_substituted, "
                        "q_estimated, q_missing, created_at) FROM STDIN") as cp:
                    cp.write_row((done.id, 1, "invoice", "issued", "INV-FAKE-1",
                                  date(2025, 3, 1), date(2025, 4, 1), "CHF", 1, 0, 0, 1, "x",
                                  "FLAT", 1, 0, 0, 0, 0, "2025-04-01T00:00:00Z"))
            assert getattr(info.value, "sqlstate", None) == "42501"
    finally:
        eng.dispose()
    assert _exec(team.url, "SELECT count(*) FROM bills WHERE number = 'INV-FAKE-1'").scalar() == 0
    # approver: issues and cancels; admin: settings
    assert _exec(a, "UPDATE bills SET status = 'cancelled' WHERE id = :b", {"b": issued}).rowcount == 1
    assert _exec(a, "UPDATE number_series SET last_number = last_number").rowcount >= 1
    _refused(a, "INSERT INTO settings (key, value) VALUES ('x', '1')")
    assert _exec(adm, "INSERT INTO settings (key, value) VALUES ('x', '1')").rowcount == 1
    # nobody deletes issued documents or the audit trail (only the owner could)
    for url in (c, a, adm):
        _refused(url, "DELETE FROM bills")
        _refused(url, "DELETE FROM audit_log")
        _refused(url, "UPDATE audit_log SET actor = 'x'")


@pytest.mark.postgres
def test_admin_grants_roles_to_login_users(team, capsys):
    from billdesk.store.roles import grant_level

    nobody = team.users["nobody"]
    assert main(["--db", team.urls["clerk"], "db", "roles", "--grant", f"{nobody}=clerk"]) == 2
    assert "permission" in capsys.readouterr().err
    assert main(["--db", team.urls["admin"], "db", "roles", "--grant", f"{nobody}=clerk",
                 "--json"]) == 0
    out = capsys.readouterr().out
    assert nobody in out
    state = {s.level: s for s in role_states(team.engine)}
    assert nobody in state["clerk"].members
    assert main(["--db", team.urls["nobody"], "run", "list"]) == 0
    grant_level(team.engine, nobody, "clerk", revoke=True)
    assert nobody not in {m for s in role_states(team.engine) for m in s.members}
    with pytest.raises(InputError, match="unknown level"):
        grant_level(team.engine, nobody, "boss")
    with pytest.raises(InputError, match="no login role"):
        grant_level(team.engine, "nosuchuser_" + team.prefix, "viewer")


@pytest.mark.postgres
def test_services_refused_by_the_database_map_to_input_errors(team, capsys):
    """Without the CLI's up-front check: the database's refusal itself (InsufficientPrivilege)
    becomes a clean InputError, and nothing of the refused transaction stays."""
    from billdesk.cli import database_refusal
    from billdesk.store.db import make_engine, session_factory

    f = team.factory
    builders.build(f, 3)
    done = start_run(f, create_run(f, "2025-03", "all").id)
    eng = make_engine(team.urls["clerk"])
    try:
        clerk = session_factory(eng)
        with pytest.raises(DBAPIError) as info:
            finalize_run(clerk, done.id)
        err = database_refusal(info.value, "run.finalize")
        assert isinstance(err, InputError)
        assert "permission denied" in str(err) and "approver" in str(err)
        assert _exec(team.url, "SELECT status FROM bill_runs WHERE id = :r",
                     {"r": done.id}).scalar() == "completed"
        assert _exec(team.url, "SELECT count(*) FROM bills WHERE number IS NOT NULL").scalar() == 0
        assert database_refusal(ValueError("x")) is None
    finally:
        eng.dispose()


@pytest.mark.postgres
def test_roles_connect_without_public_privileges(team):
    """The hardening of docs/postgresql.md: CONNECT and TEMPORARY revoked from PUBLIC; the
    billdesk roles still connect, and a clerk's run (its bulk updates use a temporary
    table) works."""
    from billdesk.store.db import make_engine, session_factory

    db = _exec(team.url, "SELECT current_database()").scalar()
    _exec(team.url, f'REVOKE CONNECT, TEMPORARY ON DATABASE "{db}" FROM PUBLIC')
    builders.build(team.factory, 5)
    eng = make_engine(team.urls["clerk"])
    try:
        clerk = session_factory(eng)
        out = start_run(clerk, create_run(clerk, "2025-03", "all").id)
        assert out.status == "completed" and out.counts.succeeded == 5
    finally:
        eng.dispose()
    _refused(team.urls["nobody"], "SELECT 1")      # no billdesk role: not even connect
