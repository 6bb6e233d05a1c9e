"""The workers of a run (run detail, "Workers" tab): what each process billed, how fast."""

from __future__ import annotations

from enum import IntEnum

from billdesk.gui.formats import fmt_int
from billdesk.gui.models import RowsModel


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

    def headers(self):
        C = self.Col
        return {C.WORKER: self.tr("Worker (host:pid)"), C.KIND: self.tr("Kind"),
                C.ACCOUNTS: self.tr("Accounts"), C.BATCHES: self.tr("Batches"),
                C.RATE: self.tr("Accounts/s"), C.STARTED: self.tr("Started"),
                C.LAST: self.tr("Last batch"), C.STATE: self.tr("State")}

    def value(self, w, col):
        C = self.Col
        kinds = {"run": self.tr("run"), "join": self.tr("joined"), "worker": self.tr("worker")}
        return {C.WORKER: w.token.rsplit(":", 1)[0], C.KIND: kinds.get(w.kind, w.kind),
                C.ACCOUNTS: w.accounts,
                C.BATCHES: w.batches, C.RATE: w.per_second, C.STARTED: w.started_at,
                C.LAST: w.last_batch_at,
                C.STATE: self.tr("stopped") if w.stopped_at else self.tr("working")}[col]

    def display(self, w, col):
        if col == self.Col.RATE:
            return "" if w.per_second is None else fmt_int(round(w.per_second))
        return super().display(w, col)

    def totals(self) -> tuple[int, float]:
        """All workers' accounts and the rate they billed at together: their accounts over
        the time at least one of them was working (the union of each one's first claim to
        last batch) — not the sum of their averages, which overstates it when they worked
        one after another (a resumed run, a worker that joined late)."""
        rows = self.rows()
        return sum(w.accounts for w in rows), combined_rate(rows)


def combined_rate(rows) -> float:
    """Accounts per second of ``rows`` (WorkerInfo) over the union of their working spans."""
    spans = sorted((w.started_at, w.last_batch_at) for w in rows
                   if w.accounts and w.started_at is not None and w.last_batch_at is not None)
    busy, end = 0.0, None
    for a, b in spans:
        if end is not None and a < end:
            a = end                     # the part already counted
        if b > a:
            busy += (b - a).total_seconds()
        end = b if end is None else max(end, b)
    accounts = sum(w.accounts for w in rows if w.started_at is not None
                   and w.last_batch_at is not None)
    return accounts / busy if busy > 0 else 0.0
