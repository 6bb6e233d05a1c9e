"""Audit packages in the app: File ▸ Open Audit Package (a window on the package, read-only),
Audit ▸ Check Package / Verify Hash Chain / Export Audit Package, and what a read-only window
hides (billdesk.store.db.is_writable is the one predicate).

A package opens in a window of its own beside the clerk's database; every action that would
write is hidden there (new run, import, settings, start/cancel/rerun/finalize, send, print,
bounces) and the title and status bar say that it is an audit package.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
                               QPlainTextEdit, QProgressDialog, QVBoxLayout)

from billdesk.gui import workers
from billdesk.gui.common import show_error
from billdesk.gui.engines import engine_for, factory_for
from billdesk.gui.run_actions import READ_ONLY_ACTIONS
from billdesk.store import db as dbmod

# the main window's texts: this module builds its Audit menu (lupdate reads the context)
translate = QCoreApplication.translate

_windows: list = []          # package windows opened from this process (kept alive)


# ------------------------------------------------------------------ jobs (worker threads)
def prepare_package(path: str, progress=None, cancelled=None) -> str:
    """The file to open for a package (itself, or a migrated copy of an older one)."""
    from billdesk.audit.package import prepared_package

    return str(prepared_package(path))


def package_summary(url: str, progress=None, cancelled=None) -> dict | None:
    from billdesk.audit.package import package_info

    return package_info(factory_for(url))


def check_package(path: str, progress=None, cancelled=None):
    from billdesk.audit.check import check_package as _check

    return _check(path, progress=progress, cancelled=cancelled)


def verify_chain(url: str, progress=None, cancelled=None):
    from billdesk.audit.verify import verify

    return verify(factory_for(url), progress=progress, cancelled=cancelled)


def export_package(url: str, run_id: int, out: str, progress=None, cancelled=None):
    from billdesk.audit.package import export_package as _export

    return _export(factory_for(url), run_id, out, progress=progress, cancelled=cancelled)


# ------------------------------------------------------------------ the window's hooks
def is_read_only(url: str) -> bool:
    """Whether the window's database is an audit package (no database I/O: the engine
    checks the file's 100-byte header when it is made)."""
    return not dbmod.is_writable(engine_for(url))


def install(window) -> None:
    """Add File ▸ Open Audit Package and the Audit menu to the main window; make the window
    read-only when its database is a package."""
    menu = window.menuBar().actions()[0].menu()          # File
    open_action = QAction(translate("MainWindow", "Open &Audit Package…"), window)
    open_action.setObjectName("openAuditPackage")
    open_action.triggered.connect(lambda: open_dialog(window))
    first = menu.actions()[1] if len(menu.actions()) > 1 else None
    menu.insertAction(first, open_action)
    window.open_package_action = open_action
    audit_menu = window.menuBar().addMenu(translate("MainWindow", "&Audit"))
    window.audit_menu = audit_menu
    verify_action = QAction(translate("MainWindow", "&Verify Hash Chain"), window)
    verify_action.triggered.connect(lambda: run_verify(window))
    audit_menu.addAction(verify_action)
    window.verify_action = verify_action
    if is_read_only(window.url):
        check = QAction(translate("MainWindow", "&Check Package (re-compute every bill)"), window)
        check.setObjectName("checkAuditPackage")
        check.triggered.connect(lambda: run_check(window))
        audit_menu.addAction(check)
        window.check_action = check
        apply_read_only(window)
    else:
        export = QAction(translate("MainWindow", "&Export Audit Package of the Run…"), window)
        export.triggered.connect(lambda: choose_export(window))
        audit_menu.addAction(export)
        window.export_package_action = export


def apply_read_only(window) -> None:
    """Hide everything that writes (the package opens read-only)."""
    window.controller.writable = False
    # the run actions follow controller.writable (runs_page.actions_for, RunActions.do);
    # the rest that writes is hidden (the app's policy is per process, and the window that
    # opened the package stays writable)
    hide = [window.new_run_action, getattr(window.runs_page, "new_button", None),
            window.import_menu.menuAction(), window.settings_action]
    menu = getattr(window, "run_menu_actions", {})        # Run menu: only what reads stays
    hide += [a for key, a in menu.items() if key not in READ_ONLY_ACTIONS]
    for w in hide:
        if w is not None:
            w.setVisible(False)
    # the run detail and the Import page are built when first shown (MainWindow._LazyPage)
    window.when_built("run_detail", _read_only_run_detail)
    window.when_built("import_page", lambda page: page.setEnabled(False))
    window.nav.item(window.page_row("import_page")).setHidden(True)
    path = dbmod.package_path(engine_for(window.url)) or window.url
    window.setWindowTitle(translate("MainWindow", "billdesk — audit package (read-only)"))
    window.db_label.setText(
        translate("MainWindow", "Audit package (read-only): {p}").format(p=path))
    workers.submit(package_summary, window.url, on_success=lambda info: _describe(window, info))


def _read_only_run_detail(page) -> None:
    page.send_button.setVisible(False)
    panel = getattr(page, "delivery", None)
    for name in ("send_button", "resend_button", "print_button", "bounce_button"):
        w = getattr(panel, name, None)
        if w is not None:
            w.setVisible(False)


def _describe(window, info: dict | None) -> None:
    if info:
        window.statusBar().showMessage(translate(
            "MainWindow",
            "Audit package of run {r}: {n} documents, made {at} by {by} from {src}").format(
            r=info["run_id"], n=info["documents"], at=info["created_at"][:19],
            by=info["created_by"], src=info["source"]))


# ------------------------------------------------------------------ actions
def open_dialog(window) -> None:
    path, _ = QFileDialog.getOpenFileName(
        window, translate("MainWindow", "Open Audit Package"), "",
        translate("MainWindow", "Audit packages (*.bdaudit);;All files (*)"))
    if path:
        open_package(window, path)


def open_package(window, path: str):
    """Open ``path`` in a read-only window of its own (the package is checked, and an
    older one migrated into a copy, on a worker). The new window is of the opening window's
    class (the main window), so this module needs no import of it."""

    def opened(prepared: str):
        url = dbmod.to_url(prepared)
        w = type(window)(url)
        w.show()
        _windows.append(w)
        w.closed.connect(lambda: _windows.remove(w) if w in _windows else None)
        window.package_window = w

    return workers.submit(prepare_package, path, on_success=opened,
                          on_failure=lambda m, e: show_error(window, m, e))


def _with_progress(window, title: str, fn, *args, on_success):
    """Run ``fn(*args)`` as a long job with a progress dialog that can cancel it."""
    d = QProgressDialog(title, translate("MainWindow", "Cancel"), 0, 0, window)
    d.setWindowTitle("billdesk")
    d.setMinimumDuration(300)
    d.setAutoClose(False)
    d.setAutoReset(False)

    def progressed(done, total, message):
        d.setMaximum(max(total, 0))
        d.setValue(min(done, total) if total else 0)
        d.setLabelText(f"{title}\n{message}")

    job = workers.submit(fn, *args, long=True, owner=window, on_success=on_success,
                         on_failure=lambda m, e: show_error(window, m, e),
                         on_progress=progressed, on_finished=d.close)
    d.canceled.connect(job.cancel)
    return job, d


def show_report(window, title: str, text: str, ok: bool) -> QDialog:
    d = QDialog(window)
    d.setWindowTitle(title)
    d.resize(760, 360)
    lay = QVBoxLayout(d)
    head = QLabel(translate("MainWindow", "Everything holds.") if ok
                  else translate("MainWindow", "Problems found:"))
    head.setObjectName("reportVerdict")
    lay.addWidget(head)
    body = QPlainTextEdit(text)
    body.setReadOnly(True)
    body.setObjectName("reportText")
    lay.addWidget(body, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(d.reject)
    lay.addWidget(buttons)
    d.show()
    window.last_report = d
    return d


def run_check(window):
    path = dbmod.package_path(engine_for(window.url))
    job, window.check_dialog = _with_progress(
        window, translate("MainWindow", "Re-computing every bill of the package…"),
        check_package, path,
        on_success=lambda rep: show_report(window, translate("MainWindow", "Check package"),
                                           rep.text(), rep.ok))
    window.check_worker = job
    return job


def run_verify(window):
    job, window.verify_dialog = _with_progress(
        window, translate("MainWindow", "Verifying the hash chain…"), verify_chain, window.url,
        on_success=lambda rep: show_report(window, translate("MainWindow", "Verify hash chain"),
                                           rep.text(), rep.ok))
    window.verify_worker = job
    return job


def choose_export(window) -> None:
    run_id = window.current_run_id()
    if run_id is None:
        window.statusBar().showMessage(
            translate("MainWindow", "Select a finalized bill run first."), 4000)
        return
    path, _ = QFileDialog.getSaveFileName(window, translate("MainWindow", "Export Audit Package"),
                                          f"run-{run_id}.bdaudit",
                                          translate("MainWindow", "Audit packages (*.bdaudit)"))
    if path:
        export_to(window, run_id, path)


def export_to(window, run_id: int, path: str):
    job, window.export_package_dialog = _with_progress(
        window, translate("MainWindow", "Writing the audit package…"), export_package,
        window.url, run_id, path, on_success=lambda rep: QMessageBox.information(
            window, translate("MainWindow", "Audit package"), rep.text()))
    window.export_package_worker = job
    return job
