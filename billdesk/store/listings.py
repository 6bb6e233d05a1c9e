"""The app's large lists, read for the screen: accounts and a run's attempts as columns
(streamed in partitions: no per-row objects, bounded work per step), bills a page at a time
with sort, filters and search done by the database (the Bills page has no cap: it pages).

Every function takes an open Session (the caller's, on a worker thread) and returns plain
values: lists, numpy arrays, frozen dataclasses — never ORM objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import numpy as np
from sqlalchemy import Numeric, and_, cast, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from billdesk.domain.run import AttemptStatus
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import (Account, AccountGroup, Bill, BillingAttempt, MeteringPoint)

STATUS_CODES = tuple(s.value for s in AttemptStatus)  # pending, succeeded, failed, skipped
PARTITION = 2000             # rows per fetch: the driver and the row processing hold the GIL
                             # for one partition at a time (~2-5 ms), then yield


def _rows(session: Session, stmt):
    """Rows in partitions of PARTITION (the driver's fetchmany), yielding the GIL between."""
    result = session.execute(stmt.execution_options(yield_per=PARTITION))
    for part in result.partitions():
        yield from part
        time.sleep(0)


# --------------------------------------------------------------------------- accounts
def account_columns(session: Session) -> dict[str, list]:
    """Every account by code: code, name, street, postcode, city, language, email, groups,
    tariff, supply start/end, consumption and production point codes (lists)."""
    cp, pp = aliased(MeteringPoint), aliased(MeteringPoint)
    groups: dict[int, list[str]] = {}
    for aid, g in _rows(session, select(AccountGroup.account_id, AccountGroup.name)
                        .order_by(AccountGroup.account_id, AccountGroup.name)):
        groups.setdefault(aid, []).append(g)
    cols: dict[str, list] = {k: [] for k in (
        "code", "name", "street", "postcode", "city", "language", "email", "groups", "tariff",
        "supply_start", "supply_end", "consumption_point", "production_point")}
    stmt = (select(Account.id, Account.code, Account.name, Account.street, Account.postcode,
                   Account.city, Account.language, Account.email, Account.tariff_code,
                   Account.supply_start, Account.supply_end, cp.code, pp.code)
            .outerjoin(cp, Account.consumption_point_id == cp.id)
            .outerjoin(pp, Account.production_point_id == pp.id)
            .order_by(Account.code))
    app = {k: v.append for k, v in cols.items()}
    for r in _rows(session, stmt):
        app["code"](r[1])
        app["name"](r[2])
        app["street"](r[3] or "")
        app["postcode"](r[4] or "")
        app["city"](r[5] or "")
        app["language"](r[6] or "")
        app["email"](r[7] or "")
        app["groups"]("; ".join(groups.get(r[0], ())))
        app["tariff"](r[8] or "")
        app["supply_start"](r[9])
        app["supply_end"](r[10])
        app["consumption_point"](r[11] or "")
        app["production_point"](r[12] or "")
    return cols


# --------------------------------------------------------------------------- attempts
@dataclass
class AttemptColumns:
    """A run's attempts as parallel columns (no per-row objects): fast for 100,000 rows."""

    position: np.ndarray       # int32
    account: list[str]
    name: list[str]
    status: np.ndarray         # int8 index into STATUS_CODES
    error_code: list[str]      # "" when none
    message: list[str]
    quality: np.ndarray        # int32 [n, 4] measured, substituted, estimated, missing
    amount: np.ndarray         # float64, NaN when none
    duration_ms: np.ndarray    # float64, NaN when none
    bill_id: np.ndarray        # int64, -1 when none (the run's first bill of the attempt)
    bill_number: list[str]     # "" while a draft (or without bill)
    currency: str = "CHF"

    def __len__(self) -> int:
        return len(self.account)


def attempt_columns(session: Session, run_id: int) -> AttemptColumns:
    first = (select(Bill.attempt_id, func.min(Bill.id).label("bid"))
             .where(Bill.run_id == run_id).group_by(Bill.attempt_id).subquery())
    numbers = {}
    currency = "CHF"
    for bid, num, cur in _rows(session, select(Bill.id, Bill.number, Bill.currency)
                               .join(first, first.c.bid == Bill.id)):
        numbers[bid] = num or ""
        currency = cur or currency
    stmt = (select(BillingAttempt.position, Account.code, Account.name, BillingAttempt.status,
                   BillingAttempt.error_code, BillingAttempt.message,
                   BillingAttempt.q_measured, BillingAttempt.q_substituted,
                   BillingAttempt.q_estimated, BillingAttempt.q_missing, BillingAttempt.amount,
                   BillingAttempt.duration_ms, first.c.bid)
            .join(Account, Account.id == BillingAttempt.account_id)
            .outerjoin(first, first.c.attempt_id == BillingAttempt.id)
            .where(BillingAttempt.run_id == run_id).order_by(BillingAttempt.position))
    code = {s: i for i, s in enumerate(STATUS_CODES)}
    acc, name, err, msg, bid = [], [], [], [], []
    pos, st, q, amt, dur = [], [], [], [], []
    result = session.execute(stmt.execution_options(yield_per=PARTITION))
    for part in result.partitions():
        # one partition's numbers converted at a time: a conversion of all 100,000 rows in
        # one numpy call would hold the GIL (and stall the GUI thread) for tens of ms
        cols = list(zip(*part))
        pos.append(np.array(cols[0], dtype=np.int32))
        acc.extend(cols[1])
        name.extend(cols[2])
        st.append(np.array([code.get(x, 0) for x in cols[3]], dtype=np.int8))
        err.extend(x or "" for x in cols[4])
        msg.extend(x or "" for x in cols[5])
        q.append(np.array(cols[6:10], dtype=np.int32).T)
        amt.append(np.array([np.nan if x is None else float(x) for x in cols[10]]))
        dur.append(np.array([np.nan if x is None else float(x) for x in cols[11]]))
        bid.extend(-1 if x is None else x for x in cols[12])
        time.sleep(0)

    def joined(parts, dtype, shape=(0,)):
        return np.concatenate(parts).astype(dtype, copy=False) if parts else \
            np.zeros(shape, dtype=dtype)

    return AttemptColumns(
        position=joined(pos, np.int32), account=acc, name=name, status=joined(st, np.int8),
        error_code=err, message=msg, quality=joined(q, np.int32, (0, 4)),
        amount=joined(amt, np.float64), duration_ms=joined(dur, np.float64),
        bill_id=np.array(bid, dtype=np.int64),
        bill_number=[numbers.get(b, "") for b in bid], currency=currency)


# --------------------------------------------------------------------------- bills (paged)
@dataclass(frozen=True)
class BillRow:
    id: int
    number: str | None
    kind: str
    status: str
    account: str
    name: str
    period_start: date
    period_end: date
    currency: str
    total: Decimal
    run_id: int
    created_at: datetime | None
    issued_at: datetime | None
    delivery: str | None = None      # current delivery status ("" not sent; None: a draft)


#: sort keys of the Bills page -> (column expression, may be NULL)
BILL_SORTS = ("id", "number", "kind", "status", "account", "name", "period", "total",
              "currency", "run", "created", "issued", "delivery")


@dataclass(frozen=True)
class BillQuery:
    """What the Bills page shows: filters, search and order (all done by the database)."""

    search: str = ""
    status: str | None = None
    kind: str | None = None
    delivery: str | None = None        # "" = not sent, else a message status
    run_id: int | None = None
    account: str | None = None
    sort: str = "id"
    descending: bool = True


def _delivery():
    """A bill's current delivery status: its newest dispatch message's ("" when none). A
    subquery per bill shown (one search of the messages' bill index), not a join with the
    newest message of every bill (a full aggregate over all messages for a page of 200)."""
    newest = (select(DispatchMessage.status).where(DispatchMessage.bill_id == Bill.id)
              .order_by(DispatchMessage.id.desc()).limit(1).correlate(Bill).scalar_subquery())
    return func.coalesce(newest, literal(""))


def _needs_account(q: BillQuery) -> bool:
    """The query filters or sorts on the account's columns (the search reads them in its
    own subquery)."""
    return q.account is not None or q.sort in ("account", "name")


def _bill_select(q: BillQuery, columns, *, account: bool = True):
    """``columns(delivery)`` of the bills ``q`` selects; joined with their accounts when
    ``account`` or when ``q`` needs them (every bill has one: a foreign key, not null —
    the join never drops a bill, so a count without it is the same)."""
    delivery = _delivery()
    stmt = select(*columns(delivery)).select_from(Bill)
    if account or _needs_account(q):
        stmt = stmt.join(Account, Account.id == Bill.account_id)
    conds = []
    if q.status:
        conds.append(Bill.status == q.status)
    if q.kind:
        conds.append(Bill.kind == q.kind)
    if q.run_id is not None:
        conds.append(Bill.run_id == q.run_id)
    if q.account is not None:
        conds.append(Account.code == q.account)
    if q.delivery is not None:
        conds.append(Bill.number.is_not(None))
        conds.append(delivery == q.delivery)
    text = q.search.strip()
    if text:
        # the number, account code or name holds the text: the bills whose number does (a
        # scan of the number index) or whose account's code or name does (a scan of the
        # accounts, then their bills by the account index) — not a scan of every bill joined
        # with its account (the bills table: ~670 MB on 100,000 accounts)
        like = f"%{text.lower()}%"
        b2, a2 = aliased(Bill, name="bill_s"), aliased(Account, name="account_s")
        numbered = select(b2.id).where(func.lower(b2.number).like(like))
        accounts = select(a2.id).where(or_(func.lower(a2.code).like(like),
                                           func.lower(a2.name).like(like)))
        conds.append(or_(Bill.id.in_(numbered), Bill.account_id.in_(accounts)))
    if conds:
        stmt = stmt.where(and_(*conds))
    return stmt, delivery


def _sort_expr(q: BillQuery, delivery):
    return {"id": Bill.id, "number": func.coalesce(Bill.number, ""), "kind": Bill.kind,
            "status": Bill.status, "account": Account.code, "name": Account.name,
            # a number, not its text: SQLite keeps amounts as canonical text, whose order is
            # not theirs ("-99.44" after "-648.05"); PostgreSQL's NUMERIC is unchanged
            "period": Bill.period_start, "total": cast(Bill.total, Numeric),
            "currency": Bill.currency,
            "run": Bill.run_id, "created": Bill.created_at,
            "issued": func.coalesce(Bill.issued_at, Bill.created_at),
            "delivery": delivery}.get(q.sort, Bill.id)


def _columns(delivery):
    return (Bill.id, Bill.number, Bill.kind, Bill.status, Account.code, Account.name,
            Bill.period_start, Bill.period_end, Bill.currency, Bill.total, Bill.run_id,
            Bill.created_at, Bill.issued_at, delivery)


def bill_count(session: Session, q: BillQuery) -> int:
    # no join the count does not need: all bills is then a count of one index of bills (on
    # a cold start 100,000 accounts' pages were read for it too: seconds)
    stmt, _d = _bill_select(q, lambda d: (func.count(Bill.id),), account=False)
    return int(session.scalar(stmt) or 0)


def bill_page(session: Session, q: BillQuery, offset: int, limit: int) -> list[BillRow]:
    """``limit`` bills from ``offset`` in the query's order (ties broken by id)."""
    def order(key):
        return (key.desc(), Bill.id.desc()) if q.descending else (key.asc(), Bill.id.asc())

    # the page's bills chosen first, by id and sort key only (joined with the accounts only
    # when the query needs them), then their columns read for those 200: a page far down
    # (an offset of 300,000) does not join every bill before it with its account, nor does
    # a sort compute every bill's delivery status
    ids, d2 = _bill_select(q, lambda d: (Bill.id,), account=False)
    if q.sort == "number":
        # the order of coalesce(number, "") (drafts first), said so that SQLite walks the
        # number index instead of sorting every bill (a scan of the whole bills table)
        by = ((Bill.number.desc().nulls_last(), Bill.id.desc()) if q.descending
              else (Bill.number.asc().nulls_first(), Bill.id.asc()))
    else:
        by = order(_sort_expr(q, d2))
    page = ids.order_by(*by).offset(max(offset, 0)).limit(limit)
    # the filters and the search are the page's (applied above), not repeated for its rows
    bare = BillQuery(sort=q.sort, descending=q.descending)
    stmt, delivery = _bill_select(bare, _columns)
    stmt = stmt.where(Bill.id.in_(page.scalar_subquery()))
    rows = session.execute(stmt.order_by(*order(_sort_expr(bare, delivery)))).all()
    return [BillRow(*r[:13], delivery=r[13] if r[1] else None) for r in rows]


def bill_position(session: Session, q: BillQuery, bill_id: int) -> int | None:
    """The row (0-based) of ``bill_id`` in the query's order, None when it is not in it."""
    stmt, delivery = _bill_select(q, lambda d: (_sort_expr(q, d), Bill.id))
    mine = session.execute(stmt.where(Bill.id == bill_id)).first()
    if mine is None:
        return None
    value, bid = mine
    cstmt, d2 = _bill_select(q, lambda d: (func.count(Bill.id),), account=False)
    key = _sort_expr(q, d2)                    # the expression of this statement's joins
    before_key = key > value if q.descending else key < value
    before_tie = and_(key == value, Bill.id > bid if q.descending else Bill.id < bid)
    return int(session.scalar(cstmt.where(or_(before_key, before_tie))) or 0)


__all__ = ["AttemptColumns", "BILL_SORTS", "BillQuery", "BillRow", "STATUS_CODES",
           "account_columns", "attempt_columns", "bill_count", "bill_page", "bill_position"]
