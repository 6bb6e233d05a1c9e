"""Workers: claim a batch of pending attempts through the database, bill it, write it.

One code path for one process and for N worker processes (``start_run(workers=N)``), on
SQLite and PostgreSQL:

- **claim** (short transaction): the next ``batch_size`` pending, unclaimed attempts of the
  run in position order are marked ``claimed_by = token`` (the worker's ``host:pid:rand``);
  on PostgreSQL committed without waiting for the WAL flush (billdesk.runs.lease.no_flush_wait:
  a claim lost in a server crash is found gone when the batch is written, which then fails
  and leaves the batch to be billed again).
  On PostgreSQL they are selected ``FOR UPDATE SKIP LOCKED``, so concurrent workers (also on
  other machines) never wait for nor take each other's rows; on SQLite the transaction's first
  statement is a write, which takes the database's single write lock, so claims are simply
  serialised; a worker process beside others claims its next batch in the transaction that
  writes its last one (one turn at the write lock per batch).
- **bill** outside any transaction (own read session);
- **write** (one transaction, on a writer thread while the next batch is billed): re-assert
  the claim, results + draft bills + lines, the run's total and heartbeat (see
  writer.write_batch).

A worker that dies leaves its batch claimed but pending: resuming the run clears all claims;
otherwise the batch is taken back once the worker's lease ran out (billdesk.runs.lease: every
worker registers a ``run_workers`` row, renews its heartbeat on a thread and counts its
batches there, in each batch's own transaction).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from operator import attrgetter
from typing import Callable, NamedTuple

from sqlalchemy import and_, bindparam, func, select, text, update
from sqlalchemy.orm import sessionmaker

from billdesk.domain.run import AttemptStatus, ErrorMode
from billdesk.gc_pause import gc_paused
from billdesk.store import idsets
from billdesk.store.db import transaction
from billdesk.store.models import Account, BillingAttempt
from billdesk.runs import lease
from billdesk.runs.lease import release_claims
from billdesk.runs.billing import bill_accounts
from billdesk.runs.writer import CancelRequested, batch_rows, lock_run, write_batch

log = logging.getLogger(__name__)

_ATT = BillingAttempt.__table__


def is_sqlite(factory: sessionmaker) -> bool:
    return factory.kw["bind"].dialect.name == "sqlite"


class Claimed(NamedTuple):
    """One claimed attempt."""

    id: int
    account_id: int
    position: int


class Batch(list):
    """Claimed attempts (``Claimed``: id, account_id, position) of a worker's ``token``, in
    position order, and the claim's time (``claimed_at`` of all of them), which tells this
    batch from the worker's next one."""

    def __init__(self, rows=(), run_id: int = 0, token: str = "",
                 stamp: datetime | None = None):
        super().__init__(rows)
        self.run_id, self.token, self.stamp = run_id, token, stamp

    def claimed(self):
        """The condition selecting the batch's attempts (through the run/status/position
        index: the batch lies in its first to last position)."""
        return and_(_ATT.c.run_id == self.run_id, _ATT.c.status == AttemptStatus.PENDING.value,
                    _ATT.c.position.between(self[0].position, self[-1].position),
                    _ATT.c.claimed_by == self.token, _ATT.c.claimed_at == self.stamp)

    def account_ids(self):
        """A subquery of the batch's account ids (so that its reads need no long id lists)."""
        return select(_ATT.c.account_id).where(self.claimed())


_SQLITE_NEXT = ("SELECT id, account_id, position FROM billing_attempts WHERE run_id = ? "
                "AND status = ? AND claimed_by IS NULL ORDER BY position LIMIT ?")


def claim_batch(factory: sessionmaker, run_id: int, owner: str, token: str,
                size: int) -> Batch | None:
    """The next ``size`` attempts, now claimed by ``token``; empty when no unclaimed pending
    attempt is left; None when a cancel (or strict stop) was requested. PostgreSQL: one
    UPDATE of the next attempts in position order, their rows locked ``SKIP LOCKED``.
    SQLite (the transaction holds the write lock): the next attempts read through the
    driver, then claimed by one UPDATE of their position range (the index's range; every
    unclaimed pending attempt in it is one of them, which the attempt after the range
    confirms)."""
    sqlite = is_sqlite(factory)
    pending = AttemptStatus.PENDING.value
    with transaction(factory) as s:
        if lock_run(s, run_id, owner, write_first=sqlite):
            return None
        stamp = datetime.now(timezone.utc)
        if not sqlite:
            lease.no_flush_wait(s)      # a claim lost in a server crash is harmless
            # one statement, one round trip: the rows picked FOR UPDATE SKIP LOCKED are
            # claimed and returned (ARRAY(…) makes the pick run exactly once)
            rows = s.execute(_PG_CLAIM, {"run": run_id, "pending": pending,
                                         "n": size, "token": token, "at": stamp}).all()
            return Batch(sorted(map(Claimed._make, rows), key=_POSITION), run_id, token, stamp)
        return _claim_sqlite(s, run_id, token, size, stamp)


def _claim_sqlite(s, run_id: int, token: str, size: int, stamp: datetime) -> Batch:
    """SQLite, in a transaction holding the write lock (the run checked by the caller): the
    next ``size`` unclaimed pending attempts, claimed by ``token`` at ``stamp``."""
    pending = AttemptStatus.PENDING.value
    rows = idsets.driver_rows(s, _SQLITE_NEXT, (run_id, pending, size + 1))
    if not rows:
        return Batch((), run_id, token, stamp)
    after = rows.pop() if len(rows) > size else None
    claim = update(_ATT).values(claimed_by=token, claimed_at=stamp)
    if after is not None and after[2] == rows[-1][2]:      # a position twice: by id
        claim = claim.where(_ATT.c.id.in_([r[0] for r in rows]))
    else:
        claim = claim.where(_ATT.c.run_id == run_id, _ATT.c.status == pending,
                            _ATT.c.claimed_by.is_(None),
                            _ATT.c.position.between(rows[0][2], rows[-1][2]))
    n = s.execute(claim).rowcount
    if n != len(rows):          # cannot happen while we hold the write lock
        raise RuntimeError(f"claimed {n} attempts of run {run_id} instead of {len(rows)}")
    return Batch(map(Claimed._make, rows), run_id, token, stamp)


_POSITION = attrgetter("position")


_PG_CLAIM = text(
    "UPDATE billing_attempts SET claimed_by = :token, claimed_at = :at "
    "WHERE id = ANY(ARRAY(SELECT id FROM billing_attempts WHERE run_id = :run "
    "AND status = :pending AND claimed_by IS NULL ORDER BY position LIMIT :n "
    "FOR UPDATE SKIP LOCKED)) RETURNING id, account_id, position"
).bindparams(bindparam("at", type_=BillingAttempt.__table__.c.claimed_at.type))


def _cut_at_failure(factory: sessionmaker, run_id: int, batch, rows):
    """A strict run: the rows up to its first failure and the stop message (None: none)."""
    for k, (_aid, _acc, r) in enumerate(rows):
        if r.status == AttemptStatus.FAILED:
            with factory() as cs:
                code = cs.scalar(select(Account.code).where(Account.id == r.account_id))
                total = cs.scalar(select(func.count()).select_from(_ATT)
                                  .where(_ATT.c.run_id == run_id))
            return rows[:k + 1], (f"strict run stopped at account {code} (attempt "
                                  f"{batch[k].position + 1} of {total}): {r.error_code}: "
                                  f"{r.message}")
    return rows, None


class _Writer:
    """Writes one batch at a time on its own thread and session while the worker bills the
    next one: SQLite does its work without Python's lock, so the two overlap on two cores.
    ``wait()`` returns when the batch in flight is committed (or raises what writing it
    raised); every batch is still one transaction, committed in claim order."""

    def __init__(self, factory: sessionmaker, run_id: int, owner: str, token: str,
                 overlap: bool = True):
        from concurrent.futures import ThreadPoolExecutor

        self.factory, self.run_id, self.owner, self.token = factory, run_id, owner, token
        self.overlap = overlap
        self.pool = ThreadPoolExecutor(1, thread_name_prefix=f"billdesk-run{run_id}-writer")
        self.pending = None
        self.rows = 0
        self.next: Batch | None = None     # claimed in the last batch's transaction

    def _write(self, rows, duration_ms: float, stop_msg: str | None, batch: Batch,
               claim_next: int = 0) -> Batch | None:
        with gc_paused():
            with self.factory() as ps:     # the rows made before the write lock is taken
                prepared = batch_rows(ps, self.run_id, rows, duration_ms)
            with transaction(self.factory) as ws:
                # the worker's own row first: the run row stays the last lock of the batch
                lease.count_batch(ws, self.run_id, self.token, len(rows))
                write_batch(ws, self.run_id, self.owner, self.token, rows, duration_ms,
                            stop_msg, claimed=(len(batch), batch), rows=prepared)
                if claim_next:             # SQLite: under the same write lock (run checked)
                    return _claim_sqlite(ws, self.run_id, self.token, claim_next,
                                         datetime.now(timezone.utc))
        return None

    def submit(self, rows, duration_ms: float, stop_msg: str | None, batch: Batch,
               claim_next: int = 0) -> None:
        """Write ``rows`` (batch ``batch``); ``claim_next`` > 0 (SQLite): also claim the
        next that many attempts in the same transaction (``wait()``, then ``next``)."""
        self.wait()
        self.pending = self.pool.submit(self._write, rows, duration_ms, stop_msg, batch,
                                        claim_next)
        self.rows = len(rows)
        if not self.overlap and self.pending.exception() is not None:
            self.wait()                    # written before the caller goes on: raise now

    def wait(self) -> int:
        """How many attempts the batch in flight wrote (0: none was in flight)."""
        pending, self.pending = self.pending, None
        if pending is None:
            return 0
        self.next = pending.result()
        return self.rows

    def close(self) -> None:
        """End the thread. Every normal way out has waited for its last batch already; here
        only an error on the way out can leave one in flight, whose own error is logged."""
        try:
            self.wait()
        except Exception:
            log.exception("writing a batch of run %s failed", self.run_id)
        finally:
            self.pool.shutdown(wait=True)


def work(factory: sessionmaker, run_id: int, owner: str, token: str, cfg, inputs, *,
         report: Callable[[str, object], None],
         should_stop: Callable[[], bool] = lambda: False, kind: str = "run",
         lease_s: int | None = None, overlap: bool = True) -> str | None:
    """Claim, bill and write batches until none is left (None), or 'cancelled' (a cancel or
    strict stop requested, or ``should_stop()``), or 'strict' (this worker hit the failure).
    ``report('done', n)`` after every commit, ``report('strict', message)`` on a strict stop.
    LostRun when the run is no longer executed by ``owner``.

    Batch k is written (its own transaction, on a writer thread) while batch k + 1 is read
    and billed; k + 1 is claimed only once k - 1 is committed, so at most two batches are in
    flight and a kill leaves both pending (resumed later, billed once). ``overlap=False``
    writes each batch before billing the next (worker processes beside others: they keep
    the cores busy by themselves, and on SQLite they take turns at the one write lock); on
    SQLite the transaction writing batch k then also claims k + 1 (one turn at the lock per
    batch; a kill leaves k + 1 claimed and pending, taken back like any dead worker's).

    ``kind`` and ``lease_s`` describe the worker in its ``run_workers`` row (registered
    before the first claim; its heartbeat renewed on a thread until this returns)."""
    lease.register(factory, run_id, token, kind, lease_s)
    with lease.Heartbeat(factory, run_id, token, lease_s):
        try:
            return _work(factory, run_id, owner, token, cfg, inputs, report, should_stop,
                         overlap)
        finally:
            lease.stopped(factory, run_id, token)


def _work(factory, run_id, owner, token, cfg, inputs, report, should_stop,
          overlap) -> str | None:
    writer = _Writer(factory, run_id, owner, token, overlap)
    # SQLite, each batch written before the next is billed: claim the next batch in the
    # transaction writing this one (PostgreSQL's claims skip locked rows, and with the
    # writer overlapping the next claim must come before this batch is written)
    together = not overlap and is_sqlite(factory)

    def committed() -> None:
        n = writer.wait()
        if n:
            report("done", n)

    try:
        if should_stop():
            return "cancelled"
        tb = time.perf_counter()
        batch = claim_batch(factory, run_id, owner, token, cfg.batch_size)
        while True:
            if batch is None:                  # a cancel (or strict stop) was requested
                committed()
                return "cancelled"
            if not batch:
                committed()
                return None
            with gc_paused():
                with factory() as rs:
                    results = bill_accounts(rs, cfg, inputs, [p.account_id for p in batch],
                                            among=batch.account_ids())
                rows = [(p.id, p.account_id, r) for p, r in zip(batch, results)]
                rows, stop_msg = (_cut_at_failure(factory, run_id, batch, rows)
                                  if cfg.mode == ErrorMode.STRICT else (rows, None))
            committed()                        # batch k - 1
            duration = (time.perf_counter() - tb) * 1000
            if stop_msg:
                writer.submit(rows, duration, stop_msg, batch)
                committed()
                # the attempts after the failure in this batch were claimed but not written
                release_claims(factory, run_id, [token])
                report("strict", stop_msg)
                return "strict"
            stop = should_stop()
            tb = time.perf_counter()
            if together and not stop:
                # the next batch claimed in this one's transaction: one turn at the write
                # lock per batch (a cancel is found by the write, which then rolls back)
                writer.submit(rows, duration, None, batch, claim_next=cfg.batch_size)
                committed()
                batch = writer.next
                continue
            nxt = [] if stop else claim_batch(factory, run_id, owner, token, cfg.batch_size)
            if nxt is None:                    # cancel requested: this batch is not written
                release_claims(factory, run_id, [token])
                return "cancelled"
            writer.submit(rows, duration, None, batch)
            if stop:
                committed()
                return "cancelled"
            batch = nxt
    except CancelRequested:
        release_claims(factory, run_id, [token])
        return "cancelled"
    finally:
        writer.close()
