"""The app on a shared PostgreSQL database: actions the database user may not take are
disabled with the reason on hover; runs started, progressing and finished by other
processes show within two seconds without polling (LISTEN/NOTIFY); a run queued for workers
is followed with each worker's throughput."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.team.conftest import _new_team  # noqa: I001 - puts tests/runs on the path
import builders  # noqa: E402
from billdesk.runs import create_run, get_run, start_run  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.postgres]
BILLDESK = [sys.executable, "-m", "billdesk.cli"]


@pytest.fixture
def team(pg_admin_url):
    yield from _new_team(pg_admin_url)


def open_window(qtbot, url):
    from billdesk.gui.main_window import MainWindow

    w = MainWindow(url)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.permissions.identity is not None, timeout=15000)
    return w


def idle(qtbot, w):
    """The window's own loads are done (its short reads; long jobs may go on)."""
    from billdesk.gui import workers

    qtbot.waitUntil(lambda: not workers.active(long=False), timeout=30000)


def close(qtbot, w):
    w.controller.cancel_all()
    qtbot.waitUntil(lambda: not w.controller.executing, timeout=30000)
    w.close()


@pytest.mark.parametrize("level", ["viewer", "clerk", "approver"])
def test_actions_follow_the_role(qtbot, team, level, tmp_path):
    f = team.factory
    builders.build(f, 4)
    done = start_run(f, create_run(f, "2025-03", "accounts:A00001,A00002").id)
    draft = create_run(f, "2025-03", "accounts:A00003")
    w = open_window(qtbot, team.urls[level])
    try:
        assert w.permissions.identity.level == level
        assert f"role: {level}" in w.db_label.text()
        assert w.new_run_action.isEnabled() == (level != "viewer")
        assert w.import_page.panel.go.isEnabled() == (level != "viewer")
        if level == "viewer":
            assert team.role("clerk") in w.new_run_action.toolTip()
        d = w.run_detail
        w.open_run(done.id)
        qtbot.waitUntil(lambda: d.info is not None and d.info.id == done.id, timeout=15000)
        fin = d.buttons["finalize"]
        assert fin.isVisible() and fin.isEnabled() == (level == "approver")
        if level != "approver":
            assert "approver" in fin.toolTip() and team.users[level] in fin.toolTip()
        assert d.buttons["cancel"].isEnabled() == (level != "viewer")
        w.grab().save(str(tmp_path / f"run-detail-{level}.png"))
        w.open_run(draft.id)
        qtbot.waitUntil(lambda: d.info is not None and d.info.id == draft.id, timeout=15000)
        assert d.buttons["queue"].isVisible()                 # a shared database
        assert d.buttons["start"].isEnabled() == d.buttons["queue"].isEnabled() \
            == (level != "viewer")
        runs = w.runs_page
        qtbot.waitUntil(lambda: runs.model.rowCount() == 2, timeout=15000)
        row = next(r for r in runs.model.rows() if r.id == draft.id)
        acts = {a.data(): a for a in runs.menu_for(row).actions()}
        assert acts["open"].isEnabled()
        assert acts["start"].isEnabled() == acts["queue"].isEnabled() == (level != "viewer")
        # the database's settings are the admin's: shown, not editable; saving keeps the rest
        dlg = w.open_settings()
        assert not dlg.smtp.isEnabled() and "admin" in dlg.smtp.toolTip()
        with qtbot.waitSignal(dlg.saved, timeout=5000) as saved:
            dlg.save()
        assert saved.args == [False]
    finally:
        close(qtbot, w)


def test_live_from_other_processes(qtbot, qtmodeltester, team, tmp_path):
    f = team.factory
    builders.build(f, 1500)
    run = create_run(f, "2025-03", "all")
    w = open_window(qtbot, team.url)
    try:
        qtbot.waitUntil(lambda: w.live.active, timeout=10000)
        runs = w.runs_page
        qtbot.waitUntil(lambda: runs.model.rowCount() == 1, timeout=15000)
        assert runs.timer.interval() >= 15000        # polling is only the fallback now

        def shown(status):
            return any(r.id == run.id and r.status == status for r in runs.model.rows())

        def in_db(status):
            return get_run(f, run.id, attempts=False).status == status

        idle(qtbot, w)
        # queued on "another workstation", billed by a worker on "another machine"
        other = subprocess.Popen([*BILLDESK, "--db", team.urls["clerk"], "run", "start",
                                  str(run.id), "--detach"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        qtbot.waitUntil(lambda: in_db("running"), timeout=60000)
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: shown("running"), timeout=2000)
        assert time.monotonic() - t0 < 2.0
        assert other.wait(60) == 0
        w.open_run(run.id)
        d = w.run_detail
        qtbot.waitUntil(lambda: d.info is not None and d.info.status == "running", timeout=5000)
        assert d.timer.interval() >= 10000
        worker = subprocess.Popen([*BILLDESK, "--db", team.urls["clerk"], "worker", "--run",
                                   str(run.id), "--exit-when-idle", "--batch-size", "100",
                                   "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        qtbot.waitUntil(lambda: 0 < d.progress.value() < 1500, timeout=60000)
        qtbot.waitUntil(lambda: d.workers_model.rowCount() == 1, timeout=5000)
        qtbot.waitUntil(lambda: in_db("completed"), timeout=120000)
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: d.info is not None and d.info.status == "completed",
                        timeout=2500)
        assert time.monotonic() - t0 < 2.5
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert d.progress.value() == 1500
        wk = d.workers_model.rows()[0]
        assert wk.accounts == 1500 and wk.kind == "worker" and wk.per_second
        assert "1 worker(s)" in d.workers_label.text()
        qtmodeltester.check(d.workers_model)
        d.tabs.setCurrentIndex(2)
        w.grab().save(str(tmp_path / "run-detail-workers.png"))
        # finalized by an approver elsewhere
        idle(qtbot, w)
        other = subprocess.Popen([*BILLDESK, "--db", team.urls["approver"], "run", "finalize",
                                  str(run.id)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        qtbot.waitUntil(lambda: in_db("finalized"), timeout=60000)
        t0 = time.monotonic()
        qtbot.waitUntil(lambda: d.info.status == "finalized", timeout=2500)
        assert time.monotonic() - t0 < 2.5
        assert other.wait(60) == 0
        w.show_page(0)
        qtbot.waitUntil(lambda: shown("finalized"), timeout=2500)
        assert get_run(f, run.id, attempts=False).status == "finalized"
    finally:
        close(qtbot, w)


def test_queue_for_workers_from_the_app(qtbot, team):
    f = team.factory
    builders.build(f, 300)
    run = create_run(f, "2025-03", "all")
    w = open_window(qtbot, team.urls["clerk"])
    try:
        w.open_run(run.id)
        d = w.run_detail
        qtbot.waitUntil(lambda: d.info is not None and d.info.id == run.id, timeout=15000)
        d.buttons["queue"].click()
        qtbot.waitUntil(lambda: d.info.status == "running", timeout=5000)
        assert not w.controller.executing                 # nothing bills it in the app
        assert get_run(f, run.id, attempts=False).counts.pending == 300
        p = subprocess.run([*BILLDESK, "--db", team.urls["clerk"], "worker",
                            "--exit-when-idle", "--quiet"], capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stderr
        qtbot.waitUntil(lambda: d.info.status == "completed", timeout=5000)
    finally:
        close(qtbot, w)


def test_the_app_leaves_migrating_a_shared_server_to_its_owner(team):
    from alembic import command

    from billdesk.domain.errors import InputError
    from billdesk.gui.app import prepare_database
    from billdesk.store import db

    assert prepare_database(team.urls["viewer"])["database"]     # at head: opens
    command.downgrade(db.alembic_config(team.engine), db.revision_before("0007"))
    with pytest.raises(InputError, match="db upgrade"):
        prepare_database(team.urls["clerk"])
    assert db.current_revision(team.engine) == db.revision_before("0007")
    prepare_database(team.url)                                    # the owner migrates
    assert db.current_revision(team.engine) == db.head_revision()
    from billdesk.store.roles import role_states
    assert not any(s.missing for s in role_states(team.engine))   # grants re-applied
