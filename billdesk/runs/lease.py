"""Leases on claimed batches: who works on a run (``run_workers``), its heartbeat, and taking
back the batches of a worker that is gone.

Every process that bills batches of a run registers a ``run_workers`` row (its token
``host:pid:rand``, the lease it promises) before its first claim, and a heartbeat thread
renews ``heartbeat_at`` every lease/4 — also while a long batch is being billed. A pending
attempt claimed by a token is *stale*, and released for others to claim, when

- the claimer runs on this host and its process has exited (noticed at once), or
- its worker row's heartbeat is older than the worker's lease (another machine: the lease
  timeout), or — a claim without a worker row — it was claimed more than the default lease
  ago.

Heartbeats are written with the database server's clock on PostgreSQL (``now()``) and
compared with it, so the workstations' clocks do not matter. On PostgreSQL the bookkeeping
transactions — a worker's registration, heartbeat and stop, and claiming a batch
(billdesk.runs.workers) — commit without waiting for the WAL flush (``no_flush_wait``): a
crash of the server can lose only the last such changes, which costs nothing (a lost claim
is found gone when its batch is written, and the batch is billed again; a lost heartbeat is
renewed), while every batch written, and every issued bill, still commits durably. A released batch whose claimer
was only slow, not dead, cannot be written twice: the writer re-asserts its claim first
(billdesk.runs.writer) and finds it gone.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.run import AttemptStatus
from billdesk.runs.liveness import HOST, _pid_alive
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import BillingAttempt, RunWorker

log = logging.getLogger(__name__)

DEFAULT_LEASE = 60    # seconds; BILLDESK_LEASE_SECONDS or ``billdesk worker --lease``


def lease_seconds(value: int | None = None) -> int:
    if value is not None:
        return max(1, int(value))
    return max(1, int(os.environ.get("BILLDESK_LEASE_SECONDS", DEFAULT_LEASE)))


def _pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _now_value(session: Session):
    """What to store as 'now': the server's clock on PostgreSQL, ours on SQLite."""
    return func.now() if _pg(session) else datetime.now(timezone.utc)


def server_now(session: Session) -> datetime:
    if _pg(session):
        return session.execute(text("SELECT now()")).scalar()
    return datetime.now(timezone.utc)


def _parse(token: str) -> tuple[str, int | None]:
    host, _, rest = token.partition(":")
    pid = rest.partition(":")[0]
    return host, int(pid) if pid.isdigit() else None


def no_flush_wait(session: Session) -> None:
    """PostgreSQL: commit this transaction without waiting for its WAL to reach the disk
    (``SET LOCAL synchronous_commit = off``; only for changes whose loss in a server crash is
    harmless, see the module doc). One fsync less per batch on the worker's critical path;
    any later durable commit flushes this one too (the WAL is written in order)."""
    if _pg(session):
        session.execute(text("SET LOCAL synchronous_commit = off"))


def register(factory: sessionmaker, run_id: int, token: str, kind: str,
             lease: int | None = None) -> None:
    """The worker row of ``token`` on ``run_id`` (again: only its heartbeat and stop time)."""
    host, pid = _parse(token)
    with transaction(factory) as s:
        no_flush_wait(s)
        now = _now_value(s)
        n = s.execute(update(RunWorker).where(RunWorker.run_id == run_id,
                                              RunWorker.token == token)
                      .values(heartbeat_at=now, stopped_at=None)).rowcount
        if n:
            return
        try:
            with s.begin_nested():
                s.execute(insert(RunWorker).values(
                    run_id=run_id, token=token, kind=kind, host=host, pid=pid or 0,
                    lease_seconds=lease_seconds(lease), started_at=now, heartbeat_at=now,
                    accounts=0, batches=0))
        except IntegrityError:      # the same token registered meanwhile (cannot happen
            pass                    # across processes: the token holds our pid)


def count_batch(session: Session, run_id: int, token: str, n: int) -> None:
    """In the batch's own transaction: ``n`` more accounts and one more batch for ``token``."""
    now = _now_value(session)
    session.execute(update(RunWorker).where(RunWorker.run_id == run_id,
                                            RunWorker.token == token)
                    .values(accounts=RunWorker.accounts + n, batches=RunWorker.batches + 1,
                            last_batch_at=now, heartbeat_at=now))


def stopped(factory: sessionmaker, run_id: int, token: str) -> None:
    try:
        with transaction(factory) as s:
            no_flush_wait(s)
            s.execute(update(RunWorker).where(RunWorker.run_id == run_id,
                                              RunWorker.token == token)
                      .values(stopped_at=_now_value(s)))
    except Exception:  # noqa: BLE001 - informational only; the database may be gone
        log.debug("could not record the end of worker %s", token, exc_info=True)


class Heartbeat:
    """A daemon thread renewing the worker row's heartbeat every lease/4 seconds."""

    def __init__(self, factory: sessionmaker, run_id: int, token: str, lease: int | None = None):
        self.factory, self.run_id, self.token = factory, run_id, token
        self.interval = max(0.2, lease_seconds(lease) / 4)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                         name=f"billdesk-run{run_id}-heartbeat")

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with transaction(self.factory) as s:
                    no_flush_wait(s)
                    s.execute(update(RunWorker).where(RunWorker.run_id == self.run_id,
                                                      RunWorker.token == self.token)
                              .values(heartbeat_at=_now_value(s)))
            except Exception:  # noqa: BLE001 - a missed beat; the next one tries again
                log.warning("heartbeat of worker %s on run %s failed", self.token,
                            self.run_id, exc_info=True)


_ATT = BillingAttempt.__table__


def stale_tokens(factory: sessionmaker, run_id: int) -> list[str]:
    """Tokens holding pending attempts of the run whose worker is gone (see module doc)."""
    with factory() as s:
        now = server_now(s)
        held = s.execute(select(_ATT.c.claimed_by, func.max(_ATT.c.claimed_at))
                         .where(_ATT.c.run_id == run_id,
                                _ATT.c.status == AttemptStatus.PENDING.value,
                                _ATT.c.claimed_by.is_not(None))
                         .group_by(_ATT.c.claimed_by)).all()
        if not held:
            return []
        rows = {w.token: w for w in s.scalars(
            select(RunWorker).where(RunWorker.run_id == run_id,
                                    RunWorker.token.in_([t for t, _a in held])))}
    out = []
    for token, claimed_at in held:
        host, pid = _parse(token)
        if host == HOST and pid is not None:
            if not _pid_alive(pid):
                out.append(token)
            continue
        w = rows.get(token)
        if w is not None:
            last, lease = w.heartbeat_at, timedelta(seconds=w.lease_seconds)
        else:
            last, lease = claimed_at, timedelta(seconds=max(lease_seconds(), 300))
        if last is None or now - last > lease:
            out.append(token)
    return out


def release_claims(factory: sessionmaker, run_id: int, tokens: list[str] | None = None) -> int:
    """Clear claims on the run's pending attempts (all, or those of ``tokens``)."""
    with transaction(factory) as s:
        q = update(_ATT).where(_ATT.c.run_id == run_id,
                               _ATT.c.status == AttemptStatus.PENDING.value,
                               _ATT.c.claimed_by.is_not(None))
        if tokens is not None:
            q = q.where(_ATT.c.claimed_by.in_(tokens))
        return s.execute(q.values(claimed_by=None, claimed_at=None)).rowcount


def release_stale(factory: sessionmaker, run_id: int, who: str | None = None) -> int:
    """Release the claims of stale tokens (their batches become claimable); how many."""
    tokens = stale_tokens(factory, run_id)
    if not tokens:
        return 0
    n = release_claims(factory, run_id, tokens)
    if n:
        log.warning("run %s: took back %s attempt(s) claimed by %s (worker gone)", run_id, n,
                    ", ".join(tokens))
        with transaction(factory) as s:
            audit.record(s, "run.lease_expired", "bill_run", run_id,
                         {"tokens": tokens, "attempts": n}, who=who)
    return n


def live_claims(factory: sessionmaker, run_id: int) -> int:
    """Pending attempts of the run claimed by a worker that is not stale."""
    stale = set(stale_tokens(factory, run_id))
    with factory() as s:
        rows = s.execute(select(_ATT.c.claimed_by, func.count())
                         .where(_ATT.c.run_id == run_id,
                                _ATT.c.status == AttemptStatus.PENDING.value,
                                _ATT.c.claimed_by.is_not(None))
                         .group_by(_ATT.c.claimed_by)).all()
    return sum(n for tok, n in rows if tok not in stale)
