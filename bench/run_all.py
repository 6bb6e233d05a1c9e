"""`make bench`: every benchmark script in bench/, one after the other (figures on stdout)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = ["bench_engine.py", "bench_store.py", "bench_runs.py", "bench_pdf.py",
           "bench_demo_generate.py", "bench_gui.py"]

rc = 0
for name in SCRIPTS:
    path = HERE / name
    if not path.exists():
        continue
    print(f"== {name}", flush=True)
    rc |= subprocess.call([sys.executable, str(path)])
sys.exit(rc)
