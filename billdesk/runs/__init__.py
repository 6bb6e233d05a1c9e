"""Bill-run orchestration: create, check quality, start/resume, cancel, rerun, finalize.

Every service takes a session factory (``sessionmaker``) and, where it works long, a
``progress(done, total, message)`` callback and a ``cancelled()`` check, so the GUI, the CLI,
tests and worker processes run the same code. Services return plain dataclasses
(``RunInfo``, ``AttemptInfo``, ``BillInfo``, ``QualityReport`` …), never ORM objects.
"""

from billdesk.runs.claims import ClaimConflict
from billdesk.runs.create import create_run, rerun_failed
from billdesk.runs.execute import cancel_run, start_run
from billdesk.runs.finalize import finalize_run
from billdesk.runs.info import (AttemptInfo, BillInfo, FinalizeResult, LineInfo, QualityReport,
                                QualityRow, RunCounts, RunInfo)
from billdesk.runs.liveness import detect_interrupted
from billdesk.runs.quality import iter_quality, quality_check
from billdesk.runs.queries import get_bill, get_run, list_bills, list_runs
from billdesk.runs.queued import follow_run, queue_run

__all__ = ["AttemptInfo", "BillInfo", "ClaimConflict", "FinalizeResult", "LineInfo",
           "QualityReport", "QualityRow", "RunCounts", "RunInfo", "cancel_run", "create_run",
           "detect_interrupted", "finalize_run", "follow_run", "get_bill", "get_run",
           "iter_quality", "list_bills", "list_runs", "quality_check", "queue_run",
           "rerun_failed", "start_run"]
