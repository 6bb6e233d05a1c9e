"""The accounts table: columns as an IntEnum, display and sort roles."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from billdesk.store.overview import AccountRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


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


def _t(text: str) -> str:
    return QCoreApplication.translate("AccountsModel", text)


HEADERS = {Col.ACCOUNT: "Account", Col.NAME: "Name", Col.CITY: "City", Col.LANGUAGE: "Language",
           Col.GROUPS: "Groups", Col.TARIFF: "Tariff", Col.SUPPLY_START: "Supply start",
           Col.SUPPLY_END: "Supply end", Col.CONSUMPTION_POINT: "Consumption point",
           Col.PRODUCTION_POINT: "Production point"}


class AccountsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[AccountRow] = []

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _t(HEADERS[Col(section)])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = Col(index.column())
        value = {Col.ACCOUNT: r.code, Col.NAME: r.name, Col.CITY: r.city,
                 Col.LANGUAGE: r.language, Col.GROUPS: r.groups, Col.TARIFF: r.tariff,
                 Col.SUPPLY_START: r.supply_start, Col.SUPPLY_END: r.supply_end,
                 Col.CONSUMPTION_POINT: r.consumption_point,
                 Col.PRODUCTION_POINT: r.production_point}[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return "" if value is None else str(value)
        return None
