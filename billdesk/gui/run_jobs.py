"""The app's run services as jobs (no Qt): ``fn(url, ..., progress, cancelled) -> value``,
each the service the command line calls (billdesk.runs), on the app's engine for ``url``."""

from __future__ import annotations

from billdesk.gui.engines import factory_for


def quality_check(url, period, target, thresholds, progress=None, cancelled=None):
    """(QualityReport, its ColumnTable) — the table is built here, off the GUI thread."""
    from billdesk.gui.tables import quality_table
    from billdesk.runs import quality_check as qc

    report = qc(factory_for(url), period, target, thresholds, progress=progress,
                cancelled=cancelled)
    return report, quality_table(report)


def quality_check_in_process(url, period, target, thresholds, progress=None, cancelled=None):
    """The wizard's way: in a child process (see gui.quality_process)."""
    from billdesk.gui.quality_process import quality_check_in_process as check

    return check(url, period, target, thresholds, progress=progress, cancelled=cancelled)


def create_run(url, period, target, progress=None, cancelled=None, **options):
    from billdesk.runs import create_run as create

    return create(factory_for(url), period, target, **options)


def start_run(url, run_id: int, progress=None, cancelled=None):
    from billdesk.runs import start_run as start

    return start(factory_for(url), run_id, progress=progress, cancelled=cancelled)


def start_run_in_process(url, run_id: int, progress=None, cancelled=None):
    """The app's way: the run executes in a child process (see gui.run_process)."""
    from billdesk.gui.run_process import start_run_in_process as run

    return run(url, run_id, progress=progress, cancelled=cancelled)


def cancel_run(url, run_id: int, progress=None, cancelled=None):
    from billdesk.runs import cancel_run as cancel

    return cancel(factory_for(url), run_id)


def rerun_failed(url, run_id: int, progress=None, cancelled=None, **options):
    """``options``: thresholds, max_factor, name (the rerun may accept other thresholds)."""
    from billdesk.runs import rerun_failed as rerun

    return rerun(factory_for(url), run_id, **options)


def finalize_run(url, run_id: int, progress=None, cancelled=None):
    from billdesk.runs import finalize_run as finalize

    return finalize(factory_for(url), run_id)



def cancel_bill(url, bill_id: int, reason: str | None = None, progress=None, cancelled=None):
    from billdesk.runs.cancel_bill import cancel_bill as cancel

    return cancel(factory_for(url), bill_id, reason)


def finalize_preview(url, run_id: int, progress=None, cancelled=None):
    from billdesk.runs.preview import finalize_preview as preview

    return preview(factory_for(url), run_id)


def overlapping_runs(url, period, target, progress=None, cancelled=None):
    from billdesk.runs.preview import overlapping_runs as overlaps

    return overlaps(factory_for(url), period, target)


def list_templates(url, progress=None, cancelled=None):
    from billdesk.runs.templates import list_templates as templates

    return templates(factory_for(url))


def save_template(url, template, progress=None, cancelled=None):
    from billdesk.runs.templates import save_template as save

    return save(factory_for(url), template)


def delete_template(url, name: str, progress=None, cancelled=None):
    from billdesk.runs.templates import delete_template as delete

    return delete(factory_for(url), name)


def run_report(url, run_id: int, out: str, progress=None, cancelled=None):
    from billdesk.runs.report import write_report

    return write_report(factory_for(url), run_id, out)


def latest_export(url, run_id: int, progress=None, cancelled=None):
    from billdesk.runs.export_jobs import latest_export as latest

    with factory_for(url)() as s:
        return latest(s, run_id)
