"""Table models: an IntEnum of columns, display/sort/row roles, plain values only.

Small tables (runs, bills, accounts, …) hold tuples/dataclasses and are sorted and filtered by a
``QSortFilterProxyModel`` (``SORT_ROLE``). The attempts table of a run may hold 100,000 rows:
``AttemptsModel`` keeps numpy columns and sorts/filters itself with numpy (no per-row objects,
no Python call per comparison).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

import numpy as np
from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QBrush, QColor

from billdesk.store.queries_gui import STATUS_CODES

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2   # the row's plain value (dataclass/tuple)

STATUS_COLOURS = {
    "draft": "#6c757d", "running": "#0d6efd", "completed": "#198754",
    "completed_with_errors": "#b35c00", "failed": "#dc3545", "cancelled": "#6c757d",
    "interrupted": "#b35c00", "finalized": "#146c43",
    "pending": "#6c757d", "succeeded": "#198754", "skipped": "#8a6d00",
    "draft_bill": "#6c757d", "issued": "#146c43",
}
QUALITY_NAMES = ("measured", "substituted", "estimated", "missing")
QUALITY_COLOURS = ("#2e7d32", "#1976d2", "#f9a825", "#c62828")


def tr_status(status: str) -> str:
    """A run/attempt/bill status as shown to the user."""
    return {
        "draft": QCoreApplication.translate("Status", "draft"),
        "running": QCoreApplication.translate("Status", "running"),
        "completed": QCoreApplication.translate("Status", "completed"),
        "completed_with_errors": QCoreApplication.translate("Status", "completed with errors"),
        "failed": QCoreApplication.translate("Status", "failed"),
        "cancelled": QCoreApplication.translate("Status", "cancelled"),
        "interrupted": QCoreApplication.translate("Status", "interrupted"),
        "finalized": QCoreApplication.translate("Status", "finalized"),
        "pending": QCoreApplication.translate("Status", "pending"),
        "succeeded": QCoreApplication.translate("Status", "succeeded"),
        "skipped": QCoreApplication.translate("Status", "skipped"),
        "issued": QCoreApplication.translate("Status", "issued"),
        "invoice": QCoreApplication.translate("Status", "invoice"),
        "credit_note": QCoreApplication.translate("Status", "credit note"),
        "strict": QCoreApplication.translate("Status", "strict"),
        "lenient": QCoreApplication.translate("Status", "lenient"),
        "create": QCoreApplication.translate("Status", "create"),
        "create-and-correct": QCoreApplication.translate("Status", "create and correct"),
    }.get(status, status)


def fmt_money(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and np.isnan(x):
        return ""
    return f"{Decimal(str(x)):,.2f}".replace(",", "\u2009")


def fmt_dt(x: datetime | None) -> str:
    if x is None:
        return ""
    return x.astimezone().strftime("%Y-%m-%d %H:%M")


def fmt_period(a: date, b: date) -> str:
    from billdesk.domain.period import add_months

    if a.day == 1 and b == add_months(a, 1):
        return f"{a:%Y-%m}"
    if a.day == 1 and a.month % 3 == 1 and b == add_months(a, 3):
        return f"{a.year}-Q{(a.month - 1) // 3 + 1}"
    if a.month == 1 and a.day == 1 and b == date(a.year + 1, 1, 1):
        return str(a.year)
    return f"{a.isoformat()}..{b.isoformat()}"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def _sortable(v):
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


class RowsModel(QAbstractTableModel):
    """Rows of plain values; subclasses give ``Col``, ``headers()`` and ``value(row, col)``."""

    Col: type[IntEnum]

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    # subclasses
    def headers(self) -> dict:
        raise NotImplementedError

    def value(self, row, col):
        raise NotImplementedError

    def display(self, row, col) -> str:
        v = self.value(row, col)
        if v is None:
            return ""
        if isinstance(v, Decimal):
            return fmt_money(v)
        if isinstance(v, datetime):
            return fmt_dt(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return f"{v:,}".replace(",", "\u2009")
        return str(v)

    def foreground(self, row, col):
        return None

    def alignment(self, row, col):
        v = self.value(row, col)
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    # the model
    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return self._rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Col)):
            return self.headers()[self.Col(section)]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SORT_ROLE:
            return _sortable(self.value(row, col))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            c = self.foreground(row, col)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            a = self.alignment(row, col)
            return int(a.value) if a is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.display(row, col)
            return text if len(text) > 40 else None
        return None


class SortProxy(QSortFilterProxyModel):
    """Search over all columns plus exact-match filters on chosen columns."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._exact: dict[int, object] = {}
        self._pred = None

    def set_exact(self, column: int, value) -> None:
        """Keep rows whose column's sort value equals ``value`` (None: no filter)."""
        self.beginFilterChange()
        if value is None:
            self._exact.pop(column, None)
        else:
            self._exact[column] = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, fn) -> None:
        """``fn(row_value) -> bool`` on ROW_ROLE; None removes it."""
        self.beginFilterChange()
        self._pred = fn
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row, source_parent):
        m = self.sourceModel()
        for col, want in self._exact.items():
            if m.index(source_row, col, source_parent).data(SORT_ROLE) != want:
                return False
        if self._pred is not None and not self._pred(
                m.index(source_row, 0, source_parent).data(ROW_ROLE)):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


# --------------------------------------------------------------------------- accounts
class AccountsModel(RowsModel):
    class Col(IntEnum):
        ACCOUNT = 0
        NAME = 1
        CITY = 2
        LANGUAGE = 3
        GROUPS = 4
        TARIFF = 5
        SUPPLY_START = 6
        SUPPLY_END = 7
        CONSUMPTION_POINT = 8
        PRODUCTION_POINT = 9

    def headers(self):
        C = self.Col
        return {C.ACCOUNT: self.tr("Account"), C.NAME: self.tr("Name"), C.CITY: self.tr("City"),
                C.LANGUAGE: self.tr("Language"), C.GROUPS: self.tr("Groups"),
                C.TARIFF: self.tr("Tariff"), C.SUPPLY_START: self.tr("Supply start"),
                C.SUPPLY_END: self.tr("Supply end"),
                C.CONSUMPTION_POINT: self.tr("Consumption point"),
                C.PRODUCTION_POINT: self.tr("Production point")}

    def value(self, r, col):
        C = self.Col
        return {C.ACCOUNT: r.code, C.NAME: r.name, C.CITY: r.city, C.LANGUAGE: r.language,
                C.GROUPS: r.groups, C.TARIFF: r.tariff, C.SUPPLY_START: r.supply_start,
                C.SUPPLY_END: r.supply_end, C.CONSUMPTION_POINT: r.consumption_point,
                C.PRODUCTION_POINT: r.production_point}[col]


# --------------------------------------------------------------------------- runs
class RunsModel(RowsModel):
    class Col(IntEnum):
        ID = 0
        NAME = 1
        PERIOD = 2
        TARGET = 3
        MODE = 4
        BILLING = 5
        STATUS = 6
        PROGRESS = 7
        TOTAL = 8
        SUCCEEDED = 9
        FAILED = 10
        SKIPPED = 11
        AMOUNT = 12
        CREATED_BY = 13
        CREATED_AT = 14
        DURATION = 15

    def headers(self):
        C = self.Col
        return {C.ID: self.tr("Id"), C.NAME: self.tr("Name"), C.PERIOD: self.tr("Period"),
                C.TARGET: self.tr("Target"), C.MODE: self.tr("Mode"),
                C.BILLING: self.tr("Billing mode"), C.STATUS: self.tr("Status"),
                C.PROGRESS: self.tr("Progress"), C.TOTAL: self.tr("Accounts"),
                C.SUCCEEDED: self.tr("Succeeded"), C.FAILED: self.tr("Failed"),
                C.SKIPPED: self.tr("Skipped"), C.AMOUNT: self.tr("Total amount"),
                C.CREATED_BY: self.tr("Created by"), C.CREATED_AT: self.tr("Created"),
                C.DURATION: self.tr("Duration")}

    @staticmethod
    def duration(r) -> float | None:
        if r.started_at is None:
            return None
        end = r.finished_at
        if end is None:
            if r.status != "running":
                return None
            from datetime import timezone

            end = datetime.now(timezone.utc)
        return (end - r.started_at).total_seconds()

    @staticmethod
    def progress(r) -> float:
        c = r.counts
        return (c.total - c.pending) / c.total if c.total else 0.0

    def value(self, r, col):
        C = self.Col
        c = r.counts
        return {C.ID: r.id, C.NAME: r.name, C.PERIOD: fmt_period(r.period_start, r.period_end),
                C.TARGET: r.target, C.MODE: r.mode, C.BILLING: r.billing, C.STATUS: r.status,
                C.PROGRESS: self.progress(r), C.TOTAL: c.total, C.SUCCEEDED: c.succeeded,
                C.FAILED: c.failed, C.SKIPPED: c.skipped, C.AMOUNT: r.total_amount,
                C.CREATED_BY: r.created_by, C.CREATED_AT: r.created_at,
                C.DURATION: self.duration(r)}[col]

    def display(self, r, col):
        C = self.Col
        if col in (C.MODE, C.BILLING, C.STATUS):
            return tr_status(self.value(r, col))
        if col == C.PROGRESS:
            return f"{self.progress(r):.0%}"
        if col == C.DURATION:
            return fmt_duration(self.duration(r))
        return super().display(r, col)

    def foreground(self, r, col):
        if col == self.Col.STATUS:
            return STATUS_COLOURS.get(r.status)
        if col == self.Col.FAILED and r.counts.failed:
            return STATUS_COLOURS["failed"]
        return None



# --------------------------------------------------------------------------- bills
class BillsModel(RowsModel):
    class Col(IntEnum):
        ID = 0
        NUMBER = 1
        KIND = 2
        STATUS = 3
        ACCOUNT = 4
        NAME = 5
        PERIOD = 6
        TOTAL = 7
        CURRENCY = 8
        RUN = 9
        CREATED = 10
        ISSUED = 11

    def headers(self):
        C = self.Col
        return {C.ID: self.tr("Id"), C.NUMBER: self.tr("Number"), C.KIND: self.tr("Kind"),
                C.STATUS: self.tr("Status"), C.ACCOUNT: self.tr("Account"),
                C.NAME: self.tr("Name"), C.PERIOD: self.tr("Period"),
                C.TOTAL: self.tr("Total"), C.CURRENCY: self.tr("Currency"),
                C.RUN: self.tr("Run"), C.CREATED: self.tr("Created"),
                C.ISSUED: self.tr("Issued")}

    def value(self, r, col):
        C = self.Col
        return {C.ID: r.id, C.NUMBER: r.number, C.KIND: r.kind, C.STATUS: r.status,
                C.ACCOUNT: r.account, C.NAME: r.name,
                C.PERIOD: fmt_period(r.period_start, r.period_end), C.TOTAL: r.total,
                C.CURRENCY: r.currency, C.RUN: r.run_id, C.CREATED: r.created_at,
                C.ISSUED: r.issued_at}[col]

    def display(self, r, col):
        if col in (self.Col.KIND, self.Col.STATUS):
            return tr_status(self.value(r, col))
        if col == self.Col.NUMBER and r.number is None:
            return self.tr("(draft)")
        return super().display(r, col)

    def foreground(self, r, col):
        if col == self.Col.STATUS:
            return STATUS_COLOURS.get("draft_bill" if r.status == "draft" else r.status)
        return None


class LinesModel(RowsModel):
    class Col(IntEnum):
        LABEL = 0
        QUANTITY = 1
        UNIT = 2
        UNIT_PRICE = 3
        NET = 4
        VAT = 5

    def headers(self):
        C = self.Col
        return {C.LABEL: self.tr("Line"), C.QUANTITY: self.tr("Quantity"),
                C.UNIT: self.tr("Unit"), C.UNIT_PRICE: self.tr("Unit price"),
                C.NET: self.tr("Net amount"), C.VAT: self.tr("VAT %")}

    def value(self, ln, col):
        C = self.Col
        return {C.LABEL: ln.label, C.QUANTITY: ln.quantity, C.UNIT: ln.unit,
                C.UNIT_PRICE: ln.unit_price, C.NET: ln.net_amount, C.VAT: ln.vat_rate}[col]

    def display(self, ln, col):
        C = self.Col
        if col == C.QUANTITY:
            return f"{ln.quantity:,.3f}".replace(",", "\u2009")
        if col == C.UNIT_PRICE:
            return f"{ln.unit_price:.5f}".rstrip("0").rstrip(".")
        if col == C.VAT:
            return f"{ln.vat_rate}"
        return super().display(ln, col)


# --------------------------------------------------------------------------- quality check
class QualityModel(RowsModel):
    class Col(IntEnum):
        ACCOUNT = 0
        RESULT = 1
        REASON = 2
        MEASURED = 3
        SUBSTITUTED = 4
        ESTIMATED = 5
        MISSING = 6
        SHARE = 7

    def headers(self):
        C = self.Col
        return {C.ACCOUNT: self.tr("Account"), C.RESULT: self.tr("Result"),
                C.MEASURED: self.tr("Measured"), C.SUBSTITUTED: self.tr("Substituted"),
                C.ESTIMATED: self.tr("Estimated"), C.MISSING: self.tr("Missing"),
                C.SHARE: self.tr("Measured share"), C.REASON: self.tr("Why it would fail")}

    def value(self, r, col):
        C = self.Col
        q = r.quality
        return {C.ACCOUNT: r.account, C.RESULT: "ok" if r.passed else "fail",
                C.MEASURED: q.measured, C.SUBSTITUTED: q.substituted, C.ESTIMATED: q.estimated,
                C.MISSING: q.missing, C.SHARE: q.measured_share, C.REASON: r.reason}[col]

    def display(self, r, col):
        if col == self.Col.RESULT:
            return self.tr("passes") if r.passed else self.tr("fails")
        if col == self.Col.SHARE:
            return f"{r.quality.measured_share:.1%}"
        return super().display(r, col)

    def foreground(self, r, col):
        if col == self.Col.RESULT:
            return STATUS_COLOURS["succeeded" if r.passed else "failed"]
        return None


# --------------------------------------------------------------------------- misc small tables
class MembersModel(RowsModel):
    """Community members with their allocation result for a period (tuples)."""

    class Col(IntEnum):
        ACCOUNT = 0
        NAME = 1
        FROM = 2
        TO = 3
        SHARE = 4
        CONSUMPTION = 5
        LOCAL = 6
        LOCAL_SHARE = 7

    def headers(self):
        C = self.Col
        return {C.ACCOUNT: self.tr("Account"), C.NAME: self.tr("Name"),
                C.FROM: self.tr("Member from"), C.TO: self.tr("Member to"),
                C.SHARE: self.tr("Static share"), C.CONSUMPTION: self.tr("Consumption kWh"),
                C.LOCAL: self.tr("Allocated kWh"), C.LOCAL_SHARE: self.tr("Share of production")}

    def value(self, r, col):
        return r[int(col)]

    def display(self, r, col):
        C = self.Col
        v = r[int(col)]
        if v is None:
            return ""
        if col in (C.CONSUMPTION, C.LOCAL):
            return f"{v:,.1f}".replace(",", "\u2009")
        if col in (C.SHARE, C.LOCAL_SHARE):
            return f"{v:.1%}"
        return str(v)

    def alignment(self, r, col):
        if col >= self.Col.SHARE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class TariffsModel(RowsModel):
    class Col(IntEnum):
        CODE = 0
        NAME = 1
        CURRENCY = 2
        TIMEZONE = 3
        VERSIONS = 4
        VALID_FROM = 5
        ACCOUNTS = 6
        COMPONENTS = 7

    def headers(self):
        C = self.Col
        return {C.CODE: self.tr("Code"), C.NAME: self.tr("Name"),
                C.CURRENCY: self.tr("Currency"), C.TIMEZONE: self.tr("Time zone"),
                C.VERSIONS: self.tr("Versions"), C.VALID_FROM: self.tr("Latest valid from"),
                C.ACCOUNTS: self.tr("Accounts"), C.COMPONENTS: self.tr("Components")}

    def value(self, r, col):
        C = self.Col
        return {C.CODE: r.code, C.NAME: r.name, C.CURRENCY: r.currency, C.TIMEZONE: r.timezone,
                C.VERSIONS: r.versions, C.VALID_FROM: r.latest_from, C.ACCOUNTS: r.accounts,
                C.COMPONENTS: ", ".join(c[2] for c in r.components)}[col]


class PriceSeriesModel(RowsModel):
    class Col(IntEnum):
        CODE = 0
        POINTS = 1
        FIRST = 2
        LAST = 3
        MEAN = 4

    def headers(self):
        C = self.Col
        return {C.CODE: self.tr("Series"), C.POINTS: self.tr("Prices"),
                C.FIRST: self.tr("First"), C.LAST: self.tr("Last"),
                C.MEAN: self.tr("Mean price / kWh")}

    def value(self, r, col):
        C = self.Col
        return {C.CODE: r.code, C.POINTS: r.points, C.FIRST: r.first, C.LAST: r.last,
                C.MEAN: r.mean}[col]

    def display(self, r, col):
        if col == self.Col.MEAN:
            return "" if r.mean is None else f"{r.mean:.4f}"
        return super().display(r, col)


class ImportErrorsModel(RowsModel):
    """The validation report of an import: (file, line, field, message) tuples."""

    class Col(IntEnum):
        FILE = 0
        LINE = 1
        FIELD = 2
        MESSAGE = 3

    def headers(self):
        C = self.Col
        return {C.FILE: self.tr("File"), C.LINE: self.tr("Line"), C.FIELD: self.tr("Field"),
                C.MESSAGE: self.tr("Problem")}

    def value(self, r, col):
        return r[int(col)]


# --------------------------------------------------------------------------- attempts (large)
class AttemptsModel(QAbstractTableModel):
    """A run's attempts from ``AttemptColumns``: numpy sort and filter, no per-row objects."""

    class Col(IntEnum):
        POSITION = 0
        ACCOUNT = 1
        NAME = 2
        STATUS = 3
        ERROR = 4
        MESSAGE = 5
        MEASURED = 6
        SUBSTITUTED = 7
        ESTIMATED = 8
        MISSING = 9
        AMOUNT = 10
        DURATION = 11
        BILL = 12

    STATUS_CODES = STATUS_CODES

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cols = None
        self.view = np.zeros(0, dtype=np.int64)     # visible rows -> source rows
        self._sort = (int(self.Col.POSITION), Qt.SortOrder.AscendingOrder)
        self._status: str | None = None
        self._error: str | None = None
        self._search = ""
        self._lower: np.ndarray | None = None

    def headers(self):
        C = self.Col
        return {C.POSITION: self.tr("#"), C.ACCOUNT: self.tr("Account"), C.NAME: self.tr("Name"),
                C.STATUS: self.tr("Status"), C.ERROR: self.tr("Error"),
                C.MESSAGE: self.tr("Message"), C.MEASURED: self.tr("Measured"),
                C.SUBSTITUTED: self.tr("Substituted"), C.ESTIMATED: self.tr("Estimated"),
                C.MISSING: self.tr("Missing"), C.AMOUNT: self.tr("Amount"),
                C.DURATION: self.tr("ms"), C.BILL: self.tr("Bill")}

    # data in
    def set_columns(self, cols) -> None:
        self.beginResetModel()
        self.cols = cols
        n = len(cols)
        self._account = np.array(cols.account, dtype=object)
        self._error_arr = np.array(cols.error_code, dtype=object)
        self._lower = np.char.lower(np.array([f"{a}\t{b}" for a, b in
                                              zip(cols.account, cols.name)] or [""],
                                             dtype=str))[:n]
        self._apply()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.cols = None
        self.view = np.zeros(0, dtype=np.int64)
        self.endResetModel()

    # filters
    def set_status_filter(self, status: str | None) -> None:
        self._status = status or None
        self._refilter()

    def set_error_filter(self, code: str | None) -> None:
        self._error = code or None
        self._refilter()

    def set_search(self, text: str) -> None:
        self._search = text.strip().lower()
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        c = self.cols
        if c is None or len(c) == 0:
            self.view = np.zeros(0, dtype=np.int64)
            return
        mask = np.ones(len(c), dtype=bool)
        if self._status:
            mask &= c.status == self.STATUS_CODES.index(self._status)
        if self._error:
            mask &= self._error_arr == self._error
        if self._search:
            mask &= np.char.find(self._lower, self._search) >= 0
        idx = np.flatnonzero(mask)
        col, order = self._sort
        key = self._key(col)[idx]
        o = np.argsort(key, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            o = o[::-1]
        self.view = idx[o]

    def _key(self, col: int) -> np.ndarray:
        c, C = self.cols, self.Col
        col = C(col)
        if col == C.POSITION:
            return c.position
        if col == C.ACCOUNT:
            return self._account.astype(str)
        if col == C.NAME:
            return np.array(c.name, dtype=str)
        if col == C.STATUS:
            return c.status
        if col == C.ERROR:
            return self._error_arr.astype(str)
        if col == C.MESSAGE:
            return np.array(c.message, dtype=str)
        if C.MEASURED <= col <= C.MISSING:
            return c.quality[:, col - C.MEASURED]
        if col == C.AMOUNT:
            return np.nan_to_num(c.amount, nan=-np.inf)
        if col == C.DURATION:
            return np.nan_to_num(c.duration_ms, nan=-np.inf)
        return c.bill_id

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        if not 0 <= column < len(self.Col):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        if self.cols is not None:
            self._apply()
        self.layoutChanged.emit()

    # the model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Col)):
            return self.headers()[self.Col(section)]
        return None

    def source_row(self, row: int) -> int:
        return int(self.view[row])

    def bill_at(self, row: int) -> int | None:
        b = int(self.cols.bill_id[self.source_row(row)])
        return None if b < 0 else b

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.cols is None or not 0 <= index.row() < len(self.view):
            return None
        i = int(self.view[index.row()])
        c, C = self.cols, self.Col
        col = C(index.column())
        if role == Qt.ItemDataRole.DisplayRole or role == SORT_ROLE:
            if col == C.POSITION:
                return int(c.position[i]) + 1
            if col == C.ACCOUNT:
                return c.account[i]
            if col == C.NAME:
                return c.name[i]
            if col == C.STATUS:
                s = self.STATUS_CODES[int(c.status[i])]
                return tr_status(s) if role == Qt.ItemDataRole.DisplayRole else s
            if col == C.ERROR:
                return c.error_code[i]
            if col == C.MESSAGE:
                return c.message[i]
            if C.MEASURED <= col <= C.MISSING:
                return int(c.quality[i, col - C.MEASURED])
            if col == C.AMOUNT:
                a = c.amount[i]
                if role == SORT_ROLE:
                    return None if np.isnan(a) else float(a)
                return fmt_money(a)
            if col == C.DURATION:
                d = c.duration_ms[i]
                if np.isnan(d):
                    return None if role == SORT_ROLE else ""
                return float(d) if role == SORT_ROLE else f"{d:.1f}"
            b = int(c.bill_id[i])
            if role == SORT_ROLE:
                return b
            return "" if b < 0 else str(b)
        if role == Qt.ItemDataRole.ForegroundRole and col == C.STATUS:
            return QBrush(QColor(STATUS_COLOURS[self.STATUS_CODES[int(c.status[i])]]))
        if role == Qt.ItemDataRole.TextAlignmentRole and (col >= C.MEASURED
                                                           or col == C.POSITION):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and col == C.MESSAGE and c.message[i]:
            return c.message[i]
        return None
