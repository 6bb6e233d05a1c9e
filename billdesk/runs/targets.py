"""Parsing and checking a run's period and target, and resolving the target to accounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.domain.target import Target
from billdesk.store.communities import member_in, supplied_in
from billdesk.store.models import (Account, AccountGroup, CommunityMember,
                                   CommunityProductionPoint, CommunityRow,
                                   Tariff)


def parse_period(period: Period | str, today: date | None = None) -> Period:
    """A past period: malformed or future (end after today) periods are InputErrors."""
    if not isinstance(period, Period):
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise InputError(str(exc), field="--period") from None
    today = today or date.today()
    if period.end > today:
        raise InputError(f"period {period} ends on {period.end} (exclusive), which is after "
                         f"today ({today}); only past periods can be billed", field="--period")
    return period


def parse_target(target: Target | str) -> Target:
    if isinstance(target, Target):
        return target
    try:
        return Target.parse(target)
    except ValueError as exc:
        raise InputError(str(exc), field="--target") from None


def resolve_target(session: Session, target: Target, period: Period) -> list[int]:
    """Account ids of ``target`` in ``period`` in a stable order (account code).

    ``accounts:`` lists must name existing accounts supplied in the period; ``group:`` and
    ``community:`` must exist and take their accounts supplied (members: in the community)
    in the period; ``all`` takes every valid account: supplied in the period, with a known
    tariff and a consumption metering point. An empty result is an InputError.
    """
    if target.kind == "accounts":
        rows = session.execute(select(Account.code, Account.id, Account.supply_start,
                                      Account.supply_end)
                               .where(Account.code.in_(target.accounts))).all()
        found = {r.code: r for r in rows}
        unknown = [a for a in target.accounts if a not in found]
        if unknown:
            raise InputError("unknown account(s): " + ", ".join(unknown[:20])
                             + (" …" if len(unknown) > 20 else ""), field="--target")
        outside = [a for a in target.accounts
                   if not (found[a].supply_start < period.end
                           and (found[a].supply_end is None or found[a].supply_end > period.start))]
        if outside:
            raise InputError("account(s) not supplied in period " + str(period) + ": "
                             + ", ".join(outside[:20]), field="--target")
        return [found[a].id for a in sorted(target.accounts)]
    if target.kind == "group":
        if session.scalar(select(AccountGroup.account_id)
                          .where(AccountGroup.name == target.name).limit(1)) is None:
            raise InputError(f"unknown group {target.name!r} (no account carries it)",
                             field="--target")
        ids = list(session.scalars(
            select(Account.id).join(AccountGroup, AccountGroup.account_id == Account.id)
            .where(AccountGroup.name == target.name, supplied_in(period))
            .order_by(Account.code)))
    elif target.kind == "community":
        cid = session.scalar(select(CommunityRow.id).where(CommunityRow.name == target.name))
        if cid is None:
            raise InputError(f"unknown community {target.name!r}", field="--target")
        ids = list(dict.fromkeys(session.scalars(
            select(Account.id).join(CommunityMember, CommunityMember.account_id == Account.id)
            .where(CommunityMember.community_id == cid,
                   member_in(period), supplied_in(period))
            .order_by(Account.code))))
        # its producers too (paid by self-billing credit note), members or not
        ids += [a for a in session.scalars(
            select(CommunityProductionPoint.producer_account_id).distinct()
            .where(CommunityProductionPoint.community_id == cid,
                   CommunityProductionPoint.producer_account_id.is_not(None)))
            if a not in ids]
    elif target.kind == "all":
        ids = list(session.scalars(
            select(Account.id).join(Tariff, Tariff.code == Account.tariff_code)
            .where(supplied_in(period), Account.consumption_point_id.is_not(None))
            .order_by(Account.code)))
    else:  # pragma: no cover - Target.parse guards this
        raise InputError(f"unknown target kind {target.kind!r}", field="--target")
    if not ids:
        raise InputError(f"empty target: {target} has no account supplied in period {period}",
                         field="--target")
    return ids
