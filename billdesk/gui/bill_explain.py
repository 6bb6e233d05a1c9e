"""The Explain tab of the bill dialog: what a bill was computed from (billdesk.audit.explain)
and each line followed from its amount to quantity x unit price to the 15-minute intervals
behind it (listed when the line is selected). Read on workers, never on the GUI thread.
"""

from __future__ import annotations

from enum import IntEnum
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from billdesk.gui import workers
from billdesk.gui.common import make_table
from billdesk.gui.engines import factory_for


def load_explanation(url, bill_id: int, line: int | None = None, progress=None,
                     cancelled=None):
    from billdesk.audit.explain import explain_bill

    return explain_bill(factory_for(url), bill_id, intervals_of=line)


class TraceModel(QAbstractTableModel):
    """The bill's lines with their amount check and interval trace (a few dozen rows)."""

    class Col(IntEnum):
        N = 0
        LINE = 1
        FORMULA = 2
        AMOUNT = 3
        BASIS = 4
        INTERVALS = 5
        SUM = 6
        CHECK = 7

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.Col)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.Col):
            return [self.tr("#"), self.tr("Line"), self.tr("Quantity × unit price"),
                    self.tr("Amount"), self.tr("Energy priced"), self.tr("Intervals"),
                    self.tr("Interval sum"), self.tr("Check")][section]
        return None

    def _cell(self, r: dict, col: int) -> str:
        C = self.Col
        b = r.get("basis") or {}
        a = r["amount_check"]
        if col == C.N:
            return str(r["n"])
        if col == C.LINE:
            return r["label"] + (f" ({r['detail']})" if r.get("detail") else "")
        if col == C.FORMULA:
            return f"{r['quantity']} {r['unit']} × {r['unit_price']} = {a['exact']}"
        if col == C.AMOUNT:
            return str(r["net_amount"])
        if col == C.BASIS:
            return b.get("energy_text") or b.get("selection", "")
        if col == C.INTERVALS:
            return "" if b.get("intervals") is None else f"{b['intervals']:,}"
        if col == C.SUM:
            if b.get("sum") is None:
                return ""
            return f"{b['sum']} {b.get('unit', '')}" + (f" at {b['peak_at']}"
                                                        if b.get("peak_at") else "")
        ok = a["matches"] and b.get("matches", True)
        return self.tr("ok") if ok else self.tr("differs")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.Col.BASIS:
                b = r.get("basis") or {}
                return f"{b.get('selection', '')}\n{b.get('from', '')} .. {b.get('to', '')}"
            return self._cell(r, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.Col.CHECK:
            ok = r["amount_check"]["matches"] and (r.get("basis") or {}).get("matches", True)
            return None if ok else QBrush(QColor("#b3261e"))
        return None


class IntervalsModel(QAbstractTableModel):
    """The intervals behind one line: columns of strings (a month is ~3,000 rows)."""

    HEADERS = ("start", "local", "value", "unit", "quality", "price")
    #: a self-billing note's intervals also show what the credit came from
    EXTRA = ("produced", "members_local")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = self.HEADERS
        self.cols: list[list[str]] = [[] for _ in self.HEADERS]

    def set_intervals(self, rows: list[dict]) -> None:
        self.beginResetModel()
        extra = tuple(h for h in self.EXTRA if rows and h in rows[0])
        self.headers = self.HEADERS + extra
        self.cols = [[str(r.get(h, "")) for r in rows] for h in self.headers]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols[0])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return {"start": self.tr("Start (UTC)"), "local": self.tr("Local time"),
                    "value": self.tr("Value"), "unit": self.tr("Unit"),
                    "quality": self.tr("Quality"), "price": self.tr("Price"),
                    "produced": self.tr("Produced (kWh)"),
                    "members_local": self.tr("Members' local (kWh)")}[self.headers[section]]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() \
                and 0 <= index.row() < self.rowCount() and 0 <= index.column() < len(self.cols):
            return self.cols[index.column()][index.row()]
        return None


def summary_html(ex: dict, tr) -> str:
    b = ex["bill"]
    parts = [f"<p><b>{escape(b['number'] or 'draft')}</b> · fingerprint "
             f"<code>{escape(b['fingerprint'])}</code><br>record hash "
             f"<code>{escape(b.get('record_hash') or '—')}</code></p>"]
    if not ex["recorded"]:
        parts.append(f"<p><b>{escape(tr('Inputs not recorded'))}</b>: "
                     f"{escape(ex['why_not'] or '')}</p>")
        return "".join(parts)
    e, q = ex["engine"], ex["quality"]
    parts.append(f"<p><b>{escape(tr('Engine'))}</b>: billdesk {escape(str(e.get('billdesk')))}, "
                 f"{escape(str(e.get('rules')))}, {escape(str(e.get('timezone')))}</p>")
    parts.append(f"<p><b>{escape(tr('Data quality'))}</b>: measured {q['measured']}, "
                 f"substituted {q['substituted']}, estimated {q['estimated']}, missing "
                 f"{q['missing']} — {escape(tr('thresholds'))} "
                 f"{escape(str(q['thresholds']))}: {escape(q['verdict'])}</p>")
    for d in ex["data"]:
        rows = "".join(
            f"<li>chunk {c['id']} · {c['month']} · version {c['version']} · received "
            f"{escape(str(c['received_at']))} · {escape(c['import'] or '')}"
            + ("" if c["newest_version"] == c["version"]
               else f" · <i>newer version {c['newest_version']} exists</i>") + "</li>"
            for c in d["chunks"])
        parts.append(f"<p><b>{escape(d['role'])}</b> {escape(d['point'] or '')}</p>"
                     f"<ul>{rows}</ul>")
    t = ex["tariff"]
    if t:       # a producer's self-billing note has none: its prices are the members'
        rows = "".join(f"<li>{escape(str(v['valid_from']))} ({escape(v['applies'])}): "
                       f"{escape('; '.join(v['components']))}</li>" for v in t["versions"])
        parts.append(f"<p><b>{escape(tr('Tariff'))}</b> {escape(t['code'])}</p>"
                     f"<ul>{rows}</ul>")
    for p in ex["prices"]:
        parts.append(f"<p><b>{escape(tr('Price series'))}</b> {escape(p['series'])}: "
                     f"{p['points']} points, {escape(str(p['min']))} .. "
                     f"{escape(str(p['max']))}</p>")
    for c in ex["communities"]:
        if c.get("producer"):
            parts.append(_producer_html(c, tr))
            continue
        parts.append(f"<p><b>{escape(tr('Community'))}</b> {escape(c['name'])} "
                     f"({escape(c['allocation'])}, {escape(str(c['local_price']))}): "
                     f"{c['members']} members; allocated {escape(str(c['allocated_kwh']))} "
                     "kWh</p>")
    r = ex.get("recomputed")
    if r is not None:
        verdict = tr("identical") if r["identical"] else tr("DIFFERENT") + ": " + "; ".join(
            f"{d['field']} {d['stored']} → {d['recomputed']}" for d in r["differences"][:8])
        parts.append(f"<p><b>{escape(tr('Re-computed with this engine'))}</b>: "
                     f"{escape(verdict)}</p>")
    return "".join(parts)


def _producer_html(c: dict, tr) -> str:
    """A producer's community: its production points, the members' local energy and what
    each paid for it, the producer's credited share."""
    point = tr("{point} ({token}): produced {kwh} kWh, producer {producer}")
    points = "".join("<li>" + escape(point.format(
        point=p["point"], token=p["token"], kwh=p["produced_kwh"],
        producer=p["producer"] or "—")) + "</li>" for p in c["points"])
    member = tr("{account}: {kwh} kWh local energy, paid {paid}")
    members = "".join("<li>" + escape(member.format(
        account=m["account"], kwh=m["local_kwh"], paid=m["paid"])) + "</li>"
        for m in c["member_detail"])
    price = (tr("flat local price {p}").format(p=c["flat_price"]) if c.get("flat_price")
             else tr("each member's own price per interval"))
    surplus = (" · " + tr("surplus price {p}").format(p=c["surplus_price"])
               if c.get("surplus_price") else "")
    return (f"<p><b>{escape(tr('Community'))}</b> {escape(c['name'])} "
            f"({escape(c['type'])}, {escape(c['allocation'])}; {escape(price)}"
            f"{escape(surplus)}): "
            + escape(tr("credited to this producer {a} kWh of the members' {m} kWh local "
                        "energy").format(a=c["allocated_kwh"], m=c["members_local_kwh"]))
            + f"</p><p>{escape(tr('Production points'))}</p><ul>{points}</ul>"
            f"<p>{escape(tr('Members'))}</p><ul>{members}</ul>")


class ExplainTab(QWidget):
    """Loads on first show; selecting a line lists its intervals."""

    def __init__(self, url: str, bill_id: int, parent=None):
        super().__init__(parent)
        self.url, self.bill_id = url, bill_id
        self.loaded = False
        self.explanation = None
        self.interval_line = None
        lay = QVBoxLayout(self)
        self.status = QLabel(self.tr("Loading…"))
        lay.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Vertical)
        self.summary = QTextBrowser()
        self.summary.setObjectName("explainSummary")
        split.addWidget(self.summary)
        self.trace = TraceModel(self)
        self.lines = make_table("explainLinesTable", self.trace, sortable=False)
        self.lines.selectionModel().currentRowChanged.connect(self._line_selected)
        split.addWidget(self.lines)
        self.intervals = IntervalsModel(self)
        self.interval_table = make_table("explainIntervalsTable", self.intervals,
                                         sortable=False)
        split.addWidget(self.interval_table)
        split.setSizes([180, 180, 160])
        lay.addWidget(split, 1)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            workers.submit(load_explanation, self.url, self.bill_id, on_success=self._loaded,
                           on_failure=lambda m, e: self.status.setText(m))

    def _loaded(self, ex) -> None:
        self.explanation = ex
        d = ex.as_dict()
        self.summary.setHtml(summary_html(d, self.tr))
        self.trace.set_rows(d["lines"])
        self.lines.resizeColumnsToContents()
        self.status.setText(self.tr("Select a line to list the intervals behind it."))

    def _line_selected(self, current, _previous) -> None:
        if not current.isValid() or self.explanation is None:
            return
        n = current.row() + 1
        self.interval_line = n
        self.status.setText(self.tr("Reading the intervals of line {n}…").format(n=n))
        workers.submit(load_explanation, self.url, self.bill_id, n,
                       on_success=lambda ex, n=n: self._intervals(n, ex),
                       on_failure=lambda m, e: self.status.setText(m))

    def _intervals(self, n: int, ex) -> None:
        if n != self.interval_line:
            return
        tr = ex.lines[n - 1]
        rows = tr.intervals or []
        self.intervals.set_intervals(rows)
        b = tr.basis or {}
        self.status.setText(self.tr("Line {n}: {k} interval(s), {what}").format(
            n=n, k=len(rows), what=b.get("selection", "")))
