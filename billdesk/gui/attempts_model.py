"""The attempts table of a run (up to 100,000 rows and more): numpy columns, sorted and
filtered with numpy — no per-row objects, no Python call per comparison."""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from billdesk.gui.formats import STATUS_COLOURS, fmt_money, tr_status
from billdesk.gui.models import SORT_ROLE
from billdesk.store.portfolio import STATUS_CODES


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
