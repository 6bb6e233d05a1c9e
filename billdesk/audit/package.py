"""The audit package: one self-contained, read-only file per bill run (docs/audit.md
"Audit package").

A package is a SQLite database of the billdesk schema (at this billdesk's revision) holding
only what one run used, plus three tables of its own:

* ``audit_package`` — one row: format, run id, when and by whom it was made, from which
  database, billdesk version and schema revision (the *marker* the command line checks);
* ``package_segments`` — per number series, the run's documents (first..last) and the
  document before the first (number and record hash): the link to the rest of the chain;
* ``package_pdfs`` — the PDF of every issued document, rendered from its frozen content
  when the package was made, with its SHA-256.

The database part: the run (and its ancestors), its attempts, its bills with lines and frozen
content (and the originals its credit notes cancel), its input snapshots (and those its
credit notes' originals used), the accounts *as of the run* (the addressee as frozen, the
points, tariff and supply dates the bills were computed with), the metering points, exactly
the interval-data chunk versions its bills and community allocations read (with the imports
that delivered them), the tariffs, price series and communities rebuilt from the run's
snapshots, the logo, the settings ``timezone`` and ``company``, the deliveries of its
documents and the audit-log entries of the run. The file's SQLite header carries billdesk's
application id, so billdesk always opens it read-only (billdesk.store.db).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from billdesk import __version__
from billdesk.domain.canonical import sha256_hex
from billdesk.domain.chain import GENESIS, number_in, series_of
from billdesk.domain.errors import InputError
from billdesk.runs.freeze import inputs_record
from billdesk.store import audit, bulk
from billdesk.store import db as dbmod
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.intervals import parse_token
from billdesk.store.models import (Account, AccountGroup, AuditEntry, Bill, BillingAttempt,
                                   BillLineRow, BillRun, CommunityMember,
                                   CommunityProductionPoint, CommunityRow, DocumentAsset,
                                   ImportRecord, IntervalChunk, MeteringPoint, PricePoint,
                                   PriceSeriesRow, RunInput, Setting)

FORMAT = "billdesk-audit-package/1"
MARKER = "audit_package"
SEGMENTS = "package_segments"
PDFS = "package_pdfs"
CHUNK = 2000

_DDL = (f"""CREATE TABLE {MARKER} (
    format TEXT NOT NULL, run_id INTEGER NOT NULL, created_at TEXT NOT NULL,
    created_by TEXT NOT NULL, source TEXT NOT NULL, billdesk_version TEXT NOT NULL,
    schema_revision TEXT NOT NULL, documents INTEGER NOT NULL)""",
        f"""CREATE TABLE {SEGMENTS} (
    series TEXT PRIMARY KEY, first_number TEXT NOT NULL, last_number TEXT NOT NULL,
    documents INTEGER NOT NULL, prev_number TEXT, prev_hash TEXT NOT NULL,
    head_hash TEXT NOT NULL)""",
        f"""CREATE TABLE {PDFS} (
    bill_id INTEGER PRIMARY KEY REFERENCES bills (id), number TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL, sha256 TEXT NOT NULL, data BLOB NOT NULL)""")


@dataclass
class PackageReport:
    path: str
    run_id: int
    documents: int = 0
    bills: int = 0
    chunks: int = 0
    snapshots: int = 0
    audit_entries: int = 0
    pdfs: int = 0
    segments: list[dict] = field(default_factory=list)
    bytes: int = 0
    sha256: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"package": self.path, "run": self.run_id, "documents": self.documents,
                "bills": self.bills, "chunks": self.chunks, "snapshots": self.snapshots,
                "audit_entries": self.audit_entries, "pdfs": self.pdfs,
                "segments": self.segments, "bytes": self.bytes, "sha256": self.sha256,
                "seconds": round(self.seconds, 2)}

    def text(self) -> str:
        segs = ", ".join(f"{s['first_number']}..{s['last_number']}" for s in self.segments)
        return (f"audit package of run {self.run_id} written to {self.path}: "
                f"{self.documents:,} documents ({segs}), {self.chunks:,} interval-data "
                f"chunks, {self.pdfs:,} PDFs, {self.bytes / 1e6:.1f} MB, sha256 "
                f"{self.sha256[:16]}… in {self.seconds:.1f} s")


# ------------------------------------------------------------------------------ opening
def _build_engine(path: Path) -> Engine:
    """A writable engine for building (or migrating a copy of) a package file: no journal
    (a failed build leaves only the ``.part`` file, which is discarded)."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(conn, _rec):
        conn.isolation_level = None
        cur = conn.cursor()
        for p in ("journal_mode=OFF", "synchronous=OFF", "foreign_keys=ON",
                  "cache_size=-200000", "temp_store=MEMORY"):
            cur.execute(f"PRAGMA {p}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")

    return engine


def _marker(conn) -> dict | None:
    try:
        row = conn.execute(text(f"SELECT * FROM {MARKER}")).mappings().first()
    except Exception:  # noqa: BLE001 - no such table
        return None
    return dict(row) if row else None


def package_info(factory) -> dict | None:
    """The package's marker row (format, run_id, created_at, …), or None for a database
    that is not an audit package."""
    with factory() as s:
        return _marker(s.connection())


def prepared_package(path: str | os.PathLike) -> Path:
    """The file to open for the package at ``path``: itself when its schema is this
    billdesk's, else a migrated copy in the temporary folder (the package is never
    changed). InputError when it is not a package or was written by a newer billdesk."""
    path = Path(path)
    if not dbmod.is_audit_package(path):
        raise InputError(f"{path} is not a billdesk audit package", file=str(path))
    engine = dbmod.make_engine(path)
    try:
        with engine.connect() as conn:
            info = _marker(conn)
            if info is None or info.get("format") != FORMAT:
                raise InputError(f"{path} has billdesk's application id but no audit-package "
                                 "marker of a known format: it is damaged", file=str(path))
        revision = dbmod.current_revision(engine)
    finally:
        engine.dispose()
    head = dbmod.head_revision()
    if revision == head:
        return path
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(dbmod.alembic_config(engine))
    known = {r.revision for r in script.walk_revisions()}
    if revision not in known:
        raise InputError(f"{path} was written by a newer billdesk (schema {revision}); "
                         "update billdesk to open it", file=str(path))
    digest = sha256_hex(f"{path.resolve()}:{path.stat().st_mtime_ns}:{head}")[:16]
    copy = Path(tempfile.gettempdir()) / f"billdesk-package-{digest}.bdaudit"
    if not copy.exists():
        part = copy.with_suffix(".part")
        shutil.copyfile(path, part)
        build = _build_engine(part)
        try:
            dbmod.upgrade(build)
        finally:
            build.dispose()
        os.replace(part, copy)
    return copy


def open_package(path) -> Engine:
    """A read-only engine on the package at ``path`` (migrated copy when older)."""
    return dbmod.make_engine(prepared_package(path))


def open_package_engine(engine: Engine) -> Engine:
    """For ``--db FILE``: ``engine`` is read-only on a package; the engine to use instead
    (the same file, or its migrated copy)."""
    path = dbmod.package_path(engine)
    prepared = prepared_package(path)
    if prepared == Path(path):
        return engine
    engine.dispose()
    return dbmod.make_engine(prepared)


# ------------------------------------------------------------------------------ export
def _copy(src: Session, dst: Session, table, where=None, rows=None, transform=None) -> int:
    """Copy the rows of ``table`` matching ``where`` (or the given row mappings)."""
    cols = [c.name for c in table.columns]
    if rows is None:
        q = select(*table.columns).order_by(*table.primary_key.columns)
        if where is not None:
            q = q.where(where)
        rows = [dict(r._mapping) for r in src.execute(q)]
    if transform:
        rows = [transform(r) for r in rows]
    bulk.insert(dst, table, cols, [tuple(r[c] for c in cols) for r in rows])
    return len(rows)


def _ids_in(col, ids):
    ids = sorted(ids)
    return [col.in_(ids[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)] or [col.in_([])]


def _copy_in(src, dst, table, col, ids, transform=None) -> int:
    n = 0
    for cond in _ids_in(col, ids):
        n += _copy(src, dst, table, cond, transform=transform)
    return n


def export_package(factory: sessionmaker, run_id: int, out: str | os.PathLike, *,
                   workers: int | None = None, pdfs: bool = True, progress=None,
                   cancelled=None) -> PackageReport:
    """Write the audit package of finalized run ``run_id`` to ``out`` (see the module
    docstring). The file appears complete or not at all; the export is recorded in the
    audit log of the source database."""
    t0 = time.perf_counter()
    progress = progress or (lambda d, t, m: None)
    out = Path(out)
    if out.exists():
        raise InputError(f"{out} exists; give a new file name", field="--out")
    if not out.parent.is_dir():
        raise InputError(f"no folder {out.parent}", field="--out")
    with factory() as s:
        run = s.get(BillRun, run_id)
        if run is None:
            raise InputError(f"no bill run {run_id}", field="--run")
        if run.finalized_at is None:
            raise InputError(f"run {run_id} is {run.status}: only a finalized run (its "
                             "documents issued) is packaged", field="--run")
        source = dbmod.describe(s.get_bind())
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    report = PackageReport(str(out), run_id)
    build = _build_engine(part)
    try:
        dbmod.upgrade(build)
        with build.connect() as c:
            triggers = c.execute(text("SELECT name, sql FROM sqlite_master "
                                      "WHERE type = 'trigger'")).all()
            for name, _sql in triggers:
                c.exec_driver_sql(f"DROP TRIGGER {name}")
            for ddl in _DDL:
                c.exec_driver_sql(ddl)
            c.commit()
        dst_factory = dbmod.session_factory(build)
        with factory() as src, dst_factory() as dst:
            with dst.begin():
                _fill(src, dst, run, report, progress)
        if pdfs:
            # after the database part, not beside it: feeding the worker processes (thawing
            # and pickling documents) on a thread competing with the copy for the GIL
            # starved them (3x slower on two cores, measured)
            _pdfs(factory, dst_factory, run_id, report, workers, progress, cancelled)
        with dst_factory() as dst, dst.begin():
            dst.execute(text(f"INSERT INTO {MARKER} VALUES (:f, :r, :at, :by, :src, :v, "
                             ":rev, :n)"),
                        {"f": FORMAT, "r": run_id,
                         "at": datetime.now(timezone.utc).isoformat(), "by": audit.actor(),
                         "src": source, "v": __version__, "rev": dbmod.head_revision(),
                         "n": report.documents})
        with build.connect() as c:
            for _name, sql in triggers:
                c.exec_driver_sql(sql)
            c.exec_driver_sql(f"PRAGMA application_id={dbmod.PACKAGE_APPLICATION_ID}")
            c.commit()
            c.exec_driver_sql("PRAGMA journal_mode=DELETE")
    except BaseException:
        build.dispose()
        part.unlink(missing_ok=True)
        raise
    build.dispose()
    os.replace(part, out)
    data_sha = _file_sha(out)
    report.bytes = out.stat().st_size
    report.sha256 = data_sha
    report.seconds = time.perf_counter() - t0
    if dbmod.is_writable(factory):
        with dbmod.transaction(factory) as s:
            audit.record(s, "audit.export", "bill_run", run_id,
                         {"out": str(out), "sha256": data_sha, "documents": report.documents,
                          "segments": report.segments}, run_id=run_id)
    return report


def _file_sha(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fill(src: Session, dst: Session, run: BillRun, report: PackageReport, progress) -> None:
    run_id = run.id
    progress(0, 0, "bills and documents")
    # settings the documents and the engine need
    _copy(src, dst, Setting.__table__, Setting.key.in_(["timezone", "company"]))
    # bills of the run and the originals its credit notes / replacements correct
    bill_ids = set(src.scalars(select(Bill.id).where(Bill.run_id == run_id)))
    originals: set[int] = set()
    frontier = set(bill_ids)
    while frontier:           # what they correct, and what that corrected, …
        found = set()
        for cond in _ids_in(Bill.id, frontier):
            found |= set(src.scalars(select(Bill.corrects_id).where(
                cond, Bill.corrects_id.is_not(None))))
        frontier = found - bill_ids - originals
        originals |= frontier
    all_bills = bill_ids | originals
    info = {}
    for cond in _ids_in(Bill.id, all_bills):
        for r in src.execute(select(Bill.id, Bill.run_id, Bill.attempt_id, Bill.account_id,
                                    Bill.inputs, Bill.content, Bill.tariff_code, Bill.number,
                                    Bill.record_hash).where(cond)):
            info[r.id] = r
    # inputs records -> points, chunk versions, snapshots; frozen documents read once
    records = {bid: inputs_record(r.inputs) for bid, r in info.items()}
    frozen = {bid: json.loads(r.content)["document"] for bid, r in info.items() if r.content}
    snap_shas: set[str] = set(src.scalars(select(RunInput.sha256)
                                          .where(RunInput.run_id == run_id)))
    wanted: dict[tuple[int, str], None] = {}
    for rec in records.values():
        if not rec:
            continue
        wanted[(rec["c"][0], rec["c"][1])] = None
        if rec.get("p"):
            wanted[(rec["p"][0], rec["p"][1])] = None
        snap_shas |= {x for x in [rec.get("context"), *rec.get("communities", [])] if x}
    snaps = {}
    for sha in sorted(snap_shas):
        row = src.execute(select(RunInput).where(RunInput.sha256 == sha)
                          .order_by(RunInput.run_id == run_id, RunInput.id)).scalars().all()
        if row:
            snaps[sha] = row[-1]
    # context snapshots name tariff/price/engine snapshots: include those too
    for sha, row in list(snaps.items()):
        if row.kind == "context":
            c = json.loads(row.content)
            for x in [*c.get("versions", []), *c.get("prices", {}).values(), c.get("engine")]:
                if x and x not in snaps:
                    got = src.scalars(select(RunInput).where(RunInput.sha256 == x)).first()
                    if got is not None:
                        snaps[x] = got
    runs = {run_id} | {r.run_id for r in info.values()} | {r.run_id for r in snaps.values()}
    frontier = set(runs)
    while frontier:           # ancestors (parent runs) of every run included
        parents = set(src.scalars(select(BillRun.parent_id).where(
            BillRun.id.in_(frontier), BillRun.parent_id.is_not(None)))) - runs
        runs |= parents
        frontier = parents
    communities = [json.loads(r.content) for r in snaps.values() if r.kind == "community"]
    for c in communities:
        for m in c["members"]:
            if m["point_id"]:
                wanted[(m["point_id"], m["token"] or "")] = None
        for p in c["production"]:
            wanted[(p["point_id"], p["token"])] = None
    # accounts: the run's attempts, the bills', the communities' members
    attempts = set(src.scalars(select(BillingAttempt.account_id)
                               .where(BillingAttempt.run_id == run_id)))
    account_ids = attempts | {r.account_id for r in info.values()} | \
        {m["account_id"] for c in communities for m in c["members"]}
    acc_rows = {}
    for cond in _ids_in(Account.id, account_ids):
        acc_rows.update((r["id"], r) for r in (dict(x._mapping) for x in src.execute(
            select(*Account.__table__.columns).where(cond))))
    _as_of_run(acc_rows, info, records, frozen, run_id)
    point_ids = {p for a in acc_rows.values() for p in (a["consumption_point_id"],
                                                         a["production_point_id"]) if p}
    point_ids |= {pid for pid, _t in wanted}
    point_ids |= {p["point_id"] for c in communities for p in c["production"]}
    _copy_in(src, dst, MeteringPoint.__table__, MeteringPoint.id, point_ids)
    _copy(src, dst, Account.__table__, rows=list(acc_rows.values()))
    _copy_in(src, dst, AccountGroup.__table__, AccountGroup.account_id, account_ids)
    # interval chunks: exactly the versions read
    versions: dict[tuple[int, object], set[int]] = defaultdict(set)
    for pid, token in wanted:
        for month, v in parse_token(token):
            versions[(pid, month)].add(v)
    chunk_rows = []
    by_month: dict[object, set[int]] = defaultdict(set)
    for pid, month in versions:
        by_month[month].add(pid)
    for month, pids in sorted(by_month.items()):
        for cond in _ids_in(IntervalChunk.metering_point_id, pids):
            for r in src.execute(select(*IntervalChunk.__table__.columns)
                                 .where(IntervalChunk.month == month, cond)):
                if r.version in versions.get((r.metering_point_id, month), ()):
                    chunk_rows.append(dict(r._mapping))
    latest = defaultdict(int)
    for r in chunk_rows:
        key = (r["metering_point_id"], r["month"])
        latest[key] = max(latest[key], r["version"])
    for r in chunk_rows:        # in the package: the newest version the run read is current
        r["is_current"] = r["version"] == latest[(r["metering_point_id"], r["month"])]
    imports = {r["import_id"] for r in chunk_rows if r["import_id"]}
    _copy_in(src, dst, ImportRecord.__table__, ImportRecord.id, imports)
    for k in range(0, len(chunk_rows), 500):
        _copy(src, dst, IntervalChunk.__table__, rows=chunk_rows[k:k + 500])
    report.chunks = len(chunk_rows)
    progress(0, 0, f"{len(chunk_rows):,} interval-data chunks")
    # tariffs, prices and communities as the run's snapshots say
    _rebuild_inputs(dst, [r for r in snaps.values() if r.run_id == run_id] or
                    list(snaps.values()), communities)
    # runs, attempts, bills, lines, snapshots, assets, deliveries, audit log
    _copy_in(src, dst, BillRun.__table__, BillRun.id, runs)
    attempt_ids = set(src.scalars(select(BillingAttempt.id)
                                  .where(BillingAttempt.run_id == run_id)))
    attempt_ids |= {r.attempt_id for r in info.values() if r.attempt_id}
    _copy_in(src, dst, BillingAttempt.__table__, BillingAttempt.id, attempt_ids)
    _copy(src, dst, RunInput.__table__, rows=[
        {c.name: getattr(r, c.name) for c in RunInput.__table__.columns}
        for r in snaps.values()])
    report.snapshots = len(snaps)
    logos = {logo[7:] for d in frozen.values()
             if (logo := d["company"].get("logo_path") or "").startswith("sha256:")}
    _copy_in(src, dst, DocumentAsset.__table__, DocumentAsset.sha256, logos)
    # what a bill corrects before the bill (foreign key): originals oldest first, then the run
    _copy_in(src, dst, Bill.__table__, Bill.id, originals)
    _copy_in(src, dst, Bill.__table__, Bill.id, bill_ids)
    _copy_in(src, dst, BillLineRow.__table__, BillLineRow.bill_id, all_bills)
    report.bills = len(bill_ids)
    report.documents = sum(1 for b in bill_ids if info[b].number)
    _copy_in(src, dst, DispatchMessage.__table__, DispatchMessage.bill_id, bill_ids)
    report.audit_entries = _copy_audit(src, dst, run_id, bill_ids, imports)
    _segments(src, dst, {b: info[b] for b in bill_ids}, report)
    progress(0, 0, f"{report.documents:,} documents")


def _as_of_run(acc_rows: dict, info: dict, records: dict, frozen: dict, run_id: int) -> None:
    """Accounts as the run billed and printed them: points, supply and tariff from the
    bills' inputs records, the addressee from their frozen documents."""
    from datetime import date

    for bid, r in sorted(info.items(), key=lambda kv: (kv[1].run_id != run_id, kv[0])):
        a = acc_rows.get(r.account_id)
        if a is None or a.get("_as_of"):
            continue
        rec = records.get(bid)
        if rec:
            a["consumption_point_id"] = rec["c"][0]
            a["production_point_id"] = rec["p"][0] if rec.get("p") else None
            s0, s1 = rec["supply"]
            a["supply_start"] = date.fromisoformat(s0)
            a["supply_end"] = date.fromisoformat(s1) if s1 else None
            if "vat_registered" in a:
                a["vat_registered"] = bool(rec.get("vr"))
        if r.tariff_code:
            a["tariff_code"] = r.tariff_code
        d = frozen.get(bid)
        if d is not None:
            addr = d["account"]["address"]
            a.update(name=addr["name"], street=addr["street"], postcode=addr["postcode"],
                     city=addr["city"], country=addr["country"], language=d["language"],
                     email=d["account"].get("email"))
        a["_as_of"] = True
    for a in acc_rows.values():
        a.pop("_as_of", None)


def _rebuild_inputs(dst: Session, snaps: list, communities: list[dict]) -> None:
    """The package's tariffs, price series and communities, from the run's snapshots."""
    from datetime import date
    from decimal import Decimal

    from billdesk.domain.tariff import TariffVersion
    from billdesk.store.importers.tariffs import save_tariff_version

    for r in sorted((r for r in snaps if r.kind == "tariff"), key=lambda r: r.id):
        save_tariff_version(dst, TariffVersion.from_dict(json.loads(r.content)["definition"]))
    dst.flush()
    for r in (r for r in snaps if r.kind == "prices"):
        c = json.loads(r.content)
        row = PriceSeriesRow(code=c["series"])
        dst.add(row)
        dst.flush()
        seen = set()
        pts = []
        for t, p in c["points"]:
            if t not in seen:
                seen.add(t)
                pts.append(PricePoint(series_id=row.id, start_utc=datetime.fromisoformat(t),
                                      price=Decimal(p)))
        dst.add_all(pts)
    for c in {c["id"]: c for c in communities}.values():
        com = CommunityRow(id=c["id"], name=c["name"], allocation=c["allocation"],
                           local_price=Decimal(c["local_price"]))
        dst.add(com)
        dst.flush()
        for p in c["production"]:
            dst.add(CommunityProductionPoint(community_id=com.id,
                                             metering_point_id=p["point_id"]))
        for m in c["members"]:
            dst.add(CommunityMember(community_id=com.id, account_id=m["account_id"],
                                    share=None if m["share"] is None else Decimal(m["share"]),
                                    valid_from=date.fromisoformat(m["from"]),
                                    valid_to=date.fromisoformat(m["to"]) if m["to"] else None))
    dst.flush()
    # save_tariff_version may log a replaced version: not an event of the package
    dst.execute(AuditEntry.__table__.delete())


def _copy_audit(src: Session, dst: Session, run_id: int, bill_ids: set[int],
                imports: set[int]) -> int:
    bills = [str(b) for b in bill_ids]
    conds = [AuditEntry.run_id == run_id,
             (AuditEntry.object_type.in_(audit.RUN_OBJECTS)) & (AuditEntry.object_id ==
                                                                 str(run_id))]
    for k in range(0, len(bills), CHUNK):
        conds.append((AuditEntry.object_type == "bill")
                     & AuditEntry.object_id.in_(bills[k:k + CHUNK]))
    imp = [str(i) for i in imports]
    for k in range(0, len(imp), CHUNK):
        conds.append((AuditEntry.object_type == "import")
                     & AuditEntry.object_id.in_(imp[k:k + CHUNK]))
    ids = set()
    for cond in conds:
        ids |= set(src.scalars(select(AuditEntry.id).where(cond)))
    return _copy_in(src, dst, AuditEntry.__table__, AuditEntry.id, ids)


def _segments(src: Session, dst: Session, bills: dict, report: PackageReport) -> None:
    by_series: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for r in bills.values():
        if r.number:
            key, seq = series_of(r.number)
            by_series[key].append((seq, r.number, r.record_hash))
    for key, docs in sorted(by_series.items()):
        docs.sort()
        first_seq, first = docs[0][0], docs[0][1]
        prev_number, prev_hash = None, GENESIS
        if first_seq > 1:
            prev_number = number_in(key, first_seq - 1, len(first) - len(key) - 1)
            prev_hash = src.scalar(select(Bill.record_hash).where(Bill.number == prev_number))
            if prev_hash is None:
                raise InputError(f"{prev_number}, the document before the run's {first}, is "
                                 "missing or unsealed; run 'billdesk verify'", field="--run")
        seg = {"series": key, "first_number": first, "last_number": docs[-1][1],
               "documents": len(docs), "prev_number": prev_number, "prev_hash": prev_hash,
               "head_hash": docs[-1][2]}
        dst.execute(text(f"INSERT INTO {SEGMENTS} VALUES (:series, :first_number, "
                         ":last_number, :documents, :prev_number, :prev_hash, :head_hash)"),
                    seg)
        report.segments.append(seg)


def _pdfs(factory, dst_factory, run_id: int, report: PackageReport, workers, progress,
          cancelled) -> None:
    """The run's PDFs rendered from the frozen documents on worker processes (into a
    temporary folder), then written into the package."""
    from billdesk.pdf import export_many, safe_component
    from billdesk.runs.export import issued_documents

    with factory() as s:
        rows = s.execute(select(Bill.id, Bill.number).where(Bill.run_id == run_id,
                                                            Bill.number.is_not(None))
                         .order_by(Bill.id)).all()
    ids = [r.id for r in rows]
    by_name = {safe_component(r.number, 60): (r.id, r.number) for r in rows}
    with tempfile.TemporaryDirectory(prefix="billdesk-package-") as tmp:
        rep = export_many(issued_documents(factory, ids), tmp, workers=workers,
                          progress=lambda d, t, m: progress(d, t, f"PDFs: {m}"),
                          cancelled=cancelled, total=len(ids))
        if rep.failed or rep.cancelled:
            why = "; ".join(f"{f.number}: {f.error}" for f in rep.failed[:3]) or "cancelled"
            raise InputError(f"the PDFs could not all be rendered ({why})", field="--run")
        with dst_factory() as dst, dst.begin():
            batch = []
            for path in rep.written:
                bid, number = by_name[path.name.split("_", 1)[0]]
                data = path.read_bytes()
                batch.append({"b": bid, "n": number, "f": path.name, "s": sha256_hex(data),
                              "d": data})
                if len(batch) >= 200:
                    dst.execute(text(f"INSERT INTO {PDFS} VALUES (:b, :n, :f, :s, :d)"), batch)
                    batch = []
            if batch:
                dst.execute(text(f"INSERT INTO {PDFS} VALUES (:b, :n, :f, :s, :d)"), batch)
        report.pdfs = len(rep.written)
