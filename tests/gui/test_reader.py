"""The reader processes of the large lists (billdesk.gui.reader) and the piecewise transfer of
large results (billdesk.gui.shipping)."""

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from billdesk.domain.errors import InputError
from billdesk.gui import reader, shipping

pytestmark = pytest.mark.gui


@dataclass
class _Box:
    names: list
    keys: np.ndarray
    text: np.ndarray
    amounts: np.ndarray
    small: list


def _shipped(value):
    """``value`` through a pipe as a child sends it (sender on a thread: the pipe is small)."""
    ctx = multiprocessing.get_context("spawn")
    a, b = ctx.Pipe(duplex=False)
    t = threading.Thread(target=shipping.send_value, args=(b, value))
    t.start()
    tag, descs = a.recv()
    out = shipping.receive(a, descs)
    t.join()
    a.close()
    b.close()
    assert tag == "shipped"
    return out, descs


def test_shipping_rebuilds_large_parts_piece_by_piece_equal_to_the_original():
    n = 3 * shipping.PIECE + 17
    names = [f"Müller {i}" if i % 7 else None for i in range(n)]
    keys = np.array([f"A{i:06d}" for i in range(n)], dtype=object)
    text = np.array([f"row {i} " * (i % 5) for i in range(n)])          # unicode array
    amounts = np.arange(n * 40, dtype=np.float64).reshape(n, 40)       # > ARRAY_PIECE bytes
    box = _Box(names, keys, text, amounts, small=[1, "x", None])
    out, descs = _shipped((box, box.names, {"same": box.keys}))
    kinds = sorted(d[0] for d in descs)
    assert kinds == ["A", "A", "L", "O"]          # names, keys, text, amounts: out of the pickle
    got, names_again, d = out
    assert got.names == names and got.small == [1, "x", None]
    assert got.keys.dtype == object and got.keys.tolist() == keys.tolist()
    assert got.text.dtype == text.dtype and (got.text == text).all()
    assert got.amounts.shape == amounts.shape and (got.amounts == amounts).all()
    assert names_again is got.names and d["same"] is got.keys     # shared references kept


def test_shipping_small_values_go_in_one_piece():
    out, descs = _shipped({"a": [1, 2, 3], "b": np.zeros(3)})
    assert descs == [] and out["a"] == [1, 2, 3] and out["b"].tolist() == [0, 0, 0]


def _tables_equal(a, b):
    assert a.n == b.n and a.key == b.key
    assert set(a.columns) == set(b.columns)
    for name in a.columns:
        x, y = a.columns[name], b.columns[name]
        if isinstance(x, np.ndarray):
            assert isinstance(y, np.ndarray) and x.dtype == y.dtype, name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind in "fmM"), name
        else:
            assert list(x) == list(y), name
    assert (a.search == b.search).all()
    assert set(a.sort_keys) == set(b.sort_keys)
    for name in a.sort_keys:
        assert np.array_equal(a.sort_keys[name], b.sort_keys[name]), name


@pytest.fixture(scope="module")
def billed(_demo_template, tmp_path_factory):
    """A copy of the demo with one finalized run."""
    import shutil

    from billdesk.gui.wizard import preset_period
    from billdesk.runs import create_run, finalize_run, start_run
    from billdesk.store import db

    path = tmp_path_factory.mktemp("reader") / "billed.sqlite"
    shutil.copy(_demo_template, path)
    url = db.to_url(path)
    engine = db.make_engine(url)
    f = db.session_factory(engine)
    info = create_run(f, preset_period("month"), "all")
    start_run(f, info.id)
    finalize_run(f, info.id)
    engine.dispose()
    return url, info.id


def test_reads_in_the_reader_equal_the_reads_in_this_process(billed):
    from billdesk.gui import jobs, send_jobs

    url, run_id = billed
    _tables_equal(jobs.load_accounts(url), jobs.read_accounts(url))
    info, table = jobs.load_run(url, run_id)
    info2, table2 = jobs.read_run(url, run_id)
    assert info == info2 and table.n > 0
    _tables_equal(table, table2)
    assert table.currency == table2.currency
    cols, dtable = send_jobs.load_delivery_table(url, run_id)
    cols2, dtable2 = send_jobs.read_delivery_table(url, run_id)
    assert cols.number == cols2.number and np.array_equal(cols.total, cols2.total)
    _tables_equal(dtable, dtable2)
    from billdesk.gui.wizard import preset_period
    from billdesk.store.portfolio import target_options

    month = preset_period("month")
    choices, here = jobs.load_target_options(url, month), jobs.read_target_options(url, month)
    assert choices.options == here.options and choices.valid_accounts > 0
    assert choices.groups == here.groups and choices.communities == here.communities
    assert choices.picker.codes == here.picker.codes and choices.picker.codes
    assert choices.picker.texts == here.picker.texts
    assert np.array_equal(choices.picker.lower, here.picker.lower)
    with jobs.factory_for(url)() as s:                   # the picker holds every account
        full = target_options(s, month)
    assert choices.picker.codes == [a[0] for a in full.accounts]
    assert reader.pids() and os.getpid() not in reader.pids()


def test_the_small_reads_in_the_reader_equal_the_reads_in_this_process(billed):
    from billdesk.gui import jobs
    from billdesk.store.listings import BillQuery

    url, run_id = billed
    assert jobs.load_runs(url) == jobs.read_runs(url) and jobs.load_runs(url)
    assert jobs.load_overview(url) == jobs.read_overview(url)
    assert jobs.change_marks(url) == jobs.read_change_marks(url)
    q = BillQuery(run_id=run_id)
    assert jobs.bills_page(url, q, 0, 20) == jobs.read_bills_page(url, q, 0, 20)
    assert jobs.bills_first(url, q, 20) == jobs.read_bills_first(url, q, 20)
    assert jobs.load_run(url, run_id, attempts=False) == jobs.read_run(url, run_id, False)
    assert jobs.poll_runs(url, [run_id]) == jobs.read_poll_runs(url, [run_id])
    assert reader.pids() and os.getpid() not in reader.pids()


def test_the_overview_counts_equal_plain_counts(billed):
    """The status bar's figures (issued = all bills but those without a number; first and
    last month in two statements) equal the plain counts."""
    from billdesk.gui import jobs
    from billdesk.gui.engines import factory_for
    from billdesk.runs import list_bills
    from billdesk.store.models import IntervalChunk

    url, _run = billed
    ov = jobs.read_overview(url)
    bills = list_bills(factory_for(url), with_lines=False)
    assert ov.bills == len(bills) > 0
    assert ov.issued == sum(1 for b in bills if b.number) > 0
    with factory_for(url)() as s:
        months = sorted(m for (m,) in s.query(IntervalChunk.month))
    assert (ov.first_month, ov.last_month) == (months[0], months[-1])


def test_the_runs_list_of_the_app_is_the_full_list_without_error_codes(billed):
    """The Bill Runs page's list is ``list_runs`` without the counts by error code (it
    shows none; a run's detail reads them)."""
    from dataclasses import replace

    from billdesk.gui import jobs
    from billdesk.gui.engines import factory_for
    from billdesk.runs import get_run
    from billdesk.runs.queries import list_runs

    url, run_id = billed
    full = list_runs(factory_for(url))
    assert any(r.errors for r in full)
    assert jobs.read_runs(url) == [replace(r, errors={}) for r in full]
    assert get_run(factory_for(url), run_id, attempts=False).errors == \
        next(r.errors for r in full if r.id == run_id)


def test_the_window_s_first_reads_are_made_once_in_the_started_reader(billed, monkeypatch):
    """While the window's modules are imported the Launcher has the reader make the window's
    first reads (their pages then in the page cache on a cold start), in the reader that
    ``warm`` started — not in one more process; a failing one stops quietly."""
    from billdesk.gui import app

    reader.shutdown()
    reader.reopen()
    made = []
    real = reader.call
    monkeypatch.setattr(reader, "call", lambda path, *a, **kw: (made.append(
        (path, kw.get("small"))), real(path, *a, **kw))[1])
    starter = threading.Thread(target=reader.warm)
    starter.start()
    url, _run = billed
    app._warm_reads(url)
    starter.join(30)
    assert made == [(f"billdesk.gui.jobs:{n}", True) for n in app.WARM_READS]
    assert len(reader.pids()) == 1
    made.clear()
    app._warm_reads("sqlite:////nonexistent/folder/x.sqlite")        # no error raised
    assert len(made) == 1


def test_a_small_read_does_not_wait_for_large_ones():
    from billdesk.gui.reader import MAX_READERS

    reader.warm()
    busy = [threading.Thread(target=reader.call, args=("tests.gui.reader_helpers:slow", 8.0))
            for _ in range(MAX_READERS)]
    for t in busy:
        t.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    small = reader.call("tests.gui.reader_helpers:pid", small=True)
    assert time.monotonic() - t0 < 5.0            # a new reader at worst, not the 8 s read
    flag = threading.Event()
    flag.set()                                    # cancelled: a small read still answers
    assert reader.call("tests.gui.reader_helpers:pid", small=True, cancelled=flag.is_set) \
        == small
    for t in busy:
        t.join(30)


def test_the_reader_is_reused_and_reports_progress():
    first = reader.call("tests.gui.reader_helpers:pid")
    seen = []
    again = reader.call("tests.gui.reader_helpers:slow", 0.05,
                        progress=lambda *p: seen.append(p))
    assert first == again != os.getpid()
    assert seen == [(1, 2, "half")]


def test_errors_come_back_as_the_app_classifies_them(billed, tmp_path):
    from billdesk.gui import jobs

    url, _ = billed
    with pytest.raises(InputError):                   # an unknown run: the store's refusal
        jobs.load_run(url, 987654)
    with pytest.raises(reader.ReaderError, match="ZeroDivisionError: a bug in a read") as e:
        reader.call("tests.gui.reader_helpers:bug")
    assert "Traceback" in str(e.value)                # the child's traceback, for the log
    with pytest.raises(reader.ReaderError, match="not a billdesk read"):
        reader.call("os:system", "true")
    # the reader survives its errors
    assert reader.call("tests.gui.reader_helpers:pid") in reader.pids()


def test_a_killed_reader_is_a_clear_error_and_the_next_call_starts_a_new_one(billed):
    from billdesk.gui import jobs

    url, _ = billed
    with pytest.raises(reader.ReaderError, match=r"ended unexpectedly \(exit code 7\)"):
        reader.call("tests.gui.reader_helpers:die")
    old = reader.call("tests.gui.reader_helpers:pid")
    # killed from outside in the middle of a read
    result = {}

    def slow():
        try:
            reader.call("tests.gui.reader_helpers:slow", 30)
        except reader.ReaderError as exc:
            result["error"] = str(exc)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.5)
    os.kill(old, signal.SIGKILL)
    t.join(20)
    assert not t.is_alive()
    assert "the reader process ended unexpectedly" in result["error"]
    assert "try again" in result["error"]
    # killed while idle: the next call does not even notice
    pid = reader.call("tests.gui.reader_helpers:pid")
    assert pid != old
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.3)
    assert jobs.load_accounts(url).n > 0
    assert pid not in reader.pids()


def test_a_cancelled_read_ends_its_reader_at_once():
    flag = threading.Event()
    threading.Timer(0.3, flag.set).start()
    t0 = time.monotonic()
    with pytest.raises(InputError, match="cancelled"):
        reader.call("tests.gui.reader_helpers:slow", 30, cancelled=flag.is_set)
    assert time.monotonic() - t0 < 10
    assert reader.call("tests.gui.reader_helpers:pid") > 0


def test_two_reads_run_in_two_readers_at_once():
    out = []
    threads = [threading.Thread(target=lambda: out.append(
        reader.call("tests.gui.reader_helpers:slow", 1.0))) for _ in range(2)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(set(out)) == 2
    assert time.monotonic() - t0 < 1.9 + 3.0     # in parallel (a new reader takes ~1-3 s)


def test_the_accounts_page_loads_through_the_reader(qtbot, billed):
    from billdesk.gui.accounts_page import AccountsPage

    url, _ = billed
    page = AccountsPage(url)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.loading is None, timeout=30000)
    assert reader.pids()


def test_the_reader_reads_the_same_on_both_databases(db_url, factory):
    """SQLite and PostgreSQL: accounts and a run's attempts from the reader equal the reads in
    this process; after ``engines.dispose_all`` the reader holds no connection."""
    from billdesk.gui import engines, jobs
    from billdesk.gui.wizard import preset_period
    from billdesk.runs import create_run, start_run
    from billdesk.store.demo_writer import write_demo

    write_demo(factory, accounts=25, months=2)
    info = create_run(factory, preset_period("month"), "all")
    start_run(factory, info.id)
    _tables_equal(jobs.load_accounts(db_url), jobs.read_accounts(db_url))
    (i1, t1), (i2, t2) = jobs.load_run(db_url, info.id), jobs.read_run(db_url, info.id)
    assert i1 == i2 and t1.n == 25
    _tables_equal(t1, t2)
    engines.dispose_all()
    if not db_url.startswith("postgresql"):
        return
    factory.kw["bind"].dispose()            # the test's own connections
    from sqlalchemy import create_engine, text

    e = create_engine(db_url)
    with e.connect() as c:
        others = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()")).scalar()
    e.dispose()
    assert others == 0
