"""Table models of plain rows: an IntEnum of columns, display/sort/row roles.

Each model has one static column table (``COLUMNS``, a ``Column`` per ``Col`` member): the
header (translated in the model's context), the value a cell holds (also what it sorts by)
and, where the value's type does not say it, how it is shown, coloured and aligned.

Small tables (runs, bills, accounts, …) hold tuples/dataclasses and are sorted and filtered by a
``QSortFilterProxyModel`` (``SORT_ROLE``). The attempts table of a run, which may hold 100,000
rows, is a numpy column model of its own (billdesk.gui.attempts_model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from enum import IntEnum
from operator import attrgetter, itemgetter
from typing import Callable

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QSortFilterProxyModel, Qt)
from PySide6.QtGui import QBrush, QColor

from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.gui.formats import (STATUS_COLOURS, fmt_dt, fmt_duration, fmt_money, fmt_period,
                                  sortable, tr_status)

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


def status_text(get: Callable) -> Callable[[object], str]:
    return lambda r: tr_status(get(r))


def status_colour(get: Callable) -> Callable[[object], str | None]:
    return lambda r: STATUS_COLOURS.get(get(r))


def period_of(r) -> str:
    return fmt_period(r.period_start, r.period_end)


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


# --------------------------------------------------------------------------- accounts
class AccountsModel(RowsModel):
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

    COLUMNS = table(Col, {
        Col.ACCOUNT: Column(QT_TRANSLATE_NOOP("AccountsModel", "Account"), attrgetter("code")),
        Col.NAME: Column(QT_TRANSLATE_NOOP("AccountsModel", "Name"), attrgetter("name")),
        Col.CITY: Column(QT_TRANSLATE_NOOP("AccountsModel", "City"), attrgetter("city")),
        Col.LANGUAGE: Column(QT_TRANSLATE_NOOP("AccountsModel", "Language"),
                             attrgetter("language")),
        Col.GROUPS: Column(QT_TRANSLATE_NOOP("AccountsModel", "Groups"), attrgetter("groups")),
        Col.TARIFF: Column(QT_TRANSLATE_NOOP("AccountsModel", "Tariff"), attrgetter("tariff")),
        Col.SUPPLY_START: Column(QT_TRANSLATE_NOOP("AccountsModel", "Supply start"),
                                 attrgetter("supply_start")),
        Col.SUPPLY_END: Column(QT_TRANSLATE_NOOP("AccountsModel", "Supply end"),
                               attrgetter("supply_end")),
        Col.CONSUMPTION_POINT: Column(QT_TRANSLATE_NOOP("AccountsModel", "Consumption point"),
                                      attrgetter("consumption_point")),
        Col.PRODUCTION_POINT: Column(QT_TRANSLATE_NOOP("AccountsModel", "Production point"),
                                     attrgetter("production_point")),
    })


# --------------------------------------------------------------------------- runs
def run_duration(r) -> float | None:
    """Seconds a run ran (until now while it runs)."""
    if r.started_at is None:
        return None
    end = r.finished_at
    if end is None:
        if r.status != RunStatus.RUNNING:
            return None
        end = datetime.now(timezone.utc)
    return (end - r.started_at).total_seconds()


def run_progress(r) -> float:
    c = r.counts
    return (c.total - c.pending) / c.total if c.total else 0.0


class RunsModel(RowsModel):
    class Col(IntEnum):
        ID = 0
        NAME = 1
        PERIOD = 2
        TARGET = 3
        MODE = 4
        BILLING = 5
        STATUS = 6
        PROGRESS = 7
        TOTAL = 8
        SUCCEEDED = 9
        FAILED = 10
        SKIPPED = 11
        AMOUNT = 12
        CREATED_BY = 13
        CREATED_AT = 14
        DURATION = 15

    COLUMNS = table(Col, {
        Col.ID: Column(QT_TRANSLATE_NOOP("RunsModel", "Id"), attrgetter("id")),
        Col.NAME: Column(QT_TRANSLATE_NOOP("RunsModel", "Name"), attrgetter("name")),
        Col.PERIOD: Column(QT_TRANSLATE_NOOP("RunsModel", "Period"), period_of),
        Col.TARGET: Column(QT_TRANSLATE_NOOP("RunsModel", "Target"), attrgetter("target")),
        Col.MODE: Column(QT_TRANSLATE_NOOP("RunsModel", "Mode"),
                         attrgetter("mode"), status_text(attrgetter("mode"))),
        Col.BILLING: Column(QT_TRANSLATE_NOOP("RunsModel", "Billing mode"), attrgetter("billing"),
                            status_text(attrgetter("billing"))),
        Col.STATUS: Column(QT_TRANSLATE_NOOP("RunsModel", "Status"), attrgetter("status"),
                           status_text(attrgetter("status")), status_colour(attrgetter("status"))),
        Col.PROGRESS: Column(QT_TRANSLATE_NOOP("RunsModel", "Progress"), run_progress,
                             lambda r: f"{run_progress(r):.0%}"),
        Col.TOTAL: Column(QT_TRANSLATE_NOOP("RunsModel", "Accounts"), attrgetter("counts.total")),
        Col.SUCCEEDED: Column(QT_TRANSLATE_NOOP("RunsModel", "Succeeded"),
                              attrgetter("counts.succeeded")),
        Col.FAILED: Column(QT_TRANSLATE_NOOP("RunsModel", "Failed"), attrgetter("counts.failed"),
                           colour=lambda r: STATUS_COLOURS[AttemptStatus.FAILED]
                           if r.counts.failed else None),
        Col.SKIPPED: Column(QT_TRANSLATE_NOOP("RunsModel", "Skipped"),
                            attrgetter("counts.skipped")),
        Col.AMOUNT: Column(QT_TRANSLATE_NOOP("RunsModel", "Total amount"),
                           attrgetter("total_amount")),
        Col.CREATED_BY: Column(QT_TRANSLATE_NOOP("RunsModel", "Created by"),
                               attrgetter("created_by")),
        Col.CREATED_AT: Column(QT_TRANSLATE_NOOP("RunsModel", "Created"),
                               attrgetter("created_at")),
        Col.DURATION: Column(QT_TRANSLATE_NOOP("RunsModel", "Duration"), run_duration,
                             lambda r: fmt_duration(run_duration(r))),
    })


# --------------------------------------------------------------------------- bills
class BillsModel(RowsModel):
    """Bills as the run services read them (billdesk.runs.BillInfo, without lines)."""

    class Col(IntEnum):
        ID = 0
        NUMBER = 1
        KIND = 2
        STATUS = 3
        ACCOUNT = 4
        NAME = 5
        PERIOD = 6
        TOTAL = 7
        CURRENCY = 8
        RUN = 9
        CREATED = 10
        ISSUED = 11

    COLUMNS = table(Col, {
        Col.ID: Column(QT_TRANSLATE_NOOP("BillsModel", "Id"), attrgetter("id")),
        Col.NUMBER: Column(QT_TRANSLATE_NOOP("BillsModel", "Number"), attrgetter("number"),
                           lambda r: r.number or QCoreApplication.translate("BillsModel",
                                                                            "(draft)")),
        Col.KIND: Column(QT_TRANSLATE_NOOP("BillsModel", "Kind"),
                         attrgetter("kind"), status_text(attrgetter("kind"))),
        Col.STATUS: Column(QT_TRANSLATE_NOOP("BillsModel", "Status"), attrgetter("status"),
                           status_text(attrgetter("status")), status_colour(attrgetter("status"))),
        Col.ACCOUNT: Column(QT_TRANSLATE_NOOP("BillsModel", "Account"), attrgetter("account")),
        Col.NAME: Column(QT_TRANSLATE_NOOP("BillsModel", "Name"), attrgetter("account_name")),
        Col.PERIOD: Column(QT_TRANSLATE_NOOP("BillsModel", "Period"), period_of),
        Col.TOTAL: Column(QT_TRANSLATE_NOOP("BillsModel", "Total"), attrgetter("total")),
        Col.CURRENCY: Column(QT_TRANSLATE_NOOP("BillsModel", "Currency"), attrgetter("currency")),
        Col.RUN: Column(QT_TRANSLATE_NOOP("BillsModel", "Run"), attrgetter("run_id")),
        Col.CREATED: Column(QT_TRANSLATE_NOOP("BillsModel", "Created"), attrgetter("created_at")),
        Col.ISSUED: Column(QT_TRANSLATE_NOOP("BillsModel", "Issued"), attrgetter("issued_at")),
    })


class LinesModel(RowsModel):
    class Col(IntEnum):
        LABEL = 0
        QUANTITY = 1
        UNIT = 2
        UNIT_PRICE = 3
        NET = 4
        VAT = 5

    COLUMNS = table(Col, {
        Col.LABEL: Column(QT_TRANSLATE_NOOP("LinesModel", "Line"), attrgetter("label")),
        Col.QUANTITY: Column(QT_TRANSLATE_NOOP("LinesModel", "Quantity"), attrgetter("quantity"),
                             lambda ln: f"{ln.quantity:,.3f}".replace(",", "\u2009")),
        Col.UNIT: Column(QT_TRANSLATE_NOOP("LinesModel", "Unit"), attrgetter("unit")),
        Col.UNIT_PRICE: Column(QT_TRANSLATE_NOOP("LinesModel", "Unit price"),
                               attrgetter("unit_price"),
                               lambda ln: f"{ln.unit_price:.5f}".rstrip("0").rstrip(".")),
        Col.NET: Column(QT_TRANSLATE_NOOP("LinesModel", "Net amount"), attrgetter("net_amount")),
        Col.VAT: Column(QT_TRANSLATE_NOOP("LinesModel", "VAT %"),
                        attrgetter("vat_rate"), lambda ln: f"{ln.vat_rate}"),
    })


# --------------------------------------------------------------------------- quality check
class QualityModel(RowsModel):
    class Col(IntEnum):
        ACCOUNT = 0
        RESULT = 1
        REASON = 2
        MEASURED = 3
        SUBSTITUTED = 4
        ESTIMATED = 5
        MISSING = 6
        SHARE = 7

    COLUMNS = table(Col, {
        Col.ACCOUNT: Column(QT_TRANSLATE_NOOP("QualityModel", "Account"), attrgetter("account")),
        Col.RESULT: Column(QT_TRANSLATE_NOOP("QualityModel", "Result"),
                           lambda r: "ok" if r.passed else "fail",
                           lambda r: QCoreApplication.translate("QualityModel", "passes")
                           if r.passed else QCoreApplication.translate("QualityModel", "fails"),
                           lambda r: STATUS_COLOURS[AttemptStatus.SUCCEEDED if r.passed
                                                    else AttemptStatus.FAILED]),
        Col.REASON: Column(QT_TRANSLATE_NOOP("QualityModel", "Why it would fail"),
                           attrgetter("reason")),
        Col.MEASURED: Column(QT_TRANSLATE_NOOP("QualityModel", "Measured"),
                             attrgetter("quality.measured")),
        Col.SUBSTITUTED: Column(QT_TRANSLATE_NOOP("QualityModel", "Substituted"),
                                attrgetter("quality.substituted")),
        Col.ESTIMATED: Column(QT_TRANSLATE_NOOP("QualityModel", "Estimated"),
                              attrgetter("quality.estimated")),
        Col.MISSING: Column(QT_TRANSLATE_NOOP("QualityModel", "Missing"),
                            attrgetter("quality.missing")),
        Col.SHARE: Column(QT_TRANSLATE_NOOP("QualityModel", "Measured share"),
                          attrgetter("quality.measured_share"),
                          lambda r: f"{r.quality.measured_share:.1%}"),
    })


# --------------------------------------------------------------------------- misc small tables
def _kwh(v) -> str:
    return "" if v is None else f"{v:,.1f}".replace(",", "\u2009")


def _share(v) -> str:
    return "" if v is None else f"{v:.1%}"


def _plain(v) -> str:
    return "" if v is None else str(v)


class MembersModel(RowsModel):
    """Community members with their allocation result for a period (tuples)."""

    class Col(IntEnum):
        ACCOUNT = 0
        NAME = 1
        FROM = 2
        TO = 3
        SHARE = 4
        CONSUMPTION = 5
        LOCAL = 6
        LOCAL_SHARE = 7

    @staticmethod
    def _col(header: str, k: int, text=_plain) -> Column:
        get = itemgetter(k)
        return Column(header, get, lambda r: text(get(r)), right=k >= 4)

    COLUMNS = table(Col, {
        Col.ACCOUNT: _col(QT_TRANSLATE_NOOP("MembersModel", "Account"), 0),
        Col.NAME: _col(QT_TRANSLATE_NOOP("MembersModel", "Name"), 1),
        Col.FROM: _col(QT_TRANSLATE_NOOP("MembersModel", "Member from"), 2),
        Col.TO: _col(QT_TRANSLATE_NOOP("MembersModel", "Member to"), 3),
        Col.SHARE: _col(QT_TRANSLATE_NOOP("MembersModel", "Static share"), 4, _share),
        Col.CONSUMPTION: _col(QT_TRANSLATE_NOOP("MembersModel", "Consumption kWh"), 5, _kwh),
        Col.LOCAL: _col(QT_TRANSLATE_NOOP("MembersModel", "Allocated kWh"), 6, _kwh),
        Col.LOCAL_SHARE: _col(QT_TRANSLATE_NOOP("MembersModel", "Share of production"), 7, _share),
    })


class TariffsModel(RowsModel):
    class Col(IntEnum):
        CODE = 0
        NAME = 1
        CURRENCY = 2
        TIMEZONE = 3
        VERSIONS = 4
        VALID_FROM = 5
        ACCOUNTS = 6
        COMPONENTS = 7

    COLUMNS = table(Col, {
        Col.CODE: Column(QT_TRANSLATE_NOOP("TariffsModel", "Code"), attrgetter("code")),
        Col.NAME: Column(QT_TRANSLATE_NOOP("TariffsModel", "Name"), attrgetter("name")),
        Col.CURRENCY: Column(QT_TRANSLATE_NOOP("TariffsModel", "Currency"),
                             attrgetter("currency")),
        Col.TIMEZONE: Column(QT_TRANSLATE_NOOP("TariffsModel", "Time zone"),
                             attrgetter("timezone")),
        Col.VERSIONS: Column(QT_TRANSLATE_NOOP("TariffsModel", "Versions"),
                             attrgetter("versions")),
        Col.VALID_FROM: Column(QT_TRANSLATE_NOOP("TariffsModel", "Latest valid from"),
                               attrgetter("latest_from")),
        Col.ACCOUNTS: Column(QT_TRANSLATE_NOOP("TariffsModel", "Accounts"),
                             attrgetter("accounts")),
        Col.COMPONENTS: Column(QT_TRANSLATE_NOOP("TariffsModel", "Components"),
                               lambda r: ", ".join(c[2] for c in r.components)),
    })


class PriceSeriesModel(RowsModel):
    class Col(IntEnum):
        CODE = 0
        POINTS = 1
        FIRST = 2
        LAST = 3
        MEAN = 4

    COLUMNS = table(Col, {
        Col.CODE: Column(QT_TRANSLATE_NOOP("PriceSeriesModel", "Series"), attrgetter("code")),
        Col.POINTS: Column(QT_TRANSLATE_NOOP("PriceSeriesModel", "Prices"), attrgetter("points")),
        Col.FIRST: Column(QT_TRANSLATE_NOOP("PriceSeriesModel", "First"), attrgetter("first")),
        Col.LAST: Column(QT_TRANSLATE_NOOP("PriceSeriesModel", "Last"), attrgetter("last")),
        Col.MEAN: Column(QT_TRANSLATE_NOOP("PriceSeriesModel", "Mean price / kWh"),
                         attrgetter("mean"),
                         lambda r: "" if r.mean is None else f"{r.mean:.4f}"),
    })


class ImportErrorsModel(RowsModel):
    """The validation report of an import: (file, line, field, message) tuples."""

    class Col(IntEnum):
        FILE = 0
        LINE = 1
        FIELD = 2
        MESSAGE = 3

    COLUMNS = table(Col, {
        Col.FILE: Column(QT_TRANSLATE_NOOP("ImportErrorsModel", "File"), itemgetter(0)),
        Col.LINE: Column(QT_TRANSLATE_NOOP("ImportErrorsModel", "Line"), itemgetter(1)),
        Col.FIELD: Column(QT_TRANSLATE_NOOP("ImportErrorsModel", "Field"), itemgetter(2)),
        Col.MESSAGE: Column(QT_TRANSLATE_NOOP("ImportErrorsModel", "Problem"), itemgetter(3)),
    })
