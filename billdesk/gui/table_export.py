"""*Export table…* of every table: CSV or XLSX, written on a worker (billdesk.gui.tabular).

The shown rows in the shown order: a column model hands over a snapshot of its arrays (cheap
on the GUI thread); the Bills table's query is run in full on the worker; a small table's
shown texts are copied."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from billdesk.gui import workers
from billdesk.gui.local_settings import app_settings
from billdesk.gui.messages import show_error
from billdesk.gui.formats import fmt_int


def _tr(text: str) -> str:
    return QCoreApplication.translate("TableExport", text)


def _status(widget: QWidget, text: str) -> None:
    win = widget.window()
    bar = getattr(win, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 8000)


def choose_path(parent, name: str) -> str | None:
    folder = app_settings().value("export/folder", str(Path.home()))
    path, chosen = QFileDialog.getSaveFileName(
        parent, _tr("Export table"), str(Path(folder) / f"{name}.xlsx"),
        _tr("Excel workbook (*.xlsx)") + ";;" + _tr("CSV, UTF-8 (*.csv)"))
    if not path:
        return None
    if Path(path).suffix.lower() not in (".csv", ".xlsx"):
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    app_settings().setValue("export/folder", str(Path(path).parent))
    return path


def export_view(table, path: str | None = None):
    """Export what ``table`` shows to ``path`` (asked for when None); returns the job."""
    from billdesk.gui import tabular
    from billdesk.gui.bills_model import BillsModel

    model = table.model()
    name = table.objectName().removesuffix("Table") or "table"
    path = path or choose_path(table, name)
    if not path:
        return None
    done = lambda res: _status(table, _tr("{n} rows written to {file}").format(  # noqa: E731
        n=fmt_int(res[1]), file=res[0]))
    fail = lambda m, e: show_error(table, m, e)  # noqa: E731
    if hasattr(model, "export_snapshot"):
        headers, cols = model.export_snapshot()
        return workers.submit(tabular.export_snapshot, path, headers, cols, name="export-table",
                              owner=table, on_success=done, on_failure=fail, long=True)
    if isinstance(model, BillsModel):
        headers = [_tr(h) for h in tabular.BILL_EXPORT_HEADERS]
        return workers.submit(tabular.export_bills, model.url, model.query, path, headers,
                              name="export-bills", owner=table, on_success=done,
                              on_failure=fail, long=True)
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
               for c in range(model.columnCount())]
    rows = [[model.index(r, c, QModelIndex()).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    return workers.submit(tabular.write_table, path, headers, rows, name="export-table",
                          owner=table, on_success=done, on_failure=fail, long=True)
