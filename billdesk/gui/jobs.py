"""The app's background jobs: plain functions ``fn(url, ..., progress, cancelled) -> value``.

No Qt here: each job opens its own Session from the app's engine for its URL
(billdesk.gui.engines; sessions are not shared) and returns plain values (dataclasses, numpy
column tables — never ORM objects). ``workers.submit`` runs them off the GUI thread; tests
call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
# the Communities page's jobs live in billdesk.gui.community_jobs; named here as before
from billdesk.gui.community_jobs import (CommunityResult, load_communities,  # noqa: F401
                                         load_community, write_community_statement)
from billdesk.gui.engines import factory_for
from billdesk.store import db as dbmod


# --------------------------------------------------------------------------- reads
@dataclass(frozen=True)
class Overview:
    """What the main window needs at once: counts for the status bar, the utility's zone
    and currency (cheap: a few COUNTs, no list)."""

    accounts: int
    runs: int
    bills: int
    issued: int
    timezone: str
    currency: str
    first_month: date | None
    last_month: date | None


def load_overview(url, progress=None, cancelled=None) -> Overview:
    """``read_overview`` (the status bar's counts) in a reader process, as a small read."""
    return _small_read("read_overview", url)


def _small_read(name: str, *args):
    """``jobs.<name>(*args)`` in a reader process as a small read (billdesk.gui.reader): its
    Python (SQLAlchemy, the rows) does not hold this process's lock while the window works."""
    from billdesk.gui import reader

    return reader.call(f"billdesk.gui.jobs:{name}", *args, small=True)


def read_overview(url, progress=None, cancelled=None) -> Overview:
    from sqlalchemy import func, select

    from billdesk.store import settings
    from billdesk.store.models import Account, Bill, BillRun, IntervalChunk, Tariff

    with factory_for(url)() as s:
        def count(stmt):
            return int(s.scalar(stmt) or 0)

        # min and max in two statements: SQLite answers a lone min() or max() from the end
        # of the month index (a few pages), but both in one statement scan the whole index —
        # on 100,000 accounts tens of MB spread over the file, seconds on a cold start
        first = s.scalar(select(func.min(IntervalChunk.month)))
        last = s.scalar(select(func.max(IntervalChunk.month)))
        currencies = s.execute(select(Tariff.currency, func.count()).group_by(Tariff.currency)
                               .order_by(func.count().desc())).first()
        # the issued ones: all but those without a number (a search of the few NULLs at the
        # start of the number index, not a scan of all of it: thousands of pages spread over
        # the file on a cold start); in one statement, so of one snapshot on every database
        bills, unnumbered = s.execute(select(
            select(func.count()).select_from(Bill).scalar_subquery(),
            select(func.count()).select_from(Bill).where(Bill.number.is_(None))
            .scalar_subquery())).one()
        return Overview(count(select(func.count()).select_from(Account)),
                        count(select(func.count()).select_from(BillRun)),
                        bills, bills - unnumbered,
                        settings.timezone_name(s), currencies[0] if currencies else "CHF",
                        first, last)


def read_accounts(url, progress=None, cancelled=None):
    """Every account as a column table (streamed; sort ranks and search text built here).
    Runs in a reader process (``load_accounts``); tests call it in-process too."""
    from billdesk.gui.tables import accounts_table
    from billdesk.store.listings import account_columns

    with factory_for(url)() as s:
        cols = account_columns(s)
    return accounts_table(cols)


def load_accounts(url, progress=None, cancelled=None):
    """``read_accounts`` in a reader process (billdesk.gui.reader): its seconds of Python
    work do not hold this process's interpreter lock."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.jobs:read_accounts", url, progress=progress,
                       cancelled=cancelled)


def load_runs(url, progress=None, cancelled=None):
    """``read_runs`` (the Bill Runs list) in a reader process, as a small read."""
    return _small_read("read_runs", url)


def read_runs(url, progress=None, cancelled=None):
    from billdesk.runs import list_runs

    # the Bill Runs page shows no error codes (a run's detail reads its own): without them
    # the list reads the index of attempts by status only — on a cold start of 100,000
    # accounts 33 MB instead of 411 MB of disk reads
    return list_runs(factory_for(url), errors=False)


def read_run(url, run_id: int, attempts: bool = True, progress=None, cancelled=None):
    """(RunInfo without attempts but with its workers, the attempts' ColumnTable or None)."""
    from dataclasses import replace

    from billdesk.gui.tables import attempts_table
    from billdesk.runs import get_run
    from billdesk.runs.queries import run_workers
    from billdesk.store.listings import attempt_columns

    info = get_run(factory_for(url), run_id, attempts=False)
    table = None
    with factory_for(url)() as s:
        info = replace(info, workers=run_workers(s, run_id))
        if attempts:
            table = attempts_table(attempt_columns(s, run_id))
    return info, table


def load_run(url, run_id: int, attempts: bool = True, progress=None, cancelled=None):
    """``read_run`` in a reader process; without the attempts (a few rows: the run detail's
    poll) as a small read."""
    if not attempts:
        return _small_read("read_run", url, run_id, False)
    from billdesk.gui import reader

    return reader.call("billdesk.gui.jobs:read_run", url, run_id, progress=progress,
                       cancelled=cancelled)


def bills_first(url, query, size: int, keep=(), progress=None, cancelled=None):
    """``read_bills_first`` in a reader process, as a small read."""
    return _small_read("read_bills_first", url, query, size, tuple(keep))


def bills_page(url, query, offset: int, limit: int, progress=None, cancelled=None):
    """``read_bills_page`` in a reader process, as a small read."""
    return _small_read("read_bills_page", url, query, offset, limit)


def read_bills_first(url, query, size: int, keep=(), progress=None, cancelled=None):
    """A Bills query's first answer: (count, {page: rows}, {kept bill id: row}, count
    without the search and filters).

    Besides the first page, the page holding each bill in ``keep`` (the selection) is read,
    so the table can move the selection to where those bills are now."""
    from billdesk.store.listings import bill_count, bill_page, bill_position

    from billdesk.store.listings import BillQuery

    with factory_for(url)() as s:
        total = bill_count(s, query)
        base = BillQuery(run_id=query.run_id, account=query.account)
        all_total = total if base == BillQuery(**{**query.__dict__, "sort": base.sort,
                                                  "descending": base.descending}) \
            else bill_count(s, base)
        pages = {0: bill_page(s, query, 0, size)} if total else {}
        positions = {}
        for bid in list(keep)[:50]:
            row = bill_position(s, query, bid)
            if row is None:
                continue
            positions[bid] = row
            page = row // size
            if page not in pages:
                pages[page] = bill_page(s, query, page * size, size)
    return total, pages, positions, all_total


def read_bills_page(url, query, offset: int, limit: int, progress=None, cancelled=None):
    from billdesk.store.listings import bill_page

    with factory_for(url)() as s:
        return bill_page(s, query, offset, limit)


@dataclass(frozen=True)
class RunProgress:
    """What a progress poll needs: cheap to read every second."""

    id: int
    status: str
    counts: dict[str, int]          # total, pending, succeeded, failed, skipped
    errors: dict[str, int]
    total_amount: object            # Decimal | None
    message: str | None
    workers: tuple = ()             # WorkerInfo of every process that worked on it


def poll_runs(url, run_ids, progress=None, cancelled=None):
    """``read_poll_runs`` in a reader process, as a small read."""
    return _small_read("read_poll_runs", url, list(run_ids))


def read_poll_runs(url, run_ids, progress=None, cancelled=None):
    """Cheap progress of some runs (every second while one is running): the run row and
    the counts the run services compute (``runs.queries.run_counts``)."""
    from billdesk.runs.queries import load_run, run_counts, run_workers

    out = []
    with factory_for(url)() as s:
        for i in run_ids:
            run = load_run(s, i)
            counts, errors = run_counts(s, i)
            out.append(RunProgress(i, run.status, counts.as_dict(), errors, run.total_amount,
                                   run.message, run_workers(s, i)))
    return out


def load_bill(url, bill_id: int, progress=None, cancelled=None):
    """A bill with what its dialog shows around it (customer, links, where its PDF is)."""
    from billdesk.runs import get_bill
    from billdesk.store.documents import bill_context

    bill = get_bill(factory_for(url), bill_id)
    with factory_for(url)() as s:
        return bill, bill_context(s, bill.id)


def load_account(url, code: str, progress=None, cancelled=None):
    from billdesk.store.portfolio import account_detail

    with factory_for(url)() as s:
        return account_detail(s, code)


def load_intervals(url, point_id: int, start: date, end: date, progress=None, cancelled=None):
    from billdesk.store.portfolio import interval_series

    with factory_for(url)() as s:
        return interval_series(s, point_id, start, end)


def load_tariffs(url, progress=None, cancelled=None):
    """``read_tariffs`` in a reader process (the Tariffs page's versions and price points
    held the app's interpreter lock ~70 ms on a thread while the GUI switched pages)."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.jobs:read_tariffs", url, progress=progress,
                       cancelled=cancelled)


def read_tariffs(url, progress=None, cancelled=None):
    """(tariffs with all versions, index price series, their latest points)."""
    from billdesk.store.portfolio import price_points, price_series, tariff_infos

    with factory_for(url)() as s:
        series = price_series(s)
        points = {p.code: price_points(s, p.code, limit=24 * 92) for p in series}
        return tariff_infos(s), series, points


def read_target_options(url, period: Period, progress=None, cancelled=None):
    """The wizard's target choices; ``picker``: the accounts list prepared for the picker
    (the accounts only as the picker's columns: 100,000 row tuples are not sent back)."""
    from dataclasses import replace

    from billdesk.gui.account_picker_rows import PickerRows
    from billdesk.store.portfolio import target_options

    with factory_for(url)() as s:
        opts = target_options(s, period)
    return TargetChoices(replace(opts, accounts=()), PickerRows.build(opts.accounts))


def load_target_options(url, period: Period, progress=None, cancelled=None):
    """``read_target_options`` in a reader process: reading and folding 100,000 accounts on a
    thread of the app held the interpreter lock 75 ms at a time while the wizard opened
    (bench/bench_gui_large.py, the quality check step)."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.jobs:read_target_options", url, period,
                       progress=progress, cancelled=cancelled)


@dataclass(frozen=True)
class TargetChoices:
    options: object          # store.portfolio.TargetOptions
    picker: object           # account_picker_rows.PickerRows

    def __getattr__(self, name):          # reads like the TargetOptions it wraps
        if name.startswith("__") or name in ("options", "picker"):   # unpickling: not yet set
            raise AttributeError(name)
        return getattr(self.options, name)


def load_data_months(url, progress=None, cancelled=None):
    """(first, last month with interval data): one indexed MIN/MAX, read here — in a reader
    it would gain nothing and could wait behind a large read."""
    from billdesk.store.portfolio import data_months

    with factory_for(url)() as s:
        return tuple(data_months(s))


# --------------------------------------------------------------------------- run services
from billdesk.gui.run_jobs import (  # noqa: E402,F401
    cancel_bill, cancel_run, create_run, delete_template, finalize_preview, finalize_run,
    latest_export, list_templates, overlapping_runs, quality_check, quality_check_in_process,
    rerun_failed, run_report,
    save_template, start_run, start_run_in_process)


def queue_run(url, run_id: int, progress=None, cancelled=None):
    """Start the run for 'billdesk worker' processes (on any machine) and return."""
    from billdesk.runs import queue_run as queue

    return queue(factory_for(url), run_id)


# --------------------------------------------------------------------------- imports
@dataclass
class ImportOutcome:
    kind: str
    file: str
    rows: int
    changed: int
    validate_only: bool
    details: dict


def import_file(url, kind: str, path: str, validate_only: bool = False, progress=None,
                cancelled=None) -> ImportOutcome:
    """One importer in one transaction; ``validate_only`` reads and checks, then rolls back."""
    from billdesk.store.importers import IMPORTERS

    factory = factory_for(url)
    with dbmod.write_session(factory) as s:   # SQLite: BEGIN IMMEDIATE at the first query
        s.begin()
        try:
            result = IMPORTERS[kind](s, path, progress=progress, cancelled=cancelled)
            if cancelled and cancelled():
                raise InputError("import cancelled; nothing was written", file=path)
        except BaseException:
            s.rollback()
            raise
        if validate_only:
            s.rollback()
        else:
            s.commit()
    d = result.as_dict() if hasattr(result, "as_dict") else {}
    return ImportOutcome(kind, str(path), getattr(result, "rows", 0),
                         getattr(result, "changed", 0), validate_only, d)


def import_readings_paths(url, paths: list[str], fmt: str | None = None,
                          validate_only: bool = False, progress=None, cancelled=None):
    """Meter data from files and folders in any format; an ``ImportReport`` (plain
    dataclasses). One transaction for the files that pass (docs/formats.md)."""
    from billdesk.store.meterdata import import_paths

    return import_paths(factory_for(url), paths, fmt=fmt, progress=progress,
                        cancelled=cancelled, validate_only=validate_only)


# --------------------------------------------------------------------------- settings
def test_connection(url: str, password: str | None = None, progress=None, cancelled=None):
    """Connect once and describe the database; the password only lives in memory here."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    u = make_url(dbmod.to_url(url))
    if password:
        u = u.set(password=password)
    kwargs = {"connect_args": {"connect_timeout": 5}} if u.get_backend_name() == "postgresql" \
        else {}
    engine = dbmod.make_engine(u.render_as_string(hide_password=False), **kwargs)
    try:
        with engine.connect() as c:
            c.execute(text("SELECT 1"))
            rev = dbmod.current_revision(engine)
        return {"database": dbmod.describe(engine), "revision": rev}
    finally:
        engine.dispose()


def load_company(url, progress=None, cancelled=None) -> dict:
    from billdesk.store import settings

    with factory_for(url)() as s:
        return dict(settings.get(s, "company", {}) or {})


def save_company(url, company: dict, progress=None, cancelled=None) -> dict:
    from billdesk.store import settings

    with dbmod.transaction(factory_for(url)) as s:
        settings.put(s, "company", company)
    return company


# --------------------------------------------------------------------------- pdf export
def export_pdfs(url, run_id: int | None, out_dir: str | None, bill_ids=None, workers=None,
                resume: int | None = None, progress=None, cancelled=None):
    """Export a run's (or some bills') issued invoices as PDF files: the same service as
    ``billdesk export pdf`` (billdesk.runs.export), rendering on worker processes, recorded
    as an export job (``resume``: continue an interrupted one)."""
    from billdesk.runs.export import export_pdfs as _export

    return _export(factory_for(url), Path(out_dir) if out_dir else None, run_id=run_id,
                   bill_refs=[str(b) for b in bill_ids] if bill_ids else None,
                   workers=workers, progress=progress, cancelled=cancelled, resume=resume)


def incomplete_exports(url, progress=None, cancelled=None):
    from billdesk.runs.export_jobs import incomplete_exports as incomplete

    with factory_for(url)() as s:
        return incomplete(s)


# --------------------------------------------------------------------------- change feed
def change_marks(url, audit_since=None, progress=None, cancelled=None) -> dict:
    """``read_change_marks`` (the change feed's poll) in a reader process, as a small read."""
    return _small_read("read_change_marks", url, audit_since)


def read_change_marks(url, audit_since=None, progress=None, cancelled=None) -> dict:
    from billdesk.store.changes import change_marks as marks

    with factory_for(url)() as s:
        return marks(s, audit_since)

