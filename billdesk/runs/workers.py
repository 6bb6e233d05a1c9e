"""Workers: claim a batch of pending attempts through the database, bill it, write it.

One code path for one process and for N worker processes (``start_run(workers=N)``), on
SQLite and PostgreSQL:

- **claim** (short transaction): the next ``batch_size`` pending, unclaimed attempts of the
  run in position order are marked ``claimed_by = token`` (the worker's ``host:pid:rand``).
  On PostgreSQL they are selected ``FOR UPDATE SKIP LOCKED``, so concurrent workers (also on
  other machines) never wait for nor take each other's rows; on SQLite the transaction's first
  statement is a write, which takes the database's single write lock, so claims are simply
  serialised.
- **bill** outside any transaction (own read session);
- **write** (one transaction): re-assert the claim, results + draft bills + lines, the run's
  total and heartbeat (see writer.write_batch).

A worker that dies leaves its batch claimed but pending: resuming the run clears all claims;
the run's owner clears the claims of a dead joining process (see execute._await_joiners).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from billdesk.domain.run import AttemptStatus, ErrorMode
from billdesk.gc_pause import gc_paused
from billdesk.store.db import transaction
from billdesk.store.models import Account, BillingAttempt
from billdesk.runs.billing import bill_accounts
from billdesk.runs.writer import CancelRequested, lock_run, write_batch

log = logging.getLogger(__name__)

_ATT = BillingAttempt.__table__


def is_sqlite(factory: sessionmaker) -> bool:
    return factory.kw["bind"].dialect.name == "sqlite"


def claim_batch(factory: sessionmaker, run_id: int, owner: str, token: str, size: int):
    """Rows (id, account_id, position) now claimed by ``token``; [] when no unclaimed pending
    attempt is left; None when a cancel (or strict stop) was requested."""
    with transaction(factory) as s:
        if lock_run(s, run_id, owner, write_first=is_sqlite(factory)):
            return None
        rows = s.execute(select(_ATT.c.id, _ATT.c.account_id, _ATT.c.position)
                         .where(_ATT.c.run_id == run_id,
                                _ATT.c.status == AttemptStatus.PENDING.value,
                                _ATT.c.claimed_by.is_(None))
                         .order_by(_ATT.c.position).limit(size)
                         .with_for_update(skip_locked=True)).all()
        if rows:
            s.execute(update(_ATT).where(_ATT.c.id.in_([r.id for r in rows]))
                      .values(claimed_by=token, claimed_at=datetime.now(timezone.utc)))
        return rows


def release_claims(factory: sessionmaker, run_id: int, tokens: list[str] | None = None) -> int:
    """Clear claims on the run's pending attempts (all, or those of ``tokens``)."""
    with transaction(factory) as s:
        q = update(_ATT).where(_ATT.c.run_id == run_id,
                               _ATT.c.status == AttemptStatus.PENDING.value,
                               _ATT.c.claimed_by.is_not(None))
        if tokens is not None:
            q = q.where(_ATT.c.claimed_by.in_(tokens))
        return s.execute(q.values(claimed_by=None, claimed_at=None)).rowcount


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


def work(factory: sessionmaker, run_id: int, owner: str, token: str, cfg, inputs, *,
         report: Callable[[str, object], None],
         should_stop: Callable[[], bool] = lambda: False) -> str | None:
    """Claim, bill and write batches until none is left (None), or 'cancelled' (a cancel or
    strict stop requested, or ``should_stop()``), or 'strict' (this worker hit the failure).
    ``report('done', n)`` after every commit, ``report('strict', message)`` on a strict stop.
    LostRun when the run is no longer executed by ``owner``."""
    while True:
        if should_stop():
            return "cancelled"
        tb = time.perf_counter()
        batch = claim_batch(factory, run_id, owner, token, cfg.batch_size)
        if batch is None:
            return "cancelled"
        if not batch:
            return None
        with gc_paused():
            with factory() as rs:
                results = bill_accounts(rs, cfg, inputs, [p.account_id for p in batch])
            rows = [(p.id, p.account_id, r) for p, r in zip(batch, results)]
            rows, stop_msg = (_cut_at_failure(factory, run_id, batch, rows)
                              if cfg.mode == ErrorMode.STRICT else (rows, None))
            try:
                with transaction(factory) as ws:
                    write_batch(ws, run_id, owner, token, rows,
                                (time.perf_counter() - tb) * 1000, stop_msg, claimed=len(batch))
            except CancelRequested:
                release_claims(factory, run_id, [token])
                return "cancelled"
        if stop_msg:
            # the attempts after the failure in this batch were claimed but not written
            release_claims(factory, run_id, [token])
            report("strict", stop_msg)
        report("done", len(rows))
        if stop_msg:
            return "strict"
