"""Table models of delivery status.

``DeliveryModel``: a run's documents with their e-mail / print status from
``DeliveryColumns``, filtered and sorted with numpy (smooth at 100,000 rows, like the
attempts table). The Bills page reads each bill's delivery status with its page of rows
(billdesk.store.listings).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

import numpy as np
from PySide6.QtCore import QCoreApplication

from billdesk.gui.delivery_codes import DELIVERY_CODES
from billdesk.gui.table_model import Col, ColumnModel
from billdesk.gui.tables import delivery_table  # noqa: F401 - built off the GUI thread

COLOURS = {"": "#6c757d", "queued": "#0d6efd", "sending": "#0d6efd", "delivering": "#0d6efd",
           "sent": "#198754", "failed": "#dc3545", "unknown": "#b35c00", "bounced": "#dc3545",
           "print": "#8a6d00", "printed": "#146c43"}


def tr_delivery(status: str) -> str:
    return {"": QCoreApplication.translate("Delivery", "not sent"),
            "queued": QCoreApplication.translate("Delivery", "queued"),
            "sending": QCoreApplication.translate("Delivery", "sending"),
            "delivering": QCoreApplication.translate("Delivery", "sending"),
            "sent": QCoreApplication.translate("Delivery", "sent"),
            "failed": QCoreApplication.translate("Delivery", "failed"),
            "unknown": QCoreApplication.translate("Delivery", "unknown"),
            "bounced": QCoreApplication.translate("Delivery", "bounced"),
            "print": QCoreApplication.translate("Delivery", "print batch"),
            "printed": QCoreApplication.translate("Delivery", "printed")}.get(status, status)


class DeliveryModel(ColumnModel):
    """A run's documents and their delivery status (numpy columns, like the attempts)."""

    CONTEXT = "DeliveryModel"
    COLUMNS = (Col("number", "Number"), Col("account", "Account"), Col("name", "Name"),
               Col("postcode", "Postcode"), Col("language", "Language"),
               Col("total", "Total", "money"), Col("status", "Delivery"),
               Col("recipient", "Recipient"), Col("sent_at", "Sent / bounced", "datetime"),
               Col("tries", "Tries", "int"), Col("error", "Reason"),
               Col("message_id", "Message-ID"))
    CODES = DELIVERY_CODES

    class Col:
        NUMBER, ACCOUNT, NAME, POSTCODE, LANGUAGE, TOTAL, STATUS, RECIPIENT, SENT_AT, TRIES, \
            ERROR, MESSAGE_ID = range(12)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._status: str | None = None

    @property
    def cols(self):
        """The run's DeliveryColumns (None before the first load)."""
        return getattr(self, "_cols", None)

    def set_columns(self, cols, table=None) -> None:
        """Show ``cols``; ``table`` is their ``delivery_table`` when a worker built it."""
        self._cols = cols
        self.set_table(table if table is not None else delivery_table(cols))

    def clear(self) -> None:
        self._cols = None
        super().clear()

    def set_status_filter(self, status: str | None) -> None:
        self._status = status
        if status is None:
            self.set_filter("status", None)
            return
        codes = [self.CODES.index(x) for x in (("sending", "delivering") if status == "sending"
                                               else (status,))]
        self.set_filter("status", lambda t, c=codes: np.isin(t["status"], c))

    def counts(self) -> dict[str, int]:
        if self.table is None or not len(self.table):
            return {}
        n = np.bincount(self.table["status"], minlength=len(self.CODES))
        return {code: int(n[i]) for i, code in enumerate(self.CODES) if n[i]}

    def bill_at(self, row: int) -> int:
        return int(self.table["bill_id"][self.table_row(row)])

    def number_at(self, row: int) -> str:
        return self.table["number"][self.table_row(row)]

    def status_at(self, row: int) -> str:
        return self.CODES[int(self.table["status"][self.table_row(row)])]

    def display(self, col, i):
        if col.key == "status":
            return tr_delivery(self.CODES[int(self.table["status"][i])])
        if col.key == "sent_at":
            v = self.table["sent_at"][i]
            return "" if np.isnan(v) else super().display(col, i)
        return super().display(col, i)

    def foreground(self, col, i):
        if col.key == "status":
            return COLOURS.get(self.CODES[int(self.table["status"][i])], "#333")
        return None

    def tooltip(self, col, i):
        if col.key == "error":
            return self.table["error"][i] or None
        return None

    def _display_fn(self, col):
        if col.key == "status":
            return lambda v: tr_delivery(self.CODES[int(v)])
        return super()._display_fn(col)


# the headers and tooltips above, for pyside6-lupdate (translated in each model's
# context when the model is made)
_TRANSLATABLE = (
    QT_TRANSLATE_NOOP("DeliveryModel", "Number"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Account"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Name"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Postcode"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Language"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Total"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Delivery"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Recipient"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Sent / bounced"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Tries"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Reason"),
    QT_TRANSLATE_NOOP("DeliveryModel", "Message-ID"),
)
