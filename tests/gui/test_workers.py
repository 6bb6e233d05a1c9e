"""The worker infrastructure (issue 14, point 1): how results cross threads, who owns what,
shutdown — and the stress test of the two crashes under ``python -X faulthandler``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from billdesk.gui import workers

pytestmark = pytest.mark.gui
HERE = Path(__file__).parent


def test_the_binding_keeps_its_references(qapp):
    """The root cause of ``none_dealloc``: a binding that drops references to None/True on
    void calls and emit() (PySide6 6.12.0 on Python 3.11). The pinned one must not."""
    from billdesk.gui.qtcheck import refcount_defect

    assert refcount_defect() is None
    from PySide6.QtCore import QObject, QTimer, Signal

    class S(QObject):
        pinged = Signal(object)

    s, t = S(), QTimer()
    keep = []
    n0, t0 = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        keep.append(s.pinged.emit(None))
        keep.append(t.start(1000))
        keep.append(t.stop())
    keep.clear()
    assert abs(sys.getrefcount(None) - n0) < 50
    assert abs(sys.getrefcount(True) - t0) < 50


def test_results_of_every_kind_reach_the_gui_thread(qtbot):
    got = []
    gui = threading.current_thread()

    def job(v, progress=None, cancelled=None):
        assert threading.current_thread() is not gui
        return v

    values = [None, True, False, 0, "", {"a": None}, [None], (1, None)]
    for v in values:
        workers.submit(job, v, on_success=lambda r: got.append((threading.current_thread(), r)))
    qtbot.waitUntil(lambda: len(got) == len(values), timeout=5000)
    assert all(t is gui for t, _ in got)
    assert sorted(map(repr, (r for _, r in got))) == sorted(map(repr, values))


def test_failures_progress_and_order_of_callbacks(qtbot):
    from billdesk.domain.errors import InputError

    events = []

    def job(progress=None, cancelled=None):
        for i in range(1000):                    # chatty: coalesced, never flooding
            progress(i, 1000, "x")
        raise InputError("bad file", file="a.csv", line=3)

    j = workers.submit(job, on_success=lambda r: events.append("success"),
                       on_failure=lambda m, e: events.append(("failure", m, e)),
                       on_progress=lambda d, t, m: events.append("progress"),
                       on_finished=lambda: events.append("finished"))
    qtbot.waitUntil(lambda: "finished" in events, timeout=5000)
    assert events[-2] == ("failure", "a.csv, line 3: bad file", True)
    assert events[-1] == "finished"
    assert 1 <= events.count("progress") < 100
    assert isinstance(j.error, InputError) and j.delivered
    assert j.fn is None and j.args is None         # let go of everything once delivered


def test_a_bug_is_reported_not_expected(qtbot, caplog):
    failed = []

    def job(progress=None, cancelled=None):
        raise KeyError("oops")

    workers.submit(job, on_failure=lambda m, e: failed.append((m, e)))
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert failed == [("KeyError: 'oops'", False)]
    assert "background job job failed" in caplog.text


def test_callbacks_of_a_closed_widget_are_dropped(qtbot):
    from PySide6.QtWidgets import QLabel

    release = threading.Event()
    label = QLabel()
    calls = []

    def job(progress=None, cancelled=None):
        release.wait(5)
        return "late"

    j = workers.submit(job, owner=label, on_success=lambda r: (calls.append(r),
                                                               label.setText(r)))
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: j.delivered, timeout=5000)
    assert calls == []                 # never called into a deleted widget


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_long_jobs_never_hold_the_short_pool(qtbot):
    """Four long jobs blocking: a short read still answers at once (issue 14, point 6)."""
    stop = threading.Event()

    def long_job(progress=None, cancelled=None):
        while not stop.is_set() and not cancelled():
            time.sleep(0.01)

    longs = [workers.submit(long_job, long=True, name="long") for _ in range(workers.SHORT_THREADS)]
    t = time.monotonic()
    got = []
    workers.submit(lambda progress=None, cancelled=None: 42, on_success=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=3000)
    assert got == [42] and time.monotonic() - t < 2.0
    assert len(workers.active(long=True)) == workers.SHORT_THREADS
    names = {th.name for th in threading.enumerate()}
    assert any(n.startswith("billdesk-long") for n in names)
    workers.cancel_all(long=True)
    assert workers.wait_all(5.0)
    assert all(not j.running for j in longs)


def test_abandoned_jobs_finish_without_calling_back(qtbot):
    release = threading.Event()
    calls = []
    js = [workers.submit(lambda progress=None, cancelled=None: release.wait(5),
                         on_success=calls.append, on_finished=lambda: calls.append("f"))
          for _ in range(6)]
    workers.abandon_all()
    release.set()
    assert workers.wait_all(10.0)
    assert calls == [] and all(j.delivered and j.cancelled() for j in js)


def test_jobs_are_submitted_from_the_gui_thread_only(qapp):
    errors = []

    def other():
        try:
            workers.submit(lambda progress=None, cancelled=None: 1)
        except RuntimeError as exc:
            errors.append(str(exc))

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert errors and "GUI thread" in errors[0]


@pytest.mark.slow
def test_stress_many_jobs_pages_and_quitting_under_faulthandler(demo_db, tmp_path):
    """The two crashes, the same thing thousands of times, in a process of its own under
    ``python -X faulthandler``: no fatal error, every job delivered, the refcounts of None
    and True never lower than they started, the export stopped by File > Quit."""
    db = demo_db.removeprefix("sqlite:///")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BILLDESK_HOME=str(tmp_path / "home"),
               PYTHONFAULTHANDLER="1", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    out = subprocess.run([sys.executable, "-X", "faulthandler", str(HERE / "stress_app.py"),
                          db, str(tmp_path / "pdf")], env=env, capture_output=True, text=True,
                         timeout=600, cwd=str(HERE.parent.parent))
    assert "Fatal Python error" not in out.stderr, out.stderr[-4000:]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    line = next(x for x in out.stdout.splitlines() if x.startswith("ok "))
    stats = json.loads(line[3:])
    assert stats["short"] + stats["failed"] == 4000    # every short job delivered, once
    assert stats["failed"] >= 4000 // 7           # the jobs that raise, reported as failures
    assert stats["pages"] >= 300 and stats["creates"] == 40 and stats["shutdown"]
    # the defect lowers them by one per call (thousands here); widgets created and closed
    # leave a few references held on the C++ side, which only raises them
    assert stats["none_delta"] > -500 and stats["true_delta"] > -500, stats


def test_live_notifications_reach_the_gui_thread_as_a_wake_up(qtbot):
    """A PostgreSQL notification arrives on the listener's thread; only an argument-less
    wake-up crosses to the GUI thread, where ``run_changed`` is emitted (many events, one
    wake-up each burst, none lost, in order)."""
    import threading
    from types import SimpleNamespace

    from billdesk.gui.live import LiveRuns

    live = LiveRuns("sqlite:///:memory:")
    got, threads = [], []

    def changed(run, status):
        got.append((run, status))
        threads.append(threading.current_thread() is threading.main_thread())

    live.run_changed.connect(changed)
    reconnects = []
    live.reconnected.connect(lambda: reconnects.append(1))

    def listener():
        for i in range(500):
            live._event(SimpleNamespace(run=i, status="running"))
        live._event(SimpleNamespace(run=None, status=None))

    t = threading.Thread(target=listener)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(got) == 500 and bool(reconnects), timeout=5000)
    assert got == [(i, "running") for i in range(500)] and all(threads)
    live.stop()
