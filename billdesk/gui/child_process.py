"""Running a job's work in a spawned child process and following it from the job's thread.

The child is ``target(*args, send, stop)``: it sends ``("progress", done, total, message)``,
then its result (``billdesk.gui.shipping``: in pieces) or ``("error", expected, text)`` over ``send`` and watches ``stop``
(set when the job is cancelled). Used by the quality check and the e-mail send, whose work
would otherwise hold the GUI process's interpreter lock for seconds.
"""

from __future__ import annotations

import multiprocessing
import time

from billdesk.domain.errors import InputError
from billdesk.gui import shipping
from billdesk.store import db as dbmod


PROGRESS_INTERVAL = 0.1      # s between progress messages from a child


def progress_sender(conn):
    """A child's ``progress(done, total, message)``: sends ``("progress", …)`` over ``conn``
    at most every ``PROGRESS_INTERVAL`` seconds, and always the last one."""
    last = [0.0]

    def progress(done, total, message=""):
        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL or done >= total:
            last[0] = now
            conn.send(("progress", int(done), int(total), str(message)))

    return progress


def serve(url: str, conn, stop, work) -> None:
    """The child's side: ``work(factory, progress, cancelled)`` on its own engine for
    ``url``; progress sent at most every 0.1 s, then its result or its error, over ``conn``."""
    engine = dbmod.make_engine(url)
    progress = progress_sender(conn)
    try:
        result = work(dbmod.session_factory(engine), progress, stop.is_set)
        # in pieces: one pickle of a 100,000-row table would be one long unpickle in the app
        shipping.send_value(conn, result, tag="done-shipped")
    except InputError as exc:
        conn.send(("error", True, str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the app
        conn.send(("error", False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        engine.dispose()


def run_in_child(target, args: tuple, *, name: str, daemon: bool = True, progress=None,
                 cancelled=None, writes: bool = True) -> tuple[object, int | None]:
    """(the child's result or None, its exit code). An ``("error", …)`` message is raised:
    InputError when expected, RuntimeError otherwise.

    ``writes``: the child may write to the database (args[0], a URL), so the file's deferred
    check (``db.run_deferred_check``) is waited for first, as for any write of this process.
    A child that only reads (the quality check) does not wait for it — as the reader
    processes do not: on a clerk's first start of the day the check of a 7 GB file took
    minutes, and the quality check waited 192 s for it (issue 14)."""
    if writes and args and isinstance(args[0], str):   # a database URL: its file checked first
        dbmod.run_deferred_check(args[0])
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    proc = ctx.Process(target=target, args=(*args, send, stop), daemon=daemon, name=name)
    proc.start()
    send.close()
    result = error = None
    try:
        while True:
            if cancelled and cancelled():
                stop.set()
            try:
                ready = receive.poll(0.1)
                msg = receive.recv() if ready else None
            except (EOFError, OSError):
                break
            if msg is None:
                if not proc.is_alive():
                    break
            elif msg[0] == "progress" and progress:
                progress(*msg[1:])
            elif msg[0] == "done-shipped":
                result = shipping.receive(receive, msg[1])
            elif msg[0] == "error":
                error = msg[1:]
    finally:
        proc.join(30)
        if proc.is_alive():  # pragma: no cover - never expected
            proc.kill()
            proc.join()
        receive.close()
    if error is not None:
        expected, text = error
        raise (InputError if expected else RuntimeError)(text)
    return result, proc.exitcode
