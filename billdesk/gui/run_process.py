"""Executing a bill run in a child process, supervised by a worker thread of the app.

Billing is CPU-heavy Python/numpy/SQL work; in the app's own process it would compete with the
GUI thread for the GIL (stalls of 50–120 ms were measured). A spawned child process (works the
same frozen, with ``multiprocessing.freeze_support()``) runs ``billdesk.runs.start_run``; the
pipe only carries how it ended. Progress has one path: the database, which every view polls
(the run's attempts and counts are committed batch by batch, whoever executes the run — this
window, another workstation, the CLI), so the child reports none of its own. The supervising
thread (a long job of its own, never a thread of the short-read pool) waits for the child and,
when cancelled, asks the run to stop through the database (``cancel_run``: the child stops
after its batch and leaves the run ``cancelled``). No Qt here.
"""

from __future__ import annotations

import multiprocessing

from billdesk.domain.run import RunStatus
from billdesk.domain.errors import InputError


def _child(url: str, run_id: int, conn) -> None:
    from billdesk.runs import start_run
    from billdesk.store import db as dbmod

    engine = dbmod.make_engine(url)
    try:
        info = start_run(dbmod.session_factory(engine), run_id)
        conn.send(("done", info.status))
    except InputError as exc:
        conn.send(("error", True, str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the app
        from billdesk.store.access import permission_error

        refused = permission_error(exc)
        conn.send(("error", True, str(refused)) if refused is not None
                  else ("error", False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        engine.dispose()


def start_run_in_process(url: str, run_id: int, progress=None, cancelled=None):
    """Run ``run_id`` to its end in a child process; returns the RunInfo as it ended.

    ``progress`` is accepted for the job signature and not called: the database is the
    progress path (see the module docstring)."""
    from billdesk.gui.engines import factory_for
    from billdesk.runs import cancel_run, get_run

    from billdesk.store import db as dbmod

    dbmod.run_deferred_check(url)        # the file's check before a child writes to it
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(url, run_id, send), daemon=True,
                       name=f"billdesk-run-{run_id}")
    proc.start()
    send.close()
    cancel_sent = False
    error = None
    try:
        while True:
            if cancelled and cancelled() and not cancel_sent:
                cancel_sent = True
                try:
                    cancel_run(factory_for(url), run_id)
                except InputError:
                    pass                    # already ended: nothing to cancel
            try:
                ready = receive.poll(0.2)
            except (EOFError, OSError):
                break
            if ready:
                try:
                    msg = receive.recv()
                except (EOFError, OSError):
                    break
                if msg[0] == "error":
                    error = msg[1:]
            elif not proc.is_alive():
                break
    finally:
        proc.join(30)
        if proc.is_alive():  # pragma: no cover - never expected
            proc.kill()
            proc.join()
        receive.close()
    info = get_run(factory_for(url), run_id, attempts=False)
    if error is not None and not (cancel_sent and info.status == RunStatus.CANCELLED):
        expected, text = error
        if expected:
            raise InputError(text)
        raise RuntimeError(text)
    if proc.exitcode not in (0, None) and error is None and info.status == RunStatus.RUNNING:
        raise RuntimeError(f"the run process ended with exit code {proc.exitcode}")
    return info


__all__ = ["start_run_in_process"]
