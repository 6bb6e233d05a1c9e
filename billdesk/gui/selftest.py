"""``billdesk --self-test``: the whole app once, on a fresh profile, without a person.

Creates the demo database through the first-start launcher, opens the main window, creates a
bill run and executes it through the window's run controller (the child process the app
uses), finalizes it and exports one PDF through the app's export job, then prints one JSON line
and exits 0 — or prints what failed and exits 1. Used by CI on the frozen build.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

def _fresh_profile() -> Path:
    home = os.environ.get("BILLDESK_HOME")
    if not home:
        home = tempfile.mkdtemp(prefix="billdesk-selftest-")
        os.environ["BILLDESK_HOME"] = home
    os.environ.setdefault("BILLDESK_DEMO_ACCOUNTS", "120")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return Path(home)


def _export_first_bill(url: str, run_id: int, out: str, progress=None, cancelled=None):
    """On a worker: the run's first issued bill as PDF, through the app's export job."""
    from billdesk.domain.errors import InputError
    from billdesk.gui import jobs
    from billdesk.gui.engines import factory_for
    from billdesk.runs import list_bills

    bills = [b for b in list_bills(factory_for(url), run_id=run_id, with_lines=False)
             if b.number]
    if not bills:
        raise InputError("the finalized run has no issued bill")
    return jobs.export_pdfs(url, None, out, bill_ids=[bills[0].id], workers=1,
                            progress=progress, cancelled=cancelled)


def run_self_test(db: str | None = None, timeout_s: float = 600) -> int:
    home = _fresh_profile()
    from PySide6.QtCore import QObject, QSettings, QTimer

    from billdesk.domain.run import RunStatus
    from billdesk.gui import engines, jobs, workers
    from billdesk.gui.app import Launcher, make_application
    from billdesk.gui.wizard import preset_period
    from billdesk.store import db as dbmod

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qt"))
    app = make_application()
    url = dbmod.to_url(db or home / "billdesk.sqlite")
    t0 = time.monotonic()
    state = {"step": "database", "report": {"database": url, "home": str(home)}}

    def fail(message: str) -> None:
        state["report"].update(ok=False, failed_step=state["step"], error=message)
        finish(1)

    def finish(code: int) -> None:
        state["report"]["seconds"] = round(time.monotonic() - t0, 1)
        print(json.dumps(state["report"], default=str), flush=True)
        if launcher.window is not None:
            launcher.window.controller.cancel_all()
            launcher.window.close()
        app.exit(code)

    class Driver(QObject):
        def tick(self) -> None:
            if time.monotonic() - t0 > timeout_s:
                fail(f"timed out after {timeout_s:.0f} s")
                return
            w = launcher.window
            if state["step"] == "database" and w is not None:
                state["step"] = "window"
            if state["step"] == "window" and w.overview is not None and w.runs_page.loaded:
                state["report"]["accounts"] = w.overview.accounts
                state["step"] = "create"
                period = preset_period("month")
                state["report"]["period"] = str(period)
                workers.submit(jobs.create_run, url, period, "all", name="self-test",
                               on_success=created, on_failure=lambda m, e: fail(m))

    def created(info) -> None:
        state["step"] = "execute"
        state["report"]["run"] = info.id
        ctl = launcher.window.controller
        ctl.run_finished.connect(executed)
        ctl.failed.connect(lambda m, e: fail(m))
        if ctl.start(info.id) is None:
            fail("the run controller did not start the run")

    def executed(run_id, info) -> None:
        if info is None:
            return  # the failure was reported through controller.failed
        state["report"]["status"] = info.status
        state["report"]["counts"] = info.counts.as_dict()
        if info.status not in (RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_ERRORS):
            fail(f"run ended {info.status}")
            return
        state["step"] = "finalize"
        workers.submit(jobs.finalize_run, url, run_id, on_success=lambda r: finalized(run_id),
                       on_failure=lambda m, e: fail(m))

    def finalized(run_id) -> None:
        state["step"] = "export"
        workers.submit(_export_first_bill, url, run_id, str(home / "pdf"),
                       on_success=exported, on_failure=lambda m, e: fail(m))

    def exported(report) -> None:
        if not report.written or report.failed:
            fail(f"PDF export wrote {len(report.written)} file(s), failures: {report.failed}")
            return
        pdf = report.written[0]
        state["report"].update(ok=True, pdf=str(pdf), pdf_bytes=pdf.stat().st_size)
        state["step"] = "done"
        finish(0)

    from billdesk.gui.app import check_binding

    if not check_binding(quiet=True):
        state["report"].update(ok=False, failed_step="binding",
                               error="the Qt binding loses references (see docs/gui.md)")
        print(json.dumps(state["report"], default=str), flush=True)
        return 1
    launcher = Launcher(url)
    launcher.on_failed = lambda message, expected: fail(message)  # no dialog in a self-test
    driver = Driver()
    timer = QTimer()
    timer.timeout.connect(driver.tick)
    timer.start(100)
    launcher.start()
    code = app.exec()
    timer.stop()
    workers.shutdown(30.0)
    engines.dispose_all()
    return code


if __name__ == "__main__":
    sys.exit(run_self_test())
