"""Column-oriented table models for the large lists (accounts, attempts, quality check,
delivery): numpy columns, no per-row Python objects, sort and filter vectorised.

A ``ColumnTable`` (billdesk.gui.columns, no Qt) is built on a worker (plain data: numpy
arrays and lists of equal length, the folded search text and a sort rank per text column —
computed there so the GUI thread only ever sorts integers). A ``ColumnModel`` shows one; its class declares the
columns once (``COLUMNS``: key, header, kind), the way Vorta keeps one static column table.

Every change of what is shown — a sort, a filter, a search, new data from the database — is
one ``layoutAboutToBeChanged`` / ``layoutChanged`` pair whose persistent indexes (the view's
current index and its selection) are moved to the row showing the same record (by the
table's ``key`` column) or invalidated when that record is no longer shown: sorting or
reloading never leaves the selection on another customer's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from billdesk.gui import formats
from billdesk.gui.columns import ColumnTable, fold
from billdesk.gui.models import KEY_ROLE, ROW_ROLE, SORT_ROLE

@dataclass(frozen=True)
class Col:
    """One column: the data ``key``, its header (English source text, translated in the
    model's context), how values look (``kind``) and where the header's tooltip points."""

    key: str
    header: str
    kind: str = "text"   # text|int|amount|money|num1|num3|pct|date|datetime|enum
    tip: str = ""


RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
NUMERIC = ("int", "amount", "money", "num1", "num3", "pct")


def column_header(model, section: int, orientation, role):
    """``headerData`` of a model with a static ``COLUMNS`` table, its translated
    ``_headers`` and a translation ``CONTEXT``: the title, and as tooltip the column's tip
    (plus the zone for times)."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(model.COLUMNS):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return model._headers[section]
    if role == Qt.ItemDataRole.ToolTipRole:
        col = model.COLUMNS[section]
        tip = QCoreApplication.translate(model.CONTEXT, col.tip) if col.tip else ""
        if col.kind == "datetime":        # the zone the times are shown in
            tip = (tip + " · " if tip else "") + formats.zone_name()
        return tip or None
    return None


class ColumnModel(QAbstractTableModel):
    """A ``ColumnTable`` behind a Qt table model: vectorised sort, filters and search."""

    COLUMNS: tuple[Col, ...] = ()
    CONTEXT = "ColumnModel"          # translation context of the headers
    DEFAULT_SORT: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table: ColumnTable | None = None
        self.view = np.zeros(0, dtype=np.int64)      # shown rows -> table rows
        self._sort = (int(self.DEFAULT_SORT[0]), self.DEFAULT_SORT[1])
        self._filters: dict[str, Callable[[ColumnTable], np.ndarray]] = {}
        self._search = ""
        self._headers = [self.header_text(c) for c in self.COLUMNS]

    # ----------------------------------------------------------------- subclasses
    def header_text(self, col: Col) -> str:
        return QCoreApplication.translate(self.CONTEXT, col.header)

    def display(self, col: Col, i: int) -> str:
        """The text of table row ``i`` in ``col`` (override for enums and special cases)."""
        v = self.table.columns[col.key][i]
        return format_value(col.kind, v)

    def foreground(self, col: Col, i: int) -> str | None:
        return None

    def tooltip(self, col: Col, i: int) -> str | None:
        return None

    # ----------------------------------------------------------------- data in
    def set_table(self, table: ColumnTable) -> None:
        """New data: what is shown keeps its sort, filters and search; the selected records
        stay selected (matched by the key column)."""
        if self.table is None or len(self.view) == 0:
            self.beginResetModel()
            self.table = table
            self.view = self._compute()
            self.endResetModel()
            return
        self._relayout(table)

    def clear(self) -> None:
        self.beginResetModel()
        self.table = None
        self.view = np.zeros(0, dtype=np.int64)
        self.endResetModel()

    # ----------------------------------------------------------------- what is shown
    def set_filter(self, name: str, predicate: Callable[[ColumnTable], np.ndarray] | None
                   ) -> None:
        """``predicate(table) -> bool array`` (vectorised); None removes the filter."""
        if predicate is None:
            if name not in self._filters:
                return
            self._filters.pop(name)
        else:
            self._filters[name] = predicate
        self._relayout()

    def has_filter(self, name: str) -> bool:
        return name in self._filters

    def set_search(self, text: str) -> None:
        text = fold(text.strip())
        if text == self._search:
            return
        self._search = text
        self._relayout()

    def search(self) -> str:
        return self._search

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = (int(column), Qt.SortOrder(order))
        self._relayout()

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def _compute(self, table: ColumnTable | None = None) -> np.ndarray:
        t = table if table is not None else self.table
        if t is None or t.n == 0:
            return np.zeros(0, dtype=np.int64)
        mask = None
        for pred in self._filters.values():
            m = np.asarray(pred(t), dtype=bool)
            mask = m if mask is None else mask & m
        if self._search:
            m = np.strings.find(t.search, self._search) >= 0
            mask = m if mask is None else mask & m
        col, order = self._sort
        rows = t.order(self.COLUMNS[col].key)   # all rows sorted (made with the table)
        if rows is None:
            idx = np.arange(t.n, dtype=np.int64) if mask is None else np.flatnonzero(mask)
        else:                        # the shown ones in that order: what a stable argsort of
            idx = rows if mask is None else rows[mask[rows]]  # their keys gives
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        return idx

    def _sort_key(self, t: ColumnTable, col: Col) -> np.ndarray | None:
        return t.sort_key(col.key)

    def _relayout(self, new_table: ColumnTable | None = None) -> None:
        """Recompute what is shown as one layout change, moving the persistent indexes."""
        old_table, old_view = self.table, self.view
        if old_table is None and new_table is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        table = new_table if new_table is not None else old_table
        view = self._compute(table)
        if persistent:
            where = np.full(table.n, -1, dtype=np.int64)
            where[view] = np.arange(len(view), dtype=np.int64)
            old_rows = np.array([p.row() for p in persistent], dtype=np.int64)
            ok = (old_rows >= 0) & (old_rows < len(old_view))
            src = np.where(ok, old_view[np.clip(old_rows, 0, max(len(old_view) - 1, 0))]
                           if len(old_view) else -1, -1)
            if new_table is not None and old_table is not None:
                src = _remap(old_table, table, src)
            new_rows = np.where(src >= 0, where[np.clip(src, 0, max(table.n - 1, 0))]
                                if table.n else -1, -1)
            self.table, self.view = table, view
            self.changePersistentIndexList(
                persistent, [self.index(int(r), p.column()) if r >= 0 else QModelIndex()
                             for p, r in zip(persistent, new_rows)])
        else:
            self.table, self.view = table, view
        self.layoutChanged.emit()

    # ----------------------------------------------------------------- the model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.view)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return column_header(self, section, orientation, role)

    def table_row(self, row: int) -> int:
        return int(self.view[row])

    def key_at(self, row: int):
        v = self.table.columns[self.table.key][int(self.view[row])]
        return v.item() if hasattr(v, "item") else v

    def row_of_key(self, key) -> int | None:
        """The shown row of the record ``key`` (None when it is not shown)."""
        if self.table is None or not len(self.view):
            return None
        keys = np.asarray(self.table.columns[self.table.key])
        hit = np.flatnonzero(keys[self.view] == key)
        return int(hit[0]) if len(hit) else None

    def value(self, key: str, row: int):
        v = self.table.columns[key][int(self.view[row])]
        return v.item() if hasattr(v, "item") else v

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None or not 0 <= index.row() < len(self.view):
            return None
        i = int(self.view[index.row()])
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(col, i)
        if role == SORT_ROLE:
            k = self._sort_key(self.table, col)
            return None if k is None else k[i].item()
        if role == KEY_ROLE or role == ROW_ROLE:
            v = self.table.columns[self.table.key][i]
            return v.item() if hasattr(v, "item") else v
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col.kind in NUMERIC else None
        if role == Qt.ItemDataRole.ForegroundRole:
            c = self.foreground(col, i)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(col, i)
            if tip is None:
                text = self.display(col, i)
                return text if len(text) > 40 else None
            return tip
        return None

    # ----------------------------------------------------------------- export
    def export_snapshot(self) -> tuple[list[str], list[list]]:
        """Headers and the shown rows' values (in the shown order) for CSV/XLSX: cheap on
        the GUI thread (array indexing), written on a worker."""
        heads = list(self._headers)
        cols = []
        for c in self.COLUMNS:
            v = self.table.columns[c.key] if self.table is not None else []
            cols.append((c, v))
        rows = self.view.copy()
        return heads, [(c.kind, _take(v, rows), self._display_fn(c)) for c, v in cols]

    def _display_fn(self, col: Col):
        """A plain function turning a raw value into the shown text (for the export)."""
        kind = col.kind
        return lambda v: format_value(kind, v)


def _take(values, rows: np.ndarray):
    if isinstance(values, np.ndarray):
        return values[rows]
    return [values[int(i)] for i in rows]


def _remap(old: ColumnTable, new: ColumnTable, src: np.ndarray) -> np.ndarray:
    """Rows of ``new`` holding the records at rows ``src`` of ``old`` (-1: gone)."""
    out = np.full(len(src), -1, dtype=np.int64)
    if not len(src) or new.n == 0:
        return out
    old_keys, new_keys = np.asarray(old.columns[old.key]), np.asarray(new.columns[new.key])
    valid = src >= 0
    if not valid.any():
        return out
    wanted = old_keys[src[valid]]
    uniq = list(dict.fromkeys(wanted.tolist()))
    if len(uniq) <= 64:
        found = {}
        for k in uniq:
            hit = np.flatnonzero(new_keys == k)
            if len(hit):
                found[k] = int(hit[0])
    else:
        want = set(uniq)
        found = {}
        for r, k in enumerate(new_keys.tolist()):
            if k in want and k not in found:
                found[k] = r
    out[valid] = [found.get(k, -1) for k in wanted.tolist()]
    return out


def format_value(kind: str, v) -> str:
    if v is None:
        return ""
    if kind == "text":
        return str(v)
    if isinstance(v, float) and np.isnan(v):
        return ""
    if kind == "int":
        return formats.fmt_int(v)
    if kind == "money":
        return formats.fmt_money(float(v))
    if kind == "amount":
        return formats.fmt_amount(float(v))
    if kind == "num1":
        return formats.fmt_num(float(v), 1)
    if kind == "num3":
        return formats.fmt_num(float(v), 3)
    if kind == "pct":
        return formats.fmt_pct(float(v))
    if kind == "date":
        if isinstance(v, np.datetime64):
            if np.isnat(v):
                return ""
            return str(v.astype("datetime64[D]"))
        return v.isoformat() if isinstance(v, date) else str(v)
    if kind == "datetime":
        if isinstance(v, datetime):
            return formats.fmt_dt(v)
        return formats.fmt_dt(datetime.fromtimestamp(float(v), timezone.utc))
    return str(v)


__all__ = ["Col", "ColumnModel", "format_value"]
