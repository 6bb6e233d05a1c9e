"""The generic row model: rows of plain values shown through a static column table.

A model subclasses ``RowsModel`` with an IntEnum ``Col`` and ``COLUMNS = table(Col, {...})``:
one ``Column`` per member with the header (the source text, marked with ``QT_TRANSLATE_NOOP``
in the model's context for translation), the value a cell holds (also what it sorts by) and,
where the value's type does not say it, how it is shown, coloured and aligned. ``SortProxy``
searches and filters such models (display, sort and row roles).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import IntEnum
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from billdesk.gui.formats import fmt_dt, fmt_money, sortable

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2   # the row's plain value (dataclass/tuple)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column: header (source text, marked with ``QT_TRANSLATE_NOOP`` in the model's
    context for translation), the cell's
    value, and optionally its text, colour and right alignment (else: by the value's type)."""

    header: str
    value: Callable
    text: Callable[[object], str] | None = None
    colour: Callable[[object], str | None] | None = None
    right: bool | None = None


def table(col: type[IntEnum], columns: dict) -> tuple[Column, ...]:
    """The columns in ``col`` order; every member has one."""
    missing = set(col) - set(columns)
    if missing:
        raise TypeError(f"no column for {sorted(m.name for m in missing)}")
    return tuple(columns[c] for c in col)


def default_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return fmt_money(v)
    if isinstance(v, datetime):
        return fmt_dt(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}".replace(",", "\u2009")
    return str(v)


class RowsModel(QAbstractTableModel):
    """Rows of plain values shown through the subclass's ``Col`` and ``COLUMNS``."""

    Col: type[IntEnum]
    COLUMNS: tuple[Column, ...]

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def value(self, row, col: int):
        return self.COLUMNS[col].value(row)

    def display(self, row, col: int) -> str:
        c = self.COLUMNS[col]
        return c.text(row) if c.text else default_text(c.value(row))

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
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return self.tr(self.COLUMNS[section].header)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        c = self.COLUMNS[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SORT_ROLE:
            return sortable(c.value(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = c.colour(row) if c.colour else None
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = c.right
            if right is None:
                v = c.value(row)
                right = isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
            return int(RIGHT.value) if right else None
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
