"""A bill run's written content as plain rows, to compare two runs' output: its attempts,
bills and bill lines with every stored value as the database holds it, except what differs
between two equal runs by nature (ids — given as places in the run —, times, durations,
the claiming worker). Used by tests/runs/test_columnar_equal.py and bench/check_columnar.py.
"""

from __future__ import annotations

from sqlalchemy import text

_SKIP = {"id", "run_id", "created_at", "issued_at", "claimed_at", "claimed_by", "finished_at",
         "duration_ms"}


def _cols(conn, table: str) -> list[str]:
    if conn.dialect.name == "sqlite":
        names = [r[1] for r in conn.execute(text(f"PRAGMA table_info({table})"))]
    else:
        names = [r[0] for r in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
            "ORDER BY ordinal_position"), {"t": table})]
    return [c for c in names if c not in _SKIP]


def dump_run(engine, run_id: int) -> dict[str, list[tuple]]:
    """{"attempts": [...], "bills": [...], "bill_lines": [...]} of run ``run_id``, in id
    order; bill ids (in lines and attempts' bills) as the bill's place among the run's."""
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        att = [r[0] for r in conn.execute(text(
            "SELECT id FROM billing_attempts WHERE run_id = :r ORDER BY id"), {"r": run_id})]
        att_pos = {a: k for k, a in enumerate(att)}
        bills = [r[0] for r in conn.execute(text(
            "SELECT id FROM bills WHERE run_id = :r ORDER BY id"), {"r": run_id})]
        bill_pos = {b: k for k, b in enumerate(bills)}
        cols = _cols(conn, "billing_attempts")
        out["attempts"] = [tuple(r) for r in conn.execute(text(
            f"SELECT {', '.join(cols)} FROM billing_attempts WHERE run_id = :r ORDER BY id"),
            {"r": run_id})]
        cols = _cols(conn, "bills")
        k_att = cols.index("attempt_id")
        rows = []
        for r in conn.execute(text(f"SELECT {', '.join(cols)} FROM bills WHERE run_id = :r "
                                   "ORDER BY id"), {"r": run_id}):
            r = list(r)
            r[k_att] = att_pos.get(r[k_att])
            rows.append(tuple(r))
        out["bills"] = rows
        cols = _cols(conn, "bill_lines")
        rows = []
        for r in conn.execute(text(
                f"SELECT {', '.join(cols)} FROM bill_lines WHERE bill_id IN "
                "(SELECT id FROM bills WHERE run_id = :r) ORDER BY id"), {"r": run_id}):
            r = list(r)
            r[0] = bill_pos[r[0]]
            rows.append(tuple(r))
        out["bill_lines"] = rows
        # the lines' own ids in order: the same order of insertion (one line after another)
        ids = [r[0] for r in conn.execute(text(
            "SELECT id FROM bill_lines WHERE bill_id IN (SELECT id FROM bills WHERE run_id = :r)"
            " ORDER BY bill_id, position"), {"r": run_id})]
        out["line_order"] = [ids == sorted(ids)]
    return out


def differences(a: dict, b: dict, limit: int = 5) -> list[str]:
    out = []
    for table in a:
        if len(a[table]) != len(b[table]):
            out.append(f"{table}: {len(a[table])} rows vs {len(b[table])}")
        for k, (x, y) in enumerate(zip(a[table], b[table])):
            if x != y and len(out) < limit:
                cols = [c for c, (u, v) in enumerate(zip(x, y)) if u != v]
                out.append(f"{table} row {k}, value(s) {cols}: "
                           f"{[x[c] for c in cols]!r} != {[y[c] for c in cols]!r}")
    return out
