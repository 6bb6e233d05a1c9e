"""What goes into an audit package: the rows one bill run used, copied from the source
database into the package being built (billdesk.audit.package; docs/audit.md "Audit
package"): settings, bills and the originals they correct, inputs records and snapshots, the
accounts *as of the run*, metering points, exactly the interval-data chunk versions read,
tariffs, prices and communities rebuilt from the snapshots, runs, attempts, lines, logo,
deliveries, the audit-log entries of the run and the chain segment of its documents."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from billdesk.domain.chain import GENESIS, number_in, series_of
from billdesk.domain.errors import InputError
from billdesk.runs.freeze import inputs_record
from billdesk.store import audit, bulk
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.intervals import parse_token
from billdesk.store.models import (Account, AccountGroup, AuditEntry, Bill, BillingAttempt,
                                   BillLineRow, BillRun, CommunityMember,
                                   CommunityProductionPoint, CommunityRow, DocumentAsset,
                                   ImportRecord, IntervalChunk, MeteringPoint, PricePoint,
                                   PriceSeriesRow, RunInput, Setting)

SEGMENTS = "package_segments"
CHUNK = 2000


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


def fill(src: Session, dst: Session, run: BillRun, report, progress) -> None:
    """Copy what run ``run`` used from ``src`` into the package being built (``dst``);
    counts go into ``report`` (a PackageReport)."""
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
        if rec and rec.get("sb"):        # a self-billing note: its community and contexts
            snap_shas |= {rec["sb"], *[x for x in rec.get("ctx", {}).values() if x]}
        if not rec or "c" not in rec:
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
            if m.get("local_point_id"):        # delivered allocation: the operator's series
                wanted[(m["local_point_id"], m["local_token"] or "")] = None
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
        if rec and "c" in rec:
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


def _segments(src: Session, dst: Session, bills: dict, report) -> None:
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
