"""Stress of the worker infrastructure (issue 14's two crashes), run by test_workers.py in a
subprocess under ``python -X faulthandler``:

1. thousands of short jobs — results of every kind (None, True, objects, numpy arrays),
   errors, chatty progress — finishing while pages and dialogs are created and closed;
2. "Create run" while the runs list and a run detail load on worker threads, many times;
3. File ▸ Quit during a PDF export (and with short jobs still running).

Prints one line ``ok {json}`` and exits 0, or dies with a fault (the test reads stderr).

    QT_QPA_PLATFORM=offscreen python -X faulthandler tests/gui/stress_app.py DB.sqlite OUT
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHORT_JOBS = int(os.environ.get("STRESS_JOBS", "4000"))
PAGES = int(os.environ.get("STRESS_PAGES", "300"))
CREATES = int(os.environ.get("STRESS_CREATES", "40"))


def answer(i, progress=None, cancelled=None):
    """A short job: returns None, True, False, an object, an array — or fails."""
    import numpy as np

    from billdesk.domain.errors import InputError

    k = i % 7
    if progress and i % 3 == 0:
        for step in range(5):
            progress(step, 5, f"step {step}")
    if k == 0:
        return None
    if k == 1:
        return True
    if k == 2:
        return False
    if k == 3:
        return {"i": i, "none": None, "list": [None] * 3}
    if k == 4:
        return np.arange(i % 50)
    if k == 5:
        raise InputError(f"job {i} refuses")
    return (None, i)


def main(db: str, out: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from billdesk.gui import common, jobs, workers
    from billdesk.gui.app import make_application
    from billdesk.gui.qtcheck import refcount_defect
    from billdesk.store import db as dbmod

    app = make_application()
    problem = refcount_defect()
    if problem:
        print("binding:", problem, flush=True)
        return 3
    common.ask = lambda *a, **k: True            # every question answered yes
    url = dbmod.to_url(db)
    from billdesk.gui.bill_dialog import BillDialog
    from billdesk.gui.main_window import MainWindow
    from billdesk.gui.run_detail import RunDetailPage
    from billdesk.gui.runs_page import RunController
    from billdesk.gui.wizard import NewRunWizard, preset_period

    import shiboken6

    w = MainWindow(url)
    w.show()
    stats = {"short": 0, "failed": 0, "progress": 0, "pages": 0, "creates": 0,
             "refreshes": 0}
    n0, t0 = sys.getrefcount(None), sys.getrefcount(True)
    started = time.monotonic()
    rnd = random.Random(14)
    state = {"phase": 1, "submitted": 0, "pages": 0, "creates": 0, "export": None}
    period = preset_period("month")
    info = jobs.create_run(url, period, "all", name="stress base")
    jobs.start_run(url, info.id)
    jobs.finalize_run(url, info.id)
    bill_ids = [r.id for r in jobs.bills_page(url, __import__(
        "billdesk.store.listings", fromlist=["BillQuery"]).BillQuery(run_id=info.id), 0, 50)]
    alive: list = []

    def ok(_r):
        stats["short"] += 1

    def bad(_m, _e):
        stats["failed"] += 1

    def prog(*_a):
        stats["progress"] += 1

    def tick():
        if state["phase"] == 1:
            for _ in range(25):
                if state["submitted"] >= SHORT_JOBS:
                    break
                i = state["submitted"]
                state["submitted"] += 1
                workers.submit(answer, i, on_success=ok, on_failure=bad, on_progress=prog)
            # pages and dialogs come and go while the jobs finish (their jobs too)
            if state["pages"] < PAGES:
                state["pages"] += 1
                k = state["pages"] % 3
                if k == 0:
                    d = BillDialog(url, rnd.choice(bill_ids), w)
                    d.show()
                elif k == 1:
                    d = RunDetailPage(url, RunController(url))
                    d.show()
                    d.show_run(info.id)
                else:
                    d = NewRunWizard(url, w)
                    d.show()
                alive.append(d)
                if len(alive) > 3:
                    old = alive.pop(0)
                    if shiboken6.isValid(old):
                        old.close()
                        old.deleteLater()
                stats["pages"] += 1
            if state["submitted"] >= SHORT_JOBS and state["pages"] >= PAGES:
                state["phase"] = 2
            return
        if state["phase"] == 2:
            # create runs while the runs list and a run detail load on worker threads
            if state["creates"] < CREATES:
                state["creates"] += 1
                w.open_run(info.id)
                w.runs_page.refresh()
                w.run_detail.reload()
                w.run_detail.poll()
                stats["refreshes"] += 3
                workers.submit(jobs.create_run, url, period, f"accounts:{bill_account}",
                               name=f"stress {state['creates']}",
                               on_success=lambda r: stats.__setitem__("creates",
                                                                      stats["creates"] + 1),
                               on_failure=bad)
                return
            if not workers.pending():
                state["phase"] = 3
            return
        if state["phase"] == 3:
            # quit during a PDF export, short reads still in flight
            state["phase"] = 4
            w.open_run(info.id)
            w.run_detail.export_pdfs(out, workers_n=1)
            state["export"] = time.monotonic()
            return
        if state["phase"] == 4:
            ex = w.run_detail.exporting
            if ex is not None and w.run_detail.export_progress.value() > 0 \
                    or time.monotonic() - state["export"] > 20:
                for _ in range(20):
                    workers.submit(jobs.load_runs, url)
                    workers.submit(answer, 0)
                state["phase"] = 5
                w.close()                     # asks (yes), stops the export, closes itself
            return
        if state["phase"] == 5 and not w.isVisible():
            state["phase"] = 6
            QApplication.instance().quit()

    bill_account = jobs.load_bill(url, bill_ids[0])[0].account
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(1)
    app.exec()
    timer.stop()
    import shiboken6

    for d in alive:
        if shiboken6.isValid(d):
            d.close()
    done = workers.shutdown(60.0)
    n1, t1 = sys.getrefcount(None), sys.getrefcount(True)
    stats.update(seconds=round(time.monotonic() - started, 1), shutdown=done,
                 none_delta=n1 - n0, true_delta=t1 - t0,
                 export_left=len([p for p in os.listdir(out)]) if os.path.isdir(out) else 0)
    print("ok " + json.dumps(stats), flush=True)
    return 0 if done else 4


if __name__ == "__main__":
    code = main(sys.argv[1], sys.argv[2])
    sys.stdout.flush()
    sys.exit(code)
