"""Table models of plain rows: an IntEnum of columns, display/sort/row roles.

Small tables (runs, tariffs, members, lines, …) hold tuples/dataclasses and are sorted and
filtered by a ``QSortFilterProxyModel`` (``SORT_ROLE``), which keeps the selection on the same
row when it sorts. The large lists (accounts, attempts, the quality check, delivery) are
numpy column models (billdesk.gui.table_model); the Bills page pages from the database
(billdesk.gui.bills_model).

One job, kept whole (~430 lines): the small plain-row table models, each a static column
table and a few lines — many short models, not one large one.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from billdesk.gui.formats import (STATUS_COLOURS, fmt_dt, fmt_duration, fmt_int, fmt_money,
                                  fmt_num, fmt_pct, fmt_period, fmt_price, fmt_rate, sortable,
                                  tr_status, tr_target)
from billdesk.domain.run import BillingMode, ErrorMode, RunStatus

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2   # the row's plain value (dataclass/tuple)
KEY_ROLE = Qt.ItemDataRole.UserRole + 3   # the row's identity (run id, account code, …)


class RowsModel(QAbstractTableModel):
    """Rows of plain values; subclasses give ``Col``, ``headers()`` and ``value(row, col)``."""

    Col: type[IntEnum]

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._headers: dict | None = None      # one static table of headers, made once

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
            return fmt_int(v)
        if isinstance(v, float):
            return fmt_num(v, 1)
        return str(v)

    def foreground(self, row, col):
        return None

    def key(self, row):
        """The row's identity (its id or code); the first column by default."""
        return self.value(row, self.Col(0))

    def alignment(self, row, col):
        v = self.value(row, col)
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    # the model
    def set_rows(self, rows) -> None:
        """New rows. The same records in the same order: their cells update in place; else
        one layout change that keeps the selection on the same records (by ``key``)."""
        rows = list(rows)
        old = self._rows
        if not old or not rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old_keys = [self.key(r) for r in old]
        new_keys = [self.key(r) for r in rows]
        if old_keys == new_keys:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.layoutAboutToBeChanged.emit()
        where = {k: i for i, k in enumerate(new_keys)}
        persistent = self.persistentIndexList()
        moved = []
        for p in persistent:
            r = where.get(old_keys[p.row()]) if 0 <= p.row() < len(old_keys) else None
            moved.append(QModelIndex() if r is None else self.createIndex(r, p.column()))
        self._rows = rows
        if persistent:
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def rows(self) -> list:
        return self._rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cols())

    @classmethod
    def _cols(cls) -> tuple:
        """``tuple(cls.Col)``, made once per class: ``Col(i)`` and ``len(Col)`` go through
        the enum machinery on each of the thousands of ``data`` calls of one paint."""
        cols = cls.__dict__.get("_col_tuple")
        if cols is None:
            cols = tuple(cls.Col)
            cls._col_tuple = cols
        return cols

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Col)):
            if self._headers is None:
                self._headers = self.headers()
            return self._headers[self.Col(section)]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self._cols()[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SORT_ROLE:
            return sortable(self.value(row, col))
        if role == ROW_ROLE:
            return row
        if role == KEY_ROLE:
            return self.key(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            c = self.foreground(row, col)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            a = self.alignment(row, col)
            return int(a.value) if a is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        return None

    def tooltip(self, row, col) -> str | None:
        """The whole text of a long cell (a narrow column elides it)."""
        text = self.display(row, col)
        return text if len(text) > 40 else None


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

    def column_texts(self, col: int) -> list[str]:
        """Every text ``col`` can show, where they are few (``common.fit_columns``)."""
        if col == self.Col.STATUS:
            return [tr_status(s.value) for s in RunStatus]
        if col == self.Col.MODE:
            return [tr_status(m.value) for m in ErrorMode]
        if col == self.Col.BILLING:
            return [tr_status(b.value) for b in BillingMode]
        return []

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
            if r.status != RunStatus.RUNNING:
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
        if col == C.TARGET:
            return tr_target(r.target)
        if col == C.PROGRESS:
            return fmt_pct(self.progress(r), 0)
        if col == C.DURATION:
            return fmt_duration(self.duration(r))
        if col == C.AMOUNT:
            return fmt_money(r.total_amount)
        if col == C.CREATED_AT:
            return fmt_dt(r.created_at)
        return super().display(r, col)

    def tooltip(self, r, col):
        if col in (self.Col.NAME, self.Col.TARGET):     # a rerun's name is its parent's + …
            return self.display(r, col) or None
        return super().tooltip(r, col)

    def foreground(self, r, col):
        if col == self.Col.STATUS:
            return STATUS_COLOURS.get(r.status)
        if col == self.Col.FAILED and r.counts.failed:
            return STATUS_COLOURS["failed"]
        return None


# --------------------------------------------------------------------------- bill lines
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

    currency: str | None = None          # the bill's

    def display(self, ln, col):
        C = self.Col
        if col == C.LABEL:
            return ln.label + (f" ({ln.detail})" if ln.detail else "")
        if col == C.QUANTITY:
            return fmt_num(ln.quantity, 3)
        if col == C.UNIT_PRICE:
            return fmt_price(ln.unit_price, self.currency)
        if col == C.NET:
            return fmt_money(ln.net_amount, self.currency)
        if col == C.VAT:
            return fmt_rate(ln.vat_rate)
        return super().display(ln, col)


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
            return fmt_num(v, 1)
        if col in (C.SHARE, C.LOCAL_SHARE):
            return fmt_pct(v)
        if col == C.TO:
            from billdesk.gui.formats import last_day

            return last_day(v).isoformat()
        return str(v)

    def alignment(self, r, col):
        if col >= self.Col.SHARE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class TariffsModel(RowsModel):
    """Tariffs (``store.portfolio.TariffInfo``), each with all its versions."""

    class Col(IntEnum):
        CODE = 0
        NAME = 1
        CURRENCY = 2
        TIMEZONE = 3
        VERSIONS = 4
        VALID_FROM = 5
        ACCOUNTS = 6

    def headers(self):
        C = self.Col
        return {C.CODE: self.tr("Code"), C.NAME: self.tr("Name"),
                C.CURRENCY: self.tr("Currency"), C.TIMEZONE: self.tr("Time zone"),
                C.VERSIONS: self.tr("Versions"), C.VALID_FROM: self.tr("Latest valid from"),
                C.ACCOUNTS: self.tr("Accounts")}

    def value(self, r, col):
        C = self.Col
        return {C.CODE: r.code, C.NAME: r.name, C.CURRENCY: r.currency, C.TIMEZONE: r.timezone,
                C.VERSIONS: len(r.versions),
                C.VALID_FROM: r.versions[-1].valid_from if r.versions else None,
                C.ACCOUNTS: r.accounts}[col]


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
            return "" if r.mean is None else fmt_num(r.mean, 4)
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
