"""The workers of a run (run detail, "Workers" tab): what each process billed, how fast."""

from __future__ import annotations

from enum import IntEnum
from operator import attrgetter

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from billdesk.gui.row_model import Column, RowsModel, table


def _state(w) -> str:
    return QCoreApplication.translate("WorkersModel", "stopped" if w.stopped_at else "working")


class WorkersModel(RowsModel):
    """Rows: billdesk.runs.info.WorkerInfo."""

    class Col(IntEnum):
        WORKER = 0
        KIND = 1
        ACCOUNTS = 2
        BATCHES = 3
        RATE = 4
        STARTED = 5
        LAST = 6
        STATE = 7

    COLUMNS = table(Col, {
        Col.WORKER: Column(QT_TRANSLATE_NOOP("WorkersModel", "Worker (host:pid)"),
                           lambda w: w.token.rsplit(":", 1)[0]),
        Col.KIND: Column(QT_TRANSLATE_NOOP("WorkersModel", "Kind"), attrgetter("kind")),
        Col.ACCOUNTS: Column(QT_TRANSLATE_NOOP("WorkersModel", "Accounts"),
                             attrgetter("accounts")),
        Col.BATCHES: Column(QT_TRANSLATE_NOOP("WorkersModel", "Batches"), attrgetter("batches")),
        Col.RATE: Column(QT_TRANSLATE_NOOP("WorkersModel", "Accounts/s"),
                         attrgetter("per_second"),
                         lambda w: "" if w.per_second is None else f"{w.per_second:,.0f}",
                         right=True),
        Col.STARTED: Column(QT_TRANSLATE_NOOP("WorkersModel", "Started"),
                            attrgetter("started_at")),
        Col.LAST: Column(QT_TRANSLATE_NOOP("WorkersModel", "Last batch"),
                         attrgetter("last_batch_at")),
        Col.STATE: Column(QT_TRANSLATE_NOOP("WorkersModel", "State"), _state),
    })

    def totals(self) -> tuple[int, float]:
        """All workers' accounts and their summed throughput (each its own average)."""
        rows = self.rows()
        return sum(w.accounts for w in rows), sum(w.per_second or 0.0 for w in rows)
