"""Importing meter data from files and folders in any supported format.

Transaction policy (docs/formats.md): every file is read and checked on its own, without
holding the database; a refused file is reported with its place and left out, the rest is
written together in ONE transaction, merged per metering point and month (one new chunk
version per point-month and import, however many daily files touch it). Billdesk readings
CSV files run through their own importer inside that transaction, each in a savepoint.
A cancel, or any failure while writing, rolls the whole import back: nothing half-written.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import insert, update

from billdesk.domain.errors import InputError
from billdesk.store import audit, db, settings
from billdesk.store.importers.files import check_file, sha256
from billdesk.store.importers.readings import import_readings
from billdesk.store.intervals import BATCH_KEY, ChunkWriter
from billdesk.store.meterdata import eda, mscons, portal, sdat
from billdesk.store.meterdata.detect import FORMATS, detect
from billdesk.store.meterdata.series import Document, Located
from billdesk.store.models import ImportRecord
from billdesk.store.points import PointBook, PointKey, UnknownPoint, ensure_points

log = logging.getLogger(__name__)
PARSERS = {"sdat": sdat.parse, "eda": eda.parse, "mscons": mscons.parse,
           "portal": portal.parse}
SLICE_VALUES = 40_000_000   # buffered values written early (same transaction) past this
POOL_BYTES = 64 << 20       # imports this large are parsed on several processes


@dataclass
class FileReport:
    file: str
    format: str | None = None
    status: str = "refused"          # imported | unchanged | refused
    values: int = 0
    changed: int = 0                 # intervals changed (billdesk CSV: month chunks)
    stale: int = 0                   # values older than the stored data, not applied
    rounded: int = 0
    points: int = 0
    created: str | None = None
    document_status: str | None = None
    notes: list[str] = field(default_factory=list)
    error: dict | None = None

    def refuse(self, exc: InputError) -> None:
        self.status = "refused"
        self.error = {"message": exc.message, "file": exc.file, "line": exc.line,
                      "field": exc.field, "text": str(exc)}


@dataclass
class ImportReport:
    files: list[FileReport]
    seconds: float = 0.0
    validate_only: bool = False
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)

    @property
    def values(self) -> int:
        return sum(f.values for f in self.files if f.status != "refused")

    @property
    def exit_code(self) -> int:
        return 2 if self.count("refused") else 0

    def as_dict(self) -> dict:
        d = {"kind": "readings", "files_total": len(self.files),
             "imported": self.count("imported"), "unchanged": self.count("unchanged"),
             "refused": self.count("refused"), "rows": self.values,
             "changed": sum(f.changed for f in self.files if f.status != "refused"),
             "seconds": round(self.seconds, 2),
             "values_per_second": round(self.values / self.seconds) if self.seconds else None,
             "validate_only": self.validate_only,
             "files": [asdict(f) for f in self.files]}
        if len(self.files) == 1:
            d["file"] = self.files[0].file
        return d


def collect(paths) -> tuple[list[Path], list[FileReport]]:
    """Files under ``paths`` (folders recursively, hidden entries skipped), sorted; paths
    that do not exist are reported as refused."""
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
        elif p.exists():
            files.append(p)
        else:
            r = FileReport(str(p))
            r.refuse(InputError("file or folder not found", file=str(p)))
            missing.append(r)
    unique: dict = {}
    for f in files:
        try:
            key = f.resolve()
        except OSError:
            key = f
        unique.setdefault(key, f)
    return list(unique.values()), missing


def parse_file(args) -> tuple:
    """Read one file (in this or a worker process): ("ok", fmt, Document, sha256),
    ("csv", "csv") for the billdesk CSV importer, or ("refused", fmt, message, line, field).
    Only plain values cross the process boundary."""
    path, fmt, tz_name = args
    path = Path(path)
    kind = fmt
    try:
        check_file(path)                   # exists, a regular file (no FIFO), not empty
        kind = fmt or detect(path)
        if kind == "csv":
            return ("csv", "csv")
        digest = sha256(path)
        doc = PARSERS[kind](path, tz_name)
        return ("ok", kind, doc, digest)
    except Located as exc:
        return ("refused", kind, exc.message, exc.line, exc.field)
    except InputError as exc:
        return ("refused", kind, exc.message, exc.line, exc.field)
    except (OSError, UnicodeError, MemoryError, RecursionError) as exc:
        return ("refused", kind, f"cannot read the file: {exc}", None, None)
    except Exception as exc:   # a parser bug: refuse the file, keep the folder
        log.exception("reading %s failed", path)
        return ("refused", kind, f"could not be read (unexpected {type(exc).__name__}: "
                                 f"{exc}); please report this file", None, None)


def _die_with_parent() -> None:
    """Linux: a parser process gets SIGKILL when the import dies (no orphans)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # other systems: the pool ends its workers with the import
        pass


def _total_bytes(files) -> int:
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    return total


def import_paths(factory, paths, fmt: str | None = None, progress=None, cancelled=None,
                 validate_only: bool = False, processes: int | None = None) -> ImportReport:
    """Import meter data from ``paths``; ``processes`` parse big imports in parallel
    (default: the machine's cores; 1 = in this process)."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}",
                         field="--format")
    files, missing = collect(paths)
    if not files and not missing:
        raise InputError("no files to import in " + ", ".join(map(str, paths)))
    imp = _Import(factory, fmt, progress, cancelled, validate_only)
    imp.processes = max(1, processes if processes is not None else (os.cpu_count() or 1))
    return imp.run(files, missing)


class _Import:
    def __init__(self, factory, fmt, progress, cancelled, validate_only):
        self.factory, self.fmt = factory, fmt
        self.progress, self.cancelled = progress, cancelled
        self.validate_only = validate_only
        self.t0 = time.monotonic()
        self.session = None
        self.writer: ChunkWriter | None = None
        self.values = 0

    def _check_cancel(self):
        if self.cancelled and self.cancelled():
            raise InputError("import cancelled; nothing was written")

    def _tell(self, done, total, what=""):
        if self.progress:
            secs = max(time.monotonic() - self.t0, 1e-9)
            self.progress(done, total, f"files; {self.values:,} values, "
                                       f"{self.values / secs:,.0f} values/s{what}")

    def run(self, files: list[Path], missing: list[FileReport]) -> ImportReport:
        with self.factory() as s:
            self.tz_name = settings.timezone_name(s)
            self.book = PointBook.load(s)
        reports = {p: FileReport(str(p)) for p in files}
        parsed: list[tuple[FileReport, Document, list]] = []
        csv_files: list[Path] = []
        self.digests: dict[str, str] = {}
        buffered = 0
        try:
            for i, (path, result) in enumerate(self._parsed(files)):
                self._check_cancel()
                rep = reports[path]
                kind, rep.format = result[0], result[1]
                if kind == "csv":
                    csv_files.append(path)
                elif kind == "refused":
                    rep.refuse(InputError(result[2], file=str(path), line=result[3],
                                          field=result[4]))
                else:
                    doc, self.digests[str(path)] = result[2], result[3]
                    try:
                        parsed.append((rep, doc, self._resolve(doc)))
                    except Located as exc:
                        rep.refuse(exc.error(path))
                    else:
                        self._describe(rep, doc)
                        self.values += doc.values
                        buffered += doc.values
                        if buffered > SLICE_VALUES:
                            self._write(parsed)
                            parsed, buffered = [], 0
                self._tell(i + 1, len(files))
            self._check_cancel()
            if parsed or csv_files or self.session is not None:
                self._write(parsed)
                for path in csv_files:
                    self._check_cancel()
                    self._csv(path, reports[path])
                self._finish(reports)
        except BaseException:
            if self.session is not None:
                self.session.rollback()
                self.session.close()
            raise
        if self.session is not None:
            if self.validate_only:
                self.session.rollback()
            else:
                self.session.commit()
            self.session.close()
        out = missing + [reports[p] for p in files]
        return ImportReport(out, time.monotonic() - self.t0, self.validate_only)

    def _parsed(self, files: list[Path]):
        """(path, parse_file result) in file order; on several processes for big imports."""
        args = [(str(p), self.fmt, self.tz_name) for p in files]
        n = self.processes
        if n > 1 and len(files) >= 8 * n and _total_bytes(files) >= POOL_BYTES:
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                     initializer=_die_with_parent) as ex:
                try:
                    for path, res in zip(files, ex.map(parse_file, args, chunksize=8)):
                        yield path, res
                except BaseException:
                    ex.shutdown(wait=True, cancel_futures=True)
                    raise
        else:
            for path, a in zip(files, args):
                yield path, parse_file(a)

    def _resolve(self, doc: Document) -> list:
        out = []
        seen: dict = {}
        for s in doc.series:
            try:
                target = self.book.resolve(s.code, s.direction, s.channel, s.create_point)
            except UnknownPoint as exc:
                raise Located(str(exc), s.line, s.place) from None
            key = target if isinstance(target, PointKey) else ("id", target)
            idx = s.start // 900 + np.arange(len(s.units), dtype=np.int64)
            if s.mask is not None:
                idx = idx[s.mask]
            prev = seen.get(key)
            if prev is not None:
                both = np.intersect1d(prev[0], idx, assume_unique=True)
                if len(both):
                    raise Located(f"{s.place} delivers intervals of {s.code} ({s.channel}) "
                                  f"that {prev[1]} delivers too", s.line, s.place)
                seen[key] = (np.union1d(prev[0], idx), prev[1])
            else:
                seen[key] = (idx, s.place)
            out.append(target)
        return out

    @staticmethod
    def _describe(rep: FileReport, doc: Document) -> None:
        rep.values = doc.values
        rep.rounded = doc.rounded
        rep.notes = doc.notes[:20] + ([f"... {len(doc.notes) - 20} more"]
                                      if len(doc.notes) > 20 else [])
        rep.points = len({(s.code, s.direction, s.channel) for s in doc.series})
        rep.created = doc.created.isoformat() if doc.created else None
        rep.document_status = doc.status

    def _open(self):
        if self.session is None:
            # SQLite: BEGIN IMMEDIATE, waiting for another writer up to the busy timeout
            self.session = db.write_session(self.factory)
            self.session.begin()
            self.session.info[BATCH_KEY] = {}
            self.received_at = datetime.now(timezone.utc)
            self.writer = ChunkWriter(self.session, settings.utility_zone(self.session),
                                      received_at=self.received_at)
            self.records: dict[int, FileReport] = {}
        return self.session

    def _write(self, parsed) -> None:
        s = self._open()
        if not parsed:
            return
        actor = audit.actor()
        rows = [{"kind": f"readings:{doc.fmt}", "file_name": rep.file,
                 "sha256": self.digests.get(rep.file) or sha256(Path(rep.file)),
                 "rows": doc.values, "changed": 0, "actor": actor, "at": self.received_at}
                for rep, doc, _targets in parsed]
        ids = list(s.scalars(insert(ImportRecord).returning(ImportRecord.id,
                                                            sort_by_parameter_order=True),
                             rows))
        new_keys = [t for _r, _d, ts in parsed for t in ts if isinstance(t, PointKey)]
        created_ids = ensure_points(s, new_keys)
        for (rep, doc, targets), rid in zip(parsed, ids):
            self.records[rid] = rep
            for series, target in zip(doc.series, targets):
                pid = created_ids[target] if isinstance(target, PointKey) else target
                start = datetime.fromtimestamp(series.start, timezone.utc)
                self.writer.add(pid, start, series.units, series.flags, series.mask,
                                created=series.created or doc.created, source=rid)
            self._check_cancel()
        self._tell(len(self.records), len(self.records), " (writing)")
        self.writer.flush()

    def _csv(self, path: Path, rep: FileReport) -> None:
        s = self._open()
        snapshot = dict(s.info[BATCH_KEY])
        sp = s.begin_nested()
        try:
            result = import_readings(s, path, cancelled=self.cancelled)
            sp.commit()
        except InputError as exc:
            sp.rollback()
            s.info[BATCH_KEY] = snapshot
            rep.refuse(exc)
            return
        rep.values, rep.changed = result.rows, result.changed
        rep.points = result.details.get("points", 0)
        rep.status = "imported" if result.changed else "unchanged"
        self.values += result.rows

    def _finish(self, reports) -> None:
        s = self.session
        self.writer.flush()
        changed = []
        for rid, rep in self.records.items():
            st = self.writer.source_stats.get(rid, {"changed": 0, "stale": 0})
            rep.changed, rep.stale = st["changed"], st["stale"]
            rep.status = "imported" if rep.changed else "unchanged"
            if rep.changed:
                changed.append({"id": rid, "changed": rep.changed})
        for i in range(0, len(changed), 2000):
            s.execute(update(ImportRecord), changed[i:i + 2000])
        refused = [r for r in reports.values() if r.status == "refused"]
        if len(refused) == len(reports):
            return      # every file refused: the database stays exactly as it was
        audit.record(s, "import.readings", "import", None, {
            "files": len(reports), "imported": sum(r.status == "imported"
                                                   for r in reports.values()),
            "refused": len(refused), "values": self.values,
            "import_ids": sorted(self.records)[:1] + sorted(self.records)[-1:],
            "refused_files": [{"file": r.file, "error": r.error["text"]} for r in refused[:200]],
            "chunks": dict(self.writer.stats)})
        s.flush()
