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
import os
import signal
import time
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from billdesk.domain.run import AttemptStatus, ErrorMode
from billdesk.store.db import transaction
from billdesk.store.models import Account, BillingAttempt
from billdesk.runs.writer import CancelRequested, LostRun, lock_run, write_batch

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


def work(factory: sessionmaker, run_id: int, owner: str, token: str, cfg, inputs, *,
         report: Callable[[str, object], None],
         should_stop: Callable[[], bool] = lambda: False) -> str | None:
    """Claim, bill and write batches until none is left (None), or 'cancelled' (a cancel or
    strict stop requested, or ``should_stop()``), or 'strict' (this worker hit the failure).
    ``report('done', n)`` after every commit, ``report('strict', message)`` on a strict stop.
    LostRun when the run is no longer executed by ``owner``."""
    from billdesk.runs.execute import bill_accounts

    while True:
        if should_stop():
            return "cancelled"
        tb = time.perf_counter()
        batch = claim_batch(factory, run_id, owner, token, cfg.batch_size)
        if batch is None:
            return "cancelled"
        if not batch:
            return None
        with factory() as rs:
            results = bill_accounts(rs, cfg, inputs, [p.account_id for p in batch])
        rows = [(p.id, p.account_id, r) for p, r in zip(batch, results)]
        stop_msg = None
        if cfg.mode == ErrorMode.STRICT:
            for k, (_aid, _acc, r) in enumerate(rows):
                if r.status == AttemptStatus.FAILED:
                    rows = rows[:k + 1]
                    with factory() as cs:
                        code = cs.scalar(select(Account.code).where(Account.id == r.account_id))
                        total = cs.scalar(select(func.count()).select_from(_ATT)
                                          .where(_ATT.c.run_id == run_id))
                    stop_msg = (f"strict run stopped at account {code} (attempt "
                                f"{batch[k].position + 1} of {total}): {r.error_code}: "
                                f"{r.message}")
                    break
        try:
            with transaction(factory) as ws:
                write_batch(ws, run_id, owner, token, rows, (time.perf_counter() - tb) * 1000,
                            stop_msg)
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


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the parent dies, so a killed run leaves no orphan worker."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - other systems: the ppid check below
        pass


def worker_main(url: str, run_id: int, owner: str, batch_size: int | None, communities,
                conn, stop_flag) -> None:
    """Entry point of a worker process (multiprocessing 'spawn'): own engine and sessions.

    It reports through its own pipe ``conn`` and reads the lock-free shared byte
    ``stop_flag``: nothing it shares with the other workers holds a lock, so a worker killed
    at any instant cannot leave a lock taken that blocks the others (a shared Queue or Event
    can: their internal locks die with the process that held them).
    """
    _die_with_parent()
    parent = os.getppid()
    from billdesk.errorlog import configure_child

    configure_child()
    from billdesk.runs.execute import make_config
    from billdesk.runs.liveness import new_owner
    from billdesk.store.db import make_engine, session_factory

    def send(kind, value) -> None:
        try:
            conn.send((kind, value))
        except (BrokenPipeError, OSError):  # the parent is gone: stop at the next check
            pass

    token = new_owner()
    engine = make_engine(url)
    code = 0
    try:
        factory = session_factory(engine)
        cfg, inputs = make_config(factory, run_id, batch_size, communities)
        out = work(factory, run_id, owner, token, cfg, inputs, report=send,
                   should_stop=lambda: bool(stop_flag.value) or os.getppid() != parent)
        send("end", out)
    except LostRun as exc:
        send("lost", str(exc))
    except BaseException as exc:  # reported to the parent, which interrupts the run
        from billdesk.store.faults import redact, storage_error

        err = storage_error(exc) if isinstance(exc, Exception) else None
        if err is not None:
            log.warning("worker of run %s stopped: %s", run_id, err)
        else:
            log.exception("worker of run %s failed", run_id)
        first = (str(exc).strip().splitlines() or [""])[0]   # never the SQL and parameters
        send("error", str(err) if err else redact(f"{type(exc).__name__}: {first}"))
        code = 1
    finally:
        engine.dispose()
        conn.close()
    os._exit(code)
