"""Meter data on the Import page: several files or a folder, dropped or chosen, imported on a
worker (billdesk.store.meterdata), with a report per file."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from billdesk.gui.formats import fmt_int, fmt_num

STATUS_COLOURS = {"refused": "#dc3545", "imported": "#198754", "unchanged": "#6c757d"}


class ReadingsReportModel(QAbstractTableModel):
    """One row per file of a meter-data import (``FileReport`` dataclasses)."""

    class Col(IntEnum):
        FILE = 0
        FORMAT = 1
        STATUS = 2
        VALUES = 3
        CHANGED = 4
        PLACE = 5
        MESSAGE = 6

    HEADERS = (QT_TRANSLATE_NOOP("ReadingsReportModel", "File"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Format"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Status"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Values"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Changed"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Line / place"),
               QT_TRANSLATE_NOOP("ReadingsReportModel", "Notes"))
    STATUS = {"refused": QT_TRANSLATE_NOOP("ReadingsReportModel", "refused"),
              "imported": QT_TRANSLATE_NOOP("ReadingsReportModel", "imported"),
              "unchanged": QT_TRANSLATE_NOOP("ReadingsReportModel", "unchanged")}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def _value(self, r, col):
        C = self.Col
        err = r.error or {}
        if col == C.FILE:
            return Path(r.file).name
        if col == C.FORMAT:
            return r.format or ""
        if col == C.STATUS:
            return self.tr(self.STATUS[r.status]) if r.status in self.STATUS else r.status
        if col == C.VALUES:
            return r.values
        if col == C.CHANGED:
            return r.changed
        if col == C.PLACE:
            place = [self.tr("line {n}").format(n=err["line"])] if err.get("line") is not None else []
            if err.get("field"):
                place.append(err["field"])
            return ", ".join(place)
        return err.get("message") or "; ".join(r.notes)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        v = self._value(r, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt_int(v) if isinstance(v, int) else v
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.file if col == self.Col.FILE else (v if isinstance(v, str) else None)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.Col.STATUS:
            return QColor(STATUS_COLOURS.get(r.status, "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(v, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def dropped_paths(mime) -> list[str]:
    """Local files and folders of a drop."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def split_paths(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def summary(report, tr=None) -> str:
    """The one-line result of a meter-data import (``tr`` is ignored: the texts belong to
    the Import panel's translation context)."""
    from PySide6.QtCore import QCoreApplication

    def t(text):
        return QCoreApplication.translate("ImportPanel", text)

    d = report.as_dict()
    head = (t("<b>Checked.</b> Nothing was written.") if report.validate_only
            else t("<b>Imported.</b>"))
    text = t("{head} {files} file(s): {imported} imported, {unchanged} unchanged, "
             "{refused} refused; {values} values, {changed} changed in {secs} s.")
    text = text.format(
        head=head, files=fmt_int(d["files_total"]), imported=fmt_int(d["imported"]),
        unchanged=fmt_int(d["unchanged"]), refused=fmt_int(d["refused"]),
        values=fmt_int(d["rows"]), changed=fmt_int(d["changed"]),
        secs=fmt_num(d["seconds"], 1))
    if d["refused"]:
        text = ("<span style='color:#dc3545'>" + text + " " +
                t("Refused files were not written; the others were.") + "</span>")
    return text
