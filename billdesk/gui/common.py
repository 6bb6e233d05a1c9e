"""Small shared pieces of the pages: tables that remember their header, small fixed tables,
messages, paths, the months between two months."""

from __future__ import annotations

import weakref
from datetime import date

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (QHeaderView, QMessageBox, QTableView, QTableWidget,
                               QTableWidgetItem)

from billdesk.domain.period import add_months

_tables: "weakref.WeakValueDictionary[str, QTableView]" = weakref.WeakValueDictionary()


def make_table(name: str, model, sortable: bool = True, stretch_last: bool = True) -> QTableView:
    """A read-only row-selecting table whose column widths and sort order are remembered."""
    t = QTableView()
    t.setObjectName(name)
    t.setModel(model)
    t.setSortingEnabled(sortable)
    t.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    h = t.horizontalHeader()
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setStretchLastSection(stretch_last)
    h.setHighlightSections(False)
    h.setSortIndicatorShown(sortable)
    t.restored = False
    state = QSettings().value(f"tables/{name}")
    if state is not None:
        t.restored = h.restoreState(state)
    elif sortable:
        t.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    _tables[name] = t
    return t


def fit_columns_once(table: QTableView, max_width: int = 320) -> None:
    """Size columns to their contents the first time data arrives (unless restored)."""
    if getattr(table, "restored", False) or getattr(table, "_fitted", False):
        return
    if table.model().rowCount() == 0:
        return
    table._fitted = True
    table.resizeColumnsToContents()
    h = table.horizontalHeader()
    for c in range(h.count()):
        if h.sectionSize(c) > max_width:
            h.resizeSection(c, max_width)


def save_tables() -> None:
    s = QSettings()
    for name, table in list(_tables.items()):
        try:
            s.setValue(f"tables/{name}", table.horizontalHeader().saveState())
        except RuntimeError:  # the C++ side is already gone
            pass


def show_error(parent, message: str, expected: bool = True) -> None:
    title = (QCoreApplication.translate("Common", "Cannot do that") if expected
             else QCoreApplication.translate("Common", "Unexpected error"))
    box = QMessageBox(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical,
                      title, message, QMessageBox.StandardButton.Ok, parent)
    if not expected:
        box.setInformativeText(QCoreApplication.translate(
            "Common", "This is a bug; the details are in the log."))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def pdf_folder() -> str:
    from pathlib import Path

    default = str(Path.home() / "billdesk-invoices")
    return str(QSettings().value("general/pdfFolder", default) or default)


def months_between(first: date | None, last: date | None) -> list[date]:
    out = []
    if first is None or last is None:
        return out
    cur = last
    while cur >= first:
        out.append(cur)
        cur = add_months(cur, -1)
    return out


def small_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    fill_table(t, rows)
    return t


def fill_table(t: QTableWidget, rows) -> None:
    t.setRowCount(len(rows))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            t.setItem(i, j, QTableWidgetItem("" if v is None else str(v)))
    t.resizeColumnsToContents()
    t.horizontalHeader().setStretchLastSection(True)
