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

One job, kept whole (~470 lines): ``verify`` — the chain walk and the re-check of each
document's printed columns and lines it needs, with their problem codes.
"""

from __future__ import annotations

import json
import time
from operator import itemgetter
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import inspect, text
from sqlalchemy.orm import sessionmaker

from billdesk.domain.chain import GENESIS, link_hash, number_in, series_of
from billdesk.gc_pause import gc_paused
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


# the columns an issued document prints, as text on SQLite and PostgreSQL alike; one scan
# of the issued bills in id order and one of their lines, merged (no IN lists, no sort of
# the documents in SQL), then the chain is walked in number order over what the scan kept
_BILLS = """
    SELECT b.id, b.number, b.kind, b.currency, CAST(b.period_start AS TEXT),
           CAST(b.period_end AS TEXT), CAST(b.net_total AS TEXT), CAST(b.vat_total AS TEXT),
           CAST(b.rounding AS TEXT), CAST(b.total AS TEXT), b.fingerprint, b.tariff_code,
           CAST(b.consumption_kwh AS TEXT), b.q_measured, b.q_substituted, b.q_estimated,
           b.q_missing, CAST(b.community_saving AS TEXT), b.issued_at, b.run_id, a.code,
           c.number, b.content, b.content_hash, b.prev_hash, b.record_hash
    FROM bills b JOIN accounts a ON a.id = b.account_id
    LEFT JOIN bills c ON c.id = b.corrects_id
    WHERE b.number IS NOT NULL AND b.id >= :lo AND b.id < :hi ORDER BY b.id"""
_LINES = """
    SELECT bill_id, position, component, label, CAST(quantity AS TEXT), unit,
           CAST(unit_price AS TEXT), CAST(net_amount AS TEXT), CAST(vat_rate AS TEXT),
           CAST(period_start AS TEXT), CAST(period_end AS TEXT), detail
    FROM bill_lines WHERE bill_id >= :lo AND bill_id < :hi
    ORDER BY bill_id"""          # the index order; drafts' lines are skipped
PARALLEL_FROM = 20_000           # documents: from here the scan is split over processes

_FIELDS = ("number", "kind", "currency", "period_start", "period_end", "net_total",
           "vat_total", "rounding", "total", "fingerprint", "tariff_code", "consumption_kwh",
           "q_measured", "q_substituted", "q_estimated", "q_missing", "community_saving")
_LINE_FIELDS = ("component", "label", "quantity", "unit", "unit_price", "net_amount",
                "vat_rate", "period_start", "period_end", "detail")
_LINE_VALUES = itemgetter(*_LINE_FIELDS)


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
              q["measured"], q["substituted"], q["estimated"], q["missing"],
              bill.get("community_saving"))
    lines = list(map(_LINE_VALUES, bill["lines"]))
    extra = {"account": bill["account"], "account_info": doc["account"]["account"],
             "corrects": doc.get("corrects_number")}
    return values, lines, {**content.get("record", {}), **extra}


def _row_problem(row, lines: list[tuple]) -> str | None:
    """Why the bill row no longer is its frozen content (None when it is)."""
    (bid, number, *cols) = row[:18]
    issued_at, run_id, account, corrects, content, chash, prev, rhash = row[18:]
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
    if current != values:
        for name, have, was in zip(_FIELDS, current, values):
            if have != was:
                return (f"bills.{name} is {have!r} in the database, the issued document says "
                        f"{was!r}")
    if account != rec["account"] or account != rec["account_info"]:
        return f"the bill's account is {account!r}, the issued document says {rec['account']!r}"
    if corrects != rec["corrects"]:
        return f"the bill corrects {corrects!r}, the issued document says {rec['corrects']!r}"
    if rec.get("bill_id") != bid or rec.get("run_id") != run_id:
        return (f"the bill is id {bid} of run {run_id}, the issued document was bill "
                f"{rec.get('bill_id')} of run {rec.get('run_id')}")
    frozen_at = rec.get("issued_at")
    if not (isinstance(issued_at, str) and frozen_at       # SQLite's text, the fast way
            and issued_at.replace(" ", "T") + "+00:00" == frozen_at) \
            and _utc(issued_at) != _utc(frozen_at):
        return f"bills.issued_at is {issued_at}, the issued document says {rec.get('issued_at')}"
    if lines != frozen_lines:
        if len(lines) != len(frozen_lines):
            return (f"the bill has {len(lines)} line(s), the issued document "
                    f"{len(frozen_lines)}")
        for k, (have, was) in enumerate(zip(lines, frozen_lines), start=1):
            for name, a, b in zip(_LINE_FIELDS, have, was):
                if a != b:
                    return (f"line {k} {name} is {a!r} in the database, the issued document "
                            f"says {b!r}")
    return None


@dataclass
class _Doc:
    """What the chain walk needs of one document (the scan keeps no content)."""

    seq: int
    id: int
    number: str
    prev_hash: str | None
    record_hash: str | None
    sealed: bool
    issued_at: datetime | str | None
    problem: str | None            # its own content problem (None: it is its content)


def _segments(conn) -> dict[str, tuple[str | None, str, int, int]] | None:
    """An audit package's segments: series -> (previous number, its record hash, first and
    last position of the run's documents); None for an ordinary database."""
    from billdesk.audit.package import SEGMENTS

    if SEGMENTS not in set(inspect(conn).get_table_names()):
        return None
    return {r[0]: (r[1], r[2], series_of(r[3])[1], series_of(r[4])[1]) for r in conn.execute(
        text(f"SELECT series, prev_number, prev_hash, first_number, last_number "
             f"FROM {SEGMENTS}"))}


def _scan(conn, lo: int, hi: int) -> tuple[list[_Doc], list[tuple[int, str]]]:
    """The issued documents with ``lo <= id < hi``, each checked against its content; and
    the numbers that are no document number (id, number)."""
    docs: list[_Doc] = []
    odd: list[tuple[int, str]] = []
    stream = conn.execution_options(stream_results=True, yield_per=5000)
    lines_it = iter(stream.execute(text(_LINES), {"lo": lo, "hi": hi}))
    pending = next(lines_it, None)
    for row in stream.execute(text(_BILLS), {"lo": lo, "hi": hi}):
        bid, number = row[0], row[1]
        lines = []
        while pending is not None and pending[0] < bid:
            pending = next(lines_it, None)
        while pending is not None and pending[0] == bid:
            lines.append(tuple(pending[1:]))
            pending = next(lines_it, None)
        lines = [ln[1:] for ln in sorted(lines)] if lines else lines
        content, chash, prev, rhash = row[22:26]
        sealed = bool(content and chash and rhash and prev is not None)
        problem = _row_problem(row, lines) if sealed else None
        try:
            _key, seq = series_of(number)
        except ValueError:
            odd.append((bid, number))
            continue
        at = row[18]          # SQLite: one text format, which sorts as the times do
        docs.append(_Doc(seq, bid, number, prev, rhash, sealed,
                         at if isinstance(at, str) else _utc(at), problem))
    return docs, odd


def _scan_part(db: str, lo: int, hi: int):
    """A worker process's part of the scan (its own engine; read-only for a package)."""
    from billdesk.store import db as dbmod

    engine = dbmod.make_engine(db)
    try:
        with engine.connect() as conn, gc_paused():
            return _scan(conn, lo, hi)
    finally:
        engine.dispose()


def _scan_all(factory: sessionmaker, conn, lo: int, hi: int, total: int, progress):
    """The whole scan: in this process, or — for many documents — split by id over worker
    processes (spawned; each reads its own id range)."""
    import os

    from billdesk.store import db as dbmod

    engine = factory.kw["bind"]
    parts = min(os.cpu_count() or 1, 4)
    try:        # split only onto cores that are free: on a busy machine it costs more
        parts = min(parts, max(1, int((os.cpu_count() or 1) - os.getloadavg()[0] + 0.5)))
    except (AttributeError, OSError):      # no load average (Windows)
        pass
    db = dbmod.package_path(engine) or engine.url.render_as_string(hide_password=False)
    if total < PARALLEL_FROM or parts < 2 or db.startswith("sqlite://") and ":memory:" in db:
        with gc_paused():
            return _scan(conn, lo, hi)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    step = -(-(hi - lo) // parts)
    ranges = [(lo + k * step, min(hi, lo + (k + 1) * step)) for k in range(parts)]
    docs: list[_Doc] = []
    odd: list[tuple[int, str]] = []
    with ProcessPoolExecutor(max_workers=parts,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_scan_part, db, a, b) for a, b in ranges]
        for n, fut in enumerate(as_completed(futures), start=1):
            d, o = fut.result()
            docs += d
            odd += o
            if progress:
                progress(len(docs), total, f"{n} of {parts} parts checked")
    return docs, odd


def verify(factory: sessionmaker, progress=None, cancelled=None) -> VerifyReport:
    """Walk every number series (see the module docstring); never changes anything."""
    t0 = time.perf_counter()
    report = VerifyReport()
    with factory() as s:
        conn = s.connection()
        total = conn.execute(text("SELECT count(*) FROM bills WHERE number IS NOT NULL")
                             ).scalar()
        segments = _segments(conn)
        counters = {} if segments is not None else {
            f"{r[0]}-{r[1]}": r[2] for r in conn.execute(
                text("SELECT series, year, last_number FROM number_series"))}
        lo, hi = conn.execute(text("SELECT min(id), max(id) FROM bills "
                                   "WHERE number IS NOT NULL")).one()
        docs, odd = _scan_all(factory, conn, lo or 0, (hi or 0) + 1, total, progress) \
            if total else ([], [])
    by_series: dict[str, list[_Doc]] = defaultdict(list)
    for d in docs:
        by_series[series_of(d.number)[0]].append(d)
    references: list[_Doc] = []
    if segments is not None:      # a package: documents outside its segments
        for key in list(by_series):
            seg = segments.get(key)
            inside = [d for d in by_series[key] if seg and seg[2] <= d.seq <= seg[3]]
            references += [d for d in by_series[key] if not (seg and seg[2] <= d.seq <= seg[3])]
            if inside:
                by_series[key] = inside
            else:
                del by_series[key]
    for key in sorted(set(by_series) | set(counters) | set(segments or {})):
        docs = sorted(by_series.get(key, []), key=lambda d: d.seq)
        rep = SeriesReport(key, len(docs), segment=segments is not None)
        report.series.append(rep)
        if docs:
            rep.first, rep.last = docs[0].number, docs[-1].number
        seg = segments.get(key) if segments is not None else None
        _walk(rep, docs, counters.get(key), seg)
        if rep.broken:
            report.broken.append(rep.broken)
        if cancelled and cancelled():
            break
    for bid, number in odd:
        report.broken.append(Break(number, INSERTED, f"{number!r} (bill {bid}) is not a "
                                   "number of any series"))
    report.references = len(references)
    for d in sorted(references, key=lambda d: d.number):
        if not d.sealed:
            report.broken.append(Break(d.number, INSERTED, "it has no frozen content or hash"))
        elif d.problem:
            report.broken.append(Break(d.number, CONTENT_CHANGED, d.problem))
    if progress:
        progress(total, total, "verified")
    report.seconds = time.perf_counter() - t0
    return report


def _walk(rep: SeriesReport, docs: list[_Doc], counter: int | None,
          segment: tuple[str | None, str, int, int] | None) -> None:
    """Check one series' documents in number order; sets ``rep.broken`` to the first problem
    and ``rep.head``."""
    width = len(docs[0].number) - len(rep.series) - 1 if docs else 6
    if segment is not None:
        prev_number, expected = segment[0], segment[1]
        prev_seq = series_of(prev_number)[1] if prev_number else 0
    else:
        prev_number, expected, prev_seq = None, GENESIS, 0
    prev_issued = None
    seen_hashes: dict[str, str] = {}
    for j, d in enumerate(docs):
        if d.seq != prev_seq + 1:
            missing = [number_in(rep.series, n, width) for n in range(prev_seq + 1, d.seq)]
            rep.broken = Break(missing[0], DELETED, _missing_text(missing, d.number))
            return
        if not d.sealed:
            rep.broken = Break(d.number, INSERTED, f"{d.number} has no frozen content or "
                               "chain link: it was not issued by billdesk")
            return
        if d.prev_hash != expected:
            after = seen_hashes.get(d.prev_hash)
            if after is not None:
                rep.broken = Break(d.number, OUT_OF_ORDER, f"{d.number} is chained to "
                                   f"{after}, not to the document numbered before it")
                return
            nxt = docs[j + 1] if j + 1 < len(docs) else None
            if nxt is not None and nxt.prev_hash == expected:
                rep.broken = Break(d.number, INSERTED, f"{d.number} is not in the chain: the "
                                   "next document is chained to the one before it")
            elif nxt is not None and nxt.prev_hash == d.record_hash and prev_number:
                rep.broken = Break(prev_number, INSERTED, f"{d.number} was not issued after "
                                   f"the {prev_number} now in the database: {prev_number} "
                                   "was inserted or replaced")
            else:
                rep.broken = Break(d.number, INSERTED, f"{d.number} does not continue the "
                                   f"chain after {prev_number or 'the start'}: inserted "
                                   "or replaced")
            return
        if d.problem:
            rep.broken = Break(d.number, CONTENT_CHANGED, d.problem)
            return
        if prev_issued is not None and d.issued_at is not None and d.issued_at < prev_issued:
            rep.broken = Break(d.number, OUT_OF_ORDER, f"{d.number} was issued at "
                               f"{d.issued_at} before {prev_number} ({prev_issued})")
            return
        seen_hashes[d.record_hash] = d.number
        expected, prev_seq, prev_number, prev_issued = d.record_hash, d.seq, d.number, \
            d.issued_at
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
    elif docs and segment is None:
        rep.broken = Break(docs[-1].number, INSERTED, f"series {rep.series} has no counter: "
                           "its documents were not numbered by billdesk")


def _missing_text(missing: list[str], after: str | None, counter: int | None = None) -> str:
    what = missing[0] if len(missing) == 1 else f"{missing[0]}..{missing[-1]}"
    if after:
        return f"{what} missing: {after} was issued after it"
    return f"{what} missing: the series counter issued {counter} number(s)"
