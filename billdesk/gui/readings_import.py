"""Meter data on the Import page: several files or a folder, dropped or chosen, imported on a
worker (billdesk.store.meterdata), with a report per file."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

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

    HEADERS = ("File", "Format", "Status", "Values", "Changed", "Line / place", "Notes")

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
            return r.status
        if col == C.VALUES:
            return r.values
        if col == C.CHANGED:
            return r.changed
        if col == C.PLACE:
            place = [f"line {err['line']}"] if err.get("line") is not None else []
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
            return f"{v:,}".replace(",", "\u2009") if isinstance(v, int) else v
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


def summary(report, tr) -> str:
    d = report.as_dict()
    head = (tr("<b>Checked.</b> Nothing was written.") if report.validate_only
            else tr("<b>Imported.</b>"))
    text = tr("{head} {files} file(s): {imported} imported, {unchanged} unchanged, "
              "{refused} refused; {values} values, {changed} changed in {secs} s.").format(
        head=head, files=d["files_total"], imported=d["imported"], unchanged=d["unchanged"],
        refused=d["refused"], values=f"{d['rows']:,}", changed=f"{d['changed']:,}",
        secs=f"{d['seconds']:.1f}")
    if d["refused"]:
        text = ("<span style='color:#dc3545'>" + text + " " +
                tr("Refused files were not written; the others were.") + "</span>")
    return text
