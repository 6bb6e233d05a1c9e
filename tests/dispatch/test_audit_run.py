"""Audit entries written while sending, printing and exporting carry the run of their
document (``audit_log.run_id``): the run's audit log, its CSV and its audit package list them."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, update

from billdesk.dispatch.bounces import import_bounces
from billdesk.dispatch.print_batch import export_print_batch
from billdesk.dispatch.send import send_documents
from billdesk.runs.export import export_pdfs
from billdesk.store.audit_log import LogFilter, page
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import AuditEntry
from tests.dispatch.test_bounces_print import dsn
from tests.dispatch.test_send import docs_of

PATH_ACTIONS = ("send.", "print.", "export.")


def _entries(factory):
    with factory() as s:
        return [(e.action, e.object_type, e.object_id, e.run_id)
                for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
                if e.action.startswith(PATH_ACTIONS)]


def test_send_print_and_export_entries_carry_the_documents_run(factory, run_id, smtp,
                                                                tmp_path):
    docs = [d for d in docs_of(factory, run_id) if d.email]
    smtp.recorder.refuse.add(docs[0].email)          # send.failed
    smtp.recorder.defer[docs[1].email] = 1           # send.retry, then send.sent
    smtp.recorder.drop_after_data.add(4)             # send.unknown
    first = send_documents(factory, run_id=run_id, render_workers=0)
    assert first.sent == len(docs) - 2 and first.failed == 2
    unknown = next(r for r in first.documents if r.state == "unknown")
    # a process that died while the refused document was in flight: send.requeue
    with transaction(factory) as s:
        s.execute(update(DispatchMessage).where(DispatchMessage.bill_id == docs[0].bill_id)
                  .values(status="sending", open_bill_id=docs[0].bill_id,
                          claimed_by="otherhost-gone:999999:dead",
                          claimed_at=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    smtp.recorder.refuse.clear()
    again = send_documents(factory, run_id=run_id, render_workers=0)
    assert again.sent == 1
    # --bill: send.resend, send.queue_resend, and the start/finish of a one-run selection
    forced = send_documents(factory, bill_refs=[unknown.number], resend=True,
                            render_workers=0)
    assert forced.sent == 1
    sent = next(r for r in first.documents if r.status == "sent")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.eml").write_bytes(dsn(sent.message_id, sent.recipient))
    assert import_bounces(factory, [str(tmp_path / "in")]).bounced == 1   # send.bounced
    export_print_batch(factory, run_id, tmp_path / "p.pdf", workers=0)    # print.batch
    export_pdfs(factory, tmp_path / "one", bill_refs=[sent.number], workers=0)

    entries = _entries(factory)
    actions = {a for a, *_ in entries}
    assert {"send.start", "send.finish", "send.sent", "send.failed", "send.retry",
            "send.unknown", "send.requeue", "send.queue_resend", "send.resend",
            "send.bounced", "print.batch", "export.pdf"} <= actions
    # every entry of a document (or of the run's selection) names the run; the one entry of
    # the bounce import itself is about files, which may hold bounces of several runs
    assert [e for e in entries if e[3] != run_id] == [
        e for e in entries if e[0] == "send.import_bounces"]
    # the run's audit log lists every one of them by its run_id column
    rows = page(factory, LogFilter(run_id=run_id), limit=10_000)
    assert {r.action for r in rows} >= actions - {"send.import_bounces"}
    assert all(r.run_id == run_id for r in rows
               if r.action.startswith(PATH_ACTIONS) and r.action != "send.import_bounces")


def test_an_id_list_fits_the_object_id_column():
    """``send --bill`` / ``export pdf --bill`` of many documents with long ids named them
    all in ``object_id`` (64 characters): the write after the work was refused."""
    from billdesk.store.audit import OBJECT_ID_LENGTH, id_list

    assert id_list([3, 1, 2]) == "3,1,2"
    many = id_list(range(541, 1041))
    assert len(many) <= OBJECT_ID_LENGTH and many.startswith("541,542,")
    shown = many.split(",")[:-1]
    assert many.endswith(f",+{500 - len(shown)}")
    assert id_list([10 ** 70]) == "+1"
    assert len(id_list(range(10 ** 9, 10 ** 9 + 40))) <= OBJECT_ID_LENGTH
