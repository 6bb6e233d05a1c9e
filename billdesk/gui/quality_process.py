"""Check Data Quality in a child process (no Qt here).

Checking 100,000 accounts reads a month of interval data for each and counts flags: numpy and
Python work that, on a thread of the app, holds the GIL long enough to stall the window
(684 ms measured). A spawned child does it, sends its progress through a pipe and returns the
result as columns (``QualityColumns``: arrays, cheap to unpickle); the supervising thread
builds the table the wizard shows. Cancelling sets an event the child checks between batches.
"""

from __future__ import annotations


from billdesk.domain.errors import InputError
from billdesk.gui.child_process import run_in_child, serve


def _child(url, period, target, thresholds, conn, stop) -> None:
    def work(factory, progress, cancelled):
        from billdesk.gui.tables import QualityColumns, quality_columns_table
        from billdesk.runs import quality_check

        report = quality_check(factory, period, target, thresholds, progress=progress,
                               cancelled=cancelled)
        cols = QualityColumns.from_report(report)
        # the table too (search text, sort ranks): its Python work is done here, and
        # unpickling its arrays in the app is a copy
        return cols, quality_columns_table(cols)

    serve(url, conn, stop, work)


def quality_check_in_process(url, period, target, thresholds, progress=None, cancelled=None):
    """(QualityColumns, its ColumnTable), computed in a spawned child process."""
    result, exitcode = run_in_child(_child, (url, period, str(target), thresholds),
                                    name="billdesk-quality", progress=progress,
                                    cancelled=cancelled, writes=False)   # a read only
    if result is None:
        if cancelled and cancelled():
            raise InputError("the check was stopped")
        raise RuntimeError(f"the quality check ended with exit code {exitcode}")
    return result
