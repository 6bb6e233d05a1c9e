"""The accounts list (100,000 rows and more) and the Check Data Quality table: numpy column
models (billdesk.gui.table_model) built on a worker, sorted and filtered vectorised."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

import numpy as np

from billdesk.gui.attempt_messages import tr_attempt_message
from billdesk.gui.formats import STATUS_COLOURS, fmt_pct, tr_language
from billdesk.gui.tables import accounts_table, quality_table
from billdesk.gui.table_model import Col, ColumnModel

__all__ = ["AccountsModel", "QualityModel", "accounts_table", "quality_table"]


class AccountsModel(ColumnModel):
    CONTEXT = "AccountsModel"
    COLUMNS = (Col("code", "Account"), Col("name", "Name"), Col("postcode", "Postcode"),
               Col("city", "City"), Col("language", "Language"), Col("groups", "Groups"),
               Col("tariff", "Tariff"), Col("supply_start", "Supply start", "date"),
               Col("supply_end", "Supply end", "date", "the last day supplied"),
               Col("consumption_point", "Consumption point"),
               Col("production_point", "Production point"), Col("email", "E-mail"))

    def display(self, col, i):
        if col.key == "language":
            return tr_language(self.table["language"][i])
        if col.key == "supply_end":
            v = self.table["supply_end"][i]
            if np.isnat(v):
                return ""
            return str((v - np.timedelta64(1, "D")).astype("datetime64[D]"))
        return super().display(col, i)

    def code_at(self, row: int) -> str:
        return self.table["code"][self.table_row(row)]

    def row_of_code(self, code: str) -> int | None:
        return self.row_of_key(code)


class QualityModel(ColumnModel):
    CONTEXT = "QualityModel"
    COLUMNS = (Col("account", "Account"), Col("passed", "Result"),
               Col("reason", "Why it would fail"), Col("measured", "Measured", "int"),
               Col("substituted", "Substituted", "int"), Col("estimated", "Estimated", "int"),
               Col("missing", "Missing", "int"), Col("share", "Measured share", "pct"))

    class Col:
        ACCOUNT, RESULT, REASON, MEASURED, SUBSTITUTED, ESTIMATED, MISSING, SHARE = range(8)

    def set_only_failing(self, on: bool) -> None:
        self.set_filter("failing", (lambda t: ~t["passed"]) if on else None)

    def display(self, col, i):
        if col.key == "passed":
            return self.tr("passes") if self.table["passed"][i] else self.tr("fails")
        if col.key == "share":
            return fmt_pct(float(self.table["share"][i]))
        if col.key == "reason":         # the run services' English, in the user's language
            return tr_attempt_message(self.table["reason"][i])
        return super().display(col, i)

    def foreground(self, col, i):
        if col.key == "passed":
            return STATUS_COLOURS["succeeded" if self.table["passed"][i] else "failed"]
        return None

    def _display_fn(self, col):
        if col.key == "passed":
            return lambda v: self.tr("passes") if v else self.tr("fails")
        if col.key == "reason":
            return tr_attempt_message
        return super()._display_fn(col)


# the headers and tooltips above, for pyside6-lupdate (translated in each model's
# context when the model is made)
_TRANSLATABLE = (
    QT_TRANSLATE_NOOP("AccountsModel", "Account"),
    QT_TRANSLATE_NOOP("AccountsModel", "Name"),
    QT_TRANSLATE_NOOP("AccountsModel", "Postcode"),
    QT_TRANSLATE_NOOP("AccountsModel", "City"),
    QT_TRANSLATE_NOOP("AccountsModel", "Language"),
    QT_TRANSLATE_NOOP("AccountsModel", "Groups"),
    QT_TRANSLATE_NOOP("AccountsModel", "Tariff"),
    QT_TRANSLATE_NOOP("AccountsModel", "Supply start"),
    QT_TRANSLATE_NOOP("AccountsModel", "Supply end"),
    QT_TRANSLATE_NOOP("AccountsModel", "the last day supplied"),
    QT_TRANSLATE_NOOP("AccountsModel", "Consumption point"),
    QT_TRANSLATE_NOOP("AccountsModel", "Production point"),
    QT_TRANSLATE_NOOP("AccountsModel", "E-mail"),
    QT_TRANSLATE_NOOP("QualityModel", "Account"),
    QT_TRANSLATE_NOOP("QualityModel", "Result"),
    QT_TRANSLATE_NOOP("QualityModel", "Why it would fail"),
    QT_TRANSLATE_NOOP("QualityModel", "Measured"),
    QT_TRANSLATE_NOOP("QualityModel", "Substituted"),
    QT_TRANSLATE_NOOP("QualityModel", "Estimated"),
    QT_TRANSLATE_NOOP("QualityModel", "Missing"),
    QT_TRANSLATE_NOOP("QualityModel", "Measured share"),
)
