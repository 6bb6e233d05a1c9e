"""Producers' self-billing credit notes in a bill run.

A producer account in the run gets, per community that pays it, one ``self_billing``
document (its own number series, SB-YYYY-NNNNNN) beside its invoice, if it has one: an
account may be member and producer, or producer only (no consumption point: no invoice).
The document is written in the same attempt as the account's invoice, so a crash or a
rerun never pays a producer twice. ``create``: a producer already paid for the period by a
non-cancelled self-billing document of another run is not paid again. ``create-and-correct``:
an issued one whose inputs changed (fingerprint) is cancelled by a credit note and replaced.
The fingerprint covers the community's rules, the producer's credited and surplus energy per
interval, the amount, its VAT registration and the surplus price.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.quality import QualityCounts
from billdesk.domain.run import AttemptStatus, BillingMode, ErrorCode
from billdesk.engine.money import ZERO
from billdesk.engine.producers import credit_note
from billdesk.runs.decide import Existing, NewBill, Result, credit_notes
from billdesk.store.idsets import any_of
from billdesk.store.models import Account, Bill

TAG = "community:"      # a self-billing document's tariff_code: the community it pays for


def tag_of(name: str) -> str:
    return (TAG + name)[:64]


def _existing(session: Session, account_ids: list[int], cfg) -> dict[tuple[int, str], list]:
    out: dict[tuple[int, str], list[Existing]] = defaultdict(list)
    p = cfg.period
    for r in session.execute(
            select(Bill.account_id, Bill.tariff_code, Bill.id, Bill.run_id, Bill.status,
                   Bill.number, Bill.period_start, Bill.period_end, Bill.fingerprint,
                   Bill.total, Bill.currency)
            .where(any_of(session, Bill.account_id, account_ids),
                   Bill.kind == BillKind.SELF_BILLING.value,
                   Bill.status != BillStatus.CANCELLED.value, Bill.period_start < p.end,
                   Bill.period_end > p.start, Bill.run_id != cfg.run_id)
            .order_by(Bill.id)):
        out[(r.account_id, r.tariff_code)].append(Existing(*r[2:]))
    return out


def add_producer_documents(session: Session, cfg, inputs, account_ids: list[int],
                           results: dict[int, Result], producer_only: set[int]) -> None:
    """Add each producer's self-billing documents to its result (in place).

    ``producer_only``: accounts that failed only for having no consumption point — a
    producer without consumption is paid and has no invoice."""
    producers = [a for a in account_ids if a in inputs.producers]
    if not producers:
        return
    info = {r.id: r for r in session.execute(
        select(Account.id, Account.code, Account.vat_registered)
        .where(any_of(session, Account.id, producers)))}
    existing = _existing(session, producers, cfg)
    target_name = _target_community(cfg)
    for a in producers:
        res = results[a]
        only = a in producer_only
        if res.status == AttemptStatus.FAILED and not only:
            continue          # the account's invoice failed: nothing is written for it
        docs, notes, problem = [], [], None
        for cid in inputs.producers[a]:
            com = inputs.community(session, cid)
            if target_name is not None and com.name != target_name:
                continue      # a run over one community pays for that community only
            credit = com.credits.get(a)
            if com.error or com.producer_error:
                problem = com.error or com.producer_error
                break
            if credit is None:
                continue
            acc = info[a]
            fp = fingerprint_of(com, credit, bool(acc.vat_registered))
            tag = tag_of(com.name)
            before = existing.get((a, tag), [])
            drafts = [e for e in before if e.status == BillStatus.DRAFT]
            issued = [e for e in before if e.status == BillStatus.ISSUED]
            if drafts:
                notes.append(f"{drafts[-1].describe()} already pays {acc.code} for community "
                             f"{com.name}; finalize or cancel run {drafts[-1].run_id} first")
                continue
            if issued and (cfg.billing != BillingMode.CREATE_AND_CORRECT
                           or issued[-1].fingerprint == fp):
                notes.append(f"community {com.name}: already paid by {issued[-1].describe()}")
                continue
            draft = credit_note(acc.code, cfg.period, com.currency, credit, com.vat_rate,
                                bool(acc.vat_registered), com.surplus_price, com.name, fp)
            if not draft.lines:
                continue
            if issued:
                docs.append(credit_notes(session, [issued[-1]])[issued[-1].id])
                notes.append(f"community {com.name}: corrects {issued[-1].describe()}")
            docs.append(NewBill(BillKind.SELF_BILLING.value, issued[-1].id if issued else None,
                                draft.currency, draft.period_start, draft.period_end,
                                draft.lines, draft.net_total, draft.vat_total, ZERO,
                                draft.total, fp, tag, ZERO, QualityCounts(),
                                inputs=_inputs_record(inputs, cid, com,
                                                      bool(acc.vat_registered)),
                                local_kwh=draft.local_kwh))
        if problem:
            results[a] = Result(a, AttemptStatus.FAILED.value, ErrorCode.ALLOCATION_ERROR.value,
                                f"producer not paid: {problem}", res.quality)
            continue
        if only:
            if not docs and not notes:
                continue      # a producer without consumption and nothing to pay: as before
            res = results[a] = Result(a, AttemptStatus.SUCCEEDED.value if docs
                                      else AttemptStatus.SKIPPED.value,
                                      None if docs else ErrorCode.ALREADY_BILLED.value)
        elif res.status == AttemptStatus.SKIPPED and docs:
            res.status, res.error_code = AttemptStatus.SUCCEEDED.value, None
        res.bills.extend(docs)
        paid = sum(1 for d in docs if d.kind == BillKind.SELF_BILLING.value)
        parts = ([f"{paid} self-billing credit note(s) for its production"] if paid else []) \
            + notes
        if parts:
            res.message = "; ".join([x for x in (res.message, *parts) if x])


def _inputs_record(inputs, cid: int, com, registered: bool) -> str | None:
    """A self-billing note's inputs record: the community snapshot its credits come from
    and the tariff context snapshot of each member's tariff (billdesk.audit.self_billing
    computes the note again from them)."""
    snaps = inputs.snapshots
    sha = snaps.community.get(cid) if snaps else None
    if sha is None or not com.snapshot or "producers" not in com.snapshot:
        return None
    tariffs = sorted({m["tariff"] for m in com.snapshot["producers"]["members"].values()})
    return json.dumps({"v": 1, "sb": sha, "vr": registered,
                       "ctx": {t: snaps.context.get(t) for t in tariffs}},
                      sort_keys=True, separators=(",", ":"))


def _target_community(cfg) -> str | None:
    target = getattr(cfg, "target", "") or ""
    return target[len("community:"):] if target.startswith("community:") else None


def fingerprint_of(com, credit, registered: bool) -> str:
    """A self-billing note's fingerprint: the community's rules, the credit, the VAT
    registration, the surplus price, the VAT rate and the currency."""
    h = hashlib.sha256()
    for part in (com.name, com.terms.fingerprint_part() if com.terms else "",
                 credit.digest(), str(registered), str(com.surplus_price), str(com.vat_rate),
                 com.currency):
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()
