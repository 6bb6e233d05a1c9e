"""The app's small tables (runs, bills, lines, accounts, quality check, members, tariffs,
price series, import errors): each a ``RowsModel`` with its static column table
(billdesk.gui.row_model), sorted and filtered by a ``SortProxy``. The attempts table of a run,
which may hold 100,000 rows, is a numpy column model of its own (billdesk.gui.attempts_model).
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import IntEnum
from operator import attrgetter, itemgetter
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.gui.formats import STATUS_COLOURS, fmt_duration, fmt_period, tr_status
from billdesk.gui.row_model import Column, RowsModel, table


def status_text(get: Callable) -> Callable[[object], str]:
    return lambda r: tr_status(get(r))


def status_colour(get: Callable) -> Callable[[object], str | None]:
    return lambda r: STATUS_COLOURS.get(get(r))


def period_of(r) -> str:
    return fmt_period(r.period_start, r.period_end)


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
