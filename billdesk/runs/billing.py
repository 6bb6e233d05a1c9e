"""What a batch of a run is billed with, and billing it: the run's configuration and
per-run inputs (``make_config``), then skip checks, the engine and the decisions per account
(``bill_accounts``). No transaction and no writing here: the caller writes the results
(billdesk.runs.writer) in one transaction per batch.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.run import AttemptStatus, ErrorCode
from billdesk.engine import bill_batch
from billdesk.runs.decide import (Result, credit_notes, decide, invoices_around,
                                  skip_before_billing, to_correct)
from billdesk.runs import snapshot
from billdesk.runs.freeze import daily_milli
from billdesk.runs.inputs import RunInputs, point_codes
from billdesk.runs.producers import add_producer_documents
from billdesk.runs.queries import load_run
from billdesk.store.models import BillRun

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000


class RunConfig:
    """A run's options as the billing of its batches needs them."""

    def __init__(self, run: BillRun):
        self.run_id = run.id
        self.period = Period(run.period_start, run.period_end)
        self.mode = run.mode
        self.billing = run.billing
        self.target = run.target
        self.thresholds = Thresholds.from_dict(run.thresholds)
        opts = run.options or {}
        self.factor = Decimal(str(opts.get("max_factor", "5")))
        self.round_payable = bool(opts.get("round_payable", False))
        self.batch_size = int(opts.get("batch_size", DEFAULT_BATCH))


def make_config(factory: sessionmaker, run_id: int, batch_size: int | None = None,
                communities: dict | None = None) -> tuple[RunConfig, RunInputs]:
    """The run's configuration and per-run inputs; ``communities``: allocations computed by
    the parent (so every worker bills with the same ones)."""
    with factory() as s:
        cfg = RunConfig(load_run(s, run_id))
        if batch_size:
            cfg.batch_size = int(batch_size)
        inputs = RunInputs(s, cfg.period, cfg.round_payable)
        if communities is not None:
            inputs.seed_communities(communities)
        else:
            inputs.all_communities(s, run_id)
        inputs.load_all_prices(s)
    inputs.snapshots = snapshot.record(factory, run_id, inputs)
    return cfg, inputs


def _inputs_records(cfg: RunConfig, inputs: RunInputs, prep) -> list[partial]:
    """The inputs record of each billed row of ``prep`` (billdesk.runs.snapshot), as a
    call that makes its text: the writer makes it (billdesk.runs.writer, on its own thread,
    beside the billing of the next batch)."""
    snaps = inputs.snapshots
    daily = daily_milli(prep.batch.consumption, cfg.period, inputs.tz_name) \
        if prep.rows else []
    out = []
    for r, spec, days in zip(prep.rows, prep.batch.accounts, daily):
        ctx = snaps.context.get(r.tariff_code) if snaps else None
        comms = [snaps.community[c] for c in inputs.memberships.get(r.id, ())
                 if snaps and c in snaps.community]
        out.append(partial(snapshot.inputs_text_milli, r, spec, ctx, comms, days,
                           r.production_point_id in inputs.community_points))
    return out


def bill_accounts(session: Session, cfg: RunConfig, inputs: RunInputs,
                  account_ids: list[int], among=None) -> list[Result]:
    """One Result per account id (same order): skip checks, the engine, decisions. Reads
    the batch's invoices (one query), accounts and interval data (billdesk.runs.inputs).
    ``among``: a subquery selecting (at least) these account ids — the claimed batch — for
    the reads instead of lists of ids."""
    existing, previous = invoices_around(session, account_ids if among is None else among,
                                         cfg.period, cfg.run_id)
    results: dict[int, Result] = {}
    to_bill = list(account_ids)
    if existing:               # else (the usual case) no account can be skipped before billing
        to_bill = []
        for a in account_ids:
            skip = skip_before_billing(cfg.billing, existing.get(a, ()), cfg.period)
            if skip:
                results[a] = Result(a, AttemptStatus.SKIPPED.value, skip[0], skip[1])
            else:
                to_bill.append(a)
    producer_only: set[int] = set()
    if to_bill:
        prep = inputs.load_batch(session, to_bill, among)
        billed = {r.id for r in prep.rows} if prep.failures else set()
        producer_only = {a for a, (code, _m) in prep.failures.items()
                         if a in inputs.producers and code == ErrorCode.NO_METER_DATA.value
                         and a not in billed}
        for a, (code, msg) in prep.failures.items():
            results[a] = Result(a, AttemptStatus.FAILED.value, code, msg)
        try:
            outcomes = bill_batch(prep.batch, cfg.thresholds) if prep.rows else []
        except Exception as exc:
            log.exception("the engine failed on a batch of run %s", cfg.run_id)
            outcomes = None
            for r in prep.rows:
                results[r.id] = Result(r.id, AttemptStatus.FAILED.value, ErrorCode.INTERNAL.value,
                                       f"billing engine error ({type(exc).__name__}: {exc}); "
                                       "report this to support")
        if outcomes is not None:
            no_data = [r.consumption_point_id for r, o in zip(prep.rows, outcomes)
                       if o.error_code == ErrorCode.NO_METER_DATA]
            codes = point_codes(session, no_data) if no_data else {}
            originals = [e for r, o in zip(prep.rows, outcomes)
                         if (e := to_correct(cfg.billing, o, existing.get(r.id, ())))] \
                if existing else []
            credits = credit_notes(session, originals) if originals else {}
            records = _inputs_records(cfg, inputs, prep)
            billing, factor = cfg.billing, cfg.factor
            for r, o, rec in zip(prep.rows, outcomes, records):
                res = decide(billing, o, existing.get(r.id, ()) if existing else (),
                             previous.get(r.id) if previous else None, factor, credits)
                res.account_id = r.id
                if res.bills:
                    res.bills[-1].inputs = rec     # the invoice (a credit note keeps its own)
                if res.error_code is not None:
                    _explain(res, codes.get(r.consumption_point_id), cfg.period)
                results[r.id] = res
    add_producer_documents(session, cfg, inputs, account_ids, results, producer_only)
    return [results[a] for a in account_ids]


def _explain(res: Result, point_code: str | None, period: Period) -> None:
    """What to do about a failure to bill with data (in place: ``res.message``)."""
    if res.error_code == ErrorCode.NO_METER_DATA:
        res.message = (f"metering point {point_code}: "
                       f"{res.message}; import its readings for {period}")
    elif res.error_code == ErrorCode.DATA_QUALITY:
        res.message = (f"{res.message}; import corrected readings or lower the "
                       "run's thresholds")
