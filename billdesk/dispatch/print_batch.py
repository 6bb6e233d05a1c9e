"""``export print``: one print-ready PDF of a run's documents for the post.

Which documents: every issued document of the run whose account has no e-mail address;
with ``undelivered`` also those whose e-mail failed, bounced or is of unknown delivery;
with ``all_documents`` every issued document. Cancelled (corrected) documents are never
printed. Sorted for the post office by country (Switzerland first), postcode, name and
number. Each document's PDF comes from billdesk.dispatch.documents (the exported file,
rendered first where missing). Documents of accounts without e-mail are marked
``printed`` in their delivery status; every batch is in the audit log (``print.batch``).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.orm import sessionmaker

from billdesk.dispatch import status as st
from billdesk.dispatch.documents import (Outgoing, ensure_pdfs, issued_pdf, load_outgoing,
                                         resolve_bill_ids)
from billdesk.domain.errors import InputError
from billdesk.pdf.print_batch import PrintEntry, PrintReport, merge
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import BillRun
from billdesk.store.settings_catalog import pdf_folder

UNDELIVERED = ("failed", "bounced", "unknown")


def _postcode_key(postcode: str):
    digits = re.match(r"\d+", postcode or "")
    return (0, int(digits.group(0)), postcode) if digits else (1, 0, postcode or "")


def sort_key(d: Outgoing):
    return (d.country != "CH", d.country, _postcode_key(d.postcode), d.name.casefold(),
            d.number)


def select_documents(factory: sessionmaker, run_id: int, *, all_documents: bool = False,
                     undelivered: bool = False) -> list[Outgoing]:
    docs = [d for d in load_outgoing(factory, resolve_bill_ids(factory, run_id=run_id))
            if d.status == "issued"]
    if not all_documents:
        latest = {}
        if undelivered:
            with factory() as s:
                latest = st.latest_by_bill(s, [d.bill_id for d in docs])
        docs = [d for d in docs if not d.email or (
            undelivered and d.bill_id in latest and latest[d.bill_id].status in UNDELIVERED)]
    return sorted(docs, key=sort_key)


def export_print_batch(factory: sessionmaker, run_id: int, out: str | Path, *,
                       all_documents: bool = False, undelivered: bool = False,
                       workers: int | None = None, progress=None,
                       cancelled=None) -> PrintReport:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise InputError("the print batch is one PDF file: give FILE.pdf", field="--out")
    if out.exists() and out.is_dir():
        raise InputError(f"{out} is a folder; give FILE.pdf", field="--out")
    with factory() as s:
        run = s.get(BillRun, run_id)
        if run is None:
            raise InputError(f"no bill run {run_id}", field="--run")
        title = f"Print batch · run {run.id} · {run.name}"
        folder = Path(pdf_folder(s))
    docs = select_documents(factory, run_id, all_documents=all_documents,
                            undelivered=undelivered)
    progress = progress or (lambda d, t, m: None)
    total = len(docs)
    progress(0, total, "preparing the PDFs")
    errors = ensure_pdfs(factory, docs, folder, workers=workers, cancelled=cancelled,
                         progress=lambda d, t, m: progress(0, total,
                                                           f"rendering PDFs: {d}/{t}"))
    if cancelled and cancelled():
        raise InputError("cancelled before the print batch was written", field="print")

    def entries():
        for d in docs:
            entry = PrintEntry(d.number, d.kind, d.name, d.postcode, d.city, d.country)
            if d.bill_id in errors:
                yield entry, None, errors[d.bill_id]
                continue
            try:
                yield entry, issued_pdf(d, folder), None
            except RuntimeError as exc:
                yield entry, None, str(exc)

    which = ("all documents" if all_documents else "accounts without e-mail"
             + (" and undelivered e-mails" if undelivered else ""))
    try:
        report = merge(entries(), out, title=title, progress=progress, total=total,
                       cancelled=cancelled,
                       details=[("Run", f"{run_id}"), ("Selection", which),
                                ("Sorted by", "country, postcode, name")])
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}", field="--out") from None
    except KeyboardInterrupt:
        raise InputError("cancelled before the print batch was written",
                         field="print") from None
    failed = {n for n, _e in report.failed}
    printed = [d for d in docs if not d.email and d.number not in failed]
    now = datetime.now(timezone.utc)
    me = audit.actor()
    with transaction(factory) as s:
        latest = st.latest_by_bill(s, [d.bill_id for d in printed])
        fresh = []
        for d in printed:
            m = latest.get(d.bill_id)
            if m is not None and m.channel == "print" and m.status == "print":
                s.execute(update(DispatchMessage).where(DispatchMessage.id == m.id)
                          .values(status="printed", sent_at=now))
            elif m is None or m.status not in ("queued", "sending", "delivering"):
                fresh.append({"bill_id": d.bill_id, "run_id": d.run_id, "channel": "print",
                              "status": "printed", "language": d.language, "sent_at": now,
                              "actor": me, "resend": m is not None})
        if fresh:
            s.execute(insert(DispatchMessage), fresh)
        audit.record(s, "print.batch", "run", run_id,
                     {"out": str(out), "documents": report.documents, "pages":
                      report.total_pages, "selection": which, "failed": len(report.failed)})
    return report
