"""GUI responsiveness during a bill run: a 10 ms heartbeat QTimer while a run executes.

    billdesk --db /tmp/bench10k.sqlite demo --accounts 10000 --months 1
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py --db /tmp/bench10k.sqlite

Creates a run over all valid accounts of the last month, opens the main window on its run
detail page (progress polled every second, attempts table reloaded while it runs), starts the
run on a worker through the app's RunController and records the gaps between heartbeats on the
GUI thread. Reports max and p99 gap (ms); the target is max < 50 ms (exit 1 otherwise). The
database given is copied first, so it is never changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True, help="a demo database (it is copied, not changed)")
    p.add_argument("--interval", type=int, default=10, help="heartbeat in ms")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-detail", action="store_true", help="stay on the runs list")
    p.add_argument("--switch", type=float, default=None, help="sys.setswitchinterval (s)")
    args = p.parse_args(argv)

    from PySide6.QtCore import QTimer

    from billdesk.gui import jobs, workers
    from billdesk.gui.app import make_application
    from billdesk.gui.main_window import MainWindow
    from billdesk.gui.wizard import preset_period
    from billdesk.store import db as dbmod

    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    src = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, tmp / ("bench.sqlite" + suffix))
    url = dbmod.to_url(tmp / "bench.sqlite")
    engine = dbmod.make_engine(url)
    dbmod.prepare(engine)          # migrate the copy, as the app's launcher does
    engine.dispose()
    app = make_application()
    info = jobs.create_run(url, preset_period("month"), "all", name="GUI heartbeat bench")
    w = MainWindow(url)
    w.show()
    if not args.no_detail:
        w.open_run(info.id)
    if args.switch:
        sys.setswitchinterval(args.switch)

    gaps: list[float] = []
    slow: list[tuple[float, float]] = []
    last = [time.perf_counter()]
    state = {"started": None, "ended": None}

    def beat():
        now = time.perf_counter()
        if state["started"] is not None and state["ended"] is None:
            gaps.append((now - last[0]) * 1000.0)
            if gaps[-1] > 40:
                slow.append((round(now - state["started"], 3), round(gaps[-1], 1)))
        last[0] = now

    hb = QTimer()
    hb.setInterval(args.interval)
    hb.timeout.connect(beat)
    hb.start()

    def go():
        state["started"] = time.perf_counter()
        last[0] = time.perf_counter()
        w.controller.start(info.id)

    def finished(run_id, result):
        state["ended"] = time.perf_counter()
        state["status"] = getattr(result, "status", None)
        QTimer.singleShot(1500, app.quit)   # let the detail reload once more

    w.controller.run_finished.connect(finished)
    QTimer.singleShot(1500, go)             # after the window has loaded
    app.exec()
    hb.stop()
    w.close()
    workers.shutdown(30.0)
    from billdesk.gui import engines

    engines.dispose_all()
    g = np.array(gaps) if gaps else np.array([0.0])
    report = {"accounts": info.counts.total, "run_seconds": round(state["ended"] - state["started"], 2),
              "status": state.get("status"), "heartbeat_ms": args.interval, "beats": len(gaps),
              "max_gap_ms": round(float(g.max()), 1),
              "p99_gap_ms": round(float(np.percentile(g, 99)), 1),
              "median_gap_ms": round(float(np.median(g)), 1)}
    report["slow_beats"] = slow[:20]
    shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['accounts']:,} accounts billed in {report['run_seconds']} s "
              f"({report['status']}); heartbeat {args.interval} ms: max gap "
              f"{report['max_gap_ms']} ms, p99 {report['p99_gap_ms']} ms, median "
              f"{report['median_gap_ms']} ms over {report['beats']:,} beats")
        if slow:
            print("gaps > 40 ms at (s after start, ms):", slow[:20])
    return 0 if report["max_gap_ms"] < 50 else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    import os

    os._exit(code)   # skip interpreter teardown of Qt objects (PySide finalization crash)
