"""The Bills table: every bill, paged from the database — no cap, no full load.

The database sorts, filters and searches (``store.listings.BillQuery``); the model knows the
number of matching bills and holds the pages of rows it has fetched (200 rows each). A row
not fetched yet shows "…" and asks for its page on a worker; the page's rows appear when it
arrives. Changing the sort, a filter or the search sends one query (count, the first page and
the page holding each selected bill) and switches over in one layout change once it is
back, with the selection moved to the same bills (``changePersistentIndexList``). The GUI
thread never waits for the database; results of a query overtaken by a newer one are
dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.gui import jobs, workers
from billdesk.gui.formats import (STATUS_COLOURS, fmt_dt, fmt_money, fmt_period, tr_status)
from billdesk.gui.models import KEY_ROLE, ROW_ROLE, SORT_ROLE
from billdesk.gui.table_model import RIGHT, Col, column_header
from billdesk.store.listings import BillQuery

PAGE = 200


def tr_delivery(status):
    from billdesk.gui.send_models import tr_delivery as tr

    return tr(status)


class BillsModel(QAbstractTableModel):
    """Bills of a ``BillQuery`` (all bills, a run's, an account's), fetched a page at a time."""

    CONTEXT = "BillsModel"
    COLUMNS = (Col("number", "Number"), Col("kind", "Kind"), Col("status", "Status"),
               Col("account", "Account"), Col("name", "Name"), Col("period", "Period"),
               Col("total", "Total", "money"), Col("run", "Run", "int"),
               Col("created", "Created", "datetime"), Col("issued", "Issued", "datetime"),
               Col("delivery", "Delivery"), Col("id", "Id", "int",
                                                 "the internal id (drafts have no number)"))
    SORT_KEYS = ("number", "kind", "status", "account", "name", "period", "total", "run",
                 "created", "issued", "delivery", "id")

    class Col:
        NUMBER, KIND, STATUS, ACCOUNT, NAME, PERIOD, TOTAL, RUN, CREATED, ISSUED, DELIVERY, \
            ID = range(12)

    loaded = Signal()              # a query's first answer arrived (count known)
    failed = Signal(str, bool)

    def __init__(self, url: str, parent=None, page_size: int = PAGE, query=None):
        super().__init__(parent)
        self.url = url
        self.page_size = page_size
        self.query = query or BillQuery()
        self.total = 0
        self.pages: dict[int, list] = {}
        self.requested: set[int] = set()
        self.generation = 0
        self.busy = None
        self.ready = False
        self.started = False          # no query before the first set_query (a hidden page)
        self.all_total: int | None = None
        self._headers = [QCoreApplication.translate(self.CONTEXT, c.header)
                         for c in self.COLUMNS]

    # ----------------------------------------------------------------- queries
    def set_query(self, query: BillQuery, keep: list[int] | None = None) -> None:
        """Show ``query``'s bills (async); ``keep``: bill ids to keep selected."""
        self.query = query
        self.started = True
        self.generation += 1
        gen = self.generation
        keep = list(keep if keep is not None else self._persistent_ids())
        self.busy = workers.submit(jobs.bills_first, self.url, query, self.page_size, keep,
                                   owner=self, name="bills-query",
                                   on_success=lambda r, g=gen: self._switched(g, r),
                                   on_failure=self._failed)

    def refresh(self) -> None:
        self.set_query(self.query)

    def update_query(self, **changes) -> None:
        from dataclasses import replace

        self.set_query(replace(self.query, **changes))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        from dataclasses import replace

        q = replace(self.query, sort=self.SORT_KEYS[column],
                    descending=order == Qt.SortOrder.DescendingOrder)
        if not self.started:
            self.query = q            # used by the first query
            return
        self.set_query(q)

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        col = self.SORT_KEYS.index(self.query.sort) if self.query.sort in self.SORT_KEYS else 0
        return col, (Qt.SortOrder.DescendingOrder if self.query.descending
                     else Qt.SortOrder.AscendingOrder)

    def _failed(self, message, expected):
        self.failed.emit(message, expected)

    def _persistent_ids(self) -> list[int]:
        ids = []
        for p in self.persistentIndexList():
            b = self.bill_at(p.row())
            if b is not None:
                ids.append(b.id)
        return list(dict.fromkeys(ids))

    def _switched(self, gen: int, result) -> None:
        if gen != self.generation:
            return                          # overtaken by a newer query
        total, pages, positions, all_total = result
        self.all_total = all_total
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        olds = [self.bill_at(p.row()) for p in persistent]
        self.total, self.pages = total, dict(pages)
        self.requested = set(self.pages)
        self.ready = True
        new = []
        for p, b in zip(persistent, olds):
            row = positions.get(b.id) if b is not None else None
            new.append(self.index(row, p.column()) if row is not None and row < total
                       else QModelIndex())
        if persistent:
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()
        self.loaded.emit()

    def _fetch(self, page: int) -> None:
        if page in self.requested or page < 0 or page * self.page_size >= self.total:
            return
        self.requested.add(page)
        gen = self.generation
        workers.submit(jobs.bills_page, self.url, self.query, page * self.page_size,
                       self.page_size, owner=self, name="bills-page",
                       on_success=lambda rows, g=gen, p=page: self._page(g, p, rows),
                       on_failure=lambda m, e, p=page: self._page_failed(p, m, e))

    def _page(self, gen: int, page: int, rows) -> None:
        if gen != self.generation:
            return
        self.pages[page] = rows
        first = page * self.page_size
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self.COLUMNS) - 1))

    def _page_failed(self, page, message, expected):
        self.requested.discard(page)
        self.failed.emit(message, expected)

    # ----------------------------------------------------------------- rows
    def bill_at(self, row: int):
        """The BillRow shown at ``row`` (None while its page is not fetched)."""
        if row < 0:
            return None
        rows = self.pages.get(row // self.page_size)
        if rows is None:
            return None
        k = row % self.page_size
        return rows[k] if k < len(rows) else None

    def row_of_bill(self, bill_id: int) -> int | None:
        for p, rows in self.pages.items():
            for k, r in enumerate(rows):
                if r.id == bill_id:
                    return p * self.page_size + k
        return None

    def loaded_rows(self) -> list:
        return [r for p in sorted(self.pages) for r in self.pages[p]]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return column_header(self, section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.total:
            return None
        b = self.bill_at(index.row())
        if b is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._fetch(index.row() // self.page_size)
                return "…" if index.column() == 0 else ""
            return None
        key = self.COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(b, key)
        if role in (ROW_ROLE, KEY_ROLE):
            return b if role == ROW_ROLE else b.id
        if role == SORT_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if key in ("total", "run", "id") else None
        if role == Qt.ItemDataRole.ForegroundRole:
            from PySide6.QtGui import QBrush, QColor

            c = None
            if key == "status":
                c = STATUS_COLOURS.get("draft_bill" if b.status == "draft" else b.status)
            elif key == "delivery" and b.delivery is not None:
                from billdesk.gui.send_models import COLOURS

                c = COLOURS.get(b.delivery)
            return QBrush(QColor(c)) if c else None
        return None

    def column_texts(self, column: int) -> list[str]:
        """Every text ``column`` can show, where they are few (``common.fit_columns``)."""
        key = self.COLUMNS[column].key if 0 <= column < len(self.COLUMNS) else None
        if key == "kind":
            return [tr_status(k.value) for k in BillKind]
        if key == "status":
            return [tr_status(s.value) for s in BillStatus]
        return []

    def display(self, b, key: str) -> str:
        if key == "number":
            return b.number or self.tr("(draft)")
        if key in ("kind", "status"):
            return tr_status(getattr(b, key))
        if key == "period":
            return fmt_period(b.period_start, b.period_end)
        if key == "total":
            return fmt_money(b.total, b.currency)
        if key == "run":
            return str(b.run_id)
        if key == "created":
            return fmt_dt(b.created_at)
        if key == "issued":
            return fmt_dt(b.issued_at)
        if key == "delivery":
            return "" if b.delivery is None else tr_delivery(b.delivery)
        if key == "id":
            return str(b.id)
        return str(getattr(b, key) or "")

    # ----------------------------------------------------------------- export
    def export_rows(self):
        """The query to export (the worker runs it in full, in this order)."""
        return self.query


# the headers and tooltips above, for pyside6-lupdate (translated in each model's
# context when the model is made)
_TRANSLATABLE = (
    QT_TRANSLATE_NOOP("BillsModel", "Number"),
    QT_TRANSLATE_NOOP("BillsModel", "Kind"),
    QT_TRANSLATE_NOOP("BillsModel", "Status"),
    QT_TRANSLATE_NOOP("BillsModel", "Account"),
    QT_TRANSLATE_NOOP("BillsModel", "Name"),
    QT_TRANSLATE_NOOP("BillsModel", "Period"),
    QT_TRANSLATE_NOOP("BillsModel", "Total"),
    QT_TRANSLATE_NOOP("BillsModel", "Run"),
    QT_TRANSLATE_NOOP("BillsModel", "Created"),
    QT_TRANSLATE_NOOP("BillsModel", "Issued"),
    QT_TRANSLATE_NOOP("BillsModel", "Delivery"),
    QT_TRANSLATE_NOOP("BillsModel", "Id"),
    QT_TRANSLATE_NOOP("BillsModel", "the internal id (drafts have no number)"),
)
