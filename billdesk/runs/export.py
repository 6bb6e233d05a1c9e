"""PDF export of issued bills: their frozen content (billdesk.runs.freeze) -> ``InvoiceDocument``
-> billdesk.pdf workers.

An issued document is rendered from what was frozen when it was issued — addressee, lines,
figures, chart, company profile and logo — never from the account, readings or settings as
they are now, so a re-export gives the same PDF (apart from its creation time). Documents are
read in batches of 500, so memory stays bounded for a run of any size.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError, StorageError
from billdesk.pdf import export_many
from billdesk.runs.freeze import thaw_content
from billdesk.runs.issuer import asset_resolver
from billdesk.store import audit
from billdesk.store.db import is_writable, transaction
from billdesk.store.importers.files import display_name
from billdesk.store.limits import id_or_none
from billdesk.store.models import Bill, BillRun

BATCH = 500
log = logging.getLogger(__name__)


def issued_documents(factory: sessionmaker, bill_ids: list[int]):
    """The ``InvoiceDocument`` of each issued bill, thawed from its frozen content, in order.
    InputError for a bill that has none (a draft)."""
    for k in range(0, len(bill_ids), BATCH):
        part = bill_ids[k:k + BATCH]
        with factory() as s:
            rows = dict((r.id, r) for r in s.execute(
                select(Bill.id, Bill.number, Bill.content).where(Bill.id.in_(part))))
            resolve = asset_resolver(s)
            for bid in part:
                r = rows.get(bid)
                if r is None or r.content is None:
                    raise InputError(f"bill {bid} has no frozen content: only issued bills "
                                     "are exported", field="--bill")
                yield thaw_content(r.content, resolve)


def export_pdfs(factory: sessionmaker, out_dir: str | Path | None = None, *,
                run_id: int | None = None, bill_refs: list[str] | None = None,
                workers: int | None = None, progress=None, cancelled=None,
                resume: int | None = None, on_job=None):
    """Render the issued bills of a run (or the given bills) to ``out_dir``.

    Returns billdesk.pdf's ``ExportReport`` (written files, failures, cancelled, seconds),
    with ``job_id`` set. Drafts have no number yet and are not exported: finalize the run
    first. Every export is an export job (billdesk.runs.export_jobs) recording, chunk by
    chunk, where each document was written; ``resume=JOB`` continues an interrupted (or
    cancelled) job: only the bills it has not written yet, into its folder. ``on_job(id)`` is
    called once the job exists.
    """
    from billdesk.runs import export_jobs

    if resume is not None:
        with factory() as s:
            run_id, bill_ids, folder = export_jobs.job_bills(s, resume)
            info = export_jobs.get_job(s, resume)
        if info.status == "running":
            raise InputError(f"export {resume} is still running", field="--resume")
        if info.status == "completed":
            raise InputError(f"export {resume} is complete: nothing to resume",
                             field="--resume")
        out_dir = out_dir or folder
        bill_refs = [str(b) for b in bill_ids] if bill_ids else None
    if out_dir is None:
        raise InputError("no output folder", field="--out")
    with factory() as s:
        if run_id is not None:
            if s.get(BillRun, run_id) is None:
                raise InputError(f"no bill run {run_id}", field="--run")
            ids = s.scalars(select(Bill.id).where(Bill.run_id == run_id,
                                                  Bill.number.is_not(None))
                            .order_by(Bill.id)).all()
            if not ids:
                raise InputError(f"run {run_id} has no issued bills; finalize it first",
                                 field="--run")
        else:
            ids = []
            for ref in bill_refs or []:
                text = str(ref).strip()
                bid = id_or_none(text, Bill.id)
                bill = s.get(Bill, bid) if bid is not None else None
                bill = bill or s.scalar(select(Bill).where(Bill.number == text))
                if bill is None:
                    raise InputError(f"no bill with id or number {text[:60]!r}",
                                     field="--bill")
                if bill.number is None:
                    raise InputError(f"bill {text} is a draft without a number; finalize its "
                                     "run first", field="--bill")
                ids.append(bill.id)
        numbers = dict(s.execute(select(Bill.number, Bill.id).where(
            Bill.id.in_(ids))).all()) if len(ids) <= 5000 else None
        done_before = export_jobs.written_by(s, resume) if resume is not None else set()
    todo = [i for i in ids if i not in done_before]
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror or exc}",
                         field="--out") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(f"cannot write into the output folder {display_name(out)} "
                         "(read-only or no permission)", field="--out")
    if numbers is None:
        with factory() as s:
            numbers = dict(s.execute(select(Bill.number, Bill.id).where(
                Bill.run_id == run_id, Bill.number.is_not(None))).all())
    writable = is_writable(factory)     # an audit package: read-only, nothing recorded
    try:
        job = export_jobs.start_job(factory, str(out), len(ids), run_id=run_id,
                                    bill_ids=None if run_id is not None else list(ids),
                                    actor=audit.actor(), resume=resume) if writable else None
    except StorageError as exc:
        if exc.kind != "readonly":
            raise
        # an auditor's read-only copy: the files are written, the job cannot be recorded
        log.warning("export not recorded as an export job: %s", exc)
        job = None
    if on_job is not None and job is not None:
        on_job(job)

    def chunk_done(results):
        if job is None:
            return
        written = [(numbers[n], p) for n, p, e in results if e is None and n in numbers]
        export_jobs.record_written(factory, job, written, sum(e is not None
                                                             for _n, _p, e in results))

    base = len(done_before)

    def shifted(done, total, message=""):
        if progress:
            progress(base + done, len(ids), f"{base + done} of {len(ids)} invoices exported")

    try:
        report = export_many(issued_documents(factory, todo), out, workers=workers,
                             progress=shifted, cancelled=cancelled, total=len(todo),
                             on_chunk=chunk_done)
    except BaseException as exc:
        if job is not None:
            export_jobs.finish_job(factory, job, "failed", f"{type(exc).__name__}: {exc}")
        raise
    status = "cancelled" if report.cancelled else "completed"
    if status == "completed" and report.failed:
        status = "failed"
    if job is not None:
        export_jobs.finish_job(factory, job, status,
                               report.failed[0].error if report.failed else None)
    report.job_id = job
    report.skipped = base
    if not writable:
        return report
    try:
        with transaction(factory) as s:
            runs = {run_id}                # --bill: the documents' run, when they have one
            if run_id is None and len(ids) <= 1000:
                runs = set(s.scalars(select(Bill.run_id).where(Bill.id.in_(ids)).distinct()))
            audit.record(s, "export.pdf", "run" if run_id is not None else "bill",
                         run_id if run_id is not None else audit.id_list(ids),
                         {"out": display_name(out), "written": len(report.written),
                          "failed": len(report.failed), "cancelled": report.cancelled,
                          "job": job, "resumed": resume is not None,
                          "already_written": base},
                         run_id=runs.pop() if len(runs) == 1 else None)
    except StorageError as exc:
        if exc.kind != "readonly":
            raise
        # an auditor's read-only copy: the files are written, the log cannot be
        log.warning("export not recorded in the audit log: %s", exc)
    return report
