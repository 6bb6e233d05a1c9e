"""Table models of delivery status.

``DeliveryModel``: a run's documents with their e-mail / print status from
``DeliveryColumns``, filtered and sorted with numpy (smooth at 100,000 rows, like the
attempts table). ``DeliveryColumnProxy``: adds a "Delivery" column to any table model whose
rows carry a bill id (the Bills page), with the status in the sort role so the page's
``SortProxy`` filters on it like on any other column.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication,
                            QIdentityProxyModel, QModelIndex, Qt)
from PySide6.QtGui import QBrush, QColor

from billdesk.gui.formats import fmt_dt, fmt_money
from billdesk.gui.row_model import ROW_ROLE, SORT_ROLE
from billdesk.gui.send_jobs import DELIVERY_CODES

COLOURS = {"": "#6c757d", "queued": "#0d6efd", "sending": "#0d6efd", "delivering": "#0d6efd",
           "sent": "#198754", "failed": "#dc3545", "unknown": "#b35c00", "bounced": "#dc3545",
           "print": "#8a6d00", "printed": "#146c43"}


def tr_delivery(status: str) -> str:
    t = QCoreApplication.translate
    return {"": t("Delivery", "not sent"), "queued": t("Delivery", "queued"),
            "sending": t("Delivery", "sending"), "delivering": t("Delivery", "sending"),
            "sent": t("Delivery", "sent"), "failed": t("Delivery", "failed"),
            "unknown": t("Delivery", "unknown"), "bounced": t("Delivery", "bounced"),
            "print": t("Delivery", "print batch"),
            "printed": t("Delivery", "printed")}.get(status, status)


class DeliveryModel(QAbstractTableModel):
    class Col(IntEnum):
        NUMBER = 0
        ACCOUNT = 1
        NAME = 2
        POSTCODE = 3
        LANGUAGE = 4
        TOTAL = 5
        STATUS = 6
        RECIPIENT = 7
        SENT_AT = 8
        TRIES = 9
        ERROR = 10
        MESSAGE_ID = 11

    CODES = DELIVERY_CODES
    HEADERS = (                                   # in Col order
        QT_TRANSLATE_NOOP("DeliveryModel", "Number"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Account"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Name"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Postcode"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Language"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Total"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Delivery"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Recipient"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Sent / bounced"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Tries"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Reason"),
        QT_TRANSLATE_NOOP("DeliveryModel", "Message-ID"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cols = None
        self.view = np.zeros(0, dtype=np.int64)
        self._sort = (int(self.Col.NUMBER), Qt.SortOrder.AscendingOrder)
        self._status: str | None = None
        self._search = ""
        self._lower = None

    def set_columns(self, cols) -> None:
        self.beginResetModel()
        self.cols = cols
        n = len(cols)
        self._lower = np.char.lower(np.array(
            [f"{a}\t{b}\t{c}\t{d}" for a, b, c, d in zip(cols.number, cols.account, cols.name,
                                                        cols.recipient)] or [""],
            dtype=str))[:n]
        self._apply()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.cols = None
        self.view = np.zeros(0, dtype=np.int64)
        self.endResetModel()

    def set_status_filter(self, status: str | None) -> None:
        self.beginResetModel()
        self._status = status
        self._apply()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._search = text.strip().lower()
        self._apply()
        self.endResetModel()

    def counts(self) -> dict[str, int]:
        if self.cols is None or not len(self.cols):
            return {}
        n = np.bincount(self.cols.status, minlength=len(self.CODES))
        return {code: int(n[i]) for i, code in enumerate(self.CODES) if n[i]}

    def _apply(self) -> None:
        c = self.cols
        if c is None or len(c) == 0:
            self.view = np.zeros(0, dtype=np.int64)
            return
        mask = np.ones(len(c), dtype=bool)
        if self._status is not None:
            codes = [self.CODES.index(s) for s in
                     (("sending", "delivering") if self._status == "sending"
                      else (self._status,))]
            mask &= np.isin(c.status, codes)
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
        if col == C.TOTAL:
            return c.total
        if col == C.STATUS:
            return c.status
        if col == C.TRIES:
            return c.tries
        if col == C.SENT_AT:
            return np.array([t.isoformat() if t else "" for t in c.sent_at], dtype=str)
        return np.array(self._text_column(col), dtype=str)

    def _text_column(self, col):
        c, C = self.cols, self.Col
        return {C.NUMBER: c.number, C.ACCOUNT: c.account, C.NAME: c.name,
                C.POSTCODE: c.postcode, C.LANGUAGE: c.language, C.RECIPIENT: c.recipient,
                C.ERROR: c.error, C.MESSAGE_ID: c.message_id}[col]

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        if not 0 <= column < len(self.Col):
            return
        self.layoutAboutToBeChanged.emit()
        old = [int(self.view[i]) for i in range(len(self.view))] if self.cols is not None \
            else []
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        if self.cols is not None:
            self._apply()
        if persistent:
            where = {int(src): row for row, src in enumerate(self.view)}
            new = []
            for idx in persistent:
                src = old[idx.row()] if idx.row() < len(old) else None
                row = where.get(src)
                new.append(self.index(row, idx.column()) if row is not None
                           else QModelIndex())
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.Col)):
            return self.tr(self.HEADERS[section])
        return None

    def bill_at(self, row: int) -> int:
        return int(self.cols.bill_id[int(self.view[row])])

    def number_at(self, row: int) -> str:
        return self.cols.number[int(self.view[row])]

    def status_at(self, row: int) -> str:
        return self.CODES[int(self.cols.status[int(self.view[row])])]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.cols is None or not 0 <= index.row() < len(self.view):
            return None
        i = int(self.view[index.row()])
        c, C = self.cols, self.Col
        col = C(index.column())
        status = self.CODES[int(c.status[i])]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            display = role == Qt.ItemDataRole.DisplayRole
            if col == C.STATUS:
                return tr_delivery(status) if display else status
            if col == C.TOTAL:
                return fmt_money(c.total[i]) if display else float(c.total[i])
            if col == C.TRIES:
                return str(int(c.tries[i])) if display else int(c.tries[i])
            if col == C.SENT_AT:
                t = c.sent_at[i]
                return fmt_dt(t) if display else (t.isoformat() if t else "")
            return self._text_column(col)[i]
        if role == Qt.ItemDataRole.ForegroundRole and col == C.STATUS:
            return QBrush(QColor(COLOURS.get(status, "#333")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (C.TOTAL, C.TRIES):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and col == C.ERROR and c.error[i]:
            return c.error[i]
        return None


class DeliveryColumnProxy(QIdentityProxyModel):
    """The source's columns plus a last column "Delivery" (status by bill id)."""

    def __init__(self, bill_id_of, parent=None):
        """``bill_id_of(source_row)``: the row's bill id, None for a row without delivery
        (a draft)."""
        super().__init__(parent)
        self.bill_id_of = bill_id_of        # source row -> bill id (or None)
        self.statuses: dict[int, str] = {}

    def extra(self) -> int:
        src = self.sourceModel()
        return src.columnCount() if src is not None else 0

    def set_statuses(self, statuses: dict[int, str]) -> None:
        self.statuses = dict(statuses)
        if self.rowCount():
            col = self.extra()
            self.dataChanged.emit(self.index(0, col), self.index(self.rowCount() - 1, col))

    def columnCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() or self.sourceModel() is None:
            return 0
        return self.extra() + 1

    def index(self, row, column, parent=QModelIndex()):
        if parent.isValid() or not 0 <= row < self.rowCount() \
                or not 0 <= column < self.columnCount():
            return QModelIndex()
        if column == self.extra():
            return self.createIndex(row, column)
        return super().index(row, column, parent)

    def parent(self, index=QModelIndex()):
        return QModelIndex()

    def sibling(self, row, column, index):
        return self.index(row, column)

    def mapToSource(self, index):
        if index.isValid() and index.column() == self.extra():
            return QModelIndex()
        return super().mapToSource(index)

    def flags(self, index):
        if index.isValid() and index.column() == self.extra():
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and section == self.extra():
            return self.tr("Delivery") if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.column() != self.extra():
            return super().data(index, role)
        if not 0 <= index.row() < self.rowCount():
            return None
        if role == ROW_ROLE:            # the row's value, as from any other column
            return self.sourceModel().index(index.row(), 0).data(role)
        bill = self.bill_id_of(index.row())
        status = self.statuses.get(bill, "") if bill is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return tr_delivery(status) if bill is not None else ""
        if role == SORT_ROLE:
            return status if bill is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(COLOURS.get(status, "#333")))
        return None
