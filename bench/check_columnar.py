"""Byte-for-byte check of a run's output between two versions of the code: dump the latest
run of a database (attempts, bills, bill lines as stored; ids as places, times left out —
tests/runs/run_dump.py) into a file, and compare two such files.

    PYTHONPATH=<old worktree> .venv/bin/python bench/bench_runs.py --keep DB --reuse
    .venv/bin/python bench/check_columnar.py dump DB old.pickle
    PYTHONPATH=<new worktree> .venv/bin/python bench/bench_runs.py --keep DB --reuse
    .venv/bin/python bench/check_columnar.py dump DB new.pickle
    .venv/bin/python bench/check_columnar.py compare old.pickle new.pickle
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.runs.run_dump import differences, dump_run  # noqa: E402
from sqlalchemy import text  # noqa: E402

from billdesk.store.db import make_engine  # noqa: E402


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "dump":
        engine = make_engine(sys.argv[2])
        with engine.connect() as c:
            run_id = c.execute(text("SELECT max(id) FROM bill_runs")).scalar()
        got = dump_run(engine, run_id)
        Path(sys.argv[3]).write_bytes(pickle.dumps(got))
        print(f"run {run_id}: " + ", ".join(f"{len(v):,} {k}" for k, v in got.items()))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        a, b = (pickle.loads(Path(p).read_bytes()) for p in sys.argv[2:4])
        diff = differences(a, b, limit=10)
        print("\n".join(diff) if diff else
              "equal: " + ", ".join(f"{len(v):,} {k}" for k, v in a.items()))
        sys.exit(1 if diff or a != b else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
