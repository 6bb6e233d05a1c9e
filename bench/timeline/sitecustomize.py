"""A bill run's timeline across its processes (issue 16, session 6; docs/performance.md).

Not part of billdesk: put this folder first on PYTHONPATH and set BILLDESK_TRACE_DIR to an
empty folder; every Python process started with that environment (the bench, the run's
spawned worker processes) then imports this file at start-up and appends one JSON line per
call of the steps below to ``<dir>/<pid>.jsonl``: pid, thread, step, start and end on the
system-wide monotonic clock (comparable between processes), the thread's CPU time. Timed:
imports of the run modules, begin/make_config/claims/billing/writing/finish, every
``BEGIN IMMEDIATE`` (waiting for SQLite's write lock) and every commit.

    BILLDESK_TRACE_DIR=/tmp/tl PYTHONPATH=bench/timeline:. .venv/bin/python \
        bench/bench_runs.py --accounts 100000 --keep DB --reuse --workers 2
    .venv/bin/python bench/timeline_report.py /tmp/tl

The same harness times any tree (the wrapped names exist in main since session 5).
"""
import json
import os
import sys
import threading
import time

_dir = os.environ.get("BILLDESK_TRACE_DIR")
if _dir:
    _T0 = time.monotonic()
    _f = open(os.path.join(_dir, f"{os.getpid()}.jsonl"), "a", buffering=1)
    _lk = threading.Lock()
    def rec(name, t0, t1, cpu=None, **kw):
        d = {"pid": os.getpid(), "th": threading.current_thread().name, "n": name,
             "t0": t0, "t1": t1}
        if cpu is not None:
            d["cpu"] = cpu
        d.update(kw)
        with _lk:
            _f.write(json.dumps(d) + "\n")
    rec("process_start", _T0, _T0, argv=sys.argv[:3])
    def wrap(mod, attr, name=None, obj=None):
        tgt = obj if obj is not None else mod
        fn = getattr(tgt, attr)
        if getattr(fn, "_traced", False):
            return
        nm = name or attr
        def w(*a, **k):
            t0 = time.monotonic(); c0 = time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                rec(nm, t0, time.monotonic(), time.thread_time() - c0)
        import functools
        functools.update_wrapper(w, fn)
        w._traced = True
        setattr(tgt, attr, w)

    import importlib.abc, importlib.machinery
    PATCH = {
        "billdesk.runs.workers": lambda m: (wrap(m, "claim_batch"), wrap(m, "bill_accounts"),
                                            wrap(m._Writer, "_write", "write_txn"),
                                            wrap(m._Writer, "wait", "writer_wait"),
                                            wrap(m, "work")),
        "billdesk.runs.billing": lambda m: wrap(m, "make_config"),
        "billdesk.runs.processes": lambda m: (wrap(m, "make_config"), wrap(m, "worker_main"),
                                              wrap(m, "run_processes")),
        "billdesk.runs.execute": lambda m: (wrap(m, "make_config"), wrap(m, "begin"),
                                            wrap(m, "finish"), wrap(m, "_counts"),
                                            wrap(m, "start_run")),
        "billdesk.runs.writer": lambda m: wrap(m, "write_batch"),
        "billdesk.runs.lease": lambda m: (wrap(m, "register"), wrap(m, "stopped")),
        "billdesk.store.models": lambda m: rec("models_imported", time.monotonic(), time.monotonic()),
        "billdesk.store.intervals": lambda m: wrap(m, "read_block"),
    }
    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname not in PATCH:
                return None
            for f in sys.meta_path:
                if f is self: continue
                spec = f.find_spec(fullname, path, target) if hasattr(f, "find_spec") else None
                if spec is not None:
                    break
            else:
                return None
            loader = spec.loader
            orig = loader.exec_module
            def exec_module(module, orig=orig, fullname=fullname):
                t0 = time.monotonic()
                orig(module)
                rec("import:" + fullname, t0, time.monotonic())
                PATCH[fullname](module)
            loader.exec_module = exec_module
            return spec
    sys.meta_path.insert(0, Finder())

    # time BEGIN IMMEDIATE (the write lock) and commits
    def _sa_patch():
        from sqlalchemy.engine import base
        ed = base.Connection.exec_driver_sql
        def exec_driver_sql(self, statement, *a, **k):
            if statement.startswith("BEGIN IMMEDIATE"):
                t0 = time.monotonic()
                try:
                    return ed(self, statement, *a, **k)
                finally:
                    rec("begin_immediate", t0, time.monotonic())
            return ed(self, statement, *a, **k)
        base.Connection.exec_driver_sql = exec_driver_sql
        ci = base.Connection._commit_impl
        def _commit_impl(self):
            t0 = time.monotonic()
            try:
                return ci(self)
            finally:
                rec("commit", t0, time.monotonic())
        base.Connection._commit_impl = _commit_impl
    class SAFinder(importlib.abc.MetaPathFinder):
        done = False
        def find_spec(self, fullname, path, target=None):
            if fullname == "billdesk.store.db" and not SAFinder.done:
                SAFinder.done = True
                _sa_patch()
            return None
    sys.meta_path.insert(0, SAFinder())
