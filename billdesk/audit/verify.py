"""``billdesk verify``: walk the hash chain of every number series (docs/audit.md "verify").

For each series (``INV-2026``, ``CN-2026``, …) in number order, each issued document must
have its frozen content, whose SHA-256 is its ``content_hash``; its ``record_hash`` must be
the link hash of its number, ``prev_hash`` and content hash; ``prev_hash`` must be the record
hash of the document numbered just before it (64 zeros for number 1); and the bill's printed
columns and lines must still be what its content says. The first problem of each series is
named with its number and one of:

* ``content_changed`` — the content, a hash, or a printed column or line of the bill no
  longer matches (the field is named);
* ``document_deleted`` — a number is missing (before, inside or after the stored documents,
  against the series counter);
* ``document_inserted`` — a document that does not belong in the chain where it stands
  (the chain skips it, it replaced the original, it lacks its seal, or its number is beyond
  the counter);
* ``numbers_out_of_order`` — a document was issued before the one numbered before it, or is
  chained to a document other than its predecessor.

An audit package holds a segment of its series only: there the segment's first document must
link to the previous document recorded in the package, and documents referenced by the run
(the originals its credit notes cancel) are checked on their own.

The chain shows tampering by anyone who changes the database without recomputing every later
hash. The record hash of each series' last document (its *head*, printed by ``verify``,
stored in the ``bill.issue`` audit entry and in every audit package) anchors it: compare it
with a copy kept elsewhere to detect a rewrite of the whole chain.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import bindparam, text
from sqlalchemy.orm import sessionmaker

from billdesk.domain.chain import GENESIS, link_hash, number_in, series_of
from billdesk.domain.canonical import sha256_hex

CHUNK = 2000
CONTENT_CHANGED = "content_changed"
DELETED = "document_deleted"
INSERTED = "document_inserted"
OUT_OF_ORDER = "numbers_out_of_order"
PROBLEM_TEXT = {CONTENT_CHANGED: "content changed", DELETED: "document deleted",
                INSERTED: "document inserted", OUT_OF_ORDER: "numbers out of order"}


@dataclass
class Break:
    number: str
    problem: str
    message: str

    def as_dict(self) -> dict:
        return {"number": self.number, "problem": self.problem, "message": self.message}


@dataclass
class SeriesReport:
    series: str
    documents: int = 0
    first: str | None = None
    last: str | None = None
    head: str | None = None      # record hash of the last document
    broken: Break | None = None
    segment: bool = False        # an audit package's segment (links to a recorded previous)

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict:
        return {"series": self.series, "documents": self.documents, "first": self.first,
                "last": self.last, "head": self.head, "ok": self.ok,
                "segment": self.segment,
                "broken": self.broken.as_dict() if self.broken else None}


@dataclass
class VerifyReport:
    series: list[SeriesReport] = field(default_factory=list)
    references: int = 0            # package: documents checked on their own
    broken: list[Break] = field(default_factory=list)   # all series' first problems + refs
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.series) + self.references

    @property
    def ok(self) -> bool:
        return not self.broken

    def as_dict(self) -> dict:
        return {"ok": self.ok, "documents": self.documents,
                "series": [s.as_dict() for s in self.series],
                "references": self.references,
                "broken": [b.as_dict() for b in self.broken],
                "seconds": round(self.seconds, 3)}

    def text(self) -> str:
        lines = []
        for s in self.series:
            span = f"{s.first}..{s.last}" if s.first else "no documents"
            if s.ok:
                lines.append(f"{s.series:<12} {span} ({s.documents:,} documents) ok, head "
                             f"{(s.head or '')[:16]}")
            else:
                b = s.broken
                lines.append(f"{s.series:<12} BROKEN at {b.number}: {PROBLEM_TEXT[b.problem]}"
                             f" — {b.message}")
        if self.references:
            refs = [b for b in self.broken if b not in [s.broken for s in self.series]]
            lines.append(f"{self.references:,} referenced document(s) checked on their own"
                         + (": " + "; ".join(f"{b.number} {PROBLEM_TEXT[b.problem]}"
                                             for b in refs) if refs else ", ok"))
        if self.ok:
            lines.append(f"all {self.documents:,} issued documents in {len(self.series)} "
                         "series verified: no change, deletion or insertion")
        else:
            lines.append(f"TAMPERING FOUND: {len(self.broken)} broken link(s) in "
                         f"{self.documents:,} documents")
        return "\n".join(lines)


# the columns an issued document prints, as text on SQLite and PostgreSQL alike
_BILLS = text("""
    SELECT b.id, b.number, b.kind, b.currency, CAST(b.period_start AS TEXT),
           CAST(b.period_end AS TEXT), CAST(b.net_total AS TEXT), CAST(b.vat_total AS TEXT),
           CAST(b.rounding AS TEXT), CAST(b.total AS TEXT), b.fingerprint, b.tariff_code,
           CAST(b.consumption_kwh AS TEXT), b.q_measured, b.q_substituted, b.q_estimated,
           b.q_missing, b.issued_at, b.run_id, a.code, c.number, b.content, b.content_hash,
           b.prev_hash, b.record_hash
    FROM bills b JOIN accounts a ON a.id = b.account_id
    LEFT JOIN bills c ON c.id = b.corrects_id
    WHERE b.id IN :ids""").bindparams(bindparam("ids", expanding=True))
_LINES = text("""
    SELECT bill_id, component, label, CAST(quantity AS TEXT), unit, CAST(unit_price AS TEXT),
           CAST(net_amount AS TEXT), CAST(vat_rate AS TEXT), CAST(period_start AS TEXT),
           CAST(period_end AS TEXT), detail
    FROM bill_lines WHERE bill_id IN :ids ORDER BY bill_id, position""").bindparams(
    bindparam("ids", expanding=True))

_FIELDS = ("number", "kind", "currency", "period_start", "period_end", "net_total",
           "vat_total", "rounding", "total", "fingerprint", "tariff_code", "consumption_kwh",
           "q_measured", "q_substituted", "q_estimated", "q_missing")
_LINE_FIELDS = ("component", "label", "quantity", "unit", "unit_price", "net_amount",
                "vat_rate", "period_start", "period_end", "detail")


def _utc(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _printed(content: dict) -> tuple[tuple, list[tuple], dict]:
    """(the printed bill fields in ``_FIELDS`` order + account + corrects, the lines, the
    record) of a frozen content."""
    doc = content["document"]
    bill = doc["bill"]
    q = bill["quality"]
    values = (doc["number"], doc["kind"], bill["currency"], bill["period_start"],
              bill["period_end"], bill["net_total"], bill["vat_total"], bill["rounding"],
              bill["total"], bill["fingerprint"], bill["tariff_code"], bill["consumption_kwh"],
              q["measured"], q["substituted"], q["estimated"], q["missing"])
    lines = [tuple(ln[f] for f in _LINE_FIELDS) for ln in bill["lines"]]
    extra = {"account": bill["account"], "account_info": doc["account"]["account"],
             "corrects": doc.get("corrects_number")}
    return values, lines, {**content.get("record", {}), **extra}


def _row_problem(row, lines: list[tuple]) -> str | None:
    """Why the bill row no longer is its frozen content (None when it is)."""
    (bid, number, *cols) = row[:17]
    issued_at, run_id, account, corrects, content, chash, prev, rhash = row[17:]
    if sha256_hex(content) != chash:
        return "the frozen content does not match its SHA-256 (content_hash)"
    if link_hash(number, prev or "", chash) != rhash:
        return "the record hash is not the link hash of its number, previous hash and content"
    try:
        data = json.loads(content)
        values, frozen_lines, rec = _printed(data)
    except (ValueError, KeyError, TypeError) as exc:
        return f"the frozen content cannot be read ({type(exc).__name__}: {exc})"
    current = (number, *cols)
    for name, have, was in zip(_FIELDS, current, values):
        if have != was:
            return f"bills.{name} is {have!r} in the database, the issued document says {was!r}"
    if account != rec["account"] or account != rec["account_info"]:
        return f"the bill's account is {account!r}, the issued document says {rec['account']!r}"
    if corrects != rec["corrects"]:
        return f"the bill corrects {corrects!r}, the issued document says {rec['corrects']!r}"
    if rec.get("bill_id") != bid or rec.get("run_id") != run_id:
        return (f"the bill is id {bid} of run {run_id}, the issued document was bill "
                f"{rec.get('bill_id')} of run {rec.get('run_id')}")
    if _utc(issued_at) != _utc(rec.get("issued_at")):
        return f"bills.issued_at is {issued_at}, the issued document says {rec.get('issued_at')}"
    if len(lines) != len(frozen_lines):
        return (f"the bill has {len(lines)} line(s), the issued document "
                f"{len(frozen_lines)}")
    for k, (have, was) in enumerate(zip(lines, frozen_lines), start=1):
        if have != was:
            for name, a, b in zip(_LINE_FIELDS, have, was):
                if a != b:
                    return (f"line {k} {name} is {a!r} in the database, the issued document "
                            f"says {b!r}")
    return None


def _rows(conn, ids: list[int]):
    rows = {r[0]: r for r in conn.execute(_BILLS, {"ids": ids})}
    lines: dict[int, list[tuple]] = defaultdict(list)
    for r in conn.execute(_LINES, {"ids": ids}):
        lines[r[0]].append(tuple(r[1:]))
    return rows, lines


def _tables(conn) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def _segments(conn) -> dict[str, tuple[str | None, str, int, int]] | None:
    """An audit package's segments: series -> (previous number, its record hash, first and
    last position of the run's documents)."""
    from billdesk.audit.package import SEGMENTS

    if SEGMENTS not in _tables(conn):
        return None
    return {r[0]: (r[1], r[2], series_of(r[3])[1], series_of(r[4])[1]) for r in conn.execute(
        text(f"SELECT series, prev_number, prev_hash, first_number, last_number "
             f"FROM {SEGMENTS}"))}


def verify(factory: sessionmaker, progress=None, cancelled=None) -> VerifyReport:
    """Walk every number series (see the module docstring); never changes anything."""
    t0 = time.perf_counter()
    report = VerifyReport()
    with factory() as s:
        conn = s.connection()
        issued = conn.execute(text("SELECT id, number FROM bills "
                                   "WHERE number IS NOT NULL")).all()
        segments = _segments(conn)
        counters = {} if segments is not None else {
            f"{r[0]}-{r[1]}": r[2] for r in conn.execute(
                text("SELECT series, year, last_number FROM number_series"))}
        by_series: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        odd: list[tuple[int, str]] = []
        for bid, number in issued:
            try:
                key, seq = series_of(number)
            except ValueError:
                odd.append((bid, number))
                continue
            by_series[key].append((seq, bid, number))
        references: list[tuple[int, str]] = []
        if segments is not None:      # a package: documents outside its segments
            for key in list(by_series):
                seg = segments.get(key)
                inside = [d for d in by_series[key] if seg and seg[2] <= d[0] <= seg[3]]
                references += [(bid, num) for q, bid, num in by_series[key]
                               if not (seg and seg[2] <= q <= seg[3])]
                if inside:
                    by_series[key] = inside
                else:
                    del by_series[key]
        total, done = len(issued), 0
        for key in sorted(set(by_series) | set(counters) | set(segments or {})):
            docs = sorted(by_series.get(key, []))
            rep = SeriesReport(key, len(docs), segment=segments is not None)
            report.series.append(rep)
            if docs:
                rep.first, rep.last = docs[0][2], docs[-1][2]
            seg = segments.get(key) if segments is not None else None
            _walk(conn, rep, docs, counters.get(key), seg)
            if rep.broken:
                report.broken.append(rep.broken)
            done += len(docs)
            if progress:
                progress(done, total, f"{key} verified")
            if cancelled and cancelled():
                break
        for bid, number in odd:
            report.broken.append(Break(number, INSERTED, f"{number!r} (bill {bid}) is not a "
                                       "number of any series"))
        report.references = len(references)
        for part in range(0, len(references), CHUNK):
            chunk = references[part:part + CHUNK]
            rows, lines = _rows(conn, [bid for bid, _n in chunk])
            for bid, number in chunk:
                row = rows[bid]
                why = ("it has no frozen content or hash" if not row[21] or not row[22]
                       else _row_problem(row, lines.get(bid, [])))
                if why:
                    report.broken.append(Break(number, CONTENT_CHANGED if row[21] else INSERTED,
                                               why))
    report.seconds = time.perf_counter() - t0
    return report


def _walk(conn, rep: SeriesReport, docs: list[tuple[int, int, str]], counter: int | None,
          segment: tuple[str | None, str] | None) -> None:
    """Check one series' documents (seq, id, number) in order; sets ``rep.broken`` to the
    first problem and ``rep.head``."""
    width = len(docs[0][2]) - len(rep.series) - 1 if docs else 6
    if segment is not None:
        prev_number, expected = segment[0], segment[1]
        prev_seq = series_of(prev_number)[1] if prev_number else 0
    else:
        prev_number, expected, prev_seq = None, GENESIS, 0
    prev_issued = None
    seen_hashes: dict[str, str] = {}
    for k in range(0, len(docs), CHUNK):
        part = docs[k:k + CHUNK]
        ids = [bid for _s, bid, _n in part]
        nxt = docs[k + CHUNK][1] if k + CHUNK < len(docs) else None
        rows, lines = _rows(conn, ids + ([nxt] if nxt else []))
        for j, (seq, bid, number) in enumerate(part):
            row = rows[bid]
            content, chash, prev_hash, rhash = row[21:25]
            if seq != prev_seq + 1:
                if seq <= prev_seq:       # cannot happen with unique numbers; be explicit
                    rep.broken = Break(number, OUT_OF_ORDER, f"{number} follows "
                                       f"{number_in(rep.series, prev_seq, width)}")
                else:
                    missing = [number_in(rep.series, n, width)
                               for n in range(prev_seq + 1, seq)]
                    rep.broken = Break(missing[0], DELETED, _missing_text(missing, number))
                return
            if not content or not chash or not rhash or prev_hash is None:
                rep.broken = Break(number, INSERTED, f"{number} has no frozen content or "
                                   "chain link: it was not issued by billdesk")
                return
            if prev_hash != expected:
                after = next((n for h, n in seen_hashes.items() if h == prev_hash), None)
                if after is not None:
                    rep.broken = Break(number, OUT_OF_ORDER, f"{number} is chained to "
                                       f"{after}, not to the document numbered before it")
                    return
                nrow = _next_row(rows, part, j, nxt)
                if nrow is not None and nrow[23] == expected:
                    rep.broken = Break(number, INSERTED, f"{number} is not in the chain: the "
                                       "next document is chained to the one before it")
                elif nrow is not None and nrow[23] == rhash and prev_number:
                    rep.broken = Break(prev_number, INSERTED, f"{number} was not issued after "
                                       f"the {prev_number} now in the database: {prev_number} "
                                       "was inserted or replaced")
                else:
                    rep.broken = Break(number, INSERTED, f"{number} does not continue the "
                                       f"chain after {prev_number or 'the start'}: inserted "
                                       "or replaced")
                return
            why = _row_problem(row, lines.get(bid, []))
            if why:
                rep.broken = Break(number, CONTENT_CHANGED, why)
                return
            issued = _utc(row[17])
            if prev_issued is not None and issued is not None and issued < prev_issued:
                rep.broken = Break(number, OUT_OF_ORDER, f"{number} was issued at {issued} "
                                   f"before {prev_number} ({prev_issued})")
                return
            seen_hashes[rhash] = number
            expected, prev_seq, prev_number, prev_issued = rhash, seq, number, issued
    rep.head = expected if docs else None
    if segment is not None and prev_seq < segment[3]:
        missing = [number_in(rep.series, n, width) for n in range(prev_seq + 1, segment[3] + 1)]
        rep.broken = Break(missing[0], DELETED, f"{missing[0]}"
                           + (f"..{missing[-1]}" if len(missing) > 1 else "")
                           + " missing from the package's segment")
    elif counter is not None:
        if counter > prev_seq:
            missing = [number_in(rep.series, n, width) for n in range(prev_seq + 1, counter + 1)]
            rep.broken = Break(missing[0], DELETED, _missing_text(missing, None, counter))
        elif docs and prev_seq > counter:
            rep.broken = Break(number_in(rep.series, counter + 1, width), INSERTED,
                               f"the series counter issued {counter} number(s), the database "
                               f"holds documents up to {prev_number}")
    elif docs and segment is None and rep.series:
        rep.broken = Break(docs[-1][2], INSERTED, f"series {rep.series} has no counter: its "
                           "documents were not numbered by billdesk")


def _next_row(rows, part, j, nxt):
    if j + 1 < len(part):
        return rows[part[j + 1][1]]
    return rows.get(nxt) if nxt else None


def _missing_text(missing: list[str], after: str | None, counter: int | None = None) -> str:
    what = missing[0] if len(missing) == 1 else f"{missing[0]}..{missing[-1]}"
    if after:
        return f"{what} missing: {after} was issued after it"
    return f"{what} missing: the series counter issued {counter} number(s)"
