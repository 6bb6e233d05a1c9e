"""Small shared pieces of the pages: tables that remember their header, messages, paths."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QMessageBox, QTableView

from billdesk.gui.local_settings import (LANGUAGE_KEY, PDF_FOLDER_KEY,  # noqa: F401
                                         app_settings, pdf_folder, reset_settings_migration)
from billdesk.gui.messages import show_error  # noqa: F401 - where the pages look for it

_tables: "weakref.WeakValueDictionary[str, QTableView]" = weakref.WeakValueDictionary()


def make_table(name: str, model, sortable: bool = True, stretch_last: bool = True,
               exportable: bool = True, stretch: int | None = None) -> QTableView:
    """A read-only row-selecting table whose column widths and sort order are remembered.

    The sort arrow always tells the truth: a restored header's sort indicator is applied to
    the model, and without a saved state the indicator shows the model's own order.
    Every table can be exported (its context menu: *Export table…*, CSV or XLSX).
    ``stretch``: the column that takes the width left over (a name or a label), instead of
    the last one (an id or a rate would be stretched across the window)."""
    t = QTableView()
    t.setObjectName(name)
    t.setModel(model)
    t.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    h = t.horizontalHeader()
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setStretchLastSection(stretch_last and stretch is None)
    h.setHighlightSections(False)
    h.setSortIndicatorShown(sortable)
    h.setResizeContentsPrecision(60)        # fit widths on a sample, not on 100,000 rows
    t.restored = False
    state = app_settings().value(f"tables/{name}")
    if state is not None:
        t.restored = h.restoreState(state)
        if h.count() != model.columnCount():
            t.restored = False
    if stretch is not None:
        h.setStretchLastSection(False)
        h.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        own = getattr(model, "sort_order", None)
        if t.restored and h.sortIndicatorSection() < model.columnCount():
            col, order = h.sortIndicatorSection(), h.sortIndicatorOrder()
        elif own is not None:
            col, order = own()
        else:
            col, order = 0, Qt.SortOrder.AscendingOrder
        h.setSortIndicator(col, order)
        t.setSortingEnabled(True)           # sorts the model by the indicator
    _tables[name] = t
    if exportable:
        from PySide6.QtGui import QAction

        act = QAction(QCoreApplication.translate("Common", "Export table…"), t)
        act.setObjectName("exportTable")
        act.triggered.connect(lambda _=False, tv=t: export_table(tv))
        t.addAction(act)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        t.export_action = act
    return t


def export_table(table: QTableView, path: str | None = None):
    """Ask for a file (CSV or XLSX) and write the table there on a worker."""
    from billdesk.gui.table_export import export_view

    return export_view(table, path)


def fit_columns_once(table: QTableView, max_width: int = 320) -> None:
    """Size columns to their contents the first time data arrives (unless the user's widths
    were restored: then only a status column too narrow for its longest status — widths
    saved in another language — is widened)."""
    if getattr(table, "_fitted", False):
        return
    if table.model().rowCount() == 0:
        return
    table._fitted = True
    if getattr(table, "restored", False):
        _room_for_texts(table, max_width)
        return
    fit_columns(table, max_width)


def fit_columns(table: QTableView, max_width: int = 320) -> None:
    """Columns as wide as their contents (at most ``max_width``) — and, where the model names
    every text a column can show (``column_texts(col)``: a status), as wide as the widest of
    them: a run listed while it was 'running' keeps room for 'completed with errors'."""
    h = table.horizontalHeader()
    table.resizeColumnsToContents()
    for c in range(h.count()):
        if h.sectionSize(c) > max_width:
            h.resizeSection(c, max_width)
    _room_for_texts(table, max_width)


def _room_for_texts(table: QTableView, max_width: int) -> None:
    model = table.model()
    while getattr(model, "column_texts", None) is None and hasattr(model, "sourceModel"):
        model = model.sourceModel()                  # a sort proxy's own columns: the same
    texts = getattr(model, "column_texts", None)
    if texts is None:
        return
    h = table.horizontalHeader()
    fm = table.fontMetrics()
    pad = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 10
    for c in range(h.count()):
        wanted = [t for t in texts(c) if t]
        if wanted:
            need = min(max_width, max(fm.horizontalAdvance(t) for t in wanted) + pad)
            if h.sectionSize(c) < need:
                h.resizeSection(c, need)


def widen_for_texts(table: QTableView, col: int, max_width: int = 480) -> None:
    """Widen column ``col`` (never narrow it) when its widest text now needs more room than
    the widest had when it was last fitted: a row that arrived later (a rerun's longer name)
    is not cut, and a width the clerk chose stays until a longer text comes."""
    model = table.model()
    if model is None or model.rowCount() == 0:
        return
    fm = table.fontMetrics()
    pad = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 10
    texts = (model.index(r, col).data() for r in range(model.rowCount()))
    need = min(max_width, max(fm.horizontalAdvance(t or "") for t in texts) + pad)
    seen = getattr(table, "_widest", {})
    table._widest = seen
    h = table.horizontalHeader()
    if need > seen.get(col, 0):
        seen[col] = need
        if h.sectionSize(col) < need:
            h.resizeSection(col, need)


def debounce(signal, callback, ms: int = 250, parent=None) -> QTimer:
    """``callback(latest value)`` once the signal has been quiet for ``ms`` (search fields:
    typing a name is one search, not one per keystroke)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    latest = {"args": ()}

    def fire():
        callback(*latest["args"])

    def changed(*args):
        latest["args"] = args
        timer.start()

    timer.timeout.connect(fire)
    signal.connect(changed)
    timer.flush = lambda: (timer.stop(), fire()) if timer.isActive() else None
    return timer


def ask(parent, title: str, text: str, details: str = "", yes: str | None = None,
        icon=QMessageBox.Icon.Question) -> bool:
    """One question before an irreversible action; No is the default. Tests replace this
    function (``billdesk.gui.common.ask``) to answer."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No, parent)
    if details:
        box.setInformativeText(details)
    if yes:
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def confirm(parent, title: str, text: str, details: str = "", yes: str | None = None) -> bool:
    """``ask`` looked up at call time (so a test's replacement is used)."""
    import billdesk.gui.common as me

    return me.ask(parent, title, text, details, yes)


def save_tables() -> None:
    s = app_settings()
    for name, table in list(_tables.items()):
        try:
            s.setValue(f"tables/{name}", table.horizontalHeader().saveState())
        except RuntimeError:  # the C++ side is already gone
            pass
