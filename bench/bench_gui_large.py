"""The desktop app on a large database: GUI-thread stalls during what a clerk does all day.

    .venv/bin/python bench/build_big_db.py /tmp/billdesk-big/100k.sqlite
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui_large.py \\
        --db /tmp/billdesk-big/100k.sqlite [--json]

A 10 ms heartbeat QTimer runs on the GUI thread from start to end; every step records the
longest gap between beats while it runs (a stall: the window would not repaint or react), how
much of that gap the process had a CPU (``time.process_time``: on a shared machine the rest
of a gap is other processes running, not the app), how much of it the GUI thread itself
worked (``time.thread_time``), and how long until its result is on screen. Steps: open the database (launcher: migrations
checked, window, runs and counts shown = "usable"), the Accounts page (100,000 rows read on a
worker), typing a name into the search (keystrokes 120 ms apart, debounced), sorting by city
and by name, the Bills page (paged from the database), typing a number into its search,
sorting by name and by total, the status filter, a run's detail with its 100,000 attempts,
sorting them by amount, filtering failed ones, the quality check of all accounts and
"only failing" off and on, and switching between pages. Target: no stall over 100 ms,
usable within 3 s. The database is migrated if needed (as the app does) and not changed
otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--interval", type=int, default=10, help="heartbeat in ms")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-quality", action="store_true", help="skip the quality check step")
    p.add_argument("--threads", action="store_true",
                   help="print which threads had the CPU in each step's longest gap")
    p.add_argument("--only", default="", help="comma-separated words: only the steps whose "
                   "name holds one of them (and the opening)")
    args = p.parse_args(argv)

    from PySide6.QtCore import Qt, QTimer

    from billdesk.gui import i18n, workers
    from billdesk.gui.app import Launcher, make_application
    from billdesk.store import db as dbmod

    app = make_application()
    i18n.install(app, "en")
    url = dbmod.to_url(args.db)
    last = [time.perf_counter(), time.process_time(), time.thread_time()]
    # (time, gap ms, process CPU ms in the gap, GUI-thread CPU ms in the gap)
    gaps: list[tuple[float, float, float, float]] = []

    import threading

    # per beat, the CPU time of every thread of the process (who worked in a gap)
    thread_cpu: list[dict[str, float]] = []

    def threads_now() -> dict[str, float]:
        out = {}
        if not args.threads:
            return out
        py = {}
        for t in threading.enumerate():
            py[t.native_id] = t.name
            try:
                out[t.name] = time.clock_gettime(time.pthread_getcpuclockid(t.ident))
            except (OSError, AttributeError, TypeError):
                pass
        try:                 # the threads Python does not know (Qt's, the libraries')
            tids = [int(x) for x in os.listdir("/proc/self/task")]
        except OSError:
            tids = []
        for tid in tids:
            if tid in py:
                continue
            try:
                with open(f"/proc/self/task/{tid}/comm") as f:
                    comm = f.read().strip()
                # a thread's CPU clock: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED)
                out[f"native:{comm}:{tid}"] = time.clock_gettime(((~tid) << 3) | 6)
            except (OSError, ValueError, OverflowError):
                pass
        return out

    last_threads = [threads_now()]
    ended: dict[str, float] = {}          # a thread's CPU when it ended (it left a gap)
    _run = threading.Thread.run

    def run_and_note(self):
        try:
            _run(self)
        finally:
            ended[self.name] = time.thread_time()

    threading.Thread.run = run_and_note
    # full collections of the cyclic garbage collector: (end, ms, thread)
    collections: list[tuple[float, float, str]] = []

    def on_gc(phase, info):
        if phase == "start":
            on_gc.t = time.perf_counter()
        elif info["generation"] == 2:
            now_ = time.perf_counter()
            collections.append((now_, (now_ - on_gc.t) * 1000.0,
                                threading.current_thread().name))

    import gc

    gc.callbacks.append(on_gc)

    def beat():
        now, cpu, gui = time.perf_counter(), time.process_time(), time.thread_time()
        gaps.append((now, (now - last[0]) * 1000.0, (cpu - last[1]) * 1000.0,
                     (gui - last[2]) * 1000.0))
        last[0], last[1], last[2] = now, cpu, gui
        cur = threads_now()
        gone = [k for k in list(ended) if k not in cur]   # ended since the last beat
        for k in gone:
            cur[k] = ended.pop(k)
        # a thread new since the last beat started with no CPU
        thread_cpu.append({k: (v - last_threads[0].get(k, 0.0)) * 1000.0
                           for k, v in cur.items() if v - last_threads[0].get(k, 0.0) > 0.0005})
        for k in gone:
            del cur[k]
        last_threads[0] = cur

    hb = QTimer()
    hb.setInterval(args.interval)
    hb.timeout.connect(beat)
    hb.start()
    results: list[dict] = []
    state: dict = {"i": 0, "t0": None, "launcher": None, "w": None}
    t_start = time.perf_counter()

    def w():
        return state["launcher"].window if state["launcher"] else None

    def typed(line_edit, text: str, every_ms: int = 120):
        """Type ``text`` into ``line_edit`` one key at a time (as a clerk would)."""
        line_edit.clear()
        chars = list(text)

        def key():
            if chars:
                line_edit.setText(line_edit.text() + chars.pop(0))
                QTimer.singleShot(every_ms, key)
        key()

    # ------------------------------------------------------------------ the steps
    def accounts_model():
        return w().accounts_page.model

    def bills_model():
        return w().bills_page.model

    def attempts():
        return w().run_detail.attempts

    big_run = {}

    def pick_run():
        runs = [r for r in w().runs_page.model.rows()]
        big = max(runs, key=lambda r: r.counts.total)
        big_run["id"], big_run["total"] = big.id, big.counts.total
        return big

    name_to_type = {}

    def first_name():
        m = accounts_model()
        name_to_type["name"] = m.index(m.rowCount() // 3, 1).data()[:7]
        return name_to_type["name"]

    steps = [
        ("open database until usable",
         lambda: (state.__setitem__("launcher", Launcher(url)), state["launcher"].start()),
         lambda: w() is not None and w()._usable_at is not None),
        ("show Accounts (100,000 rows read on a worker)",
         lambda: w().nav.setCurrentRow(1),
         lambda: accounts_model().rowCount() > 0 and w().accounts_page.loading is None),
        ("type a name into the Accounts search",
         lambda: typed(w().accounts_page.search, first_name()),
         lambda: w().accounts_page.search.text() == name_to_type["name"]
         and accounts_model().search() == name_to_type["name"].lower()
         and not w().accounts_page.search_timer.isActive()),
        ("clear the Accounts search",
         lambda: w().accounts_page.search.clear(),
         lambda: accounts_model().search() == "" and
         not w().accounts_page.search_timer.isActive()),
        ("sort Accounts by city",
         lambda: w().accounts_page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder),
         lambda: accounts_model().sort_order()[0] == 3),
        ("sort Accounts by name, descending",
         lambda: w().accounts_page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder),
         lambda: accounts_model().sort_order()[0] == 1),
        ("show Bills (paged from the database)",
         lambda: w().nav.setCurrentRow(3),
         lambda: bills_model().ready and bills_model().bill_at(0) is not None),
        ("type an invoice number into the Bills search",
         lambda: typed(w().bills_page.search, "INV-2026-012345"),
         lambda: bills_model().query.search == "INV-2026-012345" and bills_model().ready
         and bills_model().busy.delivered and bills_model().rowCount() == 1),
        ("clear the Bills search",
         lambda: w().bills_page.search.clear(),
         lambda: bills_model().query.search == "" and bills_model().busy.delivered),
        ("sort Bills by name",
         lambda: w().bills_page.table.sortByColumn(bills_model().Col.NAME,
                                                   Qt.SortOrder.AscendingOrder),
         lambda: bills_model().query.sort == "name" and bills_model().busy.delivered
         and bills_model().bill_at(0) is not None),
        ("sort Bills by total, descending",
         lambda: w().bills_page.table.sortByColumn(bills_model().Col.TOTAL,
                                                   Qt.SortOrder.DescendingOrder),
         lambda: bills_model().query.sort == "total" and bills_model().busy.delivered
         and bills_model().bill_at(0) is not None),
        ("filter Bills: issued",
         lambda: w().bills_page.status.setCurrentIndex(
             w().bills_page.status.findData("issued")),
         lambda: bills_model().query.status == "issued" and bills_model().busy.delivered),
        ("scroll Bills to the end (pages fetched on demand)",
         lambda: w().bills_page.table.scrollToBottom(),
         lambda: bills_model().bill_at(bills_model().rowCount() - 1) is not None),
        ("open the largest run (100,000 attempts)",
         lambda: w().open_run(pick_run().id),
         lambda: attempts().rowCount() == big_run["total"]),
        ("sort attempts by amount",
         lambda: w().run_detail.table.sortByColumn(attempts().Col.AMOUNT,
                                                   Qt.SortOrder.DescendingOrder),
         lambda: attempts().sort_order()[0] == attempts().Col.AMOUNT),
        ("filter attempts: failed",
         lambda: w().run_detail.status_filter.setCurrentIndex(
             w().run_detail.status_filter.findData("failed")),
         lambda: attempts().rowCount() < big_run["total"]),
        ("type an account into the attempts search",
         lambda: typed(w().run_detail.search, "A0012"),
         lambda: attempts().search() == "a0012" and
         not w().run_detail.search_timer.isActive()),
        ("switch pages: Bill Runs, Accounts, Bills, Tariffs, Communities",
         lambda: [QTimer.singleShot(k * 400, lambda r=r: w().nav.setCurrentRow(r))
                  for k, r in enumerate((0, 1, 3, 4, 2))],
         lambda: w().communities_page.result is not None and w().stack.currentWidget()
         is w().communities_page),
    ]
    def quality_start():
        from billdesk.gui.wizard import NewRunWizard

        wiz = NewRunWizard(w().url, w())
        wiz.show()
        state["wizard"] = wiz
        wiz.next()

        def go():
            if wiz.target_page.options is None:
                QTimer.singleShot(100, go)
                return
            wiz.next()
            wiz.next()
        go()

    if not args.no_quality:
        steps += [
            ("quality check of all accounts (on a worker)", quality_start,
             lambda: state.get("wizard") is not None
             and state["wizard"].quality_page.report is not None),
            ("quality check: 'only failing' off",
             lambda: state["wizard"].quality_page.only_failing.setChecked(False),
             lambda: state["wizard"].quality_page.model.rowCount() > 50000),
            ("quality check: 'only failing' on",
             lambda: state["wizard"].quality_page.only_failing.setChecked(True),
             lambda: state["wizard"].quality_page.model.rowCount() < 50000),
        ]

    if args.only:
        words = [w_.strip() for w_ in args.only.split(",") if w_.strip()]
        steps[:] = [steps[0]] + [st for st in steps[1:] if any(w_ in st[0] for w_ in words)]

    def run_step():
        i = state["i"]
        if i >= len(steps):
            QTimer.singleShot(200, app.quit)
            return
        name, act, done = steps[i]
        state["t0"] = time.perf_counter()
        state["done"] = done
        state["name"] = name
        act()
        poll()

    def poll():
        try:
            ok = state["done"]()
        except Exception:  # noqa: BLE001 - not there yet
            ok = False
        now = time.perf_counter()
        if ok or now - state["t0"] > 900:
            t0 = state["t0"]
            g = [ms for t, ms, _c, _u in gaps if t >= t0]
            # the part of a gap the process had a CPU (the rest: the machine ran others)
            busy = [min(ms, c) for t, ms, c, _u in gaps if t >= t0]
            gui = [min(ms, u) for t, ms, _c, u in gaps if t >= t0]
            # the threads that worked in the longest gap (ms of CPU each)
            idx = [k for k, (t, _ms, _c, _u) in enumerate(gaps) if t >= t0]
            worst = max(idx, key=lambda k: gaps[k][1]) if idx else None
            who = {} if worst is None else {k: round(v, 1) for k, v in sorted(
                thread_cpu[worst].items(), key=lambda kv: -kv[1])[:4]}
            total: dict[str, float] = {}      # CPU of each thread over the whole step
            for k in idx:
                for name_, v in thread_cpu[k].items():
                    total[name_] = total.get(name_, 0.0) + v
            step_threads = {k: round(v) for k, v in sorted(total.items(),
                                                           key=lambda kv: -kv[1])[:5]}
            if worst is not None:        # full collections inside that gap
                end, ms = gaps[worst][0], gaps[worst][1]
                for t_, gms, tname in collections:
                    if end - ms / 1000.0 <= t_ <= end:
                        who[f"gc2@{tname}"] = round(who.get(f"gc2@{tname}", 0) + gms, 1)
            results.append({"step": state["name"], "seconds": round(now - t0, 3),
                            "max_gap_ms": round(max(g) if g else 0.0, 1),
                            "max_busy_gap_ms": round(max(busy) if busy else 0.0, 1),
                            "max_gui_cpu_in_gap_ms": round(max(gui) if gui else 0.0, 1),
                            "p99_gap_ms": round(float(np.percentile(g, 99)) if g else 0.0, 1),
                            "threads_in_longest_gap_ms": who,
                            "threads_in_step_ms": step_threads,
                            "ok": bool(ok)})
            state["i"] += 1
            QTimer.singleShot(300, run_step)
            return
        QTimer.singleShot(5, poll)

    QTimer.singleShot(100, run_step)
    app.exec()
    hb.stop()
    win = w()
    usable = win._usable_at if win else None
    if state.get("wizard"):
        state["wizard"].reject()
    if win is not None:
        win.close()
    workers.shutdown(60)
    report = {"database": args.db, "heartbeat_ms": args.interval,
              "usable_after_s": round(usable, 2) if usable else None,
              "open_to_usable_s": results[0]["seconds"] if results else None,
              "steps": results, "max_gap_ms": max(r["max_gap_ms"] for r in results),
              "max_busy_gap_ms": max(r["max_busy_gap_ms"] for r in results),
              "load_average": os.getloadavg(),
              "seconds": round(time.perf_counter() - t_start, 1)}
    if args.json:
        print(json.dumps(report))
    else:
        print(f"open to usable: {report['open_to_usable_s']} s "
              f"(window created to usable: {report['usable_after_s']} s)")
        for r in results:
            print(f"{r['step']:<62} {r['seconds']:>7.2f} s   longest stall "
                  f"{r['max_gap_ms']:>6.1f} ms (process on CPU {r['max_busy_gap_ms']:>6.1f}, GUI "
                  f"thread {r['max_gui_cpu_in_gap_ms']:>6.1f} ms)"
                  f"   p99 {r['p99_gap_ms']:>5.1f} ms" + ("" if r["ok"] else "   NOT DONE"))
            if args.threads and r["max_gap_ms"] > 50:
                print("      threads in it (CPU ms): " + ", ".join(
                    f"{k} {v}" for k, v in r["threads_in_longest_gap_ms"].items())
                    + "; in the step: " + ", ".join(
                        f"{k} {v}" for k, v in r["threads_in_step_ms"].items()))
        print(f"load average {report['load_average']}")
    bad = report["max_gap_ms"] > 100 or (report["open_to_usable_s"] or 99) > 3
    return 1 if bad else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
