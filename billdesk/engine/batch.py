"""Bill a batch of accounts for one period in one vectorised pass.

1. ``prepare`` (billdesk.engine.account_state): each account's tariff segments, its data
   quality (whole rows in one numpy pass) and its gaps filled;
2. accounts are grouped into blocks that share a segment (tariff version and supplied days)
   and the presence of local energy and export; ``_measure`` computes every component's
   quantities for all rows of a block (billdesk.engine.quantities; on a thread, one block
   ahead) and ``_bill_block`` their lines
   (billdesk.engine.lines: integer rounding with numpy, Decimals only for final figures);
3. ``_assemble``: per account its lines in order, VAT per rate, totals, fingerprint.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from billdesk.domain.bill import BillDraft, BillLine, lazy_lines, lazy_vat
from billdesk.domain.line_table import BlockLines
from billdesk.domain.quality import Thresholds
from billdesk.domain.run import ErrorCode
from billdesk.domain.tariff import ComponentType
from billdesk.engine.account_state import AccountError, AccountState, FlagCounts, prepare
from billdesk.engine.fingerprint import BatchFingerprints
from billdesk.engine.inputs import AccountOutcome, BatchInput
from billdesk.engine.community import CommunityPriceError, member_slots
from billdesk.engine.lines import LineContext, component_slots, synthetic_local_component
from billdesk.engine.money import (ZERO, minor_unit, payable_rounding, quantities, round_money,
                                   vat_per_rate)
from billdesk.engine.quality import filled_counts
from billdesk.engine.quantities import BatchData, Block, compute, month_slices
from billdesk.engine.records import maker
from billdesk.engine.segments import Segment
from billdesk.engine.timegrid import time_grid
from billdesk.engine.totals import block_totals
from billdesk.gc_pause import gc_paused

log = logging.getLogger(__name__)

_bill_draft = maker(BillDraft)
CHUNK_ROWS = 256        # accounts per block: its temporary arrays stay in the CPU caches
LOCAL_TOLERANCE = 1e-6  # kWh: local energy may exceed consumption by float noise only


def bill_batch(batch: BatchInput, thresholds: Thresholds) -> list[AccountOutcome]:
    """One AccountOutcome per account of ``batch``, in order; errors stay per account."""
    with gc_paused():
        return _bill_batch(batch, thresholds)


def _bill_batch(batch: BatchInput, thresholds: Thresholds) -> list[AccountOutcome]:
    g = time_grid(batch.period, batch.timezone)
    n_acc = len(batch.accounts)
    cons = _matrix(batch.consumption, "consumption", n_acc, g.n)
    flags = _matrix(batch.flags, "flags", n_acc, g.n)
    local = None if batch.local is None else _matrix(batch.local, "local", n_acc, g.n)
    export = None if batch.export is None else _matrix(batch.export, "export", n_acc, g.n)
    counts = FlagCounts(flags)        # on a thread: numpy releases the GIL meanwhile
    has_local = _nonzero_rows(local, n_acc, batch.local_rows)
    has_export = _nonzero_rows(export, n_acc, batch.export_rows)
    data = BatchData(g, cons, local, export, has_export=has_export)
    states = prepare(batch, data, flags, counts.result(), thresholds)
    fp = BatchFingerprints(batch, g, local, export, has_local, has_export)
    fp.hash_rows([(i, st.i0, st.i1) for i, st in enumerate(states) if st.segs])

    kwh = np.zeros((n_acc, 4))          # consumption, local, grid, export per account
    groups: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for i, st in enumerate(states):
        if st.error is None:
            for k, seg in enumerate(st.segs):
                groups[(id(seg), bool(has_local[i]), bool(has_export[i]),
                        batch.accounts[i].community)].append((i, k))
    jobs = []
    for (_, with_local, with_export, _terms), members in groups.items():
        seg = states[members[0][0]].segs[members[0][1]]
        for c in range(0, len(members), CHUNK_ROWS):
            jobs.append((seg, members[c:c + CHUNK_ROWS], with_local, with_export))
    # block k + 1 is measured (numpy, on a thread) while the lines of block k are made
    with ThreadPoolExecutor(1, thread_name_prefix="billdesk-quantities") as pool:
        ahead = pool.submit(_measure, batch, data, *jobs[0]) if jobs else None
        for k, (seg, chunk, with_local, with_export) in enumerate(jobs):
            current = ahead
            ahead = (pool.submit(_measure, batch, data, *jobs[k + 1])
                     if k + 1 < len(jobs) else None)
            try:
                _bill_block(batch, data, seg, chunk, states, with_local, with_export, kwh,
                            current.result())
            except Exception as exc:  # a bug must not break the other blocks
                log.exception("billing block %s %s..%s failed", seg.version.code, seg.start,
                              seg.end)
                for i, _ in chunk:
                    states[i].error = states[i].error or AccountError(
                        ErrorCode.INTERNAL, f"{type(exc).__name__}: {exc}")

    fp.wait()
    billed = [i for i, st in enumerate(states) if st.error is None]
    try:
        q = quantities(kwh[billed].ravel())    # four kWh figures per billed account
        figures = {i: tuple(q[4 * r:4 * r + 4]) for r, i in enumerate(billed)}
    except Exception:  # a figure that is not a number: found again (and reported) per bill
        figures = {}
    out = []
    for i, st in enumerate(states):
        spec = batch.accounts[i]
        try:
            fingerprint = fp.of(i, st.segs, st.i0, st.i1) if st.segs else ""
        except Exception as exc:  # pragma: no cover - defensive
            log.exception("fingerprint of %s failed", spec.account)
            st.error = st.error or AccountError(ErrorCode.INTERNAL, f"fingerprint: {exc}")
            fingerprint = ""
        if st.error is not None:
            out.append(AccountOutcome(spec.account, None, st.error.code.value, st.error.message,
                                      st.counts, fingerprint))
            continue
        try:
            bill = _assemble(batch, st, spec.account, fingerprint,
                             figures.get(i) or quantities(kwh[i]))
            msg = (f"{st.counts.missing} missing interval(s) filled (estimated)"
                   if st.counts.missing else "")
            out.append(AccountOutcome(spec.account, bill, None, msg, st.counts, fingerprint))
        except Exception as exc:
            log.exception("assembling the bill of %s failed", spec.account)
            out.append(AccountOutcome(spec.account, None, ErrorCode.INTERNAL.value,
                                      f"{type(exc).__name__}: {exc}", st.counts, fingerprint))
    return out


def _matrix(a, name: str, n_acc: int, n_int: int) -> np.ndarray:
    a = np.asarray(a)
    if a.shape != (n_acc, n_int):
        raise ValueError(f"{name} has shape {a.shape}, expected ({n_acc}, {n_int}): one row "
                         "per account, one column per 15-minute interval of the period")
    return a


def _nonzero_rows(a: np.ndarray | None, n: int, rows=None) -> np.ndarray:
    """[n] bool: the row has a non-zero value (NaN counts, and fails later); only ``rows``
    are looked at when given (the others are zero by the caller's word)."""
    if a is None:
        return np.zeros(n, dtype=bool)
    if rows is None:
        return a.any(axis=1)               # a logical-or reduction: no temporary array
    out = np.zeros(n, dtype=bool)
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows):
        out[rows] = a[rows].any(axis=1)
    return out


class _Measured:
    """A block's quantities (``_measure``): what the lines of its accounts are made from."""

    __slots__ = ("rows", "block", "bad", "comps", "qs", "terms", "local_total", "synth",
                 "sums", "months")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def _measure(batch: BatchInput, data: BatchData, seg: Segment, chunk: list[tuple[int, int]],
             with_local: bool, with_export: bool) -> _Measured:
    """Quantities of every component for the accounts in ``chunk`` over ``seg``, and what
    is wrong with their local energy or export. Numpy work on the block's own arrays only
    (no account state): it runs on a thread while the lines of the block before are made."""
    rows = np.fromiter((i for i, _ in chunk), dtype=np.int64, count=len(chunk))
    block = Block(data, seg, rows, with_local, with_export)
    bad: dict[int, AccountError] = {}
    if with_local:
        c, lo = block.array("consumption"), block.array("local")
        wrong = np.isnan(lo).any(axis=1) | (lo < 0).any(axis=1) | \
            (lo > c + LOCAL_TOLERANCE).any(axis=1)
        for j in np.flatnonzero(wrong).tolist():
            bad[j] = AccountError(ErrorCode.ALLOCATION_ERROR, "allocated local energy is unknown, "
                                  "negative or more than the consumption in some interval(s)")
    if with_export:
        for j in np.flatnonzero(block.export_wrong()).tolist():
            bad.setdefault(j, AccountError(ErrorCode.ALLOCATION_ERROR,
                                           "exported energy is unknown or negative"))
    comps = list(seg.version.components)
    terms = batch.accounts[chunk[0][0]].community     # one community's terms per block
    if terms is not None:        # the community's own lines replace the tariff's local energy
        comps = [x for x in comps if x.type is not ComponentType.COMMUNITY_ENERGY]
    has_local_comp = terms is not None or any(x.type is ComponentType.COMMUNITY_ENERGY
                                              for x in comps)
    qs = [compute(block, comp, batch.prices) for comp in comps]
    local_total = block.total("local") if with_local else np.zeros(len(rows))
    synth = None
    if not has_local_comp and with_local:
        synth = synthetic_local_component(seg)
        comps.append(synth)
        qs.append(compute(block, synth, batch.prices))
    for comp, q in zip(comps, qs):
        if q.no_price is not None:
            for j in np.flatnonzero(q.no_price).tolist():
                bad.setdefault(j, AccountError(
                    ErrorCode.NO_TARIFF, f"price series {comp.series!r} has no price for "
                    f"{int(q.no_price[j])} interval(s) of {seg.start}..{seg.end}"))
    sums = np.stack([block.total("consumption"), local_total, block.total("grid"),
                     block.total("export") if with_export else np.zeros(len(rows))], axis=1)
    return _Measured(rows=rows, block=block, bad=bad, comps=comps, qs=qs, terms=terms,
                     local_total=local_total, synth=synth, sums=sums,
                     months=month_slices(block))


def _bill_block(batch: BatchInput, data: BatchData, seg: Segment, chunk: list[tuple[int, int]],
                states: list[AccountState], with_local: bool, with_export: bool,
                kwh: np.ndarray, m: _Measured) -> None:
    """The lines of the accounts in ``chunk`` over ``seg`` from their quantities ``m``."""
    rows, block, bad, comps, qs = m.rows, m.block, m.bad, m.comps, m.qs
    terms, local_total, synth = m.terms, m.local_total, m.synth
    first = states[chunk[0][0]]
    specs = [batch.accounts[i] for i, _ in chunk]
    if synth is not None:
        for j, spec in enumerate(specs):
            if j not in bad and spec.local_price is None and local_total[j] > 0:
                bad[j] = AccountError(ErrorCode.ALLOCATION_ERROR,
                                      "community energy allocated but no local price is known")
    ctx = LineContext(len(rows), minor_unit(seg.version.currency), batch.period.start, seg,
                      len(first.segs) > 1, len(data.grid.months) > 1, first.d0, first.d1,
                      m.months,
                      [spec.local_price for spec in specs] if terms is None else [],
                      [spec.vat_registered for spec in specs])
    extra, saving = [], None
    if terms is not None and with_local:
        try:
            extra, saving = member_slots(terms, block, ctx, batch.prices)
        except CommunityPriceError as exc:
            for j in range(len(chunk)):
                bad.setdefault(j, AccountError(ErrorCode.ALLOCATION_ERROR, str(exc)))
    ok = [j for j, (i, _) in enumerate(chunk) if states[i].error is None and j not in bad]
    for j, err in bad.items():
        st = states[chunk[j][0]]
        st.error = st.error or err
    if not ok:
        return
    sel = np.array(ok, dtype=np.int64)
    kwh[rows[sel]] += m.sums[sel]
    slots = []                     # (component index, slot, rows that may have its lines)
    for n, (comp, q) in enumerate(zip(comps, qs)):
        only = (local_total > 0).tolist() if comp is synth else None
        for slot in component_slots(comp, q, ctx):
            slots.append((n, slot, only))
    for slot in extra:
        slots.append((len(comps), slot, None))
    if terms is not None:
        for j in ok:
            st = states[chunk[j][0]]
            st.saving = (st.saving or ZERO) + (saving[j] if saving is not None else ZERO)
    if len(first.segs) > 1:          # lines from several blocks: sorted per account later
        for j in ok:
            i, k = chunk[j]
            append = states[i].lines.append
            for n, slot, only in slots:
                ln = slot.lines[j]
                if ln is not None and (only is None or only[j]):
                    append(((n, k, slot.m), ln))
        return
    # every line of these accounts is in this block: the block's columns are their lines
    entries = []
    for _n, slot, only in slots:
        present = slot.present()
        keep = present if only is None else [p and o for p, o in zip(present, only)]
        entries.append((slot, keep))
    kept = [np.array(keep, dtype=bool) for _slot, keep in entries]
    totals = block_totals([slot for slot, _k in entries], kept, ctx.unit,
                          batch.round_payable and seg.version.currency == "CHF")
    table = BlockLines([(slot.source(), keep) for (slot, keep), has in zip(entries, kept)
                        if has.any()])          # a kind of line no row has: left out
    for j in ok:
        states[chunk[j][0]].table = (table, j)
    if totals is not None:
        for j in ok:
            states[chunk[j][0]].totals = totals[j]


def _assemble(batch: BatchInput, st: AccountState, account: str, fp: str, figures) -> BillDraft:
    version = st.segs[0].version
    unit = minor_unit(version.currency)
    lines: tuple[BillLine, ...]
    if st.table is not None:
        lines = ()                      # left in the block's columns, unless needed here
        if st.totals is None:
            lines = st.table[0].lines(st.table[1])
    elif len(st.segs) > 1:
        lines = tuple(ln for _, ln in sorted(st.lines, key=lambda t: t[0]))
    else:
        lines = tuple(st.lines)
    block_vat = None
    if st.totals is not None:
        block_vat, net_total, vat_total, total, rounding = st.totals
        vat = ()                        # made from the block's figures when read
    else:
        vat = vat_per_rate(lines, unit)
        net_total = sum([v.net for v in vat], ZERO)     # exact: the same as the lines' sum
        vat_total = sum([v.vat for v in vat], ZERO)
        total = net_total + vat_total
        rounding = ZERO
        if batch.round_payable and version.currency == "CHF":
            rounding = payable_rounding(total)
            total += rounding
    cons, loc, grid, exp = figures
    saving = None
    if st.saving is not None:
        saving = round_money(st.saving, unit)
    draft = _bill_draft(account, batch.period.start, batch.period.end, version.currency, lines,
                        net_total, vat, vat_total, total, rounding, _filled(st.counts), fp,
                        cons, loc, grid, exp, version.code, saving)
    if block_vat is not None:
        lazy_lines(draft, st.table)
        lazy_vat(draft, (block_vat, st.table[1]))
    return draft


_filled = lru_cache(maxsize=4096)(filled_counts)     # QualityCounts are immutable
