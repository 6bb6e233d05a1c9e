"""`make bench`: every benchmark script in bench/, one after the other (figures on stdout).

The GUI heartbeat benchmark needs a 10,000-account demo database; it is built once in
$BENCH_DIR (default /tmp/billdesk-bench). BENCH_LARGE=1 adds the desktop app on 100,000
accounts and ~300,000 bills (bench_gui_large.py; its database is built once with the CLI).
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/billdesk-bench"))


def gui_args() -> list[str]:
    db = WORK / "gui10k.sqlite"
    if not db.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.check_call([sys.executable, "-m", "billdesk.cli", "--db", str(db), "demo",
                               "--accounts", "10000", "--months", "1"],
                              stdout=subprocess.DEVNULL)
    return ["--db", str(db)]


def large_args() -> list[str]:
    """The 100,000-account / 300,000-bill database (built once with the CLI: ~15 min)."""
    db = WORK / "big100k.sqlite"
    if not db.exists():
        subprocess.check_call([sys.executable, str(HERE / "build_big_db.py"), str(db)])
    return ["--db", str(db)]


SCRIPTS = [("bench_engine.py", list), ("bench_store.py", list), ("bench_runs.py", list),
           ("bench_pdf.py", lambda: ["1000", "2"]), ("bench_demo_generate.py", list),
           ("bench_gui.py", gui_args)]
if os.environ.get("BENCH_LARGE") == "1":      # the desktop app at 100,000 accounts
    SCRIPTS.append(("bench_gui_large.py", large_args))

rc = 0
env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
for name, args in SCRIPTS:
    print(f"== {name}", flush=True)
    rc |= subprocess.call([sys.executable, str(HERE / name), *args()], env=env)
sys.exit(rc)
