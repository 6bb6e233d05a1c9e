"""Check Data Quality in a child process (no Qt here).

Checking 100,000 accounts reads a month of interval data for each and counts flags: numpy and
Python work that, on a thread of the app, holds the GIL long enough to stall the window
(684 ms measured). A spawned child does it, sends its progress through a pipe and returns the
result as columns (``QualityColumns``: arrays, cheap to unpickle); the supervising thread
builds the table the wizard shows. Cancelling sets an event the child checks between batches.
"""

from __future__ import annotations

import time

from billdesk.domain.errors import InputError
from billdesk.gui.child_process import run_in_child


def _child(url, period, target, thresholds, conn, stop) -> None:
    from billdesk.gui.tables import QualityColumns
    from billdesk.runs import quality_check
    from billdesk.store import db as dbmod

    engine = dbmod.make_engine(url)
    last = [0.0]

    def progress(done, total, message=""):
        now = time.monotonic()
        if now - last[0] >= 0.1 or done >= total:
            last[0] = now
            conn.send(("progress", int(done), int(total), str(message)))

    try:
        report = quality_check(dbmod.session_factory(engine), period, target, thresholds,
                               progress=progress, cancelled=stop.is_set)
        from billdesk.gui.tables import quality_columns_table

        cols = QualityColumns.from_report(report)
        # the table too (search text, sort ranks): its Python work is done here, and
        # unpickling its arrays in the app is a copy
        conn.send(("done", (cols, quality_columns_table(cols))))
    except InputError as exc:
        conn.send(("error", True, str(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported to the app
        conn.send(("error", False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
        engine.dispose()


def quality_check_in_process(url, period, target, thresholds, progress=None, cancelled=None):
    """(QualityColumns, its ColumnTable), computed in a spawned child process."""
    result, exitcode = run_in_child(_child, (url, period, str(target), thresholds),
                                    name="billdesk-quality", progress=progress,
                                    cancelled=cancelled)
    if result is None:
        if cancelled and cancelled():
            raise InputError("the check was stopped")
        raise RuntimeError(f"the quality check ended with exit code {exitcode}")
    return result
