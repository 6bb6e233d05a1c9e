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

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from billdesk import __version__
from billdesk.audit.package_contents import SEGMENTS, fill
from billdesk.audit.package_pdfs import PDFS
from billdesk.domain.canonical import sha256_hex
from billdesk.domain.errors import InputError
from billdesk.store import audit
from billdesk.store import db as dbmod
from billdesk.store.models import Bill, BillRun

FORMAT = "billdesk-audit-package/1"
MARKER = "audit_package"

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
    known = dbmod.known_revisions()
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
    tmp = tempfile.TemporaryDirectory(prefix="billdesk-package-")
    rendering = None
    build = _build_engine(part)
    try:
        if pdfs:
            # first: the worker processes render the PDFs while this process copies the
            # database part (billdesk.audit.package_pdfs)
            from billdesk.audit.package_pdfs import PdfRendering

            with factory() as s:
                ids = list(s.scalars(select(Bill.id).where(Bill.run_id == run_id,
                                                           Bill.number.is_not(None))
                                     .order_by(Bill.id)))
            rendering = PdfRendering(factory, ids, tmp.name, workers)
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
                fill(src, dst, run, report, progress)
        if rendering is not None:
            report.pdfs = rendering.store(
                dst_factory, lambda d, t, m: progress(d, t, m), cancelled)
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
    finally:
        if rendering is not None:
            rendering.close()
        tmp.cleanup()
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
