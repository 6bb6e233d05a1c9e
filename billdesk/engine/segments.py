"""Which tariff versions apply to which days of an account's supply inside the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from billdesk.domain.period import Period
from billdesk.domain.tariff import TariffVersion


class NoTariff(ValueError):
    """No tariff version in force, or the supply is outside the period."""


@dataclass(frozen=True)
class Segment:
    version: TariffVersion
    start: date   # inclusive
    end: date     # exclusive
    d0: int       # day offsets in the period
    d1: int


def segments(versions: list[TariffVersion], supply_start: date, supply_end: date | None,
             period: Period) -> tuple[Segment, ...]:
    """The supplied days of ``period`` split at tariff-version changes (chronological)."""
    s = max(supply_start, period.start)
    e = min(supply_end or period.end, period.end)
    if s >= e:
        raise NoTariff(f"supply {supply_start}..{supply_end or ''} is outside the period {period}")
    if not versions:
        raise NoTariff("the account has no tariff")
    vs = sorted(versions, key=lambda v: v.valid_from)
    current = [v for v in vs if v.valid_from <= s]
    if not current:
        raise NoTariff(f"no version of tariff {vs[0].code} in force on {s} "
                       f"(first valid from {vs[0].valid_from})")
    chain = [(s, current[-1])]
    for v in vs:
        if s < v.valid_from < e:
            if chain[-1][0] == v.valid_from:
                chain[-1] = (v.valid_from, v)
            else:
                chain.append((v.valid_from, v))
    currencies = {v.currency for _, v in chain}
    if len(currencies) > 1:
        raise NoTariff(f"tariff currency changes inside the period ({', '.join(sorted(currencies))})")
    out = []
    for k, (start, v) in enumerate(chain):
        end = chain[k + 1][0] if k + 1 < len(chain) else e
        out.append(Segment(v, start, end, (start - period.start).days, (end - period.start).days))
    return tuple(out)
