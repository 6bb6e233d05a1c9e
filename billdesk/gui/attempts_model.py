"""The attempts table of a run (up to 100,000 rows and more): numpy columns, sorted and
filtered with numpy (billdesk.gui.table_model) — no per-row objects, no Python call per
comparison, the selection kept on the same account when the table is sorted or reloaded."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

import numpy as np

from billdesk.gui.attempt_messages import tr_attempt_message, tr_error_code
from billdesk.gui.formats import STATUS_COLOURS, fmt_money, tr_status
from billdesk.gui.tables import attempts_table
from billdesk.gui.table_model import Col, ColumnModel
from billdesk.store.listings import STATUS_CODES, AttemptColumns

__all__ = ["AttemptsModel", "attempts_table"]


class AttemptsModel(ColumnModel):
    """A run's attempts: status, error, the quality mix, amount and the bill of each."""

    CONTEXT = "AttemptsModel"
    COLUMNS = (Col("position", "#", "int"), Col("account", "Account"), Col("name", "Name"),
               Col("status", "Status"), Col("error", "Error"), Col("message", "Message"),
               Col("measured", "Measured", "int", "intervals flagged measured"),
               Col("substituted", "Substituted", "int", "intervals flagged substituted"),
               Col("estimated", "Estimated", "int", "intervals flagged estimated"),
               Col("missing", "Missing", "int", "intervals without a value"),
               Col("amount", "Amount", "money"), Col("duration", "ms", "num1",
                                                     "billing time of the account"),
               Col("bill", "Bill", "text", "the invoice number (drafts have none yet)"))
    STATUS_CODES = STATUS_CODES

    class Col:   # column numbers, for callers
        POSITION, ACCOUNT, NAME, STATUS, ERROR, MESSAGE, MEASURED, SUBSTITUTED, ESTIMATED, \
            MISSING, AMOUNT, DURATION, BILL = range(13)

    def column_texts(self, col: int) -> list[str]:
        """Every text ``col`` can show, where they are few (``common.fit_columns``)."""
        return [tr_status(s) for s in STATUS_CODES] if col == self.Col.STATUS else []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._status: str | None = None
        self._error: str | None = None

    @property
    def cols(self):
        """The table shown (None before the first load); ``len(model.cols or [])``."""
        return self.table

    def set_columns(self, table) -> None:
        if isinstance(table, AttemptColumns):
            table = attempts_table(table)
        self.set_table(table)

    # filters
    def set_status_filter(self, status: str | None) -> None:
        self._status = status or None
        code = STATUS_CODES.index(self._status) if self._status else None
        self.set_filter("status", None if code is None else
                        (lambda t, c=code: t["status"] == c))

    def set_error_filter(self, code: str | None) -> None:
        self._error = code or None
        self.set_filter("error", None if not self._error else
                        (lambda t, e=self._error: np.asarray(t["error"], dtype=object) == e))

    @property
    def error_filter(self) -> str | None:
        return self._error

    # values
    def display(self, col, i):
        if col.key == "status":
            return tr_status(STATUS_CODES[int(self.table["status"][i])])
        if col.key == "position":
            return str(int(self.table["position"][i]) + 1)
        if col.key == "bill":
            b = int(self.table["bill_id"][i])
            if b < 0:
                return ""
            return self.table["bill"][i] or self.tr("draft")
        if col.key == "amount":
            a = self.table["amount"][i]
            return "" if np.isnan(a) else fmt_money(float(a), getattr(self.table, "currency",
                                                                       None))
        if col.key == "message":       # the engine's English, in the user's language
            return tr_attempt_message(self.table["message"][i])
        if col.key == "error":
            return tr_error_code(self.table["error"][i])
        return super().display(col, i)

    def foreground(self, col, i):
        if col.key == "status":
            return STATUS_COLOURS[STATUS_CODES[int(self.table["status"][i])]]
        return None

    def tooltip(self, col, i):
        if col.key == "message":
            return tr_attempt_message(self.table["message"][i]) or None
        if col.key == "error":
            code = self.table["error"][i]
            return code if code and tr_error_code(code) != code else None
        return None

    def bill_at(self, row: int) -> int | None:
        b = int(self.table["bill_id"][self.table_row(row)])
        return None if b < 0 else b

    def account_at(self, row: int) -> str:
        return self.table["account"][self.table_row(row)]

    def _display_fn(self, col):
        if col.key == "status":
            return lambda v: tr_status(STATUS_CODES[int(v)])
        if col.key == "position":
            return lambda v: int(v) + 1
        if col.key == "message":
            return tr_attempt_message
        if col.key == "error":
            return tr_error_code
        return super()._display_fn(col)


# the headers and tooltips above, for pyside6-lupdate (translated in each model's
# context when the model is made)
_TRANSLATABLE = (
    QT_TRANSLATE_NOOP("AttemptsModel", "#"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Account"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Name"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Status"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Error"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Message"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Measured"),
    QT_TRANSLATE_NOOP("AttemptsModel", "intervals flagged measured"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Substituted"),
    QT_TRANSLATE_NOOP("AttemptsModel", "intervals flagged substituted"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Estimated"),
    QT_TRANSLATE_NOOP("AttemptsModel", "intervals flagged estimated"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Missing"),
    QT_TRANSLATE_NOOP("AttemptsModel", "intervals without a value"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Amount"),
    QT_TRANSLATE_NOOP("AttemptsModel", "ms"),
    QT_TRANSLATE_NOOP("AttemptsModel", "billing time of the account"),
    QT_TRANSLATE_NOOP("AttemptsModel", "Bill"),
    QT_TRANSLATE_NOOP("AttemptsModel", "the invoice number (drafts have none yet)"),
)
