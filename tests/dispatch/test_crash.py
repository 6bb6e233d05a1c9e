"""A send killed at any moment resumes without sending anything twice: kill -9 of a real
``billdesk send`` process, and the two in-flight states a crash can leave behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from sqlalchemy import select, update

from billdesk.dispatch import status as st
from billdesk.dispatch.documents import ensure_pdfs, load_outgoing, resolve_bill_ids
from billdesk.dispatch.send import send_documents
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store.db import make_engine, prepare, session_factory, transaction
from billdesk.store.demo_writer import write_demo
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.settings_catalog import pdf_folder, set_many
from tests.dispatch.conftest import configure
from tests.dispatch.smtpserver import SmtpServer, free_port


def _documents_received(server) -> Counter:
    return Counter(m.message["X-Billdesk-Document"] for m in server.messages)


@pytest.fixture
def big(tmp_path):
    """A finalized run of 40 accounts with exported PDFs (SQLite file for subprocesses)."""
    path = tmp_path / "send.sqlite"
    engine = make_engine(path)
    prepare(engine)
    f = session_factory(engine)
    write_demo(f, accounts=40, months=1, seed=5, end="2025-11")
    run = create_run(f, "2025-10", "all", today=None)
    start_run(f, run.id)
    finalize_run(f, run.id)
    with transaction(f) as s:
        set_many(s, {"pdf_folder": str(tmp_path / "pdf"), "smtp.retry_delay": "0.05"})
    docs = load_outgoing(f, resolve_bill_ids(f, run_id=run.id))
    with f() as s:
        assert ensure_pdfs(f, docs, __import__("pathlib").Path(pdf_folder(s)), workers=0) == {}
    yield path, f, run.id, docs
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("kill_after,connections", [(1, 1), (6, 1), (13, 1), (7, 2), (12, 3)])
def test_kill_9_during_sending_then_resume(big, kill_after, connections):
    path, f, run_id, docs = big
    with_mail = {d.number for d in docs if d.email}
    with SmtpServer() as server:
        configure(f, server, connections=str(connections))
        server.recorder.delay = 0.03
        env = dict(os.environ, BILLDESK_USER="clerk")
        proc = subprocess.Popen([sys.executable, "-m", "billdesk", "--db", str(path), "send",
                                 "--run", str(run_id), "--quiet"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while server.recorder.datas < kill_after and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        got_before = _documents_received(server)
        assert 0 < sum(got_before.values()) < len(with_mail)
        server.recorder.delay = 0
        report = send_documents(f, run_id=run_id, render_workers=0)
        got = _documents_received(server)
    assert max(got.values()) == 1, got                      # nobody received it twice
    with f() as s:
        latest = st.latest_by_bill(s, [d.bill_id for d in docs])
    states = Counter(m.status for m in latest.values())
    assert states["sent"] + states["unknown"] == len(with_mail)
    assert states["unknown"] <= connections          # at most the one in flight per connection
    sent = {d.number for d in docs if latest[d.bill_id].status == "sent"}
    assert sent <= set(got)                                  # 'sent' means it arrived
    assert set(got) <= with_mail
    missing = with_mail - set(got)
    assert all(latest[d.bill_id].status == "unknown" for d in docs if d.number in missing)
    assert sum(d.state == "unknown" for d in report.documents) == states["unknown"]


def _one_in_flight(f, run_id, status: str) -> DispatchMessage:
    """Queue everything, then leave the first message as a killed process would."""
    with transaction(f) as s:       # nobody listens on the port: every message stays queued
        set_many(s, {"smtp.host": "127.0.0.1", "smtp.port": str(free_port()),
                     "smtp.security": "none", "smtp.retries": "0"})
    report = send_documents(f, run_id=run_id, render_workers=0)
    assert report.sent == 0 and report.queued > 0 and "cannot connect" in report.stopped
    with transaction(f) as s:
        rows = s.scalars(select(DispatchMessage).where(DispatchMessage.status == "queued")
                         .order_by(DispatchMessage.id)).all()
        first = rows[0]
        s.execute(update(DispatchMessage).where(DispatchMessage.id == first.id).values(
            status=status, claimed_by="otherhost-gone:999999:dead", tries=1,
            claimed_at=st.utcnow().replace(year=2020)))
    return first


@pytest.mark.parametrize("state,expected", [("sending", "sent"), ("delivering", "unknown")])
def test_resume_after_a_crash_in_flight(big, state, expected):
    path, f, run_id, docs = big
    first = _one_in_flight(f, run_id, state)
    with SmtpServer() as server:
        configure(f, server, retries="3")
        report = send_documents(f, run_id=run_id, render_workers=0)
        got = _documents_received(server)
    with f() as s:
        m = s.get(DispatchMessage, first.id)
    assert m.status == expected
    number = next(d.number for d in docs if d.bill_id == first.bill_id)
    assert got[number] == (1 if expected == "sent" else 0)
    assert max(got.values()) == 1
    assert report.sent == len([d for d in docs if d.email]) - (expected == "unknown")
