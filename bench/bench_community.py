"""Benchmark: a bill run over one energy community of N members (issue 17).

    .venv/bin/python bench/bench_community.py [--members 1000] [--repeat 3]

For each community type (generic, leg 40 %, zev capped at 55 %, delivered allocation) a
fresh SQLite database holds N members of one community with one PV point paid to a producer
(member 1), one month of data; the run (create + start, one process) is timed, best of
``--repeat``. The members' invoices and the producer's self-billing note are checked to be
there. Prints seconds per run and per member, and the ratio to the same accounts billed
without a community (``none``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "runs"))

import builders  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from billdesk.runs import create_run, list_bills, start_run  # noqa: E402
from billdesk.store.db import make_engine, prepare, session_factory, transaction  # noqa: E402
from billdesk.store.models import (Account, CommunityProductionPoint,  # noqa: E402
                                   CommunityRow)

KINDS = {
    "none": None,              # the same accounts, no community: the baseline
    "generic": dict(type="generic"),
    "leg": dict(type="leg", grid_discount=Decimal(40)),
    "zev": dict(type="zev", price_cap="55", surplus_price=Decimal("0.06")),
    "delivered": dict(type="leg", grid_discount=Decimal(40), allocation="delivered"),
}


def one(kind: str, members: int, tmp: Path) -> float:
    path = tmp / f"{kind}.sqlite"
    path.unlink(missing_ok=True)
    engine = make_engine(path)
    prepare(engine)
    f = session_factory(engine)
    pf = builders.build(f, members, community=0 if kind == "none" else members)
    if kind == "none":
        t0 = time.perf_counter()
        out = start_run(f, create_run(f, pf.period, "all").id)
        dt = time.perf_counter() - t0
        assert out.counts.succeeded == members
        engine.dispose()
        return dt
    with transaction(f) as s:
        producer = s.scalar(select(Account.id).where(Account.code == pf.accounts[0]))
        s.execute(update(CommunityProductionPoint).values(producer_account_id=producer))
        s.execute(update(CommunityRow).values(**KINDS[kind]))
    if kind == "delivered":
        from billdesk.domain.period import zone
        from billdesk.store.demo_writer import write_operator_series
        with transaction(f) as s:
            write_operator_series(s, pf.period, zone("Europe/Zurich"), None)
    t0 = time.perf_counter()
    r = create_run(f, pf.period, "community:SUN")
    out = start_run(f, r.id)
    dt = time.perf_counter() - t0
    bills = list_bills(f, run_id=r.id, with_lines=False)
    assert out.counts.failed == 0, out
    assert sum(b.kind == "self_billing" for b in bills) == 1
    assert sum(b.kind == "invoice" for b in bills) == members
    engine.dispose()
    return dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        best = {}
        for kind in KINDS:
            best[kind] = min(one(kind, a.members, Path(tmp)) for _ in range(a.repeat))
            print(f"{kind:>9}: {best[kind]:.2f} s for {a.members} members "
                  f"({best[kind] / a.members * 1000:.2f} ms/member), "
                  f"x{best[kind] / best['none']:.2f} of no community", flush=True)


if __name__ == "__main__":
    main()
