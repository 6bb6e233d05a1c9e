"""A searchable multi-select list of accounts that stays fast at 100,000 rows.

The rows are plain Python lists behind a ``QAbstractListModel`` (no item objects); a search
is one vectorised substring test (numpy) giving the visible row numbers, and the selection
is kept by account code, so it survives searching for one account after another.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (QAbstractListModel, QItemSelection, QItemSelectionModel, QModelIndex,
                            Qt, Signal)
from PySide6.QtWidgets import QAbstractItemView, QListView

from billdesk.gui.account_picker_rows import PickerRows

CODE_ROLE = Qt.ItemDataRole.UserRole


class AccountListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._codes: list[str] = []
        self._texts: list[str] = []
        self._lower = np.zeros(0, dtype=str)
        self._visible = np.zeros(0, dtype=np.int64)

    def set_accounts(self, rows) -> None:
        """rows: (code, name, city) tuples, or a ``PickerRows`` prepared on a worker."""
        p = rows if isinstance(rows, PickerRows) else PickerRows.build(rows)
        self.beginResetModel()
        self._codes, self._texts, self._lower = p.codes, p.texts, p.lower
        self._visible = np.arange(len(self._codes), dtype=np.int64)
        self.endResetModel()

    def codes(self) -> list[str]:
        return self._codes

    def set_filter(self, text: str) -> None:
        from billdesk.gui.columns import fold

        t = fold(text.strip())
        self.beginResetModel()
        self._visible = (np.flatnonzero(np.strings.find(self._lower, t) >= 0) if t
                         else np.arange(len(self._codes), dtype=np.int64))
        self.endResetModel()

    def total(self) -> int:
        return len(self._codes)

    def code(self, row: int) -> str:
        return self._codes[int(self._visible[row])]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        i = int(self._visible[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[i]
        if role == CODE_ROLE:
            return self._codes[i]
        return None


class AccountPicker(QListView):
    """The list view; ``selected_codes()`` across searches."""

    selection_changed = Signal(int)   # number of accounts selected

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model_ = AccountListModel(self)
        self.setModel(self.model_)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)       # constant row height: fast at 100,000 rows
        # laid out a batch at a time between events: laying out 100,000 items at once (on
        # every reset, and on every size question the wizard asks) took 220-340 ms
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(1000)
        self._selected: set[str] = set()
        self._restoring = False
        self.selectionModel().selectionChanged.connect(self._changed)

    def set_accounts(self, rows) -> None:
        self._selected.clear()
        self.model_.set_accounts(rows)
        self.selection_changed.emit(0)

    def set_filter(self, text: str) -> None:
        self.model_.set_filter(text)
        self._restore()

    def selected_codes(self) -> list[str]:
        return sorted(self._selected)

    def select_codes(self, codes) -> None:
        """Select ``codes`` (e.g. a template's accounts), whatever the search shows."""
        known = set(self.model_.codes())
        self._selected = {c for c in codes if c in known}
        self._restore()
        self.selection_changed.emit(len(self._selected))

    def _changed(self, selected, deselected) -> None:
        if self._restoring:
            return
        for rng in selected:
            for row in range(rng.top(), rng.bottom() + 1):
                self._selected.add(self.model_.code(row))
        for rng in deselected:
            for row in range(rng.top(), rng.bottom() + 1):
                if row < self.model_.rowCount():
                    self._selected.discard(self.model_.code(row))
        self.selection_changed.emit(len(self._selected))

    def _restore(self) -> None:
        """Select again the visible rows whose accounts were selected before the search."""
        if not self._selected:
            return
        sel = QItemSelection()
        m = self.model_
        for row in range(m.rowCount()):
            if m.code(row) in self._selected:
                idx = m.index(row)
                sel.select(idx, idx)
        self._restoring = True
        try:
            self.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._restoring = False
