"""The column tables of the large lists, built on a worker from what the store returns
(no Qt here: ``billdesk.gui.jobs`` calls these on its threads)."""

from __future__ import annotations

import numpy as np

from billdesk.gui.columns import ColumnTable, dates, moments, ranks
from billdesk.store.listings import AttemptColumns


def accounts_table(cols: dict) -> ColumnTable:
    """On a worker: ``store.listings.account_columns`` as a table keyed by account code."""
    data = dict(cols)
    data["supply_start"] = dates(cols["supply_start"])
    data["supply_end"] = dates(cols["supply_end"])
    return ColumnTable.build(
        data, key="code", search=("code", "name", "city", "postcode", "street", "email"),
        sortable=("code", "name", "postcode", "city", "language", "groups", "tariff",
                  "consumption_point", "production_point", "email")).with_orders()


def quality_table(report) -> ColumnTable:
    """On a worker: a QualityReport as a table (one row per account of the target)."""
    rows = report.rows
    n = len(rows)
    q = np.array([(r.quality.measured, r.quality.substituted, r.quality.estimated,
                   r.quality.missing) for r in rows], dtype=np.int64).reshape(n, 4)
    total = q.sum(axis=1)
    share = np.divide(q[:, 0], total, out=np.zeros(n), where=total > 0)
    data = {"account": [r.account for r in rows],
            "passed": np.array([r.passed for r in rows], dtype=bool),
            "reason": [r.reason or "" for r in rows], "measured": q[:, 0],
            "substituted": q[:, 1], "estimated": q[:, 2], "missing": q[:, 3], "share": share}
    t = ColumnTable.build(data, key="account", search=("account", "reason"),
                          sortable=("account", "reason"))
    t.sort_keys["passed"] = data["passed"].astype(np.int8)
    return t.with_orders()


def attempts_table(cols: AttemptColumns) -> ColumnTable:
    """On a worker: the table of a run's attempts (search text and sort ranks included)."""
    q = cols.quality if len(cols) else np.zeros((0, 4), dtype=np.int32)
    data = {"position": cols.position.astype(np.int64), "account": cols.account,
            "name": cols.name, "status": cols.status, "error": cols.error_code,
            "message": cols.message, "measured": q[:, 0], "substituted": q[:, 1],
            "estimated": q[:, 2], "missing": q[:, 3], "amount": cols.amount,
            "duration": cols.duration_ms, "bill_id": cols.bill_id,
            "bill": cols.bill_number}
    t = ColumnTable.build(data, key="position", search=("account", "name"),
                          sortable=("account", "name", "error", "message", "bill"))
    # statuses sort by their name in the user's language would change with the language;
    # they sort in the order of their codes (pending, succeeded, failed, skipped)
    t.sort_keys["amount"] = np.nan_to_num(cols.amount, nan=-np.inf)
    t.sort_keys["duration"] = np.nan_to_num(cols.duration_ms, nan=-np.inf)
    t.sort_keys["bill"] = ranks([b or ("~" if i < 0 else f"~{i:012d}")
                                 for b, i in zip(cols.bill_number, cols.bill_id.tolist())],
                                folded=False)
    t.currency = cols.currency
    return t.with_orders()




class QualityColumns:
    """A Check Data Quality result as columns (what the wizard keeps of a QualityReport):
    cheap to pickle from the child process that computed it, no per-row objects."""

    def __init__(self, period_start, period_end, target, thresholds, accounts, counts,
                 passed, reasons):
        self.period_start, self.period_end = period_start, period_end
        self.target, self.thresholds = target, thresholds
        self.accounts = np.asarray(accounts, dtype=str)
        self.counts = np.asarray(counts, dtype=np.int64).reshape(len(self.accounts), 4)
        self.passed = np.asarray(passed, dtype=bool)
        self.reasons = list(reasons)

    @classmethod
    def from_report(cls, report) -> "QualityColumns":
        rows = report.rows
        return cls(report.period_start, report.period_end, report.target, report.thresholds,
                   [r.account for r in rows],
                   [(r.quality.measured, r.quality.substituted, r.quality.estimated,
                     r.quality.missing) for r in rows],
                   [r.passed for r in rows], [r.reason or "" for r in rows])

    @property
    def rows(self) -> range:
        """One entry per account (``len(report.rows)`` as for a QualityReport)."""
        return range(len(self.accounts))

    @property
    def passing(self) -> int:
        return int(self.passed.sum())

    @property
    def failing(self) -> int:
        return len(self.accounts) - self.passing

    def totals(self):
        from billdesk.domain.quality import QualityCounts

        return QualityCounts(*(int(x) for x in self.counts.sum(axis=0))) if len(
            self.accounts) else QualityCounts()


def quality_columns_table(q: QualityColumns) -> ColumnTable:
    n = len(q.accounts)
    total = q.counts.sum(axis=1)
    share = np.divide(q.counts[:, 0], total, out=np.zeros(n), where=total > 0)
    data = {"account": q.accounts.tolist(), "passed": q.passed, "reason": q.reasons,
            "measured": q.counts[:, 0], "substituted": q.counts[:, 1],
            "estimated": q.counts[:, 2], "missing": q.counts[:, 3], "share": share}
    t = ColumnTable.build(data, key="account", search=("account", "reason"),
                          sortable=("account", "reason"))
    t.sort_keys["passed"] = q.passed.astype(np.int8)
    return t.with_orders()


def delivery_table(cols) -> ColumnTable:
    """A run's ``DeliveryColumns`` as a column table keyed by bill id (built in a reader
    process, on a worker or at once: a run's documents are at most its accounts)."""
    data = {"bill_id": cols.bill_id, "number": cols.number, "account": cols.account,
            "name": cols.name, "postcode": cols.postcode, "language": cols.language,
            "total": cols.total, "status": cols.status, "recipient": cols.recipient,
            "sent_at": moments(cols.sent_at), "tries": cols.tries, "error": cols.error,
            "message_id": cols.message_id, "email": cols.email}
    t = ColumnTable.build(data, key="bill_id", search=("number", "account", "name",
                                                      "recipient"),
                          sortable=("number", "account", "name", "postcode", "language",
                                    "recipient", "error", "message_id"))
    t.sort_keys["sent_at"] = np.nan_to_num(data["sent_at"], nan=-np.inf)
    return t.with_orders()
